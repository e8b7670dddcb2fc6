"""Schemathesis over the served OpenAPI document, against a running server, one role at a time.

Each operation gets a bounded number of generated requests, positive (valid per the schema) and
negative (deliberately invalid), with path parameters either generated or taken from real rows
seeded beforehand, so the fuzzer reaches past "404 no such bank" into the handlers. Every
response is recorded; the caller asserts on the server errors (5xx), which are collected rather
than stopping at the first, so one run reports them all.

The anonymous run sends whatever ``Authorization`` the generator invents (nothing, or a
malformed bearer token): no valid token, as an unauthenticated caller would.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import hypothesis.strategies as st
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode

# The examples per operation and mode; the no-token and learner runs mostly end at the guard.
EXAMPLES = {"admin": 10, "learner": 5, "anonymous": 3}
REQUEST_TIMEOUT_SECONDS = 60


@dataclass
class FuzzReport:
    role: str
    calls: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)

    def record(self, case: Any, status: int, text: str) -> None:
        self.calls += 1
        self.statuses[status] += 1
        if status >= 500:
            self.server_errors.append(
                f"{case.method} {case.formatted_path} -> {status}: {text[:300]}\n"
                f"    path={case.path_parameters} query={case.query} body={str(case.body)[:300]}"
            )


def _strategies(operation: Any, known: dict[str, str]) -> Any:
    names = {parameter.name for parameter in operation.path_parameters}
    fixed = {name: known[name] for name in names if name in known}
    options = [
        operation.as_strategy(generation_mode=mode)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    ]
    if fixed:
        options += [
            operation.as_strategy(generation_mode=mode, path_parameters=fixed)
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        ]
    return st.one_of(options)


BODY_REFERENCES = {"certificationId": "certification_id", "bankId": "bank_id"}
"""Body fields that name rows; half the bodies point them at the seeded rows."""


def _point_body_at_rows(body: dict[str, Any], known: dict[str, str]) -> None:
    for field_name, row in BODY_REFERENCES.items():
        if field_name in body and row in known:
            body[field_name] = known[row]
    if "learnerId" in body and "learner_id" in known:
        body["learnerId"] = known["learner_id"]


def fuzz(
    base_url: str,
    role: str,
    headers: dict[str, str],
    known: dict[str, str],
    *,
    scale: int = 1,
    derandomize: bool = True,
) -> FuzzReport:
    """Run every documented operation with generated requests as ``role``.

    The suite runs the same derandomized examples every time (a failure reproduces); a longer
    exploratory run raises ``scale`` and draws fresh examples.
    """
    schema = schemathesis.openapi.from_url(f"{base_url}/schema/openapi.json")
    report = FuzzReport(role)
    examples = EXAMPLES[role] * scale
    for result in schema.get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]  # an invalid schema fails loudly
        strategy = _strategies(operation, known)

        @settings(
            max_examples=examples * 2,
            deadline=None,
            database=None,
            derandomize=derandomize,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy, point_at_rows=st.booleans())
        def run(case: Any, point_at_rows: bool) -> None:
            if point_at_rows and isinstance(case.body, dict):
                _point_body_at_rows(case.body, known)
            if headers:
                # The generator invents Authorization values from the security scheme; a role's
                # run sends its real token so that its requests reach the handlers.
                case.headers = {**(case.headers or {}), **headers}
            response = case.call(base_url=base_url, timeout=REQUEST_TIMEOUT_SECONDS)
            report.record(case, response.status_code, response.content.decode(errors="replace"))

        run()
    return report
