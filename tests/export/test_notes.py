"""The export's notes library: rendered afresh (never from the chapter cache), half in
each of its two processes, and the same library either way."""

from __future__ import annotations

import multiprocessing as mp
import os
import shutil

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from studysite.chapters import loader
from studysite.chapters.loader import build_library, note_files
from studysite.export import notes
from studysite.export.build import export_site
from studysite.export.notes import build_alone, build_shared, shares

from .test_build import digest


def _no_cache(*args, **kwargs):
    raise AssertionError("the export read the chapter cache")


def _side(connection, weight):
    build_shared(connection, side=True, side_weight=weight)
    connection.close()


class TestShares:
    @pytest.mark.parametrize("weight", [0.2, 0.35, 0.5])
    def test_every_note_goes_to_one_process_by_its_weight(self, weight):
        paths = note_files(settings.NOTES_DIR)
        parent, side = shares(paths, weight)
        assert sorted(parent + side) == sorted(paths)
        assert not set(parent) & set(side)
        size = sum(p.stat().st_size for p in side) / sum(p.stat().st_size for p in paths)
        assert abs(size - weight) < 0.05


class TestLibrary:
    def test_is_the_library_the_site_builds(self):
        expected = build_library()
        assert build_alone() == expected

    @pytest.mark.skipif("fork" not in mp.get_all_start_methods(), reason="needs fork")
    def test_two_processes_build_the_same_library(self, monkeypatch):
        expected = build_library()
        monkeypatch.setattr(loader, "_cached_render", _no_cache)
        context = mp.get_context("fork")
        here, there = context.Pipe(duplex=True)
        process = context.Process(target=_side, args=(there, 0.35))
        process.start()
        there.close()
        assert build_shared(here, side=False, side_weight=0.35) == expected
        process.join()
        assert process.exitcode == 0

    def test_the_export_never_reads_the_chapter_cache(self, relative_export, tmp_path, monkeypatch):
        monkeypatch.setattr(loader, "_cached_render", _no_cache)
        try:
            export_site(tmp_path / "site")  # the side worker inherits the patch
        finally:
            loader.reset_library()
        assert digest(tmp_path / "site") == digest(relative_export)


def test_a_broken_note_leaves_an_earlier_export_as_it_was(tmp_path, settings):
    """The notes are checked once both processes have them, before the folder is
    emptied: the side worker is stopped and the earlier export stays."""
    if "studysite.export" not in settings.INSTALLED_APPS:
        settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "studysite.export"]
    notes = tmp_path / "notes"
    shutil.copytree(settings.NOTES_DIR, notes)
    note = sorted(notes.glob("*.md"))[-1]
    note.write_text(note.read_text() + "\nSee [this](no-such-chapter.md).\n")
    settings.NOTES_DIR = notes
    earlier = tmp_path / "out" / "static" / "export"
    earlier.mkdir(parents=True)
    (earlier / "export.css").write_text("earlier")
    loader.reset_library()
    try:
        with pytest.raises(CommandError, match=rf"{note.name}:\d+: \(chapters.E004\)"):
            call_command("export_site", str(tmp_path / "out"))
    finally:
        loader.reset_library()
    assert [p.name for p in (tmp_path / "out").rglob("*") if p.is_file()] == ["export.css"]
    assert mp.active_children() == []


def test_a_side_worker_that_fails_leaves_the_export_whole(relative_export, tmp_path, monkeypatch):
    """The side worker fails rendering its share of the notes: this process renders
    them, builds the side's pages too, and the export is the same."""
    parent = os.getpid()
    render = notes.render_note

    def failing_in_the_side(*args):
        if os.getpid() != parent:
            raise RuntimeError("the side worker fails")
        return render(*args)

    monkeypatch.setattr(notes, "render_note", failing_in_the_side)
    try:
        export_site(tmp_path / "site")
    finally:
        loader.reset_library()
    assert digest(tmp_path / "site") == digest(relative_export)
