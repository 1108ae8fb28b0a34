"""What a reader does in a real browser: read, navigate, search, switch theme, use a widget."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from studysite.chapters.loader import build_library

pytestmark = pytest.mark.browser


def widget_chapter():
    """The first real chapter that embeds the S3 address builder."""
    library = build_library()
    for chapter in library.chapters:
        if any(w.name == "s3-uri" for w in chapter.widgets):
            return chapter
    pytest.fail("no chapter embeds the s3-uri widget")


def test_open_a_chapter_from_home_and_follow_its_table_of_contents(page):
    page.goto("/")
    first = page.locator(".chapter-cards a").first
    title = first.inner_text()
    first.click()
    expect(page.locator("h1")).to_have_text(title)
    toc_links = page.locator("nav.toc a")
    target = toc_links.nth(min(2, toc_links.count() - 1))
    anchor = target.get_attribute("href")
    target.click()
    assert page.url.endswith(anchor)
    expect(page.locator(anchor)).to_be_in_viewport()
    expect(page.locator("a[rel=next]")).to_be_visible()


def test_search_live_as_you_type_and_open_a_result(page):
    page.goto("/search/")
    page.locator("#q").press_sequentially("bucket", delay=30)
    results = page.locator(".search-results li")
    expect(results.first).to_be_visible()
    expect(page.locator(".search-results mark").first).to_be_visible()
    expect(page).to_have_url(re.compile(r"/search/\?q=bucket$"))
    href = results.first.locator("a").get_attribute("href")
    results.first.locator("a").click()
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))


def test_the_theme_follows_the_os_and_the_toggle_is_remembered(new_page):
    page = new_page(color_scheme="dark")
    page.goto("/")
    toggle = page.locator("#theme-toggle")
    expect(toggle).to_have_accessible_name("Switch to light theme")  # names what it does
    dark_bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
    toggle.click()
    expect(page.locator("html")).to_have_attribute("data-theme", "light")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != dark_bg
    page.reload()
    expect(page.locator("html")).to_have_attribute("data-theme", "light")
    expect(page.locator("#theme-toggle")).to_have_accessible_name("Switch to dark theme")


def test_a_widget_round_trip_through_htmx_with_csrf(page):
    chapter = widget_chapter()
    page.goto(chapter.url)
    page.evaluate("window.__stayed = true")
    widget = page.locator("section.widget").first
    bucket = widget.locator("input[name=bucket]")
    with page.expect_request(lambda r: r.method == "POST" and "/tools/s3-uri/" in r.url) as info:
        bucket.fill("amzn-s3-demo-bucket2")
    sent = info.value.all_headers()
    assert sent["hx-request"] == "true"
    # Shared pages carry no token (issue 14): htmx sends the csrftoken cookie's value when
    # there is one (csrf.js), and the browser marks the post as coming from this origin.
    cookie = next((c["value"] for c in page.context.cookies() if c["name"] == "csrftoken"), None)
    assert sent.get("x-csrftoken") == cookie
    assert sent.get("sec-fetch-site", "same-origin") == "same-origin"
    expect(widget.locator(".widget-result")).to_contain_text("s3://amzn-s3-demo-bucket2/")
    assert page.evaluate("window.__stayed") is True  # swapped in place, no navigation
    bucket.fill("Not Valid!")
    expect(widget.locator(".errors")).to_contain_text("lowercase letters")


def test_without_javascript_forms_still_work(new_page):
    page = new_page(java_script_enabled=False)
    chapter = widget_chapter()
    page.goto(chapter.url)
    expect(page.locator("#theme-toggle")).to_be_hidden()
    widget = page.locator("section.widget").first
    widget.locator("input[name=bucket]").fill("amzn-s3-demo-bucket3")
    widget.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/tools/s3-uri/$"))
    expect(page.locator(".widget-result")).to_contain_text("arn:aws:s3:::amzn-s3-demo-bucket3")
    page.get_by_role("link", name="Search the notes").click()  # the search page, without JS
    page.locator("#q").fill("bucket")
    page.locator("#q").press("Enter")
    expect(page.locator(".search-results li").first).to_be_visible()


def test_code_blocks_have_a_working_copy_button(new_page, live_server):
    page = new_page()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    chapter = next(c for c in build_library().chapters if '<div class="highlight">' in c.html)
    page.goto(chapter.url)
    block = page.locator(".prose .highlight").first
    block.locator(".copy-button").click()
    expect(block.locator(".copy-button")).to_have_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied and copied.strip() == block.locator("code").inner_text().strip()


def test_keyboard_users_can_skip_to_the_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main$"))


@pytest.mark.parametrize("path", ["/", "chapter", "/search/?q=bucket", "/tools/s3-uri/"])
def test_pages_fit_a_360px_screen(new_page, path):
    page = new_page(viewport={"width": 360, "height": 740})
    page.goto(widget_chapter().url if path == "chapter" else path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
