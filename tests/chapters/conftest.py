"""Fixtures and queries shared by the search page's tests (test_search_page.py and
test_search_front.py)."""

from __future__ import annotations

import pytest

from studysite import shared_pages
from studysite.chapters import views

# Queries that must come back as text, never as markup or control characters.
HOSTILE = [
    '<script>alert("x")</script> bucket',
    "bucket\" onmouseover='alert(1)' x=\"",
    "bucket &amp; &lt;b&gt;",
    "bucket\x00\x07\x1b[31m\u202e",
    "bückét 日本語 😀 Zürich",
    '"<img src=x onerror=alert(1)>" bucket',
]


@pytest.fixture
def nothing_kept():
    """No page, search shell or session kept from another test, before or after."""
    shared_pages.clear()
    views._SHELLS.clear()
    yield
    shared_pages.clear()
    views._SHELLS.clear()


@pytest.fixture
def bucket_note(write_note):
    """One chapter with two sections, its title and text holding HTML's special characters."""
    write_note(
        "s3-buckets.md",
        """
        ## Naming rules {#naming}

        Bucket names are globally unique; a name & its "quotes" stay text.

        ## Versioning {#versioning}

        A versioned bucket keeps every version of an object.
        """,
        title="S3 buckets & <names>",
    )
