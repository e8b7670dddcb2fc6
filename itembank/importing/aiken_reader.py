"""Read Aiken: single-answer choice questions, one line per part.

    What is the capital of France?
    A. Paris
    B) Lyon
    ANSWER: A

The question text comes first (lines before the first option are joined), then the options,
each a capital letter, `.` or `)`, a space and the text; then `ANSWER: <letter>` ends the
question. Blank lines between questions are allowed. The option letters are the option ids.
Every structural mistake is reported with its line, not only the first.
"""

from __future__ import annotations

import re

from itembank.importing.foreign_question import ForeignAnswer, ForeignFile, ForeignQuestion
from itembank.problems import Problem

_OPTION = re.compile(r"([A-Z])[.)][ \t]+(\S.*)")
_TIGHT_OPTION = re.compile(r"([A-Z])[.)](\S.*)")
_ANSWER = re.compile(r"ANSWER\s*:\s*(.*)", re.IGNORECASE)


def read_aiken(text: str) -> ForeignFile:
    return _AikenReading(text).read()


class _AikenReading:
    def __init__(self, text: str) -> None:
        self._lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self._foreign = ForeignFile()
        self._question: ForeignQuestion | None = None
        self._stem: list[str] = []

    def read(self) -> ForeignFile:
        for number, raw in enumerate(self._lines, start=1):
            line = raw.strip()
            if not line:
                continue
            answer = _ANSWER.fullmatch(line)
            option = _OPTION.fullmatch(line)
            if option is None and self._question is not None:
                option = _TIGHT_OPTION.fullmatch(line)
            if answer is not None:
                self._answer(number, answer.group(1).strip())
            elif option is not None:
                self._option(number, option.group(1), option.group(2).strip())
            else:
                self._text(number, line)
        if self._question is not None:
            self._problem(
                self._question.line,
                f"the question on line {self._question.line} has no ANSWER line; end it with "
                "ANSWER: and the letter of the right option",
            )
        return self._foreign

    def _text(self, number: int, line: str) -> None:
        question = self._question
        if question is not None and not question.answers:
            self._stem.append(line)
            question.stem = "\n".join(self._stem)
            return
        if question is not None:
            self._problem(
                number,
                f"the question started on line {question.line} has options but no ANSWER line "
                f"before the next question (line {number}); add ANSWER: <letter>",
            )
        self._stem = [line]
        self._question = ForeignQuestion(line=number, stem=line, answers=[], single=True)

    def _option(self, number: int, letter: str, text: str) -> None:
        if self._question is None:
            self._problem(
                number,
                f"option {letter} on line {number} does not belong to a question: write the "
                "question text on the line before the first option",
            )
            return
        self._question.answers.append(
            ForeignAnswer(text=text, weight=0, line=number, choice_id=letter)
        )

    def _answer(self, number: int, given: str) -> None:
        question = self._question
        if question is None:
            self._problem(
                number,
                f"ANSWER line {number} does not belong to a question: a question is its text, "
                "its options, then ANSWER",
            )
            return
        self._question = None
        self._foreign.add(question)
        letters = [answer.choice_id for answer in question.answers]
        if len(question.answers) < 2:
            question.problems.append(
                (
                    "options",
                    number,
                    f"the question has {len(question.answers)} option(s) before ANSWER on line "
                    f"{number}; give at least two, each as a letter, '.' or ')', a space and "
                    "the text",
                )
            )
        match = re.fullmatch(r"([A-Za-z])(?:\W.*)?", given)
        letter = match.group(1).upper() if match else None
        if letter is None or letter not in letters:
            named = f"'{given}'" if given else "nothing"
            known = ", ".join(str(letter) for letter in letters) or "none"
            question.problems.append(
                (
                    "key",
                    number,
                    f"ANSWER names {named}, which is not one of the question's option letters "
                    f"({known})",
                )
            )
            return
        for answer in question.answers:
            if answer.choice_id == letter:
                answer.weight = 100

    def _problem(self, line: int, reason: str) -> None:
        self._foreign.problems.append(Problem(item=None, line=line, field=None, reason=reason))
