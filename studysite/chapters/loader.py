"""Notes on disk -> validated, rendered chapters.

Data flows one way: ``notes/*.md`` -> :func:`build_library` (front matter validated,
markdown rendered, links and anchors checked) -> views. Rendering is cached per file
under the ``chapters`` cache alias, keyed by the sha256 of the file's bytes, the
diagrams it may inline and :data:`RENDERER_VERSION`, so no request ever re-parses
markdown: in production the library is built once per process; with DEBUG on, file
mtimes are compared on each request and only changed files are rendered again.

A broken note never raises here. Its problems (with file and line) are collected; the
``notes`` system check reports them and the page still renders what it can.

Split by responsibility: :mod:`.library` (the dataclasses returned), :mod:`.note_render`
(one note's bytes, rendered and cached), :mod:`.cli_commands` (the ``aws`` commands in
its shell blocks) and this module (every note in the folder into one library, checked
across notes, and the per-process library).
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType

from django.conf import settings

from .cli_commands import cli_commands
from .library import (
    NOTES_URL_PREFIX,
    Chapter,
    Library,
    NoteProblem,
    RenderedNote,
    TocEntry,
    chapter_url,
)
from .markdown_ext import SLUG_RE, NoteLink, slug_for_filename
from .note_render import RENDERER_VERSION, _cached_render, render_note

# The chapters app's entry point: other apps import the library's types from here, and
# entries the rendered-chapter cache wrote before the split name RenderedNote, NoteProblem
# and TocEntry under this module, so they must stay importable from it.
__all__ = [
    "MAX_NOTE_BYTES",
    "NOTES_URL_PREFIX",
    "RENDERER_VERSION",
    "Chapter",
    "Library",
    "NoteProblem",
    "RenderNote",
    "RenderedNote",
    "TocEntry",
    "build_library",
    "chapter_url",
    "cli_commands",
    "diagram_files",
    "get_library",
    "install_library",
    "note_files",
    "read_diagrams",
    "render_note",
    "reset_library",
]

logger = logging.getLogger(__name__)

MAX_NOTE_BYTES = 2 * 1024 * 1024


def note_files(notes_dir: Path) -> list[Path]:
    return sorted(p for p in notes_dir.glob("*.md") if p.is_file())


def diagram_files(notes_dir: Path) -> list[Path]:
    return sorted(p for p in (notes_dir / "diagrams").glob("*.svg") if p.is_file())


def read_diagrams(notes_dir: Path) -> dict[str, str]:
    """Every notes/diagrams/*.svg by name; a file that cannot be read is left out."""
    diagrams: dict[str, str] = {}
    for path in diagram_files(notes_dir):
        try:
            diagrams[path.stem] = path.read_bytes()[:MAX_NOTE_BYTES].decode("utf-8", "replace")
        except OSError:
            logger.warning("Cannot read the diagram %s", path, exc_info=True)
    return diagrams


def _relative(path: Path) -> str:
    try:
        return path.relative_to(settings.BASE_DIR).as_posix()
    except ValueError:
        return path.as_posix()


# How one note's bytes become a RenderedNote: (data, sha256 hex digest, source path,
# widget options, diagrams) -> RenderedNote.
RenderNote = Callable[
    [bytes, str, str, Mapping[str, frozenset[str]], Mapping[str, str]], RenderedNote
]


def build_library(
    notes_dir: Path | None = None,
    *,
    render: RenderNote | None = None,
    widget_options: Mapping[str, frozenset[str]] | None = None,
) -> Library:
    """Every note in ``notes_dir``, rendered through the chapter cache, or by ``render``
    (the static export renders with no cache, half the notes in each of two processes);
    ``widget_options`` (each widget's embed options) default to the widget registry's."""
    if widget_options is None:
        # Imported here: the static export's early note renderer (studysite/export/
        # early.py) imports this module but never the widgets' logic the registry loads
        # (65 ms).
        from studysite.widgets.registry import embed_options

        widget_options = embed_options()
    notes_dir = Path(notes_dir or settings.NOTES_DIR)
    render = render or _cached_render
    diagrams = read_diagrams(notes_dir)
    problems: list[NoteProblem] = []
    chapters: list[Chapter] = []
    links: dict[str, tuple[tuple[NoteLink, int], ...]] = {}
    for path in note_files(notes_dir):
        source = _relative(path)
        try:
            if path.stat().st_size > MAX_NOTE_BYTES:
                problems.append(
                    NoteProblem(source, 1, "E007", "The note is larger than 2 MiB.", "Split it.")
                )
                continue
            data = path.read_bytes()
        except OSError as exc:
            problems.append(NoteProblem(source, 1, "E007", f"Cannot read the note: {exc}.", ""))
            continue
        digest = hashlib.sha256(data).hexdigest()
        note = render(data, digest, source, widget_options, diagrams)
        links[source] = note.links
        slug = slug_for_filename(path.stem)
        note_problems = list(note.problems)
        if not SLUG_RE.match(slug):
            note_problems.append(
                NoteProblem(
                    source,
                    1,
                    "E006",
                    f"The file name {path.name!r} gives no usable URL slug.",
                    "Name notes with lowercase letters, digits and hyphens, e.g. s3-buckets.md.",
                )
            )
            problems.extend(note_problems)
            continue
        meta = note.meta
        chapters.append(
            Chapter(
                slug=slug,
                source=source,
                title=str(meta.get("title") or path.stem.replace("-", " ").capitalize()),
                order=int(meta.get("order", 10_000)),  # type: ignore[call-overload]
                domains=tuple(meta.get("domains", ())),  # type: ignore[arg-type]
                summary=str(meta.get("summary", "")),
                html=note.html,
                toc=note.toc,
                anchors=note.anchors,
                sections=note.sections,
                widgets=note.widgets,
                sha256=digest,
                problems=tuple(note_problems),
                cli_commands=cli_commands(data.decode("utf-8", "replace")),
            )
        )
        problems.extend(note_problems)

    by_slug: dict[str, Chapter] = {}
    for chapter in chapters:
        if chapter.slug in by_slug:
            problems.append(
                NoteProblem(
                    chapter.source,
                    1,
                    "E006",
                    f"The slug {chapter.slug!r} is already used by {by_slug[chapter.slug].source}.",
                    "Rename one of the files; the URL comes from the file name.",
                )
            )
            continue
        by_slug[chapter.slug] = chapter

    # Cross-note checks: every internal link must reach an existing chapter and anchor.
    for chapter in by_slug.values():
        for link, line in links[chapter.source]:
            target = by_slug.get(link.slug) if link.slug else chapter
            if target is None:
                problems.append(
                    NoteProblem(
                        chapter.source,
                        line,
                        "E004",
                        f"The link to {link.slug}.md points at no chapter.",
                        "Existing chapters: " + ", ".join(sorted(by_slug)) + ".",
                    )
                )
            elif link.anchor and link.anchor not in target.anchors:
                problems.append(
                    NoteProblem(
                        chapter.source,
                        line,
                        "E005",
                        f"The anchor #{link.anchor} does not exist in {target.source}.",
                        ("Its anchors: " + ", ".join(sorted(target.anchors)[:30]) + ".")
                        if target.anchors
                        else "That chapter has no headings with ids.",
                    )
                )

    ordered = tuple(sorted(by_slug.values(), key=lambda c: (c.order, c.title.casefold())))
    problems.sort(key=lambda p: (p.path, p.line))
    return Library(
        chapters=ordered,
        by_slug=MappingProxyType({c.slug: c for c in ordered}),
        problems=tuple(problems),
    )


# --- Per-process state --------------------------------------------------------------

_lock = threading.Lock()
_state: dict[str, object] = {}


def _signature(notes_dir: Path) -> tuple:
    entries = []
    for path in note_files(notes_dir) + diagram_files(notes_dir):
        try:
            stat = path.stat()
        except OSError:
            continue
        entries.append((path.name, stat.st_mtime_ns, stat.st_size))
    return (str(notes_dir), tuple(entries))


def get_library() -> Library:
    """The current library: built once per process, or re-checked per call in DEBUG."""
    notes_dir = Path(settings.NOTES_DIR)
    library = _state.get("library")
    if (
        isinstance(library, Library)
        and _state.get("notes_dir") == str(notes_dir)
        and not settings.DEBUG
    ):
        return library
    signature = _signature(notes_dir)
    if isinstance(library, Library) and _state.get("signature") == signature:
        return library
    with _lock:
        if _state.get("signature") != signature or not isinstance(_state.get("library"), Library):
            built = build_library(notes_dir)
            # Typo tolerance's word index is built here, once, so that no search pays for it.
            built.search_index.prepare_corrections()
            _state.update(library=built, signature=signature, notes_dir=str(notes_dir))
    return _state["library"]  # type: ignore[return-value]


def install_library(library: Library) -> None:
    """Make ``library`` this process's library, as get_library would have built it from
    the notes as they are now (the static export builds its own, see build_library)."""
    notes_dir = Path(settings.NOTES_DIR)
    with _lock:
        _state.update(library=library, signature=_signature(notes_dir), notes_dir=str(notes_dir))


def reset_library() -> None:
    """Forget the per-process library (tests, and `clear_chapter_cache`)."""
    with _lock:
        _state.clear()
