"""Team pages in Chromium: axe finds nothing on them in either theme (CSP bypassed only
to inject axe), and a member joins with the keyboard alone (CSP on)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from studysite.progress.models import ChapterRead
from studysite.quiz.bank import build_bank, reset_bank
from studysite.quiz.models import Answer, Question
from studysite.quiz.sync import sync_bank
from studysite.teams.models import Assignment, Membership, Team
from studysite.teams.services import trainer_grant

from .test_accessibility import AXE, RUN_AXE

pytestmark = pytest.mark.browser


@pytest.fixture
def teams(transactional_db, django_user_model):
    reset_bank()
    sync_bank(build_bank())
    trainer = django_user_model.objects.create_user("coach", password="x-long-password-1")
    trainer_grant(user=trainer)
    team = Team.objects.create(name="Blue team", trainer=trainer, join_code="ABCD2345")
    people = {"trainer": trainer, "team": team}
    questions = list(Question.objects.select_related("current").filter(active=True)[:12])
    for n, name in enumerate(("alice", "bob")):
        user = django_user_model.objects.create_user(name, password="x-long-password-1")
        Membership.objects.create(team=team, user=user)
        people[name] = user
        for i, q in enumerate(questions):
            Answer.objects.create(
                user=user,
                question=q,
                question_version=q.current,
                chosen=[0],
                correct=(i + n) % 3 != 0,
            )
        ChapterRead.objects.create(user=user, chapter=questions[0].chapter)
    Assignment.objects.create(
        team=team,
        kind="chapter",
        chapter=questions[0].chapter,
        due=timezone.localdate() + timedelta(days=2),
    )
    people["outsider"] = django_user_model.objects.create_user(
        "mallory", password="x-long-password-1"
    )
    yield people
    reset_bank()


def signed_in(new_page, live_server, user, **options):
    client = Client()
    client.force_login(user)
    page = new_page(**options)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return page


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("trainer", "/teams/{team}/"),
        ("trainer", "/teams/"),
        ("alice", "/teams/{team}/"),
        ("alice", "/"),
        ("outsider", "/teams/join/ABCD2345/"),
        ("outsider", "/teams/join/"),
    ],
)
def test_no_axe_violations(new_page, live_server, teams, who, path, scheme):
    page = signed_in(new_page, live_server, teams[who], color_scheme=scheme, bypass_csp=True)
    page.goto(path.format(team=teams["team"].pk))
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(RUN_AXE)
    assert violations == [], json.dumps(violations, indent=1)


def test_member_joins_with_the_keyboard(new_page, live_server, teams):
    page = signed_in(new_page, live_server, teams["outsider"])
    page.goto("/teams/")
    page.get_by_label("Join code").first.focus()
    page.keyboard.type("abcd 2345")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Blue team")
    expect(page.get_by_role("status")).to_contain_text("You joined Blue team")
    expect(page.get_by_role("link", name="Teams")).to_be_visible()
    page.goto("/")
    expect(page.get_by_role("heading", name="Your assignments")).to_be_visible()
