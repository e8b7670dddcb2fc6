"""The stored shapes read what earlier versions wrote and write it back byte for byte.

No migration was written for the stores: these legacy column values (as the code before the
stores wrote them) must decode into the stored-shape Structs and encode to the same JSON,
and a request's blueprint and retake policy must store as they always did.
"""

from __future__ import annotations

import json
from typing import Any

import msgspec
import pytest

from service.attempts.store import StoredFormEntry, StoredScoreReport
from service.attempts.store import stored_json as attempt_json
from service.exams.policies import stored_blueprint, stored_retake_policy
from service.exams.schemas import BlueprintSpec, RetakePolicySpec
from service.exams.store import StoredBlueprint, StoredRetakePolicy, stored_json

LEGACY_FORM = [
    {
        "position": 1,
        "revisionId": "01934f8e-0000-7000-8000-000000000001",
        "itemId": "01934f8e-0000-7000-8000-0000000000a1",
        "domain": "reporting.filters",
        "kind": "recall",
        "itemSetId": None,
        "optionOrder": ["C", "A", "B", "D"],
    },
    {
        "position": 2,
        "revisionId": "01934f8e-0000-7000-8000-000000000002",
        "itemId": "01934f8e-0000-7000-8000-0000000000a2",
        "domain": "data.modeling",
        "kind": "application",
        "itemSetId": "set-1",
        "optionOrder": ["A", "B"],
    },
]
LEGACY_RESULT = {
    "byDomain": [{"name": "data.modeling", "raw": 1.0, "maxPoints": 1, "percent": 100.0}],
    "byKind": [{"name": "application", "raw": 0.5, "maxPoints": 1, "percent": 50.0}],
    "studyPlan": [],
    "items": [
        {
            "position": 2,
            "revisionId": "01934f8e-0000-7000-8000-000000000002",
            "correct": False,
            "points": 0.5,
            "chosen": ["A"],
            "keys": ["A", "B"],
            "rationales": {"B": "because"},
        }
    ],
}
LEGACY_BLUEPRINTS: list[dict[str, Any]] = [
    {"domainCounts": {"a": 3}, "kindCounts": None, "kindRanges": None},
    {
        "domainCounts": {"a": 3, "b": 2},
        "kindCounts": {"recall": 1},
        "kindRanges": {"application": {"min": 1, "max": None}},
    },
]
LEGACY_POLICIES: list[dict[str, Any]] = [
    {"waitsAfterFailureDays": [1.0, 14.0], "maxAttempts": 5, "windowDays": 365.0},
    {"waitsAfterFailureDays": [], "maxAttempts": None, "windowDays": None},
]


def _same_bytes(value: Any, legacy: Any) -> None:
    assert json.dumps(attempt_json(value)) == json.dumps(legacy)
    if isinstance(value, msgspec.Struct):
        assert json.dumps(stored_json(value)) == json.dumps(legacy)


def test_forms_and_results_round_trip_unchanged() -> None:
    form = msgspec.convert(LEGACY_FORM, list[StoredFormEntry])
    assert form[1].item_set_id == "set-1" and form[0].option_order == ["C", "A", "B", "D"]
    _same_bytes(form, LEGACY_FORM)
    report = msgspec.convert(LEGACY_RESULT, StoredScoreReport)
    assert report.items[0].rationales == {"B": "because"}
    _same_bytes(report, LEGACY_RESULT)


@pytest.mark.parametrize("legacy", LEGACY_BLUEPRINTS)
def test_blueprints_round_trip_and_store_as_the_request_did(legacy: dict[str, Any]) -> None:
    _same_bytes(msgspec.convert(legacy, StoredBlueprint), legacy)
    spec = msgspec.convert(legacy, BlueprintSpec)
    _same_bytes(stored_blueprint(spec), msgspec.to_builtins(spec))


@pytest.mark.parametrize("legacy", LEGACY_POLICIES)
def test_retake_policies_round_trip_and_store_as_the_request_did(legacy: dict[str, Any]) -> None:
    _same_bytes(msgspec.convert(legacy, StoredRetakePolicy), legacy)
    spec = msgspec.convert(legacy, RetakePolicySpec)
    _same_bytes(stored_retake_policy(spec), msgspec.to_builtins(spec))


def test_stored_shapes_do_not_follow_the_http_schemas() -> None:
    """Unknown keys in an old row are tolerated (the HTTP schemas forbid them)."""
    row = {**LEGACY_BLUEPRINTS[0], "note": "written by a later version"}
    assert msgspec.convert(row, StoredBlueprint).domain_counts == {"a": 3}
    with pytest.raises(msgspec.ValidationError):
        msgspec.convert(row, BlueprintSpec)
