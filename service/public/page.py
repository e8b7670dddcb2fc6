"""What the public credential page shows: only what the credential itself states, plus status.

No email, no attempt details (a score appears only when the credential carries it). Values are
plain strings; the template escapes them (autoescape), so markup in a name stays text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from credentials.linkedin import LinkedInCertification, add_to_profile_url, share_url
from credentials.pdf_certificate_wording import long_date, tier_display_name
from service.credentials.states import CredentialStatus
from service.credentials.verifying import ServiceReport
from service.db.models import CertificationRow, CredentialRow
from service.keys.documents import issuer_profile
from service.keys.urls import issuer_id
from service.settings import Settings

STATUS_WORDS = {
    CredentialStatus.ACTIVE: ("Valid", "status-valid"),
    CredentialStatus.EXPIRED: ("Expired", "status-expired"),
    CredentialStatus.SUSPENDED: ("Suspended", "status-suspended"),
    CredentialStatus.REVOKED: ("Revoked", "status-revoked"),
    CredentialStatus.SUPERSEDED: ("Superseded by a renewal", "status-superseded"),
}


@dataclass(frozen=True)
class CredentialPage:
    url: str
    credential_id: str
    holder_name: str
    achievement: str
    tier: str
    description: str
    issuer_name: str
    issuer_url: str
    awarded_on: str
    issued_on: str
    expires_on: str | None
    status_word: str
    status_class: str
    verified: bool
    steps: list[dict[str, Any]]
    linkedin_add_url: str
    linkedin_share_url: str
    linkedin_fields: list[tuple[str, str]]
    qr_svg: str
    share_image_url: str
    score: str | None
    version: int
    links: dict[str, str] = field(default_factory=dict)


def _score(document: dict[str, Any]) -> str | None:
    results = document.get("credentialSubject", {}).get("result") or []
    value = results[0].get("value") if results and isinstance(results[0], dict) else None
    return f"{value}%" if isinstance(value, str) else None


def credential_page(
    settings: Settings,
    row: CredentialRow,
    certification: CertificationRow,
    document: dict[str, Any],
    valid_from: datetime,
    valid_until: datetime | None,
    report: ServiceReport,
    url: str,
    qr_svg: str,
    version: int,
) -> CredentialPage:
    status = CredentialStatus(report.status or CredentialStatus.ACTIVE)
    word, css = STATUS_WORDS[status]
    issuer = issuer_profile(settings)
    linkedin = LinkedInCertification(
        name=certification.name,
        issued_on=valid_from.date(),
        expires_on=valid_until.date() if valid_until else None,
        credential_url=url,
        credential_id=row.public_id,
        organization_name=issuer.name,
    )
    fields = [
        ("Name", certification.name),
        ("Issuing organization", issuer.name),
        ("Issue date", valid_from.strftime("%B %Y")),
        ("Expiration date", valid_until.strftime("%B %Y") if valid_until else "Does not expire"),
        ("Credential ID", row.public_id),
        ("Credential URL", url),
    ]
    return CredentialPage(
        url=url,
        credential_id=row.public_id,
        holder_name=row.holder_name,
        achievement=certification.name,
        tier=tier_display_name(certification.tier),
        description=certification.description,
        issuer_name=issuer.name,
        issuer_url=issuer_id(settings),
        awarded_on=long_date(row.awarded_date.date()),
        issued_on=long_date(valid_from.date()),
        expires_on=long_date(valid_until.date()) if valid_until else None,
        status_word=word,
        status_class=css,
        verified=report.ok,
        steps=list(report.report["steps"]),
        linkedin_add_url=add_to_profile_url(linkedin),
        linkedin_share_url=share_url(url),
        linkedin_fields=fields,
        qr_svg=qr_svg,
        share_image_url=f"{url}/share.png",
        score=_score(document),
        version=version,
        links={
            "PDF certificate (A4)": f"{url}/certificate.pdf?size=a4",
            "PDF certificate (US Letter)": f"{url}/certificate.pdf?size=letter",
            "Badge (PNG, credential baked in)": f"{url}/badge.png",
            "Badge (SVG, credential baked in)": f"{url}/badge.svg",
            "Credential (JSON-LD)": f"{url}?format=json",
            "Credential (VC-JWT)": f"{url}.jwt",
        },
    )
