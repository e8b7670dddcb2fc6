"""LinkedIn "Add to profile" and share links."""

from datetime import date
from urllib.parse import parse_qsl, urlsplit

import pytest

from credentials.presentation.linkedin import LinkedInCertification, add_to_profile_url, share_url

CREDENTIAL_URL = "https://verify.accredo.example/c/0192f3b4?lang=en&view=full"


def certification(**overrides: object) -> LinkedInCertification:
    values: dict[str, object] = {
        "name": "Cloud Security & Networking: Practitioner (Zoë's edition) 100%+",
        "organization_name": "Accredo Academy",
        "issued_on": date(2026, 3, 7),
        "expires_on": date(2029, 11, 30),
        "credential_url": CREDENTIAL_URL,
        "credential_id": "urn:uuid:0192f3b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b",
    }
    values.update(overrides)
    return LinkedInCertification(**values)  # type: ignore[arg-type]


def query(url: str) -> list[tuple[str, str]]:
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc) == ("https", "www.linkedin.com")
    return parse_qsl(parts.query, keep_blank_values=True, strict_parsing=True)


def test_add_to_profile_carries_every_parameter() -> None:
    url = add_to_profile_url(certification())
    assert urlsplit(url).path == "/profile/add"
    assert query(url) == [
        ("startTask", "CERTIFICATION_NAME"),
        ("name", "Cloud Security & Networking: Practitioner (Zoë's edition) 100%+"),
        ("organizationName", "Accredo Academy"),
        ("issueYear", "2026"),
        ("issueMonth", "3"),
        ("expirationYear", "2029"),
        ("expirationMonth", "11"),
        ("certUrl", CREDENTIAL_URL),
        ("certId", "urn:uuid:0192f3b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b"),
    ]


def test_values_are_percent_encoded() -> None:
    url = add_to_profile_url(certification())
    assert "name=Cloud%20Security%20%26%20Networking%3A%20Practitioner" in url
    assert "Zo%C3%AB%27s" in url and "100%25%2B" in url
    assert "certUrl=https%3A%2F%2Fverify.accredo.example%2Fc%2F0192f3b4%3Flang%3Den%26view" in url
    assert "+" not in urlsplit(url).query


def test_organization_id_replaces_the_name() -> None:
    parameters = dict(query(add_to_profile_url(certification(organization_id="1337"))))
    assert parameters["organizationId"] == "1337"
    assert "organizationName" not in parameters


def test_no_expiration_parameters_for_a_credential_that_does_not_expire() -> None:
    parameters = dict(query(add_to_profile_url(certification(expires_on=None))))
    assert "expirationYear" not in parameters
    assert "expirationMonth" not in parameters
    assert (parameters["issueYear"], parameters["issueMonth"]) == ("2026", "3")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": "  "}, "name"),
        ({"organization_name": None}, "organization"),
        ({"organization_name": None, "organization_id": "acme"}, "numeric"),
        ({"expires_on": date(2026, 3, 6)}, "expires before"),
        ({"credential_url": "/c/123"}, "absolute"),
        ({"credential_url": "javascript:alert(1)"}, "absolute"),
    ],
)
def test_invalid_certifications_are_rejected(overrides: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        certification(**overrides)


def test_share_url_carries_only_the_page_url() -> None:
    url = share_url(CREDENTIAL_URL)
    assert urlsplit(url).path == "/sharing/share-offsite/"
    assert query(url) == [("url", CREDENTIAL_URL)]


def test_share_url_rejects_a_relative_url() -> None:
    with pytest.raises(ValueError, match="absolute"):
        share_url("c/123")
