"""Why a statistics request found nothing, named by meaning with the reference it was given."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from itembank import Problem as CoreProblem
from service.errors import Invalid, NotFound, Problem


class ExamNotFound(NotFound):
    def __init__(self, exam_ref: UUID | str) -> None:
        super().__init__(f"no exam {exam_ref}", extra={"exam": str(exam_ref)})
        self.exam_ref = exam_ref


class RevisionNotPresented(NotFound):
    """No finished attempt of the exam was shown this item revision, so it has no statistics."""

    def __init__(self, revision_id: UUID) -> None:
        super().__init__(
            f"item revision {revision_id} was not presented in any finished attempt of this exam",
            extra={"revisionId": str(revision_id)},
        )
        self.revision_id = revision_id


MAX_PROBLEMS = 1000
"""A key that matches nothing makes every response line a problem; past this many the rest
are counted, not listed, so the answer stays readable and bounded."""


class ResponseFilesRejected(Invalid):
    """Uploaded response/key/groups files with every problem found in them (file, line, field)."""

    def __init__(self, problems: Sequence[CoreProblem]) -> None:
        listed = [
            Problem(message=p.reason, field=p.field, item=p.item, line=p.line, file=p.file)
            for p in problems[:MAX_PROBLEMS]
        ]
        if len(problems) > MAX_PROBLEMS:
            listed.append(Problem(f"and {len(problems) - MAX_PROBLEMS} more problems like these"))
        super().__init__(f"{len(problems)} problem(s) in the uploaded files", problems=listed)


class AnalysisCutRejected(Invalid):
    """The cut sent with a response file is not a fraction strictly between 0 and 1."""

    def __init__(self, field: str, sent: str) -> None:
        super().__init__(
            "the cut is not a fraction",
            problems=[Problem("must be a number strictly between 0 and 1", field)],
            extra={"sent": sent[:100]},
        )
        self.field = field
