"""Quiz pieces for other apps' templates.

Templates compose apps: the chapter page shows a "Test yourself" link through this tag,
so the chapters app never imports the quiz. The link comes from the question files
(cached per process), not the database, so a chapter page costs no query.
"""

from __future__ import annotations

from django import template
from django.urls import reverse

from studysite.quiz.bank import get_bank

register = template.Library()


@register.inclusion_tag("quiz/_chapter_link.html", takes_context=True)
def quiz_link(context, chapter) -> dict[str, object]:
    """The chapter's link to its quiz; ``question_count`` in the context, when a page
    already knows it, spares loading the bank (the static export's side worker)."""
    slug = getattr(chapter, "slug", "")
    count = context.get("question_count")
    if count is None:
        count = len(get_bank().for_chapter(slug)) if slug else 0
    return {"count": count, "url": reverse("quiz:chapter", args=[slug]) if count else ""}
