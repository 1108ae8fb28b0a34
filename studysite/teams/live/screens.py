"""What each screen shows, as HTML fragments: the participant's phone and the presenter's
projector. Both the pages, the polling fallback and the event streams draw them here.

A participant's fragment depends on the session version, their own answer and standing,
and nothing else, so a process renders each distinct one once per version (100 phones
on "next" share one render) with a placeholder where the CSRF token goes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.template.loader import render_to_string

from . import bus
from .models import LiveSession, Participant, Phase
from .selectors import Snapshot, cached_snapshot, counts, own_answer, snapshot

CSRF_SLOT = "__live_csrf__"
_RENDERS: dict[tuple, str] = {}


def epoch_ms(moment: datetime | None) -> int | None:
    return int(moment.timestamp() * 1000) if moment else None


def participant_context(
    snap: Snapshot, participant: Participant, mine: tuple[tuple[int, ...], bool] | None
) -> dict[str, object]:
    session = snap.session
    shown: set[int] = set()
    if mine and snap.question:
        by_file = {file_index: pos for pos, file_index in enumerate(snap.order)}
        shown = {by_file[i] for i in mine[0] if i in by_file}
    return {
        "session": session,
        "phase": session.phase,
        "snap": snap,
        "q": snap.question,
        "mine": mine,
        "mine_letters": ", ".join(
            o["letter"] for o in (snap.question or {}).get("options", []) if o["index"] in shown
        ),
        "shown": shown,
        "standing": snap.standing_of(participant.pk),
        "top": snap.standings[:10],
        "deadline_ms": epoch_ms(session.deadline),
        "participant": participant,
    }


def _own_part(snap: Snapshot, participant: Participant, mine) -> tuple:
    """What of this participant the screen shows, by phase (the rest of the cache key):
    nothing in the lobby, their answer while a question is asked or revealed, their
    standing (and whether they are in the top ten, signed in) on the leaderboard and at
    the end. So on "next" every phone that has not answered shares one render."""
    phase = snap.session.phase
    if phase == Phase.LOBBY:
        return ()
    if phase in (Phase.QUESTION, Phase.REVEAL):
        return (mine,)
    standing = snap.standing_of(participant.pk)
    in_top = any(s.participant_id == participant.pk for s in snap.standings[:10])
    return (standing, participant.pk if in_top else None, bool(participant.user_id))


def participant_html(
    snap: Snapshot,
    participant: Participant,
    csrf: str | Callable[[], str],
    *,
    mine: tuple[tuple[int, ...], bool] | None,
    message: str = "",
    error: bool = False,
) -> str:
    session = snap.session
    key = (
        session.pk,
        session.code,
        session.version,
        message,
        error,
        *_own_part(snap, participant, mine),
    )
    html = _RENDERS.get(key)
    if html is None:
        context = participant_context(snap, participant, mine)
        context.update(message=message, error=error, csrf=CSRF_SLOT)
        html = render_to_string("live/_participant.html", context)
        if len(_RENDERS) > 4096:
            _RENDERS.clear()
        _RENDERS[key] = html
    if CSRF_SLOT not in html:  # no form on this screen: no token to make
        return html
    return html.replace(CSRF_SLOT, csrf() if callable(csrf) else csrf)


def participant_now(
    session: LiveSession,
    participant: Participant,
    csrf: str | Callable[[], str],
    *,
    known: tuple[tuple[int, ...], bool] | None = None,
    **kwargs,
) -> tuple[Snapshot, str]:
    """The participant's screen as it is now (``session`` just read; their own answer
    ``known`` or read fresh)."""
    snap = snapshot(session.pk, session)
    if known is not None:
        mine = known
    else:
        mine = own_answer(snap.session, participant.pk) if snap.question else None
    return snap, participant_html(snap, participant, csrf, mine=mine, **kwargs)


def participant_step(session_id: int, code: str, participant: Participant, csrf: str):
    """The event stream's renderer for one phone: the full screen on connect and on each
    new version; nothing for anything else.

    On an announced version this process has a snapshot of, it draws with no query: a
    question that was just asked has no answer from this phone yet (an answer that beat
    the event was answered by its own POST, and live.js skips the same version again),
    and after a question closes the snapshot holds everyone's answers.
    """
    last = {"version": 0}

    def draw(snap: Snapshot, mine) -> list[tuple[str, str, int]]:
        last["version"] = snap.session.version
        html = participant_html(snap, participant, csrf, mine=mine)
        return [("state", html, snap.session.version)]

    def fast(hint: int) -> list[tuple[str, str, int]] | None:
        """The same without the database, from the process's snapshot of version ``hint``
        (safe on the event loop); None when that snapshot is not there yet."""
        if hint and hint == last["version"]:
            return []
        snap = cached_snapshot(session_id, code, hint) if hint else None
        if snap is None:
            return None
        if snap.session.phase == Phase.QUESTION:
            return draw(snap, None)
        return draw(snap, snap.answers.get(participant.pk))

    def step(initial: bool, hint: int = 0) -> list[tuple[str, str, int]]:
        if not initial:
            quick = fast(hint)
            if quick is not None:
                return quick
        snap = snapshot(session_id)
        if snap is None or (not initial and snap.session.version == last["version"]):
            return []
        if snap.session.phase != Phase.QUESTION:
            return draw(snap, snap.answers.get(participant.pk))
        return draw(snap, own_answer(snap.session, participant.pk))

    step.fast = fast  # type: ignore[attr-defined]
    return step


# --- The presenter -------------------------------------------------------------------------


def count_text(session: LiveSession, joined: int, answered: int) -> str:
    if session.phase in (Phase.QUESTION, Phase.REVEAL):
        return f"{answered} of {joined} answered"
    return f"{joined} joined"


def presenter_html(session: LiveSession, csrf: str, join_url: str, qr_svg: str) -> str:
    snap = snapshot(session.pk)
    session = snap.session
    joined, answered = counts(session)
    context = {
        "session": session,
        "snap": snap,
        "q": snap.question,
        "count": count_text(session, joined, answered),
        "joined": joined,
        "answered": answered,
        "deadline_ms": epoch_ms(session.deadline),
        "csrf": csrf,
        "join_url": join_url,
        # What people type: the host and /live/ (the code is shown on its own).
        "join_host": join_url.split("://", 1)[-1].split("?", 1)[0],
        "qr_svg": qr_svg,
        "last": session.index >= session.total - 1,
        "top": snap.standings[:10],
    }
    if session.phase == Phase.ENDED:
        from .selectors import summary

        context["summary"] = summary(session)
    return render_to_string("live/_presenter.html", context)


def presenter_step(session_id: int, csrf: str, join_url: str, qr_svg: str):
    last = {"version": 0, "count": ""}

    def step(initial: bool, hint: int = 0) -> list[tuple[str, str, int]]:
        session = LiveSession.objects.filter(pk=session_id).first()
        if session is None:
            return []
        if initial or session.version != last["version"]:
            last["version"] = session.version
            html = presenter_html(session, csrf, join_url, qr_svg)
            last["count"] = count_text(session, *counts(session))
            return [(bus.STATE, html, session.version)]
        text = count_text(session, *counts(session))
        if text == last["count"]:
            return []
        last["count"] = text
        return [(bus.COUNT, text, session.version)]

    return step
