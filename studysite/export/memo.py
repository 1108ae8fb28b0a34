"""The site's URLs worked out once per export, not once per page.

Every exported page (about 200) renders the same page frame, whose ``{% url %}`` and
``{% static %}`` tags asked Django again for the same dozen addresses: 0.03-0.04 s of
``reverse`` and 0.015 s of static-file URLs in each of the export's two processes.
While :func:`remembered_urls` is active, ``django.urls.reverse`` (which the ``{% url %}``
tag looks up on every call) and ``StaticNode.handle_simple`` remember each answer for
the same arguments, script prefix and URL conf: within one export both are fixed, so the
pages are the same. Nothing outlives the export (the originals are put back).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import django.urls
from django.templatetags.static import StaticNode
from django.urls import get_script_prefix, get_urlconf

__all__ = ["remembered_urls"]


@contextmanager
def remembered_urls() -> Iterator[None]:
    reverse = django.urls.reverse
    static_url = StaticNode.__dict__["handle_simple"]
    reversed_urls: dict[tuple, str] = {}
    static_urls: dict[str, str] = {}

    def remembered_reverse(
        viewname, urlconf=None, args=None, kwargs=None, current_app=None, **more
    ):
        try:
            key = (
                viewname,
                urlconf,
                tuple(args or ()),
                tuple(sorted((kwargs or {}).items())),
                current_app,
                tuple(sorted(more.items())),
                get_script_prefix(),
                get_urlconf(),
            )
            url = reversed_urls.get(key)
        except TypeError:  # an argument that cannot be a key: asked each time
            return reverse(viewname, urlconf, args, kwargs, current_app, **more)
        if url is None:
            url = reversed_urls[key] = reverse(viewname, urlconf, args, kwargs, current_app, **more)
        return url

    def remembered_static(cls, path):
        url = static_urls.get(path)
        if url is None:
            url = static_urls[path] = static_url.__func__(cls, path)
        return url

    django.urls.reverse = remembered_reverse
    StaticNode.handle_simple = classmethod(remembered_static)
    try:
        yield
    finally:
        django.urls.reverse = reverse
        StaticNode.handle_simple = static_url
