"""Sit the demo exam through the HTTP API, as a learner's client would, to reach a credential.

A newcomer has no other way to pass the demo exam without reading the sample bank's keys:
this reads them for them (the demo bank is the sample file shipped in ``itembank.samples``)
and answers every delivered item by matching its stem. Nothing here touches the database:
start, answers, submit and the credential all go through the running server's API, so the
quick start exercises exactly what a real client does.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from itembank import Item
from itembank.importing import BankFormat, parse_bank_file
from service.demo.loader import DEMO_CERTIFICATION, DEMO_EXAM, sample_bank_bytes


class DemoSitError(Exception):
    """The sitting could not be completed; the message says why and what to do."""


@dataclass(frozen=True)
class SitOutcome:
    passed: bool | None
    """None when the start was refused."""
    percent: float | None
    credential_url: str | None
    retake_from: str | None
    refusal: str | None
    weak_domains: tuple[str, ...] = ()


def sample_keys() -> dict[str, Item]:
    """The sample bank's items by their stem, as the server stores and delivers it."""
    bank = parse_bank_file(sample_bank_bytes(), BankFormat.YAML)
    return {item.content.stem: item for item in bank.items}


def choose(item: Item, *, fail: bool) -> list[str]:
    keys = list(item.content.keys)
    if not fail:
        return keys
    wrong = [option.id for option in item.content.options if option.id not in keys]
    return wrong[:1]


def sit_demo(
    client: httpx.Client,
    *,
    fail: bool,
    wait_seconds: float = 30.0,
    sleep: Callable[[float], None] = time.sleep,
) -> SitOutcome:
    """Start, answer and submit the demo exam with `client` (base URL and learner token set)."""
    exam_id = _demo_exam_id(client)
    started = client.post(f"/exams/{exam_id}/attempts")
    if started.status_code == 409:
        problem = started.json()
        return SitOutcome(
            passed=None,
            percent=None,
            credential_url=None,
            retake_from=problem.get("earliestStart"),
            refusal=problem.get("detail"),
        )
    attempt = _ok(started, "start the attempt")
    keys = sample_keys()
    for delivered in attempt["items"]:
        item = keys.get(delivered["stem"])
        if item is None:
            raise DemoSitError(
                f"item {delivered['position']} is not from the sample bank; the demo bank on "
                "this server was changed, so this command cannot answer it"
            )
        _ok(
            client.put(
                f"/attempts/{attempt['id']}/answers/{delivered['position']}",
                json={"chosen": choose(item, fail=fail)},
            ),
            f"save answer {delivered['position']}",
        )
    result = _ok(client.post(f"/attempts/{attempt['id']}/submit"), "submit")["result"]
    plan = result.get("studyPlan") or {}
    outcome = SitOutcome(
        passed=bool(result["passed"]),
        percent=float(result["percent"]),
        credential_url=None,
        retake_from=(plan.get("retake") or {}).get("earliest"),
        refusal=None,
        weak_domains=tuple(d.get("title") or d["domain"] for d in plan.get("domains", [])),
    )
    if not outcome.passed:
        return outcome
    url = _await_credential(client, attempt["id"], wait_seconds, sleep)
    return SitOutcome(
        passed=True,
        percent=outcome.percent,
        credential_url=url,
        retake_from=outcome.retake_from,
        refusal=None,
    )


def _demo_exam_id(client: httpx.Client) -> str:
    exams = _ok(client.get("/exams", params={"limit": 500}), "list the exams")["items"]
    for exam in exams:
        if exam["name"] == DEMO_EXAM:
            return str(exam["id"])
    raise DemoSitError(
        f"the demo exam {DEMO_EXAM!r} is not on this server; load it with `accredo demo load`"
    )


def _await_credential(
    client: httpx.Client, attempt_id: str, wait_seconds: float, sleep: Callable[[float], None]
) -> str:
    """The credential is issued by a background worker about a second after the pass."""
    deadline = time.monotonic() + wait_seconds
    while True:
        credentials = _ok(client.get("/me/credentials"), "list my credentials")["items"]
        for credential in credentials:
            if (
                credential["certification"] == DEMO_CERTIFICATION
                and credential["status"] == "active"
            ):
                return str(credential["url"])
        if time.monotonic() > deadline:
            raise DemoSitError(
                f"passed (attempt {attempt_id}), but no credential was issued within "
                f"{wait_seconds:.0f} s; an admin can see why at GET /admin/issuance-failures"
            )
        sleep(0.5)


def _ok(response: httpx.Response, doing: str) -> Any:
    if response.status_code >= 400:
        try:
            detail = response.json().get("detail", response.text)
        except ValueError:
            detail = response.text
        raise DemoSitError(f"could not {doing}: {response.status_code} {detail}")
    return response.json()
