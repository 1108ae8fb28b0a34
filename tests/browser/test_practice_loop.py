"""Issue 20 in Chromium, with and without JavaScript: a partial answer and a flag survive a
reload mid-exam, submitting asks first, a chapter quiz ends with its card, a review rating
shows its interval and the queue ends with "done for today"; the option row is the click
target; the pages fit a 390 px phone and pass axe in both themes."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from studysite.quiz.bank import build_bank, reset_bank
from studysite.quiz.cards import option_order, question_by_ref
from studysite.quiz.models import Exam, Question
from studysite.quiz.sync import sync_bank

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def bank(transactional_db):
    reset_bank()
    sync_bank(build_bank())
    yield
    reset_bank()


def choose(page, *, correct: bool) -> None:
    """Tick as many options as the question asks for: all right, or at least one wrong."""
    # The page names the question by an opaque reference and shows its options shuffled.
    form = page.locator("form.quiz-form")  # (a flag form names its question too)
    question = question_by_ref(form.locator("input[name='question']").input_value())
    shuffle = form.locator("input[name='shuffle']").input_value()
    options = question.current.content["options"]
    order = option_order(shuffle, question.pk, len(options))
    right = [i for i, o in enumerate(options) if o["correct"]]
    wrong = [i for i, o in enumerate(options) if not o["correct"]]
    for index in (right if correct else wrong + right)[: len(right)]:
        form.locator(".quiz-options input[name='option']").nth(order.index(index)).check()


def start_exam(page) -> Exam:
    page.goto("/quiz/exam/")
    page.get_by_role("button", name=re.compile("^Start a")).click()
    expect(page.locator("h1")).to_have_text(re.compile(r"^Question 1 of \d+$"))
    return Exam.objects.get()


def multiple_item(exam: Exam):
    return (
        exam.items.select_related("question_version")
        .filter(question_version__content__type="multiple", position__lt=exam.question_count)
        .order_by("position")
        .first()
    )


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width


# --- Points 1, 2 and 5: every click saved; a partial answer and a flag survive a reload ---


def test_a_partial_answer_and_a_flag_survive_a_reload(page, bank):
    exam = start_exam(page)
    # Point 5: focus starts on the question's heading after each load.
    expect(page.locator("#question-heading")).to_be_focused()
    item = multiple_item(exam)
    choose_n = item.question_version.content["choose"]
    page.goto(f"/quiz/exam/{exam.pk}/q/{item.position}/")
    expect(page.locator("#question-heading")).to_be_focused()
    # The whole row is the target: click the text, far from the box.
    row = page.locator(".quiz-options .quiz-option").first
    box = row.bounding_box()
    row.click(position={"x": box["width"] - 8, "y": box["height"] / 2})
    expect(row.locator("input")).to_be_checked()
    expect(page.locator("#exam-status")).to_contain_text(f"Incomplete: 1 of {choose_n}")
    page.get_by_label(re.compile("Flag for review")).check()
    cell = page.locator(f"#exam-cell-{item.position}")
    expect(cell).to_have_class(re.compile("is-incomplete is-flagged"))
    expect(page.locator("#exam-status")).to_contain_text("Saved at")
    item.refresh_from_db()
    assert len(item.chosen) == 1 and item.flagged  # saved before leaving the page

    page.reload()
    expect(page.locator(".quiz-options input[name='option']").first).to_be_checked()
    expect(page.get_by_label(re.compile("Flag for review"))).to_be_checked()
    expect(page.locator("#exam-status")).to_contain_text("counts as wrong until you choose")
    # Point 1: nothing blocks moving on (button, grid or N key).
    page.keyboard.press("n")
    expect(page.locator("h1")).to_have_text(
        f"Question {item.position + 1} of {exam.question_count}"
    )
    expect(page.locator(f"#exam-cell-{item.position} button")).to_have_attribute(
        "aria-label", re.compile("incomplete .*flagged for review")
    )


def test_without_javascript_the_answer_and_flag_are_saved_on_submit(new_page, bank):
    page = new_page(java_script_enabled=False)
    exam = start_exam(page)
    item = multiple_item(exam)
    page.goto(f"/quiz/exam/{exam.pk}/q/{item.position}/")
    page.locator(".quiz-options .quiz-option").first.click()
    page.get_by_label(re.compile("Flag for review")).check()
    page.get_by_role("button", name=re.compile("Next|Review all")).click()
    item.refresh_from_db()
    assert len(item.chosen) == 1 and item.flagged
    page.goto(f"/quiz/exam/{exam.pk}/q/{item.position}/")
    expect(page.locator(".quiz-options input[name='option']").first).to_be_checked()
    expect(page.get_by_label(re.compile("Flag for review"))).to_be_checked()
    expect(page.locator(".exam-note")).to_contain_text("Incomplete")


# --- Point 3: submit asks first -------------------------------------------------------------


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_submit_asks_first_naming_unanswered_and_flagged(new_page, bank, javascript):
    page = new_page(java_script_enabled=javascript)
    exam = start_exam(page)
    page.get_by_label(re.compile("Flag for review")).check()
    page.get_by_role("button", name="Review and submit").click()
    expect(page.get_by_role("heading", name="Review before submitting")).to_be_visible()
    expect(page.locator(".exam-review-cell")).to_have_count(exam.question_count)
    page.get_by_role("button", name="Submit the exam…").click()
    confirm = page.locator(".exam-confirm")
    expect(confirm).to_contain_text(f"{exam.question_count} unanswered:")
    expect(confirm).to_contain_text("1 flagged for review: 1")
    if javascript:  # shown in place, focus on its heading
        expect(page.get_by_role("heading", name="Submit the exam now?")).to_be_focused()
        assert page.url.endswith("/review/")
    assert Exam.objects.get().in_progress
    page.get_by_role("button", name="Yes, submit the exam").click()
    expect(page.get_by_role("heading", name="Readiness")).to_be_visible()
    assert not Exam.objects.get().in_progress


# --- Point 7: a chapter quiz ends with its card ---------------------------------------------


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_chapter_quiz_ends_with_its_card(new_page, bank, javascript):
    page = new_page(java_script_enabled=javascript)
    total = Question.objects.filter(chapter="s3-website", active=True).count()
    page.goto("/quiz/chapter/s3-website/")
    for n in range(1, total + 1):
        right_so_far = max(0, n - 2)  # the first one is missed, the rest are right
        expect(page.locator(".quiz-progress")).to_have_text(
            f"Question {n} of {total} · {right_so_far} correct"
        )
        choose(page, correct=n != 1)  # the first one missed
        page.get_by_role("button", name="Check my answer").click()
        expect(page.locator(".quiz-card .verdict")).to_be_visible()
        page.get_by_role("link", name="See your score" if n == total else "Next question").click()
    expect(page.get_by_role("heading", name=re.compile("Quiz complete"))).to_be_visible()
    expect(page.locator(".end-score")).to_contain_text(f"{total - 1} of {total}")
    expect(page.locator(".end-row")).to_have_count(total)
    expect(page.locator(".end-row.is-wrong")).to_contain_text("You chose:")
    expect(page.locator(".end-row.is-wrong")).to_contain_text("Learn it:")
    page.get_by_role("button", name="Practise the 1 missed again").click()
    expect(page).to_have_url(re.compile(r"/quiz/practice/\d+/$"))
    expect(page.locator(".quiz-progress")).to_have_text("Question 1 of 1 · 0 correct")


# --- Point 9: review ratings and "done for today" -------------------------------------------


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_review_rating_shows_its_interval_and_the_queue_ends(new_page, bank, javascript):
    page = new_page(java_script_enabled=javascript)
    page.goto("/quiz/chapter/s3-website/")
    choose(page, correct=False)
    page.get_by_label("Sure", exact=True).check()  # a confident miss: due at once
    page.get_by_role("button", name="Check my answer").click()
    expect(page.locator(".quiz-card")).to_contain_text("Not quite")

    page.goto("/review/")
    expect(page.locator(".quiz-progress")).to_contain_text("Question 1 of 1 · 0 correct")
    expect(page.locator(".due-counter")).to_have_text("1 due now")
    choose(page, correct=True)
    page.get_by_role("button", name="Check my answer").click()
    expect(page.locator(".rating")).to_have_count(4)
    for name in ("Again", "Hard", "Good", "Easy"):
        expect(page.locator(f".rating-{name.lower()} .rating-interval")).to_have_text(
            re.compile(r"^\d+ (min|h|days?|months?)$")
        )
    easy = page.locator(".rating-easy .rating-interval").inner_text()
    if javascript:
        page.keyboard.press("4")  # as in Anki: 1-4
    else:
        page.get_by_role("button", name=re.compile("^Easy")).click()
    expect(page.locator(".review-status")).to_contain_text(
        f"Rated Easy: this question comes back in {easy}"
    )
    expect(page.get_by_role("heading", name="Done for today")).to_be_visible()
    expect(page.locator(".review-done")).to_contain_text("You reviewed 1 question today: 1 right.")
    expect(page.locator(".review-coming")).to_contain_text("Tomorrow:")


# --- The option row, phones and both themes ------------------------------------------------


def test_the_chosen_row_is_highlighted_and_rows_are_big_enough_on_a_phone(new_page, bank):
    page = new_page(viewport=PHONE)
    page.goto("/quiz/chapter/s3-addressing/")
    rows = page.locator(".quiz-options .quiz-option")
    before = rows.nth(1).evaluate("e => getComputedStyle(e).backgroundColor")
    rows.nth(1).locator(".quiz-option-label").click()
    expect(rows.nth(1).locator("input")).to_be_checked()
    after = rows.nth(1).evaluate("e => getComputedStyle(e).backgroundColor")
    assert before != after
    for n in range(rows.count()):
        assert rows.nth(n).bounding_box()["height"] >= 44
    no_sideways_scroll(page)


def test_exam_pages_fit_a_phone(new_page, bank):
    page = new_page(viewport=PHONE)
    exam = start_exam(page)
    no_sideways_scroll(page)
    cell = page.locator(".exam-grid .exam-cell button").first.bounding_box()
    assert cell["height"] >= 44 and cell["width"] >= 44
    page.goto(f"/quiz/exam/{exam.pk}/review/?step=confirm")
    no_sideways_scroll(page)
    page.get_by_role("button", name="Yes, submit the exam").click()
    expect(page.get_by_role("heading", name="Readiness")).to_be_visible()
    # Point 6: the per-domain table reflows instead of scrolling sideways.
    no_sideways_scroll(page)
    table = page.locator("table.exam-domains")
    assert table.bounding_box()["width"] <= PHONE["width"]
    expect(table.locator("td").first).to_be_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_on_the_practice_loop(new_page, bank, scheme):
    from tests.browser.test_accessibility import AXE, RUN_AXE

    page = new_page(color_scheme=scheme, bypass_csp=True)

    def audit(what: str) -> None:
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(RUN_AXE)
        assert violations == [], what + json.dumps(violations, indent=1)

    exam = start_exam(page)
    page.locator(".quiz-options .quiz-option").first.click()
    page.get_by_label(re.compile("Flag for review")).check()
    expect(page.locator("#exam-status")).to_contain_text("Saved at")
    audit("exam question")
    page.goto(f"/quiz/exam/{exam.pk}/review/?step=confirm")
    audit("exam review")
    page.get_by_role("button", name="Yes, submit the exam").click()
    expect(page.get_by_role("heading", name="Readiness")).to_be_visible()
    audit("exam report")
    page.goto("/quiz/chapter/s3-website/")
    total = Question.objects.filter(chapter="s3-website", active=True).count()
    for n in range(total):
        choose(page, correct=n > 0)
        if n == 0:
            page.get_by_label("Sure", exact=True).check()
        page.get_by_role("button", name="Check my answer").click()
        page.get_by_role("link", name=re.compile("Next question|See your score")).click()
    expect(page.get_by_role("heading", name=re.compile("Quiz complete"))).to_be_visible()
    audit("chapter end card")
    page.goto("/review/")
    choose(page, correct=True)
    page.get_by_role("button", name="Check my answer").click()
    expect(page.locator(".rating")).to_have_count(4)
    audit("review ratings")
    page.get_by_role("button", name=re.compile("^Easy")).click()
    # (the exam's miss may come back later today: "Done for now" then)
    expect(page.get_by_role("heading", name=re.compile("Done for (today|now)"))).to_be_visible()
    audit("done for today")
