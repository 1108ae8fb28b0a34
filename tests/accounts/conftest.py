"""Account test helpers; the quiz's `synced` fixture is reused for the adoption test."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from tests.quiz.conftest import quiz_notes, synced  # noqa: F401 - fixtures used here

PASSWORD = "correct-horse-battery-7"


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    """PBKDF2 at Django's real cost makes each log-in ~0.3 s; the flows are the same."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user(
        "learner", email="learner@example.com", password=PASSWORD
    )
