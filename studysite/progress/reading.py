"""Reading progress: a chapter marked read (or unread again) by its reader.

Chapter pages are the same bytes for every anonymous visitor, with no cookie and no CSRF
token (``studysite/shared_pages/``), so they carry no per-visitor state: they hold a
placeholder that htmx swaps for :func:`chapter_read`'s form (with its token) on load, and
a plain link to the same URL, where visitors without JavaScript find a small page with
that form. Home shows "N of M chapters read"
per domain through :func:`read_slugs`: one query per request, none for a new visitor.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from studysite.chapters.loader import Chapter, get_library
from studysite.quiz.ownership import owner_fields, owner_filter

from .models import ChapterRead

BAD_CHOICE = "That button could not be read; nothing was changed."


def read_slugs(request: HttpRequest | None) -> frozenset[str]:
    """The chapters this visitor marked read: one query, remembered on the request."""
    if request is None:
        return frozenset()
    cached = getattr(request, "_progress_read", None)
    if cached is not None:
        return cached
    visitor = owner_filter(request)
    slugs: frozenset[str] = frozenset()
    if visitor is not None:
        slugs = frozenset(
            ChapterRead.objects.filter(visitor).values_list("chapter", flat=True).distinct()
        )
    request._progress_read = slugs  # type: ignore[attr-defined]
    return slugs


def is_read(request: HttpRequest, slug: str) -> bool:
    visitor = owner_filter(request)
    return visitor is not None and ChapterRead.objects.filter(visitor, chapter=slug).exists()


def set_read(request: HttpRequest, slug: str, read: bool) -> None:
    """Mark a chapter read or unread for this visitor.

    One statement each, never a read first: an INSERT ... ON CONFLICT DO NOTHING against
    the (owner, chapter) unique constraint, or a DELETE. Simultaneous posts neither fail
    (SQLite) nor store a second row (PostgreSQL).
    """
    if read:
        row = ChapterRead(**owner_fields(request), chapter=slug)
        ChapterRead.objects.bulk_create([row], ignore_conflicts=True)
    else:
        visitor = owner_filter(request)
        if visitor is not None:
            ChapterRead.objects.filter(visitor, chapter=slug).delete()


def _respond(
    request: HttpRequest,
    chapter: Chapter,
    *,
    message: str = "",
    changed: bool = False,
    status: int = 200,
) -> HttpResponse:
    context = {
        "chapter": chapter,
        "done": is_read(request, chapter.slug),
        "action": reverse("progress:chapter-read", args=[chapter.slug]),
        "message": message,
        "changed": changed,
    }
    if request.htmx:
        response = render(request, "progress/chapter_read.html#toggle", context)
    else:
        response = render(request, "progress/chapter_read.html", context, status=status)
    response["Cache-Control"] = "no-store"  # this visitor's own state
    return response


@require_http_methods(["GET", "POST"])
def chapter_read(request: HttpRequest, slug: str) -> HttpResponse:
    chapter = get_library().by_slug.get(slug)
    if chapter is None:
        raise Http404("No such chapter.")
    if request.method == "GET":
        return _respond(request, chapter, changed=request.GET.get("changed") == "1")
    choice = request.POST.get("read", "")
    if choice not in {"0", "1"}:
        return _respond(request, chapter, message=BAD_CHOICE, status=200 if request.htmx else 400)
    set_read(request, slug, choice == "1")
    if request.htmx:
        return _respond(request, chapter, changed=True)
    # Post/redirect/get: a reload does not post again.
    return redirect(reverse("progress:chapter-read", args=[slug]) + "?changed=1")
