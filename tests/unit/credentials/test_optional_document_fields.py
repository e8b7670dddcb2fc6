"""Optional OB 3.0 fields appear in the documents exactly when they are given."""

from credentials import (
    Achievement,
    IssuerProfile,
    ResultDescription,
    achievement_document,
    profile_document,
)

ISSUER = "https://issuer.example/issuer"


def test_a_bare_profile_has_only_id_type_and_name() -> None:
    assert profile_document(IssuerProfile(ISSUER, "Accredo")) == {
        "id": ISSUER,
        "type": ["Profile"],
        "name": "Accredo",
    }


def test_a_full_profile_carries_url_email_and_image() -> None:
    document = profile_document(
        IssuerProfile(ISSUER, "Accredo", "https://a.example", "x@a.example", "https://a/i.png")
    )
    assert document["url"] == "https://a.example"
    assert document["email"] == "x@a.example"
    assert document["image"] == {"id": "https://a/i.png", "type": "Image"}


def test_a_bare_achievement_has_no_image_tags_creator_or_results() -> None:
    document = achievement_document(Achievement("urn:a", "Cloud", "d", "pass"))
    assert document == {
        "id": "urn:a",
        "type": ["Achievement"],
        "achievementType": "Certification",
        "name": "Cloud",
        "description": "d",
        "criteria": {"narrative": "pass"},
    }


def test_a_full_achievement_carries_every_optional_field() -> None:
    document = achievement_document(
        Achievement(
            "urn:a",
            "Cloud",
            "d",
            "pass",
            image_url="https://a/b.png",
            image_caption="badge",
            criteria_url="https://a/criteria",
            tier="expert",
            tags=("cloud",),
            creator=IssuerProfile(ISSUER, "Accredo"),
            result_descriptions=(ResultDescription("urn:r", "Score"),),
        )
    )
    assert document["criteria"] == {"id": "https://a/criteria", "narrative": "pass"}
    assert document["image"] == {"id": "https://a/b.png", "type": "Image", "caption": "badge"}
    assert document["tag"] == ["tier:expert", "cloud"]
    assert document["creator"]["name"] == "Accredo"
    assert [rd["id"] for rd in document["resultDescription"]] == ["urn:r"]


def test_an_image_without_caption_has_no_caption() -> None:
    document = achievement_document(Achievement("urn:a", "C", "d", "p", image_url="https://i"))
    assert document["image"] == {"id": "https://i", "type": "Image"}
