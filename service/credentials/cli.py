"""``accredo verify FILE_OR_URL`` and ``accredo keys rotate``.

``verify`` trusts nothing it is given: it fetches the issuer document the credential names
(for its keys) and each status list (checking the list's own signature), plus the issuer's
paired list at the same index (so a revoked credential reads "revoked" and a suspended one
"suspended", whichever list it names), then runs the same step-by-step verification as the
service and prints the report. Exit codes: 0 valid, 1 not valid, 2 could not be checked (the
file or URL cannot be read, the host does not resolve, the server is down).
"""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import click
import httpx

from credentials import verify_credential
from credentials.keys import (
    ControllerDocumentError,
    KeyResolver,
    keys_from_controller_document,
    resolver_from_keys,
)
from credentials.status import (
    StatusList,
    StatusListError,
    paired_entries,
    read_status_list_entries,
    verify_status_list_credential,
)
from service.clock import SystemClock
from service.credentials.verifying import unverified_credential, unwrap
from service.db.session import standalone_engine, transaction
from service.errors import ServiceError
from service.keys.services import rotate_keys
from service.settings import load_settings

JSON_ACCEPT = {"Accept": "application/ld+json, application/json"}


class CannotCheck(click.ClickException):
    """The credential could not be obtained at all: nothing to report step by step."""

    exit_code = 2


def _fetch_json(client: httpx.Client, url: str) -> dict[str, Any]:
    response = client.get(url, headers=JSON_ACCEPT)
    response.raise_for_status()
    value = response.json()
    if not isinstance(value, dict):
        raise ValueError(f"{url} did not return a JSON object")
    return value


def _read(client: httpx.Client, target: str) -> str:
    if target.startswith(("http://", "https://")):
        try:
            response = client.get(target, headers=JSON_ACCEPT)
        except httpx.HTTPError as error:
            raise CannotCheck(f"cannot reach {target}: {_reason(error)}") from error
        if response.status_code >= 400:
            raise CannotCheck(f"{target} answered HTTP {response.status_code}")
        return response.text
    try:
        return unwrap(Path(target).read_bytes())
    except OSError as error:
        raise CannotCheck(f"cannot read {target}: {error.strerror or error}") from error
    except ServiceError as error:
        raise CannotCheck(error.detail) from error


def _reason(error: httpx.HTTPError) -> str:
    if isinstance(error, httpx.ConnectError):
        return f"the host does not resolve or refuses connections ({error})"
    if isinstance(error, httpx.TimeoutException):
        return "no answer in time"
    return str(error) or type(error).__name__


def _trusted_list(
    client: httpx.Client, url: str, resolver: KeyResolver, now: datetime
) -> StatusList:
    return verify_status_list_credential(_fetch_json(client, url), resolver, now, expected_url=url)


def verify_target(target: str, now: datetime, client: httpx.Client | None = None) -> dict[str, Any]:
    """The report for ``target``; ``client`` (default: a fresh one) fetches every URL."""
    if client is None:
        with httpx.Client(timeout=10, follow_redirects=True) as own:
            return verify_target(target, now, own)
    text = _read(client, target)
    credential = unverified_credential(text) or {}
    issuer = credential.get("issuer")
    issuer_url = issuer.get("id") if isinstance(issuer, dict) else issuer
    keys = []
    if isinstance(issuer_url, str) and issuer_url.startswith(("http://", "https://")):
        try:
            keys = keys_from_controller_document(_fetch_json(client, issuer_url))
        except (httpx.HTTPError, ControllerDocumentError, ValueError) as error:
            click.echo(f"warning: cannot read issuer keys: {error}", err=True)
    resolver = resolver_from_keys(keys)
    lists: dict[str, StatusList] = {}
    try:
        entries = read_status_list_entries(credential)
    except StatusListError:
        entries = []
    for entry in entries:
        try:
            url = entry.list_credential_url
            lists[url] = _trusted_list(client, url, resolver, now)
        except (httpx.HTTPError, StatusListError, ValueError) as error:
            click.echo(f"warning: status list unusable: {error}", err=True)
    for entry in paired_entries(entries):
        try:
            url = entry.list_credential_url
            lists[url] = _trusted_list(client, url, resolver, now)
        except (httpx.HTTPError, StatusListError, ValueError):
            continue
    report = verify_credential(text, resolver, lists.get, now, paired_status=paired_entries)
    return report.to_dict()


@click.command("verify")
@click.argument("target", metavar="FILE_OR_URL")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def verify_command(target: str, as_json: bool) -> None:
    """Verify a credential file (JSON, VC-JWT, baked PNG/SVG) or URL.

    Exits 0 when valid, 1 when not valid, 2 when it could not be checked at all.
    """
    report = verify_target(target, SystemClock().now())
    if as_json:
        click.echo(json.dumps(report, indent=2))
    else:
        for step in report["steps"]:
            click.echo(f"{'ok  ' if step['ok'] else 'FAIL'} {step['name']}: {step['detail']}")
        click.echo("VALID" if report["ok"] else "NOT VALID")
    sys.exit(0 if report["ok"] else 1)


@click.group()
def keys() -> None:
    """Issuer signing keys."""


async def _rotate() -> list[str]:
    settings = load_settings()
    async with standalone_engine(settings.database_url) as engine, transaction(engine) as session:
        return await rotate_keys(session, settings, SystemClock().now())


@keys.command("rotate")
def rotate_command() -> None:
    """Add new signing keys and retire the old ones for signing (they still verify)."""
    for key_id in asyncio.run(_rotate()):
        click.echo(f"new active key {key_id}")
