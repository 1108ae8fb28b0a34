"""The early note renderer manage.py forks before Django loads (studysite/export/
early.py): the export from the command line is the one the tests build, the renderer
needs none of Django's apps, and a renderer that fails costs only time."""

from __future__ import annotations

import multiprocessing as mp
import os
import subprocess
import sys

import pytest
from django.conf import settings

from studysite.chapters import loader
from studysite.chapters.loader import build_library
from studysite.export import build, early, notes, side
from studysite.export.build import export_site
from studysite.export.notes import build_with_early, shares
from studysite.export.search_index import SEARCH_INDEX

from .test_build import digest

pytestmark = pytest.mark.skipif("fork" not in mp.get_all_start_methods(), reason="needs fork")
ROOT = settings.BASE_DIR


def export_with_the_renderer(out) -> None:
    """export_site() with a renderer started in this process, as manage.py starts it."""
    early.start()
    try:
        export_site(out)
    finally:
        loader.reset_library()


@pytest.fixture
def renderer():
    early.start()
    started = early.take()
    assert started is not None
    yield started
    started.process.join(timeout=30)


class TestRenderer:
    def test_renders_its_share_and_the_library_is_the_sites(self, renderer, monkeypatch):
        expected = build_library()
        rendered: list[str] = []
        render = notes.render_note
        monkeypatch.setattr(
            notes,
            "render_note",
            lambda data, source, *a: rendered.append(source) or render(data, source, *a),
        )
        assert build_with_early(renderer) == expected
        # This process rendered only its own share: the renderer sent the rest.
        mine, theirs = shares(loader.note_files(settings.NOTES_DIR), early.EARLY_NOTES)
        assert sorted(os.path.basename(s) for s in rendered) == sorted(p.name for p in mine)
        assert theirs
        assert renderer.process.exitcode == 0

    def test_is_taken_once(self, renderer):
        assert early.take() is None

    def test_one_that_fails_costs_only_time(self, monkeypatch):
        def failing(weight):
            raise RuntimeError("the renderer fails")

        monkeypatch.setattr(notes, "early_share", failing)  # the fork inherits it
        early.start()
        renderer = early.take()
        monkeypatch.undo()
        rendered: list[str] = []
        render = notes.render_note

        def counting(data, source, *args):
            rendered.append(source)
            return render(data, source, *args)

        monkeypatch.setattr(notes, "render_note", counting)
        assert build_with_early(renderer) == build_library()
        assert renderer.process.exitcode == 0  # it sent nothing, and ended
        # Its share was rendered here: every note, once.
        assert len(rendered) == len(loader.note_files(settings.NOTES_DIR))

    def test_embeds_it_cannot_check_are_checked_here(self, write_note):
        """The renderer has no widget registry: a note of its share that embeds a widget
        that does not exist, or with an option the widget has not, is rendered again
        here, with its problem, as the site renders it."""
        padding = "Words to make the note large. " * 400
        write_note("a-good.md", f"::: widget bucket-name\n    name: my-bucket\n\n{padding}")
        write_note("b-unknown.md", f"::: widget no-such-widget\n\n{padding}", order=2)
        write_note("c-option.md", f"::: widget bucket-name\n    colour: red\n\n{padding}", order=3)
        write_note("d-small.md", "Text.\n", order=4)
        _, theirs = shares(loader.note_files(write_note.dir), early.EARLY_NOTES)
        assert {"b-unknown.md", "c-option.md"} <= {p.name for p in theirs}
        early.start()
        library = build_with_early(early.take())
        assert library == build_library()
        codes = sorted((p.path.rsplit("/", 1)[-1], p.code) for p in library.problems)
        assert codes == [("b-unknown.md", "E003"), ("c-option.md", "E003")]
        assert "widget-slot" in library.by_slug["a-good"].html
        assert "widget-slot" not in library.by_slug["b-unknown"].html

    def test_needs_none_of_djangos_apps(self):
        """What the renderer imports loads no models and sets up no apps: were it to
        need them, it would fail (or start as slowly as the command it runs beside)."""
        code = (
            "import sys\n"
            "from studysite.export.notes import early_share\n"
            "notes = early_share(0.5)\n"
            "import django.apps\n"
            "assert not django.apps.apps.ready\n"
            "assert 'django.db.models' not in sys.modules, 'models imported'\n"
            "assert 'awscli' not in sys.modules\n"
            "assert 'studysite.widgets.registry' not in sys.modules, 'the registry'\n"
            "print(len(notes))\n"
        )
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "studysite.settings"}
        done = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        assert int(done.stdout) > 5


def test_the_command_line_export_is_the_one_the_tests_build(relative_export, tmp_path):
    """``manage.py export_site`` (the early renderer, then the side worker forked with
    the whole library) writes the same files as ``export_site()`` without them."""
    out = tmp_path / "site"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "studysite.settings",
        "STUDYSITE_CHAPTER_CACHE_DIR": str(tmp_path / "cache"),
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "export_site", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert digest(out) == digest(relative_export)
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").iterdir())


class TestExportWithTheRenderer:
    """export_site takes a renderer started in this process as it takes manage.py's."""

    def test_writes_what_it_writes_without_it(self, relative_export, tmp_path):
        export_with_the_renderer(tmp_path / "site")
        assert early.take() is None  # the export took it
        assert digest(tmp_path / "site") == digest(relative_export)
        assert mp.active_children() == []

    def test_a_side_worker_that_fails_leaves_the_export_whole(
        self, relative_export, tmp_path, monkeypatch
    ):
        """The side worker fails as it builds the library from the notes it was sent:
        this process builds its pages too, and the export is the same."""
        parent = os.getpid()
        library_of = side.library_of

        def failing_in_the_side(notes):
            if os.getpid() != parent:
                raise RuntimeError("the side worker fails")
            return library_of(notes)

        monkeypatch.setattr(side, "library_of", failing_in_the_side)
        export_with_the_renderer(tmp_path / "site")
        assert digest(tmp_path / "site") == digest(relative_export)
        assert mp.active_children() == []


class TestTheSearchIndex:
    """The early renderer builds the search index once it has every note; the export
    writes it, or builds its own when the renderer could not."""

    def test_is_the_renderers(self, relative_export, tmp_path, monkeypatch):
        built_in: list[int] = []
        script = build.search_index_script

        def only_in_the_renderer(library):  # this process would build it with this
            built_in.append(os.getpid())
            return b"built here"

        monkeypatch.setattr(build, "search_index_script", only_in_the_renderer)
        export_with_the_renderer(tmp_path / "site")
        assert built_in == []
        assert digest(tmp_path / "site") == digest(relative_export)
        assert script(build_library()) == (relative_export / SEARCH_INDEX).read_bytes()

    def test_a_renderer_that_fails_to_build_it_costs_only_time(
        self, relative_export, tmp_path, monkeypatch
    ):
        parent = os.getpid()
        built_in: list[int] = []
        index = notes.early_search_index
        script = build.search_index_script

        def failing(rendered):
            raise RuntimeError("the renderer fails to build the index")

        def counted(library):
            built_in.append(os.getpid())
            return script(library)

        monkeypatch.setattr(notes, "early_search_index", failing)  # the fork inherits it
        monkeypatch.setattr(build, "search_index_script", counted)
        export_with_the_renderer(tmp_path / "site")
        assert built_in == [parent]  # built here, once
        assert digest(tmp_path / "site") == digest(relative_export)
        assert index is not failing

    def test_is_not_built_from_notes_rendered_again(self, write_note, tmp_path):
        """A note of the renderer's share with an embed it could not check is rendered
        again here: the renderer, which has the unchecked one, is told to build no index
        (its index would show the wrong text), and the index is this process's."""
        padding = "Words to make the note large. " * 400
        write_note("a-good.md", f"::: widget bucket-name\n    name: my-bucket\n\n{padding}")
        write_note("b-unknown.md", f"::: widget no-such-widget\n\n{padding}", order=2)
        write_note("d-small.md", "Text.\n", order=4)
        early.start()
        renderer = early.take()
        rendered = notes.notes_with_early(renderer, index=True)
        assert renderer.search_index() is None
        assert renderer.process.exitcode == 0
        assert len(rendered) == 2  # b-unknown.md is rendered again by library_of

    def test_the_renderer_ends_when_no_index_is_wanted(self, renderer):
        notes.notes_with_early(renderer)  # index=False
        renderer.process.join(timeout=30)
        assert renderer.process.exitcode == 0
