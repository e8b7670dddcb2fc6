"""Read one field of a raw mapping as text, a word from a fixed list, or a list.

Each reader reports what is wrong in words a writer understands and returns None when the
value cannot be used, so callers check every field and report all problems together.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from enum import StrEnum
from typing import TypeVar

from itembank.importing.problem_log import ProblemLog
from itembank.importing.raw_document import Path
from itembank.importing.suggestions import did_you_mean

WordT = TypeVar("WordT", bound=StrEnum)

# Control characters, and unpaired surrogates (a JSON file may escape one, as "\ud800"):
# neither is text a learner can read, and no database or UTF-8 encoder stores a surrogate.
_CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def clean_text(text: str) -> str:
    """LF line endings, no surrounding whitespace, Unicode NFC: one spelling per text."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.strip()
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text


def comparable_text(text: str) -> str:
    """Texts a writer would call 'the same': case and spacing ignored."""
    return " ".join(text.casefold().split())


def describe(value: object) -> str:
    """How to name a wrongly typed value in a message."""
    if isinstance(value, str):
        return f"the text '{shorten(value)}'"
    if isinstance(value, bool):
        return f"the value {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping of fields"
    return "nothing"


def shorten(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def read_text(
    log: ProblemLog,
    mapping: Mapping[str, object],
    path: Path,
    name: str,
    *,
    max_length: int,
    required: str | None = None,
) -> str | None:
    """Clean text, or None. `required` explains the field when it is required and missing."""
    value = mapping.get(name)
    if value is None:
        if required is not None:
            log.add((*path, name), f"'{name}' is required: {required}")
        return None
    if type(value) is str:
        text = clean_text(value)
        if text and len(text) <= max_length and _CONTROL_CHARACTER.search(text) is None:
            return text
    return check_text(log, value, (*path, name), name, max_length=max_length, required=required)


def check_text(
    log: ProblemLog,
    value: object,
    path: Path,
    name: str,
    *,
    max_length: int,
    required: str | None = None,
) -> str | None:
    if not isinstance(value, str):
        quote_hint = " (put it in quotes)" if isinstance(value, int | float) else ""
        log.add(path, f"'{name}' must be text; got {describe(value)}{quote_hint}")
        return None
    text = clean_text(value)
    if not text:
        if required is not None:
            log.add(path, f"'{name}' is empty; it is required: {required}")
        return None
    control = _CONTROL_CHARACTER.search(text)
    if control is not None:
        code = ord(control.group())
        what = (
            "an unpaired surrogate"
            if 0xD800 <= code <= 0xDFFF
            else "the invisible control character"
        )
        log.add(path, f"'{name}' contains {what} U+{code:04X}; remove it")
        return None
    if len(text) > max_length:
        log.add(path, f"'{name}' is {len(text):,} characters long; the limit is {max_length:,}")
        return None
    return text


def read_word(
    log: ProblemLog,
    mapping: Mapping[str, object],
    path: Path,
    name: str,
    words: type[WordT],
    *,
    default: WordT | None = None,
) -> WordT | None:
    """One of a fixed set of words, read case-insensitively; `default` when absent."""
    value = mapping.get(name)
    if value is None:
        if default is None:
            log.add((*path, name), f"'{name}' is required: one of {_choices(words)}")
        return default
    return check_word(log, value, (*path, name), name, words)


def check_word(
    log: ProblemLog, value: object, path: Path, noun: str, words: type[WordT]
) -> WordT | None:
    if not isinstance(value, str):
        log.add(path, f"'{noun}' must be one of {_choices(words)}; got {describe(value)}")
        return None
    word = value.strip().lower()
    try:
        return words(word)
    except ValueError:
        hint = did_you_mean(word, [member.value for member in words])
        log.add(path, f"unknown {noun} '{value.strip()}'{hint}; use one of {_choices(words)}")
        return None


def read_list(
    log: ProblemLog, mapping: Mapping[str, object], path: Path, name: str, example: str
) -> list[object] | None:
    """The list under `name`, or None when it is absent or (reported) not a list."""
    value = mapping.get(name)
    if value is None:
        return None
    if not isinstance(value, list):
        log.add((*path, name), f"'{name}' must be a list, e.g. {example}; got {describe(value)}")
        return None
    return value


def check_known_fields(
    log: ProblemLog, mapping: Mapping[str, object], path: Path, known: tuple[str, ...], what: str
) -> None:
    """Report every field name that is not in `known`: a typo must never be ignored."""
    if mapping.keys() <= _as_set(known):
        return
    for name in mapping:
        if name not in known:
            log.add(
                (*path, name),
                f"unknown field '{name}'{did_you_mean(name, known)}; "
                f"{what} fields are: {', '.join(known)}",
            )


@functools.cache
def _as_set(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(names)


def _choices(words: type[StrEnum]) -> str:
    return ", ".join(member.value for member in words)
