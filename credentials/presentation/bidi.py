"""Isolate untrusted names for bidirectional text in titles and meta tags.

A holder name like ``"Ada \u202eFDP.exe"`` would otherwise reverse everything after it in
a browser tab title or a link preview (``og:title``), so a page could pass itself off as
something else. Attributes and ``<title>`` cannot hold ``<bdi>``, so the name is cleaned of
every explicit directional control (embeddings, overrides, isolates, marks; Unicode Bidi
Algorithm, UAX #9) and then wrapped in FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE:
inside, a right-to-left name still reads naturally; outside, nothing is reordered. Stripping
first matters: a lone PDI inside the name would otherwise close our isolate early.
"""

from __future__ import annotations

FSI = "\u2068"
PDI = "\u2069"

BIDI_CONTROLS = frozenset(
    "\u061c"  # ARABIC LETTER MARK
    "\u200e\u200f"  # LEFT-TO-RIGHT / RIGHT-TO-LEFT MARK
    "\u202a\u202b\u202c\u202d\u202e"  # LRE RLE PDF LRO RLO
    "\u2066\u2067\u2068\u2069"  # LRI RLI FSI PDI
)


def strip_bidi_controls(text: str) -> str:
    return "".join(character for character in text if character not in BIDI_CONTROLS)


def isolate(text: str) -> str:
    """``text`` without directional controls, wrapped in FSI ... PDI."""
    return f"{FSI}{strip_bidi_controls(text)}{PDI}"
