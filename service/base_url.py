"""Does the public base URL name the address this server listens on? A start-up check.

Every credential signed here names URLs under ``ACCREDO_PUBLIC_BASE_URL`` (its id, the issuer,
the signing keys, the status list), and verifiers fetch those URLs. Serving on another port
with the default base URL silently issues credentials that point at a server that is not
there. A reverse proxy (https://credentials.example.org in front of 127.0.0.1:8000) is the
legitimate difference, so this warns instead of refusing.
"""

from __future__ import annotations

from urllib.parse import urlsplit

_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
_ANY = frozenset({"0.0.0.0", "::", ""})  # noqa: S104 -- compared with, never bound to
_DEFAULT_PORTS = {"http": 80, "https": 443}


def base_url_mismatch(public_base_url: str, host: str, port: int) -> str | None:
    """A warning when `public_base_url` does not reach `host`:`port`, else None."""
    parts = urlsplit(public_base_url)
    base_host = (parts.hostname or "").lower()
    base_port = parts.port or _DEFAULT_PORTS.get(parts.scheme, 80)
    same_host = (
        host in _ANY
        or base_host == host.lower()
        or (base_host in _LOOPBACK and host.lower() in _LOOPBACK)
    )
    if same_host and base_port == port:
        return None
    served = f"http://{host}:{port}"
    return (
        f"warning: ACCREDO_PUBLIC_BASE_URL is {public_base_url} but this server listens on "
        f"{served}. Credentials issued now will name {public_base_url} (their id, issuer, keys "
        "and status list), and verifiers will fetch them there. That is right behind a reverse "
        f"proxy that forwards {public_base_url} here; otherwise stop and set "
        f"ACCREDO_PUBLIC_BASE_URL={served}."
    )
