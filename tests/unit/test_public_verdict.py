"""The verdict follows the report alone: "Valid" only when every step passed, never by default."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from credentials.presentation import StatusStamp, isolate, strip_bidi_controls
from service.credentials.verifying import ServiceReport
from service.public.stamps import stamp_for
from service.public.verdict import Context, Verdict, classify, explain

STEPS = ("format", "schema", "proof", "issuer_key", "validity_period", "status", "record")
GOOD = {
    "format": "JSON-LD with an embedded proof",
    "validity_period": "valid from 2026-01-01T00:00:00Z until 2027-01-01T00:00:00Z",
}


def report(reported: str | None, **failed: str) -> ServiceReport:
    steps = [
        {
            "name": name,
            "ok": name not in failed,
            "detail": failed.get(name, GOOD.get(name, "fine")),
            "required": True,
        }
        for name in STEPS
    ]
    ok = not failed
    return ServiceReport(ok, reported, {"ok": ok, "format": "ldp", "steps": steps})


@pytest.mark.parametrize(
    ("status", "failed", "expected"),
    [
        ("active", {}, Verdict.VERIFIED),
        ("revoked", {"status": "the issuer revoked the credential on x"}, Verdict.REVOKED),
        ("suspended", {"status": "the credential is suspended"}, Verdict.SUSPENDED),
        ("expired", {"validity_period": "expired on 2026-02-01T00:00:00Z"}, Verdict.EXPIRED),
        ("superseded", {"record": "superseded: renewed on x as version 2"}, Verdict.SUPERSEDED),
        # Not in our records (e.g. read back after a base-URL change): no status to report.
        (None, {"record": "this issuer has no record of the credential"}, Verdict.NOT_VERIFIED),
        (None, {"validity_period": "expired on 2026-02-01T00:00:00Z"}, Verdict.EXPIRED),
        (None, {"validity_period": "not valid until 2030-01-01T00:00:00Z"}, Verdict.PENDING),
        # A status list that cannot be read is not "active".
        ("active", {"status": "status list x is unavailable"}, Verdict.NOT_VERIFIED),
        # A broken signature beats any status.
        ("revoked", {"proof": "signature mismatch", "status": "revoked"}, Verdict.NOT_VERIFIED),
        ("active", {"issuer_key": "unknown key"}, Verdict.NOT_VERIFIED),
    ],
)
def test_classify(status: str | None, failed: dict[str, str], expected: Verdict) -> None:
    assert classify(report(status, **failed)) is expected


def test_a_failing_report_never_reads_valid_whatever_the_status_says() -> None:
    for name in STEPS:
        explained = explain(report("active", **{name: "something failed"}), Context())
        assert explained.chip != "Valid" and not explained.trusted, name
        assert stamp_for(explained) is not None


def test_sentences_name_people_and_dates_and_never_say_holds() -> None:
    changed = datetime(2026, 3, 7, 12, tzinfo=UTC)
    context = Context(
        holder="Ada",
        issuer="Accredo",
        issuer_email="c@a.example",
        valid_until=datetime(2027, 1, 1, tzinfo=UTC),
        status_reason="Fraud",
        status_changed_at=changed,
    )
    verified = explain(report("active"), context)
    assert verified.headline_text == (
        "Verified: issued by \u2068Accredo\u2069 to \u2068Ada\u2069, valid until 1 January 2027."
    )
    revoked = explain(report("revoked", status="revoked"), context)
    assert revoked.headline_text.startswith("Revoked: \u2068Accredo\u2069 revoked this")
    assert "7 March 2026" in revoked.headline_text and revoked.reason == "Fraud"
    assert "c@a.example" in revoked.advice
    assert stamp_for(revoked) == StatusStamp(kind="revoked", on=date(2026, 3, 7))
    for status in ("revoked", "suspended", "expired", "superseded"):
        failed = {"status": status} if status in ("revoked", "suspended") else {"record": "x"}
        explained = explain(report(status, **failed), context)
        words = explained.headline_text + explained.advice
        assert "holds" not in words, status
        assert all(step.title for step in explained.steps)


def test_bidi_controls_are_stripped_and_the_name_isolated() -> None:
    spoof = "Eve \u202egnp.exe\u2069\u202b\u200f\u061c x"
    assert strip_bidi_controls(spoof) == "Eve gnp.exe x"
    assert isolate(spoof) == "\u2068Eve gnp.exe x\u2069"
    assert isolate("\u05e9\u05dc\u05d5\u05dd") == "\u2068\u05e9\u05dc\u05d5\u05dd\u2069"


def test_stamp_lines() -> None:
    assert StatusStamp(kind="expired", on=date(2027, 1, 2)).line == (
        "EXPIRED on 2 January 2027 · not valid"
    )
    assert StatusStamp(kind="not_verified").line == "NOT VERIFIED · do not rely on it"
    with pytest.raises(ValueError, match="unknown stamp"):
        StatusStamp(kind="fine")  # type: ignore[arg-type]
