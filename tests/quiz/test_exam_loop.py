"""Issue 20, points 1-6: a forgiving mock exam, through Django's test client.

Every click saved at once (htmx) and on submit (no JavaScript); a partial answer to a
"choose two" question saved, shown as incomplete and scored wrong; a flag never lost;
submitting asks first, naming what is unanswered and flagged; a compact review grid; a
clock of two minutes a question; focus on the heading; a report led by readiness badges.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from studysite.quiz import exam_service
from studysite.quiz.models import Answer, Exam, ExamAnswerEvent

from .banks import make_bank
from .exam_helpers import Clock, qurl, start, text

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(exam_service, "now", clock)
    return clock


@pytest.fixture
def twos(quiz_notes, db):
    """12 "choose two" questions (options 0 and 1 right) and 8 single-answer ones."""
    make_bank({1: 12}, multiple_every=1)
    return make_bank({2: 8})


def item_of(exam: Exam, qid_prefix: str):
    return (
        exam.items.select_related("question_version")
        .filter(question__id__startswith=qid_prefix)
        .order_by("position")
        .first()
    )


def save(client, exam, n, *options, htmx=False, flag=False, shown=True, go="next"):
    item = exam.items.get(position=n)
    data = {"question": item.question_id, "option": [str(o) for o in options]}
    if shown:
        data["shown"] = "1"
    if flag:
        data["flag"] = "1"
    if not htmx:
        data["go"] = go
    return client.post(qurl(exam, n), data, **(HTMX if htmx else {}))


class TestPartialAnswersAndFlags:
    def test_one_of_two_is_saved_shown_incomplete_and_the_flag_kept(self, client, clock, twos):
        exam = start(client)
        item = item_of(exam, "d1-")
        response = save(client, exam, item.position, 0, flag=True)
        # Point 1: Next is not blocked; the answer and the flag are both saved.
        assert response.status_code == 302
        assert response["Location"] == qurl(exam, item.position + 1) or item.position == 20
        item.refresh_from_db()
        assert item.chosen == [0] and item.flagged
        html = text(client.get(qurl(exam, item.position)))
        assert "Incomplete: 1 of 2 answers chosen" in html
        assert re.search(r'id="exam-flag" name="flag" value="1"[^>]* checked', html)
        label = f"Question {item.position}: incomplete (1 of 2 chosen), flagged for review"
        assert f'aria-label="{label}"' in html
        assert 'class="exam-cell is-incomplete is-flagged"' in html

    def test_an_incomplete_answer_counts_as_wrong_and_the_report_says_so(self, client, clock, twos):
        exam = start(client)
        item = item_of(exam, "d1-")
        save(client, exam, item.position, 0)
        client.post(f"/quiz/exam/{exam.pk}/review/", {"confirm": "submit"})
        item.refresh_from_db()
        assert item.correct is False
        assert Answer.objects.get().chosen == [0]
        html = text(client.get(f"/quiz/exam/{exam.pk}/report/"))
        assert '<span class="badge badge-warn">Incomplete</span></h3>' in html
        assert '<span class="badge badge-warn">incomplete</span>' in html  # the end card

    def test_the_flag_is_saved_even_when_the_answer_cannot_be_read(self, client, clock, twos):
        exam = start(client)
        item = exam.items.get(position=1)
        data = {"question": item.question_id, "option": ["9"], "flag": "1", "go": "next"}
        response = client.post(qurl(exam, 1), data)
        assert response.status_code == 400
        assert "could not be read" in text(response) and "Your flag was saved." in text(response)
        item.refresh_from_db()
        assert item.flagged and item.chosen is None

    def test_two_for_a_single_answer_question_is_refused(self, client, clock, twos):
        exam = start(client)
        item = item_of(exam, "d2-")
        response = save(client, exam, item.position, 0, 1)
        assert response.status_code == 400 and "Choose only one answer" in text(response)
        assert exam.items.get(pk=item.pk).chosen is None


class TestSavedAtOnce:
    def test_a_click_is_saved_by_htmx_and_answers_with_status_and_cell(self, client, clock, twos):
        exam = start(client)
        item = item_of(exam, "d1-")
        response = save(client, exam, item.position, 1, htmx=True)
        html = text(response)
        assert response.status_code == 200 and "<html" not in html
        assert "Saved at 09:00:00." in html
        assert "Incomplete: 1 of 2 answers chosen" in html
        assert f'id="exam-cell-{item.position}" class="exam-cell is-incomplete"' in html
        assert 'hx-swap-oob="true"' in html
        assert 'id="exam-progress"' in html and "0 of 20 answered · 1 incomplete" in html
        assert exam.items.get(pk=item.pk).chosen == [1]
        # The second click completes it: saved again, one event per change.
        html = text(save(client, exam, item.position, 1, 0, htmx=True))
        assert "Incomplete" not in html
        assert 'class="exam-cell is-answered"' in html
        assert exam.items.get(pk=item.pk).chosen == [0, 1]
        assert ExamAnswerEvent.objects.filter(item_id=item.pk).count() == 2

    def test_a_flag_click_alone_is_saved(self, client, clock, twos):
        exam = start(client)
        html = text(save(client, exam, 3, htmx=True, flag=True))
        assert 'class="exam-cell is-unanswered is-flagged"' in html
        assert exam.items.get(position=3).flagged

    def test_unticking_every_box_clears_the_answer(self, client, clock, twos):
        exam = start(client)
        item = item_of(exam, "d1-")
        save(client, exam, item.position, 0, htmx=True)
        html = text(save(client, exam, item.position, htmx=True))
        assert 'class="exam-cell is-unanswered"' in html
        assert exam.items.get(pk=item.pk).chosen is None
        # A plain "go to question 5" post (no "shown") keeps a saved answer.
        save(client, exam, item.position, 0, htmx=True)
        save(client, exam, item.position, shown=False, go="5")
        assert exam.items.get(pk=item.pk).chosen == [0]
        client.post(f"/quiz/exam/{exam.pk}/review/", {"confirm": "submit"})
        assert "You changed" not in text(client.get(f"/quiz/exam/{exam.pk}/report/"))

    def test_a_save_after_the_deadline_sends_htmx_to_the_report(self, client, clock, twos):
        exam = start(client)
        clock.advance(minutes=41)
        response = save(client, exam, 1, 0, htmx=True)
        assert response.status_code == 200
        assert response["HX-Redirect"] == f"/quiz/exam/{exam.pk}/report/"
        assert "Time is up" in text(response)
        assert exam.items.get(position=1).chosen is None

    @pytest.mark.parametrize(
        "data",
        [
            {"question": "nope", "option": ["0"]},
            {"option": ["0"]},
            {"question": "<script>", "option": ["0"], "flag": "1"},
        ],
    )
    def test_a_bad_htmx_save_says_why_and_changes_nothing(self, client, clock, twos, data):
        exam = start(client)
        response = client.post(qurl(exam, 1), data, **HTMX)
        assert response.status_code == 200 and "is not question 1" in text(response)
        assert "<script>" not in text(response)
        item = exam.items.get(position=1)
        assert item.chosen is None and not item.flagged

    def test_the_form_saves_on_every_change(self, client, clock, twos):
        exam = start(client)
        html = text(client.get(qurl(exam, 1)))
        form = re.search(r'<form method="post"[^>]*class="quiz-form exam-form"[^>]*>', html).group()
        assert 'hx-trigger="change"' in form and f'hx-post="{qurl(exam, 1)}"' in form
        assert 'hx-target="#exam-status"' in form
        assert '<input type="hidden" name="shown" value="1">' in html


class TestSubmitAsksFirst:
    def test_the_review_page_has_submit_on_top_and_asks_first(self, client, clock, twos):
        exam = start(client)
        save(client, exam, 1, 0, flag=True)
        save(client, exam, 2, flag=True)
        url = f"/quiz/exam/{exam.pk}/review/"
        html = text(client.get(url))
        assert html.index("Submit the exam…") < html.index('class="exam-review-grid"')
        assert 'name="confirm"' not in html
        assert 'hx-get="' + url + '"' in html and 'name="step" value="confirm"' in html
        confirm = text(client.get(url + "?step=confirm"))
        assert "Submit the exam now?" in confirm
        assert f'<strong>19 unanswered:</strong> <a href="{qurl(exam, 2)}">2–20</a></p>' in confirm
        flagged = f'<a href="{qurl(exam, 1)}">1–2</a>'
        assert f"<strong>2 flagged for review:</strong> {flagged}</p>" in confirm
        assert 'id="confirm-heading" tabindex="-1" autofocus' in confirm
        assert Exam.objects.get().in_progress  # asking changes nothing
        response = client.post(url, {"confirm": "submit"})
        assert response["Location"] == f"/quiz/exam/{exam.pk}/report/"

    def test_htmx_gets_only_the_confirmation(self, client, clock, twos):
        exam = start(client)
        html = text(client.get(f"/quiz/exam/{exam.pk}/review/?step=confirm", **HTMX))
        assert "<html" not in html and "Yes, submit the exam" in html
        assert "20 unanswered" in html

    def test_a_submit_without_the_confirmation_says_why_and_ends_nothing(self, client, clock, twos):
        exam = start(client)
        url = f"/quiz/exam/{exam.pk}/review/"
        plain = client.post(url, {"confirm": "nope"})
        assert plain.status_code == 400 and "Yes, submit the exam" in text(plain)
        assert "To end the exam, use the" in text(plain)
        # htmx swaps only 2xx answers, so the refusal comes as 200 with its message.
        swapped = client.post(url, {"confirm": "nope"}, **HTMX)
        assert swapped.status_code == 200
        assert "<html" not in text(swapped) and "To end the exam, use the" in text(swapped)
        assert Exam.objects.get().in_progress

    def test_the_review_grid_shows_a_snippet_and_state_of_each(self, client, clock, twos):
        exam = start(client)
        item = item_of(exam, "d1-")
        save(client, exam, item.position, 0)
        html = text(client.get(f"/quiz/exam/{exam.pk}/review/"))
        assert html.count('class="exam-review-cell') == 20
        assert f"Stem of {item.question_id}?" in html  # markdown stripped
        assert "<strong>d1" not in html.split('class="exam-review-grid"')[1]
        assert "1 incomplete" in html and "Incomplete</span>" in html


class TestClock:
    def test_two_minutes_a_question_unless_the_full_time_is_chosen(self, client, clock, twos):
        exam = start(client)  # the default: paced
        assert exam.deadline - exam.started == timedelta(minutes=40)
        assert 'data-seconds="2400"' in text(client.get(qurl(exam, 1)))
        client.post(f"/quiz/exam/{exam.pk}/review/", {"confirm": "submit"})
        client.post("/quiz/exam/", {"time": "full"})
        full = Exam.objects.order_by("-pk").first()
        assert full.deadline - full.started == timedelta(minutes=130)

    def test_the_report_measures_against_the_exams_own_limit(self, client, clock, twos):
        exam = start(client)
        clock.advance(hours=2)
        client.get(f"/quiz/exam/{exam.pk}/")
        html = text(client.get(f"/quiz/exam/{exam.pk}/report/"))
        assert "it ended when the 40 min ran out" in html
        assert "You used 40 min of 40 min" in html

    @pytest.mark.parametrize("value", ["half", "", "<b>", "full " * 100])
    def test_a_bad_time_choice_starts_nothing(self, client, clock, twos, value):
        response = client.post("/quiz/exam/", {"time": value})
        assert response.status_code == 400 and "Choose how long" in text(response)
        assert not Exam.objects.exists()

    def test_a_full_bank_has_no_choice_to_make(self, client, clock, quiz_notes, db):
        make_bank({1: 60, 2: 50, 3: 50, 4: 40})
        html = text(client.get("/quiz/exam/"))
        assert "Start a 65-question, 130-minute exam" in html and 'name="time"' not in html


class TestQuestionPage:
    def test_focus_goes_to_the_heading_and_buttons_read_left_to_right(self, client, clock, twos):
        exam = start(client)
        html = text(client.get(qurl(exam, 2)))
        assert '<h1 id="question-heading" tabindex="-1" autofocus>Question 2 of 20</h1>' in html
        actions = html.split('class="exam-actions"')[1]
        assert actions.index("← Previous") < actions.index("Next →")
        # The form's default (Enter) button is "next", first in the form but not shown.
        form = html.split('class="quiz-form exam-form"')[1]
        first_button = re.search(r"<button[^>]*>", form).group()
        assert 'value="next"' in first_button and 'class="visually-hidden"' in first_button
        assert "0 of 20 answered · 0 incomplete · 0 flagged" in html

    def test_grid_cells_hold_marks_not_words(self, client, clock, twos):
        exam = start(client)
        save(client, exam, 1, 0, flag=True)
        html = text(client.get(qurl(exam, 2)))
        cell = re.search(r'<li id="exam-cell-1".*?</li>', html, re.S).group()
        assert "Done" not in cell and "Open" not in cell
        assert 'class="exam-cell-marks" aria-hidden="true">' in cell
        assert "exam-legend" in html


class TestReport:
    def test_the_report_leads_with_readiness_badges_per_domain(self, client, clock, quiz_notes, db):
        make_bank({1: 19, 2: 17, 3: 16, 4: 13})
        exam = start(client)
        for item in exam.items.select_related("question_version"):
            if item.domain == 1:
                save(client, exam, item.position, 0)  # right
        client.post(f"/quiz/exam/{exam.pk}/review/", {"confirm": "submit"})
        html = text(client.get(f"/quiz/exam/{exam.pk}/report/"))
        main = html.split('id="main"')[1]
        assert main.index('id="readiness-heading"') < main.index('id="overall-heading"')
        cards = re.findall(
            r'<li class="readiness-card readiness-([a-z-]+)">.*?<p class="readiness-domain">'
            r"Domain (\d)",
            html,
            re.S,
        )
        assert cards == [("ready", "1"), ("not-ready", "2"), ("not-ready", "3"), ("not-ready", "4")]
        assert 'class="readiness-overall readiness-not-ready"' in html
        assert "19 of 19 · 100 %" in html
        assert "Practise the 46 missed again" in html
        assert 'data-label="Verdict"' in html  # the table reflows on a phone (CSS)
        assert "style=" not in html and "<script>" not in html
