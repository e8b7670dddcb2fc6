"""What ``POST /verify`` was given: the raw body, or the ``file`` field of a multipart upload.

A browser form or ``curl -F file=@badge.png`` sends multipart; scripts usually send the bytes
as the body. Both end in the same verification, and a problem names where the input was
expected (``body`` or ``file``).
"""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.datastructures import UploadFile

from service.errors import Invalid, Problem

MULTIPART = "multipart/form-data"
FILE_FIELD = "file"


async def verify_input(request: Request[Any, Any, Any]) -> tuple[bytes, str]:
    """The submitted bytes and the name of the field they came from."""
    media_type, _ = request.content_type
    if media_type != MULTIPART:
        return await request.body(), "body"
    form = await request.form()
    upload = form.get(FILE_FIELD)
    if not isinstance(upload, UploadFile):
        raise Invalid(
            "the upload has no file",
            problems=[Problem("send the credential as a file field named 'file'", FILE_FIELD)],
        )
    return await upload.read(), FILE_FIELD
