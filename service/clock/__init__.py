"""The service's one clock.

Use cases never read the machine clock: they take ``now`` from the `Clock` the app was
built with (``create_app(settings, clock=...)``), which handlers receive as the ``clock``
dependency and background loops read from ``app.state.clock``. Production uses
`SystemClock`; tests build the app with a `SettableClock` and move time forward instead of
editing rows, so "an hour later" means the same thing to every part of the service.
"""

from __future__ import annotations

from service.clock.clocks import Clock, SettableClock, SystemClock

__all__ = ["Clock", "SettableClock", "SystemClock"]
