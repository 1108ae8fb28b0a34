"""The client's IP address for django-axes (``AXES_CLIENT_IP_CALLABLE``).

Lockouts are per username *and* client IP, so the IP must be the visitor's, not the proxy's
(or every visitor would share one lockout), and it must not be one the visitor chose (or an
attacker would get a fresh IP per guess by sending ``X-Forwarded-For: <anything>``).

A proxy appends the address it received the request from to ``X-Forwarded-For``. With
``DJANGO_TRUSTED_PROXY_COUNT=N`` proxies in front of the site, the N-th address from the
right was written by the outermost proxy we trust: that is the client. Anything left of it
came from the client and is ignored. With N=0 (the default: nothing in front, or nothing
trusted) only the connection's own address is used and the header is never read.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid_ip(value: str) -> str | None:
    value = value.strip()
    if not value or len(value) > 45:
        return None
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def _meta_key(header: str) -> str:
    return "HTTP_" + header.strip().upper().replace("-", "_")


def client_ip(request: HttpRequest) -> str | None:
    """The visitor's IP address as the trusted proxies saw it (None if there is none)."""
    remote = _valid_ip(request.META.get("REMOTE_ADDR", ""))
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    header = request.META.get(_meta_key(getattr(settings, "CLIENT_IP_HEADER", "")), "")
    # Bounded work on a header the client can pad: only the trusted tail matters.
    hops = [hop for hop in header[-4096:].split(",") if hop.strip()]
    if len(hops) < count:
        # Fewer hops than proxies: the request did not come through all of them.
        return remote
    return _valid_ip(hops[-count]) or remote
