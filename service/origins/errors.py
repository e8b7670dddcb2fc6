"""Why a move of the public base URL is refused, as data (every problem at once)."""

from __future__ import annotations

from collections.abc import Sequence

from service.errors import Invalid, Problem


class MoveRefused(Invalid):
    """The move cannot be recorded; each problem names the option (``to``, ``from``) and why."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(
            "the public base URL cannot be moved: "
            + "; ".join(f"{p.field}: {p.message}" for p in problems),
            problems=problems,
        )
