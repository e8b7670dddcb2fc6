"""Open Badges 3.0 baking: carry a credential inside its badge image (OB 3.0 section 5.3).

PNG: one uncompressed `iTXt` chunk with keyword `openbadgecredential`, placed before IEND.
SVG: `xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"` on the root and an
`<openbadges:credential>` element directly after the root start tag, holding the JSON in
CDATA (embedded proof) or, for VC-JWT, the compact JWS in its `verify` attribute.

Baking replaces an existing credential (the spec lets the implementer choose between
replacing and refusing; replacing makes re-issue and renewal simple). Extraction returns
the first credential found, as text: verifying it is the verifier's job.
"""

import json
import re

from credentials.baking.errors import BakingError
from credentials.baking.png import PNG_SIGNATURE, credential_chunk, credential_text, iter_chunks
from credentials.baking.svg import replace_credential_element, scan_svg

__all__ = [
    "BakingError",
    "bake_png",
    "bake_svg",
    "bake_svg_jwt",
    "extract_png",
    "extract_svg",
]

_COMPACT_JWS = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+")


def bake_png(png: bytes, credential_json: str) -> bytes:
    """`png` carrying the credential (its JSON, or a VC-JWT compact JWS)."""
    _require_json_or_jws(credential_json)
    chunks = [chunk for chunk in iter_chunks(png) if not chunk.is_credential]
    chunks.insert(len(chunks) - 1, credential_chunk(credential_json))
    return PNG_SIGNATURE + b"".join(chunk.encode() for chunk in chunks)


def extract_png(png: bytes) -> str | None:
    """The credential baked into `png`, or None if it carries none."""
    for chunk in iter_chunks(png):
        if chunk.is_credential:
            return credential_text(chunk)
    return None


def bake_svg(svg: str, credential_json: str) -> str:
    """`svg` carrying the credential JSON (embedded proof) in a CDATA section."""
    _require_json_object(credential_json)
    cdata = "<![CDATA[" + credential_json.replace("]]>", "]]]]><![CDATA[>") + "]]>"
    element = f"<openbadges:credential>{cdata}</openbadges:credential>"
    return _bake_svg_element(svg, element, credential_json)


def bake_svg_jwt(svg: str, compact_jws: str) -> str:
    """`svg` carrying a VC-JWT credential in the `verify` attribute."""
    if not _COMPACT_JWS.fullmatch(compact_jws):
        raise BakingError("not a compact JWS: expected header.payload.signature in base64url")
    element = f'<openbadges:credential verify="{compact_jws}"></openbadges:credential>'
    return _bake_svg_element(svg, element, compact_jws)


def extract_svg(svg: str) -> str | None:
    """The first credential baked into `svg` (JSON text or compact JWS), or None."""
    return scan_svg(svg.encode("utf-8")).credential


def _bake_svg_element(svg: str, element: str, expected: str) -> str:
    baked = replace_credential_element(svg.encode("utf-8"), element.encode("utf-8"))
    result = baked.decode("utf-8")
    if extract_svg(result) != expected.strip():
        raise BakingError("the credential does not survive as XML text (invalid characters?)")
    return result


def _require_json_or_jws(text: str) -> None:
    if _COMPACT_JWS.fullmatch(text):
        return
    _require_json_object(text)


def _require_json_object(text: str) -> None:
    try:
        parsed = json.loads(text)
    except ValueError as error:
        raise BakingError(f"the credential is not JSON: {error}") from error
    if not isinstance(parsed, dict):
        raise BakingError("the credential JSON is not an object")
