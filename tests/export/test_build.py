"""What the static export writes: every page, nothing that posts, the read-only notice,
the self-check without JavaScript, widgets' worked examples, byte-identical reruns."""

from __future__ import annotations

import gzip
import hashlib
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from studysite.chapters.loader import get_library, reset_library
from studysite.export.build import Exporter, export_site
from studysite.export.search_index import search_index_data

from .conftest import CACHES, make_export

FIRST_LOAD_BUDGET = 45_000  # bytes, compressed (DESIGN.md quality targets)
ASSET_RE = re.compile(r'<(?:script|link)\b[^>]*?(?:src|href)="([^"#?]+\.(?:css|js|svg))"')


def digest(outdir: Path) -> dict[str, str]:
    return {
        p.relative_to(outdir).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(outdir.rglob("*"))
        if p.is_file()
    }


class TestPages:
    def test_nothing_posts_and_nothing_needs_the_server(self, relative_export):
        for page in relative_export.rglob("*.html"):
            text = page.read_text()
            assert 'method="post"' not in text.lower(), page
            assert "hx-post" not in text and "hx-get" not in text, page
            assert "htmx" not in text.split("</head>")[0], page
            assert "/accounts/" not in text and "/quiz/" not in text, page

    def test_every_page_says_it_is_a_read_only_copy(self, relative_export):
        for page in relative_export.rglob("*.html"):
            assert 'class="export-notice"' in page.read_text(), page

    def test_the_portal_is_linked_when_given(self, base_url_export, relative_export):
        home = (base_url_export / "index.html").read_text()
        assert 'href="https://study.example.com/"' in home
        assert 'href="https://study.example.com/quiz/exam/"' in home
        assert "study.example.com" not in (relative_export / "index.html").read_text()

    def test_base_url_links_are_absolute_under_it(self, base_url_export):
        chapter = (base_url_export / "notes" / "s3-buckets" / "index.html").read_text()
        assert 'href="/aws/saa/static/css/site.css"' in chapter
        assert (
            'href="/aws/saa/notes/s3-storage-classes/"' in chapter or "/aws/saa/notes/" in chapter
        )

    def test_no_inline_script_or_style(self, relative_export):
        for page in relative_export.rglob("*.html"):
            text = page.read_text()
            assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), page
            assert "<style" not in text and " style=" not in text, page


class TestSelfCheck:
    def test_each_question_hides_its_answer_and_explanations_in_a_disclosure(self, relative_export):
        page = (relative_export / "notes" / "s3-buckets" / "check" / "index.html").read_text()
        questions = page.count('class="self-check-question"')
        assert questions > 0
        assert page.count('<details class="self-check-answer">') == questions
        assert page.count("<form") == page.count('role="search"')  # only the search box
        answers = re.findall(r"<details.*?</details>", page, re.S)
        assert all("Right." in a and "Wrong." in a for a in answers)

    def test_the_chapter_links_to_its_self_check(self, relative_export):
        chapter = (relative_export / "notes" / "s3-buckets" / "index.html").read_text()
        assert 'href="check/index.html"' in chapter


class TestWidgets:
    def test_embeds_show_their_worked_example_and_say_how_to_use_them_live(self, relative_export):
        chapter = (relative_export / "notes" / "s3-buckets" / "index.html").read_text()
        assert "Not a valid name: 3 rules broken" in chapter  # computed by the validator
        assert chapter.count('class="export-widget-note') >= 1
        assert chapter.count("<form") == chapter.count('role="search"')  # only the search box

    def test_every_cli_command_in_the_notes_has_its_explanation(self, relative_export):
        page = (relative_export / "tools" / "cli-explain" / "index.html").read_text()
        links = re.findall(r'href="([0-9a-f]{12}/index.html)"', page)
        assert links
        for link in links:
            assert (relative_export / "tools" / "cli-explain" / link).is_file()

    def test_an_example_page_links_the_list_of_every_command_instead_of_repeating_it(
        self, relative_export
    ):
        tool = relative_export / "tools" / "cli-explain"
        assert 'id="every-command"' in (tool / "index.html").read_text()
        example = next(tool.glob("*/index.html")).read_text()
        assert 'href="../index.html#every-command"' in example
        assert 'class="examples examples-code"' not in example


class TestSearchIndex:
    def test_weights_are_the_site_search_index_weights(self):
        library = get_library()
        data = search_index_data(library)
        index = library.search_index
        assert len(data["docs"]) == len(index.documents)
        assert set(data["terms"]) == set(index.postings)
        assert "multipart" in data["terms"]

    def test_the_index_is_not_loaded_with_a_page(self, relative_export):
        for page in relative_export.rglob("*.html"):
            assert "search-index.js" not in page.read_text(), page


def test_first_load_of_every_chapter_is_under_budget(relative_export):
    sizes = {}
    for page in sorted(relative_export.glob("notes/*/index.html")):
        text = page.read_text()
        total = len(gzip.compress(text.encode(), 9))
        for ref in ASSET_RE.findall(text):
            total += len(gzip.compress((page.parent / ref).resolve().read_bytes(), 9))
        sizes[page.parent.name] = total
    over = {slug: size for slug, size in sizes.items() if size > FIRST_LOAD_BUDGET}
    assert over == {}


def test_two_exports_are_byte_identical(relative_export, tmp_path):
    again = make_export(tmp_path / "again", jobs=2)  # and built by two worker processes
    assert digest(again) == digest(relative_export)


def test_the_side_worker_changes_nothing(relative_export, tmp_path):
    """The CLI explainer's pages, built in a forked side worker by default, come out the
    same when this process builds every page, and the report lists the same files."""
    with override_settings(CACHES=CACHES):
        reset_library()
        beside = export_site(tmp_path / "beside")
        alone = export_site(tmp_path / "alone", side_worker=False)
        reset_library()
    assert beside == alone
    assert digest(tmp_path / "alone") == digest(tmp_path / "beside") == digest(relative_export)


def test_command_writes_the_site(tmp_path, settings):
    if "studysite.export" not in settings.INSTALLED_APPS:
        settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "studysite.export"]
    out = tmp_path / "out"
    call_command("export_site", str(out), "--base-url", "/x/")
    assert (out / "index.html").is_file()
    assert Exporter  # the module is importable from the command's app


def test_command_refuses_a_folder_that_holds_something_else(tmp_path, settings):
    if "studysite.export" not in settings.INSTALLED_APPS:
        settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "studysite.export"]
    (tmp_path / "thesis.txt").write_text("keep me")
    with pytest.raises(CommandError):
        call_command("export_site", str(tmp_path))
    assert (tmp_path / "thesis.txt").read_text() == "keep me"


def test_command_stops_at_a_broken_note_with_its_file_and_line(tmp_path, settings):
    if "studysite.export" not in settings.INSTALLED_APPS:
        settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "studysite.export"]
    notes = tmp_path / "notes"
    shutil.copytree(settings.NOTES_DIR, notes)
    note = sorted(notes.glob("*.md"))[0]
    note.write_text(note.read_text() + "\nSee [this](no-such-chapter.md).\n")
    settings.NOTES_DIR = notes
    settings.CACHES = CACHES
    reset_library()
    try:
        with pytest.raises(CommandError, match=rf"{note.name}:\d+: \(chapters.E004\)"):
            call_command("export_site", str(tmp_path / "out"))
    finally:
        reset_library()
    assert not (tmp_path / "out").exists()


def test_no_link_falls_back_to_the_top_of_the_page(relative_export):
    # A site link the export has no page for is dropped or sent to the portal, never
    # silently turned into "#main" (only the skip link goes there).
    for page in relative_export.rglob("*.html"):
        text = page.read_text()
        assert text.count('href="#main"') == text.count('class="skip-link" href="#main"'), page
