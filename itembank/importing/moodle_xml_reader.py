"""Read Moodle XML (`<quiz>` of `<question>`s), the format of Moodle's question bank export.

`multichoice` (single and multiple answer) and `truefalse` questions are imported; a
`category` question sets the category of the questions after it. Every other type (essay,
shortanswer, numerical, cloze, matching, drag-and-drop, calculated...) is listed as skipped
with its line and name. Problems name the element path (`question[4]/answer[2]`) and line.
Question and answer texts in HTML become Markdown; CDATA is read like any text.
"""

from __future__ import annotations

from itembank.importing.foreign_question import (
    ForeignAnswer,
    ForeignFile,
    ForeignQuestion,
    SkippedQuestion,
)
from itembank.importing.html_text import html_to_markdown
from itembank.importing.problems import file_problem
from itembank.importing.raw_document import Path
from itembank.importing.safe_xml import Element, XmlTree, local_name, parse_xml

_SUPPORTED = frozenset({"multichoice", "truefalse"})
_SKIPPED_REASONS = {
    "essay": "an essay question has no options",
    "shortanswer": "a short-answer question asks for typed text",
    "numerical": "a numerical question asks for a typed number",
    "calculated": "a calculated question asks for a computed number",
    "calculatedsimple": "a calculated question asks for a computed number",
    "calculatedmulti": "calculated multiple choice: its options are formulas computed per attempt",
    "cloze": "a cloze (embedded answers) question holds several sub-questions",
    "multianswer": "a cloze (embedded answers) question holds several sub-questions",
    "matching": "a matching question pairs items instead of choosing",
    "match": "a matching question pairs items instead of choosing",
    "randomsamatch": "random short-answer matching draws other questions",
    "description": "a description is text without a question",
    "ddwtos": "drag and drop into text",
    "ddimageortext": "drag and drop onto an image",
    "ddmarker": "drag and drop markers",
    "gapselect": "select missing words",
}


def read_moodle_xml(data: bytes) -> ForeignFile:
    tree = parse_xml(data)
    if tree.root.tag != "quiz":
        raise file_problem(
            f"not a Moodle XML question file: the root element is <{local_name(tree.root.tag)}>, "
            "expected <quiz>",
            line=tree.line(tree.root),
        )
    foreign = ForeignFile()
    category: str | None = None
    for number, element in enumerate(tree.root.findall("question"), start=1):
        question_type = (element.get("type") or "").strip().lower()
        path = f"question[{number}]"
        if question_type == "category":
            category = _text(element.find("category")) or category
            continue
        title = _text(element.find("name")) or None
        if question_type not in _SUPPORTED:
            foreign.skip(
                SkippedQuestion(
                    question_type=question_type or "(no type)",
                    line=tree.line(element),
                    title=title,
                    reason=_SKIPPED_REASONS.get(
                        question_type, "not a choice question Accredo can deliver"
                    ),
                    element=path,
                )
            )
            continue
        foreign.add(_question(tree, element, path, question_type, title, category))
    return foreign


def _question(
    tree: XmlTree,
    element: Element,
    path: str,
    question_type: str,
    title: str | None,
    category: str | None,
) -> ForeignQuestion:
    line = tree.line(element) or 0
    children, answers = _children(element)
    tags = children.get("tags")
    question = ForeignQuestion(
        line=line,
        stem=_formatted(children.get("questiontext")),
        answers=[],
        title=title,
        explicit_id=_own_text(children.get("idnumber")) or None,
        category=category,
        tags=[text for tag in (tags if tags is not None else ()) if (text := _text(tag))],
        general_feedback=_formatted(children.get("generalfeedback")) or None,
        true_false=question_type == "truefalse",
        element=path,
    )
    if question_type == "truefalse":
        question.single = True
    else:
        single = (_own_text(children.get("single")) or "true").lower()
        question.single = single not in ("false", "0")
    for number, answer in enumerate(answers, start=1):
        answer_line = tree.line(answer)
        raw_fraction = (answer.get("fraction") or "0").strip()
        try:
            weight = float(raw_fraction)
        except ValueError:
            weight = 0.0
            question.problems.append(
                (
                    "key",
                    answer_line,
                    f"answer[{number}] has fraction '{raw_fraction}', which is not a number; "
                    "use a percentage such as 100, 50 or 0",
                )
            )
        text = _formatted(answer)
        if question.true_false:
            text = {"true": "True", "false": "False"}.get(text.strip().lower(), text)
        question.answers.append(
            ForeignAnswer(
                text=text,
                weight=weight,
                feedback=_formatted(_children(answer)[0].get("feedback")) or None,
                line=answer_line,
            )
        )
    if any(
        "@@PLUGINFILE@@" in (text or "")
        for text in (question.stem, *(answer.text for answer in question.answers))
    ):
        question.notes.append(
            "the text refers to embedded files (@@PLUGINFILE@@), which are not imported"
        )
    return question


def _children(element: Element) -> tuple[dict[str, Element], list[Element]]:
    """The first child of each name, and the `<answer>`s in order: one pass, no path lookups
    (this walk is most of the time a 10,000-question file takes)."""
    named: dict[str, Element] = {}
    answers: list[Element] = []
    for child in element:
        tag = child.tag
        if tag == "answer":
            answers.append(child)
        elif isinstance(tag, str) and tag not in named:
            named[tag] = child
    return named, answers


def _own_text(element: Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def _text(element: Element | None) -> str:
    """The element's `<text>` child, stripped."""
    if element is None:
        return ""
    for child in element:
        if child.tag == "text":
            return (child.text or "").strip()
    return ""


def _formatted(element: Element | None) -> str:
    """The element's `<text>`, converted to Markdown when its format is HTML."""
    if element is None:
        return ""
    text = _text(element)
    text_format = (element.get("format") or "html").strip().lower()
    return html_to_markdown(text) if text_format == "html" else text


def moodle_field_name(path: Path) -> str | None:
    """Native field paths in Moodle XML's words: `answer[2]/feedback` for a rationale."""
    if not path:
        return None
    head = path[0]
    if head == "options":
        if len(path) >= 2 and isinstance(path[1], int):
            answer = f"answer[{path[1] + 1}]"
            if path[2:3] == ("rationale",):
                return f"{answer}/feedback"
            return f"{answer}/text" if path[2:3] == ("text",) else answer
        return "answer"
    names = {
        "id": "idnumber",
        "stem": "questiontext",
        "key": "answer/@fraction",
        "format": "single",
        "tags": "tags",
        "domain": "category",
    }
    return names.get(str(head), str(head))
