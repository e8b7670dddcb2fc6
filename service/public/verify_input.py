"""What ``POST /verify`` was given: the raw body, or the ``file`` field of a multipart upload.

A browser form or ``curl -F file=@badge.png`` sends multipart; scripts usually send the bytes
as the body. Both end in the same verification, and a problem names where the input was
expected (``body`` or ``file``).
"""

from __future__ import annotations

from typing import Any

from litestar import Request

from service.uploads import read_upload


async def verify_input(request: Request[Any, Any, Any]) -> tuple[bytes, str]:
    """The submitted bytes and the name of the field they came from."""
    upload = await read_upload(
        request, missing_reason="send the credential as a file field named 'file'"
    )
    return upload.data, upload.source
