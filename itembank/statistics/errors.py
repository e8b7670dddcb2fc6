"""Exceptions of the statistics package: precise types that carry their data."""

from __future__ import annotations


class InvalidResponsesError(ValueError):
    """The response data cannot be analysed; ``problems`` lists every problem, not the first."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("invalid response data: " + "; ".join(self.problems))


class InvalidSettingsError(ValueError):
    """A statistics setting is out of its range; ``problems`` lists every one."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("invalid statistics settings: " + "; ".join(self.problems))
