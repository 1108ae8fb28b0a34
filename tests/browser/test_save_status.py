"""A chapter-quiz answer that does not reach the server says so (issue 22, finding 7),
and sending it again once the connection is back records it once."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from studysite.quiz.bank import build_bank, reset_bank
from studysite.quiz.models import Answer
from studysite.quiz.sync import sync_bank

pytestmark = pytest.mark.browser


@pytest.fixture
def bank(transactional_db):
    reset_bank()
    sync_bank(build_bank())
    yield
    reset_bank()


def test_a_failed_save_is_shown_and_a_resend_counts_once(browser, live_server, bank):
    # Not the new_page fixture: the dropped request is logged to the console on purpose.
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto("/quiz/chapter/s3-addressing/")
    legend = page.locator(".quiz-options legend").inner_text()
    count = int(m.group(1)) if (m := re.search(r"Choose (\d)", legend)) else 1
    for index in range(count):
        page.locator(".quiz-options input[name='option']").nth(index).check()
    # The connection drops: the post never reaches the server.
    page.route("**/quiz/chapter/**", lambda route: route.abort())
    page.get_by_role("button", name=re.compile("Check")).click()
    note = page.locator(".save-status")
    expect(note).to_contain_text("Not saved: the connection failed")
    expect(note).to_have_attribute("role", "alert")
    assert Answer.objects.count() == 0
    # Back online: the same button again saves it, once.
    page.unroute("**/quiz/chapter/**")
    page.get_by_role("button", name=re.compile("Check")).click()
    expect(page.locator(".verdict")).to_be_visible()
    expect(page.locator(".save-status")).to_have_count(0)
    assert Answer.objects.count() == 1
    assert errors == []  # no script error, only the logged failed request
    context.close()
