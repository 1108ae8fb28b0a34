"""WSGI entry point, for gunicorn: `gunicorn studysite.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "studysite.settings")
application = get_wsgi_application()

# Kept reading pages for visitors without a session are answered before Django's
# middleware stack, with the headers Django sent the first time (issue 14).
from studysite.shared_pages import FrontCache  # noqa: E402

application = FrontCache(application)

# Fail at start, with the fix in the message, rather than answer every page with a 500.
from studysite.static_manifest import require_collected_static  # noqa: E402

require_collected_static()

# Build the notes library and the bank before the first request, not during it.
from studysite.warmup import warm  # noqa: E402

warm()
