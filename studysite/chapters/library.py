"""What the loader returns: the library of chapters, each chapter with its table of
contents, and the problems found in the notes (frozen dataclasses)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from .domains import DOMAINS
from .markdown_ext import (
    NoteLink,
    Section,
    WidgetEmbed,
)
from .search import SearchDocument, SearchIndex

NOTES_URL_PREFIX = "/notes/"


def chapter_url(slug: str) -> str:
    return f"{NOTES_URL_PREFIX}{slug}/"


@dataclass(frozen=True)
class NoteProblem:
    path: str  # relative to the project, e.g. "notes/s3-buckets.md"
    line: int
    code: str
    message: str
    hint: str = ""

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class TocEntry:
    id: str
    title: str
    level: int
    children: tuple[TocEntry, ...] = ()


@dataclass(frozen=True)
class Chapter:
    slug: str
    source: str
    title: str
    order: int
    domains: tuple[int, ...]
    summary: str
    html: str
    toc: tuple[TocEntry, ...]
    anchors: frozenset[str]
    sections: tuple[Section, ...]
    widgets: tuple[WidgetEmbed, ...]
    sha256: str
    problems: tuple[NoteProblem, ...] = ()
    # Every `aws ...` command in the chapter's shell code blocks (examples for the
    # CLI explainer, and a test that each one explains without an error).
    cli_commands: tuple[str, ...] = ()

    @property
    def url(self) -> str:
        return chapter_url(self.slug)


@dataclass(frozen=True)
class RenderedNote:
    """The cacheable result of one file (everything that depends only on its bytes)."""

    meta: Mapping[str, object]
    html: str
    toc: tuple[TocEntry, ...]
    anchors: frozenset[str]
    sections: tuple[Section, ...]
    widgets: tuple[WidgetEmbed, ...]
    links: tuple[tuple[NoteLink, int], ...]  # each link with its line
    problems: tuple[NoteProblem, ...]


@dataclass(frozen=True)
class Library:
    chapters: tuple[Chapter, ...]
    by_slug: Mapping[str, Chapter]
    problems: tuple[NoteProblem, ...]

    @cached_property
    def search_index(self) -> SearchIndex:
        """Built on first use (get_library builds it at once for the site; the static
        export only in the process that writes the search index)."""
        return SearchIndex(
            [
                SearchDocument(c.slug, c.title, s.anchor, s.heading, s.text)
                for c in self.chapters
                for s in c.sections
            ]
        )

    def neighbours(self, slug: str) -> tuple[Chapter | None, Chapter | None]:
        slugs = [c.slug for c in self.chapters]
        i = slugs.index(slug)
        previous = self.chapters[i - 1] if i > 0 else None
        following = self.chapters[i + 1] if i + 1 < len(self.chapters) else None
        return previous, following

    def by_domain(self) -> list[tuple[int | None, list[Chapter]]]:
        """General chapters (no domain) first, then all four domains in order, each
        with every chapter that serves it (a chapter may serve several)."""
        general = [c for c in self.chapters if not c.domains]
        groups: list[tuple[int | None, list[Chapter]]] = [(None, general)] if general else []
        groups += [(d, [c for c in self.chapters if d in c.domains]) for d in DOMAINS]
        return groups
