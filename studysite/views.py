"""Site-level pages that compose several apps."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from studysite.chapters.domains import DOMAINS
from studysite.chapters.loader import Library, get_library
from studysite.progress.overview import DomainScore, LastActivity, domain_scores, last_activity
from studysite.progress.reading import read_slugs
from studysite.quiz.ownership import owner_filter
from studysite.shared_pages import Same, personal_response, shared_response


def _bar(part: int, whole: int) -> float:
    """A progress bar's filled width in a 0..100 viewBox (never quite empty or full)."""
    return round(99 * part / whole, 1) if whole else 0


def next_step(library: Library, read: frozenset[str], last: LastActivity | None):
    """Home's "continue" suggestion: the chapter of the learner's latest answer while it
    is unread, else the first unread chapter after the one they were busy with."""
    if last is None or last.chapter not in library.by_slug:
        return None
    chapter = library.by_slug[last.chapter]
    if last.kind == "answer" and chapter.slug not in read:
        anchor = f"#{last.section}" if last.section in chapter.anchors else ""
        return {"label": "Carry on with", "chapter": chapter, "url": chapter.url + anchor}
    chapters = list(library.chapters)
    at = chapters.index(chapter)
    for candidate in chapters[at + 1 :] + chapters[:at]:
        if candidate.slug not in read:
            return {"label": "Next up", "chapter": candidate, "url": candidate.url}
    return {"label": "Every chapter read", "chapter": None, "url": ""}


def home_context(
    library: Library,
    *,
    read: frozenset[str] = frozenset(),
    scores: dict[int, DomainScore] | None = None,
    last: LastActivity | None = None,
    personal: bool = False,
) -> dict[str, object]:
    """Each chapter once, with its domain chips; each domain with its weight and, for a
    learner with progress, chapters read and answers right; the "continue" card."""
    scores = scores or {}
    chapters = [
        {"chapter": c, "domains": [DOMAINS[d] for d in c.domains], "read": c.slug in read}
        for c in library.chapters
    ]
    domains = []
    for number, domain in DOMAINS.items():
        slugs = [c.slug for c in library.chapters if number in c.domains]
        done = sum(1 for slug in slugs if slug in read)
        domains.append(
            {
                "domain": domain,
                "chapters": len(slugs),
                "read": done,
                "read_width": _bar(done, len(slugs)),
                "score": scores.get(number),
                "score_width": _bar(scores[number].correct, scores[number].total)
                if number in scores
                else 0,
            }
        )
    return {
        "chapters": chapters,
        "domains": domains,
        "chapter_count": len(library.chapters),
        "read_count": sum(1 for c in library.chapters if c.slug in read),
        "next_step": next_step(library, read, last),
        "personal": personal,
    }


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    library = get_library()

    # A visitor with progress of their own (chapters read, answers, reviews due) gets
    # home built for them; everyone else shares one page, kept per library
    # (studysite/shared_pages/).
    visitor = owner_filter(request) if settings.SESSION_COOKIE_NAME in request.COOKIES else None
    if visitor is not None:
        context = home_context(
            library,
            read=read_slugs(request),
            scores=domain_scores(visitor),
            last=last_activity(visitor),
            personal=True,
        )
        return personal_response(request, render_to_string("home.html", context, request))
    return shared_response(
        request,
        key=("home", Same(library)),
        template="home.html",
        context=lambda: home_context(library),
        current=lambda: get_library() is library,
    )
