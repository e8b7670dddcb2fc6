"""What can go wrong with accounts, coverage and measures, as data (meanings: service/errors.py)."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from service.errors import Conflict, Invalid, NotFound, Problem, TooLarge


class AccountNotFound(NotFound):
    def __init__(self, account: UUID | str) -> None:
        super().__init__(f"no account {account}", extra={"account": str(account)})
        self.account = str(account)


class MembershipNotFound(NotFound):
    def __init__(self, learner_id: str) -> None:
        super().__init__(
            f"learner {learner_id!r} belongs to no account", extra={"learnerId": learner_id}
        )
        self.learner_id = learner_id


class MembershipRaced(Conflict):
    """Another request changed the learner's membership at the same moment; retry."""

    def __init__(self, learner_id: str) -> None:
        super().__init__(
            f"the membership of {learner_id!r} changed concurrently; try again",
            extra={"learnerId": learner_id},
        )
        self.learner_id = learner_id


class ExternalIdTaken(Conflict):
    def __init__(self, external_id: str) -> None:
        super().__init__(
            f"another account has the external id {external_id!r}",
            extra={"externalId": external_id},
        )
        self.external_id = external_id


class AccountInputRejected(Invalid):
    """An account, membership or expectation breaks a rule; ``problems`` names each."""

    def __init__(self, what: str, problems: Sequence[Problem]) -> None:
        super().__init__(f"the {what} is not valid", problems=problems)


class AccountUploadRejected(Invalid):
    """A CSV upload with any bad line: nothing was changed, every problem is listed."""

    def __init__(self, what: str, problems: Sequence[Problem]) -> None:
        super().__init__(
            f"the {what} file was rejected whole ({len(problems)} problem(s)); nothing changed",
            problems=problems,
        )


class MeasuresRangeRejected(Invalid):
    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("the measures query is not valid", problems=problems)


class ProgramNotFound(NotFound):
    def __init__(self, certification_id: UUID) -> None:
        super().__init__(
            f"no certification {certification_id}",
            extra={"certificationId": str(certification_id)},
        )
        self.certification_id = certification_id


class AccountUploadTooLarge(TooLarge):
    """An account or membership CSV over the byte or line limit; refused before it is read."""

    def __init__(self, what: str, limit: int, unit: str) -> None:
        super().__init__(
            f"the {what} file has more than {limit} {unit}",
            extra={"file": what, "limit": limit, "unit": unit},
        )
        self.what = what
        self.limit = limit
