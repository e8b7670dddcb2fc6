"""Check one raw item against every rule and build the `Item`, or report all its problems."""

from __future__ import annotations

from collections.abc import Mapping

from itembank.importing.field_readers import (
    check_known_fields,
    check_text,
    check_word,
    describe,
    read_list,
    read_text,
    read_word,
    shorten,
)
from itembank.importing.guide_validation import read_objective_id
from itembank.importing.native_format import ITEM_FIELDS
from itembank.importing.option_validation import read_keys, read_options
from itembank.importing.problem_log import ProblemLog
from itembank.importing.raw_document import Path
from itembank.importing.suggestions import did_you_mean
from itembank.items import (
    DOMAIN_PATTERN,
    EXTERNAL_ID_PATTERN,
    MAX_DOMAIN_LENGTH,
    MAX_STEM_LENGTH,
    MAX_TAG_LENGTH,
    TAG_FORBIDDEN_CHARACTERS,
    Item,
    ItemContent,
    ItemSet,
    ItemStatus,
    Kind,
    ResponseFormat,
    Tier,
)

ID_RULE = "use 1-64 letters, digits, '.', '_', ':' or '-', starting with a letter or digit"


def read_item(
    log: ProblemLog,
    raw: object,
    index: int,
    item_sets: Mapping[str, ItemSet | None],
) -> Item | None:
    """The item, or None after reporting its problems.

    `item_sets` maps every declared set id to its set, or to None when the declaration itself
    is invalid (already reported, so its items are not blamed for it).
    """
    path: Path = ("items", index)
    if not isinstance(raw, dict):
        log.add(
            path,
            f"item {index + 1} must be a mapping of fields (id, kind, stem, ...); "
            f"got {describe(raw)}",
        )
        return None
    before = log.count()
    check_known_fields(log, raw, path, ITEM_FIELDS, "item")
    external_id = read_identifier(log, raw, path, "the item's own id, e.g. RPT-0012")
    kind = read_word(log, raw, path, "kind", Kind)
    domain = _read_domain(log, raw, path)
    tiers = _read_tiers(log, raw, path)
    response_format = read_word(log, raw, path, "format", ResponseFormat)
    stem = read_text(
        log, raw, path, "stem", max_length=MAX_STEM_LENGTH, required="the question text"
    )
    options = read_options(log, raw, path)
    keys = read_keys(log, raw, path, response_format, options)
    tags = _read_tags(log, raw, path)
    status = read_word(log, raw, path, "status", ItemStatus, default=ItemStatus.DRAFT)
    item_set = _read_item_set_reference(log, raw, path, item_sets)
    objective = read_objective_id(log, raw, path, "objective")
    if (
        log.count() != before
        or external_id is None
        or kind is None
        or domain is None
        or tiers is None
        or response_format is None
        or stem is None
        or options.options is None
        or keys is None
        or tags is None
        or status is None
    ):
        return None
    content = ItemContent(
        kind=kind,
        domain=domain,
        tiers=tiers,
        stem=stem,
        response_format=response_format,
        options=options.options,
        keys=keys,
        item_set=item_set,
    )
    return Item(
        external_id=external_id, content=content, status=status, tags=tags, objective=objective
    )


def read_identifier(
    log: ProblemLog, raw: Mapping[str, object], path: Path, explained: str
) -> str | None:
    """An item or item-set id: required, and safe in URLs and spreadsheets."""
    value = read_text(log, raw, path, "id", max_length=1_000, required=explained)
    if value is not None and not EXTERNAL_ID_PATTERN.fullmatch(value):
        log.add((*path, "id"), f"invalid id '{shorten(value)}': {ID_RULE}")
        return None
    return value


def _read_domain(log: ProblemLog, raw: Mapping[str, object], path: Path) -> str | None:
    domain = read_text(
        log,
        raw,
        path,
        "domain",
        max_length=1_000,
        required="the objective code, lowercase words joined by dots, e.g. reporting.filters",
    )
    if domain is None:
        return None
    if len(domain) <= MAX_DOMAIN_LENGTH and DOMAIN_PATTERN.fullmatch(domain):
        return domain
    lowered = domain.lower()
    hint = (
        f"; write it in lowercase: {lowered}"
        if len(lowered) <= MAX_DOMAIN_LENGTH and DOMAIN_PATTERN.fullmatch(lowered)
        else ""
    )
    log.add(
        (*path, "domain"),
        f"invalid domain '{shorten(domain)}': use lowercase words (letters, digits, _) joined "
        f"by dots, at most {MAX_DOMAIN_LENGTH} characters, e.g. reporting.filters{hint}",
    )
    return None


def _read_tiers(log: ProblemLog, raw: Mapping[str, object], path: Path) -> tuple[Tier, ...] | None:
    choices = ", ".join(tier.value for tier in Tier)
    entries = read_list(log, raw, path, "tiers", "[practitioner, expert]")
    if entries is None:
        if raw.get("tiers") is None:
            log.add((*path, "tiers"), f"'tiers' is required: a list of one or more of {choices}")
        return None
    if not entries:
        log.add((*path, "tiers"), f"'tiers' is empty; list one or more of {choices}")
        return None
    before = log.count()
    tiers: set[Tier] = set()
    for index, entry in enumerate(entries):
        tier = check_word(log, entry, (*path, "tiers", index), "tier", Tier)
        if tier in tiers:
            log.add((*path, "tiers", index), f"tier '{tier}' is listed twice")
        elif tier is not None:
            tiers.add(tier)
    if log.count() != before:
        return None
    return tuple(tier for tier in Tier if tier in tiers)


def _read_tags(log: ProblemLog, raw: Mapping[str, object], path: Path) -> tuple[str, ...] | None:
    entries = read_list(log, raw, path, "tags", "[filters, dates]")
    if entries is None:
        return None if raw.get("tags") is not None else ()
    before = log.count()
    tags: list[str] = []
    for index, entry in enumerate(entries):
        tag_path = (*path, "tags", index)
        if isinstance(entry, str) and not entry.strip():
            log.add(tag_path, f"tag {index + 1} is empty; write the tag or remove the entry")
            continue
        tag = check_text(log, entry, tag_path, "tag", max_length=MAX_TAG_LENGTH)
        if tag is None:
            continue
        if any(character in tag for character in TAG_FORBIDDEN_CHARACTERS) or "\n" in tag:
            log.add(
                tag_path,
                f"tag '{shorten(tag)}' contains a comma, semicolon or line break; give each "
                "tag separately (a list entry, or separated by ';' in a CSV cell)",
            )
        elif tag in tags:
            log.add(tag_path, f"tag '{tag}' is listed twice")
        tags.append(tag)
    return tuple(tags) if log.count() == before else None


def _read_item_set_reference(
    log: ProblemLog,
    raw: Mapping[str, object],
    path: Path,
    item_sets: Mapping[str, ItemSet | None],
) -> ItemSet | None:
    """The referenced set, or None: the item has none, or a problem was reported."""
    set_id = read_text(log, raw, path, "item_set", max_length=1_000)
    if set_id is None:
        return None
    if set_id not in item_sets:
        declared = sorted(item_sets)
        if declared:
            reason = (
                f"item set '{shorten(set_id)}' is not declared under item_sets"
                f"{did_you_mean(set_id, declared)}; declared item sets: {', '.join(declared)}"
            )
        else:
            reason = (
                f"item set '{shorten(set_id)}' is not declared; add it under item_sets with "
                "its id and stimulus"
            )
        log.add((*path, "item_set"), reason)
    return item_sets.get(set_id)
