"""Check the `domains:` part of a native bank file: the exam guide of each domain.

Every problem is reported with its path (`domains[2].objectives[1].resources[3].url`) and
line, like the items' problems; a domain whose description is invalid is left out of the
result, so nothing half-checked is stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from itembank.importing.field_readers import (
    check_known_fields,
    describe,
    read_list,
    read_text,
    shorten,
)
from itembank.importing.native_format import DOMAIN_FIELDS, OBJECTIVE_FIELDS, RESOURCE_FIELDS
from itembank.importing.problem_log import ProblemLog
from itembank.importing.raw_document import Path
from itembank.items import DOMAIN_PATTERN, MAX_DOMAIN_LENGTH
from itembank.study import (
    MAX_DESCRIPTION_LENGTH,
    MAX_DOMAINS,
    MAX_OBJECTIVES_PER_DOMAIN,
    MAX_RESOURCES,
    MAX_TITLE_LENGTH,
    OBJECTIVE_ID_PATTERN,
    DomainGuide,
    Objective,
    StudyResource,
    resource_url_problem,
)

OBJECTIVE_ID_RULE = "use 1-32 letters, digits, '.', '_' or '-', starting with a letter or digit"


@dataclass(frozen=True, slots=True)
class DomainGuides:
    """The valid descriptions, and every objective id each described domain declares.

    `declared` includes the objectives of a description that has problems elsewhere, so the
    items that name them are not blamed as well: each mistake is reported once.
    """

    guides: dict[str, DomainGuide]
    declared: dict[str, frozenset[str]]


def read_domain_guides(log: ProblemLog, root: Mapping[str, object]) -> DomainGuides:
    """The domain descriptions of the file, by domain code, in file order."""
    entries = read_list(log, root, (), "domains", "[{domain: reporting.filters, title: ...}]")
    if not entries:
        return DomainGuides({}, {})
    if len(entries) > MAX_DOMAINS:
        log.add(("domains",), f"{len(entries):,} domains are described; the limit is {MAX_DOMAINS}")
        return DomainGuides({}, {})
    guides: dict[str, DomainGuide] = {}
    declared: dict[str, frozenset[str]] = {}
    first_index: dict[str, int] = {}
    for index, raw in enumerate(entries):
        path: Path = ("domains", index)
        if not isinstance(raw, dict):
            log.add(
                path,
                f"domain {index + 1} must be a mapping with domain, title, objectives, "
                f"resources; got {describe(raw)}",
            )
            continue
        before = log.count()
        check_known_fields(log, raw, path, DOMAIN_FIELDS, "domain")
        domain = _read_domain_code(log, raw, path)
        title = read_text(log, raw, path, "title", max_length=MAX_TITLE_LENGTH)
        description = read_text(log, raw, path, "description", max_length=MAX_DESCRIPTION_LENGTH)
        objectives = _read_objectives(log, raw, path)
        resources = _read_resources(log, raw, path)
        if domain is not None and domain in first_index:
            log.add(
                (*path, "domain"),
                f"domain '{domain}' is described twice (first on line "
                f"{log.line_of(('domains', first_index[domain]))}); describe it once",
            )
            continue
        if domain is None:
            continue
        first_index[domain] = index
        declared[domain] = frozenset(objective.id for objective in objectives)
        if log.count() != before:
            continue
        guides[domain] = DomainGuide(
            domain=domain,
            title=title,
            description=description,
            objectives=objectives,
            resources=resources,
        )
    return DomainGuides(guides, declared)


def _read_domain_code(log: ProblemLog, raw: Mapping[str, object], path: Path) -> str | None:
    domain = read_text(
        log,
        raw,
        path,
        "domain",
        max_length=1_000,
        required="the domain code its items use, e.g. reporting.filters",
    )
    if domain is None:
        return None
    if len(domain) > MAX_DOMAIN_LENGTH or not DOMAIN_PATTERN.fullmatch(domain):
        log.add(
            (*path, "domain"),
            f"invalid domain '{shorten(domain)}': use the code the items use (lowercase words "
            "joined by dots, e.g. reporting.filters)",
        )
        return None
    return domain


def _read_objectives(
    log: ProblemLog, raw: Mapping[str, object], path: Path
) -> tuple[Objective, ...]:
    entries = read_list(log, raw, path, "objectives", "[{id: '1.1', title: ...}]") or []
    if len(entries) > MAX_OBJECTIVES_PER_DOMAIN:
        log.add(
            (*path, "objectives"),
            f"{len(entries)} objectives; the limit is {MAX_OBJECTIVES_PER_DOMAIN} per domain",
        )
        return ()
    objectives: list[Objective] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        objective_path: Path = (*path, "objectives", index)
        if not isinstance(entry, dict):
            log.add(
                objective_path,
                f"objective {index + 1} must be a mapping with id and title; got {describe(entry)}",
            )
            continue
        check_known_fields(log, entry, objective_path, OBJECTIVE_FIELDS, "objective")
        objective_id = read_objective_id(log, entry, objective_path, "id")
        title = read_text(
            log,
            entry,
            objective_path,
            "title",
            max_length=MAX_TITLE_LENGTH,
            required="what the learner must be able to do, e.g. Choose a relative date filter",
        )
        description = read_text(
            log, entry, objective_path, "description", max_length=MAX_DESCRIPTION_LENGTH
        )
        resources = _read_resources(log, entry, objective_path)
        if objective_id is not None and objective_id in seen:
            log.add((*objective_path, "id"), f"objective '{objective_id}' is listed twice")
            continue
        if objective_id is None or title is None:
            continue
        seen.add(objective_id)
        objectives.append(
            Objective(id=objective_id, title=title, description=description, resources=resources)
        )
    return tuple(objectives)


def read_objective_id(
    log: ProblemLog, raw: Mapping[str, object], path: Path, name: str
) -> str | None:
    required = "the objective's code, e.g. '1.2'" if name == "id" else None
    value = read_text(log, raw, path, name, max_length=1_000, required=required)
    if value is not None and not OBJECTIVE_ID_PATTERN.fullmatch(value):
        log.add((*path, name), f"invalid objective id '{shorten(value)}': {OBJECTIVE_ID_RULE}")
        return None
    return value


def _read_resources(
    log: ProblemLog, raw: Mapping[str, object], path: Path
) -> tuple[StudyResource, ...]:
    example = "[{title: Filters guide, url: 'https://docs.example.org/filters'}]"
    entries = read_list(log, raw, path, "resources", example) or []
    if len(entries) > MAX_RESOURCES:
        log.add((*path, "resources"), f"{len(entries)} resources; the limit is {MAX_RESOURCES}")
        return ()
    resources: list[StudyResource] = []
    for index, entry in enumerate(entries):
        resource_path: Path = (*path, "resources", index)
        if not isinstance(entry, dict):
            log.add(
                resource_path,
                f"resource {index + 1} must be a mapping with title and url; got {describe(entry)}",
            )
            continue
        check_known_fields(log, entry, resource_path, RESOURCE_FIELDS, "resource")
        title = read_text(
            log,
            entry,
            resource_path,
            "title",
            max_length=MAX_TITLE_LENGTH,
            required="the link text a learner sees",
        )
        url = read_text(
            log,
            entry,
            resource_path,
            "url",
            max_length=10_000,
            required="an https:// link to the page",
        )
        if url is not None:
            problem = resource_url_problem(url)
            if problem is not None:
                log.add((*resource_path, "url"), problem)
                url = None
        if title is not None and url is not None:
            resources.append(StudyResource(title=title, url=url))
    return tuple(resources)
