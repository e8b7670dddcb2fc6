"""The official 1EdTech AchievementCredential JSON Schema, shipped in the package, applied.

Validation uses the ``jsonschema`` library (draft 2019-09, as the schema declares) rather than
anything written here: schema semantics are subtle and the library is what the field uses.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

from jsonschema import Draft201909Validator

ACHIEVEMENT_CREDENTIAL_SCHEMA_FILE = "ob_v3p0_achievementcredential-jsonschema1.json"


@cache
def achievement_credential_schema() -> dict[str, Any]:
    """Return the shipped schema (draft 2019-09, the "json" variant: proof must be an array)."""
    text = (
        files("credentials.schemas")
        .joinpath(ACHIEVEMENT_CREDENTIAL_SCHEMA_FILE)
        .read_text(encoding="utf-8")
    )
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _validator() -> Draft201909Validator:
    return Draft201909Validator(achievement_credential_schema())


def achievement_credential_schema_errors(document: object) -> list[str]:
    """Return every way ``document`` breaks the official schema; empty when it conforms."""
    errors = sorted(_validator().iter_errors(document), key=lambda error: list(error.path))
    return [f"{error.json_path}: {error.message}" for error in errors]
