"""Live session pages: the trainer's form and presenter view, the join page and the
participant's phone page, their state fragments and event streams.

Access: every presenter URL looks the session up by id *and* trainer, so anyone else
(signed out, another user, another trainer) gets the same 404. Participant URLs need the
join code and a participant of that session (a signed-in user, or a guest's token in a
signed cookie); they show one's own answers and, after the reveal, aggregates only.
"""

from __future__ import annotations

import csv
import time

import segno
from django.conf import settings
from django.core.handlers.asgi import ASGIRequest
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from studysite.accounts import ratelimit
from studysite.chapters.domains import DOMAINS
from studysite.chapters.loader import get_library
from studysite.quiz.bank import get_bank
from studysite.quiz.cards import count_error, read_indexes
from studysite.streams import event_stream
from studysite.teams.services import is_trainer

from . import bus, stream
from .models import LiveSession, Participant
from .screens import participant_now, participant_step, presenter_html, presenter_step
from .selectors import (
    live_question,
    questions_by_refs,
    questions_matching,
    sessions_of,
    standings,
    summary,
    tasks_in,
)
from .services import (
    MAX_SECONDS,
    MIN_SECONDS,
    LiveError,
    answer_submit,
    normalise_code,
    participant_join,
    session_advance,
    session_create,
)

COOKIE_SALT = "teams.live.participant"
COOKIE_AGE = 12 * 3600


def _cookie_name(session: LiveSession) -> str:
    return f"live{session.pk}"


def _is_asgi(request: HttpRequest) -> bool:
    return isinstance(request, ASGIRequest)


# --- The trainer ---------------------------------------------------------------------------


def _trainer_session(request: HttpRequest, session_id: int) -> LiveSession:
    if not request.user.is_authenticated:
        raise Http404
    session = LiveSession.objects.filter(pk=session_id, trainer=request.user).first()
    if session is None:
        raise Http404
    return session


def _form_context(form: dict, error: str = "") -> dict[str, object]:
    bank = get_bank()
    chapters = sorted({q.chapter for q in bank.questions})
    library = get_library().by_slug
    return {
        "form": form,
        "error": error,
        "chapters": [(slug, library[slug].title if slug in library else slug) for slug in chapters],
        "domains": list(DOMAINS.values()),
        "tasks": tasks_in(bank),
        "min_seconds": MIN_SECONDS,
        "max_seconds": MAX_SECONDS,
    }


def _read_new_form(post) -> tuple[dict, list[str], str]:
    """(form values, question ids, error) for the new-session form."""
    form = {
        "title": post.get("title", "")[:200],
        "source": post.get("source", "chapter"),
        "chapter": post.get("chapter", "")[:100],
        "domain": post.get("domain", "")[:2],
        "task": post.get("task", "")[:5],
        "refs": post.get("refs", "")[:5000],
        "seconds": post.get("seconds", "30")[:6],
        "allow_guests": post.get("allow_guests") == "on",
        "show_leaderboard": post.get("show_leaderboard") == "on",
        "limit": post.get("limit", "10")[:3],
    }
    bank = get_bank()
    try:
        limit = int(form["limit"])
    except ValueError:
        return form, [], "Give how many questions to ask, as a number."
    if not 1 <= limit <= 50:
        return form, [], "Ask between 1 and 50 questions."
    if form["source"] == "chapter":
        if form["chapter"] not in {q.chapter for q in bank.questions}:
            return form, [], "Choose a chapter."
        ids = questions_matching(bank=bank, chapter=form["chapter"])
    elif form["source"] == "filter":
        domain = int(form["domain"]) if form["domain"].isdigit() else None
        if form["domain"] and domain not in DOMAINS:
            return form, [], "Choose a domain from the list."
        if form["task"] and form["task"] not in tasks_in(bank):
            return form, [], "Choose a task from the list."
        if domain is None and not form["task"]:
            return form, [], "Choose a domain or a task."
        ids = questions_matching(bank=bank, domain=domain, task=form["task"])
    elif form["source"] == "picked":
        entries = form["refs"].replace(",", " ").split()
        ids, unknown = questions_by_refs(entries)
        if unknown:
            shown = ", ".join(u[:24] for u in unknown[:3])
            return form, [], f"Not a question reference or id: {shown}."
    else:
        return form, [], "Choose where the questions come from."
    if not ids:
        return form, [], "No questions match that choice."
    return form, ids[:limit], ""


def live_new(request: HttpRequest) -> HttpResponse:
    """The trainer's "new live session" form (GET) and opening one (POST)."""
    if not is_trainer(request.user):
        raise Http404
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    defaults = {"source": "chapter", "seconds": "30", "limit": "10", "show_leaderboard": True}
    if request.method != "POST":
        context = _form_context(defaults) | {"sessions": sessions_of(trainer=request.user)}
        return render(request, "live/new.html", context)
    form, ids, error = _read_new_form(request.POST)
    if not error:
        try:
            seconds = int(form["seconds"])
        except ValueError:
            seconds = -1
        try:
            session = session_create(
                trainer=request.user,
                title=form["title"],
                question_ids=ids,
                allow_guests=form["allow_guests"],
                show_leaderboard=form["show_leaderboard"],
                seconds_per_question=seconds,
            )
        except LiveError as exc:
            error = str(exc)
        else:
            return redirect("live:present", session_id=session.pk)
    context = _form_context(form, error) | {"sessions": sessions_of(trainer=request.user)}
    return render(request, "live/new.html", context, status=400)


def _join_url(request: HttpRequest, session: LiveSession) -> str:
    return request.build_absolute_uri(
        reverse("live:join") + "?" + urlencode({"code": session.code})
    )


def _qr(url: str) -> str:
    # Inline SVG drawn here: nothing from another host, and no inline script or style.
    return segno.make(url, error="m").svg_inline(
        scale=6,
        border=2,
        dark="#000",
        light="#fff",
        svgclass="live-qr",
        title="QR code: " + url,
        omitsize=True,  # a viewBox only: the stylesheet sizes it
    )


def _presenter_context(request: HttpRequest, session: LiveSession) -> tuple[str, str, str]:
    url = _join_url(request, session)
    return get_token(request), url, _qr(url)


@require_safe
def live_present(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _trainer_session(request, session_id)
    csrf, url, qr = _presenter_context(request, session)
    fragment = presenter_html(session, csrf, url, qr)
    return render(request, "live/present.html", {"session": session, "fragment": fragment})


@require_safe
def live_present_state(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _trainer_session(request, session_id)
    return HttpResponse(presenter_html(session, *_presenter_context(request, session)))


def live_control(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _trainer_session(request, session_id)
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    raw_version = request.POST.get("version", "")
    version = int(raw_version) if raw_version.isdigit() and len(raw_version) < 18 else None
    try:
        session_advance(session=session, action=request.POST.get("action", ""), version=version)
    except LiveError as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    if request.htmx:
        return HttpResponse(presenter_html(session, *_presenter_context(request, session)))
    return redirect("live:present", session_id=session.pk)


def _events_response(
    request: HttpRequest, session_id: int, kinds, step, coalesce: float = 0.0
) -> StreamingHttpResponse:
    if _is_asgi(request):
        params = bus.conninfo() if bus.uses_notify() else None
        body = stream.async_events(session_id, kinds, step, params, coalesce)
        # This request's thread is idle while the stream lasts: give its connection back.
        connection.close()
    else:
        body = stream.sync_events(session_id, kinds, step, coalesce)
    response = StreamingHttpResponse(body, content_type="text/event-stream; charset=utf-8")
    response["Cache-Control"] = "no-store"
    response["X-Accel-Buffering"] = "no"  # nginx: pass each event on at once
    return response


@event_stream
@require_safe
def live_present_events(request: HttpRequest, session_id: int) -> StreamingHttpResponse:
    session = _trainer_session(request, session_id)
    step = presenter_step(session.pk, *_presenter_context(request, session))
    # Answers arrive in bursts: redraw the count at most five times a second.
    kinds = frozenset({bus.STATE, bus.COUNT})
    return _events_response(request, session.pk, kinds, step, coalesce=0.2)


def _cell(text: object) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas: quote those."""
    text = str(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@require_safe
def live_summary_csv(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _trainer_session(request, session_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="live-{session.code}-summary.csv"'
    response["Cache-Control"] = "no-store"
    writer = csv.writer(response)
    rows = summary(session)
    letters = max((len(r.bars) for r in rows), default=0)
    writer.writerow(
        ["question", "stem", "answered", "right", "right_percent", "right_options"]
        + [f"chose_{chr(65 + i)}" for i in range(letters)]
    )
    for row in rows:
        writer.writerow(
            [row.number, _cell(row.stem), row.answered, row.right, row.percent, row.right_letters]
            + [b.count for b in row.bars]
        )
    writer.writerow([])
    writer.writerow(["rank", "participant", "right", "seconds_on_right_answers"])
    for s in standings(session):
        writer.writerow([s.rank, _cell(s.name), s.right, s.seconds])
    return response


# --- Participants --------------------------------------------------------------------------


def _session_by_code(code: str) -> LiveSession:
    clean = normalise_code(code)
    session = LiveSession.objects.filter(code=clean).first() if clean else None
    if session is None:
        raise Http404
    return session


def _participant(request: HttpRequest, session: LiveSession) -> Participant | None:
    if request.user.is_authenticated:
        found = Participant.objects.filter(session=session, user=request.user).first()
        if found is not None:
            return found
    token = _guest_token(request, session.pk)
    if token is None:
        return None
    return Participant.objects.filter(session=session, token=token, user__isnull=True).first()


def _guest_token(request: HttpRequest, session_id: int) -> str | None:
    token = request.get_signed_cookie(
        f"live{session_id}", default=None, salt=COOKIE_SALT, max_age=COOKIE_AGE
    )
    return token if token and len(token) <= 64 else None


def _session_and_participant(
    request: HttpRequest, code: str
) -> tuple[LiveSession, Participant | None]:
    """The session of a code (404 if none) and who is asking in it. A guest's cookie names
    the session, so a guest costs one query for both."""
    clean = normalise_code(code)
    if clean is None:
        raise Http404
    if not request.user.is_authenticated:
        for name, _value in request.COOKIES.items():
            if not (name.startswith("live") and name[4:].isdigit()):
                continue
            token = _guest_token(request, int(name[4:]))
            found = (
                Participant.objects.select_related("session")
                .filter(session__code=clean, token=token, user__isnull=True)
                .first()
                if token
                else None
            )
            if found is not None:
                return found.session, found
    session = _session_by_code(clean)
    return session, _participant(request, session)


def live_join(request: HttpRequest) -> HttpResponse:
    """Type the code (and, as a guest, a display name); a QR code opens this with the code."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    signed_in = request.user.is_authenticated
    raw_code = (
        request.POST.get("code", "") if request.method == "POST" else request.GET.get("code", "")
    )
    context = {"code": raw_code[:12] if isinstance(raw_code, str) else "", "signed_in": signed_in}
    if request.method != "POST":
        return render(request, "live/join.html", context)
    context["name"] = request.POST.get("name", "")[:60]
    verdict = ratelimit.count("live-join-client", ratelimit.client_key(request))
    if not verdict.allowed:
        return ratelimit.refused(
            request, verdict, "Joining live sessions", "Too many joins from this network."
        )
    code = normalise_code(raw_code)
    session = LiveSession.objects.filter(code=code).first() if code else None
    if session is None:
        context["code_error"] = (
            "No live session has that code. Check it on the projector: six letters and digits."
        )
        return render(request, "live/join.html", context, status=400)
    existing = _participant(request, session)
    if existing is not None:
        return redirect("live:play", code=session.code)
    try:
        participant = participant_join(
            session=session,
            user=request.user if signed_in else None,
            name=request.POST.get("name", ""),
        )
    except LiveError as exc:
        context["name_error" if not signed_in and session.allow_guests else "code_error"] = str(exc)
        context["guests"] = session.allow_guests
        return render(request, "live/join.html", context, status=400)
    response = redirect("live:play", code=session.code)
    if participant.user_id is None:
        response.set_signed_cookie(
            _cookie_name(session),
            participant.token,
            salt=COOKIE_SALT,
            max_age=COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


def _play_page(request, session, participant, html, status=200) -> HttpResponse:
    context = {"session": session, "participant": participant, "fragment": html}
    return render(request, "live/play.html", context, status=status)


def _method_not_allowed(*methods: str) -> HttpResponse:
    return HttpResponse(status=405, headers={"Allow": ", ".join(methods)})


def live_play(request: HttpRequest, code: str) -> HttpResponse:
    # The code is looked up before the method is checked: an unknown code is a 404 for
    # whatever is sent (as every team URL is for strangers).
    session = _session_by_code(code)
    if request.method not in ("GET", "HEAD"):
        return _method_not_allowed("GET", "HEAD")
    participant = _participant(request, session)
    if participant is None:
        return redirect(reverse("live:join") + "?" + urlencode({"code": session.code}))
    _snap, html = participant_now(session, participant, get_token(request))
    return _play_page(request, session, participant, html)


def live_state(request: HttpRequest, code: str) -> HttpResponse:
    """The phone's screen as a fragment: the polling fallback when event streams fail."""
    session, participant = _session_and_participant(request, code)
    if participant is None:
        raise Http404
    if request.method not in ("GET", "HEAD"):
        return _method_not_allowed("GET", "HEAD")
    _snap, html = participant_now(session, participant, get_token(request))
    response = HttpResponse(html)
    response["Cache-Control"] = "no-store"
    return response


@event_stream
def live_events(request: HttpRequest, code: str) -> HttpResponse:
    session, participant = _session_and_participant(request, code)
    if participant is None:
        raise Http404
    if request.method not in ("GET", "HEAD"):
        return _method_not_allowed("GET", "HEAD")
    step = participant_step(session.pk, session.code, participant, get_token(request))
    return _events_response(request, session.pk, frozenset({bus.STATE}), step)


def live_answer(request: HttpRequest, code: str) -> HttpResponse:
    """A plain form POST, idempotent: a repeat answers 200 "answer recorded" and keeps the
    first answer. htmx gets every outcome as a 200 fragment it can swap. The view's own
    time is in a Server-Timing header (the load benchmark tells it from queueing)."""
    started = time.perf_counter()
    session, participant = _session_and_participant(request, code)
    if participant is None:
        raise Http404
    if request.method != "POST":
        return _method_not_allowed("POST")
    raw_index = request.POST.get("index", "")
    index = int(raw_index) if raw_index.isdigit() and len(raw_index) <= 3 else -1
    status, message, error, known = 200, "", False, None
    if not 0 <= index < session.total:
        status, message, error = (
            400,
            "That answer could not be read. Choose from the options shown.",
            True,
        )
    else:
        question, order = live_question(session, index)
        content = {"options": [None] * len(order), "choose": question["choose"]}
        chosen, problem = read_indexes(request.POST, len(order), order)
        problem = problem or count_error(content, chosen)
        if problem:
            status, message, error = 400, problem, True
        else:
            try:
                outcome = answer_submit(
                    session_id=session.pk,
                    participant=participant,
                    index=index,
                    chosen=chosen,
                )
            except LiveError as exc:
                status, message, error = 409, str(exc), True
            else:
                known = (tuple(outcome.answer.chosen), outcome.answer.correct)
                message = (
                    "Answer recorded (you had answered already; your first answer stands)."
                    if outcome.repeat
                    else "Answer recorded."
                )
    if status == 409:  # the session moved on meanwhile: show where it is now
        session = LiveSession.objects.get(pk=session.pk)
    _snap, html = participant_now(
        session,
        participant,
        lambda: get_token(request),  # made only if the screen still has a form
        known=known,
        message=message,
        error=error,
    )
    response = (
        HttpResponse(html)
        if request.htmx
        else _play_page(request, session, participant, html, status=status)
    )
    response["Server-Timing"] = f"view;dur={(time.perf_counter() - started) * 1000:.1f}"
    return response
