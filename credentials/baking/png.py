"""PNG chunk reading and writing for Open Badges 3.0 baking (PNG spec, section 5 and 11.3.4).

A PNG is an 8-byte signature followed by chunks: 4-byte big-endian data length, 4-byte
type, data, and a CRC-32 over type and data. Baking only adds or removes one `iTXt`
chunk, so every other chunk is copied byte for byte.
"""

import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from credentials.baking.errors import BakingError

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CREDENTIAL_KEYWORD = b"openbadgecredential"
_MAX_CHUNK_LENGTH = 2**31 - 1
_HEADER = struct.Struct(">I4s")
_CRC = struct.Struct(">I")


@dataclass(frozen=True, slots=True)
class PngChunk:
    kind: bytes
    data: bytes

    def encode(self) -> bytes:
        checksum = zlib.crc32(self.kind + self.data)
        return _HEADER.pack(len(self.data), self.kind) + self.data + _CRC.pack(checksum)

    @property
    def is_credential(self) -> bool:
        return self.kind == b"iTXt" and self.data.split(b"\x00", 1)[0] == CREDENTIAL_KEYWORD


def iter_chunks(png: bytes) -> Iterator[PngChunk]:
    """Chunks up to and including IEND, each checked for length and CRC."""
    if not png.startswith(PNG_SIGNATURE):
        raise BakingError("not a PNG image: the 8-byte PNG signature is missing")
    offset = len(PNG_SIGNATURE)
    first = True
    while True:
        if offset + _HEADER.size > len(png):
            raise BakingError("truncated PNG: the image ends before its IEND chunk")
        length, kind = _HEADER.unpack_from(png, offset)
        data_start = offset + _HEADER.size
        data_end = data_start + length
        if length > _MAX_CHUNK_LENGTH or data_end + _CRC.size > len(png):
            raise BakingError(f"truncated PNG: chunk {kind!r} runs past the end of the image")
        if not kind.isascii() or not kind.isalpha():
            raise BakingError(f"corrupt PNG: invalid chunk type {kind!r}")
        if first and kind != b"IHDR":
            raise BakingError("corrupt PNG: the first chunk is not IHDR")
        data = png[data_start:data_end]
        (checksum,) = _CRC.unpack_from(png, data_end)
        if checksum != zlib.crc32(kind + data):
            raise BakingError(f"corrupt PNG: CRC mismatch in chunk {kind!r}")
        yield PngChunk(kind=kind, data=data)
        if kind == b"IEND":
            return
        offset = data_end + _CRC.size
        first = False


def credential_chunk(text: str) -> PngChunk:
    """An uncompressed iTXt chunk, empty language tag and translated keyword (OB 3.0 5.3.1)."""
    data = b"".join(
        (
            CREDENTIAL_KEYWORD,
            b"\x00",  # keyword terminator
            b"\x00",  # compression flag: uncompressed, as the spec requires
            b"\x00",  # compression method
            b"\x00",  # empty language tag, terminated
            b"\x00",  # empty translated keyword, terminated
            text.encode("utf-8"),
        )
    )
    return PngChunk(kind=b"iTXt", data=data)


def credential_text(chunk: PngChunk) -> str:
    """The text of an `openbadgecredential` iTXt chunk."""
    parts = chunk.data.split(b"\x00", 1)
    if len(parts) != 2 or len(parts[1]) < 2:
        raise BakingError("corrupt openbadgecredential chunk: header fields are missing")
    compression_flag, rest = parts[1][0], parts[1][2:]
    if compression_flag != 0:
        raise BakingError("compressed openbadgecredential chunk: OB 3.0 forbids compression")
    fields = rest.split(b"\x00", 2)
    if len(fields) != 3:
        raise BakingError("corrupt openbadgecredential chunk: language tag or keyword unended")
    try:
        return fields[2].decode("utf-8")
    except UnicodeDecodeError as error:
        raise BakingError("corrupt openbadgecredential chunk: text is not UTF-8") from error
