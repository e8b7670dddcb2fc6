"""The pure pieces of the input limits: JSON depth, character rule, download names."""

from __future__ import annotations

import json

import pytest

from service.content_disposition import content_disposition
from service.request_screen import json_too_deep, schema_problems, text_problems
from service.wire import MAX_JSON_DEPTH, Name, WireModel, character_problem


def _nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


@pytest.mark.parametrize("depth", [1, MAX_JSON_DEPTH - 1, MAX_JSON_DEPTH])
def test_depth_up_to_the_limit_passes(depth: int) -> None:
    assert not json_too_deep(_nested(depth))
    assert not json_too_deep(b'{"a":' * depth + b"1" + b"}" * depth)


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 100_000])
def test_depth_past_the_limit_is_caught(depth: int) -> None:
    assert json_too_deep(_nested(depth))


def test_brackets_inside_strings_do_not_count() -> None:
    text = json.dumps({"a": "[" * 1000, "b": ['{\\"[' * 50], "c": '\\"' + "{" * 200})
    assert not json_too_deep(text.encode())
    many_siblings = b"[" + b",".join([b"[[1]]"] * 5000) + b"]"
    assert not json_too_deep(many_siblings)


def test_character_rule() -> None:
    assert character_problem("Grüße 😀 \t\n") is None
    assert "U+0000" in (character_problem("a\x00") or "")
    assert "U+D83D" in (character_problem("\ud83d alone") or "")


def test_text_problems_name_the_path() -> None:
    value = {"name": "ok", "tags": ["x", "a\x00"], "nested": {"k\x00": 1}}
    fields = [problem.field for problem in text_problems(value)]
    assert fields == ["tags[1]", "nested.k\x00"]


class _Inner(WireModel):
    count: int


class _Outer(WireModel):
    title: Name
    inner: _Inner | None = None
    sizes: list[int] = []


def test_schema_problems_list_every_field() -> None:
    value = {"title": "", "inner": {"count": "x", "extra": 1}, "sizes": [1, "b"], "other": 2}
    problems = {(p.field, p.message.split(" - ")[0]) for p in schema_problems(value, _Outer)}
    fields = {field for field, _ in problems}
    assert fields == {"title", "inner.count", "inner.extra", "sizes[1]", "other"}
    assert schema_problems({"title": "t"}, _Outer) == []
    assert [p.field for p in schema_problems({}, _Outer)] == ["title"]
    assert [p.field for p in schema_problems([1], _Outer)] == ["body"]


def test_content_disposition_is_latin1_and_exact() -> None:
    assert content_disposition("bank.yaml") == 'attachment; filename="bank.yaml"'
    header = content_disposition('Système 日本 "x".json')
    header.encode("latin-1")
    assert header == (
        'attachment; filename="Systeme __ _x_.json"; '
        "filename*=UTF-8''Syst%C3%A8me%20%E6%97%A5%E6%9C%AC%20%22x%22.json"
    )
