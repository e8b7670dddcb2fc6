"""Domain descriptions in bank files: read, checked with every problem named, written back."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from itembank.exporting import export_csv, export_json, export_yaml
from itembank.importing import BankFileInvalid, BankFormat, parse_bank_file
from itembank.study import Objective, StudyResource, resource_url_problem

SAMPLE_YAML = Path(__file__).resolve().parents[3] / "itembank" / "samples" / "sample_bank.yaml"
ITEM = """
  - id: A1
    kind: recall
    domain: reporting.filters
    tiers: [foundation]
    format: single
    objective: "{objective}"
    stem: Which filter moves with the calendar?
    options: [{{id: A, text: Relative}}, {{id: B, text: Fixed}}]
    key: A
"""
GUIDE = """
domains:
  - domain: reporting.filters
    title: Report filters
    description: Filters at the right scope.
    objectives:
      - id: "1.1"
        title: Relative dates
        resources:
          - {title: Dates guide, url: "https://docs.example.org/dates"}
      - {id: "1.2", title: Filter scope}
    resources:
      - {title: Filters course, url: "http://academy.example.org/filters"}
"""


def problems(text: str) -> list[tuple[str | None, int | None, str | None, str]]:
    with pytest.raises(BankFileInvalid) as caught:
        parse_bank_file(text.encode(), BankFormat.YAML)
    return [(p.field, p.line, p.item, p.reason) for p in caught.value.problems]


def test_a_guide_and_an_item_objective_are_read() -> None:
    bank = parse_bank_file(
        (GUIDE + "items:" + ITEM.format(objective="1.1")).encode(), BankFormat.YAML
    )
    (guide,) = bank.domains
    assert guide.title == "Report filters"
    assert guide.objectives[0] == Objective(
        id="1.1",
        title="Relative dates",
        resources=(StudyResource(title="Dates guide", url="https://docs.example.org/dates"),),
    )
    assert guide.resources[0].url == "http://academy.example.org/filters"
    assert bank.items[0].objective == "1.1"


def test_a_file_may_describe_domains_only() -> None:
    bank = parse_bank_file(GUIDE.encode(), BankFormat.YAML)
    assert bank.items == () and len(bank.domains) == 1


def test_every_problem_of_a_guide_is_named_with_its_field_and_line() -> None:
    text = """
domains:
  - domain: reporting.filters
    titel: Filters
    objectives:
      - {id: "1.1", title: Dates}
      - {id: "1.1", title: Again}
      - {id: "bad id", title: Spaces}
      - {id: "1.4"}
    resources:
      - {title: Script, url: "javascript:alert(1)"}
      - {title: Lookalike, url: "https://docs.example.org@evil.example/"}
      - {title: No host, url: "https:///page"}
      - {title: Spaces, url: "https://docs.example.org/a page"}
      - {url: "https://docs.example.org/"}
  - domain: Reporting.Filters
  - domain: reporting.filters
items:
""" + ITEM.format(objective="1.9")
    found = problems(text)
    fields = [(field, line) for field, line, _, _ in found]
    assert ("domains[1].titel", 4) in fields
    assert ("domains[1].objectives[2].id", 7) in fields
    assert ("domains[1].objectives[3].id", 8) in fields
    assert ("domains[1].objectives[4].title", 9) in fields
    assert ("domains[1].resources[1].url", 11) in fields
    assert ("domains[1].resources[2].url", 12) in fields
    assert ("domains[1].resources[3].url", 13) in fields
    assert ("domains[1].resources[4].url", 14) in fields
    assert ("domains[1].resources[5].title", 15) in fields
    assert ("domains[2].domain", 16) in fields
    assert ("domains[3].domain", 17) in fields
    objective = [p for p in found if p[0] == "objective"]
    assert objective and objective[0][2] == "A1" and "1.9" in objective[0][3]
    assert "1.1" in objective[0][3]


def test_an_objective_outside_a_described_domain_is_refused_but_an_undescribed_one_is_free() -> (
    None
):
    found = problems(GUIDE + "items:" + ITEM.format(objective="2.1"))
    assert [(f, i) for f, _, i, _ in found] == [("objective", "A1")]
    bank = parse_bank_file(("items:" + ITEM.format(objective="2.1")).encode(), BankFormat.YAML)
    assert bank.items[0].objective == "2.1"


@pytest.mark.parametrize(
    ("url", "fine"),
    [
        ("https://docs.example.org/a?b=c#d", True),
        ("http://127.0.0.1:8080/x", True),
        ("HTTPS://docs.example.org/", True),
        ("ftp://docs.example.org/", False),
        ("data:text/html,hi", False),
        ("//docs.example.org/", False),
        ("https://docs.example.org:99999/", False),
        ("https://" + "a" * 2000 + ".org/", False),
        ("https://docs.example.org/\x07", False),
    ],
)
def test_only_absolute_http_links_are_resources(url: str, fine: bool) -> None:
    assert (resource_url_problem(url) is None) is fine


def test_the_sample_bank_guide_round_trips_in_yaml_and_json_and_csv_keeps_objectives() -> None:
    sample = parse_bank_file(SAMPLE_YAML.read_bytes(), BankFormat.YAML)
    assert len(sample.domains) == 6 and all(item.objective for item in sample.items)
    as_yaml = export_yaml(sample.items, sample.item_sets, sample.domains)
    as_json = export_json(sample.items, sample.item_sets, sample.domains)
    assert parse_bank_file(as_yaml, BankFormat.YAML) == sample
    assert parse_bank_file(as_json, BankFormat.JSON) == sample
    from_csv = parse_bank_file(export_csv(sample.items, sample.item_sets), BankFormat.CSV)
    assert from_csv.items == sample.items and from_csv.domains == ()


def test_csv_without_objectives_has_no_objective_column() -> None:
    bank = parse_bank_file(("items:" + ITEM.format(objective="1.1")).encode(), BankFormat.YAML)
    plain = [replace(item, objective=None) for item in bank.items]
    assert b"objective" not in export_csv(plain)
    assert b"objective" in export_csv(bank.items)


def test_wrong_shapes_and_limits_are_named() -> None:
    many_objectives = [{"id": f"o{n}", "title": "t"} for n in range(51)]
    many_links = [{"title": "t", "url": "https://docs.example.org/"}] * 21
    document = {
        "domains": [
            "reporting.filters",
            {"domain": "a.b", "objectives": many_objectives, "resources": many_links},
            {"domain": "c.d", "objectives": ["1.1"], "resources": ["https://x.example/"]},
            {"domain": "e.f", "objectives": {"id": "1"}},
        ]
    }
    with pytest.raises(BankFileInvalid) as caught:
        parse_bank_file(json.dumps(document).encode(), BankFormat.JSON)
    found = {(p.field, p.line is not None) for p in caught.value.problems}
    assert found == {
        ("domains[1]", True),
        ("domains[2].objectives", True),
        ("domains[2].resources", True),
        ("domains[3].objectives[1]", True),
        ("domains[3].resources[1]", True),
        ("domains[4].objectives", True),
    }
    too_many = {"domains": [{"domain": f"d{n}"} for n in range(501)]}
    with pytest.raises(BankFileInvalid) as caught:
        parse_bank_file(json.dumps(too_many).encode(), BankFormat.JSON)
    assert [p.field for p in caught.value.problems] == ["domains"]


def test_a_domains_field_that_is_not_a_list_is_named() -> None:
    with pytest.raises(BankFileInvalid) as caught:
        parse_bank_file(b"domains: reporting.filters\nitems: []\n", BankFormat.YAML)
    assert "domains" in {p.field for p in caught.value.problems}
