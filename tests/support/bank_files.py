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


def as_gift(count: int) -> bytes:
    """`count` GIFT questions shaped like `make_item`'s: a title, four answers, feedback."""
    questions = []
    for number in range(1, count + 1):
        multiple = number % 7 == 3
        right = "~%50%" if multiple else "="
        wrong = "~"
        answers = "\n".join(
            f"  {right if letter in ('AC' if multiple else 'B') else wrong}"
            f"Option {letter} for question {number}#why"
            for letter in "ABCD"
        )
        questions.append(
            f"// [id:Q-{number:05d}] [tag:generated]\n"
            f"::Question {number}::Question {number}\\: which configuration meets requirement "
            f"{number}?{{\n{answers}\n}}"
        )
    return ("\n\n".join(questions) + "\n").encode("utf-8")


def as_aiken(count: int) -> bytes:
    """`count` Aiken questions with four options each."""
    questions = [
        f"Question {number}: which configuration meets requirement {number}?\n"
        + "".join(f"{letter}. Option {letter} for question {number}\n" for letter in "ABCD")
        + "ANSWER: B\n"
        for number in range(1, count + 1)
    ]
    return "\n".join(questions).encode("utf-8")
