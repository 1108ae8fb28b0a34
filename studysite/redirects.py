"""Where a page may send its visitor next: only a path on this site.

Every ``next`` (sign-up, log-in, log-out, the flag toggle's return address) goes through
:func:`safe_local_path`, so they all behave the same way: a local path is followed and
anything else – another host, a scheme, a view name such as ``foo``, a template-looking
``{{7*7}}``, a header-splitting ``\\r\\n`` or a path longer than any page's – falls back to
the default. Never pass a ``next`` to ``django.shortcuts.redirect()``: it tries anything
without a slash as a view name and raises ``NoReverseMatch`` (a 500) on the rest
(issue 22, finding 2).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

# Longer than any page address on the site (search queries included).
MAX_LENGTH = 2000


def safe_local_path(request: HttpRequest, target: object, default: str = "/") -> str:
    """``target`` if it is a path on this site ("/..."), else ``default``."""
    if not isinstance(target, str) or not target or len(target) > MAX_LENGTH:
        return default
    # A path, not a network-path reference ("//host") or a backslash trick ("/\\host").
    if not target.startswith("/") or target.startswith(("//", "/\\")):
        return default
    # Control characters would split the Location header (Django refuses them with a 500)
    # or be stripped by browsers into something else.
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in target):
        return default
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return default
    return target


def posted_next(request: HttpRequest, default: str = "") -> str:
    """The ``next`` of this request (form field first, then query string), checked."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    return safe_local_path(request, target, default)


def redirect_local(request: HttpRequest, target: object, default: str = "/"):
    """A redirect to ``target`` if it is a local path, else to ``default``."""
    return HttpResponseRedirect(safe_local_path(request, target, default))
