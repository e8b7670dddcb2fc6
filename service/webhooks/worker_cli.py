"""``accredo webhooks worker``: deliver webhooks from a process of its own.

The recommended deployment for real traffic: app processes run with
``ACCREDO_WEBHOOKS_WORKER=0`` (they only write events to the outbox, in the transactions of
the changes) and one or more of these processes send them. Sending then never takes the
app's event loop or core from answer saves and issuance, and workers scale apart from the
app (several are safe: claims are leased). The worker finds new events by polling every
``ACCREDO_WEBHOOKS_POLL_MS``; SIGTERM or Ctrl-C stops it after cancelling its sends (their
leases run out and another worker, or this one restarted, sends them again: at least once).
"""

from __future__ import annotations

import asyncio
import signal

import click

from service.settings import Settings, load_settings

POOL_SIZE = 10
"""Lanes hold a connection only while claiming or recording: a few serve many endpoints."""


async def run_worker(settings: Settings, stop: asyncio.Event) -> None:
    # Imported here, not at the top: ``accredo serve`` imports this module, and must import
    # prometheus-client only after it has set up the multi-process metrics directory.
    from service.clock import SystemClock
    from service.db.session import standalone_engine
    from service.webhooks.worker import Dispatcher, delivering

    async with standalone_engine(settings.database_url, pool_size=POOL_SIZE) as engine:
        dispatcher = Dispatcher(engine, settings, SystemClock(), None)
        async with delivering(dispatcher):
            await stop.wait()


async def _until_signalled(settings: Settings) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(number, stop.set)
    await run_worker(settings, stop)


@click.group()
def webhooks() -> None:
    """Webhook delivery."""


@webhooks.command()
def worker() -> None:
    """Deliver webhooks until stopped (run app processes with ACCREDO_WEBHOOKS_WORKER=0)."""
    from service.observe.logs import configure_logging
    from service.webhooks.worker import quiet_http_logs

    settings = load_settings()
    configure_logging(settings.log_level, settings.log_format)
    quiet_http_logs(settings)
    click.echo(f"delivering webhooks ({settings.database_kind})", err=True)
    asyncio.run(_until_signalled(settings))
