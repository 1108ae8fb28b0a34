"""Progress pieces for other templates: ``{% load progress %}``.

- ``{% due_reviews %}``: how many questions are due, for home and the header. One query,
  remembered on the request; visitors who never answered cost none.
- ``{% read_toggle chapter %}``: the chapter page's reading-progress placeholder. It reads
  no visitor data (chapter pages are cached whole and shared), only builds a URL.
- ``{% chapters_read as read %}`` and ``{% reading_bar chapters read %}``: home's
  "N of M chapters read" per domain; one query per request for all of them.
"""

from __future__ import annotations

from django import template
from django.urls import reverse

from studysite.progress.reading import read_slugs
from studysite.progress.review import due_count

register = template.Library()


@register.inclusion_tag("progress/_due_reviews.html", takes_context=True)
def due_reviews(context) -> dict[str, object]:
    request = context.get("request")
    count = due_count(request) if request is not None else 0
    return {"count": count, "url": reverse("progress:review") if count else ""}


@register.inclusion_tag("progress/_read_placeholder.html")
def read_toggle(chapter) -> dict[str, object]:
    slug = getattr(chapter, "slug", "")
    return {"url": reverse("progress:chapter-read", args=[slug]) if slug else ""}


@register.simple_tag(takes_context=True)
def chapters_read(context) -> frozenset[str]:
    return read_slugs(context.get("request"))


@register.inclusion_tag("progress/_reading_bar.html")
def reading_bar(chapters, read) -> dict[str, object]:
    total = len(chapters)
    count = sum(1 for c in chapters if getattr(c, "slug", None) in read)
    return {"read": count, "total": total, "width": round(99 * count / total, 1) if total else 0}
