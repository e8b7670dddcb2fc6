"""Why an uploaded badge image was not accepted."""

from collections.abc import Sequence

from credentials.errors import CredentialsError


class BadgeRefused(CredentialsError):
    """The image cannot be stored as it is; `reasons` names every problem found, in order."""

    def __init__(self, reasons: Sequence[str]) -> None:
        self.reasons = tuple(reasons)
        super().__init__("; ".join(self.reasons))
