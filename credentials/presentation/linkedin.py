"""LinkedIn links: "Add to profile" (Licenses & certifications) and "Share".

Both are plain links, so the public page needs no LinkedIn script and leaks nothing to
LinkedIn until the holder clicks. The add-to-profile parameters are those of LinkedIn's
Add to Profile for Certifications program: `startTask=CERTIFICATION_NAME`, `name`,
`organizationId` (the issuer's numeric LinkedIn company page id, which links the entry to
the page and shows its logo) or else `organizationName`, `issueYear`, `issueMonth`,
`expirationYear`, `expirationMonth`, `certUrl`, `certId`. Months are 1-12.

The share link only carries the URL; LinkedIn reads title, description and picture from
the page's Open Graph tags (see `credentials.presentation.share_image`).
"""

from dataclasses import dataclass
from datetime import date
from urllib.parse import quote, urlencode, urlsplit

ADD_TO_PROFILE_ENDPOINT = "https://www.linkedin.com/profile/add"
SHARE_ENDPOINT = "https://www.linkedin.com/sharing/share-offsite/"


@dataclass(frozen=True, kw_only=True, slots=True)
class LinkedInCertification:
    """What the holder's "Licenses & certifications" entry should say."""

    name: str
    issued_on: date
    expires_on: date | None
    credential_url: str
    credential_id: str
    organization_name: str | None = None
    organization_id: str | None = None

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("the certification name is empty")
        if self.organization_id is None and not (self.organization_name or "").strip():
            raise ValueError("give the issuer's LinkedIn organization_id or organization_name")
        if self.organization_id is not None and not self.organization_id.isdigit():
            raise ValueError("organization_id is the numeric id of a LinkedIn company page")
        if self.expires_on is not None and self.expires_on < self.issued_on:
            raise ValueError("the credential expires before it is issued")
        _require_web_url(self.credential_url)


def add_to_profile_url(certification: LinkedInCertification) -> str:
    """The link that opens LinkedIn's "Add license or certification" form, pre-filled."""
    parameters: list[tuple[str, str]] = [
        ("startTask", "CERTIFICATION_NAME"),
        ("name", certification.name.strip()),
    ]
    if certification.organization_id is not None:
        parameters.append(("organizationId", certification.organization_id))
    else:
        parameters.append(("organizationName", (certification.organization_name or "").strip()))
    parameters += [
        ("issueYear", str(certification.issued_on.year)),
        ("issueMonth", str(certification.issued_on.month)),
    ]
    if certification.expires_on is not None:
        parameters += [
            ("expirationYear", str(certification.expires_on.year)),
            ("expirationMonth", str(certification.expires_on.month)),
        ]
    parameters += [
        ("certUrl", certification.credential_url),
        ("certId", certification.credential_id),
    ]
    return f"{ADD_TO_PROFILE_ENDPOINT}?{_encode(parameters)}"


def share_url(credential_url: str) -> str:
    """The link that opens LinkedIn's share dialog for the public credential page."""
    _require_web_url(credential_url)
    return f"{SHARE_ENDPOINT}?{_encode([('url', credential_url)])}"


def _encode(parameters: list[tuple[str, str]]) -> str:
    """Percent-encode everything but unreserved characters (spaces as %20, not +)."""
    return urlencode(parameters, quote_via=quote, safe="")


def _require_web_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise ValueError(f"not an absolute http(s) URL: {url!r}")
