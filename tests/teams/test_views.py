"""Trainer role, creating a team, joining by code or invite link, leaving."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from studysite.teams.models import Membership, Team
from studysite.teams.services import is_trainer, normalise_code


class TestGrantTrainer:
    def test_gives_the_trainer_role(self, django_user_model):
        user = django_user_model.objects.create_user("tina", password="x-long-password-1")
        assert not is_trainer(user)
        call_command("grant_trainer", "tina")
        assert is_trainer(django_user_model.objects.get(pk=user.pk))

    def test_rejects_an_unknown_user(self, db):
        with pytest.raises(CommandError, match="No user"):
            call_command("grant_trainer", "nobody")


class TestCreateTeam:
    def test_trainer_creates_a_team_and_lands_on_its_dashboard(self, client, trainer):
        client.force_login(trainer)
        response = client.post(reverse("teams:new"), {"name": "  Night shift "})
        team = Team.objects.get()
        assert team.name == "Night shift"
        assert team.trainer == trainer
        assert len(team.join_code) == 8
        assert response["Location"] == reverse("teams:team", args=[team.pk])
        page = client.get(response["Location"])
        assert team.join_code in page.content.decode()
        assert reverse("teams:invite", args=[team.join_code]) in page.content.decode()

    def test_rejects_an_empty_name(self, client, trainer):
        client.force_login(trainer)
        response = client.post(reverse("teams:new"), {"name": "  "})
        assert response.status_code == 400
        assert b"Give the team a name" in response.content
        assert not Team.objects.exists()

    @pytest.mark.parametrize("name", ["Ops\x00team", "Ops\tteam", "\x1b[31mOps"])
    def test_rejects_control_characters_in_a_name(self, client, trainer, name):
        client.force_login(trainer)
        response = client.post(reverse("teams:new"), {"name": name})
        assert response.status_code == 400
        assert b"cannot contain control characters" in response.content
        assert not Team.objects.exists()

    def test_index_offers_the_form_to_trainers_only(self, client, trainer, outsider):
        client.force_login(trainer)
        assert b"Create a team" in client.get(reverse("teams:index")).content
        client.force_login(outsider)
        assert b"Create a team" not in client.get(reverse("teams:index")).content


class TestJoin:
    def test_joins_by_code_typed_loosely(self, client, outsider, team):
        client.force_login(outsider)
        response = client.post(reverse("teams:join"), {"code": "abcd 2345"})
        assert response["Location"] == reverse("teams:team", args=[team.pk])
        assert Membership.objects.filter(team=team, user=outsider).count() == 1

    def test_joining_twice_is_one_membership(self, client, outsider, team):
        client.force_login(outsider)
        client.post(reverse("teams:join"), {"code": "ABCD2345"})
        client.post(reverse("teams:invite", args=["ABCD2345"]))
        assert Membership.objects.filter(team=team, user=outsider).count() == 1

    def test_wrong_code_says_so_and_joins_nothing(self, client, outsider, team):
        client.force_login(outsider)
        response = client.post(reverse("teams:join"), {"code": "WRONG234"})
        assert response.status_code == 400
        assert b"No team has that join code" in response.content
        assert not Membership.objects.exists()

    @pytest.mark.parametrize("code", ["ABCD\x002345", "ÄBCD2345", "A" * 500, "ABCD-2345;--"])
    def test_a_malformed_code_is_refused_with_a_message(self, client, outsider, team, code):
        client.force_login(outsider)
        response = client.post(reverse("teams:join"), {"code": code})
        assert response.status_code == 400
        assert b"only letters and digits" in response.content
        assert not Membership.objects.exists()

    def test_invite_link_names_the_team_and_joins_on_post(self, client, outsider, team):
        client.force_login(outsider)
        page = client.get(reverse("teams:invite", args=["abcd2345"]))
        assert b"Join Blue team" in page.content
        assert not Membership.objects.exists()
        client.post(reverse("teams:invite", args=["abcd2345"]))
        assert Membership.objects.filter(team=team, user=outsider).exists()

    def test_invite_link_asks_anonymous_visitors_to_log_in_first(self, client, team):
        response = client.get(reverse("teams:invite", args=["ABCD2345"]))
        assert response.status_code == 302
        assert "next=/teams/join/ABCD2345/" in response["Location"]

    def test_trainer_joining_own_team_adds_no_membership(self, client, trainer, team):
        client.force_login(trainer)
        client.post(reverse("teams:join"), {"code": team.join_code})
        assert not Membership.objects.exists()

    def test_normalises_codes(self):
        assert normalise_code(" ab-cd 23\t45 ") == "ABCD2345"


def test_member_leaves(client, member, team):
    client.force_login(member)
    response = client.post(reverse("teams:leave", args=[team.pk]))
    assert response["Location"] == reverse("teams:index")
    assert not Membership.objects.filter(user=member).exists()
    assert client.get(reverse("teams:team", args=[team.pk])).status_code == 404


def test_deleting_accounts_removes_memberships_and_trained_teams(team, member, trainer):
    member.delete()
    assert not Membership.objects.exists()
    trainer.delete()
    assert not Team.objects.exists()
