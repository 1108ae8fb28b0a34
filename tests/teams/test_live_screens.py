"""What a phone's screen shares with the others: on "next" every phone that has not
answered shares one render (100 phones a process, one template render), while the
screens that show something of the participant (their answer, their standing, their
place in the top ten) are theirs alone."""

from __future__ import annotations

import pytest

from studysite.teams.live import screens
from studysite.teams.live.selectors import snapshot
from studysite.teams.live.services import answer_submit, participant_join, session_advance

from .live_helpers import open_session


@pytest.fixture
def renders(monkeypatch):
    """Count template renders of the phone screen (and clear the process's render cache)."""
    calls = []
    real = screens.render_to_string
    monkeypatch.setattr(screens, "_RENDERS", {})

    def counting(name, context=None, *args, **kwargs):
        calls.append(name)
        return real(name, context, *args, **kwargs)

    monkeypatch.setattr(screens, "render_to_string", counting)
    return calls


def move(session):
    """The trainer's "next": lobby -> question -> reveal -> leaderboard -> question."""
    return session_advance(session=session, action="next", version=None)


@pytest.fixture
def played(synced, trainer):
    session = open_session(trainer)
    people = [participant_join(session=session, user=None, name=f"P{n}") for n in range(5)]
    return session, people


def html_of(session, participant, mine=None):
    session.refresh_from_db()
    snap = snapshot(session.pk)
    return screens.participant_html(snap, participant, f"token-{participant.pk}", mine=mine)


def test_the_lobby_and_a_new_question_are_one_render_for_every_phone(played, renders):
    session, people = played
    lobby = {p.pk: html_of(session, p) for p in people}
    assert renders == ["live/_participant.html"]
    assert len(set(lobby.values())) == 1  # no form in the lobby: no token either
    move(session)
    asked = {p.pk: html_of(session, p) for p in people}
    assert renders == ["live/_participant.html"] * 2
    # The same screen; only each phone's own CSRF token differs.
    for p in people:
        assert f'value="token-{p.pk}"' in asked[p.pk]
        assert asked[p.pk].replace(f"token-{p.pk}", "T") == asked[people[0].pk].replace(
            f"token-{people[0].pk}", "T"
        )
        assert "P0" not in asked[p.pk] and "P1" not in asked[p.pk]


def test_an_answer_and_a_standing_are_each_participants_own(played, renders):
    session, people = played
    move(session)
    session.refresh_from_db()
    first, second = people[0], people[1]
    answer_submit(session_id=session.pk, participant=first, index=0, chosen=[0])
    answered = html_of(session, first, mine=((0,), True))
    waiting = html_of(session, second)
    assert "Your answer: <strong>" in answered and "Your answer:" not in waiting
    assert 'name="option"' in waiting and 'name="option"' not in answered
    move(session)  # -> reveal
    session.refresh_from_db()
    snap = snapshot(session.pk)
    right = screens.participant_html(snap, first, "t", mine=snap.answers.get(first.pk))
    missed = screens.participant_html(snap, second, "t", mine=snap.answers.get(second.pk))
    assert "✓ Right!" in right and "You did not answer this one." in missed
    move(session)  # -> leaderboard
    session.refresh_from_db()
    snap = snapshot(session.pk)
    boards = {p.pk: screens.participant_html(snap, p, "t", mine=None) for p in people}
    assert "You are <strong>#1</strong> of 5 with 1 right." in boards[first.pk]
    assert "with 0 right." in boards[second.pk]
    # Each phone marks its own row in the top ten.
    for p in people:
        marked = boards[p.pk].split('class="live-me"><span class="live-name">')
        assert len(marked) == 2 and marked[1].startswith(p.name)
    assert len(set(boards.values())) == len(people)
