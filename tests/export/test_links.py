"""Links between the export's files: the same relative paths as posixpath.relpath."""

from __future__ import annotations

import itertools
import posixpath

from studysite.export.links import _relpath

TARGETS = [
    "index.html",
    "static/css/site.css",
    "notes/x/index.html",
    "notes/x/check/index.html",
    "notes/xy/index.html",
    "tools/a/b/index.html",
    "static/export/",
    "./a/b",
    "../outside.html",
]
PAGES = [".", "notes/x/", "notes/x/check/", "notes/xy/", "tools/a/b/", "notes", "static/export/"]


def test_relative_links_are_what_relpath_gives():
    for target, page in itertools.product(TARGETS, PAGES):
        assert _relpath(target, page) == posixpath.relpath(target, page), (target, page)
