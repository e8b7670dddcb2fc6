"""The base of every request and response schema.

camelCase on the wire, keyword-only construction, and unknown fields rejected so a client's
typo is an error instead of a silently ignored setting.
"""

from __future__ import annotations

import msgspec


class WireModel(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, rename="camel"):
    pass
