"""``accredo demo load`` (the demo data ``make run`` serves) and ``accredo demo sit``."""

from __future__ import annotations

import asyncio
import re
import sys
from datetime import timedelta

import click
import httpx

from service.auth.roles import Role
from service.auth.tokens import create_token, utc_now
from service.clock import SystemClock
from service.db.session import standalone_engine, transaction
from service.demo.accounts import load_demo_accounts
from service.demo.loader import DEMO_BANK, load_demo
from service.demo.sit import DemoSitError, sit_demo
from service.settings import load_settings


@click.group()
def demo() -> None:
    """Demo data."""


async def _load() -> tuple[bool, bool]:
    settings = load_settings()
    async with standalone_engine(settings.database_url) as engine, transaction(engine) as session:
        bank = await load_demo(session, settings)
        return bank, await load_demo_accounts(session, SystemClock().now())


@demo.command("load")
def load_command() -> None:
    """Load the sample bank, certification, exam and two accounts (once; then nothing)."""
    bank, accounts = asyncio.run(_load())
    if bank:
        click.echo(f"loaded the demo bank {DEMO_BANK!r}, its certification and exam")
    if accounts:
        click.echo("loaded two demo accounts with learners (crm-northwind, crm-contoso)")
    if not bank and not accounts:
        click.echo("demo data already loaded")


def _subject(learner: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", learner.strip()).strip("-").lower() or "learner"


@demo.command("sit")
@click.option("--learner", required=True, help="The learner's name (also their id, made safe).")
@click.option("--fail", is_flag=True, help="Answer every item wrongly, to see a study plan.")
@click.option(
    "--base-url",
    default=None,
    help="The running server (default: ACCREDO_PUBLIC_BASE_URL, else http://127.0.0.1:8000).",
)
def sit_command(learner: str, fail: bool, base_url: str | None) -> None:
    """Sit the demo exam through the API and print the credential URL (or the retake date).

    The learner's token is minted like `accredo token create --role learner`, so the server
    must share this machine's ACCREDO_SECRET_KEY (or generated var/secret_key).
    """
    settings = load_settings()
    token = create_token(
        secret_key=settings.secret_key,
        subject=_subject(learner),
        roles=[Role.LEARNER],
        now=utc_now(),
        ttl=timedelta(hours=1),
        name=learner.strip(),
    )
    url = (base_url or settings.public_base_url).rstrip("/")
    try:
        with httpx.Client(
            base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=60
        ) as client:
            outcome = sit_demo(client, fail=fail)
    except httpx.HTTPError as error:
        raise click.ClickException(
            f"cannot reach the server at {url} ({error}); start it with `make run`"
        ) from error
    except DemoSitError as error:
        raise click.ClickException(str(error)) from error
    if outcome.passed is None:
        click.echo(f"{learner} cannot start the demo exam now: {outcome.refusal}")
        click.echo(f"retake from: {outcome.retake_from or 'not by waiting'}")
        sys.exit(1)
    click.echo(f"{learner} scored {outcome.percent:g}%: {'passed' if outcome.passed else 'failed'}")
    if outcome.passed:
        click.echo(f"credential: {outcome.credential_url}")
        return
    if outcome.weak_domains:
        click.echo("study: " + "; ".join(outcome.weak_domains))
    click.echo(f"retake from: {outcome.retake_from or 'not by waiting'}")
