"""Moodle XML: CDATA and HTML, categories as domains, tags, fractions, unsupported types."""

from __future__ import annotations

from itembank.importing import BankFormat
from itembank.items import ResponseFormat, Tier
from tests.unit.itembank_import.foreign_files import (
    by_id,
    fixture,
    key_texts,
    option_texts,
    parse,
    problems,
)


def test_multichoice_and_truefalse_with_html_cdata_and_categories() -> None:
    bank = parse(fixture("constructs.moodle.xml"), BankFormat.MOODLE, name="dm.xml")
    items = by_id(bank)
    assert list(items) == ["DM-001", "dm-Foreign-keys", "dm-Least-privilege"]
    primary = items["DM-001"]
    assert primary.content.stem == "Which property must a **primary key** have?\n\nPick *one*."
    assert option_texts(primary) == ["Unique & not null", "Sorted", "Numeric <only>"]
    assert primary.content.options[0].rationale == "Exactly.\n\nKeys identify rows."
    assert primary.content.domain == "data_modeling.keys"
    assert primary.content.tiers == (Tier.EXPERT,)
    assert primary.tags == ("keys",)

    foreign = items["dm-Foreign-keys"]
    assert foreign.content.response_format is ResponseFormat.MULTIPLE
    assert key_texts(foreign) == ["They reference a key", "They may be null"]

    privilege = items["dm-Least-privilege"]
    assert privilege.content.domain == "security"
    assert option_texts(privilege) == ["True", "False"]
    assert key_texts(privilege) == ["True"]
    assert privilege.content.options[1].rationale == "Think about blast radius."


def test_other_types_are_skipped_by_name_and_line() -> None:
    bank = parse(fixture("constructs.moodle.xml"), BankFormat.MOODLE)
    assert [(s.question_type, s.line, s.title, s.element) for s in bank.skipped] == [
        ("essay", 57, "Explain RBAC", "question[6]"),
        ("calculatedmulti", 61, "Compute it", "question[7]"),
    ]


def test_an_idnumber_that_is_no_accredo_id_is_replaced_and_said() -> None:
    bank = parse(fixture("constructs.moodle.xml"), BankFormat.MOODLE, name="dm.xml")
    notes = {a.item: a.notes for a in bank.assumptions}
    assert notes["dm-Foreign-keys"][0] == (
        "id 'T & F' is not a valid Accredo id; used dm-Foreign-keys"
    )


def test_every_problem_names_its_element_and_line() -> None:
    found = problems(fixture("broken.moodle.xml"), BankFormat.MOODLE)
    assert [(p.line, p.field) for p in found] == [
        (3, "question[1]/answer/@fraction"),
        (12, "question[2]/answer/@fraction"),
        (27, "question[4]/answer/@fraction"),
        (28, "question[4]/answer[2]/text"),
    ]
    assert "add up to 99.66666% (33% + 33.33333% + 33.33333%)" in found[0].reason
    assert "no answer is worth 100%" in found[1].reason
    assert "'lots'" in found[2].reason


def test_a_file_that_is_not_moodle_xml_says_so() -> None:
    found = problems(b"<?xml version='1.0'?>\n<bank/>", BankFormat.MOODLE)
    assert found[0].reason.startswith("not a Moodle XML question file: the root element is <bank>")
    broken = problems(b"<quiz>\n<question type='truefalse'>\n</quiz>", BankFormat.MOODLE)
    assert broken[0].line == 3
    assert "not well-formed XML: Opening and ending tag mismatch" in broken[0].reason
