"""`manage.py check` reports every broken note with its file and line.

Codes: E001 no front matter, E002 invalid front matter, E003 bad widget embed,
E004 link to a missing chapter, E005 missing anchor, E006 bad or duplicate slug,
E007 unreadable file, E008 a widget's "learn more" chapter or anchor is missing,
E009 a bad diagram embed or diagram file (notes/diagrams/NAME.svg).
"""

from __future__ import annotations

from django.core import checks

from studysite.widgets.registry import WIDGETS
from studysite.widgets.topics import all_targets

from .loader import Library, build_library


@checks.register("notes")
def check_notes(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    return notes_errors(build_library())


def notes_errors(library: Library) -> list[checks.CheckMessage]:
    """What :func:`check_notes` reports, for a library already built (the static export
    checks the one it exports)."""
    errors = [
        checks.Error(
            problem.message,
            hint=problem.hint or None,
            obj=problem.location,
            id=f"chapters.{problem.code}",
        )
        for problem in library.problems
    ]
    for spec in WIDGETS.values():
        if not spec.chapter:
            continue
        slug, _, anchor = spec.chapter.partition("#")
        chapter = library.by_slug.get(slug)
        if chapter is None or (anchor and anchor not in chapter.anchors):
            errors.append(
                checks.Error(
                    f"Widget {spec.name!r} points at the chapter section {spec.chapter!r}, "
                    "which does not exist.",
                    hint="Fix WidgetSpec.chapter or add the section to the notes.",
                    obj="studysite/widgets/registry.py",
                    id="chapters.E008",
                )
            )
    for target in sorted(set(all_targets())):
        slug, _, anchor = target.partition("#")
        chapter = library.by_slug.get(slug)
        if chapter is None or (anchor and anchor not in chapter.anchors):
            errors.append(
                checks.Error(
                    f"The CLI explainer links commands to {target!r}, which does not exist.",
                    hint="Fix the rule in studysite/widgets/topics.py or add the section.",
                    obj="studysite/widgets/topics.py",
                    id="chapters.E008",
                )
            )
    return errors
