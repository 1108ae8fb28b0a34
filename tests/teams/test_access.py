"""Nobody outside a team sees anything of it: every team URL is a 404 for strangers
(signed in or not), and trainer-only URLs are a 404 for members too. The URL list is
read from the URLconf, so a new pattern fails here until it is classified."""

from __future__ import annotations

import pytest
from django.urls import reverse

from studysite.teams import urls as team_urls
from studysite.teams.models import Assignment, Membership, Team

# name -> who may use it: "member" (members and the trainer), "trainer", "member-only"
# (members, not the trainer), "account" (any signed-in user), "code" (who holds the code).
ACCESS = {
    "index": "account",
    "new": "account",
    "join": "account",
    "invite": "code",
    "team": "member",
    "leave": "member-only",
    "csv": "trainer",
    "assign": "trainer",
    "unassign": "trainer",
    "set": "member",
}
TEAM_SCOPED = [name for name, who in ACCESS.items() if who in ("member", "trainer", "member-only")]


def test_every_url_pattern_is_classified():
    assert {p.name for p in team_urls.urlpatterns} == set(ACCESS)


def team_url(name: str, team: Team, assignment: Assignment) -> str:
    pattern = next(p for p in team_urls.urlpatterns if p.name == name)
    kwargs = {"team_id": team.pk}
    if "assignment_id" in pattern.pattern.converters:
        kwargs["assignment_id"] = assignment.pk
    return reverse(f"teams:{name}", kwargs=kwargs)


@pytest.fixture
def assignment(team):
    # A question set: the one kind every team-scoped URL (its own page included) accepts.
    return Assignment.objects.create(
        team=team, kind="custom-set", question_ids=["s3-one"], set_label="1", due="2030-01-01"
    )


@pytest.mark.parametrize("name", TEAM_SCOPED)
@pytest.mark.parametrize("method", ["get", "post"])
class TestStrangers:
    def test_signed_in_outsider_gets_404(self, client, outsider, team, assignment, name, method):
        client.force_login(outsider)
        response = getattr(client, method)(team_url(name, team, assignment))
        assert response.status_code == 404
        assert b"Blue team" not in response.content

    def test_anonymous_visitor_gets_404(self, client, team, assignment, name, method):
        response = getattr(client, method)(team_url(name, team, assignment))
        assert response.status_code == 404

    def test_member_of_another_team_gets_404(
        self, client, trainer, team, assignment, name, method, django_user_model
    ):
        other_team = Team.objects.create(name="Red", trainer=trainer, join_code="ZZZZ2345")
        stranger = django_user_model.objects.create_user("eve", password="x-long-password-1")
        Membership.objects.create(team=other_team, user=stranger)
        client.force_login(stranger)
        response = getattr(client, method)(team_url(name, team, assignment))
        assert response.status_code == 404

    def test_nothing_changes(self, client, outsider, team, assignment, name, method):
        client.force_login(outsider)
        getattr(client, method)(team_url(name, team, assignment))
        assert Assignment.objects.filter(pk=assignment.pk).exists()
        assert not Membership.objects.filter(user=outsider).exists()


@pytest.mark.parametrize("name", [n for n, who in ACCESS.items() if who == "trainer"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_members_get_404_on_trainer_urls(client, member, team, assignment, name, method):
    client.force_login(member)
    response = getattr(client, method)(team_url(name, team, assignment))
    assert response.status_code == 404
    assert Assignment.objects.filter(pk=assignment.pk).exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_trainer_cannot_leave_own_team(client, trainer, team, assignment, method):
    client.force_login(trainer)
    response = getattr(client, method)(team_url("leave", team, assignment))
    assert response.status_code in (404, 405)
    assert Team.objects.filter(pk=team.pk).exists()


@pytest.mark.parametrize("name", [n for n, who in ACCESS.items() if who == "account"])
def test_account_urls_ask_anonymous_visitors_to_log_in(client, name):
    response = client.get(reverse(f"teams:{name}"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_unknown_invite_code_is_404(client, outsider, team):
    client.force_login(outsider)
    assert client.get(reverse("teams:invite", args=["NOPE2345"])).status_code == 404
    assert client.post(reverse("teams:invite", args=["NOPE2345"])).status_code == 404


def test_index_lists_only_ones_own_teams(client, outsider, team):
    client.force_login(outsider)
    response = client.get(reverse("teams:index"))
    assert response.status_code == 200
    assert b"Blue team" not in response.content


def test_member_page_shows_no_other_members_figures(client, member, member2, team, give):
    give(member2, "s3-one", correct=False)
    client.force_login(member)
    response = client.get(reverse("teams:team", args=[team.pk]))
    assert response.status_code == 200
    assert b"bob" not in response.content
    assert b"Export" not in response.content


def test_non_trainer_cannot_create_a_team(client, outsider):
    client.force_login(outsider)
    response = client.post(reverse("teams:new"), {"name": "Mine"})
    assert response.status_code == 404
    assert not Team.objects.exists()
