"""Progress pieces for other templates: ``{% load progress %}{% due_reviews %}``.

The home page and the header show how many questions are due without the chapters app
knowing about reviews. The count is one query, remembered on the request, so showing it
twice on a page costs that one query once; visitors who never answered cost none.
"""

from __future__ import annotations

from django import template
from django.urls import reverse

from studysite.progress.review import due_count

register = template.Library()


@register.inclusion_tag("progress/_due_reviews.html", takes_context=True)
def due_reviews(context) -> dict[str, object]:
    request = context.get("request")
    count = due_count(request) if request is not None else 0
    return {"count": count, "url": reverse("progress:review") if count else ""}
