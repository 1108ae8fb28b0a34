"""Browser tests: Playwright driving Debian's Chromium (never a downloaded browser).

Without /usr/bin/chromium these tests skip, unless STUDYSITE_REQUIRE_BROWSER=1 (as
.ci/run sets), in which case they fail.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("STUDYSITE_CHROMIUM", "/usr/bin/chromium"))
REQUIRED = os.environ.get("STUDYSITE_REQUIRE_BROWSER", "") in {"1", "true", "yes"}
# Chromium flags for a closed network and a root user in a container.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Playwright's sync API runs an event loop in this thread; the Django code these tests
# call directly is synchronous, so Django's async-safety guard must stand aside.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if REQUIRED:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server, transactional_db):
    """Open pages in fresh contexts; fail the test on any console error (CSP included)."""
    contexts, errors = [], []

    def make(**options):
        context = browser.new_context(base_url=live_server.url, **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        failed_documents: set[str] = set()

        def on_response(response):
            if response.request.is_navigation_request() and response.status >= 400:
                failed_documents.add(response.url)

        def on_console(message):
            # A 404 page is logged as a failed load of itself; anything else is an error.
            own_status = message.text.startswith("Failed to load resource") and (
                message.location.get("url") in failed_documents
            )
            if message.type == "error" and not own_status:
                errors.append(message.text)

        page.on("response", on_response)
        page.on("console", on_console)
        page.on("pageerror", lambda e: errors.append(str(e)))
        return page

    yield make
    for context in contexts:
        context.close()
    assert errors == []


@pytest.fixture
def page(new_page):
    return new_page()
