"""Analyse responses that did not come through the service: uploaded or local CSV files.

Shared by the API route and ``accredo stats analyse`` so both give the same report. Pure
over bytes (no database, no HTTP): decode, read with the core's reader (every problem of all
files at once), hold the size bounds, then the same analysis as an exam's statistics.

Bounds, so one upload cannot hold a worker for minutes or exhaust memory: at most
``MAX_EXAMINEES`` examinees and ``MAX_ITEMS`` items (a 100,000 x 500 matrix is 50 MB of
scores and its full report takes well under a minute on one core); the byte size of the
files is bounded by the route (``MAX_FILES_BYTES``).
"""

from __future__ import annotations

from dataclasses import dataclass

from itembank import Problem
from itembank.statistics import (
    DecisionReport,
    ExamAnalysis,
    ResponseFile,
    ResponseFilesInvalid,
    StatisticsSettings,
    analyse_decisions,
    analyse_exam,
    read_response_files,
)
from service.statistics.errors import ResponseFilesRejected

MAX_EXAMINEES = 100_000
MAX_ITEMS = 500
MAX_FILES_BYTES = 64 * 1024 * 1024
NO_DOMAIN = "(no domain)"


@dataclass(frozen=True, slots=True)
class FileReport:
    files: ResponseFile
    cut_percent: float | None
    analysis: ExamAnalysis
    decisions: DecisionReport


def _text(name: str, data: bytes, problems: list[Problem]) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problems.append(
            Problem(
                file=name,
                reason=f"the file is not UTF-8 text (byte {error.start} cannot be decoded)",
            )
        )
        return ""


def read_files(responses: bytes, key: bytes, groups: bytes | None) -> ResponseFile:
    """The files read into one response matrix; ``ResponseFilesRejected`` lists every problem."""
    problems: list[Problem] = []
    texts = (
        _text("responses", responses, problems),
        _text("key", key, problems),
        None if groups is None else _text("groups", groups, problems),
    )
    if problems:
        raise ResponseFilesRejected(problems)
    try:
        files = read_response_files(*texts)
    except ResponseFilesInvalid as error:
        raise ResponseFilesRejected(error.problems) from None
    data = files.responses
    if data.n_examinees > MAX_EXAMINEES:
        problems.append(
            Problem(
                file="responses",
                reason=f"{data.n_examinees} examinees; at most {MAX_EXAMINEES} are analysed",
            )
        )
    if data.n_items > MAX_ITEMS:
        problems.append(
            Problem(file="key", reason=f"{data.n_items} items; at most {MAX_ITEMS} are analysed")
        )
    if problems:
        raise ResponseFilesRejected(problems)
    return files


def analyse_files(
    responses: bytes, key: bytes, groups: bytes | None, cut_percent: float | None
) -> FileReport:
    """Everything an exam's statistics report, for the files (CPU-bound: run off the loop)."""
    files = read_files(responses, key, groups)
    data = files.responses
    analysis = analyse_exam(data, StatisticsSettings())
    domains = (
        None
        if files.domains is None
        else [domain if domain is not None else NO_DOMAIN for domain in files.domains]
    )
    decisions = analyse_decisions(
        data,
        analysis,
        cut_percent=cut_percent,
        domains=domains,
        groups=files.groups,
    )
    return FileReport(files=files, cut_percent=cut_percent, analysis=analysis, decisions=decisions)
