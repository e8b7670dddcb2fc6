"""Plain values that describe what a credential says, independent of any database or web layer.

`credentials.achievement_credential` turns them into an Open Badges 3.0 document. They are
frozen so a value handed to the builder cannot change between building and signing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ResultStatus = Literal[
    "Completed", "Enrolled", "Failed", "InProgress", "OnHold", "Provisional", "Withdrew"
]


@dataclass(frozen=True, slots=True)
class IssuerProfile:
    """The organisation that issues (``issuer``) and defines (``creator``) achievements.

    ``id`` is the URL of the issuer's controller document, which lists its signing keys.
    """

    id: str
    name: str
    url: str | None = None
    email: str | None = None
    image_url: str | None = None


@dataclass(frozen=True, slots=True)
class ResultDescription:
    """What a result means, e.g. a percentage score with a pass mark (``required_value``)."""

    id: str
    name: str
    result_type: str = "Percent"
    value_min: str | None = None
    value_max: str | None = None
    required_value: str | None = None


@dataclass(frozen=True, slots=True)
class Achievement:
    """The certification a credential is for.

    ``tier`` (foundation, practitioner, expert, ...) is written as the tag ``tier:<tier>``:
    OB 3.0 has no tier property, and a prefixed tag stays machine-readable next to free tags.
    """

    id: str
    name: str
    description: str
    criteria_narrative: str
    image_url: str | None = None
    image_caption: str | None = None
    criteria_url: str | None = None
    tier: str | None = None
    achievement_type: str = "Certification"
    tags: tuple[str, ...] = ()
    creator: IssuerProfile | None = None
    result_descriptions: tuple[ResultDescription, ...] = ()


@dataclass(frozen=True, slots=True)
class HashedEmail:
    """An earner's email address as a salted hash (see `credentials.identity_hash`)."""

    email: str
    salt: str


@dataclass(frozen=True, slots=True)
class Subject:
    """The earner. ``id`` is a DID or ``urn:uuid:``; the email travels only as a hash.

    ``display_name`` is written as an unhashed ``IdentityObject`` of type ``name``, the
    OB 3.0 way to name the earner (AchievementSubject has no name property of its own).
    """

    id: str | None
    display_name: str | None = None
    email: HashedEmail | None = None


@dataclass(frozen=True, slots=True)
class Result:
    """One result the earner obtained, pointing at a `ResultDescription` of the achievement."""

    result_description_id: str
    value: str
    status: ResultStatus | None = None
