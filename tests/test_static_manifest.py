"""A production start without collectstatic fails at once with the fix in its message
(issue 22, finding 6), instead of answering every page with a 500."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from studysite.static_manifest import check_static_manifest, manifest_problem

from .test_settings import PRODUCTION_ENV, ROOT, manage

MANIFEST_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"


def start_wsgi(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Import the WSGI application as gunicorn does, in production mode."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "STUDYSITE_"))}
    clean.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-c", "import studysite.wsgi; print('started')"],
        cwd=ROOT,
        env={**clean, **PRODUCTION_ENV, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_app_refuses_to_start_without_collected_static_files(tmp_path):
    result = start_wsgi({"DJANGO_STATIC_ROOT": str(tmp_path / "static")})
    assert result.returncode != 0 and "started" not in result.stdout
    assert "Static files are not collected" in result.stderr
    assert "manage.py collectstatic --noinput" in result.stderr


def test_the_app_starts_once_they_are_collected(tmp_path):
    (tmp_path / "staticfiles.json").write_text(json.dumps({"paths": {}, "version": "1.1"}))
    result = start_wsgi({"DJANGO_STATIC_ROOT": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_check_deploy_names_the_problem(tmp_path):
    env = {**PRODUCTION_ENV, "DJANGO_STATIC_ROOT": str(tmp_path)}
    result = manage("check", "--deploy", env=env)
    assert result.returncode != 0
    assert "studysite.E001" in result.stderr and "Static files are not collected" in result.stderr


def test_collectstatic_itself_is_not_blocked(tmp_path):
    env = {**PRODUCTION_ENV, "DJANGO_STATIC_ROOT": str(tmp_path / "out")}
    result = manage("collectstatic", "--noinput", "--dry-run", "-v", "0", env=env)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("content", "text"),
    [(None, "is missing"), ("{not json", "cannot be read"), ('["a"]', "is not a manifest")],
)
def test_a_missing_or_broken_manifest_is_a_deploy_error(settings, tmp_path, content, text):
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}
    settings.STATIC_ROOT = tmp_path
    if content is not None:
        (Path(tmp_path) / "staticfiles.json").write_text(content)
    assert text in manifest_problem()
    (error,) = check_static_manifest()
    assert error.id == "studysite.E001" and "collectstatic" in error.msg


def test_development_and_tests_need_no_manifest(settings):
    assert settings.STORAGES["staticfiles"]["BACKEND"].endswith("StaticFilesStorage")
    assert manifest_problem() == "" and check_static_manifest() == []
