"""ASGI entry point for granian: builds the app from the environment at worker start."""

from __future__ import annotations

from litestar import Litestar

from service.app import create_app
from service.db.pool_warmup import warmed_pool
from service.heap import startup_heap_frozen
from service.settings import load_settings


def app_from_environment() -> Litestar:
    return create_app(load_settings(), extra_lifespan=[warmed_pool, startup_heap_frozen])
