"""Home lists a member's assignments; the header links Teams for trainers and members."""

from __future__ import annotations

from datetime import timedelta

from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from studysite.progress.models import ChapterRead
from studysite.teams.models import Assignment
from studysite.teams.templatetags.teams import in_a_team


def test_home_lists_a_members_assignments_with_status(client, team, member, synced):
    today = timezone.localdate()
    Assignment.objects.create(
        team=team, kind="chapter", chapter="s3-basics", due=today + timedelta(days=3)
    )
    Assignment.objects.create(team=team, kind="exam", due=today - timedelta(days=1))
    Assignment.objects.create(team=team, kind="exam", due=today - timedelta(days=30))  # old
    ChapterRead.objects.create(user=member, chapter="s3-basics")
    client.force_login(member)
    page = client.get(reverse("home")).content.decode()
    assert "Your assignments" in page
    assert 'href="/notes/s3-basics/">Read: S3 basics</a>' in page
    assert page.count("Take a mock exam</a> <span") == 1
    assert "(overdue)" in page
    assert '<span class="tag">Done</span>' in page


def test_home_has_no_assignments_for_others(client, outsider, team, synced):
    Assignment.objects.create(team=team, kind="exam", due=timezone.localdate())
    client.force_login(outsider)
    assert "Your assignments" not in client.get(reverse("home")).content.decode()
    client.logout()
    assert "Your assignments" not in client.get(reverse("home")).content.decode()


def _shows(user) -> bool:
    request = RequestFactory().get("/")
    request.user = user
    return in_a_team({"request": request})


class TestHeaderLink:
    def test_for_trainers_and_members(self, trainer, member, outsider):
        assert _shows(trainer)
        assert _shows(member)
        assert not _shows(outsider)

    def test_one_query_and_none_for_anonymous(
        self, member, django_assert_num_queries, django_user_model
    ):
        from django.contrib.auth.models import AnonymousUser

        with django_assert_num_queries(1):
            assert _shows(member)
        with django_assert_num_queries(0):
            assert not _shows(AnonymousUser())

    def test_page_header(self, client, member):
        client.force_login(member)
        page = client.get(reverse("teams:index")).content.decode()
        assert 'href="/teams/" aria-current="page">Teams</a>' in page
