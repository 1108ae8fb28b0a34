"""Versions of other apps' content that a chapter page shows, without importing them.

A kept chapter page (studysite/shared_pages/) must be rebuilt when anything it shows
changes: its note, and the question bank whose size its "Test yourself" link states.
The quiz app registers its bank here at start-up (quiz may import chapters, never the
reverse, DESIGN.md), as the chapters app plugs its examples into the widget registry.
"""

from __future__ import annotations

from collections.abc import Callable

# Each returns an object that is replaced (a new identity) whenever its content changes.
EXTRA_VERSIONS: list[Callable[[], object]] = []


def extra_versions() -> tuple[object, ...]:
    return tuple(current() for current in EXTRA_VERSIONS)


def still_current(seen: tuple[object, ...]) -> bool:
    """Whether every registered content is the same object as when ``seen`` was taken."""
    return len(seen) == len(EXTRA_VERSIONS) and all(
        current() is old for current, old in zip(EXTRA_VERSIONS, seen, strict=True)
    )
