"""The trainer's dashboard: figures per member and for the team, the most-missed
questions with their sections, CSV export, and a fixed number of queries."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from studysite.chapters.loader import get_library
from studysite.progress.models import ChapterRead
from studysite.quiz.bank import get_bank
from studysite.quiz.models import ChapterRound, Exam
from studysite.teams.models import Assignment, Membership
from studysite.teams.selectors import Cell, dashboard


@pytest.fixture
def activity(member, member2, give):
    """alice: read s3-basics, 2 of 3 right in domain 3, 1 wrong in domain 1, an exam.
    bob: 1 wrong in domain 3."""
    ChapterRead.objects.create(user=member, chapter="s3-basics")
    give(member, "s3-one", correct=True)
    give(member, "s3-one", correct=True)
    give(member, "s3-one", correct=False)
    give(member, "s3-two", correct=False)
    give(member2, "s3-one", correct=False)
    now = timezone.now()
    Exam.objects.create(
        user=member,
        deadline=now,
        finished=now,
        finish_reason="submitted",
        question_count=65,
        correct_count=52,
    )


def board(team):
    return dashboard(team=team, library=get_library(), bank=get_bank())


class TestDashboard:
    def test_figures_per_member_and_for_the_team(self, team, activity, member):
        b = board(team)
        alice, bob = b.members
        assert (alice.name, alice.chapters_read, alice.answered, alice.right) == (
            "alice",
            1,
            4,
            2,
        )
        assert alice.domains[3] == Cell(3, 2)
        assert alice.domains[1] == Cell(1, 0)
        assert alice.last_exam[1] == 80
        assert bob.domains == {3: Cell(1, 0)}
        assert (b.total.answered, b.total.right, b.total.chapters_read) == (5, 2, 1)
        assert b.total.domains[3] == Cell(4, 2)

    def test_accuracy_per_chapter_for_the_team(self, team, activity):
        assert board(team).chapters == [("S3 basics", "/notes/s3-basics/", Cell(5, 2))]

    def test_mock_exams_over_time(self, client, trainer, team, activity, member):
        earlier = timezone.now() - timedelta(days=3)
        Exam.objects.create(
            user=member,
            started=earlier,
            deadline=earlier,
            finished=earlier,
            question_count=65,
            correct_count=40,
        )
        assert [score for _when, score in board(team).members[0].exams] == [62, 80]
        client.force_login(trainer)
        page = client.get(reverse("teams:team", args=[team.pk])).content.decode()
        assert "62 %</span> → <span" in page

    def test_heatmap_steps(self):
        assert Cell().step == "none"
        assert Cell(10, 4).step == "0"
        assert Cell(10, 5).step == "1"
        assert Cell(10, 7).step == "2"
        assert Cell(10, 8).step == "3"
        assert Cell(10, 9).step == "4"

    def test_most_missed_links_to_the_section(self, team, activity):
        missed = board(team).missed
        assert [(m.question_id, m.wrong, m.total) for m in missed] == [
            ("s3-one", 2, 4),
            ("s3-two", 1, 1),
        ]
        assert missed[0].url == "/notes/s3-basics/#endpoints"
        assert missed[0].section == "Endpoints"
        assert "IPv6" in missed[0].snippet

    def test_ignores_people_outside_the_team(self, team, activity, outsider, give):
        give(outsider, "s3-one", correct=False)
        assert board(team).total.answered == 5

    def test_page_shows_heatmap_table_and_links(self, client, trainer, team, activity):
        client.force_login(trainer)
        page = client.get(reverse("teams:team", args=[team.pk])).content.decode()
        assert 'class="heat heat-2"' in page  # alice, domain 3: 67 %
        assert "67 %" in page
        assert 'href="/notes/s3-basics/#endpoints"' in page
        assert reverse("teams:csv", args=[team.pk]) in page
        assert "bob" in page

    def test_constant_queries_whatever_the_team_size(
        self, client, trainer, team, activity, django_user_model, give
    ):
        Assignment.objects.create(
            team=team, kind="chapter-quiz", chapter="s3-basics", due="2030-1-1"
        )
        Assignment.objects.create(team=team, kind="exam", due="2030-1-1")
        client.force_login(trainer)
        url = reverse("teams:team", args=[team.pk])
        client.get(url)  # warm caches (library, bank, session)
        with CaptureQueriesContext(connection) as small:
            assert client.get(url).status_code == 200
        for n in range(8):
            user = django_user_model.objects.create_user(f"extra{n}", password="x-long-pw-1")
            Membership.objects.create(team=team, user=user)
            give(user, "s3-two", correct=n % 2 == 0)
            ChapterRead.objects.create(user=user, chapter="s3-basics")
        with CaptureQueriesContext(connection) as big:
            assert client.get(url).status_code == 200
        assert len(big) == len(small)
        assert len(small) <= 12


class TestAssignments:
    def test_completion_per_kind(self, client, trainer, team, member, member2, give):
        read = Assignment.objects.create(
            team=team, kind="chapter", chapter="s3-basics", due="2030-1-1"
        )
        quiz = Assignment.objects.create(
            team=team, kind="chapter-quiz", chapter="s3-basics", due="2030-1-1"
        )
        exam = Assignment.objects.create(team=team, kind="exam", due="2030-1-1")
        ChapterRead.objects.create(user=member, chapter="s3-basics")
        later = timezone.now() + timedelta(minutes=1)
        ChapterRound.objects.create(
            user=member,
            chapter="s3-basics",
            question_ids=["s3-one", "s3-two"],
            answered_ids=["s3-two", "s3-one"],
            created=later,
        )
        ChapterRound.objects.create(  # half done: does not count
            user=member2,
            chapter="s3-basics",
            question_ids=["s3-one", "s3-two"],
            answered_ids=["s3-one"],
            created=later,
        )
        Exam.objects.create(  # finished before the assignment: does not count
            user=member2,
            deadline=later,
            finished=timezone.now() - timedelta(days=1),
            question_count=65,
            correct_count=30,
        )
        b = board(team)
        alice, bob = b.members
        assert alice.done == {read.pk, quiz.pk}
        assert bob.done == set()
        assert [(s.title, s.done, s.of) for s in b.assignments] == [
            ("Read: S3 basics", 1, 2),
            ("Chapter quiz: S3 basics", 1, 2),
            ("Take a mock exam", 0, 2),
        ]
        assert exam.pk not in alice.done

    def test_trainer_assigns_and_removes(self, client, trainer, team, synced):
        client.force_login(trainer)
        url = reverse("teams:assign", args=[team.pk])
        client.post(url, {"kind": "chapter", "chapter": "s3-basics", "due": "2030-02-01"})
        client.post(url, {"kind": "exam", "chapter": "s3-basics", "due": "2030-02-02"})
        client.post(url, {"kind": "chapter", "chapter": "no-such", "due": "2030-02-02"})
        client.post(url, {"kind": "chapter", "chapter": "s3-basics", "due": "soon"})
        rows = list(Assignment.objects.values_list("kind", "chapter"))
        assert rows == [("chapter", "s3-basics"), ("exam", "")]
        client.post(reverse("teams:unassign", args=[team.pk, Assignment.objects.last().pk]))
        assert Assignment.objects.count() == 1

    def test_member_sees_assignments_and_own_status(self, client, team, member, synced):
        Assignment.objects.create(team=team, kind="chapter", chapter="s3-basics", due="2030-1-1")
        ChapterRead.objects.create(user=member, chapter="s3-basics")
        client.force_login(member)
        page = client.get(reverse("teams:team", args=[team.pk])).content.decode()
        assert "Read: S3 basics" in page
        assert '<span class="tag">Done</span>' in page


class TestCsv:
    def test_exports_members_and_team(self, client, trainer, team, activity):
        client.force_login(trainer)
        response = client.get(reverse("teams:csv", args=[team.pk]))
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows[0][:5] == ["member", "chapters_read", "answered", "right", "accuracy_percent"]
        assert rows[1][:5] == ["alice", "1", "4", "2", "50"]
        assert rows[1][5:9] == ["0", "", "67", ""]  # domains 1-4
        assert rows[1][9] == "80"
        assert rows[-1][:4] == ["Team", "1", "5", "2"]

    def test_quotes_formula_like_names(self, client, trainer, team, django_user_model):
        user = django_user_model.objects.create_user("=cmd", password="x-long-password-1")
        Membership.objects.create(team=team, user=user)
        client.force_login(trainer)
        body = client.get(reverse("teams:csv", args=[team.pk])).content.decode()
        assert "'=cmd" in body
