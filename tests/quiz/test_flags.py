"""Flags: one row per owner and question, held by the database (issue 22, finding 4)."""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, connections, transaction
from django.test import Client

from studysite.quiz.cards import question_ref
from studysite.quiz.flags import flag_set
from studysite.quiz.models import Flag

from .banks import make_bank

HTMX = {"HTTP_HX_REQUEST": "true"}
URL = "/quiz/flag/"


@pytest.fixture
def bank(quiz_notes, db):
    return make_bank({1: 2, 2: 1, 3: 1, 4: 1})


@pytest.mark.django_db
class TestOnePerOwner:
    def test_the_database_refuses_a_second_row(self, bank):
        user = get_user_model().objects.create_user("f", password="x-long-password-1")
        for owner in ({"user": user}, {"session_key": "s" * 32}):
            Flag.objects.create(**owner, question_id="d1-q000")
            with pytest.raises(IntegrityError), transaction.atomic():
                Flag.objects.create(**owner, question_id="d1-q000")
        assert Flag.objects.count() == 2

    def test_setting_a_flag_twice_stores_one_row(self, bank):
        owner = {"user": None, "session_key": "s" * 32}
        flag_set(owner=owner, question_id="d1-q000")
        flag_set(owner=owner, question_id="d1-q000")
        assert Flag.objects.count() == 1

    def test_twenty_posts_store_one_flag(self, client, bank):
        for _ in range(20):
            assert (
                client.post(URL, {"question": question_ref("d1-q000"), "flag": "on"}).status_code
                == 302
            )
        assert Flag.objects.count() == 1

    def test_the_htmx_toggle_carries_the_reference_never_the_id(self, client, bank):
        html = client.post(URL, {"question": question_ref("d1-q000"), "flag": "on"}, **HTMX)
        html = html.content.decode()
        assert f'value="{question_ref("d1-q000")}"' in html and "d1-q000" not in html

    def test_sign_in_keeps_one_flag_when_both_had_it(self, bank):
        user = get_user_model().objects.create_user("g", password="x-long-password-1")
        Flag.objects.create(user=user, question_id="d1-q000")
        visitor = Client()
        for qid in ("d1-q000", "d2-q000"):
            visitor.post(URL, {"question": question_ref(qid), "flag": "on"})
        response = visitor.post(
            "/accounts/login/", {"username": "g", "password": "x-long-password-1"}
        )
        assert response.status_code == 302
        assert sorted(Flag.objects.values_list("user__username", "question_id")) == [
            ("g", "d1-q000"),
            ("g", "d2-q000"),
        ]

    @pytest.mark.parametrize(
        "target",
        ["foo", "{{7*7}}", "<!--", "/ok\r\nSet-Cookie: x=1", "//evil.example", "/\\evil"],
    )
    def test_a_next_that_is_no_local_path_returns_to_practice(self, client, bank, target):
        response = client.post(URL, {"question": "d1-q000", "flag": "on", "next": target})
        assert response.status_code == 302 and response["Location"] == "/quiz/practice/"


@pytest.mark.django_db(transaction=True)
def test_simultaneous_flags_from_many_connections_store_one_row(quiz_notes):
    if connection.vendor != "postgresql":
        pytest.skip("needs a database server shared by several connections")
    make_bank({1: 1, 2: 1, 3: 1, 4: 1})
    owner = {"user": None, "session_key": "c" * 32}
    barrier = threading.Barrier(10)
    errors: list[BaseException] = []

    def post() -> None:
        try:
            barrier.wait()
            flag_set(owner=owner, question_id="d1-q000")
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Flag.objects.count() == 1
