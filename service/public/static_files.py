"""Stylesheets and scripts of the public pages, served from our own origin (``/static``), so
a strict Content-Security-Policy (``script-src 'self'; style-src 'self'``) allows them and no
page needs an inline ``<script>``, ``<style>`` or ``style=""``."""

from __future__ import annotations

from pathlib import Path

from litestar import Router
from litestar.static_files import create_static_files_router

from service.auth.roles import public

STATIC_DIRECTORY = Path(__file__).parent / "static"


def static_files_router() -> Router:
    return create_static_files_router(
        path="/static",
        directories=[STATIC_DIRECTORY],
        opt=public(),
        include_in_schema=False,
        cache_control=None,
        name="static",
    )
