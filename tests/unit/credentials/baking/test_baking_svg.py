"""Open Badges 3.0 SVG baking: `<openbadges:credential>` first inside the root."""

import json
import xml.etree.ElementTree as ET

import pytest

from credentials.baking.bake import BakingError, bake_svg, bake_svg_jwt, extract_svg

OB3 = "https://purl.imsglobal.org/ob/v3p0"
SVG = "http://www.w3.org/2000/svg"
CREDENTIAL = json.dumps(
    {"type": ["VerifiableCredential", "OpenBadgeCredential"], "name": "Zoë <&> ]]> end"},
    ensure_ascii=False,
)
JWS = "eyJhbGciOiJFUzI1NiJ9.eyJ2YyI6e319.c2lnbmF0dXJl"
BODY = '\n  <!-- artwork -->\n  <circle cx="5" cy="5" r="4" fill="#123456"/>\n'
PLAIN = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    f'<svg xmlns="{SVG}" viewBox="0 0 10 10" data-note="a > b">{BODY}</svg>\n'
)


def credential_elements(svg: str) -> list[ET.Element]:
    return ET.fromstring(svg).findall(f".//{{{OB3}}}credential")


def test_round_trip_json_with_cdata_terminator_inside() -> None:
    assert extract_svg(bake_svg(PLAIN, CREDENTIAL)) == CREDENTIAL


def test_credential_is_the_first_child_and_in_cdata() -> None:
    baked = bake_svg(PLAIN, CREDENTIAL)
    root = ET.fromstring(baked)
    assert root.tag == f"{{{SVG}}}svg"
    assert root[0].tag == f"{{{OB3}}}credential"
    assert root[0].text == CREDENTIAL
    assert "verify" not in root[0].attrib
    assert "<openbadges:credential><![CDATA[" in baked


def test_namespace_is_declared_on_the_root_tag() -> None:
    baked = bake_svg(PLAIN, CREDENTIAL)
    root_tag = baked[baked.index("<svg") : baked.index("<openbadges:credential>")]
    assert root_tag.endswith(f' xmlns:openbadges="{OB3}">')


def test_the_artwork_is_left_untouched() -> None:
    baked = bake_svg(PLAIN, CREDENTIAL)
    assert baked.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns=')
    assert 'data-note="a > b"' in baked
    assert baked.endswith(f"</openbadges:credential>{BODY}</svg>\n")


def test_baking_again_replaces_the_credential_and_keeps_one_declaration() -> None:
    twice = bake_svg(bake_svg(PLAIN, CREDENTIAL), '{"second": true}')
    assert len(credential_elements(twice)) == 1
    assert extract_svg(twice) == '{"second": true}'
    assert twice.count("xmlns:openbadges") == 1


def test_nested_and_prefixed_credentials_are_removed_too() -> None:
    svg = (
        f'<svg xmlns="{SVG}" xmlns:ob="{OB3}"><g><ob:credential verify="{JWS}"/></g>'
        "<ob:credential>old</ob:credential></svg>"
    )
    baked = bake_svg(svg, CREDENTIAL)
    assert len(credential_elements(baked)) == 1
    assert extract_svg(baked) == CREDENTIAL


def test_vc_jwt_goes_in_the_verify_attribute() -> None:
    baked = bake_svg_jwt(PLAIN, JWS)
    (element,) = credential_elements(baked)
    assert element.attrib["verify"] == JWS
    assert not (element.text or "").strip()
    assert extract_svg(baked) == JWS


def test_self_closing_root() -> None:
    baked = bake_svg(f'<svg xmlns="{SVG}" width="1"/>', CREDENTIAL)
    assert ET.fromstring(baked)[0].text == CREDENTIAL


def test_spec_example_layout_with_whitespace_is_extracted() -> None:
    svg = (
        f'<svg xmlns="{SVG}" xmlns:openbadges="{OB3}">\n  <openbadges:credential>\n'
        '    <![CDATA[\n  {"id": "x"}\n    ]]>\n  </openbadges:credential>\n</svg>'
    )
    assert extract_svg(svg) == '{"id": "x"}'


def test_extract_returns_none_without_a_credential() -> None:
    assert extract_svg(PLAIN) is None


def test_open_badges_2_prefix_binding_is_refused() -> None:
    svg = f'<svg xmlns="{SVG}" xmlns:openbadges="http://openbadges.org"/>'
    with pytest.raises(BakingError, match="prefix"):
        bake_svg(svg, CREDENTIAL)


BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE svg [\n <!ENTITY lol "lol">\n'
    ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n]>\n'
    f'<svg xmlns="{SVG}"><text>&lol2;</text></svg>'
)
EXTERNAL_ENTITY = (
    '<!DOCTYPE svg [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    f'<svg xmlns="{SVG}"><text>&secret;</text></svg>'
)


@pytest.mark.parametrize(
    "hostile",
    [BILLION_LAUGHS, EXTERNAL_ENTITY, f'<!DOCTYPE svg [ ]><svg xmlns="{SVG}"/>'],
    ids=["entity-expansion", "external-entity", "empty-internal-subset"],
)
def test_doctype_internal_subsets_and_entities_are_refused(hostile: str) -> None:
    with pytest.raises(BakingError, match="internal subset"):
        bake_svg(hostile, CREDENTIAL)
    with pytest.raises(BakingError, match="internal subset"):
        extract_svg(hostile)


def test_a_plain_public_doctype_line_is_accepted_and_kept() -> None:
    doctype = (
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">'
    )
    baked = bake_svg(doctype + PLAIN.split("\n", 1)[1], CREDENTIAL)
    assert baked.startswith(doctype)
    assert extract_svg(baked) == CREDENTIAL


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("<html><body/></html>", "not an SVG"),
        ('<svg xmlns="http://example.org/not-svg"/>', "not an SVG"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><g></svg>', "not well-formed"),
        ("", "not well-formed"),
    ],
)
def test_non_svg_input_is_rejected(document: str, message: str) -> None:
    with pytest.raises(BakingError, match=message):
        bake_svg(document, CREDENTIAL)


@pytest.mark.parametrize("not_json_object", ["", "not json", "[1]", JWS])
def test_bake_svg_wants_a_json_object(not_json_object: str) -> None:
    with pytest.raises(BakingError):
        bake_svg(PLAIN, not_json_object)


@pytest.mark.parametrize("not_jws", ["", '{"a": 1}', "a.b", 'a.b.c" onload="x'])
def test_bake_svg_jwt_wants_a_compact_jws(not_jws: str) -> None:
    with pytest.raises(BakingError, match="compact JWS"):
        bake_svg_jwt(PLAIN, not_jws)


def test_characters_xml_cannot_carry_are_refused() -> None:
    with pytest.raises(BakingError):
        bake_svg(PLAIN, '{"bad": "\uffff"}')
