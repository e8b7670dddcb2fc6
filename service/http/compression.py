"""Response compression: gzip for bodies of 1 kB or more, and none at all for routes whose
answers are always small.

Litestar's compression middleware prepares a gzip stream (a ``GzipFile`` and zlib's few
hundred kilobytes of deflate state) for every request that accepts gzip, as httpx, requests
and browsers all do, before it knows the body's size; a body under ``minimum_size`` then goes
out uncompressed and the stream is thrown away. An answer save's reply is about 150 bytes and
is an exam day's most frequent request, so its route opts out (``opt={SMALL_RESPONSE: True}``)
and skips that work.
"""

from __future__ import annotations

from litestar.config.compression import CompressionConfig

SMALL_RESPONSE = "small_response"
"""Route ``opt`` key: the route's responses are always far below ``MINIMUM_SIZE``."""
MINIMUM_SIZE = 1024


def compression_config() -> CompressionConfig:
    return CompressionConfig(
        backend="gzip", minimum_size=MINIMUM_SIZE, exclude_opt_key=SMALL_RESPONSE
    )
