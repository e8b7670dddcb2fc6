"""The import settings a request carries: format, mapping and defaults, from query or form.

A multipart form's fields win over query parameters of the same name, so a browser form can
send everything in one body. `mapping` is a JSON object (rules, defaults, idPrefix; see
`itembank.importing.import_options`); `kind`, `domain`, `tiers` (comma-separated), `status`
and `idPrefix` are shortcuts that override the mapping's defaults.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from itembank.importing import (
    BankFileInvalid,
    BankFormat,
    ImportOptions,
    merge_defaults,
    read_import_options,
)
from service.bank.errors import ImportOptionsRejected, MappingNotJson, UnknownImportFormat

SETTING_NAMES = ("format", "mapping", "kind", "domain", "tiers", "status", "idPrefix")


def import_format(value: str | None) -> BankFormat | None:
    if value is None or not value.strip():
        return None
    try:
        return BankFormat(value.strip().lower())
    except ValueError:
        raise UnknownImportFormat(value, [member.value for member in BankFormat]) from None


def import_options(settings: Mapping[str, str | None]) -> ImportOptions:
    """The mapping and defaults of a request, or an error naming every wrong field."""
    raw_mapping = settings.get("mapping")
    try:
        options = read_import_options(json.loads(raw_mapping) if raw_mapping else None)
        tiers = settings.get("tiers")
        return merge_defaults(
            options,
            kind=settings.get("kind") or None,
            domain=settings.get("domain") or None,
            tiers=[tier.strip() for tier in tiers.split(",") if tier.strip()] if tiers else None,
            status=settings.get("status") or None,
            id_prefix=settings.get("idPrefix") or None,
        )
    except json.JSONDecodeError as error:
        raise MappingNotJson(error.msg, error.pos) from None
    except BankFileInvalid as error:
        raise ImportOptionsRejected(error) from error
