"""Exam settings as stored, turned into the pure domain values (which validate themselves).

The request schemas (`BlueprintSpec`, `RetakePolicySpec`) are converted to their stored shapes
(`service.exams.store`) once, at the door; everything after works on the stored shapes, so
the storage format no longer *is* the API format. Domain validation errors become problems
that name the request field.
"""

from __future__ import annotations

from datetime import timedelta
from fractions import Fraction
from typing import Any

import msgspec

from itembank import Kind
from itembank.blueprint import Blueprint, InvalidBlueprint, KindRange
from itembank.retake import InvalidRetakePolicy, RetakePolicy
from service.errors import Problem
from service.exams.errors import ExamAboveRecallMaximum, SettingsRejected, StoredSettingsBroken
from service.exams.schemas import BlueprintSpec, RetakePolicySpec
from service.exams.store import ExamRecord, StoredBlueprint, StoredRetakePolicy

KIND_NAMES = {kind.value for kind in Kind}
BLUEPRINT_WIRE_NAMES = {
    "domain_counts": "blueprint.domainCounts",
    "kind_counts": "blueprint.kindCounts",
    "kind_ranges": "blueprint.kindRanges",
    "recall_cap": "recallCap",
}
RETAKE_WIRE_NAMES = {
    "failure_waits": "retakePolicy.waitsAfterFailureDays",
    "max_attempts": "retakePolicy.maxAttempts",
    "window": "retakePolicy.windowDays",
}


def wire_path(field: str, names: dict[str, str]) -> str:
    """A domain problem's field (``kind_counts.recall``) as sent on the wire
    (``blueprint.kindCounts.recall``); keys under the first part (domains, kinds) are data."""
    head, dot, rest = field.partition(".")
    return names.get(head, head) + dot + rest


def _ratio(value: float) -> Fraction:
    return Fraction(value).limit_denominator(10_000)


def _kind_problems(mapping: dict[str, Any] | None, field: str) -> list[Problem]:
    return [
        Problem(f"unknown kind {kind!r}; use one of {', '.join(sorted(KIND_NAMES))}", field)
        for kind in (mapping or {})
        if kind not in KIND_NAMES
    ]


def stored_blueprint(spec: BlueprintSpec) -> StoredBlueprint:
    return msgspec.convert(msgspec.to_builtins(spec), StoredBlueprint)


def stored_retake_policy(spec: RetakePolicySpec) -> StoredRetakePolicy:
    return msgspec.convert(msgspec.to_builtins(spec), StoredRetakePolicy)


def blueprint_of(stored: StoredBlueprint, recall_cap: float) -> Blueprint:
    problems = _kind_problems(stored.kind_counts, "blueprint.kindCounts")
    problems += _kind_problems(stored.kind_ranges, "blueprint.kindRanges")
    if problems:
        raise SettingsRejected("blueprint", problems)
    try:
        return Blueprint(
            domain_counts=dict(stored.domain_counts),
            kind_counts=None
            if stored.kind_counts is None
            else {Kind(k): v for k, v in stored.kind_counts.items()},
            kind_ranges=None
            if stored.kind_ranges is None
            else {
                Kind(k): KindRange(minimum=v.min, maximum=v.max)
                for k, v in stored.kind_ranges.items()
            },
            recall_cap=_ratio(recall_cap),
        )
    except InvalidBlueprint as error:
        raise SettingsRejected(
            "blueprint",
            [
                Problem(p.reason, wire_path(p.field or "", BLUEPRINT_WIRE_NAMES))
                for p in error.problems
            ],
        ) from error


def blueprint_from_spec(spec: BlueprintSpec, recall_cap: float) -> Blueprint:
    return blueprint_of(stored_blueprint(spec), recall_cap)


def blueprint_from_json(stored: dict[str, Any], recall_cap: float) -> Blueprint:
    """For readers outside this area that still hold the raw column (the bank's composition)."""
    return blueprint_of(msgspec.convert(stored, StoredBlueprint), recall_cap)


def retake_policy_of(stored: StoredRetakePolicy, *, beta: bool) -> RetakePolicy:
    try:
        return RetakePolicy(
            failure_waits=tuple(timedelta(days=days) for days in stored.waits_after_failure_days),
            max_attempts=stored.max_attempts,
            window=None if stored.window_days is None else timedelta(days=stored.window_days),
            beta=beta,
        )
    except InvalidRetakePolicy as error:
        raise SettingsRejected(
            "retake policy",
            [
                Problem(p.reason, wire_path(p.field or "", RETAKE_WIRE_NAMES))
                for p in error.problems
            ],
        ) from error


def exam_blueprint(exam: ExamRecord, max_recall_share: float | None = None) -> Blueprint:
    """The stored blueprint; one that no longer passes the rules is a server fault, not a 422.

    ``max_recall_share`` (the server's maximum) lowers a stored cap above it, so every form
    honours the maximum even for an exam stored before the maximum was lowered.
    """
    cap = exam.recall_cap if max_recall_share is None else min(exam.recall_cap, max_recall_share)
    try:
        return blueprint_of(exam.blueprint, cap)
    except SettingsRejected as error:
        if cap < exam.recall_cap and max_recall_share is not None:
            raise ExamAboveRecallMaximum(exam.id, max_recall_share, error.problems) from error
        raise StoredSettingsBroken(exam.id, "blueprint") from error


def exam_retake_policy(exam: ExamRecord) -> RetakePolicy:
    try:
        return retake_policy_of(exam.retake_policy, beta=exam.beta)
    except SettingsRejected as error:
        raise StoredSettingsBroken(exam.id, "retake policy") from error
