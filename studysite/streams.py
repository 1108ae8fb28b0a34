"""Which URLs are event streams: views marked with ``@event_stream`` are served by
Django's ASGI handler under uvicorn (an async generator holds no thread while it waits);
every other request goes to the WSGI handler in a thread (studysite/asgi.py says why).

The mark only chooses the faster path: both handlers serve every URL correctly.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import Resolver404, resolve


def event_stream(view):
    """Mark ``view`` as answering with a long-lived text/event-stream response."""
    view.event_stream = True
    return view


def _path_info(scope: dict) -> str:
    path = scope.get("path", "")
    prefix = settings.FORCE_SCRIPT_NAME or scope.get("root_path", "") or ""
    if prefix and path.startswith(prefix):
        path = path[len(prefix) :]
    return path or "/"


def is_event_stream(scope: dict) -> bool:
    try:
        match = resolve(_path_info(scope))
    except Resolver404:
        return False
    return getattr(match.func, "event_stream", False)
