"""The export's notes library: built cold and shared between the export's two processes.

The export renders every note itself (``build_library`` with a render hook), never
reading the chapter cache an earlier run or the site left behind: two exports do the same
work, as MkDocs does (issue 15 compares cold builds). Rendering the notes is the largest
step the export cannot skip, so with the side worker each process renders a share
(:func:`shares`, by file size) and sends it to the other; both then assemble the same
library from all the notes::

    parent:      render its share -> send it -> receive the side's
    side worker: render its share -> receive the parent's -> send its own

(each sends only once it has rendered, so neither waits on a full pipe). Run from
manage.py, the notes are shared with the early renderer instead, which starts before
Django loads (studysite/export/early.py; :func:`early_share` there,
:func:`notes_with_early` here), and the side worker, busy loading awscli meanwhile,
gets every note from the parent::

    early renderer: render its share (from the start) -> send it
    parent:         start Django -> render its share -> receive the renderer's -> send all
    side worker:    load awscli -> receive all

A note that arrives from no other process (it failed) is rendered where it is needed,
so the library is the same in any case.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from pathlib import Path

from django.conf import settings

from studysite.chapters.loader import (
    MAX_NOTE_BYTES,
    Library,
    RenderedNote,
    build_library,
    note_files,
    read_diagrams,
    render_note,
)

__all__ = [
    "build_alone",
    "build_shared",
    "build_with_early",
    "early_search_index",
    "early_share",
    "library_of",
    "notes_with_early",
    "shares",
]

# Notes by (file name, sha256 of its bytes).
Notes = dict[tuple[str, str], RenderedNote]


def shares(paths: list[Path], side_weight: float) -> tuple[list[Path], list[Path]]:
    """(the parent's notes, the side worker's), split by size, the largest first, so that
    the side's bytes are about ``side_weight`` of all (it has its own pages to build)."""
    sized = sorted(((p.stat().st_size, p.name, p) for p in paths), reverse=True)
    mine: list[Path] = []
    side: list[Path] = []
    load = [0.0, 0.0]
    weights = (1.0 - side_weight, side_weight)
    for size, _, path in sized:
        # Give the note to the share that is further behind its part of the work.
        turn = 0 if load[0] / weights[0] <= load[1] / max(weights[1], 1e-9) else 1
        (mine, side)[turn].append(path)
        load[turn] += size
    return sorted(mine), sorted(side)


def _source(path: Path) -> str:
    """The note's name in its problems, as build_library gives it (a mismatch only costs
    rendering the note again, in the hook)."""
    try:
        return path.relative_to(settings.BASE_DIR).as_posix()
    except ValueError:
        return path.as_posix()


class _EveryOption(frozenset):
    """Any option of a widget is taken (see :data:`UNCHECKED`)."""

    def __contains__(self, option: object) -> bool:
        return True


class _Unchecked(Mapping[str, frozenset[str]]):
    """Every widget name is taken, with any option."""

    def __getitem__(self, name: str) -> frozenset[str]:
        return _EveryOption()

    def __iter__(self):
        return iter(())

    def __len__(self) -> int:
        return 0


# The early renderer's widget options: it has no widget registry (importing it loads
# every widget's logic, 65 ms of its 0.19 s start). An embed of a widget that does
# not exist, or with an option the widget has not, renders differently from an unchecked
# one: build_with_early checks every embed of the notes it receives, and renders a
# note with such an embed again.
UNCHECKED: Mapping[str, frozenset[str]] = _Unchecked()


def _checked(notes: Notes, options: Mapping[str, frozenset[str]]) -> Notes:
    """The notes whose every embed names a widget and its options (the others are
    rendered again, with their problems)."""
    return {
        key: note
        for key, note in notes.items()
        if all(
            embed.name in options and all(k in options[embed.name] for k, _ in embed.options)
            for embed in note.widgets
        )
    }


def _render_share(
    paths: list[Path], notes_dir: Path, widget_options: Mapping[str, frozenset[str]] | None = None
) -> Notes:
    if widget_options is None:
        from studysite.widgets.registry import embed_options  # see UNCHECKED

        widget_options = embed_options()
    diagrams = read_diagrams(notes_dir)
    notes: Notes = {}
    for path in paths:
        try:
            if path.stat().st_size > MAX_NOTE_BYTES:
                continue  # build_library reports it
            data = path.read_bytes()
        except OSError:
            continue
        notes[(path.name, hashlib.sha256(data).hexdigest())] = render_note(
            data, _source(path), widget_options, diagrams
        )
    return notes


def _library(notes: Notes, notes_dir: Path) -> Library:
    def render(
        data: bytes,
        digest: str,
        source: str,
        widget_options: Mapping[str, frozenset[str]],
        diagrams: Mapping[str, str],
    ) -> RenderedNote:
        note = notes.get((Path(source).name, digest))
        if note is None:
            return render_note(data, source, widget_options, diagrams)
        return note

    return build_library(notes_dir, render=render)


def build_alone() -> Library:
    """Every note rendered in this process, without the chapter cache."""
    return _library({}, Path(settings.NOTES_DIR))


def build_shared(connection, *, side: bool, side_weight: float) -> Library:
    """The library, this process rendering its share and ``connection`` (a duplex pipe to
    the other process) carrying the rest."""
    notes_dir = Path(settings.NOTES_DIR)
    parent_share, side_share = shares(note_files(notes_dir), side_weight)
    notes = _render_share(side_share if side else parent_share, notes_dir)
    try:
        if side:
            theirs = connection.recv()
            connection.send(notes)
        else:
            connection.send(notes)
            theirs = connection.recv()
    except (EOFError, OSError):  # the other process failed: render its share here
        theirs = {}
    if not isinstance(theirs, dict):  # the side failed first and sent its outcome (None)
        theirs = {}
    return _library({**theirs, **notes}, notes_dir)


class _NotRendered(Exception):
    """A note the early renderer was not sent (it builds no index then)."""


def early_search_index(notes: Notes) -> bytes:
    """In the early renderer: the export's search index script, from every note of the
    library (no Django apps: the notes' embeds are not checked again, see UNCHECKED)."""
    from .search_index import search_index_script

    def render(data: bytes, digest: str, source: str, *args) -> RenderedNote:
        note = notes.get((Path(source).name, digest))
        if note is None:  # changed since, or never rendered: the export builds the index
            raise _NotRendered(source)
        return note

    library = build_library(Path(settings.NOTES_DIR), render=render, widget_options=UNCHECKED)
    return search_index_script(library)


def early_share(weight: float) -> Notes:
    """In the early renderer (no Django set up, no widget registry): its share of the
    notes, rendered with their embeds unchecked (:data:`UNCHECKED`)."""
    notes_dir = Path(settings.NOTES_DIR)
    return _render_share(shares(note_files(notes_dir), weight)[1], notes_dir, UNCHECKED)


def notes_with_early(
    renderer, meanwhile: Callable[[], None] | None = None, *, index: bool = False
) -> Notes:
    """Every note rendered: this process renders what the early renderer (an
    :class:`~studysite.export.early.EarlyRenderer`) does not and receives the rest (each
    of its notes whose embeds the widget registry refuses is left out, and so rendered
    again by :func:`library_of`). With ``index``, the renderer is sent this process's
    notes to build the search index from (taken with ``renderer.search_index()``) when
    it has the same notes as the library; otherwise it is told to end."""
    from studysite.widgets.registry import embed_options

    notes_dir = Path(settings.NOTES_DIR)
    mine = _render_share(shares(note_files(notes_dir), renderer.weight)[0], notes_dir)
    if meanwhile is not None:  # work to do before waiting for the renderer
        meanwhile()
    theirs = renderer.receive()
    kept = _checked(theirs, embed_options())
    # A note rendered again here (an embed it could not check) would differ there.
    renderer.index_with(mine if index and theirs and len(kept) == len(theirs) else None)
    return {**kept, **mine}


def library_of(notes: Notes | object) -> Library:
    """The library from rendered notes (sent by another process: anything but a dict
    counts as none, and a note missing from them is rendered here)."""
    return _library(notes if isinstance(notes, dict) else {}, Path(settings.NOTES_DIR))


def build_with_early(renderer) -> Library:
    """The library, with the early renderer's notes (:func:`notes_with_early`)."""
    return library_of(notes_with_early(renderer))
