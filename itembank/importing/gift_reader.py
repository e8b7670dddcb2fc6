"""Read GIFT, Moodle's plain-text question format, reporting every problem with its line.

A blank line ends a question. Lines starting with `//` are comments; a comment's `[id:X]`
gives the next question its id and `[tag:X]` a tag (as Moodle's own GIFT export writes them).
`$CATEGORY: path` sets the category of the questions after it. A question is
`::title:: text {answers}`, with text after the closing brace making a missing-word question
(the answers become a `_____` blank in the stem). In the answers `=` marks a right answer,
`~` a wrong one, `~%50%` a weighted one, `#` starts an answer's feedback and `####` the
general feedback; `{T}` / `{FALSE#wrong#right}` is true/false. `\\:`, `\\=`, `\\~`, `\\#`,
`\\{`, `\\}` and `\\\\` are the characters themselves and `\\n` a line break. A leading
`[html]`, `[markdown]`, `[plain]` or `[moodle]` gives a text's format; HTML becomes Markdown.

Accredo imports choice questions (one right answer or several) and true/false; essay,
numerical, short-answer, matching and description questions are listed as skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from itembank.importing.foreign_question import (
    ForeignAnswer,
    ForeignFile,
    ForeignQuestion,
    SkippedQuestion,
)
from itembank.importing.html_text import html_to_markdown
from itembank.problems import Problem

_ESCAPES = {
    "\\": "\ue000",
    ":": "\ue001",
    "#": "\ue002",
    "=": "\ue003",
    "{": "\ue004",
    "}": "\ue005",
    "~": "\ue006",
    "n": "\ue007",
}
_RESTORE = {placeholder: ("\n" if char == "n" else char) for char, placeholder in _ESCAPES.items()}
_ESCAPE = re.compile(r"\\([\\:#={}~n])")
_PLACEHOLDER = re.compile("[\ue000-\ue007]")
_WEIGHT = re.compile(r"%(-?\d{1,3}(?:\.\d+)?)%")
_COMMENT_ID = re.compile(r"\[id:([^\]]+)\]")
_COMMENT_TAG = re.compile(r"\[tag:([^\]]+)\]")
_FORMAT = re.compile(r"\s*\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
_MISSING_WORD = "_____"


@dataclass(slots=True)
class _Block:
    lines: list[tuple[int, str]] = field(default_factory=list)
    comment_ids: list[str] = field(default_factory=list)
    comment_tags: list[str] = field(default_factory=list)


def read_gift(text: str) -> ForeignFile:
    foreign = ForeignFile()
    category: str | None = None
    for block in _blocks(text):
        _, first_text = block.lines[0]
        if first_text.strip().startswith("$CATEGORY:"):
            category = first_text.strip()[len("$CATEGORY:") :].strip() or None
            block.lines = block.lines[1:]
            if not block.lines:
                continue
        _Question(foreign, block, category).read()
    return foreign


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    current = _Block()
    for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        stripped = line.strip()
        if stripped.startswith("//"):
            current.comment_ids.extend(_COMMENT_ID.findall(stripped))
            current.comment_tags.extend(_COMMENT_TAG.findall(stripped))
            continue
        if not stripped:
            if current.lines:
                blocks.append(current)
                current = _Block()
            continue
        current.lines.append((number, line))
    if current.lines:
        blocks.append(current)
    return blocks


class _Question:
    def __init__(self, foreign: ForeignFile, block: _Block, category: str | None) -> None:
        self._foreign = foreign
        self._block = block
        self._category = category
        self._line = block.lines[0][0]
        joined = "\n".join(line for _, line in block.lines)
        self._text = _ESCAPE.sub(lambda match: _ESCAPES[match.group(1)], joined).strip()
        self._title: str | None = None

    def line_at(self, position: int) -> int:
        """The file line of a position in the (escaped, stripped) question text."""
        return self._line + self._text.count("\n", 0, position)

    def read(self) -> None:
        text, offset = self._text, 0
        if text.startswith("::"):
            end = text.find("::", 2)
            if end >= 0:
                self._title = _restore(text[2:end]).strip() or None
                offset = end + 2
        start = text.find("{", offset)
        finish = text.find("}", start + 1 if start >= 0 else offset)
        if start < 0 and finish < 0:
            self._skip("description", "a text without answers (no { })")
            return
        if start < 0 or finish < 0:
            self._brace_problem(start, finish)
            return
        answers = text[start + 1 : finish]
        before, after = text[offset:start], text[finish + 1 :]
        stem_text = before.strip() if not after.strip() else f"{before}{_MISSING_WORD}{after}"
        general: str | None = None
        separator = answers.rfind("####")
        if separator >= 0:
            general = answers[separator + 4 :]
            answers = answers[:separator]
        stem_format, stem = _text_format(stem_text, "moodle")
        question_type = _question_type(answers)
        if question_type not in ("multichoice", "truefalse"):
            self._skip(question_type, _SKIPPED_REASONS[question_type])
            return
        question = ForeignQuestion(
            line=self._line,
            stem=_convert(stem, stem_format),
            answers=[],
            title=self._title,
            explicit_id=_restore(self._block.comment_ids[-1]).strip()
            if self._block.comment_ids
            else None,
            category=self._category,
            tags=[_restore(tag).strip() for tag in self._block.comment_tags],
            general_feedback=_feedback(general, stem_format),
        )
        if question_type == "truefalse":
            self._true_false(question, answers, stem_format)
        else:
            self._choices(question, answers, start + 1, stem_format)
        self._foreign.add(question)

    def _brace_problem(self, start: int, finish: int) -> None:
        if start >= 0:
            reason = (
                f"the answer block opened with {{ on line {self.line_at(start)} is never "
                "closed; add the closing } (a blank line ends a question), or write \\{ for "
                "a literal brace"
            )
        else:
            reason = (
                f"a closing }} on line {self.line_at(finish)} has no opening {{; write \\}} "
                "for a literal brace"
            )
        self._foreign.question_count += 1
        named = f"question '{self._title}': " if self._title else ""
        self._foreign.problems.append(
            Problem(item=None, line=self._line, field=None, reason=named + reason)
        )

    def _skip(self, question_type: str, reason: str) -> None:
        self._foreign.skip(
            SkippedQuestion(
                question_type=question_type, line=self._line, title=self._title, reason=reason
            )
        )

    def _true_false(self, question: ForeignQuestion, answers: str, text_format: str) -> None:
        parts = answers.split("#", 2)
        right = _TRUE_FALSE[parts[0].strip().upper()]
        wrong_feedback = _feedback(parts[1], text_format) if len(parts) > 1 else None
        right_feedback = _feedback(parts[2], text_format) if len(parts) > 2 else None
        question.true_false = True
        question.single = True
        for value, label in ((True, "True"), (False, "False")):
            is_key = value is right
            question.answers.append(
                ForeignAnswer(
                    text=label,
                    weight=100 if is_key else 0,
                    feedback=right_feedback if is_key else wrong_feedback,
                    line=self._line,
                )
            )

    def _choices(
        self, question: ForeignQuestion, answers: str, base: int, text_format: str
    ) -> None:
        question.single = "=" in answers
        marks = [match.start() for match in re.finditer(r"[=~]", answers)]
        if answers[: marks[0] if marks else len(answers)].strip():
            question.problems.append(
                (
                    "options",
                    self.line_at(base),
                    f"text '{_restore(answers[: marks[0]]).strip()[:40]}' before the first "
                    "answer: every answer starts with = (right) or ~ (wrong)",
                )
            )
        for index, mark in enumerate(marks):
            end = marks[index + 1] if index + 1 < len(marks) else len(answers)
            raw = answers[mark + 1 : end]
            line = self.line_at(base + mark)
            weight = 100.0 if answers[mark] == "=" else 0.0
            stripped = raw.lstrip()
            match = _WEIGHT.match(stripped)
            if match is not None:
                weight = float(match.group(1))
                stripped = stripped[match.end() :]
                if not -100 <= weight <= 100:
                    question.problems.append(
                        ("key", line, f"answer weight {match.group(0)} is outside -100%..100%")
                    )
            elif stripped.startswith("%"):
                question.problems.append(
                    (
                        "key",
                        line,
                        f"unreadable answer weight '{_restore(stripped[:12])}': write it as "
                        "%50% (a number between two % signs)",
                    )
                )
            text, _, feedback = stripped.partition("#")
            answer_format, answer_text = _text_format(text, text_format)
            question.answers.append(
                ForeignAnswer(
                    text=_convert(answer_text, answer_format),
                    weight=weight,
                    feedback=_feedback(feedback, text_format) if feedback else None,
                    line=line,
                )
            )


_SKIPPED_REASONS = {
    "description": "a text without answers (no { })",
    "essay": "an essay question ({} with nothing inside) has no options",
    "numerical": "a numerical question ({#...}) asks for a typed number",
    "match": "a matching question (=a -> b) pairs items instead of choosing",
    "shortanswer": "a short-answer question (only = answers) asks for typed text",
}


def _question_type(answers: str) -> str:
    stripped = answers.strip()
    if not stripped:
        return "essay"
    if stripped.startswith("#"):
        return "numerical"
    if "~" in stripped:
        return "multichoice"
    if "=" in stripped and "->" in stripped:
        return "match"
    head = stripped.split("#", 1)[0].strip().upper()
    return "truefalse" if head in _TRUE_FALSE else "shortanswer"


def _text_format(text: str, default: str) -> tuple[str, str]:
    match = _FORMAT.match(text)
    if match is None:
        return default, text
    return match.group(1).lower(), text[match.end() :]


def _convert(text: str, text_format: str) -> str:
    restored = _restore(text).strip()
    return html_to_markdown(restored) if text_format == "html" else restored


def _feedback(text: str | None, default_format: str) -> str | None:
    if text is None or not text.strip():
        return None
    text_format, body = _text_format(text, default_format)
    return _convert(body, text_format) or None


def _restore(text: str) -> str:
    return _PLACEHOLDER.sub(lambda match: _RESTORE[match.group(0)], text)
