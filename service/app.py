"""The application factory: wires settings, database, auth, errors and every area's routes."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

from advanced_alchemy.extensions.litestar import SQLAlchemyPlugin
from litestar import Litestar, Router
from litestar.datastructures import State
from litestar.di import Provide
from litestar.middleware import DefineMiddleware
from litestar.openapi.config import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme

from service.accounts.click_controllers import LinkedInClickController
from service.accounts.controllers import AccountController, MembershipController
from service.accounts.coverage_controllers import CoverageController
from service.accounts.measures_controllers import MeasuresController
from service.accounts.page_counts import page_counting
from service.angoff.controllers import AngoffController
from service.attempts.controllers import AttemptController
from service.attempts.sweeper import attempt_sweeper
from service.auth.guards import access_guard, provide_principal
from service.auth.roles import public
from service.bank.controllers import BankController
from service.bench.controllers import trivial
from service.calibration.controllers import CalibrationController
from service.clock import Clock, SystemClock
from service.cors import SplitCorsMiddleware
from service.credentials.controllers import (
    AdminCredentialController,
    LearnerCredentialController,
)
from service.credentials.failure_controllers import IssuanceFailureController
from service.credentials.worker import credential_worker
from service.db.commit_before_response import CommitBeforeResponse
from service.db.engine import create_engine
from service.db.migrate import schema_state
from service.db.request_sessions import request_session_config
from service.errors import EXCEPTION_HANDLERS
from service.exams.controllers import CertificationController, ExamController
from service.health.controllers import HealthController
from service.holders.controllers import HolderDidController
from service.http.compression import compression_config
from service.http.security_headers import security_headers
from service.identity.controllers import IdentityController
from service.observe.controllers import metrics
from service.observe.logs import configure_logging
from service.observe.middleware import ObserveRequests
from service.openapi import BEARER, ensure_refined_openapi
from service.operation_ids import operation_id
from service.origins.controllers import IssuerOriginController
from service.public.credential_controllers import PublicCredentialController, VerifyController
from service.public.issuer_controllers import AchievementController, IssuerController
from service.public.snapshot import STATE_KEY, PublicSnapshot, public_refresher
from service.public.snapshot import listen as listen_for_public_changes
from service.public.static_files import static_files_router
from service.public.template_config import template_config
from service.request_screen import screen_request
from service.settings import Settings
from service.statistics.controllers import StatisticsController
from service.statistics.file_controllers import FileAnalysisController
from service.study.controllers import StudyPlanController
from service.webhooks.controllers import ReminderController, WebhookController
from service.webhooks.expiry import expiry_job
from service.webhooks.worker import webhook_worker

logger = logging.getLogger("accredo")


class DatabaseNotReady(RuntimeError):
    """The database schema is missing or out of date; the message names the command to run."""


def route_handlers(settings: Settings | None = None) -> Sequence[Any]:
    """Every route; the benchmark baseline only when ``settings.bench_endpoints`` is on."""
    optional: list[Any] = []
    if settings is not None and settings.bench_endpoints:
        optional.append(trivial)
    if settings is not None and settings.metrics_token:
        optional.append(metrics)
    return [
        *optional,
        HealthController,
        IdentityController,
        BankController,
        CertificationController,
        ExamController,
        AttemptController,
        StudyPlanController,
        StatisticsController,
        FileAnalysisController,
        AngoffController,
        CalibrationController,
        LearnerCredentialController,
        HolderDidController,
        AdminCredentialController,
        IssuanceFailureController,
        IssuerOriginController,
        AccountController,
        MembershipController,
        CoverageController,
        MeasuresController,
        LinkedInClickController,
        IssuerController,
        AchievementController,
        PublicCredentialController,
        VerifyController,
        WebhookController,
        ReminderController,
        static_files_router(),
    ]


def _openapi_config() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="Accredo API",
        version="0.1.0",
        description="Item banks, timed certification exams and Open Badges 3.0 credentials.",
        path="/schema",
        operation_id_creator=operation_id,
        render_plugins=[SwaggerRenderPlugin()],
        openapi_router=Router(
            "/schema",
            route_handlers=[],
            include_in_schema=False,
            opt=public(),
            before_request=ensure_refined_openapi,
        ),
        components=Components(
            security_schemes={
                BEARER: SecurityScheme(type="http", scheme="bearer", bearer_format="JWT")
            }
        ),
        security=[{BEARER: []}],
    )


def create_app(
    settings: Settings,
    *,
    check_schema: bool = True,
    extra_lifespan: Sequence[Callable[[Litestar], Any]] = (),
    clock: Clock | None = None,
) -> Litestar:
    """The app; ``clock`` is the one time source of handlers and background loops."""
    configure_logging(settings.log_level, settings.log_format)
    if settings.log_level != "DEBUG":
        # Alembic announces its context on every schema check; a person starting the server
        # needs none of it (ACCREDO_LOG_LEVEL=DEBUG shows it again).
        logging.getLogger("alembic").setLevel(logging.WARNING)
    the_clock: Clock = clock or SystemClock()
    engine = create_engine(settings.database_url)
    listen_for_public_changes()
    snapshot = PublicSnapshot(settings.public_refresh_seconds)
    db_config = request_session_config(engine)

    @asynccontextmanager
    async def require_migrated_schema(_app: Litestar) -> AsyncIterator[None]:
        if check_schema:
            state = await schema_state(settings.database_url)
            if not state.up_to_date:
                raise DatabaseNotReady(state.describe())
        yield

    def provide_settings() -> Settings:
        return settings

    def provide_clock() -> Clock:
        return the_clock

    return Litestar(
        route_handlers=route_handlers(settings),
        plugins=[SQLAlchemyPlugin(config=db_config)],
        guards=[access_guard],
        before_request=screen_request,
        middleware=[
            ObserveRequests,
            security_headers(docs_path="/schema"),
            DefineMiddleware(SplitCorsMiddleware, origins=settings.cors_origins),
            DefineMiddleware(CommitBeforeResponse, session_scope_key=db_config.session_scope_key),
        ],
        dependencies={
            "settings": Provide(provide_settings, sync_to_thread=False),
            "clock": Provide(provide_clock, sync_to_thread=False),
            "principal": Provide(provide_principal, sync_to_thread=False),
        },
        exception_handlers=EXCEPTION_HANDLERS,
        openapi_config=_openapi_config(),
        compression_config=compression_config(),
        lifespan=[
            require_migrated_schema,
            attempt_sweeper,
            credential_worker,
            page_counting,
            public_refresher(),
            webhook_worker,
            expiry_job,
            *extra_lifespan,
        ],
        template_config=template_config(),
        state=State(
            {"settings": settings, "engine": engine, "clock": the_clock, STATE_KEY: snapshot}
        ),
        request_max_body_size=settings.max_upload_bytes,
    )
