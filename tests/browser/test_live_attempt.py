"""A learner's page of one live session's answers, in Chromium: reached from the history's
row that names the session, it lists the question the learner did not answer too, passes
axe in the light and dark theme and fits a 390 px phone. Each run leaves screenshots of the
page (desktop light and dark, phone) in pytest's tmp_path to look at."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from studysite.quiz.bank import build_bank, reset_bank
from studysite.quiz.sync import sync_bank
from studysite.teams.live.services import (
    answer_submit,
    participant_join,
    session_advance,
    session_create,
)
from studysite.teams.services import trainer_grant

from .test_accessibility import AXE, RUN_AXE
from .test_live import session_cookie

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def drill(django_user_model, *names: str):
    """A session of three s3-addressing questions, its first asked, and the learners
    ``names``: (session, its questions, the learners)."""
    bank = build_bank()
    sync_bank(bank)
    trainer = django_user_model.objects.create_user("coach", password="x-long-password-1")
    trainer_grant(user=trainer)
    users = [
        django_user_model.objects.create_user(name, password="x-long-password-1") for name in names
    ]
    questions = [q for q in bank.questions if q.chapter == "s3-addressing"][:3]
    session = session_create(
        trainer=trainer,
        title="Thursday S3 drill",
        question_ids=[q.id for q in questions],
        allow_guests=False,
        show_leaderboard=True,
        seconds_per_question=30,
    )
    return session_advance(session=session, action="next", version=None), questions, users


def right_and_wrong(question) -> tuple[list[int], list[int]]:
    right = [i for i, o in enumerate(question.options) if o.correct]
    return right, [i for i in range(len(question.options)) if i not in right][: len(right)]


@pytest.fixture
def learner(transactional_db, django_user_model):
    """Alice, who answered the first two questions of a live session on s3-addressing
    (the first right, the second wrong) and not the third, which Bob answered; the session
    has ended."""
    reset_bank()
    session, questions, (alice, bob) = drill(django_user_model, "alice", "bob")
    people = {u: participant_join(session=session, user=u) for u in (alice, bob)}
    for index, question in enumerate(questions):
        if index:
            for _ in range(3):  # reveal, leaderboard, next question
                session = session_advance(session=session, action="next", version=None)
        right, wrong = right_and_wrong(question)
        answering = ((alice, right if index == 0 else wrong), (bob, wrong))
        for user, chosen in answering[1:] if index == 2 else answering:
            answer_submit(
                session_id=session.pk, participant=people[user], index=index, chosen=chosen
            )
    session_advance(session=session, action="end", version=None)
    yield alice
    reset_bank()


@pytest.fixture
def asked(transactional_db, django_user_model):
    """Alice, who answered both questions the session has asked so far on s3-addressing
    (the first right and revealed, the second wrong and still being asked)."""
    reset_bank()
    session, questions, (alice,) = drill(django_user_model, "alice")
    me = participant_join(session=session, user=alice)
    for index, question in enumerate(questions[:2]):
        if index:
            for _ in range(3):  # reveal, leaderboard, next question
                session = session_advance(session=session, action="next", version=None)
        right, wrong = right_and_wrong(question)
        chosen = right if index == 0 else wrong
        answer_submit(session_id=session.pk, participant=me, index=index, chosen=chosen)
    yield alice
    reset_bank()


def open_page(new_page, live_server, user, **options):
    page = new_page(**options)
    page.context.add_cookies([{**session_cookie(user), "url": live_server.url}])
    page.goto("/history/")
    row = page.locator("table.attempts tr", has_text="Live session: Thursday S3 drill")
    row.get_by_role("link", name="Your answers").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Live session: Thursday S3 drill")
    return page


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_live_attempt_page_passes_axe(new_page, live_server, learner, scheme, tmp_path):
    page = open_page(new_page, live_server, learner, color_scheme=scheme, bypass_csp=True)
    expect(page.locator("article.exam-review-item")).to_have_count(3)
    expect(page.locator(".verdict").first).to_contain_text("Correct")
    expect(page.locator(".verdict").nth(1)).to_contain_text("Not quite")
    missed = page.locator("article.exam-review-item").nth(2)
    expect(missed.get_by_role("heading", level=3)).to_have_text("Question 3 Not answered")
    expect(missed.locator(".verdict")).to_have_text("– Not answered")
    expect(missed.locator(".badge", has_text="Correct answer")).not_to_have_count(0)
    expect(missed.locator(".badge", has_text="Your choice")).to_have_count(0)
    expect(page.locator(".lead")).to_contain_text("You did not answer 1 of the session's 3")
    page.screenshot(path=str(tmp_path / f"live-attempt-{scheme}.png"), full_page=True)
    page.locator(".chapter-header").screenshot(path=str(tmp_path / f"live-header-{scheme}.png"))
    missed.screenshot(path=str(tmp_path / f"live-not-answered-{scheme}.png"))
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(RUN_AXE)
    assert violations == [], json.dumps(violations, indent=1)


def test_the_live_attempt_page_fits_a_phone(new_page, live_server, learner, tmp_path):
    page = open_page(new_page, live_server, learner, viewport=PHONE, color_scheme="light")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(tmp_path / "live-attempt-phone.png"), full_page=True)
    page.screenshot(path=str(tmp_path / "live-attempt-phone-top.png"))  # the first screen
    second = page.locator("article.exam-review-item").nth(1)
    second.screenshot(path=str(tmp_path / "live-attempt-phone-question-2.png"))
    third = page.locator("article.exam-review-item").nth(2)
    third.screenshot(path=str(tmp_path / "live-attempt-phone-question-3.png"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_an_answer_to_a_question_still_asked_shows_recorded_and_passes_axe(
    new_page, live_server, asked, scheme, tmp_path
):
    page = open_page(new_page, live_server, asked, color_scheme=scheme, bypass_csp=True)
    items = page.locator("article.exam-review-item")
    expect(items).to_have_count(2)
    pending = items.nth(1)
    expect(pending.get_by_role("heading", level=3)).to_have_text("Question 2 Answer recorded")
    expect(pending.locator(".verdict")).to_have_text(
        "… Answer recorded – the result shows once the trainer reveals it."
    )
    expect(pending.locator(".badge", has_text="Your choice")).not_to_have_count(0)
    expect(pending.locator(".badge", has_text="Correct answer")).to_have_count(0)
    expect(pending.locator(".quiz-explanation")).to_have_count(0)
    page.screenshot(path=str(tmp_path / f"live-attempt-recorded-{scheme}.png"), full_page=True)
    pending.screenshot(path=str(tmp_path / f"live-recorded-{scheme}.png"))
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(RUN_AXE)
    assert violations == [], json.dumps(violations, indent=1)
