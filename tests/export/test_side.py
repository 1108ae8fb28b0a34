"""The side worker's share of the export (studysite/export/side.py): the self-checks
either process claims are built once each, whichever process is ahead, and a side
worker that fails after claiming some leaves the export whole."""

from __future__ import annotations

import multiprocessing as mp
import os
import time

import pytest

from studysite.chapters import loader
from studysite.export import build
from studysite.export.build import export_site
from studysite.export.side import SIDE_PAGES, Claims

from .test_build import digest

pytestmark = pytest.mark.skipif("fork" not in mp.get_all_start_methods(), reason="needs fork")


def _claim_all(claims: Claims, jobs: list, sending) -> None:
    sending.send(list(claims.claim(jobs)))
    sending.close()


class TestClaims:
    def test_two_processes_claim_every_job_once(self):
        context = mp.get_context("fork")
        claims = Claims.shared(context)
        jobs = [("check", f"chapter-{i:03}") for i in range(400)]
        receiving, sending = context.Pipe(duplex=False)
        other = context.Process(target=_claim_all, args=(claims, jobs, sending))
        other.start()
        sending.close()
        mine = list(claims.claim(jobs))
        theirs = receiving.recv()
        other.join()
        assert sorted(mine + theirs) == sorted(jobs)  # every job, none twice
        assert not set(mine) & set(theirs)
        # Each process takes them in the list's order.
        assert mine == sorted(mine, key=jobs.index)
        assert theirs == sorted(theirs, key=jobs.index)

    def test_none_are_left_once_claimed(self):
        claims = Claims.shared(mp.get_context("fork"))
        jobs = [("check", "a"), ("check", "b")]
        assert list(claims.claim(jobs)) == jobs
        assert list(claims.claim(jobs)) == []

    def test_an_empty_list_claims_nothing(self):
        claims = Claims.shared(mp.get_context("fork"))
        assert list(claims.claim([])) == []


class TestCheckJobs:
    def test_most_questions_first_then_by_slug(self):
        exporter = build.Exporter(outdir=None)
        counts = {"b": 3, "a": 3, "c": 9, "d": 0}
        assert exporter.check_jobs(counts) == [
            ("check", "c"),
            ("check", "a"),
            ("check", "b"),
            ("check", "d"),
        ]


def test_the_side_builds_the_pages_of_its_widgets(relative_export):
    """The widgets whose pages the side worker builds exist, with their tool pages."""
    assert "cli-explain" in SIDE_PAGES
    for name in SIDE_PAGES:
        assert (relative_export / "tools" / name / "index.html").is_file()


def test_a_side_worker_that_fails_after_claiming_leaves_the_export_whole(
    relative_export, tmp_path, monkeypatch
):
    """The side worker fails on the second self-check it claims (after writing the
    first): this process builds every self-check the side did not report, and the export
    is the same, with each page in the report once."""
    parent = os.getpid()
    check = build.Exporter.build_check
    claimed: list[str] = []
    side_log = tmp_path / "side-claimed.txt"

    def failing_in_the_side(self, chapter):
        if os.getpid() != parent:
            claimed.append(chapter.slug)
            with side_log.open("a") as log:
                log.write(chapter.slug + "\n")
            if len(claimed) > 1:
                raise RuntimeError("the side worker fails")
        elif not claimed:  # this process's first: it waits for the side to claim two
            claimed.append("parent")
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and (
                not side_log.exists() or len(side_log.read_text().split()) < 2
            ):
                time.sleep(0.02)
        return check(self, chapter)

    monkeypatch.setattr(build.Exporter, "build_check", failing_in_the_side)
    try:
        report = export_site(tmp_path / "site")
    finally:
        loader.reset_library()
    assert len(side_log.read_text().split()) == 2  # it claimed two, and failed on the second
    assert digest(tmp_path / "site") == digest(relative_export)
    assert len(report.pages) == len(set(report.pages))
    assert sorted(report.pages) == sorted(
        p.relative_to(tmp_path / "site").as_posix() for p in (tmp_path / "site").rglob("*.html")
    )
