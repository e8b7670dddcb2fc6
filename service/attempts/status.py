"""The life of an attempt, as stored: in progress, then scored (submitted) or expired (timed out).

A `StrEnum` so the stored strings stay exactly what they were ("in_progress", "scored",
"expired") and compare equal to them; the model column is typed by it, so code reads members.
"""

from __future__ import annotations

from enum import StrEnum


class AttemptStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    SCORED = "scored"
    EXPIRED = "expired"


FINISHED = (AttemptStatus.SCORED, AttemptStatus.EXPIRED)
