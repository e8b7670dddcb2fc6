"""What an import of a foreign bank file (GIFT, Aiken, Moodle XML, QTI) assumes.

Those formats know nothing of Accredo's kind, domain and tiers. The writer says how to decide
them: mapping rules, tried in the order given, each matching a category path (a prefix, by
whole path segments, ignoring case) or a tag, and setting any of kind, domain and tiers; then
defaults for what no rule decides. The first rule that matches and sets a field decides it.

    {"rules": [{"category": "$course$/Networking/Routing", "domain": "network.routing"},
               {"tag": "fact", "kind": "recall"}],
     "defaults": {"kind": "scenario", "tiers": ["practitioner"], "status": "draft"},
     "idPrefix": "NET"}

`read_import_options` checks such a mapping (from a request field or a CLI file) and reports
every mistake at once, with the path of the field (`mapping.rules[2].kind`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TypeVar

from itembank.importing.problems import BankFileInvalid
from itembank.importing.suggestions import did_you_mean
from itembank.items import DOMAIN_PATTERN, MAX_DOMAIN_LENGTH, ItemStatus, Kind, Tier
from itembank.problems import Problem

WordT = TypeVar("WordT", bound=StrEnum)

ID_PREFIX_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,23}", re.ASCII)
_RULE_FIELDS = ("category", "tag", "kind", "domain", "tiers")
_DEFAULT_FIELDS = ("kind", "domain", "tiers", "status")
_TOP_FIELDS = ("rules", "defaults", "idPrefix")


@dataclass(frozen=True, slots=True)
class MappingRule:
    """Sets kind, domain and/or tiers of the items in a category (or below it) or with a tag."""

    category: tuple[str, ...] | None = None
    """Normalised category segments (see `category_segments`)."""
    tag: str | None = None
    kind: Kind | None = None
    domain: str | None = None
    tiers: tuple[Tier, ...] | None = None

    def describe(self, number: int) -> str:
        if self.category is not None:
            return f"rule {number} (category {'/'.join(self.category)})"
        return f"rule {number} (tag {self.tag})"


@dataclass(frozen=True, slots=True)
class ImportOptions:
    rules: tuple[MappingRule, ...] = ()
    default_kind: Kind | None = None
    default_domain: str | None = None
    default_tiers: tuple[Tier, ...] | None = None
    default_status: ItemStatus | None = None
    id_prefix: str | None = None


_CONTEXT_SEGMENTS = frozenset({"$course$", "$system$", "$module$", "$cat$", "$coursecategory$"})


@functools.lru_cache(maxsize=1024)
def category_segments(path: str) -> tuple[str, ...]:
    """`$course$/top/Networking/Routing` -> ("networking", "routing").

    Moodle writes a `/` inside a category name as `//`; the context (`$course$`, ...) and the
    `top` category every context has are not part of what the writer named.
    """
    parts = [part.replace("\x00", "/").strip() for part in path.replace("//", "\x00").split("/")]
    segments = [part.lower() for part in parts if part]
    if segments and segments[0] in _CONTEXT_SEGMENTS:
        segments = segments[1:]
    if segments and segments[0] == "top":
        segments = segments[1:]
    return tuple(segments)


def read_import_options(raw: object) -> ImportOptions:
    """Check a mapping document; raise `BankFileInvalid` naming every wrong field."""
    if raw is None:
        return ImportOptions()
    reader = _OptionsReader()
    options = reader.read(raw)
    if reader.problems:
        raise BankFileInvalid(reader.problems)
    return options


def merge_defaults(
    options: ImportOptions,
    *,
    kind: str | None = None,
    domain: str | None = None,
    tiers: list[str] | None = None,
    status: str | None = None,
    id_prefix: str | None = None,
) -> ImportOptions:
    """`options` with defaults given separately (query fields, CLI options) taking precedence."""
    reader = _OptionsReader()
    defaults: dict[str, object] = {}
    for name, value in (("kind", kind), ("domain", domain), ("tiers", tiers), ("status", status)):
        if value is not None:
            defaults[name] = value
    raw: dict[str, object] = {"defaults": defaults}
    if id_prefix is not None:
        raw["idPrefix"] = id_prefix
    given = reader.read(raw, prefix="")
    if reader.problems:
        raise BankFileInvalid(
            replace(problem, field=(problem.field or "").removeprefix("defaults.") or None)
            for problem in reader.problems
        )
    return ImportOptions(
        rules=options.rules,
        default_kind=given.default_kind or options.default_kind,
        default_domain=given.default_domain or options.default_domain,
        default_tiers=given.default_tiers or options.default_tiers,
        default_status=given.default_status or options.default_status,
        id_prefix=given.id_prefix or options.id_prefix,
    )


class _OptionsReader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def read(self, raw: object, prefix: str = "mapping.") -> ImportOptions:
        self._prefix = prefix
        if not isinstance(raw, Mapping):
            self._add("", "the mapping must be an object with rules, defaults and idPrefix")
            return ImportOptions()
        self._known(raw, "", _TOP_FIELDS)
        rules = self._rules(raw.get("rules"))
        defaults = raw.get("defaults")
        if defaults is None:
            defaults = {}
        if not isinstance(defaults, Mapping):
            self._add("defaults", "must be an object with kind, domain, tiers and status")
            defaults = {}
        self._known(defaults, "defaults.", _DEFAULT_FIELDS)
        id_prefix = raw.get("idPrefix")
        if id_prefix is not None and (
            not isinstance(id_prefix, str) or not ID_PREFIX_PATTERN.fullmatch(id_prefix)
        ):
            self._add(
                "idPrefix",
                "use 1-24 letters, digits, '.', '_' or '-', starting with a letter or digit",
            )
            id_prefix = None
        return ImportOptions(
            rules=rules,
            default_kind=self._word(defaults.get("kind"), "defaults.kind", Kind),
            default_domain=self._domain(defaults.get("domain"), "defaults.domain"),
            default_tiers=self._tiers(defaults.get("tiers"), "defaults.tiers"),
            default_status=self._word(defaults.get("status"), "defaults.status", ItemStatus),
            id_prefix=id_prefix if isinstance(id_prefix, str) else None,
        )

    def _rules(self, raw: object) -> tuple[MappingRule, ...]:
        if raw is None:
            return ()
        if not isinstance(raw, list):
            self._add("rules", "must be a list of rules, each with a category or a tag")
            return ()
        rules = []
        for index, entry in enumerate(raw):
            where = f"rules[{index + 1}]"
            if not isinstance(entry, Mapping):
                self._add(where, "must be an object with a category or a tag")
                continue
            self._known(entry, f"{where}.", _RULE_FIELDS)
            category, tag = entry.get("category"), entry.get("tag")
            if (category is None) == (tag is None):
                self._add(where, "give exactly one of category and tag")
            if category is not None and (
                not isinstance(category, str) or not category_segments(category)
            ):
                self._add(f"{where}.category", "must be a category path such as $course$/A/B")
                category = None
            if tag is not None and (not isinstance(tag, str) or not tag.strip()):
                self._add(f"{where}.tag", "must be a non-empty tag")
                tag = None
            rule = MappingRule(
                category=category_segments(category) if isinstance(category, str) else None,
                tag=tag.strip().lower() if isinstance(tag, str) else None,
                kind=self._word(entry.get("kind"), f"{where}.kind", Kind),
                domain=self._domain(entry.get("domain"), f"{where}.domain"),
                tiers=self._tiers(entry.get("tiers"), f"{where}.tiers"),
            )
            if not any(entry.get(name) is not None for name in ("kind", "domain", "tiers")):
                self._add(where, "a rule must set at least one of kind, domain and tiers")
            rules.append(rule)
        return tuple(rules)

    def _word(self, value: object, field: str, words: type[WordT]) -> WordT | None:
        if value is None:
            return None
        choices = ", ".join(member.value for member in words)
        if isinstance(value, str):
            try:
                return words(value.strip().lower())
            except ValueError:
                hint = did_you_mean(value.strip(), [member.value for member in words])
                self._add(field, f"unknown value '{value}'{hint}; use one of {choices}")
                return None
        self._add(field, f"must be one of {choices}")
        return None

    def _domain(self, value: object, field: str) -> str | None:
        if value is None:
            return None
        if (
            isinstance(value, str)
            and len(value.strip()) <= MAX_DOMAIN_LENGTH
            and DOMAIN_PATTERN.fullmatch(value.strip())
        ):
            return value.strip()
        self._add(field, "must be lowercase words joined by dots, e.g. reporting.filters")
        return None

    def _tiers(self, value: object, field: str) -> tuple[Tier, ...] | None:
        if value is None:
            return None
        entries = value.replace(";", ",").split(",") if isinstance(value, str) else value
        if not isinstance(entries, list) or not entries:
            self._add(field, "must be a list of one or more of foundation, practitioner, expert")
            return None
        tiers = [self._word(entry, field, Tier) for entry in entries]
        if any(tier is None for tier in tiers):
            return None
        chosen = {tier for tier in tiers if tier is not None}
        return tuple(tier for tier in Tier if tier in chosen)

    def _known(self, raw: Mapping[str, object], where: str, known: tuple[str, ...]) -> None:
        for name in raw:
            if name not in known:
                self._add(
                    f"{where}{name}",
                    f"unknown field '{name}'{did_you_mean(str(name), known)}; fields are: "
                    f"{', '.join(known)}",
                )

    def _add(self, field: str, reason: str) -> None:
        self.problems.append(
            Problem(item=None, line=None, field=f"{self._prefix}{field}" or None, reason=reason)
        )
