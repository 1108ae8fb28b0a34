"""The export's side worker: what it builds (the pages of :data:`SIDE_PAGES`), its share
of the notes, the self-checks either process claims (:class:`Claims`), the pipe to it
(:class:`SideWorker`, messages sent in order from a thread), its own work
(:func:`side_worker`) and what it sends back (:class:`SideOutcome`). The parent's side
is ``Exporter.start_side`` and ``Exporter.write_all`` in studysite/export/build.py."""

from __future__ import annotations

import multiprocessing as mp
import queue
import threading
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings

from studysite.chapters.cli_commands import cli_commands
from studysite.chapters.loader import note_files
from studysite.widgets.embed import run_widget
from studysite.widgets.registry import WIDGETS

from .notes import build_shared, library_of
from .report import ExportReport, Job, JobResult
from .search_index import SEARCH_INDEX, search_index_script

if TYPE_CHECKING:
    from .build import Exporter

__all__ = [
    "SIDE_NOTES",
    "SIDE_PAGES",
    "SIDE_WIDGET",
    "Claims",
    "SideOutcome",
    "SideWorker",
    "explain_notes_commands",
    "side_worker",
]


# The widget whose pages the side worker builds: the CLI explainer, for awscli.
SIDE_WIDGET = "cli-explain"
# The widgets whose pages (tool page, examples, each chapter that embeds one) the side
# worker builds: the CLI explainer's, and the storage-class picker's to even out the two
# processes' own pages (0.07 s; with it both are done with theirs within about 0.05 s
# of each other, and the claimed self-checks even out the rest, measured).
SIDE_PAGES = frozenset({SIDE_WIDGET, "storage-class"})
# The side worker's share of the notes to render, by bytes: it loads awscli first, and
# both wait for all the notes, so the two should finish their shares together
# (measured, see benchmarks/REPORT.md).
SIDE_NOTES = 0.3


@dataclass
class Claims:
    """The self-checks, which either process may build: each process, once its own pages
    are done, claims the next one until none is left, so the two end together whichever
    was behind (a fixed share of them left one process waiting 0.1-0.17 s for the
    other, measured: benchmarks/REPORT.md). A counter both processes share."""

    counter: object  # a multiprocessing Value("i")

    @classmethod
    def shared(cls, context) -> Claims:
        return cls(context.Value("i", 0))

    def claim(self, jobs: list[Job]) -> Iterator[Job]:
        """The jobs of ``jobs`` (the same list in both processes) this process claims,
        one at a time, as it asks for the next."""
        while True:
            with self.counter.get_lock():
                index = self.counter.value
                self.counter.value = index + 1
            if index >= len(jobs):
                return
            yield jobs[index]


def explain_notes_commands(spec) -> None:
    """In the side worker, while the parent gathers the notes: explain every ``aws``
    command in the notes' files (read here; their pages come once the notes are in).
    What the explainer loads for them stays loaded (service models, help texts turned to
    text: 0.2 s, then 0.02 s to explain them all again), and this process would only
    have waited meanwhile. A command it cannot explain now fails on its page, as ever."""
    for path in note_files(Path(settings.NOTES_DIR)):
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for command in cli_commands(text):
            with suppress(Exception):
                run_widget(spec, {**spec.initial, "command": command})


@dataclass
class SideOutcome:
    result: JobResult
    built: set[Job]
    done: set[str]
    left: list[Job]


@dataclass
class SideWorker:
    process: mp.Process
    connection: object
    # What this process sends the side worker, in order, from a thread (see send).
    outbox: queue.SimpleQueue | None = None
    sender: threading.Thread | None = None

    def finish(self) -> SideOutcome | None:
        self._sent()
        try:
            outcome = self.connection.recv()
        except (EOFError, OSError):
            outcome = None
        self.connection.close()
        self.process.join()
        return outcome

    def send(self, message: object) -> None:
        """Send the side worker a message (if it is still there to read it), from a
        thread, in order: the side reads each only once it is ready for it (the notes
        once it has loaded awscli, the go-ahead after its first pages), and a message
        larger than the pipe's buffer held this process that long (0.18 s, measured)."""
        if self.sender is None:
            self.outbox = queue.SimpleQueue()
            self.sender = threading.Thread(
                target=self._deliver, name="export-side-send", daemon=True
            )
            self.sender.start()
        self.outbox.put(message)

    def _deliver(self) -> None:
        while (message := self.outbox.get()) is not _SENT:
            try:
                self.connection.send(message)
            except OSError:  # it failed: finish() finds out, its pages are built here
                return

    def _sent(self) -> None:
        """Wait till every message is sent (or the side is gone)."""
        if self.sender is not None:
            self.outbox.put(_SENT)
            self.sender.join()
            self.sender = None

    def stop(self) -> None:
        """End the side worker (the export failed here: its pages are not wanted)."""
        self.connection.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self._sent()  # a send still going on fails on the closed pipe


# The end of what SideWorker.send sends.
_SENT = object()


def side_worker(exporter: Exporter, send, parents_end) -> None:
    """The side worker's work, in the process forked from ``exporter`` (the parent's,
    with Django and the templates loaded): awscli and the notes (its share, or all of
    them from the parent), then the pages of :data:`SIDE_PAGES` and every example page
    they link, then the self-checks it claims, written once the parent says so; what it
    wrote and found is sent back (None: it failed, and the parent builds its pages)."""
    parents_end.close()
    exporter.jobs = 1
    exporter.held = []
    built: set[Job] = set()
    done: set[str] = set()
    try:
        # The widget's first run loads awscli (about 0.25 s), which needs no notes:
        # done first, with a smaller share of the notes to match (SIDE_NOTES).
        spec = WIDGETS[SIDE_WIDGET]
        run_widget(spec, dict(spec.examples[0][1]) if spec.examples else spec.initial)
        if exporter.notes_from_parent:  # every note, rendered by this process's parent
            explain_notes_commands(spec)
            try:
                notes = send.recv()
            except EOFError:  # the parent failed: this export is over
                notes = None
            exporter.use_library(library_of(notes))
        else:  # its share of the notes, and the parent's
            exporter.use_library(build_shared(send, side=True, side_weight=SIDE_NOTES))
        exporter.parent = send
        # The tool page and every example page it links first, its chapters after
        # them: a chapter needs the question counts, which the parent sends once it
        # has loaded and checked the questions (built in one round with the tool
        # page, the chapter waited 0.04-0.07 s for them before the examples began).
        first = [job for job in exporter.first_jobs() if exporter.side_job(job)]
        left = exporter.rounds(
            [job for job in first if job[0] != "chapter"], done, built, keep=exporter.side_job
        )
        left += exporter.rounds(
            [job for job in first if job[0] == "chapter"], done, built, keep=exporter.side_job
        )
        exporter.go_ahead(wait=True)  # then the self-checks it claims
        exporter.claimed_checks(exporter.question_counts, built)
        if not exporter.notes_from_parent:  # and the search index (else the early renderer's)
            exporter.report = ExportReport()
            exporter.write_file(SEARCH_INDEX, search_index_script(exporter.library))
            exporter.total.static_files += exporter.report.static_files
            exporter.total.bytes_written += exporter.report.bytes_written
        exporter.go_ahead(wait=True)
        outcome = SideOutcome(JobResult(exporter.total, exporter.statics, []), built, done, left)
    except BaseException:  # the parent builds these pages itself, and fails there
        outcome = None
    send.send(outcome)
    send.close()
