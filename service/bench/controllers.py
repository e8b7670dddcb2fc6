"""``GET /bench/trivial``: a constant, the ceiling every benchmark figure is read against.

No database, no dependencies, no template: what Litestar and granian cost by themselves on
this machine, under the same middleware, guard and worker as the real routes. Mounted only
when ``Settings.bench_endpoints`` is on (``ACCREDO_BENCH_ENDPOINTS=1``), never in production.
"""

from __future__ import annotations

from litestar import get

from service.auth.roles import public

TRIVIAL = {"status": "ok"}


@get("/bench/trivial", opt=public(), include_in_schema=False, sync_to_thread=False)
def trivial() -> dict[str, str]:
    return TRIVIAL
