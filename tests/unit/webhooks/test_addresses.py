"""Only https receivers at public addresses; loopback (http too) only when the setting allows."""

from __future__ import annotations

import ipaddress

import pytest

from service.webhooks.addresses import (
    AddressRefused,
    address_problem,
    resolve_checked,
    url_problem,
)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://crm.example.com/hooks", "must be an https:// URL"),
        ("ftp://crm.example.com/hooks", "must be an https:// URL"),
        ("https://10.0.0.8/hooks", "host is a private address"),
        ("https://192.168.1.1/hooks", "host is a private address"),
        ("https://169.254.169.254/latest", "host is a link-local address"),
        ("https://[fe80::1]/hooks", "host is a link-local address"),
        ("https://127.0.0.1/hooks", "host is a loopback address"),
        ("https://[::ffff:10.1.2.3]/hooks", "host is a private address"),
        ("https://localhost/hooks", "is a loopback address"),
        ("https://intranet/hooks", "host must be a fully qualified domain name"),
        ("https://user:pw@crm.example.com/hooks", "must not carry credentials"),
        ("https:///hooks", "must name a host"),
        ("https://crm.example.com:99999/hooks", "is not a valid URL"),
    ],
)
def test_refused_urls_say_why(url: str, reason: str) -> None:
    problem = url_problem(url, allow_loopback=False)
    assert problem is not None and problem.startswith(reason)


def test_public_https_urls_are_accepted() -> None:
    assert url_problem("https://hooks.example.com/accredo?x=1", allow_loopback=False) is None
    assert url_problem("https://93.184.216.34/hooks", allow_loopback=False) is None


def test_loopback_only_with_the_setting_and_never_private() -> None:
    assert url_problem("http://127.0.0.1:8080/hooks", allow_loopback=True) is None
    assert url_problem("http://localhost:8080/hooks", allow_loopback=True) is None
    assert url_problem("http://10.0.0.8/hooks", allow_loopback=True) == "must be an https:// URL"
    assert url_problem("https://10.0.0.8/hooks", allow_loopback=True) is not None


def test_address_ranges() -> None:
    assert address_problem(ipaddress.ip_address("8.8.8.8"), False) is None
    assert address_problem(ipaddress.ip_address("100.64.0.1"), False) is not None  # CGNAT
    assert address_problem(ipaddress.ip_address("0.0.0.0"), False) is not None
    assert address_problem(ipaddress.ip_address("224.0.0.1"), False) is not None
    assert address_problem(ipaddress.ip_address("::1"), True) is None


async def test_a_name_resolving_to_loopback_is_refused_at_delivery() -> None:
    """DNS rebinding: a host name that now resolves to a loopback address is not called."""
    with pytest.raises(AddressRefused, match="loopback"):
        await resolve_checked("localhost", 443, allow_loopback=False)
    assert (await resolve_checked("localhost", 443, allow_loopback=True)).is_loopback
    with pytest.raises(AddressRefused, match="private"):
        await resolve_checked("10.1.1.1", 443, allow_loopback=True)
