"""Team pages. Every view of one team goes through ``selectors.team_for``, which 404s
for anyone who neither trains nor belongs to it; trainer-only views ask for the trainer.
Members see their own row and the team's totals, never another member's figures."""

from __future__ import annotations

import csv
from datetime import date
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from studysite.chapters.domains import DOMAINS
from studysite.chapters.loader import get_library
from studysite.quiz.bank import get_bank
from studysite.quiz.practice import practice_create

from .models import AssignmentKind
from .selectors import assignment_target, dashboard, team_for, teams_of
from .services import (
    SET_MAX,
    TeamError,
    assignment_create,
    assignment_delete,
    is_trainer,
    normalise_code,
    team_create,
    team_join,
    team_leave,
)


@login_required
@require_safe
def team_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "teams/index.html",
        {"teams": teams_of(user=request.user), "trainer": is_trainer(request.user)},
    )


@login_required
@require_POST
def team_new(request: HttpRequest) -> HttpResponse:
    if not is_trainer(request.user):
        raise Http404
    try:
        team = team_create(trainer=request.user, name=request.POST.get("name", ""))
    except TeamError as error:
        return render(
            request,
            "teams/index.html",
            {
                "teams": teams_of(user=request.user),
                "trainer": True,
                "name_error": str(error),
                "name": request.POST.get("name", ""),
            },
            status=400,
        )
    return redirect("teams:team", team_id=team.pk)


@login_required
def join(request: HttpRequest) -> HttpResponse:
    """The join-code form (GET), and joining by code (POST)."""
    if request.method == "POST":
        try:
            team = team_join(user=request.user, code=request.POST.get("code", ""))
        except TeamError as error:
            context = {"code_error": str(error), "code": request.POST.get("code", "")[:20]}
            return render(request, "teams/join.html", context, status=400)
        messages.success(request, f"You joined {team.name}.")
        return redirect("teams:team", team_id=team.pk)
    return render(request, "teams/join.html", {"code": request.GET.get("code", "")[:20]})


@login_required
def join_invite(request: HttpRequest, code: str) -> HttpResponse:
    """An invite link: names the team (whoever holds the code was meant to) and joins on
    POST. An unknown code is a 404."""
    from .models import Team

    team = Team.objects.filter(join_code=normalise_code(code)).select_related("trainer").first()
    if team is None:
        raise Http404
    if request.method == "POST":
        team_join(user=request.user, code=team.join_code)
        messages.success(request, f"You joined {team.name}.")
        return redirect("teams:team", team_id=team.pk)
    return render(request, "teams/invite.html", {"team": team})


def team_view(*methods: str, trainer_only: bool = False):
    """A view of one team: access is checked before anything else, the method included,
    so a stranger gets the same 404 whatever they send. The view receives the team."""

    def decorate(view):
        @wraps(view)
        def wrapper(request: HttpRequest, team_id: int, **kwargs) -> HttpResponse:
            team = team_for(user=request.user, team_id=team_id, trainer_only=trainer_only)
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            return view(request, team, **kwargs)

        return wrapper

    return decorate


def _dashboard(team):
    return dashboard(team=team, library=get_library(), bank=get_bank())


@team_view("GET", "HEAD")
def team_page(request: HttpRequest, team) -> HttpResponse:
    board = _dashboard(team)
    if team.trainer_id == request.user.pk:
        invite = request.build_absolute_uri(reverse("teams:invite", args=[team.join_code]))
        library = get_library()
        return render(
            request,
            "teams/dashboard.html",
            {
                "board": board,
                "team": team,
                "invite": invite,
                "chapters": library.chapters,
                "kinds": AssignmentKind.choices,
                "today": timezone.localdate(),
                "domains": [DOMAINS[d] for d in sorted(DOMAINS)],
                "set_max": SET_MAX,
            },
        )
    return render(
        request,
        "teams/member.html",
        {"board": board, "team": team, "me": board.row_for(request.user.pk)},
    )


@team_view("POST")
def leave(request: HttpRequest, team) -> HttpResponse:
    if team.trainer_id == request.user.pk:
        raise Http404  # a trainer does not leave their own team
    team_leave(user=request.user, team=team)
    messages.success(request, f"You left {team.name}.")
    return redirect("teams:index")


def _cell(text: object) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas: quote those."""
    text = str(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@team_view("GET", "HEAD", trainer_only=True)
def dashboard_csv(request: HttpRequest, team) -> HttpResponse:
    board = _dashboard(team)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="team-{team.pk}-dashboard.csv"'
    response["Cache-Control"] = "no-store"
    writer = csv.writer(response)
    writer.writerow(
        [
            "member",
            "chapters_read",
            "answered",
            "right",
            "accuracy_percent",
            *(f"domain_{d.number}_percent" for d in board.domains),
            "last_mock_exam_percent",
            "assignments_done",
        ]
    )
    for row in [*board.members, board.total]:
        writer.writerow(
            [
                _cell(row.name),
                row.chapters_read,
                row.answered,
                row.right,
                row.accuracy.percent if row.answered else "",
                *(cell.percent if cell.total else "" for _d, cell in row.domain_cells),
                row.last_exam[1] if row.last_exam else "",
                len(row.done) if row.user_id else "",
            ]
        )
    return response


def _set_fields(post) -> tuple[list[int], list[str], int]:
    """The question set's domains, chapters and size as posted; junk raises TeamError."""
    domains = post.getlist("set_domain")[:10]
    if any(not (d.isascii() and d.isdigit() and len(d) == 1) for d in domains):
        raise TeamError("Choose domains from the list (1 to 4).")
    count = post.get("set_count", "10").strip()
    if not (count.isascii() and count.isdigit() and len(count) <= 3):
        raise TeamError(f"How many questions: a whole number from 1 to {SET_MAX}.")
    return [int(d) for d in domains], post.getlist("set_chapter")[:100], int(count)


@team_view("POST", trainer_only=True)
def assignment_new(request: HttpRequest, team) -> HttpResponse:
    try:
        due = date.fromisoformat(request.POST.get("due", ""))
    except ValueError:
        messages.error(request, "Give a due date (YYYY-MM-DD).")
        return redirect("teams:team", team_id=team.pk)
    try:
        set_domains, set_chapters, set_count = _set_fields(request.POST)
        assignment_create(
            team=team,
            kind=request.POST.get("kind", ""),
            chapter=request.POST.get("chapter", ""),
            due=due,
            chapters={c.slug: c.title for c in get_library().chapters},
            set_domains=set_domains,
            set_chapters=set_chapters,
            set_count=set_count,
        )
    except TeamError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Assigned.")
    return redirect("teams:team", team_id=team.pk)


@team_view("GET", "HEAD", "POST")
def assignment_set(request: HttpRequest, team, assignment_id: int) -> HttpResponse:
    """A question set assigned to the team: what it holds (GET) and, on POST, a practice
    of exactly those questions, counted for the assignment when answered to the end."""
    assignment = team.assignments.filter(pk=assignment_id, kind=AssignmentKind.CUSTOM_SET).first()
    if assignment is None:
        raise Http404
    if request.method == "POST":
        practice = practice_create(
            request,
            list(assignment.question_ids),
            {"assignment": assignment.pk, "label": assignment.set_label},
        )
        return redirect("quiz:practice-set", practice.pk)
    title, _url = assignment_target(assignment, get_library())
    return render(
        request,
        "teams/question_set.html",
        {"team": team, "assignment": assignment, "title": title},
    )


@team_view("POST", trainer_only=True)
def assignment_remove(request: HttpRequest, team, assignment_id: int) -> HttpResponse:
    assignment_delete(team=team, assignment_id=assignment_id)
    return redirect("teams:team", team_id=team.pk)
