"""ASGI entry point: `uvicorn studysite.asgi:application --workers N` serves the whole
site and the live sessions' event streams (README, Live sessions)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "studysite.settings")
# An ASGI server runs each request in a thread of its own: on PostgreSQL, share a pool of
# connections instead of keeping one per thread (settings.py, Database).
os.environ.setdefault("DJANGO_DB_POOL", "1")
application = get_asgi_application()
