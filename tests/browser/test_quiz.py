"""The quiz side as a learner uses it, in Chromium: chapter quiz with the keyboard, sign-up
keeping anonymous answers, review and history, and a mock exam from start to report."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from studysite.quiz.bank import build_bank, reset_bank
from studysite.quiz.cards import option_order, question_by_ref, question_ref
from studysite.quiz.models import Answer, Question
from studysite.quiz.sync import sync_bank

pytestmark = pytest.mark.browser


@pytest.fixture
def bank(transactional_db):
    reset_bank()
    sync_bank(build_bank())
    yield
    reset_bank()


def test_chapter_quiz_by_keyboard_then_sign_up_keeps_the_answers(page, bank):
    page.goto("/notes/s3-addressing/")
    page.get_by_role("link", name=re.compile("Test yourself")).click()
    expect(page.locator(".keys-hint")).to_be_visible()
    page.keyboard.press("2")
    expect(page.locator(".quiz-options input[name='option']").nth(1)).to_be_checked()
    page.keyboard.press("Enter")
    expect(page.locator(".quiz-card")).to_contain_text(re.compile("Correct|Not quite"))
    page.keyboard.press("f")
    expect(page.get_by_role("button", name="Remove the flag")).to_be_visible()
    page.keyboard.press("n")
    expect(page.locator(".quiz-options")).to_be_visible()
    assert Answer.objects.filter(user__isnull=True).count() == 1

    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Username").fill("keyboard-learner")
    page.get_by_label("Password", exact=True).fill("a-long-unusual-passphrase-42")
    page.get_by_label(re.compile("Password confirmation|Password again|Repeat")).fill(
        "a-long-unusual-passphrase-42"
    )
    page.get_by_role("button", name=re.compile("Sign up|Create")).click()
    expect(page.locator(".account-nav")).to_contain_text("keyboard-learner")
    assert Answer.objects.filter(user__username="keyboard-learner").count() == 1

    page.goto("/history/")
    expect(page.locator("main")).to_contain_text("1")
    expect(page.locator("main svg").first).to_be_visible()


def choose(page, *, correct: bool | None = None) -> None:
    """Tick as many options as the question asks for: right ones, wrong ones or any."""
    # The page names the question by an opaque reference and shows its options shuffled.
    question = question_by_ref(page.locator("input[name='question']").input_value())
    shuffle = page.locator("input[name='shuffle']").input_value()
    options = question.current.content["options"]
    order = option_order(shuffle, question.pk, len(options))
    wanted = sum(o["correct"] for o in options)
    pick = [i for i, o in enumerate(options) if correct is None or o["correct"] == correct]
    for index in pick[:wanted]:
        page.locator(".quiz-options input[name='option']").nth(order.index(index)).check()


def test_a_confident_miss_comes_back_for_review(page, bank):
    page.goto("/quiz/chapter/s3-addressing/")
    choose(page, correct=False)
    page.get_by_label("Sure", exact=True).check()
    page.get_by_role("button", name="Check my answer").click()
    expect(page.locator(".quiz-card")).to_contain_text("Not quite")
    page.goto("/")
    expect(page.locator(".due-reviews")).to_contain_text("due for review")
    page.locator(".due-reviews").click()
    expect(page.locator(".quiz-options")).to_be_visible()


def test_a_mock_exam_from_start_to_report(page, bank):
    page.goto("/quiz/exam/")
    expect(page.locator("main")).to_contain_text("65 questions")
    page.get_by_role("button", name=re.compile("Start")).click()
    expect(page.locator(".exam-clock, [class*=clock]").first).to_contain_text(re.compile(r"\d"))
    legend = page.locator(".quiz-options legend").inner_text()
    count = 1 if "one answer" in legend else int(re.search(r"Choose (\d)", legend).group(1))
    for index in range(count):
        page.locator(".quiz-options input[name='option']").nth(index).check()
    page.keyboard.press("f")
    expect(page.locator("#exam-flag")).to_be_checked()
    page.get_by_role("button", name=re.compile("Next")).click()
    page.get_by_role("button", name="Review and submit").click()
    page.get_by_role("button", name=re.compile("Submit the exam")).click()
    page.get_by_role("button", name="Yes, submit the exam").click()
    expect(page.locator("main")).to_contain_text(
        re.compile("Meets competencies|Needs improvement|Too few")
    )
    expect(page.locator("main")).to_contain_text("scaled score")


def test_custom_practice_by_domain_then_only_the_missed_ones(page, bank):
    page.goto("/quiz/practice/")
    page.get_by_label(re.compile("Domain 4")).check()
    page.get_by_label("How many questions").fill("2")
    page.get_by_role("button", name="Start practising").click()
    choose(page, correct=False)
    page.get_by_role("button", name=re.compile("Check")).click()
    expect(page.locator(".quiz-card")).to_contain_text("Not quite")
    missed = Answer.objects.get().question_id
    assert Question.objects.get(pk=missed).current.content["domain"] == 4

    page.goto("/quiz/practice/")
    page.get_by_label(re.compile("[Mm]issed")).check()
    page.get_by_role("button", name="Start practising").click()
    expect(page.locator("input[name='question']")).to_have_value(question_ref(missed))
