"""``manage.py export_site OUTDIR [--base-url /path/] [--portal-url URL]``: the read-only
static site (see studysite/export/build.py)."""

from __future__ import annotations

import gc
import time
from pathlib import Path
from typing import ClassVar

from django.core.management.base import BaseCommand, CommandError

from studysite.chapters.checks import notes_errors
from studysite.chapters.loader import get_library
from studysite.export.build import export_site, no_cycle_collector
from studysite.quiz.bank import get_bank
from studysite.quiz.checks import question_errors


def check_notes_and_questions() -> None:
    """Broken notes or questions stop the export with their file and line: the system
    checks "notes" and "questions", run on the library and bank the export uses (the
    checks themselves would build each again), once export_site has loaded them."""
    errors = notes_errors(get_library()) + question_errors(get_bank())
    serious = [error for error in errors if error.is_serious()]
    if serious:
        raise CommandError(
            "The notes or questions have problems (manage.py check lists them too):\n"
            + "\n".join(str(error) for error in serious)
        )


class Command(BaseCommand):
    help = "Write a read-only static copy of the notes into OUTDIR (emptied first)."
    # The notes and questions are checked in handle() (check_notes_and_questions); the
    # checks of the rest of the project (settings, URLs, models) have no bearing on it.
    requires_system_checks: ClassVar[list[str]] = []

    def run_from_argv(self, argv: list[str]) -> None:
        """From the command line (never from call_command) the process ends right after
        the export: the cycle collector stays off to the end (export_site turns it off
        for the export, see no_cycle_collector), and the heap is frozen before the
        interpreter's last collection, which went over all of it (awscli's models, the
        templates): 0.5-0.7 s of a 3 s run. Objects are still freed as the process ends."""
        gc.disable()
        try:
            super().run_from_argv(argv)
        finally:
            gc.freeze()

    def add_arguments(self, parser) -> None:
        parser.add_argument("outdir", type=Path)
        parser.add_argument(
            "--base-url",
            default=None,
            help="The path the copy is served under (e.g. /saa/); without it every link "
            "is relative, so the folder also opens from disk.",
        )
        parser.add_argument(
            "--portal-url",
            default="",
            help="The live site's address: each page links to it for practice and live tools.",
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=1,
            help="Forked worker processes that build pages (default 1: on a busy 2-core "
            "machine the workers cost more than they save). The output is the same for any "
            "number.",
        )

    def handle(
        self, *args, outdir: Path, base_url: str | None, portal_url: str, jobs: int, **options
    ) -> None:
        if portal_url and not portal_url.startswith(("https://", "http://")):
            raise CommandError("--portal-url must be an http(s) address.")
        if outdir.resolve() in (Path.cwd().resolve(), Path("/")):
            raise CommandError("OUTDIR is emptied first: choose a folder of its own.")
        started = time.perf_counter()
        try:
            with no_cycle_collector():
                report = export_site(
                    outdir,
                    base_url=base_url,
                    portal_url=portal_url,
                    jobs=max(1, jobs),
                    check=check_notes_and_questions,
                )
        except FileExistsError as exc:
            raise CommandError(f"{exc}: choose an empty or new folder.") from exc
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"Exported {len(report.pages)} pages and {len(report.static_files)} static files "
            f"({report.bytes_written / 1e6:.1f} MB) to {outdir} in {seconds:.1f} s."
        )
