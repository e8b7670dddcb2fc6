"""Write a bank as Moodle XML, which Moodle's question bank imports and Accredo re-imports.

Each item is a `multichoice` question (`<single>` true for single-response items; a
multiple-response item's keys share 100% equally) with its Markdown texts in
`format="markdown"`, its external id as `<name>` and `<idnumber>`, each option's rationale as
its answer feedback, and its kind, tiers and status as tags `kind:...`, `tier:...` and
`status:...` next to its own tags. The domain is the category: `$course$/top/a/b` for
`a.b`, a category question written whenever the domain changes. Moodle has no item sets: a
case-study text is written before the stem, so it becomes part of the stem on re-import.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Sequence

from itembank.items import Item, ResponseFormat


def export_moodle_xml(items: Sequence[Item]) -> bytes:
    quiz = ElementTree.Element("quiz")
    domain: str | None = None
    for item in items:
        if item.content.domain != domain:
            domain = item.content.domain
            quiz.append(_category(domain))
        quiz.append(_question(item))
    ElementTree.indent(quiz, space="  ")
    body = ElementTree.tostring(quiz, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'.encode()


def moodle_category(domain: str) -> str:
    return "$course$/top/" + "/".join(domain.split("."))


def _category(domain: str) -> ElementTree.Element:
    question = ElementTree.Element("question", type="category")
    category = ElementTree.SubElement(question, "category")
    ElementTree.SubElement(category, "text").text = moodle_category(domain)
    return question


def _question(item: Item) -> ElementTree.Element:
    content = item.content
    question = ElementTree.Element("question", type="multichoice")
    _text(question, "name", item.external_id)
    stem = content.stem
    if content.item_set is not None:
        stem = f"{content.item_set.stimulus}\n\n---\n\n{stem}"
    _text(question, "questiontext", stem, text_format="markdown")
    _text(question, "generalfeedback", "", text_format="markdown")
    ElementTree.SubElement(question, "defaultgrade").text = "1"
    ElementTree.SubElement(question, "penalty").text = "0"
    ElementTree.SubElement(question, "hidden").text = "0"
    ElementTree.SubElement(question, "idnumber").text = item.external_id
    single = content.response_format is ResponseFormat.SINGLE
    ElementTree.SubElement(question, "single").text = "true" if single else "false"
    ElementTree.SubElement(question, "shuffleanswers").text = "true"
    ElementTree.SubElement(question, "answernumbering").text = "abc"
    share = _fraction(100 / len(content.keys))
    for option in content.options:
        fraction = share if option.id in content.keys else "0"
        answer = ElementTree.SubElement(question, "answer", fraction=fraction, format="markdown")
        ElementTree.SubElement(answer, "text").text = option.text
        _text(answer, "feedback", option.rationale or "", text_format="markdown")
    tags = ElementTree.SubElement(question, "tags")
    metadata = [
        f"kind:{content.kind.value}",
        *(f"tier:{tier.value}" for tier in content.tiers),
        f"status:{item.status.value}",
    ]
    for tag in (*metadata, *item.tags):
        ElementTree.SubElement(ElementTree.SubElement(tags, "tag"), "text").text = tag
    return question


def _fraction(value: float) -> str:
    """Moodle's own spelling of shares: 100, 50, 33.33333, 16.66667."""
    return f"{value:.5f}".rstrip("0").rstrip(".")


def _text(
    parent: ElementTree.Element, name: str, text: str, text_format: str | None = None
) -> None:
    element = ElementTree.SubElement(parent, name)
    if text_format is not None:
        element.set("format", text_format)
    ElementTree.SubElement(element, "text").text = text
