"""The audit's world: one owner with a row of every kind, and the others who must not see it.

The owner is either a signed-in account ("alice") or an anonymous visitor (a browser
session's token): ``world`` is parametrized over both, so every ownership check runs for
each. "bob" is another account and "stranger" another anonymous browser.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.test import Client
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from studysite.progress.models import ChapterRead, Mode
from studysite.progress.sources import answering
from studysite.quiz import exam_service
from studysite.quiz.cards import question_ref
from studysite.quiz.flags import flag_set
from studysite.quiz.models import Answer, Exam, Practice, Question
from studysite.quiz.ownership import OWNED_MODELS, SESSION_FIELD
from tests.quiz.banks import make_bank
from tests.quiz.conftest import file_order_options, quiz_notes  # noqa: F401 - fixtures

PASSWORD = "audit-passphrase-4417"
ALICE = "alice-owner-q7"
BOB = "bob-other-k2"
TOKEN = "a1" * 16  # the anonymous owner's token (32 hex characters, as the site makes)


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    kind: str  # "account" or "visitor": who owns the rows
    owner: dict[str, object]  # the owner fields of its rows
    visitor: Q
    alice: object
    bob: object
    alice_uid: str
    practice: Practice
    open_exam: Exam
    finished_exam: Exam
    day: str
    flagged_ref: str
    fingerprints: tuple[str, ...] = field(default=())
    team: object = None  # the account's team (trainer), when the teams app is installed
    assignment: object = None
    live: object = None  # the account's live session (trainer)

    def owner_client(self) -> Client:
        client = Client()
        if self.kind == "account":
            client.force_login(self.alice)
        else:
            session = client.session
            session[SESSION_FIELD] = TOKEN
            session.save()
        return client

    def others(self) -> dict[str, Client]:
        """Everyone who must not see or change the owner's rows."""
        bob = Client()
        bob.force_login(self.bob)
        stranger = Client()
        others = {"bob": bob, "stranger": stranger}
        if self.kind == "visitor":
            # The account the visitor has not signed up to yet is a stranger too.
            alice = Client()
            alice.force_login(self.alice)
            others["alice"] = alice
        return others

    def snapshot(self) -> dict[str, list[tuple]]:
        """Every row the owner has, with every field: equal before and after = untouched."""
        rows = {}
        for label in OWNED_MODELS:
            model = apps.get_model(label)
            # An exam's revision is its lock counter (bumped by every save, refused or
            # not), not data.
            names = [f.attname for f in model._meta.concrete_fields if f.name != "revision"]
            rows[label] = sorted(map(repr, model.objects.filter(self.visitor).values_list(*names)))
        if self.team is not None:
            labels = ("teams.Team", "teams.Membership", "teams.Assignment", "teams.LiveSession")
            for label in (*labels, "teams.Participant", "teams.LiveAnswer"):
                model = apps.get_model(label)
                rows[label] = sorted(map(repr, model.objects.values_list()))
        return rows


def build_world(kind: str) -> World:
    users = get_user_model().objects
    alice = users.create_user(ALICE, email="alice-audit@example.com", password=PASSWORD)
    bob = users.create_user(BOB, email="bob-audit@example.com", password=PASSWORD)
    if kind == "account":
        owner: dict[str, object] = {"user": alice, "session_key": ""}
        visitor = Q(user=alice)
    else:
        owner = {"user": None, "session_key": TOKEN}
        visitor = Q(user__isnull=True, session_key=TOKEN)
    questions = {q.pk: q for q in Question.objects.select_related("current")}

    def answer(qid: str, correct: bool, **extra) -> Answer:
        q = questions[qid]
        return Answer.objects.create(
            **owner,
            question=q,
            question_version=q.current,
            chosen=[0] if correct else [3],
            correct=correct,
            **extra,
        )

    answer("d1-q000", False, confidence="sure")  # a chapter-quiz miss: a review card
    with answering(Mode.REVIEW):
        answer("d3-q000", False, confidence="unsure")
    flag_set(owner=owner, question_id="d2-q000")
    practice = Practice.objects.create(
        **owner, question_ids=["d1-q001", "d2-q001"], criteria={"count": 2}
    )
    finished = exam_service.start(owner, visitor)
    exam_service.submit(visitor, finished.pk)
    open_exam = exam_service.start(owner, visitor)
    ChapterRead.objects.create(**owner, chapter="s3-basics")
    fingerprints = (
        f"/quiz/practice/{practice.pk}/",
        f"/quiz/exam/{open_exam.pk}/",
        f"/quiz/exam/{finished.pk}/",
    )
    team = assignment = live = None
    if kind == "account":
        fingerprints += (ALICE, "alice-audit@example.com")
        if apps.is_installed("studysite.teams"):
            team = apps.get_model("teams", "Team").objects.create(
                name="Audit team q7x", trainer=alice, join_code="AUDITQ7X"
            )
            # A question set: the one kind every assignment URL (its own page too) takes.
            assignment = apps.get_model("teams", "Assignment").objects.create(
                team=team,
                kind="custom-set",
                question_ids=["d2-q000"],
                set_label="1 question from Domain 2",
                due=timezone.now().date(),
            )
            fingerprints += ("Audit team q7x", "AUDITQ7X", f"/teams/{team.pk}/")
            from studysite.teams.live.services import session_create

            live = session_create(
                trainer=alice,
                title="Audit live q7x",
                question_ids=["d2-q000"],
                allow_guests=True,
                show_leaderboard=True,
                seconds_per_question=30,
            )
            fingerprints += ("Audit live q7x", live.code, f"/live/sessions/{live.pk}/")
            # An answer of the account's in that session: its live attempt page.
            with answering(Mode.LIVE, ref=live.pk):
                answer("d4-q000", True)
    return World(
        kind=kind,
        owner=owner,
        visitor=visitor,
        alice=alice,
        bob=bob,
        alice_uid=urlsafe_base64_encode(force_bytes(alice.pk)),
        practice=practice,
        open_exam=open_exam,
        finished_exam=finished,
        day=timezone.now().date().isoformat(),
        flagged_ref=question_ref("d2-q000"),
        fingerprints=fingerprints,
        team=team,
        assignment=assignment,
        live=live,
    )


@pytest.fixture
def bank(quiz_notes, db):  # noqa: F811 - the imported fixture
    """The chapter s3-basics with 16 questions, 4 per domain."""
    return make_bank({1: 4, 2: 4, 3: 4, 4: 4})


@pytest.fixture(params=["account", "visitor"])
def world(request, bank) -> World:
    return build_world(request.param)


@pytest.fixture
def account_world(bank) -> World:
    return build_world("account")
