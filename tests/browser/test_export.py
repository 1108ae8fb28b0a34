"""The static export in Chromium, with every request outside the export's own folder or
server blocked: search from file://, under a domain root and under a sub-path; the
self-check reveals its explanation."""

from __future__ import annotations

import functools
import json
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from studysite.export.assets import pyodide_target
from studysite.widgets.embed import run_widget
from studysite.widgets.registry import WIDGETS
from tests.export.conftest import make_export


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    """A relative export (opened from disk and served at a root and a sub-path) and a
    --base-url export, all served from one web root."""
    root = tmp_path_factory.mktemp("www")
    site = make_export(root / "site")
    shutil.copytree(site, root / "team" / "saa")
    make_export(root / "aws" / "saa", base_url="/aws/saa/")
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"root": root, "site": site, "http": f"http://127.0.0.1:{server.server_port}"}
    server.shutdown()


@pytest.fixture
def open_page(browser):
    """A page whose requests outside ``allowed`` (a URL prefix) are blocked and
    recorded; console errors fail the test."""
    contexts, errors, blocked = [], [], []

    def make(allowed: str):
        context = browser.new_context()
        contexts.append(context)

        def route(route):
            if route.request.url.startswith(allowed):
                route.continue_()
            else:
                blocked.append(route.request.url)
                route.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        return page

    yield make
    for context in contexts:
        context.close()
    assert errors == []
    assert blocked == []


def search_multipart(page, start: str) -> None:
    page.goto(start)
    page.click("#search-open")
    page.fill("#search-dialog-q", "multipart")
    first = page.locator("#search-dialog-results .search-results li a").first
    first.wait_for()
    assert "multipart" in page.inner_text("#search-dialog-results").lower()
    assert page.locator("#search-dialog-results mark").count() > 0
    first.click()
    page.wait_for_load_state()
    assert "/notes/" in page.url and "#" in page.url
    anchor = page.url.split("#", 1)[1]
    assert page.locator(f"[id='{anchor}']").count() == 1


def test_search_finds_multipart_from_disk(exports, open_page):
    site = exports["site"]
    page = open_page(site.as_uri() + "/")
    search_multipart(page, (site / "notes" / "s3-buckets" / "index.html").as_uri())


def test_search_finds_multipart_under_a_domain_root(exports, open_page):
    # The web root is the export's parent here, so the domain root is the export's
    # folder served on its own: /site/ stands for it with relative links alone.
    page = open_page(exports["http"] + "/site/")
    search_multipart(page, exports["http"] + "/site/notes/s3-buckets/index.html")


def test_search_finds_multipart_under_a_sub_path(exports, open_page):
    page = open_page(exports["http"] + "/team/saa/")
    search_multipart(page, exports["http"] + "/team/saa/index.html")


def test_search_finds_multipart_in_a_base_url_export(exports, open_page):
    page = open_page(exports["http"] + "/aws/saa/")
    search_multipart(page, exports["http"] + "/aws/saa/tools/")


def test_search_page_shows_results_as_you_type_and_from_a_link(exports, open_page):
    site = exports["site"]
    page = open_page(site.as_uri() + "/")
    page.goto((site / "search" / "index.html").as_uri() + "?q=multipart+upload")
    page.locator("#search-results .search-results li").first.wait_for()
    page.fill("#q", "glacier deep archive")
    page.wait_for_function(
        "document.querySelector('#search-results').innerText.toLowerCase().includes('deep')"
    )


def test_self_check_reveals_its_explanation(exports, open_page):
    site = exports["site"]
    page = open_page(site.as_uri() + "/")
    page.goto((site / "notes" / "s3-buckets" / "check" / "index.html").as_uri())
    question = page.locator(".self-check-question").first
    explanations = question.locator(".self-check-explanations")
    assert not explanations.is_visible()
    question.locator("input").first.check()
    question.locator("summary").click()
    assert explanations.is_visible()
    assert question.locator(".self-check-verdict").inner_text() in {
        "Right!",
        "Not quite: compare your choice with the explanations.",
    }
    assert question.locator(".self-check-options li.is-right").count() >= 1


@pytest.mark.skipif(
    pyodide_target() is None,
    reason="Pyodide not installed: npm ci --prefix studysite/export/pyodide",
)
def test_bucket_name_validator_computes_live_over_http_without_a_server(exports, open_page):
    # A plain static file server: the answer comes from the widget's Python code, run in
    # the browser by the vendored Pyodide.
    page = open_page(exports["http"] + "/team/saa/")
    page.goto(exports["http"] + "/team/saa/notes/s3-buckets/index.html")
    form = page.locator('[data-widget="bucket-name"]').first
    result = form.locator("xpath=..").locator(".widget-result")
    assert "Not a valid name" in result.inner_text()
    form.locator("input[name=name]").fill("my-fresh-bucket-2026")
    result.locator(".export-live-note").wait_for(timeout=120_000)
    assert "A valid name" in result.inner_text()
    form.locator("input[name=name]").fill("Bad_Name")
    page.wait_for_function(
        "el => el.innerText.includes('Not a valid name')", arg=result.element_handle()
    )


def test_live_widgets_say_how_to_serve_the_folder_when_opened_from_disk(exports, open_page):
    site = exports["site"]
    page = open_page(site.as_uri() + "/")
    page.goto((site / "notes" / "s3-buckets" / "index.html").as_uri())
    form = page.locator('[data-widget="bucket-name"]').first
    assert "python -m http.server" in form.inner_text()


def server_answer(name: str, data: dict) -> dict:
    """What the server's widget logic answers for these values (the JSON the browser's
    copy of the same logic must give)."""
    result, errors = run_widget(WIDGETS[name], data)
    return json.loads(json.dumps({"errors": errors} if errors else result))


LIVE_CASES = [
    ("bucket-name", {"name": "My_Bucket..x", "kind": "general-purpose"}),
    ("s3-uri", {"bucket": "amzn-s3-demo-bucket", "key": "photos/2024/cat 1.jpg"}),
    (
        "storage-class",
        {
            **WIDGETS["storage-class"].initial,
            "data_gb": "5000",
            "months": "36",
            "read_fraction_per_month": "0.01",
            "slowest_acceptable_retrieval": "hours",
        },
    ),
    ("storage-class", {**WIDGETS["storage-class"].initial, "data_gb": "-3"}),
    (
        "sigv4",
        {
            **WIDGETS["sigv4"].initial,
            "url": "https://amzn-s3-demo-bucket.s3.eu-west-1.amazonaws.com/a b/ü.txt?list-type=2",
            "region": "eu-west-1",
            "headers": "x-amz-meta-owner: me",
            "body": "hello",
            "timestamp": "20250115T093000Z",
        },
    ),
    (
        "sigv4",
        {
            **WIDGETS["sigv4"].initial,
            "mode": "presign",
            "expires": "600",
            "timestamp": "20150830T123600Z",
        },
    ),
]


@pytest.mark.skipif(
    pyodide_target() is None,
    reason="Pyodide not installed: npm ci --prefix studysite/export/pyodide",
)
def test_live_storage_class_and_signer_compute_what_the_server_computes(exports, open_page):
    page = open_page(exports["http"] + "/team/saa/")
    page.goto(exports["http"] + "/team/saa/tools/storage-class/index.html")
    form = page.locator('[data-widget="storage-class"]').first
    result = form.locator("xpath=..").locator(".widget-result")
    form.locator("input[name=data_gb]").fill("5000")
    # The progress indicator shows while Pyodide loads, then the live answer.
    page.locator(".export-live-progress, .export-live-note").first.wait_for()
    result.locator(".export-live-note").wait_for(timeout=120_000)
    assert "Recommended:" in result.inner_text()
    for name, data in LIVE_CASES:
        live = page.evaluate("([n, d]) => window.studyLive.compute(n, d)", [name, data])
        assert json.loads(live) == server_answer(name, data), name

    page.goto(exports["http"] + "/team/saa/tools/sigv4/index.html")
    form = page.locator('[data-widget="sigv4"]').first
    form.locator("input[name=region]").fill("eu-west-1")
    result = form.locator("xpath=..").locator(".widget-result")
    result.locator(".export-live-note").wait_for(timeout=120_000)
    assert "eu-west-1/s3/aws4_request" in result.inner_text()
