"""Hostile and awkward badge images, built in code so every byte of the attack is visible.

The PNG bomb is a real one: an IHDR declaring 40000x40000 one-bit pixels and an IDAT whose
zlib stream inflates to the full 200 MB of scanlines, compressed to about 190 KB.
"""

from __future__ import annotations

import base64
import struct
import zlib
from functools import cache
from io import BytesIO

from PIL import Image

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def one_bit_png(width: int, height: int) -> bytes:
    """A valid black one-bit greyscale PNG of any size, compressed as far as zlib goes."""
    row = b"\x00" * (1 + (width + 7) // 8)
    compressor = zlib.compressobj(9)
    rows_per_step = 1000
    parts = [compressor.compress(row * rows_per_step) for _ in range(height // rows_per_step)]
    parts += [compressor.compress(row * (height % rows_per_step)), compressor.flush()]
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        PNG_SIGNATURE
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", b"".join(parts))
        + png_chunk(b"IEND", b"")
    )


@cache
def png_bomb() -> bytes:
    """40000x40000 pixels (1.6 billion) in under 200 KB."""
    return one_bit_png(40_000, 40_000)


def photo_png(width: int, height: int, *, metadata: bool = False) -> bytes:
    """A colourful RGBA PNG; with `metadata`, text and EXIF-like chunks ride along."""
    image = Image.linear_gradient("L").resize((width, height)).convert("RGBA")
    image.putpixel((0, 0), (255, 0, 0, 128))
    output = BytesIO()
    if metadata:
        from PIL import PngImagePlugin

        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", "<script>alert(1)</script>")
        info.add_text("Author", "exfiltrated", zip=True)
        image.save(output, format="PNG", pnginfo=info, dpi=(300, 300))
    else:
        image.save(output, format="PNG")
    return output.getvalue()


def jpeg(width: int, height: int) -> bytes:
    output = BytesIO()
    Image.linear_gradient("L").resize((width, height)).convert("RGB").save(output, "JPEG")
    return output.getvalue()


def corrupt_png() -> bytes:
    """A real PNG with one byte of its image data flipped (the CRC no longer matches)."""
    data = bytearray(photo_png(64, 64))
    idat = data.index(b"IDAT")
    data[idat + 20] ^= 0xFF
    return bytes(data)


def truncated_png() -> bytes:
    """A real PNG cut off in the middle of its image data."""
    data = photo_png(256, 256)
    return data[: len(data) // 2]


def png_with_bad_zlib() -> bytes:
    """Chunks and CRCs all correct, but the IDAT stream is not zlib."""
    header = struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0)
    return (
        PNG_SIGNATURE
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", b"this is not a zlib stream at all")
        + png_chunk(b"IEND", b"")
    )


def data_url(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


HOSTILE_SVGS: dict[str, tuple[str, str]] = {
    "script": (
        f"{SVG_OPEN}><script>alert(document.domain)</script><rect width='9' height='9'/></svg>",
        "<script>",
    ),
    "xhtml script": (
        f"{SVG_OPEN}><h:script xmlns:h='http://www.w3.org/1999/xhtml'>alert(1)</h:script></svg>",
        "<script>",
    ),
    "onload": (f"{SVG_OPEN} onload='alert(1)'><rect width='9' height='9'/></svg>", "'onload'"),
    "onclick on a shape": (
        f"{SVG_OPEN}><g><circle r='4' ONCLICK='alert(1)'/></g></svg>",
        "'ONCLICK' on <circle>",
    ),
    "foreignObject": (
        f"{SVG_OPEN}><foreignObject width='9' height='9'>"
        "<div xmlns='http://www.w3.org/1999/xhtml'><img src='x' onerror='alert(1)'/></div>"
        "</foreignObject></svg>",
        "<foreignObject>",
    ),
    "xlink:href to http": (
        f"{SVG_OPEN}><image xlink:href='http://evil.example/x.png' width='9' height='9'/></svg>",
        "'http://evil.example/x.png'",
    ),
    "use of an outside file": (
        f"{SVG_OPEN}><use href='https://evil.example/sprites.svg#a'/></svg>",
        "'https://evil.example/sprites.svg#a'",
    ),
    "javascript: href": (
        f"{SVG_OPEN}><a href=' java\tscript:alert(1)'><text>click</text></a></svg>",
        "script URL in the href of <a>",
    ),
    "style with @import": (
        f"{SVG_OPEN}><style>@import url(https://evil.example/x.css);</style></svg>",
        "'@import'",
    ),
    "style attribute with a remote url": (
        f"{SVG_OPEN}><rect style='fill: url(\"https://evil.example/p.svg#g\")'/></svg>",
        "outside resource",
    ),
    "presentation attribute with a remote url": (
        f"{SVG_OPEN}><rect filter='url(https://evil.example/f.svg#f)'/></svg>",
        "outside resource",
    ),
    "CSS escape": (
        f"{SVG_OPEN}><style>rect {{ fill: u\\72l(https://evil.example/) }}</style></svg>",
        "CSS escape",
    ),
    "xml-stylesheet": (
        "<?xml-stylesheet href='https://evil.example/x.css'?>" + f"{SVG_OPEN}/>",
        "xml-stylesheet",
    ),
    "embedded SVG image": (
        f"{SVG_OPEN}><image href='data:image/svg+xml;base64,PHN2Zy8+'/></svg>",
        "'image/svg+xml'",
    ),
    "embedded PNG bomb": (
        f"{SVG_OPEN}><image href='{data_url(one_bit_png(12_000, 12_000))}'/></svg>",
        "12000x12000",
    ),
}
"""name -> (document, a phrase the refusal must contain): active content, refused on upload."""

UNREADABLE_SVGS: dict[str, tuple[str, str]] = {
    "billion laughs": (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        f"{SVG_OPEN}><text>&lol3;</text></svg>",
        "internal subset",
    ),
    "external entity": (
        '<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        f"{SVG_OPEN}><text>&xxe;</text></svg>",
        "internal subset",
    ),
    "undeclared entity behind an outside DTD": (
        f'<!DOCTYPE svg SYSTEM "https://evil.example/x.dtd">{SVG_OPEN}><text>&xxe;</text></svg>',
        "not well-formed",
    ),
    "malformed XML": (f"{SVG_OPEN}><rect width='9'></svg>", "not well-formed"),
    "not SVG": ("<html><body>hi</body></html>", "not <svg>"),
    "nested too deep": (f"{SVG_OPEN}>" + "<g>" * 500 + "</g>" * 500 + "</svg>", "deeper"),
}
"""name -> (document, a phrase the refusal must contain): nothing safe can be read from these."""
