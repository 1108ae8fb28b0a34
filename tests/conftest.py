"""Shared fixtures: every test gets a fresh in-memory chapter cache and library."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from studysite.chapters.loader import reset_library

# The machines have 2 cores shared with a browser and a database: no timing-based checks.
hypothesis_settings.register_profile(
    "studysite", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("studysite")


@pytest.fixture(autouse=True)
def _fresh_chapters(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "chapters": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "chapters-test",
        },
    }
    from django.core.cache import caches

    caches["chapters"].clear()
    reset_library()
    yield
    reset_library()


FRONT = """---
title: {title}
order: {order}
domains: {domains}
summary: {summary}
---
"""


@pytest.fixture
def write_note(tmp_path: Path, settings) -> Callable[..., Path]:
    """Write a note into a temporary notes folder (and point NOTES_DIR at it)."""
    notes = tmp_path / "notes"
    notes.mkdir()
    settings.NOTES_DIR = notes

    def write(
        name: str,
        body: str = "",
        *,
        title: str = "A chapter",
        order: int = 10,
        domains: str = "[1]",
        summary: str = "What it teaches.",
        front: str | None = None,
    ) -> Path:
        head = (
            front
            if front is not None
            else FRONT.format(title=title, order=order, domains=domains, summary=summary)
        )
        path = notes / name
        path.write_text(head + textwrap.dedent(body), encoding="utf-8")
        return path

    write.dir = notes  # type: ignore[attr-defined]
    return write
