"""ASGI entry point for granian: builds the app from the environment at worker start."""

from __future__ import annotations

from litestar import Litestar

from service.app import create_app
from service.settings import load_settings


def app_from_environment() -> Litestar:
    return create_app(load_settings())
