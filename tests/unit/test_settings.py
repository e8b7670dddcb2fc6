from __future__ import annotations

from pathlib import Path

import pytest

from service.settings import SettingsError, load_settings


def test_embedded_defaults_generate_and_keep_a_secret(tmp_path: Path) -> None:
    env = {"ACCREDO_DATA_DIR": str(tmp_path / "var")}
    first = load_settings(env)
    second = load_settings(env)
    assert (
        first.database_url == f"sqlite+aiosqlite:///{(tmp_path / 'var' / 'accredo.db').as_posix()}"
    )
    assert first.database_kind == "sqlite"
    assert len(first.secret_key) >= 32
    assert first.secret_key == second.secret_key
    assert (tmp_path / "var" / "secret_key").stat().st_mode & 0o777 == 0o600


def test_explicit_values_are_used(tmp_path: Path) -> None:
    settings = load_settings(
        {
            "ACCREDO_DATA_DIR": str(tmp_path),
            "ACCREDO_DATABASE_URL": "postgresql+asyncpg://u@h/db",
            "ACCREDO_PUBLIC_BASE_URL": "https://certs.example.org/",
            "ACCREDO_SECRET_KEY": "s" * 40,
            "ACCREDO_TOKEN_TTL_SECONDS": "600",
            "ACCREDO_LOG_LEVEL": "debug",
            "ACCREDO_ISSUER_IMAGE_URL": "https://cdn.example.org/logo.png",
            "ACCREDO_SIGNING_PROCESSES": "0",
            "ACCREDO_CREDENTIAL_WORKER": "0",
        }
    )
    assert settings.signing_processes == 0 and not settings.credential_worker
    assert settings.issuer_image_url == "https://cdn.example.org/logo.png"
    assert settings.database_kind == "postgresql"
    assert settings.absolute_url("/credentials/x") == "https://certs.example.org/credentials/x"
    assert settings.token_ttl_seconds == 600
    assert settings.log_level == "DEBUG"
    assert not (tmp_path / "secret_key").exists()


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("ACCREDO_DATABASE_URL", "mysql://x", "ACCREDO_DATABASE_URL"),
        ("ACCREDO_SECRET_KEY", "short", "ACCREDO_SECRET_KEY"),
        ("ACCREDO_TOKEN_TTL_SECONDS", "soon", "ACCREDO_TOKEN_TTL_SECONDS"),
        ("ACCREDO_LOG_LEVEL", "LOUD", "ACCREDO_LOG_LEVEL"),
        ("ACCREDO_PUBLIC_BASE_URL", "ftp://x", "ACCREDO_PUBLIC_BASE_URL"),
        ("ACCREDO_ISSUER_IMAGE_URL", "logo.png", "ACCREDO_ISSUER_IMAGE_URL"),
        ("ACCREDO_SIGNING_PROCESSES", "-1", "ACCREDO_SIGNING_PROCESSES"),
        ("ACCREDO_SIGNING_PROCESSES", "two", "ACCREDO_SIGNING_PROCESSES"),
    ],
)
def test_bad_values_name_the_variable(
    tmp_path: Path, variable: str, value: str, message: str
) -> None:
    with pytest.raises(SettingsError, match=message):
        load_settings({"ACCREDO_DATA_DIR": str(tmp_path), variable: value})
