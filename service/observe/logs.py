"""Log configuration: plain text for people (the default) or one JSON object per line.

Every record gets ``request_id`` (``None`` outside a request) through a filter on the root
handler, so library log lines written during a request carry it too.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from service.observe.request_id import current_request_id

_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        return True


class JsonFormatter(logging.Formatter):
    """``{"time", "level", "logger", "message", "request_id", ...extra, "exception"}``."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


TEXT_FORMAT = "%(levelname)s - %(asctime)s - %(name)s - request %(request_id)s - %(message)s"


def configure_logging(level: str, log_format: str) -> None:
    """Install one stream handler on the root logger (replacing any earlier one of ours)."""
    root = logging.getLogger()
    root.setLevel(level)
    for handler in list(root.handlers):
        if getattr(handler, "accredo", False):
            root.removeHandler(handler)
    handler = logging.StreamHandler()
    handler.accredo = True  # type: ignore[attr-defined]
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(
        JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT)
    )
    root.addHandler(handler)
