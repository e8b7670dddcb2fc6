"""GIFT: every construct of Moodle's text format, and every problem with its line."""

from __future__ import annotations

from itembank import Problem
from itembank.importing import BankFormat, ImportOptions
from itembank.items import Kind, ResponseFormat, Tier
from tests.unit.itembank_import.foreign_files import (
    by_id,
    fixture,
    key_texts,
    option_texts,
    parse,
    problems,
)


def test_choice_and_true_false_questions_with_every_construct() -> None:
    bank = parse(fixture("constructs.gift"), BankFormat.GIFT, name="net.gift")
    items = by_id(bank)
    assert list(items) == [
        "NET-001",
        "net-Weighted",
        "net-Escapes-colons",
        "net-TF",
        "net-0005",
        "net-Html",
    ]
    route = items["NET-001"]
    assert route.content.kind is Kind.SCENARIO
    assert route.tags == ("routing",)
    assert route.content.domain == "networking.routing"
    assert key_texts(route) == ["The default route 0.0.0.0/0"]
    assert route.content.options[0].rationale == (
        "It matches every destination.\n\nRouters fall back to the default route."
    )
    assert route.content.options[1].rationale == "Only when one matches."

    weighted = items["net-Weighted"]
    assert weighted.content.response_format is ResponseFormat.MULTIPLE
    assert key_texts(weighted) == ["10.0.0.0/8", "192.168.0.0/16"]

    escapes = items["net-Escapes-colons"]
    assert escapes.content.stem == "Which characters must be escaped in GIFT: = or ~?"
    assert option_texts(escapes) == ["Both = and ~", "Only { and }", "Neither of them"]
    assert escapes.content.options[0].rationale == "Right: they start answers."

    true_false = items["net-TF"]
    assert option_texts(true_false) == ["True", "False"]
    assert key_texts(true_false) == ["True"]
    assert [option.rationale for option in true_false.content.options] == [
        "Yes, that is loopback.",
        "Look again.",
    ]
    assert items["net-0005"].content.stem == "The subnet mask _____ is written /24."
    assert items["net-Html"].content.stem == "Which protocol is **connectionless**?"


def test_unsupported_types_are_listed_with_their_lines() -> None:
    bank = parse(fixture("constructs.gift"), BankFormat.GIFT)
    assert [(s.question_type, s.line, s.title) for s in bank.skipped] == [
        ("essay", 36, "Essay"),
        ("numerical", 38, "Number"),
        ("shortanswer", 40, "Short"),
        ("match", 42, "Match"),
        ("description", 44, None),
    ]


def test_the_report_says_what_was_assumed_for_each_item() -> None:
    bank = parse(fixture("constructs.gift"), BankFormat.GIFT, name="net.gift")
    assumed = {a.item: (a.line, dict(a.assumed), a.notes) for a in bank.assumptions}
    assert assumed["NET-001"] == (
        5,
        {"domain": "category networking/routing", "tiers": "default"},
        (),
    )
    line, fields, notes = assumed["net-Weighted"]
    assert (line, fields["kind"]) == (12, "default")
    assert notes == ("negative credit on C dropped: Accredo scores a wrong answer as 0",)


def test_every_problem_has_its_line() -> None:
    found = problems(fixture("broken.gift"), BankFormat.GIFT)
    assert [(p.line, p.item, p.field) for p in found] == [
        (1, None, None),
        (5, "bank-No-key", "key"),
        (7, "bank-Shares", "key"),
        (11, "bank-Twins", "options[2].text"),
    ]
    assert "never closed" in found[0].reason
    assert "no answer earns credit" in found[1].reason
    assert "add up to 80%" in found[2].reason


def test_partial_credit_in_a_single_answer_question_is_noted() -> None:
    text = "::Hard::Pick one.{=full ~%50%half ~none}\n"
    bank = parse(text.encode(), BankFormat.GIFT)
    [item] = bank.items
    assert key_texts(item) == ["full"]
    [assumption] = bank.assumptions
    assert assumption.notes == (
        "partial credit (B=50%) has no Accredo equivalent: those options are scored as wrong",
    )


def test_weights_of_a_third_sum_to_a_hundred_within_tolerance() -> None:
    text = "Which?{~%33.33333%a ~%33.33333%b ~%33.33333%c ~%-100%d}\n"
    [item] = parse(text.encode(), BankFormat.GIFT).items
    assert item.content.keys == ("A", "B", "C")


def test_an_unknown_kind_without_default_is_a_problem_naming_the_item() -> None:
    text = "$CATEGORY: $course$/Ops\n\n::Q::Which?{=a ~b}\n"
    found = problems(
        text.encode(),
        BankFormat.GIFT,
        options=ImportOptions(default_tiers=(Tier.EXPERT,)),
    )
    assert [(p.item, p.field) for p in found] == [("bank-Q", "kind")]
    assert found[0] == Problem(
        item="bank-Q",
        line=3,
        field="kind",
        reason=found[0].reason,
    )
    assert "category '$course$/Ops'" in found[0].reason
    assert "no default kind" in found[0].reason
