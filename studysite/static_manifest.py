"""Refuse to serve in production without collected static files (issue 22, finding 6).

In production the static files storage is WhiteNoise's manifest storage: every
``{% static %}`` looks its file up in ``STATIC_ROOT/staticfiles.json``, which only
``manage.py collectstatic`` writes. Without it every page that links a stylesheet is a
500 ("Missing staticfiles manifest entry"). So:

- ``studysite/wsgi.py`` calls :func:`require_collected_static` when the app starts, and
  gunicorn stops with the message below instead of answering 500s;
- ``manage.py check --deploy`` reports the same problem as ``studysite.E001``.

``collectstatic`` itself never runs the check (it is a deployment check), so the fix the
message names always works.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

MANIFEST_NAME = "staticfiles.json"  # ManifestFilesMixin.manifest_name


def _uses_manifest() -> bool:
    backend = settings.STORAGES.get("staticfiles", {}).get("BACKEND", "")
    return "Manifest" in backend.rsplit(".", 1)[-1]


def manifest_problem() -> str:
    """Why the collected static files cannot be served ('' when they can)."""
    if not _uses_manifest():
        return ""
    path = Path(settings.STATIC_ROOT) / MANIFEST_NAME
    fix = (
        "Run `python manage.py collectstatic --noinput` (with the same DJANGO_STATIC_ROOT) "
        "before starting the site; see README, Deployment."
    )
    if not path.is_file():
        return f"Static files are not collected: {path} is missing. {fix}"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        return f"The static files manifest {path} cannot be read ({error}). {fix}"
    if not isinstance(data, dict) or not isinstance(data.get("paths"), dict):
        return f"The static files manifest {path} is not a manifest. {fix}"
    return ""


def require_collected_static() -> None:
    """Stop the start of a production server that would answer every page with a 500."""
    problem = manifest_problem()
    if problem:
        raise ImproperlyConfigured(problem)


@register(Tags.staticfiles, deploy=True)
def check_static_manifest(app_configs=None, **kwargs) -> list[Error]:
    problem = manifest_problem()
    if not problem:
        return []
    return [
        Error(
            problem,
            hint="Production serves hashed, compressed copies that collectstatic writes.",
            id="studysite.E001",
        )
    ]
