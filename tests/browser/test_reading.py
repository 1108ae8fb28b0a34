"""Reading on a phone and finding things (issue 21), in Chromium at 390×844 and 1280×800,
in the light and the dark theme: a one-row header, a folded table of contents, charts
whose labels keep their size, search that forgives typos, a quiet console."""

from __future__ import annotations

import json
import re
import time
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import AXE, RUN_AXE

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
# The first page of a test builds the chapter library (every note rendered): slow on a
# busy 2-core machine, so these tests give pages longer than the default 10 s.
SLOW_MACHINE_MS = 30_000


@pytest.fixture
def new_page(new_page):
    def make(**options):
        page = new_page(**options)
        page.set_default_timeout(SLOW_MACHINE_MS)
        return page

    return make


DESKTOP = {"width": 1280, "height": 800}
SIZES = {"phone": PHONE, "desktop": DESKTOP}
SCHEMES = ["light", "dark"]
HEADER_MAX = 64

# Every element with text of its own in a chart, with its computed font size (px).
CHART_TEXT_SIZES = """(selector) => {
  const sizes = [];
  document.querySelectorAll(selector).forEach(chart => {
    chart.querySelectorAll('*').forEach(el => {
      const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
      const box = el.getBoundingClientRect();
      if (!own || !box.width || el.closest('.visually-hidden, title, desc')) return;
      // SVG text is drawn scaled: its size on screen is its font size times the scale.
      const svg = el.closest('svg');
      const scale = svg && svg.viewBox.baseVal && svg.viewBox.baseVal.width
        ? svg.getBoundingClientRect().width / svg.viewBox.baseVal.width : 1;
      const px = parseFloat(getComputedStyle(el).fontSize) * scale;
      sizes.push([el.textContent.trim().slice(0, 30), px]);
    });
  });
  return sizes;
}"""


def header_height(page) -> float:
    return page.evaluate(
        "document.querySelector('header.site-header').getBoundingClientRect().height"
    )


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("size", list(SIZES))
class TestAtBothSizes:
    def test_the_header_is_one_row_at_most_64px(self, new_page, size, scheme):
        page = new_page(viewport=SIZES[size], color_scheme=scheme)
        for path in ("/", "/notes/s3-storage-classes/", "/tools/storage-class/", "/history/"):
            page.goto(path)
            assert header_height(page) <= HEADER_MAX, path
        nav = page.get_by_role("navigation", name="Site")
        if size == "desktop":
            expect(nav.get_by_role("link", name="Tools")).to_be_visible()
            expect(page.locator("#menu-toggle")).to_be_hidden()
        else:
            expect(nav).to_be_hidden()
            page.get_by_role("button", name="Menu").click()
            expect(nav.get_by_role("link", name="Tools")).to_be_visible()
            assert header_height(page) <= HEADER_MAX  # the menu opens over the page
            page.keyboard.press("Escape")
            expect(nav).to_be_hidden()
            expect(page.get_by_role("button", name="Menu")).to_be_focused()

    def test_a_chapter_title_is_on_the_first_screen(self, new_page, size, scheme):
        page = new_page(viewport=SIZES[size], color_scheme=scheme)
        page.goto("/notes/s3-storage-classes/")  # the longest table of contents
        expect(page.locator("h1")).to_be_in_viewport()
        assert page.locator("h1").bounding_box()["y"] < SIZES[size]["height"] / 2
        toc = page.locator("#toc-list")
        if size == "phone":
            expect(toc).to_be_hidden()
            page.get_by_role("button", name=re.compile("On this page")).click()
            expect(toc).to_be_visible()
            toc.get_by_role("link").nth(3).click()
            expect(toc).to_be_hidden()  # folds again once a section is chosen
        else:
            expect(toc).to_be_visible()

    def test_no_chart_label_is_under_12px(self, new_page, size, scheme, learner):
        page = learner(viewport=SIZES[size], color_scheme=scheme)
        checked = 0
        for path, selector in [
            ("/tools/storage-class/", ".cost-chart"),
            ("/notes/s3-storage-classes/", ".cost-chart"),
            ("/history/", ".history-chart"),
        ]:
            page.goto(path)
            expect(page.locator(selector).first).to_be_visible()
            sizes = page.evaluate(CHART_TEXT_SIZES, selector)
            small = [(text, px) for text, px in sizes if px < 12]
            assert sizes and not small, (path, small)
            checked += len(sizes)
        assert checked > 40

    def test_glaicer_leads_to_the_glacier_sections(self, new_page, size, scheme):
        page = new_page(viewport=SIZES[size], color_scheme=scheme)
        page.goto("/notes/s3-buckets/")
        page.keyboard.press("/")  # "/" opens the search overlay anywhere
        dialog = page.get_by_role("dialog", name="Search the notes")
        expect(dialog).to_be_visible()
        page.keyboard.type("glaicer", delay=40)
        expect(dialog.locator(".did-you-mean")).to_contain_text("glacier")
        first = dialog.locator(".search-results li a").first
        expect(first).to_contain_text("Glacier")
        page.keyboard.press("ArrowDown")
        expect(first).to_be_focused()
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(r"/notes/[a-z0-9-]+/\?h=glacier#"))
        hits = page.locator("mark.search-hit")
        expect(hits.first).to_be_visible()
        assert hits.count() > 5
        assert all(t.lower() == "glacier" for t in hits.all_inner_texts()[:20])
        page.get_by_role("region", name="Search highlights").get_by_role(
            "button", name="Clear the highlights"
        ).click()
        expect(hits).to_have_count(0)
        assert "h=" not in page.url

    def test_the_theme_control_names_what_it_switches_to(self, new_page, size, scheme):
        page = new_page(viewport=SIZES[size], color_scheme=scheme)
        page.goto("/")
        other = "light" if scheme == "dark" else "dark"
        toggle = page.get_by_role("button", name=f"Switch to {other} theme")
        expect(toggle).to_be_visible()
        toggle.click()
        expect(page.locator("html")).to_have_attribute("data-theme", other)
        expect(page.get_by_role("button", name=f"Switch to {scheme} theme")).to_be_visible()

    def test_axe_finds_nothing(self, new_page, size, scheme, learner):
        page = learner(viewport=SIZES[size], color_scheme=scheme, bypass_csp=True)
        for path in ("/", "/notes/s3-storage-classes/", "/search/?q=glaicer", "/history/"):
            page.goto(path)
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate(RUN_AXE)
            assert violations == [], path + json.dumps(violations, indent=1)
        # The overlay open with results, and the phone menu open.
        page.goto("/notes/s3-buckets/?h=bucket")
        page.add_script_tag(path=str(AXE))
        if size == "phone":
            page.get_by_role("button", name="Menu").click()
            assert page.evaluate(RUN_AXE) == []
            page.keyboard.press("Escape")
        page.get_by_role("link", name="Search the notes").click()
        page.keyboard.type('"object lock"', delay=20)
        expect(page.locator("#search-dialog-results li").first).to_be_visible()
        violations = page.evaluate(RUN_AXE)
        assert violations == [], json.dumps(violations, indent=1)


@pytest.fixture
def learner(new_page, transactional_db):
    """A page in a browser whose visitor has answered 60 questions over 30 days, so the
    history page has every chart."""
    from datetime import timedelta

    from django.utils import timezone

    from studysite.quiz.bank import build_bank, reset_bank
    from studysite.quiz.models import Answer, Question
    from studysite.quiz.sync import sync_bank

    reset_bank()
    sync_bank(build_bank())
    token = "c" * 32
    questions = list(Question.objects.filter(active=True).select_related("current")[:60])
    now = timezone.now()
    Answer.objects.bulk_create(
        Answer(
            session_key=token,
            question=q,
            question_version=q.current,
            chosen=[0],
            correct=i % 3 != 0,
            created=now - timedelta(days=i % 30, hours=1),
        )
        for i, q in enumerate(questions)
    )

    def make(**options):
        page = new_page(**options)
        page.goto("/quiz/practice/")  # any page that starts a session
        from django.contrib.sessions.backends.db import SessionStore

        store = SessionStore()
        store["quiz_owner"] = token
        store.create()
        root = page.url.split("/quiz/")[0] + "/"
        page.context.clear_cookies()
        page.context.add_cookies([{"name": "sessionid", "value": store.session_key, "url": root}])
        return page

    yield make
    reset_bank()


def test_a_returning_reader_is_offered_the_section_they_were_reading(new_page):
    page = new_page(viewport=PHONE)
    page.goto("/notes/s3-storage-classes/#glacier-retrieval")
    page.mouse.wheel(0, 200)
    for _ in range(50):  # site.js remembers the section a second after it is reached
        if page.evaluate("localStorage.getItem('last-read')"):
            break
        page.wait_for_timeout(100)
    page.goto("/")
    card = page.locator(".continue-card")
    expect(card).to_be_visible()
    link = card.locator("#continue-reading a")
    expect(link).to_have_attribute("href", re.compile(r"^/notes/s3-storage-classes/#"))
    expect(card).to_contain_text("S3 storage classes")


def test_the_table_of_contents_marks_the_section_being_read(new_page):
    page = new_page(viewport=DESKTOP)
    page.goto("/notes/s3-storage-classes/#glacier-retrieval")
    current = page.locator(".toc a[aria-current=location]")
    expect(current).to_have_count(1)
    expect(current).to_have_attribute("href", "#glacier-retrieval")
    page.get_by_role("navigation", name="On this page").get_by_role(
        "link", name="How to choose"
    ).click()
    expect(current).to_have_attribute("href", "#choosing")
    page.keyboard.press("End")  # the last section, which cannot scroll to the top
    expect(current).to_have_attribute("href", "#sources")


def test_the_storage_class_embed_has_the_exam_scenarios(new_page):
    page = new_page(viewport=PHONE)
    page.goto("/notes/s3-storage-classes/")
    widget = page.locator("section.widget-storage")
    scenario = widget.get_by_role("link", name=re.compile("Data lake"))
    page.evaluate("window.__stayed = true")
    scenario.click()
    expect(widget.locator(".verdict").first).to_contain_text("S3 Intelligent-Tiering")
    expect(scenario).to_have_attribute("aria-current", "true")
    assert page.evaluate("window.__stayed") is True  # filled in place, no navigation


def test_two_embeds_of_one_widget_say_what_each_is_for(new_page):
    page = new_page(viewport=DESKTOP)
    page.goto("/notes/s3-buckets/")
    titles = page.locator("section.widget-bucket-name .widget-title, section.widget .widget-title")
    texts = titles.all_inner_texts()
    validators = [t for t in texts if t.startswith("S3 bucket name validator")]
    assert len(validators) == 2 and len(set(validators)) == 2
    assert all(": " in t and "(2)" not in t for t in validators)


def test_a_cleared_field_gets_a_neutral_hint_not_an_error(new_page):
    page = new_page(viewport=PHONE)
    page.goto("/tools/bucket-name/?name=my-bucket")
    name = page.get_by_label("Bucket name", exact=True)
    name.fill("")
    result = page.locator(".widget-result")
    expect(result).to_contain_text("Type a bucket name")
    expect(result.locator(".errors")).to_have_count(0)
    expect(name).not_to_have_attribute("aria-invalid", "true")
    # The focus ring is not the error colour.
    name.focus()
    ring, error = page.evaluate(
        """() => [getComputedStyle(document.activeElement).outlineColor,
                  getComputedStyle(document.documentElement).getPropertyValue('--error-fg')]"""
    )
    assert "rgb(11, 87, 208)" in ring and error.strip() != "#0b57d0"


def test_without_javascript_hints_say_what_happens_and_tools_lead_back(new_page):
    page = new_page(viewport=PHONE, java_script_enabled=False)
    page.goto("/notes/s3-buckets/")
    widget = page.locator("section.widget").first
    hint = widget.locator(".hint").first
    expect(hint).to_contain_text("when you press the button", use_inner_text=True)
    expect(hint).not_to_contain_text("as you type", use_inner_text=True)
    widget.locator("input[name=name]").fill("amzn-s3-demo-bucket")
    widget.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/tools/bucket-name/$"))
    back = page.get_by_role("link", name="Back to the chapter")
    expect(back).to_have_attribute("href", "/notes/s3-buckets/#naming")
    page.goto("/search/?q=bucket")
    expect(page.locator("#search-help")).not_to_contain_text("as you type", use_inner_text=True)


def test_superseded_keystrokes_leave_the_console_quiet(new_page):
    """Slow answers, so each keystroke's request is still running when the next is sent:
    htmx must not abort them (an abort is logged as an error, which fails the test)."""
    page = new_page(viewport=DESKTOP)

    def slow(route):
        time.sleep(0.3)
        route.continue_()

    page.route(re.compile(r".*/(search|tools)/.*"), slow)
    page.goto("/tools/bucket-name/")
    name = page.get_by_label("Bucket name", exact=True)
    for ch in "my-bucket-nam":
        name.press_sequentially(ch)
        page.wait_for_timeout(280)
    expect(page.locator(".verdict")).to_contain_text("valid", timeout=15_000)
    page.get_by_role("link", name="Search the notes").click()
    for ch in "versioning":
        page.keyboard.type(ch)
        page.wait_for_timeout(160)
    expect(page.locator("#search-dialog-results .result-count")).to_contain_text(
        "versioning", timeout=15_000
    )


def test_more_than_twenty_results_show_more_in_place(new_page):
    page = new_page(viewport=DESKTOP)
    page.goto("/search/?q=s3")
    results = page.locator(".search-results li:not(.search-more)")
    expect(results).to_have_count(20)
    page.get_by_role("link", name=re.compile(r"Show \d+ more results")).click()
    expect(results).to_have_count(40)
    expect(results.nth(20).locator("a")).to_be_focused()


def test_the_cli_options_fit_a_phone_without_breaking_a_word(new_page):
    page = new_page(viewport=PHONE)
    command = (
        "aws s3api put-object --bucket amzn-s3-demo-bucket --key photos/2024/cat.jpg "
        "--body cat.jpg --server-side-encryption aws:kms --storage-class GLACIER_IR"
    )
    page.goto("/tools/cli-explain/?" + urlencode({"command": command}))
    options = page.locator(".cli-options th code")
    expect(options.first).to_be_visible()
    for text, lines in page.evaluate(
        """() => [...document.querySelectorAll('.cli-options th code')].map(
             c => [c.textContent, c.getClientRects().length])"""
    ):
        # One line, or broken only after a hyphen ("--server-side-" / "encryption").
        assert lines == 1 or "-" in text.strip("-"), text
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate(
        "[...document.querySelectorAll('.cli-options tbody tr')].every("
        "r => r.scrollWidth <= r.clientWidth + 1)"
    )
