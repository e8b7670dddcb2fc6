"""Why a request is refused before any area reads it: its shape, size or upload, by meaning.

The request screen and the upload reader raise these; each names the field at fault, and the
table in `service.errors` gives their statuses (400 for what cannot be read, 422 for what
breaks a rule).
"""

from __future__ import annotations

from collections.abc import Sequence

from service.errors import Invalid, Malformed, Problem
from service.wire import MAX_JSON_DEPTH


class JsonTooDeep(Malformed):
    """JSON nested deeper than decoders may safely recurse; refused before it is decoded."""

    def __init__(self, field: str) -> None:
        super().__init__(
            f"the JSON nests deeper than {MAX_JSON_DEPTH} levels",
            problems=[Problem(f"nested more than {MAX_JSON_DEPTH} levels deep", field=field)],
            extra={"maxDepth": MAX_JSON_DEPTH},
        )
        self.field = field


class BodyNotJson(Malformed):
    """The body of a JSON endpoint does not decode as JSON."""

    def __init__(self, reason: str) -> None:
        super().__init__("the body is not valid JSON", problems=[Problem(reason, field="body")])


class ParametersRejected(Invalid):
    """Path or query values outside their limits, every one named."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("the path or query holds a value that is not accepted", problems=problems)


class BodyRejected(Invalid):
    """A JSON body that breaks the endpoint's schema or a text rule, every problem named."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("the body does not match what this endpoint accepts", problems=problems)


class FileMissing(Invalid):
    """A multipart upload with no ``file`` field; ``reason`` tells the caller what to send."""

    def __init__(self, detail: str, reason: str, field: str) -> None:
        super().__init__(detail, problems=[Problem(reason, field)])
        self.field = field


class FilesMissing(Invalid):
    """A multipart upload that lacks required files, or a body that is no multipart form."""

    def __init__(self, detail: str, problems: Sequence[Problem]) -> None:
        super().__init__(detail, problems=problems)
