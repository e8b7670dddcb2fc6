"""The one reader of an uploaded file: the raw request body, or a multipart form's ``file``.

Browser forms and ``curl -F file=@x`` send multipart; scripts send the bytes as the body with
their Content-Type. Every upload route (bank imports, ``POST /verify``) accepts both the same
way: the bytes, where they came from (``body`` or ``file``, for problems to name), the file
name and media type when known, and the form's other text fields for routes that take
settings beside the file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from litestar import Request
from litestar.datastructures import UploadFile

from service.errors import Problem
from service.request_errors import FileMissing, FilesMissing

MULTIPART = "multipart/form-data"
FILE_FIELD = "file"


@dataclass(frozen=True)
class Upload:
    data: bytes
    source: str
    filename: str | None
    media_type: str | None
    form_fields: dict[str, str] = field(default_factory=dict)


async def read_upload(
    request: Request[Any, Any, Any],
    *,
    missing_detail: str = "the upload has no file",
    missing_reason: str = "missing",
    text_fields: Iterable[str] = (),
) -> Upload:
    """The uploaded bytes; `FileMissing` naming ``file`` when a multipart form holds none."""
    media_type, _ = request.content_type
    if media_type != MULTIPART:
        return Upload(
            await request.body(), "body", None, request.headers.get("content-type") or None
        )
    form = await request.form()
    upload = form.get(FILE_FIELD)
    if not isinstance(upload, UploadFile):
        raise FileMissing(missing_detail, missing_reason, FILE_FIELD)
    texts = {name: value for name in text_fields if isinstance(value := form.get(name), str)}
    return Upload(await upload.read(), FILE_FIELD, upload.filename, upload.content_type, texts)


@dataclass(frozen=True)
class UploadedFiles:
    """Several named files of one multipart form, and its other text fields."""

    files: dict[str, bytes]
    form_fields: dict[str, str]


async def read_upload_files(
    request: Request[Any, Any, Any],
    *,
    required: Iterable[str],
    optional: Iterable[str] = (),
    text_fields: Iterable[str] = (),
) -> UploadedFiles:
    """The named files of a multipart form; ``FilesMissing`` naming every required one missing
    (or each of them when the body is not a multipart form at all)."""
    required, optional = tuple(required), tuple(optional)
    media_type, _ = request.content_type
    if media_type != MULTIPART:
        raise FilesMissing(
            f"send the files as {MULTIPART}",
            [Problem("missing (the body is not a multipart form)", name) for name in required],
        )
    form = await request.form()
    files: dict[str, bytes] = {}
    problems = []
    for name in (*required, *optional):
        upload = form.get(name)
        if isinstance(upload, UploadFile):
            files[name] = await upload.read()
        elif name in required:
            problems.append(Problem("missing", name))
    if problems:
        raise FilesMissing("the upload lacks files", problems)
    texts = {name: value for name in text_fields if isinstance(value := form.get(name), str)}
    return UploadedFiles(files, texts)
