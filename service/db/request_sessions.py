"""The request's database session: how advanced-alchemy's plugin opens, commits and closes it.

`CommitBeforeResponse` commits a successful request's session before its status goes out,
so the plugin's hook here only closes the session (closing rolls back whatever a request
that did not succeed left open). The plugin's ``autocommit`` hook would commit a second
time: an empty transaction begun and committed again on every request. A close that fails
(a connection that broke mid-request) is logged and does not break the response, which the
client may already be receiving.

advanced-alchemy also hangs a cache listener (always) and a file-object listener (unless
told not to) on every commit; each asked the engine for its execution options, which builds
a new option engine every time. The service uses neither feature: the file-object listener
is not registered, and the cache listener, which can only be switched off per session, is
switched off in each session's ``info``. Together this is about a tenth of the worker's CPU
for an answer save, the exam day's most frequent request.
"""

from __future__ import annotations

import logging

from advanced_alchemy.extensions.litestar import AsyncSessionConfig, SQLAlchemyAsyncConfig
from advanced_alchemy.extensions.litestar._utils import (
    delete_aa_scope_state,
    get_aa_scope_state,
)
from advanced_alchemy.extensions.litestar.plugins.init.config.common import (
    SESSION_TERMINUS_ASGI_EVENTS,
)
from litestar.types import BeforeMessageSendHookHandler, Message, Scope
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

logger = logging.getLogger("accredo.db")


def request_session_config(engine: AsyncEngine) -> SQLAlchemyAsyncConfig:
    config = SQLAlchemyAsyncConfig(
        engine_instance=engine,
        session_config=AsyncSessionConfig(
            expire_on_commit=False, info={"enable_cache_listener": False}
        ),
        enable_file_object_listener=False,
    )
    # the key is made unique per config as it is built, so the hook is attached after
    config.before_send_handler = _closing_hook(config.session_scope_key)
    return config


def _closing_hook(session_scope_key: str) -> BeforeMessageSendHookHandler:
    async def close_session(message: Message, scope: Scope) -> None:
        if message["type"] not in SESSION_TERMINUS_ASGI_EVENTS:
            return
        session = get_aa_scope_state(scope, session_scope_key)
        if not isinstance(session, AsyncSession):
            return
        try:
            await session.close()
        except Exception:
            logger.warning("a request's database session did not close cleanly", exc_info=True)
        finally:
            delete_aa_scope_state(scope, session_scope_key)

    return close_session
