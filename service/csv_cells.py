"""The one way a CSV export writes a value: empty for none, six significant digits for floats.

Spreadsheets read every export the same way (statistics, response-file reports, coverage and
program measures), so a rounding or an empty cell means the same thing in each.
"""

from __future__ import annotations


def cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)
