"""Reading progress and the export as a learner uses them, in Chromium: mark a chapter
read at the end of the page (htmx swaps in the form), see home's bar move, download CSV."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from studysite.chapters.loader import get_library
from studysite.quiz.bank import build_bank, reset_bank
from studysite.quiz.cards import question_by_ref
from studysite.quiz.sync import sync_bank

pytestmark = pytest.mark.browser


@pytest.fixture
def bank(transactional_db):
    reset_bank()
    sync_bank(build_bank())
    yield
    reset_bank()


def domain_line(page, number: int):
    """Home's line for one domain: "N chapters", or "R of N chapters read" for a learner."""
    return page.locator(".domain-card", has_text=f"Domain {number}").locator(".domain-stat").first


def test_mark_a_chapter_read_then_home_and_export(page, bank):
    chapter = get_library().by_slug["s3-addressing"]
    domain = chapter.domains[0]
    page.goto("/")
    before = domain_line(page, domain).inner_text()
    total = int(re.search(r"(\d+) chapters?$", before).group(1))  # a new visitor: no progress

    page.goto(chapter.url)
    button = page.get_by_role("button", name="Mark this chapter as read")
    expect(button).to_be_visible()  # htmx replaced the no-JavaScript link with the form
    button.click()
    expect(page.get_by_role("button", name="Mark as not read")).to_be_visible()
    expect(page.locator("#read-toggle")).to_contain_text("You have read this chapter.")
    # Keyboard: the swapped-in button keeps its id, so focus can come back to it.
    page.get_by_role("button", name="Mark as not read").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Mark this chapter as read")).to_be_visible()
    page.get_by_role("button", name="Mark this chapter as read").click()
    expect(page.get_by_role("button", name="Mark as not read")).to_be_visible()

    page.goto("/")
    plural = "s" if total != 1 else ""
    expect(domain_line(page, domain)).to_contain_text(f"1 of {total} chapter{plural} read")
    expect(
        page.locator("li", has=page.get_by_role("link", name=chapter.title)).first
    ).to_contain_text("Read")

    # Answer one question, then download the CSV from the history page.
    page.goto("/quiz/chapter/s3-addressing/")
    # The form names its question by an opaque reference (cards.question_ref).
    question = question_by_ref(page.locator("input[name='question']").input_value())
    needed = sum(o["correct"] for o in question.current.content["options"])
    for index in range(needed):
        page.locator(".quiz-options input[name='option']").nth(index).check()
    page.get_by_role("button", name="Check my answer").click()
    expect(page.locator(".quiz-card")).to_contain_text(re.compile("Correct|Not quite"))
    page.goto("/history/")
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV (spreadsheets)").click()
    download = info.value
    assert download.suggested_filename.startswith("saa-c03-answers-")
    text = Path(download.path()).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 1 and rows[0]["chapter"] == "s3-addressing"
    assert rows[0]["mode"] == "chapter" and rows[0]["chosen_texts"]


def test_without_javascript_the_link_leads_to_the_form(new_page, bank):
    page = new_page(java_script_enabled=False)
    page.goto("/notes/s3-addressing/")
    page.get_by_role("link", name="Mark this chapter as read").click()
    expect(page.get_by_role("heading", name="Reading progress")).to_be_visible()
    page.get_by_role("button", name="Mark this chapter as read").click()
    expect(page.locator("main")).to_contain_text("You have read this chapter.")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_on_progress_pages(new_page, bank, scheme):
    """The new pages with data in them (the shared axe test sees them empty)."""
    import json

    from tests.browser.test_accessibility import AXE, RUN_AXE

    page = new_page(color_scheme=scheme, bypass_csp=True)
    page.goto("/quiz/exam/")
    page.locator("main button[type=submit]").first.click()
    page.goto(page.url.split("/q/")[0] + "/review/")
    page.get_by_role("button", name="Submit the exam").click()
    page.goto("/notes/s3-addressing/")
    page.get_by_role("button", name="Mark this chapter as read").click()
    expect(page.get_by_role("button", name="Mark as not read")).to_be_visible()
    page.goto("/quiz/chapter/s3-addressing/")  # a chapter quiz answer: an attempt page
    page.locator(".quiz-options input[name='option']").first.check()
    page.get_by_role("button", name="Check my answer").click()
    expect(page.locator(".quiz-card .verdict")).to_be_visible()
    page.goto("/history/")
    page.locator("table.attempts").get_by_role("link", name="Your answers").first.click()
    expect(page.get_by_role("heading", name="Every answer")).to_be_visible()
    for url in (
        page.url.removeprefix(page.url.split("/history/")[0]),
        "/notes/s3-addressing/",
        "/",
        "/history/",
        "/progress/chapter/s3-addressing/",
        "/accounts/delete/",
        "/accounts/delete/done/?who=account",
    ):
        page.goto(url)
        if url.startswith("/notes/"):
            expect(page.get_by_role("button", name="Mark as not read")).to_be_visible()
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(RUN_AXE)
        assert violations == [], url + json.dumps(violations, indent=1)
