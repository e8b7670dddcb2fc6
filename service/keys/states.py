"""An issuer key signs while ``active``; once ``retired`` it only verifies what it signed."""

from __future__ import annotations

from enum import StrEnum


class KeyState(StrEnum):
    ACTIVE = "active"
    RETIRED = "retired"
