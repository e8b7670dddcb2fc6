"""Analyse an uploaded response file (admins): the report as JSON, CSV or PDF.

A multipart form with the files ``responses`` and ``key`` (and optionally ``groups``), and
optionally the text field ``cutScore`` (the cut as a fraction, strictly between 0 and 1,
that the precision and decision sections are computed at). Every problem of the files
comes back at once as a 422.
"""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from litestar import Controller, Request, Response, post

from service.auth.roles import Role, allow
from service.statistics.errors import AnalysisCutRejected
from service.statistics.file_analysis import MAX_FILES_BYTES, FileReport, analyse_files
from service.statistics.file_csv import file_report_csv
from service.statistics.file_pdf import render_file_pdf
from service.statistics.file_schemas import FileStatisticsOut
from service.statistics.file_views import file_report_out
from service.uploads import read_upload_files

ADMINS = allow(Role.ADMIN)
CUT_FIELD = "cutScore"


def _cut(text: str | None) -> float | None:
    """The form's fraction as the percent the analysis core takes."""
    if text is None or not text.strip():
        return None
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0.0 < value < 1.0:
        raise AnalysisCutRejected(CUT_FIELD, text)
    return value * 100.0


async def _report(request: Request[Any, Any, Any]) -> FileReport:
    upload = await read_upload_files(
        request, required=("responses", "key"), optional=("groups",), text_fields=(CUT_FIELD,)
    )
    cut = _cut(upload.form_fields.get(CUT_FIELD))
    files = upload.files
    return await anyio.to_thread.run_sync(
        analyse_files, files["responses"], files["key"], files.get("groups"), cut
    )


class FileAnalysisController(Controller):
    path = "/statistics/analyses"
    tags = ["item statistics"]
    opt = ADMINS

    @post(
        "/",
        opt=ADMINS,
        status_code=200,
        request_max_body_size=MAX_FILES_BYTES,
        summary="Analyse an uploaded response file",
    )
    async def analyse(self, request: Request[Any, Any, Any]) -> FileStatisticsOut:
        return file_report_out(await _report(request))

    @post(
        "/csv",
        opt=ADMINS,
        status_code=200,
        request_max_body_size=MAX_FILES_BYTES,
        summary="Analyse an uploaded response file, as CSV",
        media_type="text/csv",
    )
    async def csv(self, request: Request[Any, Any, Any]) -> Response[str]:
        report = await _report(request)
        return Response(
            file_report_csv(report),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="statistics.csv"'},
        )

    @post(
        "/pdf",
        opt=ADMINS,
        status_code=200,
        request_max_body_size=MAX_FILES_BYTES,
        summary="Analyse an uploaded response file, as a printable report",
        media_type="application/pdf",
    )
    async def pdf(self, request: Request[Any, Any, Any]) -> Response[bytes]:
        report = await _report(request)
        document = await anyio.to_thread.run_sync(render_file_pdf, report, "response file")
        return Response(
            document,
            media_type="application/pdf",
            headers={"Content-Disposition": 'attachment; filename="statistics.pdf"'},
        )
