"""The answer part of an item: its options and its key, and how they must agree."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from itembank.importing.field_readers import (
    check_known_fields,
    check_text,
    comparable_text,
    describe,
    read_list,
    read_text,
    shorten,
)
from itembank.importing.native_format import OPTION_FIELDS
from itembank.importing.problem_log import ProblemLog
from itembank.importing.raw_document import Path
from itembank.items import (
    MAX_OPTION_TEXT_LENGTH,
    MAX_OPTIONS,
    MAX_RATIONALE_LENGTH,
    MIN_OPTIONS,
    OPTION_ID_PATTERN,
    Option,
    ResponseFormat,
)

_OPTIONS_REQUIRED = f"a list of {MIN_OPTIONS} to {MAX_OPTIONS} options, each with an id and a text"
_KEY_REQUIRED = "the id of the correct option, or a list of ids for format: multiple"


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """The options when all are valid, and their ids whenever every id could be read.

    The ids let the key be checked even while an option has another mistake. When an id is
    missing the key may well name that option, so the key is not checked against the others.
    """

    options: tuple[Option, ...] | None
    ids: tuple[str, ...] | None


def read_options(log: ProblemLog, item: Mapping[str, object], path: Path) -> ReadOptions:
    raw_options = read_list(log, item, path, "options", "[{id: A, text: ...}, {id: B, ...}]")
    if raw_options is None:
        if item.get("options") is None:
            log.add((*path, "options"), f"'options' is required: {_OPTIONS_REQUIRED}")
        return ReadOptions(options=None, ids=None)
    before = log.count()
    if not MIN_OPTIONS <= len(raw_options) <= MAX_OPTIONS:
        log.add(
            (*path, "options"),
            f"an item needs {MIN_OPTIONS} to {MAX_OPTIONS} options; this one has "
            f"{len(raw_options)}",
        )
    options: list[Option] = []
    ids: list[str] | None = []
    first_with_id: dict[str, int] = {}
    first_with_text: dict[str, int] = {}
    for index, raw in enumerate(raw_options):
        option_path = (*path, "options", index)
        option = _read_option(log, raw, option_path, index)
        if option is None:
            raw_id = raw.get("id") if isinstance(raw, dict) else None
            if ids is not None and isinstance(raw_id, str) and raw_id.strip():
                ids.append(raw_id.strip())
            else:
                ids = None
            continue
        if ids is not None:
            ids.append(option.id)
        if option.id in first_with_id:
            log.add(
                (*option_path, "id"),
                f"option id '{option.id}' is already used by option "
                f"{first_with_id[option.id] + 1}; option ids must be unique within an item",
            )
        first_with_id.setdefault(option.id, index)
        same_text = comparable_text(option.text)
        if same_text in first_with_text:
            log.add(
                (*option_path, "text"),
                f"options {first_with_text[same_text] + 1} and {index + 1} have the same "
                f"text ('{shorten(option.text)}'); every option must be different",
            )
        first_with_text.setdefault(same_text, index)
        options.append(option)
    valid = log.count() == before
    return ReadOptions(
        options=tuple(options) if valid else None,
        ids=tuple(ids) if ids is not None else None,
    )


def _read_option(log: ProblemLog, raw: object, path: Path, index: int) -> Option | None:
    if not isinstance(raw, dict):
        log.add(
            path,
            f"option {index + 1} must be a mapping with id, text and optionally rationale; "
            f"got {describe(raw)}",
        )
        return None
    before = log.count()
    check_known_fields(log, raw, path, OPTION_FIELDS, "option")
    option_id = read_text(
        log, raw, path, "id", max_length=16, required="a short id such as A, unique in the item"
    )
    if option_id is not None and not OPTION_ID_PATTERN.fullmatch(option_id):
        log.add(
            (*path, "id"),
            f"invalid option id '{shorten(option_id)}': use 1-16 letters, digits, '-' or '_', "
            "starting with a letter or digit",
        )
    text = read_text(
        log, raw, path, "text", max_length=MAX_OPTION_TEXT_LENGTH, required="the option's text"
    )
    rationale = read_text(log, raw, path, "rationale", max_length=MAX_RATIONALE_LENGTH)
    if log.count() != before or option_id is None or text is None:
        return None
    return Option(id=option_id, text=text, rationale=rationale)


def read_keys(
    log: ProblemLog,
    item: Mapping[str, object],
    path: Path,
    response_format: ResponseFormat | None,
    read: ReadOptions,
) -> tuple[str, ...] | None:
    """The keys in option order, checked against the options and the response format."""
    value = item.get("key")
    key_path = (*path, "key")
    if value is None:
        log.add(key_path, f"'key' is required: {_KEY_REQUIRED}")
        return None
    raw_keys = value if isinstance(value, list) else [value]
    before = log.count()
    keys: list[str] = []
    for index, raw in enumerate(raw_keys):
        entry_path = (*key_path, index) if isinstance(value, list) else key_path
        key = check_text(log, raw, entry_path, "key", max_length=16, required=_KEY_REQUIRED)
        if key is None:
            continue
        if key in keys:
            log.add(entry_path, f"key '{key}' is listed twice")
        elif read.ids is not None and key not in read.ids:
            log.add(
                entry_path,
                f"key '{key}' is not one of the option ids ({', '.join(dict.fromkeys(read.ids))})",
            )
        keys.append(key)
    if not raw_keys:
        log.add(key_path, f"'key' is empty; it is required: {_KEY_REQUIRED}")
    if log.count() != before:
        return None
    _check_key_count(log, key_path, response_format, keys, read)
    if log.count() != before or read.options is None:
        return None
    return tuple(option.id for option in read.options if option.id in keys)


def _check_key_count(
    log: ProblemLog,
    key_path: Path,
    response_format: ResponseFormat | None,
    keys: list[str],
    read: ReadOptions,
) -> None:
    listed = ", ".join(keys)
    if response_format is ResponseFormat.SINGLE and len(keys) != 1:
        log.add(
            key_path,
            f"format is single but {len(keys)} keys are given ({listed}); give exactly one "
            "key, or set format: multiple",
        )
    elif response_format is ResponseFormat.MULTIPLE and len(keys) < 2:
        log.add(
            key_path,
            f"format is multiple but only one key is given ({listed}); give two or more keys, "
            "or set format: single",
        )
    elif (
        response_format is ResponseFormat.MULTIPLE
        and read.ids is not None
        and len(set(read.ids)) == len(keys)
    ):
        log.add(
            key_path,
            "every option is a key; a multiple-response item needs at least one wrong option",
        )
