"""What the public credential page shows: only what the credential itself states, plus status.

No email, no attempt details (a score appears only when the credential carries it). Values are
plain strings; the template escapes them (autoescape), so markup in a name stays text, and
puts names in ``<bdi>`` in the body. Titles and meta tags cannot hold markup, so they carry
names isolated with FSI ... PDI (``service.public.bidi``).

Names, description and criteria come from the signed document of the version shown (an old
version shows what it was issued with); the certification row fills in only what a document
lacks. The verdict, the chip and the share links follow the verification report alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from litestar import Request

from credentials.presentation import (
    LinkedInCertification,
    add_to_profile_url,
    isolate,
    long_date,
    share_url,
    tier_display_name,
)
from service.credentials.urls import achievement_image_url, credential_url
from service.keys.documents import issuer_profile
from service.keys.urls import issuer_id
from service.public import credential_facts as facts
from service.public.shown import ShownVersion
from service.public.verdict import PlainVerdict
from service.settings import Settings


@dataclass(frozen=True)
class CredentialPage:
    url: str
    version_url: str
    credential_id: str
    version: int
    is_current: bool
    verdict: PlainVerdict
    holder_name: str
    achievement: str
    tier: str
    description: str
    criteria: str
    badge_image_url: str
    issuer_name: str
    issuer_url: str
    issuer_image_url: str | None
    awarded_on: str
    issued_on: str
    expires_on: str | None
    has_expired: bool
    status_date_label: str | None
    status_date: str | None
    score: str | None
    title: str
    meta_description: str
    linkedin_add_url: str
    linkedin_share_url: str
    linkedin_fields: list[tuple[str, str]]
    qr_svg: str
    share_image_url: str
    links: dict[str, str] = field(default_factory=dict)


def _score(document: dict[str, Any]) -> str | None:
    results = facts.subject(document).get("result") or []
    value = results[0].get("value") if results and isinstance(results[0], dict) else None
    return f"{value}%" if isinstance(value, str) else None


def version_links(url: str, version: int | None) -> dict[str, str]:
    """Every download of one version; ``version=None`` is the current one."""
    query = f"version={version}" if version is not None else ""
    amp = f"&{query}" if query else ""
    ask = f"?{query}" if query else ""
    return {
        "PDF certificate (A4)": f"{url}/certificate.pdf?size=a4{amp}",
        "PDF certificate (US Letter)": f"{url}/certificate.pdf?size=letter{amp}",
        "Badge (PNG, credential baked in)": f"{url}/badge.png{ask}",
        "Badge (SVG, credential baked in)": f"{url}/badge.svg{ask}",
        "Credential (JSON-LD)": f"{url}?format=json{amp}",
        "Credential (VC-JWT)": f"{url}.jwt{ask}",
        "Share image": f"{url}/share.png{ask}",
    }


STATUS_DATE_LABELS = {
    "revoked": "Revoked on",
    "suspended": "Suspended on",
    "superseded": "Replaced on",
}


def credential_page(
    settings: Settings, shown: ShownVersion, verdict: PlainVerdict, qr_svg: str
) -> CredentialPage:
    credential, certification, document = shown.credential, shown.certification, shown.document
    url = credential_url(settings, credential.public_id)
    pinned = None if shown.is_current else shown.version
    version_url = url if pinned is None else f"{url}?version={pinned}"
    issuer = issuer_profile(settings)
    holder = facts.holder_name(document) or credential.holder_name
    achievement = facts.achievement_name(document) or certification.name
    issuer_name = facts.issuer_name(document) or issuer.name
    valid_from, valid_until = shown.valid_from, shown.valid_until
    entry = LinkedInCertification(
        name=achievement,
        issued_on=valid_from.date(),
        expires_on=valid_until.date() if valid_until else None,
        credential_url=url,
        credential_id=credential.public_id,
        organization_name=issuer_name,
    )
    fields = [
        ("Name", achievement),
        ("Issuing organization", issuer_name),
        ("Issue date", valid_from.strftime("%B %Y")),
        ("Expiration date", valid_until.strftime("%B %Y") if valid_until else "Does not expire"),
        ("Credential ID", credential.public_id),
        ("Credential URL", url),
    ]
    label = STATUS_DATE_LABELS.get(verdict.verdict.value)
    return CredentialPage(
        url=url,
        version_url=version_url,
        credential_id=credential.public_id,
        version=shown.version,
        is_current=shown.is_current,
        verdict=verdict,
        holder_name=holder,
        achievement=achievement,
        tier=tier_display_name(certification.tier),
        description=facts.achievement_description(document) or certification.description,
        criteria=facts.criteria(document) or certification.criteria,
        badge_image_url=achievement_image_url(settings, certification.id),
        issuer_name=issuer_name,
        issuer_url=issuer_id(settings),
        issuer_image_url=facts.issuer_image(document) or issuer.image_url,
        awarded_on=long_date(credential.awarded_date.date()),
        issued_on=long_date(valid_from.date()),
        expires_on=long_date(valid_until.date()) if valid_until else None,
        has_expired=verdict.verdict.value == "expired",
        status_date_label=label,
        status_date=long_date(verdict.when.date()) if label and verdict.when else None,
        score=_score(document),
        title=f"{isolate(holder)} – {isolate(achievement)}",
        meta_description=verdict.headline_text,
        linkedin_add_url=add_to_profile_url(entry),
        linkedin_share_url=share_url(url),
        linkedin_fields=fields,
        qr_svg=qr_svg,
        share_image_url=version_links(url, pinned)["Share image"],
        links=version_links(url, pinned),
    )


def render_template(request: Request[Any, Any, Any], name: str, **context: Any) -> str:
    """A page rendered to text here (not by a ``Template`` response) so it can be cached."""
    engine = request.app.template_engine
    if engine is None:
        raise RuntimeError("the app has no template engine")
    return str(engine.get_template(name).render(request=request, **context))
