"""Teams tests: the quiz tests' notes (chapter ``s3-basics``, questions ``s3-one`` in
domain 3 and ``s3-two`` in domain 1), a trainer with a team, members and an outsider."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from studysite.teams.models import Membership, Team
from studysite.teams.services import trainer_grant
from tests.progress.conftest import give, make_user  # noqa: F401 - fixtures reused here
from tests.quiz.conftest import (  # noqa: F401 - fixtures reused here
    file_order_options,
    quiz_notes,
    synced,
)


def _user(name: str):
    return get_user_model().objects.create_user(name, password="x-long-password-1")


@pytest.fixture
def trainer(db):
    user = _user("coach")
    trainer_grant(user=user)
    return get_user_model().objects.get(pk=user.pk)  # fresh: no cached permissions


@pytest.fixture
def team(trainer) -> Team:
    return Team.objects.create(name="Blue team", trainer=trainer, join_code="ABCD2345")


@pytest.fixture
def member(team):
    user = _user("alice")
    Membership.objects.create(team=team, user=user)
    return user


@pytest.fixture
def member2(team):
    user = _user("bob")
    Membership.objects.create(team=team, user=user)
    return user


@pytest.fixture
def outsider(db):
    return _user("mallory")
