"""Exported banks import back to exactly the same values."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from itembank.exporting import export_json, export_yaml
from itembank.importing import BankFormat, ParsedBank, parse_bank_file
from itembank.items import ItemSet
from tests.unit.itembank_import.bank_strategies import banks

SAMPLE_YAML = Path(__file__).resolve().parents[3] / "itembank" / "samples" / "sample_bank.yaml"
ROUND_TRIP_SETTINGS = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@ROUND_TRIP_SETTINGS
@given(banks())
def test_yaml_export_parses_back_to_the_same_bank(bank: ParsedBank) -> None:
    exported = export_yaml(bank.items, bank.item_sets)
    assert parse_bank_file(exported, BankFormat.YAML) == bank


@ROUND_TRIP_SETTINGS
@given(banks())
def test_json_export_parses_back_to_the_same_bank(bank: ParsedBank) -> None:
    exported = export_json(bank.items, bank.item_sets)
    assert parse_bank_file(exported, BankFormat.JSON) == bank


def test_the_sample_bank_round_trips_in_both_formats() -> None:
    sample = parse_bank_file(SAMPLE_YAML.read_bytes(), BankFormat.YAML)
    as_yaml = export_yaml(sample.items, sample.item_sets, sample.domains)
    as_json = export_json(sample.items, sample.item_sets, sample.domains)
    assert parse_bank_file(as_yaml, BankFormat.YAML) == sample
    assert parse_bank_file(as_json, BankFormat.JSON) == sample
    again = parse_bank_file(as_yaml, BankFormat.YAML)
    assert export_yaml(again.items, sample.item_sets, again.domains) == as_yaml


def test_multi_line_text_is_exported_as_a_literal_block() -> None:
    sample = parse_bank_file(SAMPLE_YAML.read_bytes(), BankFormat.YAML)
    exported = export_yaml(sample.items[:1]).decode()
    assert "  stem: |-\n    An operations director opens" in exported
    assert "  tiers: [practitioner]\n" in exported


def test_item_sets_used_by_items_are_exported_even_when_not_listed() -> None:
    sample = parse_bank_file(SAMPLE_YAML.read_bytes(), BankFormat.YAML)
    in_sets = tuple(item for item in sample.items if item.content.item_set is not None)
    exported = parse_bank_file(export_yaml(in_sets), BankFormat.YAML)
    first_used = tuple(dict.fromkeys(item.content.item_set for item in in_sets))
    assert exported.item_sets == first_used
    assert set(first_used) == set(sample.item_sets)


def test_two_different_sets_with_one_id_cannot_be_exported() -> None:
    sample = parse_bank_file(SAMPLE_YAML.read_bytes(), BankFormat.YAML)
    clash = ItemSet(sample.item_sets[0].id, "A different case study.")
    with pytest.raises(ValueError, match="two different item sets share the id"):
        export_yaml(sample.items, (clash,))
