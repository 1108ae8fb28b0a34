"""Exports made once per test session, shared by the export tests (an export of every
note takes a few seconds)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import override_settings

from studysite.chapters.loader import reset_library
from studysite.export.build import export_site

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "chapters": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "export-tests",
    },
}


def make_export(outdir: Path, **options) -> Path:
    with override_settings(CACHES=CACHES):
        reset_library()
        export_site(outdir, **options)
        reset_library()
    return outdir


@pytest.fixture(scope="session")
def relative_export(tmp_path_factory) -> Path:
    """The default export: every link relative (opens from disk, a root or a sub-path)."""
    return make_export(tmp_path_factory.mktemp("export") / "site")


@pytest.fixture(scope="session")
def base_url_export(tmp_path_factory) -> Path:
    """An export for the sub-path /aws/saa/, with a portal link."""
    return make_export(
        tmp_path_factory.mktemp("export-base") / "site",
        base_url="/aws/saa/",
        portal_url="https://study.example.com/",
    )
