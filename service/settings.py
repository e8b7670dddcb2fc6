"""Service configuration, read once from ``ACCREDO_*`` environment variables at start-up.

Nothing else in the service reads the environment: code receives a ``Settings`` value, so tests
can build one directly and two apps with different settings can live in one process.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DATA_DIR = Path("var")
SECRET_KEY_FILE = "secret_key"  # noqa: S105 - a file name, not a secret
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class SettingsError(ValueError):
    """A configuration value is missing or malformed; the message names the variable."""


@dataclass(frozen=True, kw_only=True)
class Settings:
    database_url: str
    public_base_url: str
    secret_key: str = field(repr=False)
    data_dir: Path = DEFAULT_DATA_DIR
    token_ttl_seconds: int = 8 * 3600
    log_level: str = "INFO"
    attempt_grace_seconds: int = 30
    sweeper_interval_seconds: float = 5.0
    max_upload_bytes: int = 10 * 1024 * 1024
    issuer_name: str = "Accredo Certification"
    issuer_email: str = "credentials@accredo.example"
    issuer_url: str = ""
    issuer_image_url: str = ""
    """The issuer's logo; empty means the generated one served at ``/issuer/image.png``."""
    cors_origins: tuple[str, ...] = ()
    """Web origins whose pages may call token routes (public routes allow any origin)."""
    max_recall_share: float = 0.20
    """The largest recall cap any exam may set: the programs allow at most 20% pure recall."""
    flag_min_examinees: int = 30
    """Item statistics below this many examinees read "insufficient data", never a flag."""
    band_min_first_attempts: int = 30
    """The exam's pass-band flag needs at least this many first attempts."""
    log_format: str = "text"
    """``json``: one JSON object per log line, with the request id (see ``service.observe``)."""
    metrics_token: str = field(default="", repr=False)
    """Bearer token for ``GET /metrics``; empty means the endpoint is not mounted."""
    public_refresh_seconds: float = 0.3
    """How often each process checks the database for public-state changes (see
    ``service.public.snapshot``); a change shows everywhere within a second."""
    bench_endpoints: bool = False
    """Mount ``GET /bench/trivial`` (a constant), the benchmarks' baseline; never in production."""
    webhooks_allow_loopback: bool = False
    """Admit loopback webhook receivers (http too): for tests and the demo, never production."""
    webhooks_worker: bool = True
    """Deliver webhooks from this process (``ACCREDO_WEBHOOKS_WORKER=0``: only write them)."""
    webhooks_poll_seconds: float = 1.0
    webhooks_concurrency: int = 8
    """At most this many requests in flight to one endpoint."""
    credential_worker: bool = True
    """Issue owed credentials from this process (``ACCREDO_CREDENTIAL_WORKER=0``: leave the
    outbox to other processes, e.g. hosts that take no public traffic)."""
    signing_processes: int = 1
    """Child processes that sign credentials for this one (``0``: a thread of this process);
    see ``service.credentials.signing_pool``."""
    expiry_scan_seconds: float = 300.0
    """How often credentials nearing or past validUntil are looked for (expiry events)."""

    @property
    def database_kind(self) -> str:
        """``sqlite`` or ``postgresql``: the dialect family the URL selects."""
        return "postgresql" if self.database_url.startswith("postgresql") else "sqlite"

    def absolute_url(self, path: str, *, base: str | None = None) -> str:
        """Every URL the service emits is built here, from the public base URL (or ``base``:
        a previous origin, when serving or verifying what was issued under it)."""
        return (base or self.public_base_url).rstrip("/") + "/" + path.lstrip("/")


def _int(env: Mapping[str, str], name: str, default: int, minimum: int = 0) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from exc
    if value < minimum:
        raise SettingsError(f"{name} must be at least {minimum}, got {value}")
    return value


def _share(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be a fraction between 0 and 1, got {raw!r}") from exc
    if not 0 <= value <= 1:
        raise SettingsError(f"{name} must be a fraction between 0 and 1, got {value}")
    return value


def _secret_key(env: Mapping[str, str], data_dir: Path) -> str:
    """Use ``ACCREDO_SECRET_KEY``; for the embedded default, generate one into the data dir.

    The generated key is kept so that tokens and encrypted signing keys survive restarts.
    """
    explicit = env.get("ACCREDO_SECRET_KEY", "")
    if explicit:
        if len(explicit) < 32:
            raise SettingsError("ACCREDO_SECRET_KEY must be at least 32 characters long")
        return explicit
    key_file = data_dir / SECRET_KEY_FILE
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(key + "\n")
    return key


def _issuer_image_url(env: Mapping[str, str]) -> str:
    value = (env.get("ACCREDO_ISSUER_IMAGE_URL") or "").strip()
    if value and not value.startswith(("https://", "http://", "data:image/")):
        raise SettingsError(
            "ACCREDO_ISSUER_IMAGE_URL must be an http(s):// URL or a data:image/ URI"
        )
    return value


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Build settings from the environment (``os.environ`` unless given)."""
    source = os.environ if env is None else env
    data_dir = Path(source.get("ACCREDO_DATA_DIR") or DEFAULT_DATA_DIR)
    database_url = source.get("ACCREDO_DATABASE_URL") or (
        f"sqlite+aiosqlite:///{(data_dir / 'accredo.db').as_posix()}"
    )
    if not database_url.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
        raise SettingsError(
            "ACCREDO_DATABASE_URL must start with sqlite+aiosqlite:// or postgresql+asyncpg://"
        )
    log_level = (source.get("ACCREDO_LOG_LEVEL") or "INFO").upper()
    if log_level not in LOG_LEVELS:
        raise SettingsError(f"ACCREDO_LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}")
    public_base_url = (source.get("ACCREDO_PUBLIC_BASE_URL") or "http://127.0.0.1:8000").rstrip("/")
    if not public_base_url.startswith(("http://", "https://")):
        raise SettingsError("ACCREDO_PUBLIC_BASE_URL must be an http:// or https:// URL")
    return Settings(
        database_url=database_url,
        public_base_url=public_base_url,
        secret_key=_secret_key(source, data_dir),
        data_dir=data_dir,
        token_ttl_seconds=_int(source, "ACCREDO_TOKEN_TTL_SECONDS", 8 * 3600, minimum=60),
        log_level=log_level,
        attempt_grace_seconds=_int(source, "ACCREDO_ATTEMPT_GRACE_SECONDS", 30),
        max_upload_bytes=_int(source, "ACCREDO_MAX_UPLOAD_BYTES", 10 * 1024 * 1024, minimum=1024),
        issuer_name=source.get("ACCREDO_ISSUER_NAME") or "Accredo Certification",
        issuer_email=source.get("ACCREDO_ISSUER_EMAIL") or "credentials@accredo.example",
        issuer_url=source.get("ACCREDO_ISSUER_URL") or public_base_url,
        issuer_image_url=_issuer_image_url(source),
        cors_origins=_origins(source.get("ACCREDO_CORS_ORIGINS") or ""),
        max_recall_share=_share(source, "ACCREDO_MAX_RECALL_SHARE", 0.20),
        flag_min_examinees=_int(source, "ACCREDO_FLAG_MIN_EXAMINEES", 30, minimum=1),
        band_min_first_attempts=_int(source, "ACCREDO_BAND_MIN_FIRST_ATTEMPTS", 30, minimum=1),
        log_format=_choice(source, "ACCREDO_LOG_FORMAT", ("text", "json")),
        metrics_token=_metrics_token(source),
        bench_endpoints=_choice(source, "ACCREDO_BENCH_ENDPOINTS", ("0", "1")) == "1",
        webhooks_allow_loopback=_flag(source, "ACCREDO_WEBHOOKS_ALLOW_LOOPBACK", False),
        webhooks_worker=_flag(source, "ACCREDO_WEBHOOKS_WORKER", True),
        webhooks_poll_seconds=_int(source, "ACCREDO_WEBHOOKS_POLL_MS", 1000, minimum=10) / 1000,
        webhooks_concurrency=_int(source, "ACCREDO_WEBHOOKS_CONCURRENCY", 8, minimum=1),
        credential_worker=_flag(source, "ACCREDO_CREDENTIAL_WORKER", True),
        signing_processes=_int(source, "ACCREDO_SIGNING_PROCESSES", 1),
        expiry_scan_seconds=float(_int(source, "ACCREDO_EXPIRY_SCAN_SECONDS", 300, minimum=1)),
    )


def _choice(env: Mapping[str, str], name: str, allowed: tuple[str, ...]) -> str:
    """One of ``allowed`` (the first is the default when unset)."""
    value = (env.get(name) or allowed[0]).strip().lower()
    if value not in allowed:
        raise SettingsError(f"{name} must be one of {', '.join(allowed)}, got {value!r}")
    return value


def _metrics_token(env: Mapping[str, str]) -> str:
    token = env.get("ACCREDO_METRICS_TOKEN") or ""
    if token and len(token) < 16:
        raise SettingsError("ACCREDO_METRICS_TOKEN must be at least 16 characters long")
    return token


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = (env.get(name) or "").strip().lower()
    if raw == "":
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"{name} must be 1 or 0, got {raw!r}")


def _origins(raw: str) -> tuple[str, ...]:
    """``ACCREDO_CORS_ORIGINS``: comma-separated origins such as ``https://lms.example.org``."""
    origins = tuple(part.strip().rstrip("/") for part in raw.split(",") if part.strip())
    for origin in origins:
        if origin != "*" and not origin.startswith(("http://", "https://")):
            raise SettingsError(
                f"ACCREDO_CORS_ORIGINS entries must be http(s) origins or *, got {origin!r}"
            )
    return origins
