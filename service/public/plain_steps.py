"""Each verification step as a title and a sentence a hiring manager understands.

The verifier's own sentence stays available as ``detail`` (shown as technical detail), and
the plain sentence is chosen by step name, outcome, and the kind of failure, so a change of
wording in the verifier never turns a failure into reassuring text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from credentials.presentation import long_date
from service.credentials.verifying import ServiceReport

TITLES = {
    "format": "It is a credential",
    "schema": "It follows the Open Badges 3.0 standard",
    "proof": "It has not been altered",
    "issuer_key": "It was signed by the issuer",
    "validity_period": "It is within its valid dates",
    "status": "The issuer has not revoked or suspended it",
    "record": "It is the issuer's current version",
}


@dataclass(frozen=True)
class PlainStep:
    name: str
    ok: bool
    required: bool
    title: str
    explanation: str
    detail: str


def _day(moment: datetime | None) -> str:
    return long_date(moment.date()) if moment is not None else "an unrecorded date"


def _format(ok: bool, detail: str) -> str:
    if ok:
        kind = "a signed JSON-LD document" if "JSON-LD" in detail else "a signed JSON Web Token"
        return f"This is an Open Badges 3.0 credential ({kind})."
    return "This is not a credential that can be read, so nothing else could be checked."


def _validity(
    ok: bool, detail: str, valid_from: datetime | None, valid_until: datetime | None
) -> str:
    if ok:
        until = f" until {_day(valid_until)}" if valid_until else ", with no expiry date"
        return f"It is valid from {_day(valid_from)}{until}."
    if "expired" in detail:
        return f"It expired on {_day(valid_until)}."
    if "not valid until" in detail:
        return f"It only becomes valid on {_day(valid_from)}."
    return "Its dates cannot be read."


def _status(ok: bool, detail: str, reported: str | None, changed_at: datetime | None) -> str:
    if ok:
        return "The issuer's published status list does not mark it revoked or suspended."
    for state in ("revoked", "suspended"):
        if reported == state or state in detail:
            when = f" on {_day(changed_at)}" if reported == state else ""
            return f"The issuer {state} it{when}."
    return "The issuer's status list could not be checked, so its status is unknown."


def _record(ok: bool, detail: str, superseded_at: datetime | None) -> str:
    if ok:
        return "The issuer's records hold this exact version."
    if "superseded" in detail:
        when = f" on {_day(superseded_at)}" if superseded_at else ""
        return f"A renewal replaced this version{when}."
    return "The issuer has no record of this credential."


FIXED = {
    ("schema", True): "Every field the standard requires is present and well formed.",
    ("schema", False): "Some fields the standard requires are missing or malformed.",
    ("proof", True): "The issuer's digital signature matches the content: nothing was "
    "changed after it was issued.",
    ("proof", False): "The digital signature does not match: the content was changed after "
    "it was issued, or the issuer never signed it.",
    ("issuer_key", True): "The signature was made with a key the issuer publishes.",
    ("issuer_key", False): "The signature was not made with a key this issuer publishes for it.",
}


def plain_steps(
    report: ServiceReport,
    valid_from: datetime | None,
    valid_until: datetime | None,
    status_changed_at: datetime | None,
    superseded_at: datetime | None,
) -> tuple[PlainStep, ...]:
    steps: list[PlainStep] = []
    for step in report.report.get("steps", []):
        name, ok, detail = str(step["name"]), bool(step["ok"]), str(step["detail"])
        if name == "format":
            text = _format(ok, detail)
        elif name == "validity_period":
            text = _validity(ok, detail, valid_from, valid_until)
        elif name == "status":
            text = _status(ok, detail, report.status, status_changed_at)
        elif name == "record":
            text = _record(ok, detail, superseded_at)
        elif detail.startswith("not checked"):
            text = "Not checked, because the file could not be read."
        else:
            text = FIXED.get((name, ok), "Passed." if ok else "This check failed.")
        title = TITLES.get(name, name.replace("_", " ").capitalize())
        steps.append(PlainStep(name, ok, bool(step.get("required", True)), title, text, detail))
    return tuple(steps)
