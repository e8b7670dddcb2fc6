"""Turn the questions of a foreign file into the native raw document, deciding what it lacks.

The decisions, the same for every foreign format (README "Importing other formats"):

- **id**: the file's own id when it is a valid Accredo id (Moodle `<idnumber>`, GIFT
  `// [id:...]`, QTI `label` or `identifier`); otherwise `<prefix>-<title>` from the question's
  title (Moodle `<name>`, GIFT `::title::`), made safe; otherwise `<prefix>-<position>` (the
  question's 1-based position among all questions of the file, four digits). The prefix is
  the request's `idPrefix`, else the file name without extension. A derived id already taken
  gets `-2`, `-3`, ...
- **kind, domain, tiers, status**: tags `kind:<kind>`, `domain:<domain>`, `tier:<tier>` and
  `status:<status>` on the question are Accredo metadata (this is how Accredo's own Moodle XML
  and QTI exports carry them) and win; then the first mapping rule that matches and sets the
  field; then, for the domain only, the category path (each segment lowercased, runs of other
  characters than letters and digits as `_`, segments joined by dots: `$course$/top/Data
  Modeling/Keys` is `data_modeling.keys`); then the defaults. Kind, domain or tiers still
  unknown is a problem naming the item.
- **keys**: from the answers' credit. A single-response question's key is its answer worth
  100%; partial credit has no Accredo equivalent and is noted. A multiple-response
  question's keys are its answers worth more than 0%, which must add up to 100% (within
  0.001%); unequal shares and penalties are noted.
- **rationales**: an answer's feedback is its option's rationale; the general feedback is
  added to the rationale of each key.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Sequence

from itembank.importing.foreign_question import ForeignFile, ForeignQuestion, ItemAssumption
from itembank.importing.import_options import ImportOptions, category_segments
from itembank.importing.raw_document import Path, RawDocument, native_field_name
from itembank.items import (
    DOMAIN_PATTERN,
    EXTERNAL_ID_PATTERN,
    MAX_DOMAIN_LENGTH,
    Kind,
    Tier,
)
from itembank.problems import Problem

WEIGHT_TOLERANCE = 0.001
OPTION_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_METADATA_TAG = re.compile(r"(kind|domain|tiers?|status)\s*:\s*(.+)", re.IGNORECASE)
_UNSAFE_ID_CHARACTERS = re.compile(r"[^A-Za-z0-9._-]+")
_NOT_DOMAIN_WORD = re.compile(r"[^a-z0-9]+")


FieldNames = Callable[[Path], str | None]


class ForeignSourceMap:
    """Lines of items and answers; field names in the format's own words when it has them."""

    def __init__(
        self, questions: Sequence[ForeignQuestion], field_names: FieldNames, separator: str
    ) -> None:
        self._questions = questions
        self._field_names = field_names
        self._separator = separator

    def line_of(self, path: Path) -> int | None:
        if len(path) < 2 or path[0] != "items" or not isinstance(path[1], int):
            return None
        question = self._questions[path[1]]
        if (
            len(path) >= 4
            and path[2] == "options"
            and isinstance(path[3], int)
            and path[3] < len(question.answers)
        ):
            return question.answers[path[3]].line or question.line
        return question.line

    def field_of(self, path: Path) -> str | None:
        if len(path) >= 2 and path[0] == "items" and isinstance(path[1], int):
            element = self._questions[path[1]].element
            name = self._field_names(path[2:]) if len(path) > 2 else None
            if element:
                return f"{element}{self._separator}{name}" if name else element
            return name
        return native_field_name(path)


def build_document(
    foreign: ForeignFile,
    options: ImportOptions,
    *,
    default_prefix: str,
    field_names: FieldNames = native_field_name,
    element_separator: str = "/",
) -> tuple[RawDocument, tuple[ItemAssumption, ...]]:
    """The native raw document of the file's supported questions, and what was assumed.

    A problem's field is the question's element (`question[3]`, or a package member) joined
    by `element_separator` to the field in the format's words.
    """
    builder = _Builder(foreign, options, _prefix(options.id_prefix or default_prefix))
    items = builder.build()
    source_map = ForeignSourceMap(foreign.questions, field_names, element_separator)
    root: dict[str, object] = {"items": items}
    if builder.item_sets:
        root["item_sets"] = [
            {"id": set_id, "stimulus": stimulus} for set_id, stimulus in builder.item_sets.items()
        ]
    problems = list(foreign.problems)
    for index, field, line, reason in builder.problems:
        path: Path = ("items", index, field) if field else ("items", index)
        problems.append(
            Problem(
                item=str(items[index]["id"]),
                line=line if line is not None else source_map.line_of(path),
                field=source_map.field_of(path),
                reason=reason,
            )
        )
    explained = set(builder.explained)
    if not items:
        explained.add(("items",))
        if not problems:
            problems.append(_no_items_problem(foreign))
    document = RawDocument(
        root=root,
        source_map=source_map,
        problems=tuple(problems),
        explained=frozenset(explained),
    )
    return document, tuple(builder.assumptions)


def _no_items_problem(foreign: ForeignFile) -> Problem:
    if foreign.skipped:
        kinds = sorted({skipped.question_type for skipped in foreign.skipped})
        reason = (
            f"the file has no question Accredo can import: its {len(foreign.skipped)} "
            f"question(s) are of unsupported types ({', '.join(kinds)}); Accredo imports "
            "single- and multiple-response choice questions and true/false"
        )
    else:
        reason = "the file has no questions"
    return Problem(item=None, line=None, field=None, reason=reason)


def _prefix(text: str) -> str:
    slug = _slug(text)[:24].strip("._-")
    return slug or "Q"


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _UNSAFE_ID_CHARACTERS.sub("-", ascii_text).strip("._-")


@functools.lru_cache(maxsize=1024)
def domain_from_category(segments: tuple[str, ...]) -> str | None:
    """`("data modeling", "keys")` -> `data_modeling.keys`, or None if nothing usable is left."""
    words = []
    for segment in segments:
        ascii_text = unicodedata.normalize("NFKD", segment).encode("ascii", "ignore").decode()
        word = _NOT_DOMAIN_WORD.sub("_", ascii_text.lower()).strip("_")
        if not word:
            continue
        words.append(word if word[0].isalpha() else f"n{word}")
    domain = ".".join(words)
    if not domain or len(domain) > MAX_DOMAIN_LENGTH or not DOMAIN_PATTERN.fullmatch(domain):
        return None
    return domain


class _Builder:
    def __init__(self, foreign: ForeignFile, options: ImportOptions, prefix: str) -> None:
        self._foreign = foreign
        self._options = options
        self._prefix = prefix
        self.problems: list[tuple[int, str | None, int | None, str]] = []
        self.explained: set[Path] = set()
        self.assumptions: list[ItemAssumption] = []
        self.item_sets: dict[str, str] = {}

    def build(self) -> list[dict[str, object]]:
        questions = self._foreign.questions
        explicit = [self._explicit_id(question) for question in questions]
        taken = {external_id for external_id in explicit if external_id is not None}
        items = []
        for index, question in enumerate(questions):
            notes = list(question.notes)
            external_id = explicit[index]
            if external_id is None:
                external_id = self._derived_id(question, self._foreign.positions[index], taken)
                taken.add(external_id)
                if question.explicit_id:
                    notes.append(
                        f"id '{question.explicit_id}' is not a valid Accredo id; used {external_id}"
                    )
            item: dict[str, object] = {"id": external_id}
            assumed = self._metadata(index, question, item)
            self._answers(index, question, item, notes)
            self._item_set(index, question, item)
            for field, line, reason in question.problems:
                self._problem(index, field, line, reason)
            items.append(item)
            if assumed or notes:
                self.assumptions.append(
                    ItemAssumption(
                        item=external_id,
                        line=question.line,
                        assumed=tuple(assumed),
                        notes=tuple(notes),
                    )
                )
        return items

    def _item_set(self, index: int, question: ForeignQuestion, item: dict[str, object]) -> None:
        if question.item_set is None:
            return
        set_id, stimulus = question.item_set
        item["item_set"] = set_id
        known = self.item_sets.setdefault(set_id, stimulus)
        if known.strip() != stimulus.strip():
            self._problem(
                index,
                "item_set",
                None,
                f"stimulus '{set_id}' has a different text here than for an earlier item; "
                "items of one case study must share one stimulus",
            )

    def _explicit_id(self, question: ForeignQuestion) -> str | None:
        given = (question.explicit_id or "").strip()
        return given if given and EXTERNAL_ID_PATTERN.fullmatch(given) else None

    def _derived_id(self, question: ForeignQuestion, position: int, taken: set[str]) -> str:
        title = _slug(question.title or "")
        room = 64 - len(self._prefix) - 1 - 4
        base = f"{self._prefix}-{title[:room].strip('._-')}" if title else ""
        if not title or not EXTERNAL_ID_PATTERN.fullmatch(base):
            base = f"{self._prefix}-{position:04d}"
        candidate, suffix = base, 2
        while candidate in taken:
            candidate, suffix = f"{base}-{suffix}", suffix + 1
        return candidate

    def _problem(self, index: int, field: str | None, line: int | None, reason: str) -> None:
        self.problems.append((index, field, line, reason))
        if field:
            self.explained.add(("items", index, field))

    def _metadata(
        self, index: int, question: ForeignQuestion, item: dict[str, object]
    ) -> list[tuple[str, str]]:
        tags: list[str] = []
        from_file: dict[str, object] = {}
        for tag in question.tags:
            match = _METADATA_TAG.fullmatch(tag.strip())
            if match is None:
                tags.append(tag)
                continue
            name, value = match.group(1).lower(), match.group(2).strip()
            if name.startswith("tier"):
                tiers = from_file.setdefault("tiers", [])
                assert isinstance(tiers, list)
                tiers.append(value)
            else:
                from_file[name] = value
        if tags:
            item["tags"] = tags
        assumed: list[tuple[str, str]] = []
        segments = category_segments(question.category) if question.category else ()
        lowered_tags = {tag.strip().lower() for tag in tags}
        for name in ("kind", "domain", "tiers"):
            if name in from_file:
                item[name] = from_file[name]
                continue
            value, source = self._decide(name, segments, lowered_tags)
            if value is None:
                self._undecided(index, question, name)
                continue
            item[name] = value
            assumed.append((name, source))
        if "status" in from_file:
            item["status"] = from_file["status"]
        elif self._options.default_status is not None:
            item["status"] = self._options.default_status.value
            assumed.append(("status", "default"))
        return assumed

    def _decide(
        self, name: str, segments: tuple[str, ...], tags: set[str]
    ) -> tuple[object | None, str]:
        for number, rule in enumerate(self._options.rules, start=1):
            value = _rule_value(rule.kind, rule.domain, rule.tiers, name)
            if value is None:
                continue
            if rule.category is not None and segments[: len(rule.category)] == rule.category:
                return value, rule.describe(number)
            if rule.tag is not None and rule.tag in tags:
                return value, rule.describe(number)
        if name == "domain" and segments:
            domain = domain_from_category(segments)
            if domain is not None:
                return domain, f"category {'/'.join(segments)}"
        default = {
            "kind": self._options.default_kind,
            "domain": self._options.default_domain,
            "tiers": self._options.default_tiers,
        }[name]
        if default is None:
            return None, ""
        value = [tier.value for tier in default] if isinstance(default, tuple) else str(default)
        return value, "default"

    def _undecided(self, index: int, question: ForeignQuestion, name: str) -> None:
        where = []
        if question.category:
            where.append(f"category '{question.category}'")
        if question.tags:
            where.append(f"tags {', '.join(question.tags)}")
        found = f" ({'; '.join(where)})" if where else ""
        words = {
            "kind": ", ".join(kind.value for kind in Kind),
            "tiers": ", ".join(tier.value for tier in Tier),
            "domain": "a domain such as reporting.filters",
        }[name]
        self._problem(
            index,
            name,
            None,
            f"{name} cannot be decided: no mapping rule matches the question{found} and the "
            f"import sets no default {name}; add a rule or a default {name} ({words}), or a "
            f"tag {name.rstrip('s')}:<value>",
        )

    def _answers(
        self, index: int, question: ForeignQuestion, item: dict[str, object], notes: list[str]
    ) -> None:
        item["stem"] = question.stem
        letters = iter(OPTION_LETTERS)
        option_ids = [answer.choice_id or next(letters, "?") for answer in question.answers]
        positives = [i for i, answer in enumerate(question.answers) if answer.weight > 0]
        full = [i for i in positives if question.answers[i].weight >= 100 - WEIGHT_TOLERANCE]
        single = question.single
        if single is None:
            single = len(positives) <= 1 or len(full) == len(positives) == 1
        if not single and len(positives) == 1 and full:
            notes.append("only one answer earns credit: imported as a single-response item")
            single = True
        item["format"] = "single" if single else "multiple"
        keys = self._keys(index, question, single, positives, full, notes)
        options = []
        for position, answer in enumerate(question.answers):
            option: dict[str, object] = {"id": option_ids[position], "text": answer.text}
            rationale = answer.feedback or ""
            if keys is not None and position in keys and question.general_feedback:
                rationale = f"{rationale}\n\n{question.general_feedback}".strip()
            if rationale.strip():
                option["rationale"] = rationale
            options.append(option)
        item["options"] = options
        if keys is not None:
            item["key"] = [option_ids[position] for position in keys]
        if question.general_feedback and keys is None:
            notes.append("general feedback not kept: the item has no key")
        penalties = [
            option_ids[i] for i, answer in enumerate(question.answers) if answer.weight < 0
        ]
        if penalties:
            notes.append(
                f"negative credit on {', '.join(penalties)} dropped: Accredo scores a wrong "
                "answer as 0"
            )

    def _keys(
        self,
        index: int,
        question: ForeignQuestion,
        single: bool,
        positives: list[int],
        full: list[int],
        notes: list[str],
    ) -> list[int] | None:
        answers = question.answers
        if any(field == "key" for field, _, _ in question.problems):
            return None
        if question.true_false and len(full) != 1:
            reason = (
                "no answer is worth 100%" if not full else f"{len(full)} answers are worth 100%"
            )
            self._problem(
                index,
                "key",
                None,
                f"true/false question: {reason}; exactly one of true and false must be right",
            )
            return None
        if single:
            if not full:
                self._problem(
                    index,
                    "key",
                    None,
                    "no answer is worth 100%: a single-response question needs exactly one "
                    'right answer (= in GIFT, fraction="100" in Moodle XML)',
                )
                return None
            if len(full) > 1:
                self._problem(
                    index,
                    "key",
                    answers[full[1]].line,
                    f"{len(full)} answers are worth 100% in a single-response question; give "
                    "exactly one right answer, or make it a multiple-response question",
                )
                return None
            partial = [i for i in positives if i not in full]
            if partial:
                shares = ", ".join(
                    f"{OPTION_LETTERS[i]}={_percent(answers[i].weight)}" for i in partial
                )
                notes.append(
                    f"partial credit ({shares}) has no Accredo equivalent: those options are "
                    "scored as wrong"
                )
            return full
        total = sum(answers[i].weight for i in positives)
        if not positives:
            self._problem(
                index,
                "key",
                None,
                "no answer earns credit: mark the right answer with = (GIFT) or "
                'fraction="100" (Moodle XML), or share 100% among several right answers',
            )
            return None
        if abs(total - 100) > WEIGHT_TOLERANCE:
            listed = " + ".join(_percent(answers[i].weight) for i in positives)
            lines = sorted({line for i in positives if (line := answers[i].line) is not None})
            where = f" (answers on line {', '.join(map(str, lines))})" if lines else ""
            self._problem(
                index,
                "key",
                None,
                f"the positive answer weights add up to {_percent(total)} ({listed}){where}, "
                "not 100%: a multiple-response question's right answers must share 100%",
            )
            return None
        if len({round(answers[i].weight, 3) for i in positives}) > 1:
            shares = ", ".join(_percent(answers[i].weight) for i in positives)
            notes.append(
                f"unequal credit ({shares}) becomes equal keys: Accredo scores a "
                "multiple-response item all or nothing"
            )
        return positives


def _percent(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".") + "%"


def _rule_value(
    kind: Kind | None, domain: str | None, tiers: tuple[Tier, ...] | None, name: str
) -> object | None:
    if name == "kind":
        return kind.value if kind is not None else None
    if name == "domain":
        return domain
    return [tier.value for tier in tiers] if tiers is not None else None
