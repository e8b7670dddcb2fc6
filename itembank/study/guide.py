"""What a bank says about its domains: objectives, descriptions and study resources.

A certification program publishes an exam guide: each domain (here, an item's `domain`
code) is broken into objectives ("1.2 Choose a relative date filter"), and each has
reading to do before a retake. Item writers keep that guide next to their items, so the
bank file carries it (`domains:` in the native format) and a learner who falls short in a
domain is pointed at exactly the objectives and links the program chose.

Items may name the objective they measure (`objective:` on an item, a code from its
domain's objectives). That is what writers of real exam guides do (every item is mapped to
one objective), and it lets a study plan say which objectives were missed most instead of
listing all of them. Naming an objective is item *state*, like tags: it does not change
what a learner sees, so re-mapping an item never creates a revision or splits statistics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

OBJECTIVE_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}", re.ASCII)
"""Objective codes as exam guides write them: `1.2`, `RF-1`, `filters_dates`."""

MAX_TITLE_LENGTH = 200
MAX_DESCRIPTION_LENGTH = 4_000
MAX_URL_LENGTH = 2_000
MAX_OBJECTIVES_PER_DOMAIN = 50
MAX_RESOURCES = 20
"""Per domain and per objective: a reading list, not a library catalogue."""
MAX_DOMAINS = 500

RESOURCE_SCHEMES = ("https", "http")


@dataclass(frozen=True, slots=True)
class StudyResource:
    """A link a learner can follow: a title to show and an http(s) URL."""

    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Objective:
    id: str
    title: str
    description: str | None = None
    resources: tuple[StudyResource, ...] = ()


@dataclass(frozen=True, slots=True)
class DomainGuide:
    """One domain's part of the exam guide. Objectives and resources keep the file's order."""

    domain: str
    title: str | None = None
    description: str | None = None
    objectives: tuple[Objective, ...] = ()
    resources: tuple[StudyResource, ...] = ()

    def objective(self, objective_id: str) -> Objective | None:
        return next((o for o in self.objectives if o.id == objective_id), None)


def resource_url_problem(url: str) -> str | None:
    """Why `url` cannot be shown to learners as a link, or None when it can.

    Only absolute http(s) URLs with a host: a `javascript:` or `data:` link rendered by a
    learner's client would run or show whatever the writer put there. User information
    (`https://trusted.example@evil.example/`) is refused because it makes a link read as
    one site while going to another.
    """
    if len(url) > MAX_URL_LENGTH:
        return f"the URL is {len(url):,} characters long; the limit is {MAX_URL_LENGTH:,}"
    if any(character.isspace() or ord(character) < 0x20 for character in url):
        return "a URL must not contain spaces or control characters (encode a space as %20)"
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 -- raises ValueError on a malformed port
    except ValueError as error:
        return f"not a valid URL: {error}"
    if parts.scheme.lower() not in RESOURCE_SCHEMES:
        shown = f"'{parts.scheme}:'" if parts.scheme else "no scheme"
        return f"a study resource must be an https:// or http:// link; got {shown}"
    if not host:
        return "the URL has no host; write it in full, e.g. https://docs.example.org/page"
    if "@" in parts.netloc:
        return "a URL with user information (user@host) is not allowed; link to the page itself"
    return None
