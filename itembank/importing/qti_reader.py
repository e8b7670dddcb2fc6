"""Read QTI 3.0: a content package (zip with `imsmanifest.xml`) or one `qti-assessment-item`.

An item is imported when its body holds exactly one `qti-choice-interaction`: its
`qti-simple-choice`s are the options (their identifiers the option ids), the declaration's
`qti-correct-response` the keys, its cardinality single or multiple the format, the body
text and `qti-prompt` the stem. Feedback is kept where it names a choice: a
`qti-feedback-inline` inside a choice, or a `qti-modal-feedback` whose identifier is a
choice's. `shuffle="false"` and `fixed="true"` have no Accredo equivalent (forms shuffle
every option) and are noted. Items with other interactions are listed as skipped.

In a package the items are the manifest's `imsqti_item_xmlv3p0` resources, in manifest
order; the LOM keywords of a resource are the item's tags (`kind:recall` and the like are
Accredo metadata, see `foreign_document`). Namespaces are matched by local name, so QTI
written with a default namespace or with prefixes reads the same. Problems in a package name
the member (`items/Q1.xml: qti-simple-choice[2]`) and the line inside it.
"""

from __future__ import annotations

from dataclasses import replace

from lxml import etree

from itembank.importing.foreign_question import (
    ForeignAnswer,
    ForeignFile,
    ForeignQuestion,
    SkippedQuestion,
)
from itembank.importing.html_text import html_to_markdown
from itembank.importing.problems import BankFileInvalid, file_problem
from itembank.importing.raw_document import Path
from itembank.importing.safe_xml import Element, XmlTree, local_name, new_parser, parse_xml
from itembank.importing.zip_package import ZipPackage, open_zip_package, resolve_href
from itembank.items import EXTERNAL_ID_PATTERN
from itembank.problems import Problem

MARKDOWN_CLASS = "accredo-markdown"
"""Accredo's export keeps Markdown text verbatim in elements of this class."""
ITEM_RESOURCE_TYPE = "imsqti_item_xmlv3p0"
_ZIP_SIGNATURE = b"PK\x03\x04"
_KEYWORD_TEXTS = etree.XPath(
    ".//*[local-name()='keyword']/*[local-name()='string']/text()", smart_strings=False
)
"""LOM keywords of a manifest resource, evaluated in C: a package lists thousands."""
_FEEDBACK = frozenset({"qti-feedback-inline", "qti-feedback-block", "qti-modal-feedback"})


def read_qti(data: bytes, max_bytes: int) -> ForeignFile:
    if data.startswith(_ZIP_SIGNATURE):
        return _read_package(open_zip_package(data, max_total_bytes=4 * max_bytes))
    foreign = ForeignFile()
    _read_item(foreign, parse_xml(data), member=None, tags=[], package=None)
    return foreign


def _read_package(package: ZipPackage) -> ForeignFile:
    if "imsmanifest.xml" not in package.names:
        raise file_problem(
            "the zip package has no imsmanifest.xml at its top level; a QTI 3.0 content "
            "package lists its items there"
        )
    parser = new_parser()
    manifest = parse_xml(package.read("imsmanifest.xml"), "imsmanifest.xml", parser)
    foreign = ForeignFile()
    other_types: set[str] = set()
    for resource in manifest.root.iter("{*}resource"):
        resource_type = resource.get("type") or ""
        if not resource_type.startswith(ITEM_RESOURCE_TYPE):
            other_types.add(resource_type)
            continue
        href = resource.get("href") or ""
        member = resolve_href("imsmanifest.xml", href)
        if member is None or member not in package.names:
            reason = (
                f"resource '{resource.get('identifier')}' points to '{href}', which is not in "
                "the package"
                if member is not None
                else f"resource href '{href}' points outside the package; refused"
            )
            foreign.problems.append(
                Problem(
                    item=None,
                    line=manifest.line(resource),
                    field="imsmanifest.xml",
                    reason=reason,
                )
            )
            continue
        try:
            tree = parse_xml(package.read(member), f"'{member}'", parser)
        except BankFileInvalid as error:
            foreign.problems.extend(replace(problem, field=member) for problem in error.problems)
            continue
        _read_item(foreign, tree, member=member, tags=_keywords(resource), package=package)
    if foreign.question_count == 0 and not foreign.problems:
        found = ", ".join(sorted(other_types - {""})) or "none"
        raise file_problem(
            f"the package lists no QTI 3.0 items (resource type {ITEM_RESOURCE_TYPE}); "
            f"resource types found: {found}. Export the questions as QTI 3.0 (QTI 1.2 and "
            "2.x packages, as Canvas and older tools write them, are not read)"
        )
    return foreign


def _keywords(resource: Element) -> list[str]:
    return [text.strip() for text in _KEYWORD_TEXTS(resource) if str(text).strip()]


def _read_item(
    foreign: ForeignFile,
    tree: XmlTree,
    member: str | None,
    tags: list[str],
    package: ZipPackage | None,
) -> None:
    root = tree.root
    name = local_name(root.tag)
    where = f"{member}: " if member else ""
    if name != "qti-assessment-item":
        hint = " (QTI 2.x; export it as QTI 3.0)" if name == "assessmentItem" else ""
        foreign.problems.append(
            Problem(
                item=None,
                line=tree.line(root),
                field=member,
                reason=f"{where}the root element is <{name}>{hint}, expected <qti-assessment-item>",
            )
        )
        return
    title = root.get("title")
    body = _child(root, "qti-item-body")
    interactions = [
        element
        for element in (body.iter() if body is not None else ())
        if isinstance(element.tag, str) and element.tag.endswith("-interaction")
    ]
    kinds = [local_name(element.tag) for element in interactions]
    if kinds != ["qti-choice-interaction"]:
        foreign.skip(
            SkippedQuestion(
                question_type=", ".join(kinds) or "no interaction",
                line=tree.line(root),
                title=title or root.get("identifier"),
                reason="Accredo imports items with exactly one qti-choice-interaction",
                element=member,
            )
        )
        return
    assert body is not None
    question = _question(tree, root, body, interactions[0], member, tags)
    _stimulus(tree, root, question, member, package)
    foreign.add(question)


def _stimulus(
    tree: XmlTree,
    root: Element,
    question: ForeignQuestion,
    member: str | None,
    package: ZipPackage | None,
) -> None:
    """The case study an item shows, from its `qti-assessment-stimulus-ref`."""
    refs = root.findall("{*}qti-assessment-stimulus-ref")
    if not refs:
        return
    ref = refs[0]
    href = ref.get("href") or ""
    target = resolve_href(member or "", href) if package is not None else None
    if package is None or target is None or target not in package.names:
        question.problems.append(
            (
                "item_set",
                tree.line(ref),
                f"the stimulus '{href}' the item refers to is not in the upload; upload the "
                "whole content package",
            )
        )
        return
    try:
        stimulus = parse_xml(package.read(target), f"'{target}'")
    except BankFileInvalid as error:
        question.problems.append(("item_set", None, f"{target}: {error.problems[0].reason}"))
        return
    body = _child(stimulus.root, "qti-stimulus-body")
    label, identifier = stimulus.root.get("label"), stimulus.root.get("identifier")
    set_id = next(
        (value for value in (label, identifier) if value and EXTERNAL_ID_PATTERN.fullmatch(value)),
        ref.get("identifier") or target,
    )
    question.item_set = (set_id, _content(body) if body is not None else "")


def _question(
    tree: XmlTree,
    root: Element,
    body: Element,
    interaction: Element,
    member: str | None,
    tags: list[str],
) -> ForeignQuestion:
    label, identifier = root.get("label"), root.get("identifier")
    explicit = next(
        (value for value in (label, identifier) if value and EXTERNAL_ID_PATTERN.fullmatch(value)),
        identifier,
    )
    question = ForeignQuestion(
        line=tree.line(root) or 0,
        stem="",
        answers=[],
        title=root.get("title"),
        explicit_id=explicit,
        tags=list(tags),
        element=member,
    )
    response_id = interaction.get("response-identifier") or ""
    declaration = next(
        (
            element
            for element in root.iterfind("{*}qti-response-declaration")
            if element.get("identifier") == response_id
        ),
        None,
    )
    keys: list[str] = []
    if declaration is None:
        question.problems.append(
            (
                "key",
                tree.line(interaction),
                f"no qti-response-declaration has the identifier '{response_id}' that the "
                "choice interaction answers to",
            )
        )
    else:
        cardinality = (declaration.get("cardinality") or "single").strip()
        question.single = cardinality == "single"
        correct = _child(declaration, "qti-correct-response")
        keys = [
            (value.text or "").strip()
            for value in (correct.iterfind("{*}qti-value") if correct is not None else ())
        ]
        if not keys:
            question.problems.append(
                (
                    "key",
                    tree.line(declaration),
                    "the response declaration has no qti-correct-response; give the right "
                    "choice identifier(s) in qti-value elements",
                )
            )
    prompt = _child(interaction, "qti-prompt")
    stem_parts = [_content(body, skip=interaction), _content(prompt) if prompt is not None else ""]
    question.stem = "\n\n".join(part for part in stem_parts if part)
    modal = {
        element.get("identifier"): _content(element)
        for element in root.iterfind("{*}qti-modal-feedback")
    }
    if (interaction.get("shuffle") or "false").strip() != "true":
        question.notes.append(
            "shuffle is off in the file: Accredo shuffles the options of every form"
        )
    choices = interaction.findall("{*}qti-simple-choice")
    weight = 100 / len(keys) if keys else 0
    for choice in choices:
        choice_id = (choice.get("identifier") or "").strip()
        text, inline = _choice_parts(choice)
        feedback = "\n\n".join(_content(element) for element in inline) or modal.pop(choice_id, "")
        if (choice.get("fixed") or "false").strip() == "true":
            question.notes.append(
                f"choice {choice_id} is fixed in place in the file: Accredo shuffles every option"
            )
        question.answers.append(
            ForeignAnswer(
                text=text,
                weight=weight if choice_id in keys else 0,
                feedback=feedback or None,
                line=tree.line(choice),
                choice_id=choice_id,
            )
        )
    known = {answer.choice_id for answer in question.answers}
    unknown = [key for key in keys if key not in known]
    if unknown:
        question.problems.append(
            (
                "key",
                tree.line(declaration) if declaration is not None else None,
                f"the correct response names {', '.join(unknown)}, which is not a choice of "
                f"the item (choices: {', '.join(sorted(k for k in known if k))})",
            )
        )
    leftover = [key for key, text in modal.items() if text]
    if leftover:
        question.notes.append(
            f"modal feedback {', '.join(str(key) for key in leftover)} does not name a choice "
            "and is not kept"
        )
    return question


def _choice_parts(choice: Element) -> tuple[str, list[Element]]:
    """A choice's text and its inline feedback elements, in one pass over its children."""
    inline: list[Element] = []
    verbatim: list[Element] = []
    other = False
    for child in choice:
        if local_name(child.tag) in _FEEDBACK:
            inline.append(child)
        elif MARKDOWN_CLASS in (child.get("class") or "").split():
            verbatim.append(child)
        else:
            other = True
    if verbatim and not other and not (choice.text or "").strip():
        return "\n\n".join(_text_of(child) for child in verbatim), inline
    return _content(choice, skip_names=_FEEDBACK), inline


def _child(element: Element, name: str) -> Element | None:
    """The first child named `name` in any namespace (or none)."""
    return element.find(f"{{*}}{name}")


def _content(
    element: Element, skip: Element | None = None, skip_names: frozenset[str] = _FEEDBACK
) -> str:
    """The element's content as Markdown; Accredo's verbatim Markdown blocks as written."""
    verbatim = [
        child
        for child in element
        if child is not skip and MARKDOWN_CLASS in (child.get("class") or "").split()
    ]
    if len(verbatim) == 1 and not len(verbatim[0]):
        return (verbatim[0].text or "").strip()
    if verbatim:
        return "\n\n".join(_text_of(child) for child in verbatim)
    return html_to_markdown(_inner_html(element, skip, skip_names))


def _text_of(element: Element) -> str:
    return "".join(element.itertext()).strip()


def _inner_html(element: Element, skip: Element | None, skip_names: frozenset[str]) -> str:
    parts = [_escape(element.text or "")]
    for child in element:
        name = local_name(child.tag)
        if child is not skip and name not in skip_names and name != "qti-prompt":
            parts.append(_outer_html(child))
        parts.append(_escape(child.tail or ""))
    return "".join(parts)


def _outer_html(element: Element) -> str:
    name = local_name(element.tag)
    attributes = "".join(
        f' {local_name(key)}="{_escape(value, quote=True)}"' for key, value in element.items()
    )
    inner = _inner_html(element, None, frozenset())
    if not inner and name in ("img", "br", "hr"):
        return f"<{name}{attributes}/>"
    return f"<{name}{attributes}>{inner}</{name}>"


def _escape(text: str, quote: bool = False) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;") if quote else text


def qti_field_name(path: Path) -> str | None:
    """Native field paths in QTI's words: `qti-simple-choice[2]` for the second option."""
    if not path:
        return None
    head = path[0]
    if head == "options":
        if len(path) >= 2 and isinstance(path[1], int):
            choice = f"qti-simple-choice[{path[1] + 1}]"
            if path[2:3] == ("rationale",):
                return f"{choice}/qti-feedback-inline"
            return choice
        return "qti-choice-interaction"
    names = {
        "id": "@label",
        "stem": "qti-item-body",
        "key": "qti-correct-response",
        "format": "qti-response-declaration/@cardinality",
    }
    return names.get(str(head), str(head))
