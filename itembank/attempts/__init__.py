"""The rules of a running attempt: its deadline and grace, and which answers can be saved.

Import from here; `timing` holds the clock arithmetic (the caller passes the time) and
`answers` the check of one answer against its item.
"""

from __future__ import annotations

from itembank.attempts.answers import answer_problems
from itembank.attempts.timing import attempt_deadline, closing_time, is_overdue

__all__ = ["answer_problems", "attempt_deadline", "closing_time", "is_overdue"]
