"""Options in their own order per learner and attempt; pages carry no question id.

An outside review found 11 of 14 choose-two keys at A and B in file order, and ids in the
pages that name the answer. These tests run with the real shuffle (marker ``shuffled``).
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from studysite.quiz.cards import (
    option_order,
    question_by_ref,
    question_ref,
    question_view,
    shuffle_key,
)
from studysite.quiz.models import Answer, Question
from studysite.quiz.models_exam import Exam
from tests.quiz.banks import make_bank

pytestmark = [pytest.mark.django_db, pytest.mark.shuffled]
CHAPTER_URL = "/quiz/chapter/s3-basics/"


def page(response) -> str:
    return response.content.decode()


def shown_form(html: str) -> tuple[str, str, list[str]]:
    """(question ref, shuffle key, option texts in the order shown) of a question form."""
    ref = re.search(r'name="question" value="([^"]*)"', html).group(1)
    shuffle = re.search(r'name="shuffle" value="([^"]*)"', html).group(1)
    texts = re.findall(r'<span class="quiz-option-label">(.*?)</span>\s*</label>', html, re.S)
    return ref, shuffle, texts


class TestOrder:
    def test_the_same_key_gives_the_same_order_and_keys_differ(self):
        assert option_order("0123456789abcdef", "q", 5) == option_order("0123456789abcdef", "q", 5)
        orders = {option_order(shuffle_key("t", n), "q", 5) for n in range(200)}
        assert len(orders) > 50  # 120 orders exist; 200 keys reach most of them
        assert all(sorted(o) == [0, 1, 2, 3, 4] for o in orders)

    def test_no_key_keeps_file_order(self):
        assert option_order("", "q", 6) == (0, 1, 2, 3, 4, 5)

    def test_a_file_key_at_a_and_b_is_spread_over_every_position(self):
        # Where do file options 0 and 1 (a choose-two key) land over many attempts?
        positions = Counter()
        for n in range(600):
            order = option_order(shuffle_key("exam", n), "s3-two", 5)
            positions.update(order.index(i) for i in (0, 1))
        assert set(positions) == {0, 1, 2, 3, 4}
        assert max(positions.values()) < 2 * min(positions.values())


class TestReferences:
    def test_a_reference_is_opaque_stable_and_resolves(self, synced):
        ref = question_ref("s3-one")
        assert re.fullmatch(r"[0-9a-f]{20}", ref) and "s3" not in ref
        assert ref == question_ref("s3-one") != question_ref("s3-two")
        assert question_by_ref(ref) == Question.objects.get(pk="s3-one")

    @pytest.mark.parametrize("raw", ["", "0" * 20, "f" * 21, "ÄÖ" * 10, "\x00" * 20, 7, None])
    def test_unknown_or_malformed_references_resolve_to_nothing(self, synced, raw):
        assert question_by_ref(raw) is None


class TestChapterQuiz:
    def test_the_page_names_no_question_id(self, client, synced):
        html = page(client.get(CHAPTER_URL))
        assert "s3-one" not in html and "s3-two" not in html
        ref, shuffle, _ = shown_form(html)
        assert question_by_ref(ref).pk in {"s3-one", "s3-two"}
        assert re.fullmatch(r"[0-9a-f]{16}", shuffle)

    def test_a_reload_shows_the_same_order(self, client, synced):
        first = shown_form(page(client.get(CHAPTER_URL)))
        assert shown_form(page(client.get(CHAPTER_URL))) == first

    def test_the_shown_position_of_the_key_is_recorded_as_the_right_answer(self, client, synced):
        ref, shuffle, texts = shown_form(page(client.get(CHAPTER_URL)))
        question = question_by_ref(ref)
        content = question.current.content
        keys = [o["text"] for o in content["options"] if o["correct"]]
        # Post the positions where the page shows the key (the real shuffled path).
        positions = [str(i) for i, t in enumerate(texts) if any(k in t for k in keys)]
        data = {"question": ref, "shuffle": shuffle, "version": "1", "option": positions}
        response = client.post(CHAPTER_URL, data)
        assert response.status_code == 200 and "verdict-ok" in page(response)
        answer = Answer.objects.get()
        assert answer.correct is True
        assert answer.chosen == [i for i, o in enumerate(content["options"]) if o["correct"]]
        assert answer.order == list(option_order(shuffle, question.pk, len(texts)))
        # The feedback lists the options in the order the question was shown.
        feedback = re.findall(r'class="quiz-option-text">(.*?)</p>', page(response))
        assert [re.sub(r"<[^>]+>", "", f) for f in feedback] == [
            re.sub(r"<[^>]+>", "", t) for t in texts
        ]

    def test_a_malformed_shuffle_is_refused_and_nothing_is_stored(self, client, synced):
        ref, _, _ = shown_form(page(client.get(CHAPTER_URL)))
        data = {"question": ref, "shuffle": "not-hex!", "version": "1", "option": ["0"]}
        response = client.post(CHAPTER_URL, data)
        assert response.status_code == 400 and "could not be read" in page(response)
        assert not Answer.objects.exists()


class TestExam:
    @pytest.fixture
    def bank(self, quiz_notes, db):
        return make_bank({1: 20, 2: 17, 3: 16, 4: 13})

    def test_an_exam_keeps_one_order_per_question_and_maps_positions_back(self, client, bank):
        client.post("/quiz/exam/")
        exam = Exam.objects.get()
        url = f"/quiz/exam/{exam.pk}/q/1/"
        html = page(client.get(url))
        # (this synthetic bank writes the id into the stem; no attribute may carry it)
        assert f'"{exam.items.get(position=1).question_id}"' not in html
        ref, shuffle, texts = shown_form(html)
        assert shuffle_key("exam", exam.pk) == shuffle
        assert shown_form(page(client.get(url))) == (ref, shuffle, texts)  # reload: same
        item = exam.items.get(position=1)
        order = option_order(shuffle, item.question_id, len(texts))
        response = client.post(
            url, {"question": ref, "shuffle": shuffle, "option": ["3"], "go": "next"}
        )
        assert response.status_code == 302
        item.refresh_from_db()
        assert item.chosen == [order[3]]  # display position 3 is file option order[3]
        html = page(client.get(url))
        assert re.search(r'id="option-3" name="option" value="3" checked', html)

    def test_a_shuffle_from_another_exam_is_refused(self, client, bank):
        client.post("/quiz/exam/")
        exam = Exam.objects.get()
        url = f"/quiz/exam/{exam.pk}/q/1/"
        ref, _, _ = shown_form(page(client.get(url)))
        other = shuffle_key("exam", exam.pk + 1)
        response = client.post(url, {"question": ref, "shuffle": other, "option": ["0"]})
        assert response.status_code == 400
        assert exam.items.get(position=1).chosen is None


def test_an_answer_is_reviewed_in_the_order_it_was_shown(synced):
    question = Question.objects.select_related("current").get(pk="s3-two")
    order = [4, 2, 0, 3, 1]
    view = question_view("s3-two", question.current, [0, 1], order=order)
    texts = [o["text"] for o in view["options"]]
    file_texts = [o["text"] for o in question.current.content["options"]]
    assert [file_texts.index(t) for t in texts] == order
    assert [o["chosen"] for o in view["options"]] == [False, False, True, False, True]
    assert [o["index"] for o in view["options"]] == [0, 1, 2, 3, 4]
