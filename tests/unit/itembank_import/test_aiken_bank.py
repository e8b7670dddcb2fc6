"""Aiken: single-answer questions, both option styles, CRLF and a BOM; problems by line."""

from __future__ import annotations

from itembank.importing import BankFormat
from tests.unit.itembank_import.foreign_files import (
    by_id,
    fixture,
    key_texts,
    option_texts,
    parse,
    problems,
)


def test_questions_with_both_option_styles_crlf_and_bom() -> None:
    items = by_id(parse(fixture("constructs.aiken"), BankFormat.AIKEN, name="ops.aiken"))
    first, second = items["ops-0001"], items["ops-0002"]
    assert first.content.stem == "Which command lists the routing table?"
    assert option_texts(first) == ["ip route", "ifconfig -a", "ping"]
    assert key_texts(first) == ["ip route"]
    assert second.content.stem == "A question whose text\ngoes over two lines?"
    assert [option.id for option in second.content.options] == ["A", "B"]


def test_every_structural_mistake_is_reported_with_its_line() -> None:
    found = problems(fixture("broken.aiken"), BankFormat.AIKEN)
    assert [(p.line, p.field) for p in found] == [
        (3, "options"),
        (5, None),
        (7, None),
        (18, None),
        (21, "key"),
    ]
    assert "1 option(s) before ANSWER" in found[0].reason
    assert "does not belong to a question" in found[1].reason
    assert "question started on line 14" in found[3].reason
    assert "ANSWER names 'E'" in found[4].reason


def test_an_id_prefix_names_the_items() -> None:
    from itembank.importing import ImportOptions
    from itembank.items import Kind, Tier

    options = ImportOptions(
        default_kind=Kind.RECALL,
        default_domain="ops",
        default_tiers=(Tier.EXPERT,),
        id_prefix="OPS",
    )
    bank = parse(fixture("constructs.aiken"), BankFormat.AIKEN, options=options)
    assert [item.external_id for item in bank.items] == ["OPS-0001", "OPS-0002"]
