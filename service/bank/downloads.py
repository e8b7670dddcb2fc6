"""The Content-Disposition of a download, readable by every browser whatever the bank's name.

RFC 6266: `filename` carries an ASCII fallback for old clients, `filename*` the exact name
in UTF-8, percent-encoded as RFC 8187 requires.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

_NOT_SAFE_ASCII = re.compile(r"[^A-Za-z0-9._-]+")


def attachment(name: str, extension: str) -> str:
    """`Réseaux & sécurité` -> `filename="Reseaux_securite.zip"; filename*=UTF-8''R%C3%A9...`."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    fallback = _NOT_SAFE_ASCII.sub("_", folded).strip("_") or "bank"
    exact = quote(f"{name}.{extension}", safe="")
    return f"attachment; filename=\"{fallback}.{extension}\"; filename*=UTF-8''{exact}"
