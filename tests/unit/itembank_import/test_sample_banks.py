"""The sample banks the demo loads: valid, realistic in shape, and within the recall cap."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from itembank.composition import bank_composition
from itembank.importing import BankFormat, ParsedBank, parse_bank_file
from itembank.items import ItemStatus, Kind, ResponseFormat

SAMPLES = Path(__file__).resolve().parents[3] / "itembank" / "samples"


def sample(name: str, fmt: BankFormat) -> ParsedBank:
    return parse_bank_file((SAMPLES / name).read_bytes(), fmt)


def test_yaml_sample_bank_is_large_and_varied() -> None:
    bank = sample("sample_bank.yaml", BankFormat.YAML)
    contents = [item.content for item in bank.items]
    assert len(bank.items) >= 64
    assert {content.kind for content in contents} == set(Kind)
    assert {content.response_format for content in contents} == set(ResponseFormat)
    assert len({content.domain for content in contents}) == 6
    assert all(item.tags for item in bank.items)
    assert all(option.rationale for content in contents for option in content.options)


def test_yaml_sample_bank_keeps_recall_a_minority() -> None:
    bank = sample("sample_bank.yaml", BankFormat.YAML)
    report = bank_composition(
        (item.content.domain, item.content.kind, item.status) for item in bank.items
    )
    all_kinds = Counter(item.content.kind for item in bank.items)
    assert all_kinds[Kind.RECALL] / len(bank.items) <= 0.2
    assert report.recall_share <= 0.2
    assert all(row.active_by_kind[Kind.RECALL] < row.active_total / 2 for row in report.domains)
    assert report.items_by_status[ItemStatus.ACTIVE] >= 60


def test_yaml_sample_bank_has_two_case_studies_of_two_or_three_items() -> None:
    bank = sample("sample_bank.yaml", BankFormat.YAML)
    members = Counter(
        item.content.item_set.id for item in bank.items if item.content.item_set is not None
    )
    assert [item_set.id for item_set in bank.item_sets] == ["CS-NORTHWIND", "CS-HARBOR"]
    assert sorted(members.values()) == [2, 3]


def test_yaml_sample_bank_does_not_give_the_key_away_by_position() -> None:
    bank = sample("sample_bank.yaml", BankFormat.YAML)
    singles = [item.content for item in bank.items if len(item.content.keys) == 1]
    positions = Counter(
        [option.id for option in content.options].index(content.keys[0]) for content in singles
    )
    assert max(positions.values()) <= len(singles) / 2
    longest_is_key = sum(
        max(content.options, key=lambda option: len(option.text)).id == content.keys[0]
        for content in singles
    )
    assert longest_is_key <= len(singles) / 3


def test_csv_sample_bank_parses_with_its_case_study() -> None:
    bank = sample("sample_bank.csv", BankFormat.CSV)
    assert len(bank.items) == 8
    assert [item_set.id for item_set in bank.item_sets] == ["CS-BRIGHTWAY"]
    assert {item.content.response_format for item in bank.items} == set(ResponseFormat)
    assert "\n\n" in bank.item_sets[0].stimulus
