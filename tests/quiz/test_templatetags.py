"""The "Test yourself" link on chapter pages, without chapters importing the quiz."""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

from .conftest import MULTIPLE, SINGLE


def test_a_chapter_with_questions_links_to_its_quiz(client, quiz_notes):
    quiz_notes("bank.yaml", SINGLE + MULTIPLE)
    html = client.get("/notes/s3-basics/").content.decode()
    assert '<a class="button" href="/quiz/chapter/s3-basics/">Test yourself</a>' in html
    assert "2 questions on this chapter" in html
    # At the end of the chapter, before the previous/next links.
    assert html.index("Test yourself") < html.index('class="pager"')


def test_a_chapter_without_questions_has_no_link(client, quiz_notes):
    quiz_notes("bank.yaml", SINGLE)
    assert "Test yourself" not in client.get("/notes/empty/").content.decode()


def test_no_link_without_a_questions_folder(client, write_note):
    write_note("a.md", "## A {#a}\n")
    assert "Test yourself" not in client.get("/notes/a/").content.decode()


def test_the_link_needs_no_database(client, quiz_notes):
    """Chapter pages stay query-free: the link comes from the question files. (No django_db
    mark here, so pytest-django fails the test on any database access.)"""
    quiz_notes("bank.yaml", SINGLE)
    assert "Test yourself" in client.get("/notes/s3-basics/").content.decode()


def test_chapters_never_import_the_quiz():
    chapters = Path(settings.BASE_DIR) / "studysite" / "chapters"
    for path in chapters.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any("quiz" in name for name in names), path
