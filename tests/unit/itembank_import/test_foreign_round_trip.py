"""Export -> import gives every item back unchanged, for each format that can carry it."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings

from itembank.blueprint import Blueprint
from itembank.exporting import (
    ExamTest,
    ExportFormat,
    export_bank_file,
    export_csv,
    export_moodle_xml,
    export_qti_package,
)
from itembank.importing import BankFormat, ImportOptions, ParsedBank, parse_bank_file
from itembank.importing.safe_xml import local_name, parse_xml
from itembank.items import Item, ItemSet, ItemStatus, Kind, Option, ResponseFormat, Tier
from tests.support.bank_files import as_yaml, make_document
from tests.unit.itembank_import.bank_strategies import banks

Exporter = Callable[[Sequence[Item]], bytes]


def sample_items() -> tuple[Item, ...]:
    document = make_document(24)
    document["item_sets"] = [{"id": "CS-1", "stimulus": "A **case** study.\n\nTwo paragraphs."}]
    for item in document["items"][:2]:
        item["item_set"] = "CS-1"
    document["items"][2]["stem"] = "Line one\n\n- a <b>list</b> & more\n- `code`"
    document["items"][3]["options"][0]["rationale"] = "Multi\nline *rationale*"
    document["items"][4]["tags"] = ["a:b", "ünïcode"]
    document["items"][5]["status"] = "retired"
    return parse_bank_file(as_yaml(document), BankFormat.YAML).items


def letter_items(items: Sequence[Item]) -> list[Item]:
    """Items without item sets: what Moodle XML carries unchanged."""
    return [item for item in items if item.content.item_set is None]


@pytest.mark.parametrize(
    ("exporter", "fmt", "carried"),
    [
        (export_csv, BankFormat.CSV, list),
        (export_qti_package, BankFormat.QTI, list),
        (export_moodle_xml, BankFormat.MOODLE, letter_items),
    ],
    ids=["csv", "qti", "moodle"],
)
def test_export_then_import_is_unchanged(
    exporter: Exporter, fmt: BankFormat, carried: Callable[[Sequence[Item]], list[Item]]
) -> None:
    items = carried(sample_items())
    back = parse_bank_file(exporter(items), fmt, options=ImportOptions(), filename="x")
    assert back.items == tuple(items)
    assert back.skipped == ()


def test_moodle_writes_a_case_study_before_the_stem() -> None:
    [item] = [item for item in sample_items() if item.content.item_set is not None][:1]
    [back] = parse_bank_file(export_moodle_xml([item]), BankFormat.MOODLE).items
    assert back.content.item_set is None
    assert back.content.stem == f"{item.content.item_set.stimulus}\n\n---\n\n{item.content.stem}"  # type: ignore[union-attr]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(banks())
def test_generated_banks_round_trip_through_qti_and_csv(bank: ParsedBank) -> None:
    qti = parse_bank_file(export_qti_package(bank.items), BankFormat.QTI)
    assert qti.items == bank.items
    assert set(qti.item_sets) == set(bank.item_sets)
    letters = all(
        [option.id for option in item.content.options]
        == list("ABCDEFGH"[: len(item.content.options)])
        for item in bank.items
    )
    if letters:
        assert parse_bank_file(export_csv(bank.items), BankFormat.CSV).items == bank.items


def test_csv_relabels_other_option_ids_as_letters() -> None:
    [item] = sample_items()[:1]
    content = item.content
    renamed = Item(
        external_id="X-1",
        content=type(content)(
            kind=content.kind,
            domain=content.domain,
            tiers=content.tiers,
            stem=content.stem,
            response_format=ResponseFormat.SINGLE,
            options=(Option("yes", "Yes"), Option("no", "No")),
            keys=("no",),
        ),
        status=ItemStatus.ACTIVE,
    )
    [back] = parse_bank_file(export_csv([renamed]), BankFormat.CSV).items
    assert [(o.id, o.text) for o in back.content.options] == [("A", "Yes"), ("B", "No")]
    assert back.content.keys == ("B",)


def test_a_qti_package_has_a_test_per_exam_mirroring_its_blueprint() -> None:
    items = sample_items()
    blueprint = Blueprint(
        domain_counts={"reporting.filters": 2, "data.modeling": 3},
        kind_counts=None,
        kind_ranges=None,
    )
    exam = ExamTest(
        identifier="EXAM-1", title="Practitioner", blueprint=blueprint, time_limit_seconds=3600
    )
    exported = export_bank_file(ExportFormat.QTI, items, exams=[exam])
    assert exported.media_type == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(exported.body))
    manifest = parse_xml(archive.read("imsmanifest.xml")).root
    types = [r.get("type") for r in manifest.iter() if local_name(r.tag) == "resource"]
    assert types.count("imsqti_item_xmlv3p0") == len(items)
    assert types.count("imsqti_stimulus_xmlv3p0") == 1
    assert types.count("imsqti_test_xmlv3p0") == 1
    test = parse_xml(archive.read("tests/EXAM-1.xml")).root
    sections = [e for e in test.iter() if local_name(e.tag) == "qti-assessment-section"]
    assert [s.get("title") for s in sections] == ["data.modeling", "reporting.filters"]
    for section in sections:
        domain = section.get("title", "")
        [selection] = [e for e in section if local_name(e.tag) == "qti-selection"]
        assert selection.get("select") == str(blueprint.domain_counts[domain])
        refs = [e for e in section if local_name(e.tag) == "qti-assessment-item-ref"]
        expected = [
            i for i in items if i.content.domain == domain and i.status is ItemStatus.ACTIVE
        ]
        assert len(refs) == len(expected)
        for ref in refs:
            assert archive.read(ref.get("href", "")[3:])  # ../items/... resolves in the zip
    [limits] = [e for e in test.iter() if local_name(e.tag) == "qti-time-limits"]
    assert limits.get("max-time") == "3600"
    assert Kind.RECALL.value in archive.read("tests/EXAM-1.xml").decode()


def test_an_exam_test_lists_only_items_of_its_tiers() -> None:
    items = [
        replace(item, content=replace(item.content, tiers=(Tier.EXPERT,))) if n % 3 == 0 else item
        for n, item in enumerate(sample_items())
    ]
    blueprint = Blueprint(domain_counts={"data.modeling": 2}, kind_counts=None, kind_ranges=None)
    exam = ExamTest(
        identifier="EXAM-P", title="P", blueprint=blueprint, tiers=frozenset({Tier.PRACTITIONER})
    )
    archive = zipfile.ZipFile(
        io.BytesIO(export_bank_file(ExportFormat.QTI, items, exams=[exam]).body)
    )
    test = parse_xml(archive.read("tests/EXAM-P.xml")).root
    listed = {
        e.get("href", "")[3:] for e in test.iter() if local_name(e.tag) == "qti-assessment-item-ref"
    }
    drawable = [
        i
        for i in items
        if i.content.domain == "data.modeling"
        and i.status is ItemStatus.ACTIVE
        and Tier.PRACTITIONER in i.content.tiers
    ]
    off_tier = [
        i for i in items if i.content.domain == "data.modeling" and Tier.EXPERT in i.content.tiers
    ]
    assert drawable and off_tier, "the bank must hold both tiers in the domain for this test"
    assert len(listed) == len(drawable)
    labels = {parse_xml(archive.read(href)).root.get("label") for href in listed}
    assert labels == {i.external_id for i in drawable}
    assert "at tier practitioner" in archive.read("tests/EXAM-P.xml").decode()


def test_the_same_bank_gives_the_same_package_bytes() -> None:
    items = sample_items()
    assert export_qti_package(items) == export_qti_package(items)


def test_item_sets_survive_the_qti_round_trip() -> None:
    items = sample_items()
    back = parse_bank_file(export_qti_package(items), BankFormat.QTI)
    assert back.item_sets == (ItemSet("CS-1", "A **case** study.\n\nTwo paragraphs."),)
