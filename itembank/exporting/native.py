"""Write items back out in the native format, so writers can download, edit and re-upload.

`parse_bank_file(export_yaml(items, item_sets, domains), BankFormat.YAML)` gives back exactly
the same items, item sets and domain descriptions (the round-trip tests hold this for
generated banks). Multi-line text is written as YAML literal blocks (`|-`), the way a
writer would type it; short lists (tiers, tags, keys) are written inline.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

import yaml

from itembank.items import Item, ItemSet, Option, ResponseFormat
from itembank.study import DomainGuide, Objective, StudyResource

_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _InlineList(list[str]):
    """A list of words written on one line: `tiers: [foundation, expert]`."""


class _BankDumper(_Dumper):  # type: ignore[valid-type, misc]
    pass


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


def _represent_inline_list(dumper: yaml.SafeDumper, words: _InlineList) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", words, flow_style=True)


_BankDumper.add_representer(str, _represent_text)
_BankDumper.add_representer(_InlineList, _represent_inline_list)


def export_yaml(
    items: Sequence[Item],
    item_sets: Sequence[ItemSet] = (),
    domains: Sequence[DomainGuide] = (),
) -> bytes:
    """The bank as native YAML, UTF-8."""
    text = yaml.dump(
        bank_document(items, item_sets, domains),
        Dumper=_BankDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )
    return text.encode("utf-8")


def export_json(
    items: Sequence[Item],
    item_sets: Sequence[ItemSet] = (),
    domains: Sequence[DomainGuide] = (),
) -> bytes:
    """The bank as native JSON, UTF-8, indented for reading and diffing."""
    document = bank_document(items, item_sets, domains)
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def bank_document(
    items: Sequence[Item],
    item_sets: Sequence[ItemSet] = (),
    domains: Sequence[DomainGuide] = (),
) -> dict[str, object]:
    """The native structure as plain values.

    Item sets are `item_sets` followed by any other set the items use, in order of first
    use; two different sets under one id cannot be written and raise `ValueError`. Domain
    descriptions come first, as an exam guide opens a bank file.
    """
    sets = _all_item_sets(item_sets, (item.content.item_set for item in items))
    document: dict[str, object] = {}
    if domains:
        document["domains"] = [_domain_fields(guide) for guide in domains]
    if sets:
        document["item_sets"] = [
            {"id": item_set.id, "stimulus": item_set.stimulus} for item_set in sets
        ]
    document["items"] = [_item_fields(item) for item in items]
    return document


def _all_item_sets(declared: Sequence[ItemSet], used: Iterable[ItemSet | None]) -> list[ItemSet]:
    by_id: dict[str, ItemSet] = {}
    for item_set in (*declared, *used):
        if item_set is None:
            continue
        known = by_id.setdefault(item_set.id, item_set)
        if known != item_set:
            raise ValueError(f"two different item sets share the id {item_set.id!r}")
    return list(by_id.values())


def _item_fields(item: Item) -> dict[str, object]:
    content = item.content
    fields: dict[str, object] = {
        "id": item.external_id,
        "kind": content.kind.value,
        "domain": content.domain,
        "tiers": _InlineList(tier.value for tier in content.tiers),
        "format": content.response_format.value,
        "status": item.status.value,
    }
    if item.tags:
        fields["tags"] = _InlineList(item.tags)
    if content.item_set is not None:
        fields["item_set"] = content.item_set.id
    if item.objective is not None:
        fields["objective"] = item.objective
    fields["stem"] = content.stem
    fields["options"] = [_option_fields(option) for option in content.options]
    single = content.response_format is ResponseFormat.SINGLE and len(content.keys) == 1
    fields["key"] = content.keys[0] if single else _InlineList(content.keys)
    return fields


def _option_fields(option: Option) -> dict[str, object]:
    fields: dict[str, object] = {"id": option.id, "text": option.text}
    if option.rationale is not None:
        fields["rationale"] = option.rationale
    return fields


def _domain_fields(guide: DomainGuide) -> dict[str, object]:
    fields: dict[str, object] = {"domain": guide.domain}
    if guide.title is not None:
        fields["title"] = guide.title
    if guide.description is not None:
        fields["description"] = guide.description
    if guide.objectives:
        fields["objectives"] = [_objective_fields(objective) for objective in guide.objectives]
    if guide.resources:
        fields["resources"] = [_resource_fields(resource) for resource in guide.resources]
    return fields


def _objective_fields(objective: Objective) -> dict[str, object]:
    fields: dict[str, object] = {"id": objective.id, "title": objective.title}
    if objective.description is not None:
        fields["description"] = objective.description
    if objective.resources:
        fields["resources"] = [_resource_fields(resource) for resource in objective.resources]
    return fields


def _resource_fields(resource: StudyResource) -> dict[str, object]:
    return {"title": resource.title, "url": resource.url}
