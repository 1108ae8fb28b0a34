"""`manage.py check` turns broken notes into errors with file and line."""

from __future__ import annotations

import re

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from studysite.chapters.checks import check_notes
from studysite.chapters.loader import build_library


def test_the_real_notes_have_no_problems():
    library = build_library(django_settings.NOTES_DIR)
    assert [f"{p.location}: {p.message}" for p in library.problems] == []
    assert len(library.chapters) >= 2


def test_every_widget_points_at_an_existing_chapter_section():
    assert [e.msg for e in check_notes() if e.id == "chapters.E008"] == []


def test_check_fails_with_file_and_line_for_a_broken_note(write_note, capsys):
    write_note("good.md", "## Fine {#fine}\n")
    write_note("broken.md", "Text\n\n[link](good.md#missing)\n")
    with pytest.raises(SystemCheckError) as excinfo:
        call_command("check")
    assert "broken.md:9: (chapters.E005)" in str(excinfo.value)
    assert "#missing" in str(excinfo.value)


def test_check_messages_carry_ids_and_hints(write_note):
    write_note("x.md", "::: widget nope\n")
    (error,) = [e for e in check_notes() if e.id != "chapters.E008"]
    assert error.id == "chapters.E003"
    assert error.obj.endswith("x.md:7")
    assert "s3-uri" in error.hint


def test_no_chapter_table_has_an_empty_header_cell():
    # Screen readers announce header cells with each data cell: an empty one says nothing.
    library = build_library(django_settings.NOTES_DIR)
    empty = [c.slug for c in library.chapters if re.search(r"<th[^>]*>\s*</th>", c.html)]
    assert empty == []
