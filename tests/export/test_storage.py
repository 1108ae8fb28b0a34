"""The export's static storage answers as Django's StaticFilesStorage does, once per
name."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles.storage import StaticFilesStorage

from studysite.export.storage import ExportStaticStorage

NAMES = ["css/site.css", "vendor/htmx-2.0.4.min.js", "img/a b.svg", "dir/ünï.css", "x?y#z"]


@pytest.mark.parametrize("name", NAMES)
def test_urls_are_staticfilesstorages(name, settings):
    settings.STATIC_URL = "/static/"
    assert ExportStaticStorage().url(name) == StaticFilesStorage().url(name)


def test_each_name_is_worked_out_once(settings, monkeypatch):
    settings.STATIC_URL = "/static/"
    asked: list[str] = []
    url = StaticFilesStorage.url

    def counting(self, name):
        asked.append(name)
        return url(self, name)

    monkeypatch.setattr(StaticFilesStorage, "url", counting)
    files = ExportStaticStorage()
    first = [files.url(name) for name in NAMES]
    assert [files.url(name) for name in NAMES] == first
    assert asked == NAMES  # the second round came from memory
    assert first[2] == "/static/img/a%20b.svg"


def test_no_name_is_the_static_url_as_in_django(settings):
    settings.STATIC_URL = "/static/"
    assert ExportStaticStorage().url(None) == StaticFilesStorage().url(None) == "/static/"
