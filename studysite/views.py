"""Site-level pages that compose several apps."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.gzip import gzip_page

from studysite.chapters.domains import DOMAINS
from studysite.chapters.loader import get_library


@gzip_page
def home(request: HttpRequest) -> HttpResponse:
    library = get_library()
    groups = [
        {"domain": DOMAINS.get(number) if number else None, "chapters": chapters}
        for number, chapters in library.by_domain()
    ]
    return render(request, "home.html", {"groups": groups, "chapter_count": len(library.chapters)})
