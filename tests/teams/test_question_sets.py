"""Question-set assignments: the trainer draws a set once for the whole team; members
practise exactly those questions; the set counts as done when answered to the end."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from studysite.quiz.models import Answer, Practice
from studysite.teams.models import Assignment
from tests.quiz.banks import make_bank
from tests.quiz.test_practice import answer, shown

DUE = (datetime.date.today() + datetime.timedelta(days=7)).isoformat()


@pytest.fixture
def bank(quiz_notes, db):
    return make_bank({1: 6, 2: 4, 3: 3, 4: 2})


def assign(client, team, **fields):
    data = {"kind": "custom-set", "due": DUE, "chapter": "s3-basics", **fields}
    return client.post(reverse("teams:assign", args=[team.pk]), data, follow=True)


class TestAssigning:
    def test_a_set_from_one_domain_holds_only_its_questions(self, client, trainer, team, bank):
        client.force_login(trainer)
        response = assign(client, team, set_domain=["4"], set_count="5")
        assert "Assigned." in response.content.decode()
        made = Assignment.objects.get()
        assert made.kind == "custom-set" and made.chapter == ""
        assert sorted(made.question_ids) == ["d4-q000", "d4-q001"]  # only 2 exist in domain 4
        assert made.set_label == "2 questions from Domain 4"
        assert "Question set: 2 questions from Domain 4" in response.content.decode()

    def test_count_is_honoured_and_the_draw_has_no_repeats(self, client, trainer, team, bank):
        client.force_login(trainer)
        assign(client, team, set_count="7")
        made = Assignment.objects.get()
        assert len(made.question_ids) == len(set(made.question_ids)) == 7
        assert made.set_label == "7 questions from the whole bank"

    def test_a_chapter_and_a_domain_together(self, client, trainer, team, bank):
        client.force_login(trainer)
        assign(client, team, set_domain=["1", "2"], set_chapter=["s3-basics"], set_count="65")
        made = Assignment.objects.get()
        assert len(made.question_ids) == 15  # every question is in s3-basics
        assert made.set_label == "15 questions from Domain 1, Domain 2, S3 basics"

    @pytest.mark.parametrize(
        ("fields", "message"),
        [
            ({"set_count": "0"}, "1 to 65 questions"),
            ({"set_count": "66"}, "1 to 65 questions"),
            ({"set_count": "ten"}, "a whole number from 1 to 65"),
            ({"set_count": "\uff11"}, "a whole number from 1 to 65"),  # a full-width 1
            ({"set_count": "9" * 5000}, "a whole number from 1 to 65"),
            ({"set_domain": ["5"]}, "Choose domains from the list"),
            ({"set_domain": ["1\x00"]}, "Choose domains from the list"),
            ({"set_chapter": ["no-such-chapter"]}, "Choose the question set&#x27;s chapters"),
            ({"set_chapter": ["<script>"]}, "Choose the question set&#x27;s chapters"),
        ],
    )
    def test_bad_input_is_a_message_and_stores_nothing(
        self, client, trainer, team, bank, fields, message
    ):
        client.force_login(trainer)
        response = assign(client, team, **fields)
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not Assignment.objects.exists()

    def test_an_empty_bank_is_a_message(self, client, trainer, team, quiz_notes, db):
        client.force_login(trainer)
        response = assign(client, team, set_count="5")
        assert "No questions match" in response.content.decode()
        assert not Assignment.objects.exists()


@pytest.fixture
def question_set(team, bank):
    return Assignment.objects.create(
        team=team,
        kind="custom-set",
        question_ids=["d2-q001", "d1-q003", "d3-q000"],
        set_label="3 questions from Domain 1, Domain 2, Domain 3",
        due=DUE,
    )


class TestPractising:
    def test_the_page_names_the_set_and_starts_a_practice_of_exactly_it(
        self, client, member, team, question_set
    ):
        client.force_login(member)
        url = reverse("teams:set", args=[team.pk, question_set.pk])
        page = client.get(url).content.decode()
        assert "Question set: 3 questions from Domain 1, Domain 2, Domain 3" in page
        assert "Start the question set" in page
        response = client.post(url)
        practice = Practice.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("quiz:practice-set", args=[practice.pk])
        assert practice.user == member
        assert practice.question_ids == ["d2-q001", "d1-q003", "d3-q000"]  # the set's order
        assert practice.criteria["assignment"] == question_set.pk

    def test_retired_questions_are_left_out(self, client, member, team, question_set):
        from studysite.quiz.models import Question

        Question.objects.filter(pk="d1-q003").update(active=False)
        client.force_login(member)
        client.post(reverse("teams:set", args=[team.pk, question_set.pk]))
        assert Practice.objects.get().question_ids == ["d2-q001", "d3-q000"]

    def test_only_question_sets_have_this_page(self, client, member, team, bank):
        exam = Assignment.objects.create(team=team, kind="exam", due=DUE)
        client.force_login(member)
        assert client.get(reverse("teams:set", args=[team.pk, exam.pk])).status_code == 404
        assert client.post(reverse("teams:set", args=[team.pk, exam.pk])).status_code == 404
        assert not Practice.objects.exists()

    def test_answered_to_the_end_it_counts_as_done(
        self, client, trainer, member, member2, team, question_set
    ):
        client.force_login(member)
        client.post(reverse("teams:set", args=[team.pk, question_set.pk]))
        practice = Practice.objects.get()
        for _ in range(3):
            home = client.get("/").content.decode()
            assert "Question set: 3 questions" in home
            assert '<span class="tag">Done</span>' not in home
            qid = shown(client, practice)
            assert answer(client, practice, qid, 0).status_code == 200
        assert Answer.objects.filter(user=member).count() == 3  # in the learner's history
        home = client.get("/").content.decode()
        assert '<span class="tag">Done</span>' in home
        client.force_login(trainer)
        board = client.get(reverse("teams:team", args=[team.pk])).content.decode()
        assert "<td>1 of 2</td>" in board  # alice did it, bob did not
        assert "<td>1 of 1</td>" in board  # alice's row: her one assignment

    def test_a_half_answered_set_is_not_done(self, client, trainer, member, team, question_set):
        client.force_login(member)
        client.post(reverse("teams:set", args=[team.pk, question_set.pk]))
        practice = Practice.objects.get()
        answer(client, practice, shown(client, practice), 0)
        assert '<span class="tag">Done</span>' not in client.get("/").content.decode()

    def test_another_teams_set_is_404(self, client, outsider, team, question_set):
        client.force_login(outsider)
        url = reverse("teams:set", args=[team.pk, question_set.pk])
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
        assert not Practice.objects.exists()
