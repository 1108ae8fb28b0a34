"""{% due_reviews %}: "N questions due for review", one query at most, nothing when none."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from studysite.progress.models import ReviewCard

pytestmark = pytest.mark.django_db
TAG = Template("{% load progress %}[{% due_reviews %}]")
TWICE = Template("{% load progress %}[{% due_reviews %}][{% due_reviews %}]")


def request_for(owner):
    request = RequestFactory().get("/")
    if isinstance(owner, str):
        request.user, request.session = AnonymousUser(), {"quiz_owner": owner}
    else:
        request.user, request.session = owner, {}
    return request


def render(template: Template, request) -> str:
    return template.render(Context({"request": request})).strip()


def test_counts_due_questions_with_a_link(give, make_user, django_assert_num_queries):
    user = make_user()
    give(user, "s3-one", correct=False, confidence="sure")  # urgent: due now
    give(user, "s3-two", correct=False, created=timezone.now() - timedelta(days=1))
    with django_assert_num_queries(1):
        html = render(TAG, request_for(user))
    assert html == '[<a class="due-reviews" href="/review/">2 questions due for review</a>]'


def test_one_due_question_is_singular(give, make_user):
    user = make_user()
    give(user, correct=False, confidence="sure")
    assert "1 question due for review" in render(TAG, request_for(user))


def test_twice_on_a_page_is_still_one_query(give, make_user, django_assert_num_queries):
    user = make_user()
    give(user, correct=False, confidence="sure")
    with django_assert_num_queries(1):
        html = render(TWICE, request_for(user))
    assert html.count("1 question due for review") == 2


def test_nothing_for_nothing_due(give, make_user, django_assert_num_queries):
    user = make_user()
    give(user, correct=False)  # due in a minute, not now
    with django_assert_num_queries(1):
        assert render(TAG, request_for(user)) == "[]"


def test_no_query_for_a_visitor_who_never_answered(synced, django_assert_num_queries):
    request = RequestFactory().get("/")
    request.user, request.session = AnonymousUser(), {}
    with django_assert_num_queries(0):
        assert render(TAG, request) == "[]"
    with django_assert_num_queries(0):
        assert TAG.render(Context({})).strip() == "[]"  # no request at all


def test_owners_are_counted_apart(give, make_user, django_assert_num_queries):
    alice, bob = make_user("alice"), make_user("bob")
    token = "f" * 32
    give(alice, "s3-one", correct=False, confidence="sure")
    give(token, "s3-one", correct=False, confidence="sure")
    give(token, "s3-two", correct=False, confidence="sure")
    assert "1 question due" in render(TAG, request_for(alice))
    assert render(TAG, request_for(bob)) == "[]"
    with django_assert_num_queries(1):
        assert "2 questions due" in render(TAG, request_for(token))
    assert render(TAG, request_for("0" * 32)) == "[]"
    assert ReviewCard.objects.count() == 3
