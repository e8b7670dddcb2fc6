"""The rules of an exam or certification request beyond its schema, over the body as sent.

They run on the wire dict (camelCase keys), not on the decoded Struct, so the same checks
serve two doors: the use case (a body that decoded) and the request screen (a body whose
schema already failed, see ``service.request_screen``), which adds these problems to the
schema's, so a client sees every problem of a request in one 422. Each part is checked only
when it decodes on its own; a part that does not is already named by the schema problems.
"""

from __future__ import annotations

from typing import Any

import msgspec

from service.errors import Problem
from service.exams.errors import SettingsRejected
from service.exams.policies import blueprint_from_spec, retake_policy_of, stored_retake_policy
from service.exams.schemas import BlueprintSpec, PassBand, RetakePolicySpec
from service.settings import Settings


def _part(body: dict[str, Any], key: str, target: Any) -> Any:
    """The part as ``target``, or None when it is absent or does not decode."""
    if key not in body:
        return None
    try:
        return msgspec.convert(body[key], target, strict=False)
    except msgspec.ValidationError:
        return None


def _blank(body: dict[str, Any], key: str) -> list[Problem]:
    value = body.get(key)
    if isinstance(value, str) and value and not value.strip():
        return [Problem("must not be blank", key)]
    return []


def recall_cap_of(body: dict[str, Any], settings: Settings) -> float:
    """The cap the exam asks for; when it gives none (or a broken one), the server maximum."""
    cap = _part(body, "recallCap", float | None)
    return settings.max_recall_share if cap is None else float(cap)


def _ranges(body: dict[str, Any]) -> list[Problem]:
    """The schema's bounds again, for values built in code (the demo) that skip decoding."""
    problems = []
    for key in ("cutScore", "masteryThreshold", "recallCap"):
        value = _part(body, key, float | None)
        if value is not None and not 0 <= value <= 1:
            problems.append(Problem("must be a fraction between 0 and 1 (0.7 = 70%)", key))
    minutes = _part(body, "timeLimitMinutes", float)
    if minutes is not None and minutes <= 0:
        problems.append(Problem("must be more than zero", "timeLimitMinutes"))
    return problems


def exam_problems(body: dict[str, Any], settings: Settings) -> list[Problem]:
    """Every rule an exam body breaks that needs no database: name, the recall maximum,
    the blueprint and the retake policy, together."""
    problems = _blank(body, "name") + _ranges(body)
    cap = recall_cap_of(body, settings)
    if settings.max_recall_share < cap <= 1:
        problems.append(
            Problem(
                f"must be at most {settings.max_recall_share:g}, the server's maximum recall"
                " share (ACCREDO_MAX_RECALL_SHARE)",
                "recallCap",
            )
        )
    blueprint = _part(body, "blueprint", BlueprintSpec)
    if blueprint is not None:
        try:
            blueprint_from_spec(blueprint, min(cap, 1.0))
        except SettingsRejected as rejected:
            problems += rejected.problems
    policy = _part(body, "retakePolicy", RetakePolicySpec)
    if policy is not None:
        beta = _part(body, "beta", bool)
        try:
            retake_policy_of(stored_retake_policy(policy), beta=bool(beta))
        except SettingsRejected as rejected:
            problems += rejected.problems
    return problems


def certification_problems(body: dict[str, Any]) -> list[Problem]:
    """Rules of a certification body (create or update) beyond its schema."""
    problems = _blank(body, "name")
    validity = _part(body, "validityDays", int | None)
    window = _part(body, "renewalWindowDays", int)
    if validity is not None and window is not None and window > validity:
        problems.append(Problem("must not be longer than the validity", "renewalWindowDays"))
    band = _part(body, "passBand", PassBand)
    if band is not None and band.low > band.high:
        problems.append(Problem("needs low <= high (fractions 0-1, e.g. 0.6 and 0.7)", "passBand"))
    return problems
