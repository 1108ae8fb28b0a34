"""ASGI entry point: `uvicorn studysite.asgi:application --workers N` serves the whole
site and the live sessions' event streams (README, Live sessions).

Only the event streams need ASGI: they are async generators that hold no thread while a
phone waits. Every other request (a phone's answer, the trainer's "next", a page) is a
short sync view, and Django's ASGI handler would cross between the event loop and a
thread twice per middleware for it (about 16 crossings, each a turn in the loop's queue
behind 100 open streams). So those requests go to Django's WSGI handler in a thread pool
(a2wsgi): one crossing in, one out, and the whole middleware stack runs in the thread,
exactly as under gunicorn. Both handlers are the same Django project with the same
settings, middleware and URLs; a view marked with ``event_stream`` is what decides.
"""

import os

from a2wsgi import WSGIMiddleware
from django.core.asgi import get_asgi_application
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "studysite.settings")
# Requests run in a pool of threads: on PostgreSQL, share a pool of connections instead
# of keeping one per thread (settings.py, Database).
os.environ.setdefault("DJANGO_DB_POOL", "1")

django_asgi = get_asgi_application()
django_wsgi = WSGIMiddleware(
    get_wsgi_application(), workers=int(os.environ.get("STUDYSITE_ASGI_THREADS", "10"))
)

from studysite.streams import is_event_stream  # noqa: E402  (needs Django set up)
from studysite.warmup import warm  # noqa: E402

warm()


async def application(scope, receive, send):
    if scope["type"] == "http" and not is_event_stream(scope):
        await django_wsgi(scope, receive, send)
    else:
        await django_asgi(scope, receive, send)
