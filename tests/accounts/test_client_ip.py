"""The client IP that lockouts use: REMOTE_ADDR, or the trusted proxies' view of it."""

from __future__ import annotations

import pytest

from studysite.accounts.client_ip import client_ip


@pytest.mark.parametrize(
    ("count", "remote", "forwarded", "expected"),
    [
        (0, "10.0.0.1", "203.0.113.9", "10.0.0.1"),  # no proxy trusted: header ignored
        (0, "::1", None, "::1"),
        (0, "not-an-ip", None, None),
        (1, "10.0.0.1", None, "10.0.0.1"),  # came straight in, no header
        (1, "10.0.0.1", "203.0.113.9", "203.0.113.9"),
        (1, "10.0.0.1", "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # spoofed left part ignored
        (2, "10.0.0.1", "6.6.6.6, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (2, "10.0.0.1", "203.0.113.9", "10.0.0.1"),  # fewer hops than proxies
        (1, "10.0.0.1", "garbage", "10.0.0.1"),
        (1, "10.0.0.1", "2001:db8::1", "2001:db8::1"),
        (1, "10.0.0.1", " , ,", "10.0.0.1"),
        (1, "10.0.0.1", "1.1.1.1," * 100_000 + "203.0.113.9", "203.0.113.9"),
        (1, "10.0.0.1", "\x00\xff", "10.0.0.1"),
    ],
)
def test_client_ip(rf, settings, count, remote, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    assert client_ip(rf.get("/", **meta)) == expected


def test_another_header_can_be_named(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.CLIENT_IP_HEADER = "X-Real-IP"
    request = rf.get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="198.51.100.4", HTTP_X_FORWARDED_FOR="6.6.6.6"
    )
    assert client_ip(request) == "198.51.100.4"
