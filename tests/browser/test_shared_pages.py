"""Shared reading pages in Chromium (studysite/shared_pages/, issue 14): a chapter sent
with no cookie and no token still lets a reader take its quiz, mark it read and use its
widget, with and without JavaScript, and a signed-in reader sees and uses their own
account links on it."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from studysite.quiz.bank import build_bank, reset_bank
from studysite.quiz.sync import sync_bank

pytestmark = pytest.mark.browser

# A chapter with questions of its own and an embedded widget (the bucket-name validator).
CHAPTER = "/notes/s3-buckets/"


@pytest.fixture
def bank(transactional_db):
    reset_bank()
    sync_bank(build_bank())
    yield
    reset_bank()


def open_chapter(page) -> None:
    """Open the chapter and check that its document set no cookie and held no token."""
    response = page.goto(CHAPTER)
    assert response.status == 200
    assert "set-cookie" not in response.all_headers()
    assert response.all_headers().get("content-encoding") == "br"
    html = response.text()
    assert "csrfmiddlewaretoken" not in html and "X-CSRFToken" not in html


def answer_the_chapter_quiz(page) -> None:
    page.get_by_role("link", name=re.compile("Test yourself")).click()
    expect(page).to_have_url(re.compile(r"/quiz/chapter/s3-buckets/"))
    page.locator(".quiz-options input[name='option']").first.check()
    page.get_by_role("button", name="Check my answer").click()
    expect(page.locator(".quiz-card")).to_contain_text(re.compile("Correct|Not quite"))


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_the_chapter_quiz_works_from_a_shared_chapter(new_page, bank, javascript):
    page = new_page(java_script_enabled=javascript)
    open_chapter(page)
    answer_the_chapter_quiz(page)


def test_mark_as_read_with_javascript(page, bank):
    open_chapter(page)
    # htmx swapped the link for this visitor's form (a fragment that carries its token).
    page.get_by_role("button", name="Mark this chapter as read").click()
    expect(page.get_by_role("button", name="Mark as not read")).to_be_visible()
    expect(page.locator("#read-toggle")).to_contain_text("You have read this chapter.")
    page.reload()
    expect(page.get_by_role("button", name="Mark as not read")).to_be_visible()


def test_mark_as_read_without_javascript(new_page, bank):
    page = new_page(java_script_enabled=False)
    open_chapter(page)
    page.get_by_role("link", name="Mark this chapter as read").click()
    page.get_by_role("button", name="Mark this chapter as read").click()
    expect(page.locator("main")).to_contain_text("You have read this chapter.")
    page.goto(CHAPTER)
    page.get_by_role("link", name="Mark this chapter as read").click()
    expect(page.get_by_role("button", name="Mark as not read")).to_be_visible()


def test_the_embedded_widget_answers_as_you_type(page, bank):
    open_chapter(page)
    field = page.locator("input[name='name']").first
    field.fill("good-bucket-name")
    expect(page.locator(".widget .verdict").first).to_contain_text("A valid")


def test_the_embedded_widget_posts_without_javascript(new_page, bank):
    page = new_page(java_script_enabled=False)
    open_chapter(page)
    page.locator("input[name='name']").first.fill("good-bucket-name")
    page.get_by_role("button", name="Check the name").first.click()
    expect(page).to_have_url(re.compile(r"/tools/bucket-name/"))
    expect(page.locator(".verdict")).to_contain_text("A valid")


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_signed_in_reader_sees_and_uses_their_account_links(new_page, bank, javascript):
    get_user_model().objects.create_user("shared-reader", password="a-long-unusual-pass-42")
    page = new_page(java_script_enabled=javascript)
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("shared-reader")
    page.get_by_label("Password").fill("a-long-unusual-pass-42")
    page.get_by_role("button", name=re.compile("Log in")).click()
    response = page.goto(CHAPTER)
    assert response.all_headers()["cache-control"] == "private, no-cache"
    expect(page.locator(".account-nav")).to_contain_text("shared-reader")
    answer_the_chapter_quiz(page)
    page.goto(CHAPTER)
    page.get_by_role("button", name="Log out").click()
    page.goto(CHAPTER)
    expect(page.locator(".account-nav")).to_contain_text("Log in")
