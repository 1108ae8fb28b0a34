"""The read-only static export: the reading side of the site as plain files.

``export_site(outdir, base_url=..., portal_url=...)`` writes home, every chapter and its
self-check, /tools/ and every tool page (and each example a page links), the search page
and its index, the static files they link and, for the live widgets, their Python logic
and the vendored Pyodide. Who does what:

- pages.py renders each page with the site's own templates (an anonymous request);
- rewrite.py makes it fit for a folder of files (links, nothing that posts, the notice),
  with links.py deciding where each site URL goes;
- self_check.py, search_index.py, widgets.py and assets.py make the rest;
- side.py holds the pipe to the side worker and what it builds.

A side worker is forked right after start-up. From the command line (manage.py forks an
early renderer before Django loads: early.py) it loads awscli and explains the notes'
commands while this process renders its share of the notes, then gets every note from
here; the early renderer builds the search index. Called as ``export_site()``, the side
renders a share of the notes and builds the search index itself (notes.py). Then this
process loads the question bank, checks the notes and questions, empties the folder and
gives the side its go-ahead (each chapter's questions); it builds home, the chapters and
the other widgets' pages, while the side builds the CLI explainer's pages (77
explanations), the storage-class picker's and the chapters that embed them. Once done
with its own pages, each process claims self-checks one at a time until none is left
(side.Claims), so the two end together; the side writes what it built and reports back.
Issue 15: the export's wall time; ``side_worker=False`` builds all here.

Two exports of the same notes are byte-identical: nothing depends on the clock, the
order of a dict or the machine.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import posixpath
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.test import override_settings

from studysite.chapters.loader import Library, install_library
from studysite.quiz.bank import get_bank
from studysite.widgets.registry import WIDGETS

from . import early, pages
from .assets import copy_live, linked_statics, own_assets, pyodide_target
from .links import Links, server_only
from .notes import build_alone, build_shared, library_of, notes_with_early
from .report import ExportReport, Job, JobResult
from .rewrite import PageParts, PageRewriter
from .search_index import SEARCH_INDEX, search_index_script
from .self_check import self_check_html
from .side import SIDE_NOTES, SIDE_PAGES, Claims, SideWorker, side_worker
from .widgets import LIVE_HINT, LIVE_WIDGETS, widget_note

__all__ = ["ExportReport", "Exporter", "Job", "JobResult", "export_site", "no_cycle_collector"]


@dataclass
class Exporter:
    outdir: Path
    base_url: str | None = None
    portal_url: str | None = None
    # The notes, built by run() (cold, shared with the side worker), or given.
    library: Library | None = None
    report: ExportReport = field(default_factory=ExportReport)
    # Where the vendored Pyodide goes in the export (None: not installed, no live widgets).
    pyodide_dir: str | None = None
    # Each widget's examples found in the notes (the CLI commands): gathered once.
    more_examples: dict[str, list[tuple[str, dict[str, str]]]] = field(default_factory=dict)
    jobs: int = 1  # worker processes for the pages (forked; 1: this process alone)
    total: ExportReport = field(default_factory=ExportReport)
    statics: set[str] = field(default_factory=set)
    # Build the CLI explainer's pages in a forked side worker beside the rest.
    side_worker: bool = True
    # Files the side worker holds until the parent has emptied the folder: (name, data).
    held: list[tuple[str, bytes]] | None = None
    # In the side worker: its pipe to the parent, and each chapter's number of questions
    # (it loads no question bank, 0.11 s: the parent sends the counts once it has
    # checked the notes and emptied the folder, which is also the side's go-ahead).
    parent: object | None = None
    question_counts: dict[str, int] | None = None
    # In the side worker: each chapter's questions, for the self-checks it claims (sent
    # with the counts).
    questions: dict[str, list] = field(default_factory=dict)
    # The self-checks either process builds (see side.Claims), with a side worker.
    claims: Claims | None = None
    # The side worker gets every note from the parent (the early renderer rendered part
    # of them: see run) rather than rendering a share of its own.
    notes_from_parent: bool = False
    # The early renderer, building the search index (studysite/export/early.py).
    early: object | None = None
    # Example pages' page around the widget, rendered once per widget (the tool's page
    # of any example, without the example: see pages.example_page).
    around_rendered: dict[str, str] = field(default_factory=dict)
    # Example pages' rewritten page around the widget, by (folder, page as rendered).
    # With the pages they link: an example's page links itself differently.
    around_examples: dict[tuple[str, str], tuple[str, frozenset[str]]] = field(default_factory=dict)
    # Run once the notes and questions are loaded, before anything is written (the
    # command's checks: broken notes stop the export).
    check: Callable[[], None] | None = None

    def use_library(self, library: Library) -> None:
        """The notes to export: this process's library from now on (the views and
        widget hooks the pages call ask get_library)."""
        install_library(library)
        self.library = library
        self.links = Links(library, self.base_url, self.portal_url)
        for name in WIDGETS:  # the examples found in the notes, gathered once
            self.more_examples[name] = [
                (label, dict(v)) for hook in WIDGETS[name].extra_examples for label, v in hook()
            ]

    # --- Writing ---------------------------------------------------------------------

    def parts(self, page: str, *, quiz_link: str | None = None) -> PageParts:
        links = self.links
        pyodide = None
        if self.pyodide_dir:
            pyodide = links.link(page, self.pyodide_dir + "pyodide.js").removesuffix("pyodide.js")
        head = pages.head_html(
            links.link(page, pages.EXPORT_STATIC + "export.css"),
            links.link(page, pages.EXPORT_STATIC + "export.js"),
            links.root(page),
            self.base_url is not None,
            pyodide,
        )
        return PageParts(
            head=head,
            notice=pages.notice_html(self.portal_url),
            search_dialog=pages.search_dialog_html(links.resolve(page, "/search/")),
            widget_note=widget_note(self.portal_url),
            live_hint=LIVE_HINT,
            quiz_link=quiz_link,
            live_widgets=LIVE_WIDGETS if self.pyodide_dir else frozenset(),
            drop_server_links=not self.portal_url,
        )

    def write(
        self,
        page: str,
        body: str,
        *,
        quiz_link: str | None = None,
        fill: str | None = None,
        into: str | None = None,
    ) -> None:
        """Write a rendered site page, rewritten for the export, as ``page``index.html;
        ``fill``, HTML already written for the export, replaces its ``BODY_SLOT``; or
        ``body`` is rewritten and goes into the ``BODY_SLOT`` of ``into``, a page
        already rewritten around it."""
        rewriter = PageRewriter(
            lambda url: self.links.resolve(page, url),
            server_only,
            self.parts(page, quiz_link=quiz_link),
        )
        text = rewriter.rewrite(body)
        if into is not None:
            fill, text = text, into
        if fill is not None:
            before, slot, after = text.partition(pages.BODY_SLOT)
            if not slot:
                raise ValueError(f"{page}: the page has no slot for its body")
            text = before + fill + after
        self.write_file(page + "index.html", text.encode(), page=True)

    def copy_file(self, source: Path, name: str) -> None:
        """Copy a file as it is (the kernel copies it: Pyodide is 14 MB)."""
        target = self.outdir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        self.report.static_files.append(name)
        self.report.bytes_written += target.stat().st_size

    def write_file(self, name: str, data: bytes, *, page: bool = False) -> None:
        if self.held is not None:
            self.go_ahead(wait=False)
        if self.held is not None:
            self.held.append((name, data))
        else:
            self.put(name, data)
        (self.report.pages if page else self.report.static_files).append(name)
        self.report.bytes_written += len(data)

    def go_ahead(self, *, wait: bool) -> None:
        """In the side worker: once the parent's message has come (``wait``: wait for
        it), write the files held so far; later files are written at once."""
        if self.question_counts is None and (wait or self.parent.poll()):
            self.question_counts, self.questions = self.parent.recv()
        if self.question_counts is not None and self.held is not None:
            for name, data in self.held:
                self.put(name, data)
            self.held = None

    def put(self, name: str, data: bytes) -> None:
        target = self.outdir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    # --- Pages -----------------------------------------------------------------------

    def build_chapter(self, chapter) -> None:
        page = f"notes/{chapter.slug}/"
        if self.parent is None:
            count = len(get_bank().for_chapter(chapter.slug))
        else:  # the side worker loads no question bank: the parent sends the counts
            self.go_ahead(wait=True)
            count = self.question_counts[chapter.slug]
        link = pages.quiz_link(self.links.resolve(page, chapter.url + "check/"), count)
        self.write(page, pages.chapter_page(self.library, chapter, count), quiz_link=link)

    def build_check(self, chapter) -> None:
        """A chapter's self-check page (its questions), if it has questions."""
        if self.parent is None:
            questions = get_bank().for_chapter(chapter.slug)
        else:
            questions = self.questions[chapter.slug]
        if questions:
            check = f"notes/{chapter.slug}/check/"
            body = self_check_html(
                chapter, questions, self.portal_url, lambda url: self.links.resolve(check, url)
            )
            self.write(check, pages.self_check_page(chapter), fill=body)

    def build_tool(self, name: str, query: str, page: str) -> None:
        if not query:  # the tool's own page
            self.write(page, pages.tool_page(name, query, self.more_examples[name]))
            return
        # An example's page: the page around the widget is the same for every example of
        # a widget, so it is rewritten once, except on a page it links (which links
        # itself as "index.html", the others as "../<folder>/index.html"); the widget is
        # rewritten for each.
        around = self.around_rendered.get(name)
        first, widget = pages.example_page(
            name, query, self.more_examples[name], around=around is None
        )
        if around is None:
            around = self.around_rendered[name] = first
        folder = posixpath.dirname(page.rstrip("/")) + "/"
        cached = self.around_examples.get((folder, around))
        if cached is not None and page not in cached[1]:
            rewritten = cached[0]
        else:
            linked: set[str] = set()

            def urls(url: str) -> str:
                link = self.links.resolve(page, url)
                if link.startswith("#") and link != "#main":  # this page's own section
                    linked.add(page)
                elif self.base_url is None and not link.startswith(("#", "/")):
                    target = posixpath.normpath(posixpath.join(page, link.partition("#")[0]))
                    linked.add(posixpath.dirname(target) + "/")
                return link

            rewritten = PageRewriter(urls, server_only, self.parts(page)).rewrite(around)
            if page not in linked:  # links no page of its own folder as itself
                self.around_examples[(folder, around)] = (rewritten, frozenset(linked))
        self.write(page, widget, into=rewritten)

    def build(self, job: Job) -> JobResult:
        """One page (a chapter with its self-check), in this process or a worker: what it
        wrote, the static files and the tool examples its links need."""
        kind, key = job
        self.report = ExportReport()
        self.links.statics = set()
        self.links.pending_examples = []
        if kind == "home":
            self.write("", pages.home_page(self.library))
        elif kind == "tools":
            self.write("tools/", pages.tools_page())
        elif kind == "search":
            self.write("search/", pages.search_page())
        elif kind == "chapter":
            self.build_chapter(self.library.by_slug[key])
        elif kind == "check":
            self.build_check(self.library.by_slug[key])
        elif kind == "tool":
            self.build_tool(key, "", f"tools/{key}/")
        else:
            name, _, query = key.partition("?")
            self.build_tool(name, query, self.links.example_page(name, query))
        return JobResult(self.report, self.links.statics, list(self.links.pending_examples))

    def map(self, jobs: list[Job]) -> list[JobResult]:
        """Build pages, in ``self.jobs`` forked workers when there are several (each page
        comes out the same wherever it is built)."""
        if self.jobs <= 1 or len(jobs) < 8 or "fork" not in mp.get_all_start_methods():
            return [self.build(job) for job in jobs]
        # The first page of each kind (each widget's, for tool pages) is built here, so
        # that every worker inherits the compiled templates and loaded widget data (the
        # CLI explainer's awscli) instead of loading its own.
        kinds: dict[str, Job] = {}
        for job in jobs:
            widget = job[1].partition("?")[0] if job[0] in ("tool", "example") else ""
            kinds.setdefault(f"{job[0]}:{widget}", job)
        warm = [self.build(job) for job in kinds.values()]
        jobs = [job for job in jobs if job not in kinds.values()]
        global _WORKER
        _WORKER = self
        try:
            with mp.get_context("fork").Pool(self.jobs) as pool:
                return warm + pool.map(
                    _build_in_worker, jobs, chunksize=max(1, len(jobs) // (self.jobs * 4))
                )
        finally:
            _WORKER = None

    def rounds(
        self,
        jobs: list[Job],
        done: set[str],
        built: set[Job],
        keep: Callable[[Job], bool] | None = None,
    ) -> list[Job]:
        """Build ``jobs`` and the example pages they link, a round at a time (example
        pages are found in the pages that link them; ``done``: the examples queued so
        far). Jobs that ``keep`` refuses are returned unbuilt."""
        left: list[Job] = []
        while jobs:
            if keep is not None:
                left += [job for job in jobs if not keep(job)]
                jobs = [job for job in jobs if keep(job)]
            built.update(jobs)
            found: list[tuple[str, str]] = []
            for result in self.map(jobs):
                self.merge(result)
                found += result.examples
            jobs = [
                ("example", f"{n}?{q}") for n, q in sorted(set(found)) if f"{n}?{q}" not in done
            ]
            done.update(key for _, key in jobs)
        return left

    def side_job(self, job: Job) -> bool:
        """Whether the side worker builds a page: the pages of the widgets of
        :data:`SIDE_PAGES` and each chapter that embeds one (the self-checks are claimed:
        :meth:`claimed_checks`)."""
        kind, key = job
        if kind == "chapter":
            return any(embed.name in SIDE_PAGES for embed in self.library.by_slug[key].widgets)
        return kind in ("tool", "example") and key.partition("?")[0] in SIDE_PAGES

    def first_jobs(self) -> list[Job]:
        """The pages to build before those they link: home, /tools/, search, each chapter
        and each tool."""
        jobs: list[Job] = [("home", ""), ("tools", ""), ("search", "")]
        jobs += [("chapter", chapter.slug) for chapter in self.library.chapters]
        jobs += [("check", chapter.slug) for chapter in self.library.chapters]
        jobs += [("tool", name) for name in WIDGETS]
        return jobs

    def check_jobs(self, counts: dict[str, int]) -> list[Job]:
        """The self-checks to claim, the most questions first (by chapter slug, so
        the same list in both processes), given each chapter's number of questions."""
        return [("check", slug) for slug in sorted(counts, key=lambda s: (-counts[s], s))]

    def claimed_checks(self, counts: dict[str, int], built: set[Job]) -> None:
        """Build the self-checks this process claims, until none is left."""
        for job in self.claims.claim(self.check_jobs(counts)):
            built.add(job)
            self.merge(self.build(job))

    def start_side(self) -> SideWorker | None:
        """Fork the side worker (where the platform forks): it loads awscli, gets the
        notes, then builds the pages of :data:`SIDE_PAGES` – awscli's import and driver,
        and every explanation – and the self-checks it claims, while this process builds
        the rest, on another core (side.side_worker)."""
        if "fork" not in mp.get_all_start_methods():
            return None
        context = mp.get_context("fork")
        self.claims = Claims.shared(context)
        here, there = context.Pipe(duplex=True)
        process = context.Process(target=side_worker, args=(self, there, here), daemon=True)
        process.start()
        there.close()
        return SideWorker(process, here)

    def merge(self, result: JobResult) -> None:
        self.total.pages += result.report.pages
        self.total.static_files += result.report.static_files
        self.total.bytes_written += result.report.bytes_written
        self.statics |= result.statics

    def run(self) -> ExportReport:
        outdir = self.outdir
        if (
            outdir.exists()
            and any(outdir.iterdir())
            and not (outdir / pages.EXPORT_STATIC).is_dir()
        ):
            # Emptied first: only a folder that holds an earlier export, or nothing.
            raise FileExistsError(f"{outdir} is not empty and holds no export")
        self.pyodide_dir = pyodide_target()
        fork = self.side_worker and self.library is None
        renderer = early.take() if fork else None
        side = None
        try:
            if renderer is not None:
                # manage.py started it. The side worker loads awscli while this process
                # renders its share; then it gets every note from here (sent from a thread).
                # The pages' templates are compiled first, once for both processes.
                self.notes_from_parent = True
                pages.compile_templates()
                side = self.start_side() if fork else None
                notes = notes_with_early(renderer, index=True)
                self.early = renderer  # it builds the search index now (write_all)
                if side is not None:
                    side.send(notes)
                self.use_library(library_of(notes))
            else:
                side = self.start_side() if fork else None
                if side is not None:
                    library = build_shared(side.connection, side=False, side_weight=SIDE_NOTES)
                else:
                    library = self.library or build_alone()
                self.use_library(library)
            library = self.library
            bank = get_bank()  # loaded once, before any worker starts
            if self.check is not None:
                self.check()
            if self.outdir.exists():
                shutil.rmtree(self.outdir)
            self.outdir.mkdir(parents=True)
            if side is not None:
                # The go-ahead: each chapter's questions (0.75 MB pickled: 4 ms).
                questions = {c.slug: bank.for_chapter(c.slug) for c in library.chapters}
                side.send(({s: len(q) for s, q in questions.items()}, questions))
            return self.write_all(side)
        except BaseException:
            if side is not None:
                side.stop()
            if renderer is not None:
                renderer.stop()
            raise

    def write_all(self, side: SideWorker | None) -> ExportReport:
        """Write every page and file into the emptied folder (the side worker, if any,
        building its share meanwhile)."""
        jobs = self.first_jobs()
        if side is not None:  # the self-checks are claimed, last (claimed_checks)
            jobs = [job for job in jobs if job[0] != "check"]
        done: set[str] = set()
        built: set[Job] = set()
        keep = (lambda job: not self.side_job(job)) if side else None
        left = self.rounds(jobs, done, built, keep)
        # The files that need nothing from the side worker, before waiting for it.
        self.report = ExportReport()
        for name, data in own_assets():
            self.write_file(name, data)
        if self.pyodide_dir is not None:
            copy_live(self.write_file, self.copy_file, self.pyodide_dir)
        written = set()
        for name, data in linked_statics(self.statics):
            self.write_file(name, data)
            written.add(name)
        self.merge(JobResult(self.report, set(), []))
        outcome = None
        if side is not None:
            counts = {c.slug: len(get_bank().for_chapter(c.slug)) for c in self.library.chapters}
            self.claimed_checks(counts, built)
            # What the side worker wrote, and what either side found for the other to build.
            outcome = side.finish()
            if outcome is None:  # it failed: its pages are built here (and fail here)
                left += [job for job in self.first_jobs() if self.side_job(job)]
                left += [job for job in self.check_jobs(counts) if job not in built]
            else:
                self.merge(outcome.result)
                built |= outcome.built
                done |= outcome.done
                left += outcome.left
            self.rounds(sorted(set(left) - built), done, built)
        self.report = self.total
        if side is None or outcome is None or self.early is not None:
            script = self.early.search_index() if self.early is not None else None
            self.write_file(SEARCH_INDEX, script or search_index_script(self.library))
        for name, data in linked_statics(self.statics):
            if name not in written:
                self.write_file(name, data)
        self.report.pages.sort()
        self.report.static_files.sort()
        return self.report


# The exporter a forked worker inherits (set only while a pool runs).
_WORKER: Exporter | None = None


def _build_in_worker(job: Job) -> JobResult:
    if _WORKER is None:  # pragma: no cover - only a pool started by Exporter.map calls this
        raise RuntimeError("no exporter in this worker")
    return _WORKER.build(job)


def export_site(
    outdir: Path,
    *,
    base_url: str | None = None,
    portal_url: str | None = None,
    jobs: int = 1,
    side_worker: bool = True,
    check: Callable[[], None] | None = None,
) -> ExportReport:
    """Write the read-only site into ``outdir`` (emptied first), building pages in
    ``jobs`` forked worker processes, and the CLI explainer's in a forked side worker
    beside them (``side_worker``), where the platform forks. The notes are read afresh
    (no chapter cache); ``check`` runs once they and the questions are loaded, before
    anything is written."""
    if base_url is not None:
        base_url = "/" + base_url.strip("/") + "/" if base_url.strip("/") else "/"
    # Plain static names (studysite/export/storage.py).
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "studysite.export.storage.ExportStaticStorage"},
    }
    # DEBUG off, as on a production install: in a checkout without a secret key it is on,
    # and every page's get_library and get_bank compared the notes' and questions' mtimes
    # again (about 0.03 s of the parent's CPU); the pages come out the same.
    with (
        override_settings(STORAGES=storages, STATIC_URL="/static/", DEBUG=False),
        no_cycle_collector(),
    ):
        exporter = Exporter(
            Path(outdir),
            base_url=base_url,
            portal_url=portal_url or None,
            jobs=jobs,
            side_worker=side_worker,
            check=check,
        )
        return exporter.run()


@contextmanager
def no_cycle_collector() -> Iterator[None]:
    """Python's cycle collector off for the export: it scanned the whole heap (awscli's
    models, the templates) over and over, 0.33 s of a 2.7 s export (gc.callbacks), and
    the export leaves almost no cycles behind (peak memory 165 -> 172 MB without it)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
