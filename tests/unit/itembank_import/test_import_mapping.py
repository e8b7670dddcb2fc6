"""Mapping rules and defaults decide kind, domain and tiers; mistakes in them are named."""

from __future__ import annotations

import pytest

from itembank.importing import (
    BankFileInvalid,
    BankFormat,
    ImportOptions,
    detect_format,
    merge_defaults,
    read_import_options,
)
from itembank.importing.foreign_document import domain_from_category
from itembank.importing.import_options import category_segments
from itembank.items import ItemStatus, Kind, Tier
from tests.unit.itembank_import.foreign_files import by_id, fixture, parse

MAPPING = {
    "rules": [
        {"category": "$course$/top/networking", "kind": "scenario", "tiers": ["practitioner"]},
        {"category": "$course$/Networking/Routing", "domain": "net.routing"},
        {"tag": "ROUTING", "tiers": ["expert"]},
    ],
    "defaults": {"kind": "recall", "tiers": "foundation", "status": "active"},
    "idPrefix": "NET",
}


def test_rules_in_order_then_category_then_defaults() -> None:
    options = read_import_options(MAPPING)
    bank = parse(fixture("constructs.gift"), BankFormat.GIFT, options=options)
    items = by_id(bank)
    route = items["NET-001"]
    assert route.content.kind is Kind.SCENARIO  # the file's own kind: tag wins
    assert route.content.domain == "net.routing"  # the second rule: only it sets domain
    assert route.content.tiers == (Tier.PRACTITIONER,)  # the first rule matches first
    assert route.status is ItemStatus.ACTIVE
    weighted = items["NET-Weighted"]
    assert weighted.content.kind is Kind.SCENARIO
    assumed = {a.item: dict(a.assumed) for a in bank.assumptions}
    assert assumed["NET-Weighted"] == {
        "kind": "rule 1 (category networking)",
        "domain": "rule 2 (category networking/routing)",
        "tiers": "rule 1 (category networking)",
        "status": "default",
    }


def test_a_tag_rule_and_the_file_metadata_tags() -> None:
    text = (
        "// [tag:routing]\n::A::Which?{=a ~b}\n\n"
        "// [tag:domain:ops.net] [tag:tier:expert] [tag:tier:foundation] [tag:status:retired]\n"
        "::B::Which?{=a ~b}\n"
    )
    options = ImportOptions(
        rules=read_import_options(
            {"rules": [{"tag": "Routing", "tiers": ["expert"], "domain": "net"}]}
        ).rules,
        default_kind=Kind.DIAGNOSTIC,
    )
    items = by_id(parse(text.encode(), BankFormat.GIFT, options=options, name="t"))
    assert items["t-A"].content.tiers == (Tier.EXPERT,)
    assert items["t-A"].content.domain == "net"
    assert items["t-B"].content.domain == "ops.net"
    assert items["t-B"].content.tiers == (Tier.FOUNDATION, Tier.EXPERT)
    assert items["t-B"].status is ItemStatus.RETIRED
    assert items["t-B"].tags == ()


def test_undecided_domain_and_tiers_are_problems_too() -> None:
    with pytest.raises(BankFileInvalid) as caught:
        parse(b"Which?{=a ~b}\n", BankFormat.GIFT, options=ImportOptions())
    assert [(p.line, p.field) for p in caught.value.problems] == [
        (1, "kind"),
        (1, "domain"),
        (1, "tiers"),
    ]


def test_every_mistake_in_a_mapping_is_named_by_its_field() -> None:
    with pytest.raises(BankFileInvalid) as caught:
        read_import_options(
            {
                "rules": [
                    {"category": "A", "tag": "b", "kind": "recal"},
                    {"tag": "x"},
                    "nope",
                ],
                "defaults": {"domain": "Not A Domain", "tiers": ["gold"], "colour": "red"},
                "idPrefix": "has space",
                "extra": 1,
            }
        )
    fields = [p.field for p in caught.value.problems]
    assert fields == [
        "mapping.extra",
        "mapping.rules[1]",
        "mapping.rules[1].kind",
        "mapping.rules[2]",
        "mapping.rules[3]",
        "mapping.defaults.colour",
        "mapping.idPrefix",
        "mapping.defaults.domain",
        "mapping.defaults.tiers",
    ]
    assert "did you mean 'recall'" in caught.value.problems[2].reason


def test_separate_defaults_override_the_mapping_and_name_their_own_fields() -> None:
    options = merge_defaults(read_import_options(MAPPING), kind="synthesis", tiers=["expert"])
    assert (options.default_kind, options.default_tiers) == (Kind.SYNTHESIS, (Tier.EXPERT,))
    assert options.id_prefix == "NET"
    with pytest.raises(BankFileInvalid) as caught:
        merge_defaults(ImportOptions(), kind="essay", status="gone")
    assert [p.field for p in caught.value.problems] == ["kind", "status"]


def test_category_paths_become_domains() -> None:
    assert category_segments("$course$/top/Data Modeling//Keys/") == ("data modeling/keys",)
    assert category_segments("$system$/Top/A/B") == ("a", "b")
    assert domain_from_category(("Data Modeling", "Clés primaires", "2024")) == (
        "data_modeling.cles_primaires.n2024"
    )
    assert domain_from_category(("---",)) is None


@pytest.mark.parametrize(
    ("name", "content_type", "data", "expected"),
    [
        ("bank.gift", None, b"", BankFormat.GIFT),
        ("bank.aiken", None, b"", BankFormat.AIKEN),
        ("bank.zip", None, b"", BankFormat.QTI),
        ("bank.xml", None, b"<?xml version='1.0'?>\n<!-- x -->\n<quiz/>", BankFormat.MOODLE),
        ("item.xml", None, b"<qti:qti-assessment-item xmlns:qti='u'/>", BankFormat.QTI),
        ("export.txt", None, b"Q?\nA. a\nB. b\nANSWER: A\n", BankFormat.AIKEN),
        ("export.txt", None, b"::T::Q?{=a ~b}", BankFormat.GIFT),
        (None, "application/octet-stream", b"PK\x03\x04rest", BankFormat.QTI),
        (None, "text/plain", b"\xef\xbb\xbfQ?{T}", BankFormat.GIFT),
        (None, "application/zip", b"", BankFormat.QTI),
    ],
)
def test_the_format_is_told_from_name_type_and_content(
    name: str | None, content_type: str | None, data: bytes, expected: BankFormat
) -> None:
    assert detect_format(name, content_type, data) is expected
