"""The export's early note renderer: forked by manage.py before Django loads.

Django's start-up (its apps, models and the widget modules, about 0.33 s) runs on one
core, and the export's other core had nothing to do meanwhile. The notes need none of
it: Python-Markdown, Pygments and the notes code are ready in about 0.15 s. So when the
command is ``export_site``, manage.py calls :func:`start` first: a forked process
renders :data:`EARLY_NOTES` of the notes (by size) while this one starts Django, then
sends them over a pipe. :meth:`Exporter.run <studysite.export.build.Exporter.run>`
takes the pipe (:func:`take`), renders the rest and builds the same library as ever
(studysite/export/notes.py). Called any other way (``call_command``, ``export_site()``
in tests), nothing was started and the export renders its notes as before.

Once it has sent its notes, the renderer builds the export's search index, which needs
every note: the export sends it the notes it rendered itself (or None: no index wanted)
and takes the index script at the end (:meth:`EarlyRenderer.search_index`). Built in the
side worker, the index (0.12-0.15 s) was the last thing the export waited for, with the
other core idle; here it is built while the export loads its questions and starts its
pages (benchmarks/REPORT.md).

The renderer imports no more of Django than ``django.conf.settings`` (for NOTES_DIR)
and what the notes code imports; it sends ``{}`` (or no index) if anything fails, and
the export then renders those notes (or builds the index) itself. It is a daemon: if the
command stops before taking it, it ends with the command.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
from contextlib import suppress
from dataclasses import dataclass

__all__ = ["EARLY_NOTES", "EarlyRenderer", "start", "take"]

# The renderer's share of the notes, by bytes: it starts rendering about 0.3 s before
# this process has Django loaded, but renders more slowly beside it (0.93 s for all the
# notes against 0.74 here, measured), and both shares should be done together
# (benchmarks/REPORT.md).
EARLY_NOTES = 0.74


@dataclass
class EarlyRenderer:
    process: mp.Process
    connection: object  # this end of the duplex pipe
    weight: float = EARLY_NOTES

    def receive(self) -> dict:
        """The notes it rendered (file name and sha256 -> RenderedNote); ``{}`` if it
        failed or is gone."""
        try:
            notes = self.connection.recv()
        except (EOFError, OSError):
            notes = {}
        return notes if isinstance(notes, dict) else {}

    def index_with(self, notes: dict | None) -> None:
        """Send the notes it lacks for the search index (None: it builds none and ends)."""
        with suppress(OSError):  # it is gone: search_index says so
            self.connection.send(notes)
        if notes is None:
            self.close()

    def search_index(self) -> bytes | None:
        """The search index script it built from every note (None: it failed)."""
        try:
            script = self.connection.recv()
        except (EOFError, OSError):
            script = None
        self.close()
        return script if isinstance(script, bytes) else None

    def close(self) -> None:
        self.connection.close()
        self.process.join()

    def stop(self) -> None:
        """End it whatever it is doing (the export failed)."""
        self.process.terminate()
        self.close()


_started: EarlyRenderer | None = None


def start() -> None:
    """Fork the renderer (where the platform forks); manage.py calls this before it
    loads Django, for ``export_site`` only."""
    global _started
    if _started is not None or "fork" not in mp.get_all_start_methods():
        return
    # The notes code (Python-Markdown, Pygments, PyYAML: 0.09 s) is imported here, before
    # the fork: the renderer inherits it and this process needs it too, so it is imported
    # once rather than in each (and Django's start-up, which imports it, is that much
    # shorter: the renderer still starts rendering as early).
    from . import notes  # noqa: F401

    context = mp.get_context("fork")
    ours, theirs = context.Pipe()
    process = context.Process(target=_render, args=(theirs, ours), daemon=True, name="export-notes")
    process.start()
    theirs.close()
    _started = EarlyRenderer(process, ours)


def take() -> EarlyRenderer | None:
    """The renderer manage.py started, once (None: there is none)."""
    global _started
    renderer, _started = _started, None
    return renderer


def _render(connection, parents_end) -> None:
    """In the renderer: its share of the notes, sent once rendered; then, given the
    notes it lacks, the search index."""
    parents_end.close()
    gc.disable()  # as in the export: the renderer leaves almost no cycles behind
    try:
        from .notes import early_share  # imported by start(), before the fork

        notes = early_share(EARLY_NOTES)
    except Exception:  # the export renders these notes itself
        notes = {}
    try:
        connection.send(notes)
        rest = connection.recv()
    except (EOFError, OSError):  # the command is gone
        return
    if isinstance(rest, dict):
        script = None
        with suppress(Exception):  # the export builds the index itself
            from .notes import early_search_index

            script = early_search_index({**notes, **rest})
        with suppress(OSError):
            connection.send(script)
    connection.close()
