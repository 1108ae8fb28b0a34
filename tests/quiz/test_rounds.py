"""Issue 20, points 7 and 8: every chapter quiz and practice set says where the learner is
("Question 3 of 8 · 2 correct") and ends with a card: the score, each question with what
was chosen, the sections behind the misses, "practise the missed ones again" and the next
chapter. Through Django's test client, with and without htmx."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from studysite.quiz.cards import question_by_ref
from studysite.quiz.models import Answer, ChapterRound, Practice

pytestmark = pytest.mark.django_db
URL = "/quiz/chapter/s3-basics/"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def chapters(synced, write_note):
    """The quiz notes plus a chapter that follows s3-basics in reading order."""
    from studysite.chapters.loader import reset_library

    write_note("s3-more.md", "## More {#more}\n\nMore.\n", title="S3 more", order=30)
    reset_library()
    return synced


def text(response) -> str:
    return response.content.decode()


def shown_id(html: str) -> str:
    return question_by_ref(re.search(r'name="question" value="([0-9a-f]{20})"', html).group(1)).pk


def progress(html: str) -> str:
    return re.search(r'class="quiz-progress">([^<]*)<', html).group(1).strip()


def post(client, qid: str, *options, **extra):
    data = {"question": qid, "version": "1", "option": [str(o) for o in options], **extra}
    headers = {k: v for k, v in data.items() if k.startswith("HTTP_")}
    data = {k: v for k, v in data.items() if not k.startswith("HTTP_")}
    return client.post(URL, data, **headers)


class TestChapterRound:
    def test_showing_a_question_stores_nothing(self, client, chapters):
        html = text(client.get(URL))
        assert progress(html) == "Question 1 of 2 · 0 correct"
        assert 'name="round" value="new"' in html
        assert not ChapterRound.objects.exists() and "sessionid" not in client.cookies

    def test_the_progress_line_counts_and_the_round_ends_with_its_card(self, client, chapters):
        first = text(client.get(URL))
        assert shown_id(first) == "s3-one"
        html = text(post(client, "s3-one", 0, round="new"))  # right
        assert progress(html) == "Question 1 of 2 · 1 correct"
        assert "Next question" in html and "See your score" not in html
        form = text(client.get(URL))
        assert shown_id(form) == "s3-two"
        assert progress(form) == "Question 2 of 2 · 1 correct"
        rnd = ChapterRound.objects.get()
        assert f'name="round" value="{rnd.pk}"' in form
        html = text(post(client, "s3-two", 0, 2, round=str(rnd.pk)))  # wrong
        assert progress(html) == "Question 2 of 2 · 1 correct"
        assert "See your score" in html and "Next question" not in html

        end = text(client.get(URL))  # no loop back to question 1: the end card
        assert 'name="question"' not in end
        assert "Quiz complete: S3 basics" in end
        assert '<span class="end-score-number">1 of 2</span> correct' in end
        assert "50 %" in end
        # Each question with what was chosen, the miss with the section behind it.
        assert "1. Which endpoint supports IPv6?" in end
        assert "You chose:</span><ul><li>Dual-stack</li></ul>" in end
        assert (
            "You chose:</span><ul><li>HTTPS virtual-hosted requests fail the certificate "
            "check</li><li>They are not allowed at all</li></ul>" in end
        )
        # A miss also shows the right answer.
        assert end.count("Right answer:") == 1
        assert "<li>Transfer Acceleration refuses them</li>" in end
        assert end.count('class="end-row is-right"') == 1
        assert end.count('class="end-row is-wrong"') == 1
        assert 'Learn it: <a href="/notes/s3-basics/#dots">Dots in names</a>' in end
        assert (
            '<a href="/notes/s3-basics/#dots">Dots in names</a> <span class="hint">in S3 basics'
            in end
        )
        # What to do next.
        assert f'<input type="hidden" name="id" value="{rnd.pk}">' in end
        assert "Practise the 1 missed again" in end
        assert 'href="/notes/s3-more/">Next chapter: S3 more</a>' in end
        assert 'href="/quiz/chapter/s3-basics/?round=new">Take the quiz again</a>' in end
        rnd.refresh_from_db()
        assert (rnd.answered_ids, rnd.correct) == (["s3-one", "s3-two"], 1)

    def test_with_htmx_the_card_arrives_in_place(self, client, chapters):
        post(client, "s3-one", 0, round="new", **HTMX)
        post(client, "s3-two", 0, 1, **HTMX)
        end = text(client.get(URL, **HTMX))
        assert "<html" not in end and "Quiz complete" in end
        assert "Every answer was right." in end and "Practise the" not in end

    def test_a_new_round_starts_over_and_the_old_card_stays(self, client, chapters):
        post(client, "s3-one", 1, round="new")
        post(client, "s3-two", 0, 1)
        assert "Quiz complete" in text(client.get(URL))
        fresh = text(client.get(URL + "?round=new"))
        assert progress(fresh) == "Question 1 of 2 · 0 correct"
        assert shown_id(fresh) == "s3-one"  # answered longest ago
        post(client, "s3-one", 0, round="new")
        assert ChapterRound.objects.count() == 2
        assert progress(text(client.get(URL))) == "Question 2 of 2 · 1 correct"

    def test_a_retired_question_drops_out_of_the_round(self, client, chapters):
        from studysite.quiz.models import Question

        post(client, "s3-one", 0, round="new")
        Question.objects.filter(pk="s3-two").update(active=False)
        assert "Quiz complete" in text(client.get(URL))

    def test_a_double_submit_keeps_one_answer_in_the_round(self, client, chapters):
        form = text(client.get(URL))
        after = re.search(r'name="after" value="(\d+)"', form).group(1)
        post(client, "s3-one", 0, after=after, round="new")
        second = text(post(client, "s3-one", 1, after=after, round="new"))
        assert "the first answer stands" in second
        assert progress(second) == "Question 1 of 2 · 1 correct"
        rnd = ChapterRound.objects.get()
        assert rnd.answered_ids == ["s3-one"] and len(rnd.answer_ids) == 1

    def test_sign_in_adopts_the_round(self, client, chapters):
        post(client, "s3-one", 0, round="new")
        user = get_user_model().objects.create_user("r", password="x-long-password-1")
        client.force_login(user)
        assert ChapterRound.objects.get().user == user
        assert progress(text(client.get(URL))) == "Question 2 of 2 · 1 correct"


class TestPractiseAgain:
    def test_the_missed_ones_of_a_round_become_a_practice_set(self, client, chapters):
        post(client, "s3-one", 2, round="new")  # wrong
        post(client, "s3-two", 0, 1)  # right
        rnd = ChapterRound.objects.get()
        response = client.post("/quiz/practice/again/", {"source": "chapter", "id": rnd.pk})
        practice = Practice.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"/quiz/practice/{practice.pk}/"
        assert practice.question_ids == ["s3-one"]
        assert practice.session_key == rnd.session_key

    def test_a_practice_set_ends_with_its_card_and_can_be_practised_again(self, client, chapters):
        client.post("/quiz/practice/", {"chapter": ["s3-basics"], "count": "2"})
        practice = Practice.objects.get()
        url = f"/quiz/practice/{practice.pk}/"
        assert progress(text(client.get(url))) == "Question 1 of 2 · 0 correct"
        for qid in practice.question_ids:
            wrong = ["1"] if qid == "s3-one" else ["2", "3"]
            html = text(client.post(url, {"question": qid, "version": "1", "option": wrong}))
        assert progress(html) == "Question 2 of 2 · 0 correct"
        assert "See your score" in html
        end = text(client.get(url))
        assert "Practice set complete" in end and ">0 of 2</span> correct" in end
        assert "Practise the 2 missed again" in end
        assert "Study next: S3 basics" in end  # the chapter behind the misses
        assert 'href="/quiz/practice/">Start another set</a>' in end
        response = client.post("/quiz/practice/again/", {"source": "practice", "id": practice.pk})
        again = Practice.objects.order_by("-pk").first()
        assert response["Location"] == f"/quiz/practice/{again.pk}/"
        assert again.question_ids == practice.question_ids

    def test_the_missed_ones_of_a_mock_exam(self, client, chapters):
        client.post("/quiz/exam/")
        from studysite.quiz.models import Exam

        exam = Exam.objects.get()
        one = exam.items.get(question_id="s3-one")
        client.post(
            f"/quiz/exam/{exam.pk}/q/{one.position}/",
            {"question": "s3-one", "option": ["0"], "go": "next"},
        )
        client.post(f"/quiz/exam/{exam.pk}/review/", {"confirm": "submit"})
        response = client.post("/quiz/practice/again/", {"source": "exam", "id": exam.pk})
        assert response.status_code == 302
        assert Practice.objects.get().question_ids == ["s3-two"]  # unanswered counts

    @pytest.mark.parametrize(
        "data",
        [
            {"source": "chapter", "id": "999"},
            {"source": "exam", "id": "x"},
            {"source": "nope", "id": "1"},
            {"source": "chapter", "id": "9" * 40},
            {"source": "practice", "id": "-1"},
            {},
        ],
    )
    def test_someone_elses_or_nonsense_is_refused(self, client, chapters, data):
        other = Client()
        post(other, "s3-one", 2, round="new")
        if data.get("id") == "999":
            data = {**data, "id": str(ChapterRound.objects.get().pk)}  # not this visitor's
        response = client.post("/quiz/practice/again/", data)
        assert response.status_code == 404
        assert "no such quiz, set or exam among yours" in text(response)
        assert not Practice.objects.exists()

    def test_nothing_missed_is_said(self, client, chapters):
        post(client, "s3-one", 0, round="new")
        post(client, "s3-two", 0, 1)
        rnd = ChapterRound.objects.get()
        response = client.post("/quiz/practice/again/", {"source": "chapter", "id": rnd.pk})
        assert response.status_code == 400 and "Nothing was missed" in text(response)

    def test_get_is_refused(self, client, chapters):
        assert client.get("/quiz/practice/again/").status_code == 405


def test_the_whole_option_row_is_the_label(client, chapters):
    html = text(client.get(URL))
    assert html.count('<label class="quiz-option" for="option-') == 4
    assert re.search(
        r'<label class="quiz-option" for="option-0">\s*<input type="radio" id="option-0"', html
    )
    assert Answer.objects.count() == 0
