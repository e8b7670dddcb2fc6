"""The request's database session: how advanced-alchemy's plugin opens, commits and closes it.

`CommitBeforeResponse` commits a successful request's session before its status goes out,
so the plugin's own hook only closes the session (closing rolls back whatever a request
that did not succeed left open). Its ``autocommit`` hook would commit a second time: an
empty transaction begun and committed again on every request.

advanced-alchemy also hangs cache and file-object listeners on every commit; each asks the
engine for its execution options, which builds a new option engine every time. The service
uses neither feature, so they are switched off. Together this is about a tenth of the
worker's CPU for an answer save, the exam day's most frequent request.
"""

from __future__ import annotations

from advanced_alchemy.extensions.litestar import AsyncSessionConfig, SQLAlchemyAsyncConfig
from sqlalchemy.ext.asyncio import AsyncEngine

_UNUSED_LISTENERS_OFF = {"enable_cache_listener": False, "enable_file_object_listener": False}


def request_session_config(engine: AsyncEngine) -> SQLAlchemyAsyncConfig:
    return SQLAlchemyAsyncConfig(
        engine_instance=engine,
        before_send_handler=None,  # the plugin's default: close the session, nothing more
        session_config=AsyncSessionConfig(expire_on_commit=False, info=dict(_UNUSED_LISTENERS_OFF)),
        enable_file_object_listener=False,
    )
