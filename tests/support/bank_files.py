"""Valid bank documents of any size, for API tests and benchmarks."""

from __future__ import annotations

import json
from typing import Any

import yaml

DOMAINS = ("reporting.filters", "data.modeling", "security.access", "sharing.collaboration")
KINDS = ("scenario", "diagnostic", "synthesis", "recall")
KIND_MIX = KINDS[:1] * 4 + KINDS[1:2] * 3 + KINDS[2:3] * 2 + KINDS[3:]


def make_item(number: int, *, status: str = "active", kind: str | None = None) -> dict[str, Any]:
    # Kinds independent of domains (which cycle by number % 4); about 10% recall.
    chosen_kind = kind or KIND_MIX[(number // 4) % len(KIND_MIX)]
    multiple = number % 7 == 3
    return {
        "id": f"Q-{number:05d}",
        "kind": chosen_kind,
        "domain": DOMAINS[number % len(DOMAINS)],
        "tiers": ["practitioner"],
        "format": "multiple" if multiple else "single",
        "status": status,
        "tags": ["generated", f"group{number % 3}"],
        "stem": f"Question {number}: which configuration meets requirement {number}?",
        "options": [
            {"id": letter, "text": f"Option {letter} for question {number}", "rationale": "why"}
            for letter in "ABCD"
        ],
        "key": ["A", "C"] if multiple else "B",
    }


def make_document(count: int, **item_options: Any) -> dict[str, Any]:
    return {"items": [make_item(number, **item_options) for number in range(1, count + 1)]}


def as_yaml(document: dict[str, Any]) -> bytes:
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True).encode("utf-8")


def as_json(document: dict[str, Any]) -> bytes:
    return json.dumps(document).encode("utf-8")
