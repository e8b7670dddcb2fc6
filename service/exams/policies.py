"""Exam settings stored as data, converted to and from the pure domain values.

Blueprints and retake policies live in JSON columns in their wire shape; these functions are
the one place that turns them into ``itembank`` values (which validate themselves) and
turns domain validation errors into problems that name the request field.
"""

from __future__ import annotations

from datetime import timedelta
from fractions import Fraction
from typing import Any

import msgspec

from itembank import Kind
from itembank.blueprint import Blueprint, InvalidBlueprint, KindRange
from itembank.retake import InvalidRetakePolicy, RetakePolicy
from service.errors import Invalid, Problem, StoredValueCorrupt
from service.exams.schemas import BlueprintSpec, RetakePolicySpec

KIND_NAMES = {kind.value for kind in Kind}


def _ratio(value: float) -> Fraction:
    return Fraction(value).limit_denominator(10_000)


def _kind_problems(mapping: dict[str, Any] | None, field: str) -> list[Problem]:
    return [
        Problem(f"unknown kind {kind!r}; use one of {', '.join(sorted(KIND_NAMES))}", field)
        for kind in (mapping or {})
        if kind not in KIND_NAMES
    ]


def blueprint_from_spec(spec: BlueprintSpec, recall_cap: float) -> Blueprint:
    problems = _kind_problems(spec.kind_counts, "blueprint.kindCounts")
    problems += _kind_problems(spec.kind_ranges, "blueprint.kindRanges")
    if problems:
        raise Invalid("the blueprint is not valid", problems=problems)
    try:
        return Blueprint(
            domain_counts=dict(spec.domain_counts),
            kind_counts=None
            if spec.kind_counts is None
            else {Kind(k): v for k, v in spec.kind_counts.items()},
            kind_ranges=None
            if spec.kind_ranges is None
            else {
                Kind(k): KindRange(minimum=v.min, maximum=v.max)
                for k, v in spec.kind_ranges.items()
            },
            recall_cap=_ratio(recall_cap),
        )
    except InvalidBlueprint as error:
        raise Invalid(
            "the blueprint is not valid",
            problems=[Problem(p.reason, f"blueprint.{p.field}") for p in error.problems],
        ) from error


def blueprint_from_json(stored: dict[str, Any], recall_cap: float) -> Blueprint:
    """A stored blueprint as a value; one that no longer decodes is our fault, not the caller's."""
    try:
        return blueprint_from_spec(
            msgspec.convert(stored, BlueprintSpec, from_attributes=False), recall_cap
        )
    except (msgspec.ValidationError, Invalid) as error:
        raise StoredValueCorrupt(f"the stored blueprint does not decode: {error}") from error


def spec_to_json(spec: msgspec.Struct) -> dict[str, Any]:
    return dict(msgspec.to_builtins(spec))


def retake_policy_from_spec(spec: RetakePolicySpec, *, beta: bool) -> RetakePolicy:
    try:
        return RetakePolicy(
            failure_waits=tuple(timedelta(days=days) for days in spec.waits_after_failure_days),
            max_attempts=spec.max_attempts,
            window=None if spec.window_days is None else timedelta(days=spec.window_days),
            beta=beta,
        )
    except InvalidRetakePolicy as error:
        raise Invalid(
            "the retake policy is not valid",
            problems=[Problem(p.reason, f"retakePolicy.{p.field}") for p in error.problems],
        ) from error


def retake_policy_from_json(stored: dict[str, Any], *, beta: bool) -> RetakePolicy:
    """A stored retake policy as a value; one that no longer decodes is a server fault."""
    try:
        return retake_policy_from_spec(msgspec.convert(stored, RetakePolicySpec), beta=beta)
    except (msgspec.ValidationError, Invalid) as error:
        raise StoredValueCorrupt(f"the stored retake policy does not decode: {error}") from error
