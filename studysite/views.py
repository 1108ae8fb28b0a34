"""Site-level pages that compose several apps."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from studysite.chapters.domains import DOMAINS
from studysite.chapters.loader import get_library
from studysite.quiz.ownership import owner_filter
from studysite.shared_pages import Same, personal_response, shared_response


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    library = get_library()

    def context() -> dict[str, object]:
        groups = [
            {"domain": DOMAINS.get(number) if number else None, "chapters": chapters}
            for number, chapters in library.by_domain()
        ]
        return {"groups": groups, "chapter_count": len(library.chapters)}

    # A visitor with progress of their own (chapters read, reviews due) gets home built
    # for them; everyone else shares one page, kept per library (studysite/shared_pages.py).
    if settings.SESSION_COOKIE_NAME in request.COOKIES and owner_filter(request) is not None:
        return personal_response(request, render_to_string("home.html", context(), request))
    return shared_response(
        request, key=("home", Same(library)), template="home.html", context=context
    )
