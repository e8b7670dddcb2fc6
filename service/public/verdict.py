"""One plain-language verdict from a verification report, for people who are not engineers.

The verdict is derived only from the report (``ServiceReport``: every step, and the status
our records give), never assumed: the chip says "Valid" only when every required step
passed. When the report cannot name a status (the credential is not in our records, or an
integrity check failed), the verdict is "Not verified", not a guess.

Precedence, most fundamental first: a broken file or signature ("Not verified") beats any
status; then revoked / suspended / superseded / expired as our records state them; then
what the validity step found.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from credentials.presentation import isolate, long_date
from service.credentials.verifying import ServiceReport
from service.public.plain_steps import PlainStep, plain_steps

INTEGRITY_STEPS = ("format", "schema", "proof", "issuer_key")


class Verdict(StrEnum):
    VERIFIED = "verified"
    REVOKED = "revoked"
    SUSPENDED = "suspended"
    EXPIRED = "expired"
    SUPERSEDED = "superseded"
    PENDING = "pending"
    NOT_VERIFIED = "not_verified"


CHIPS: dict[Verdict, tuple[str, str]] = {
    Verdict.VERIFIED: ("Valid", "status-valid"),
    Verdict.REVOKED: ("Revoked", "status-revoked"),
    Verdict.SUSPENDED: ("Suspended", "status-suspended"),
    Verdict.EXPIRED: ("Expired", "status-expired"),
    Verdict.SUPERSEDED: ("Superseded by a renewal", "status-superseded"),
    Verdict.PENDING: ("Not yet valid", "status-pending"),
    Verdict.NOT_VERIFIED: ("Not verified", "status-failed"),
}


@dataclass(frozen=True)
class Context:
    """What the sentences may name; every field is optional (a dropped file may lack them)."""

    holder: str | None = None
    achievement: str | None = None
    issuer: str | None = None
    issuer_email: str | None = None
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    status_reason: str | None = None
    status_changed_at: datetime | None = None
    superseded_at: datetime | None = None
    version: int | None = None
    current_url: str | None = None


@dataclass(frozen=True)
class Segment:
    """A piece of a sentence; ``name`` pieces are untrusted names, isolated for bidi text."""

    text: str
    name: bool = False


@dataclass(frozen=True)
class PlainVerdict:
    verdict: Verdict
    chip: str
    chip_class: str
    headline: tuple[Segment, ...]
    reason: str | None
    advice: str
    current_url: str | None
    steps: tuple[PlainStep, ...]
    when: datetime | None
    """The date the verdict turns on (revoked on, expired on ...), for stamps."""

    @property
    def trusted(self) -> bool:
        return self.verdict is Verdict.VERIFIED

    @property
    def headline_text(self) -> str:
        """The headline as one string, names isolated (for meta tags and titles)."""
        return "".join(isolate(s.text) if s.name else s.text for s in self.headline)

    @property
    def failed_steps(self) -> int:
        return sum(1 for step in self.steps if step.required and not step.ok)


def _steps_by_name(report: ServiceReport) -> dict[str, dict[str, Any]]:
    return {step["name"]: step for step in report.report.get("steps", [])}


def classify(report: ServiceReport) -> Verdict:
    if report.ok:
        return Verdict.VERIFIED
    steps = _steps_by_name(report)
    if any(not steps[name]["ok"] for name in INTEGRITY_STEPS if name in steps):
        return Verdict.NOT_VERIFIED
    if report.status in {v.value for v in Verdict}:
        stated = Verdict(report.status)
        if stated is not Verdict.VERIFIED:
            return stated
    validity = steps.get("validity_period")
    if validity is not None and not validity["ok"]:
        detail = str(validity["detail"])
        if "expired" in detail:
            return Verdict.EXPIRED
        if "not valid until" in detail:
            return Verdict.PENDING
    return Verdict.NOT_VERIFIED


def _day(moment: datetime | None) -> str:
    return long_date(moment.date()) if moment is not None else "an unrecorded date"


def _contact(context: Context) -> str:
    issuer = context.issuer or "the issuer"
    return (
        f"contact {issuer} at {context.issuer_email}"
        if context.issuer_email
        else (f"contact {issuer}")
    )


def _issued_by_to(context: Context) -> tuple[Segment, ...]:
    parts: list[Segment] = []
    if context.issuer:
        parts += [Segment("issued by "), Segment(context.issuer, name=True)]
    if context.holder:
        parts += [Segment(" to " if parts else "issued to "), Segment(context.holder, name=True)]
    return tuple(parts)


def explain(report: ServiceReport, context: Context) -> PlainVerdict:
    verdict = classify(report)
    chip, chip_class = CHIPS[verdict]
    steps = plain_steps(
        report,
        context.valid_from,
        context.valid_until,
        context.status_changed_at,
        context.superseded_at,
    )
    reason: str | None = None
    current_url: str | None = None
    when: datetime | None = None
    contact = _contact(context)
    if verdict is Verdict.VERIFIED:
        until = (
            f", valid until {_day(context.valid_until)}."
            if context.valid_until
            else ", with no expiry date."
        )
        headline = (Segment("Verified: "), *_issued_by_to(context), Segment(until))
        advice = "You can check it again at any time at this address."
    elif verdict in (Verdict.REVOKED, Verdict.SUSPENDED):
        when = context.status_changed_at
        action = verdict.value
        headline = (
            Segment(f"{chip}: "),
            Segment(context.issuer or "the issuer", name=bool(context.issuer)),
            Segment(f" {action} this credential on {_day(when)}. It is not valid."),
        )
        reason = context.status_reason
        advice = (
            f"Do not rely on this credential. For more information, {contact}."
            if verdict is Verdict.REVOKED
            else "Do not rely on this credential while it is suspended. The issuer may "
            f"reinstate it, so check this page again later, or {contact}."
        )
    elif verdict is Verdict.EXPIRED:
        when = context.valid_until
        who = _issued_by_to(context)
        headline = (
            Segment("Expired: this credential"),
            *((Segment(", "), *who, Segment(",")) if who else ()),
            Segment(f" was valid until {_day(when)}. It is not valid today."),
        )
        advice = (
            "Ask the holder whether they have renewed it (a renewal shows as valid at the "
            f"same address), or {contact}."
        )
    elif verdict is Verdict.SUPERSEDED:
        when = context.superseded_at
        version = f"version {context.version}" if context.version else "this version"
        headline = (
            Segment(f"Superseded: {version} of this credential was replaced by a renewal"),
            Segment(f" on {_day(when)}." if when else "."),
        )
        current_url = context.current_url
        advice = "Look at the current version: it shows whether the credential is valid today."
    elif verdict is Verdict.PENDING:
        when = context.valid_from
        headline = (Segment(f"Not yet valid: this credential becomes valid on {_day(when)}."),)
        advice = f"Check again on or after {_day(when)}."
    else:
        failed = next((step for step in steps if step.required and not step.ok), None)
        problem = failed.explanation if failed else "the checks below did not pass."
        headline = (Segment("Not verified: "), Segment(problem[:1].lower() + problem[1:]))
        # Names in a file that failed its checks are claims, so the advice names nobody.
        advice = (
            "Do not rely on this credential. Ask the holder for the link to it on the "
            "issuer's own site, and check it there."
        )
    return PlainVerdict(
        verdict, chip, chip_class, headline, reason, advice, current_url, steps, when
    )
