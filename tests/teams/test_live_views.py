"""Live session pages through the Django client: who sees what (404 for everyone but the
session's trainer on every presenter URL), joining, answering as a plain form and with
htmx, hostile input (a clear message and never a 500), and the event streams' first
event carrying the current state."""

from __future__ import annotations

import pytest
from django.test import Client

from studysite.teams.live.models import LiveAnswer, LiveSession, Participant
from studysite.teams.live.services import participant_join, session_advance
from studysite.teams.services import trainer_grant

from .live_helpers import open_session


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def guest(session, name="Ana") -> Client:
    client = Client()
    response = client.post("/live/", {"code": session.code, "name": name})
    assert response.status_code == 302, response.content
    return client


def first_event(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/event-stream")
    chunks = iter(response.streaming_content)
    try:
        assert next(chunks).startswith(b"retry:")
        return next(chunks).decode()
    finally:
        response.close()


@pytest.fixture
def session(synced, trainer):
    return open_session(trainer)


@pytest.fixture
def other_trainer(django_user_model):
    user = django_user_model.objects.create_user("coach2", password="x-long-password-1")
    trainer_grant(user=user)
    return django_user_model.objects.get(pk=user.pk)


PRESENTER_URLS = [
    ("get", "/live/sessions/{id}/"),
    ("get", "/live/sessions/{id}/state/"),
    ("get", "/live/sessions/{id}/events/"),
    ("get", "/live/sessions/{id}/summary.csv"),
    ("post", "/live/sessions/{id}/control/"),
]


class TestAccess:
    @pytest.mark.parametrize("who", ["anonymous", "outsider", "member", "other_trainer"])
    @pytest.mark.parametrize(("method", "url"), PRESENTER_URLS)
    def test_presenter_urls_are_404_for_everyone_but_its_trainer(
        self, request, session, who, method, url
    ):
        user = None if who == "anonymous" else request.getfixturevalue(who)
        response = getattr(client_for(user), method)(
            url.format(id=session.pk), {"action": "next", "version": "1"}
        )
        assert response.status_code == 404
        assert LiveSession.objects.get().version == 1

    @pytest.mark.parametrize("who", ["anonymous", "outsider", "member"])
    def test_the_new_session_page_is_404_for_non_trainers(self, request, synced, who):
        user = None if who == "anonymous" else request.getfixturevalue(who)
        assert client_for(user).get("/live/new/").status_code == 404
        assert client_for(user).post("/live/new/", {"source": "chapter"}).status_code == 404
        assert not LiveSession.objects.exists()

    @pytest.mark.parametrize("who", ["anonymous", "outsider", "other_trainer"])
    def test_participant_urls_need_a_participant(self, request, session, who):
        user = None if who == "anonymous" else request.getfixturevalue(who)
        client = client_for(user)
        code = session.code
        play = client.get(f"/live/{code}/")
        assert play.status_code == 302 and play["Location"] == f"/live/?code={code}"
        assert client.get(f"/live/{code}/state/").status_code == 404
        assert client.get(f"/live/{code}/events/").status_code == 404
        assert client.post(f"/live/{code}/answer/", {"index": "0"}).status_code == 404

    @pytest.mark.parametrize("path", ["/live/ZZZZZZ/", "/live/%00/", "/live/ab%C3%A9/state/"])
    def test_unknown_codes_are_404(self, session, path):
        assert client_for().get(path).status_code == 404

    def test_a_guest_cookie_of_one_session_does_not_open_another(self, synced, trainer, session):
        client = guest(session)
        other = open_session(trainer, title="Other")
        cookie = client.cookies[f"live{session.pk}"].value
        client.cookies[f"live{other.pk}"] = cookie
        assert client.get(f"/live/{other.code}/state/").status_code == 404

    def test_a_forged_cookie_is_ignored(self, session):
        participant = participant_join(session=session, name="Ana")
        client = Client()
        client.cookies[f"live{session.pk}"] = participant.token  # unsigned
        assert client.get(f"/live/{session.code}/state/").status_code == 404


class TestTrainer:
    def test_opens_a_session_from_a_chapter_and_presents_it(self, synced, trainer):
        client = client_for(trainer)
        assert "New live session" in client.get("/live/new/").content.decode()
        response = client.post(
            "/live/new/",
            {"source": "chapter", "chapter": "s3-basics", "seconds": "20", "limit": "10",
             "allow_guests": "on", "show_leaderboard": "on", "title": "Friday"},
        )  # fmt: skip
        session = LiveSession.objects.get()
        assert (
            response.status_code == 302 and response["Location"] == f"/live/sessions/{session.pk}/"
        )
        page = client.get(response["Location"]).content.decode()
        assert session.code in page and "<svg" in page and 'data-phase="lobby"' in page
        assert f"/live/?code={session.code}" in page

    @pytest.mark.parametrize(
        ("form", "ids"),
        [
            ({"source": "filter", "domain": "1"}, ["s3-two"]),
            ({"source": "filter", "task": "3.4"}, ["s3-one"]),
            ({"source": "picked", "refs": "s3-two, s3-one"}, ["s3-two", "s3-one"]),
        ],
    )
    def test_filters_and_hand_picked_questions(self, synced, trainer, form, ids):
        response = client_for(trainer).post("/live/new/", {"seconds": "30", "limit": "10", **form})
        assert response.status_code == 302, response.content.decode()
        assert LiveSession.objects.get().question_ids == ids

    def test_hand_picked_by_reference(self, synced, trainer):
        from studysite.quiz.cards import question_ref

        refs = f"{question_ref('s3-one')}\n{question_ref('s3-two')}"
        response = client_for(trainer).post(
            "/live/new/", {"source": "picked", "refs": refs, "seconds": "30", "limit": "1"}
        )
        assert response.status_code == 302
        assert LiveSession.objects.get().question_ids == ["s3-one"]

    @pytest.mark.parametrize(
        "form",
        [
            {"source": "chapter", "chapter": "../../etc"},
            {"source": "chapter", "chapter": "empty"},
            {"source": "filter"},
            {"source": "filter", "domain": "9"},
            {"source": "filter", "task": "\x00"},
            {"source": "picked", "refs": "nope " * 1000},
            {"source": "picked", "refs": "\x00\xff"},
            {"source": "??"},
            {"source": "chapter", "chapter": "s3-basics", "seconds": "abc"},
            {"source": "chapter", "chapter": "s3-basics", "seconds": "99999999999999999999"},
            {"source": "chapter", "chapter": "s3-basics", "limit": "0"},
            {"source": "chapter", "chapter": "s3-basics", "title": "t\x00" * 300},
        ],
    )
    def test_bad_forms_get_a_message_and_store_nothing(self, synced, trainer, form):
        response = client_for(trainer).post("/live/new/", {"seconds": "30", "limit": "5", **form})
        assert response.status_code == 400
        assert 'role="alert"' in response.content.decode()
        assert not LiveSession.objects.exists()

    def test_controls_move_on_once_per_click_and_htmx_gets_the_stage(self, session, trainer):
        client = client_for(trainer)
        url = f"/live/sessions/{session.pk}/control/"
        response = client.post(url, {"action": "next", "version": "1"}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200 and 'data-phase="question"' in response.content.decode()
        client.post(url, {"action": "next", "version": "1"})  # the same click again
        assert LiveSession.objects.get().version == 2
        for bad in ({"action": "jump"}, {"action": "next", "version": "x" * 100}):
            assert client.post(url, bad).status_code in (302, 400)
        assert client.get(url).status_code == 405

    def test_summary_csv_quotes_formulas(self, session, trainer):
        session = session_advance(session=session, action="next", version=None)
        participant_join(session=session, name="=HYPERLINK(1)")
        session_advance(session=session, action="end", version=None)
        response = client_for(trainer).get(f"/live/sessions/{session.pk}/summary.csv")
        text = response.content.decode()
        assert response.status_code == 200 and "'=HYPERLINK(1)" in text
        assert text.splitlines()[0].startswith("question,stem,answered,right")

    def test_teams_index_links_to_live_sessions(self, synced, trainer):
        page = client_for(trainer).get("/teams/").content.decode()
        assert 'href="/live/new/"' in page and 'href="/live/"' in page


class TestJoin:
    def test_a_guest_joins_and_lands_on_the_current_state(self, session):
        client = guest(session, name="Zoë 🙂")
        page = client.get(f"/live/{session.code}/").content.decode()
        assert 'data-phase="lobby"' in page and "Zoë 🙂" in page

    def test_a_signed_in_user_joins_without_a_name(self, session, member):
        client = client_for(member)
        response = client.post("/live/", {"code": session.code.lower()})
        assert response.status_code == 302
        assert Participant.objects.get().user == member

    def test_guests_are_refused_when_not_allowed(self, synced, trainer):
        session = open_session(trainer, allow_guests=False)
        response = Client().post("/live/", {"code": session.code, "name": "Ana"})
        assert response.status_code == 400 and "sign in" in response.content.decode()
        assert not Participant.objects.exists()

    @pytest.mark.parametrize(
        "data",
        [
            {"code": "ZZZZZZ", "name": "Ana"},
            {"code": "\x00\x01", "name": "Ana"},
            {"code": "x" * 100_000, "name": "Ana"},
            {"code": "ÄÖÜ", "name": "Ana"},
            {"name": "Ana"},
            {"code": "{code}", "name": ""},
            {"code": "{code}", "name": "\x00"},
            {"code": "{code}", "name": "a" * 10_000},
            {"code": "{code}", "name": "\u202eevil"},
        ],
    )
    def test_hostile_joins_get_a_message(self, session, data):
        data = {k: v.replace("{code}", session.code) for k, v in data.items()}
        response = Client().post("/live/", data)
        assert response.status_code == 400
        assert 'class="field-errors"' in response.content.decode()
        assert not Participant.objects.exists()

    def test_binary_body_is_not_a_500(self, session):
        response = Client().post(
            "/live/", data=b"\xff\xfe\x00garbage", content_type="application/octet-stream"
        )
        assert response.status_code == 400

    def test_joining_twice_keeps_one_participant(self, session):
        client = guest(session)
        again = client.post("/live/", {"code": session.code, "name": "Ana"})
        assert again.status_code == 302 and Participant.objects.count() == 1

    def test_joins_are_rate_limited_per_client(self, session, settings):
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, "live-join-client": (2, 3600)}
        for _ in range(2):
            Client().post("/live/", {"code": "ZZZZZZ"})
        assert Client().post("/live/", {"code": session.code, "name": "Ana"}).status_code == 429


class TestAnswering:
    @pytest.fixture
    def asked(self, session):
        return session_advance(session=session, action="next", version=None)

    def test_a_plain_form_post_answers_and_a_repeat_is_200_recorded(self, asked):
        client = guest(asked)
        first = client.post(f"/live/{asked.code}/answer/", {"index": "0", "option": "0"})
        assert first.status_code == 200 and "Answer recorded." in first.content.decode()
        again = client.post(f"/live/{asked.code}/answer/", {"index": "0", "option": "2"})
        assert again.status_code == 200
        assert "your first answer stands" in again.content.decode()
        assert LiveAnswer.objects.get().chosen == [0]

    def test_htmx_gets_the_fragment(self, asked):
        client = guest(asked)
        response = client.post(
            f"/live/{asked.code}/answer/", {"index": "0", "option": "1"}, HTTP_HX_REQUEST="true"
        )
        html = response.content.decode()
        assert response.status_code == 200 and html.lstrip().startswith("<section")
        assert 'data-phase="question"' in html and "Your answer: <strong>B</strong>" in html

    @pytest.mark.parametrize(
        ("data", "status"),
        [
            ({"index": "0"}, 400),  # nothing chosen
            ({"index": "0", "option": "9"}, 400),
            ({"index": "0", "option": ["0", "1"]}, 400),  # two for a single choice
            ({"index": "0", "option": "-1"}, 400),
            ({"index": "0", "option": "\x00"}, 400),
            ({"index": "0", "option": ["0"] * 500}, 400),
            ({"index": "x", "option": "0"}, 400),
            ({"index": "99999999999", "option": "0"}, 400),
            ({"index": "1", "option": ["0", "1"]}, 409),  # not the question asked
        ],
    )
    def test_hostile_answers_get_a_message_and_store_nothing(self, asked, data, status):
        client = guest(asked)
        response = client.post(f"/live/{asked.code}/answer/", data)
        assert response.status_code == status
        assert 'role="alert"' in response.content.decode()
        htmx = client.post(f"/live/{asked.code}/answer/", data, HTTP_HX_REQUEST="true")
        assert htmx.status_code == 200 and 'role="alert"' in htmx.content.decode()
        assert not LiveAnswer.objects.exists()

    def test_answers_without_csrf_are_refused(self, asked):
        client = Client(enforce_csrf_checks=True)
        client.post("/live/", {"code": asked.code, "name": "Ana"})  # refused too: no token
        assert not Participant.objects.exists()
        participant = participant_join(session=asked, name="Bo")
        client.cookies[f"live{asked.pk}"] = client.cookies.get(f"live{asked.pk}", "")
        assert participant.answers.count() == 0

    def test_multiple_choice_needs_exactly_the_number_asked(self, asked, trainer):
        session = session_advance(session=asked, action="next", version=None)  # reveal
        session = session_advance(session=session, action="next", version=None)  # leaderboard
        session = session_advance(session=session, action="next", version=None)  # question 2
        client = guest(session)
        one = client.post(f"/live/{session.code}/answer/", {"index": "1", "option": "0"})
        assert one.status_code == 400 and "exactly 2" in one.content.decode()
        two = client.post(f"/live/{session.code}/answer/", {"index": "1", "option": ["0", "1"]})
        assert two.status_code == 200
        assert LiveAnswer.objects.get().correct is True


class TestStreams:
    def test_the_participant_stream_starts_with_the_current_state(self, session):
        client = guest(session)
        session_advance(session=session, action="next", version=None)
        event = first_event(client, f"/live/{session.code}/events/")
        assert event.startswith("event: state\nid: 2\n")
        assert (
            'data: <section class="live-stage live-phone" data-phase="question" data-index="0"'
            in event
        )
        assert all(
            line.startswith(("event:", "id:", "data:")) for line in event.strip().split("\n")
        )

    def test_the_presenter_stream_starts_with_the_current_state(self, session, trainer):
        event = first_event(client_for(trainer), f"/live/sessions/{session.pk}/events/")
        assert event.startswith("event: state\nid: 1\n") and 'data-phase="lobby"' in event

    def test_the_polling_fragment_follows_too(self, session):
        client = guest(session)
        session_advance(session=session, action="end", version=None)
        response = client.get(f"/live/{session.code}/state/")
        assert 'data-phase="ended"' in response.content.decode()
        assert response["Cache-Control"] == "no-store"

    def test_reveal_shows_aggregates_and_only_ones_own_answer(self, session, trainer):
        session = session_advance(session=session, action="next", version=None)
        ana, bo = guest(session, "Ana"), guest(session, "Quentin")
        ana.post(f"/live/{session.code}/answer/", {"index": "0", "option": "0"})
        bo.post(f"/live/{session.code}/answer/", {"index": "0", "option": "3"})
        session_advance(session=session, action="next", version=None)
        page = ana.get(f"/live/{session.code}/").content.decode()
        assert "✓ Right!" in page and "You answered A" in page and "(50 %)" in page
        assert "Quentin" not in page  # no one else's answer, just the counts
