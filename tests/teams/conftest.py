"""Teams tests: the quiz tests' notes (chapter ``s3-basics``, questions ``s3-one`` in
domain 3 and ``s3-two`` in domain 1), a trainer with a team, members and an outsider; on
request (``three``) a third question, ``s3-three``."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from studysite.quiz.bank import build_bank
from studysite.quiz.sync import sync_bank
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


THIRD = """
- id: s3-three
  chapter: s3-basics
  section: endpoints
  domain: 4
  task: "4.1"
  type: single
  choose: 1
  stem: Which storage class charges **no** retrieval fee?
  options:
    - text: S3 Standard
      correct: true
      explanation: Standard bills storage and requests, never retrieval.
    - text: S3 Standard-IA
      correct: false
      explanation: It bills every GB retrieved.
    - text: S3 Glacier Flexible Retrieval
      correct: false
      explanation: It bills retrieval per GB and per request.
    - text: S3 Glacier Deep Archive
      correct: false
      explanation: It bills retrieval too, and takes hours.
  references:
    - https://docs.aws.amazon.com/AmazonS3/latest/userguide/storage-class-intro.html
"""


@pytest.fixture
def three(synced):  # noqa: F811 - the imported fixture
    """A third question, s3-three (single choice, A right)."""
    synced("more.yaml", THIRD)
    bank = build_bank()
    assert bank.problems == ()
    sync_bank(bank)
