"""`manage.py check` reports every broken note with its file and line.

Codes: E001 no front matter, E002 invalid front matter, E003 bad widget embed,
E004 link to a missing chapter, E005 missing anchor, E006 bad or duplicate slug,
E007 unreadable file.
"""

from __future__ import annotations

from django.core import checks

from .loader import build_library


@checks.register("notes")
def check_notes(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    library = build_library()
    return [
        checks.Error(
            problem.message,
            hint=problem.hint or None,
            obj=problem.location,
            id=f"chapters.{problem.code}",
        )
        for problem in library.problems
    ]
