"""Loading notes: front matter, cross-note checks, caching and DEBUG freshness."""

from __future__ import annotations

import os

import pytest

from studysite.chapters import loader, note_render
from studysite.chapters.loader import build_library, get_library


def problems_of(library):
    return [(p.path.rsplit("/", 1)[-1], p.line, p.code) for p in library.problems]


class TestFrontMatter:
    def test_a_valid_note_becomes_a_chapter(self, write_note):
        write_note(
            "s3-buckets.md", "## Naming {#naming}\n\nText.\n", title="Buckets", domains="[1, 3]"
        )
        library = build_library()
        chapter = library.by_slug["s3-buckets"]
        assert (chapter.title, chapter.order, chapter.domains) == ("Buckets", 10, (1, 3))
        assert chapter.summary == "What it teaches."
        assert chapter.url == "/notes/s3-buckets/"
        assert "naming" in chapter.anchors
        assert library.problems == ()

    def test_missing_front_matter_is_reported_on_line_1(self, write_note):
        write_note("bare.md", "## Just text\n", front="")
        assert problems_of(build_library()) == [("bare.md", 1, "E001")]

    def test_invalid_yaml_is_reported_with_its_line(self, write_note):
        write_note("bad.md", "Body\n", front="---\ntitle: ok\norder: [1\nsummary: x\n---\n")
        ((name, line, code),) = problems_of(build_library())
        assert (name, code) == ("bad.md", "E002")
        assert line in (3, 4)
        # In PyYAML's own words (libyaml, which reads the front matter first, says
        # "did not find expected ',' or ']'").
        (problem,) = build_library().problems
        assert problem.message == (
            "The front matter is not valid YAML: expected ',' or ']', but got ':'."
        )

    @pytest.mark.parametrize(
        ("field_line", "line", "needle"),
        [
            ("order: two", 3, "order"),
            ("order: 1.5", 3, "order"),
            ("domains: [5]", 4, "domains"),
            ("domains: [1, 1]", 4, "domains"),
            ("domains: yes", 4, "domains"),
            ("title: ''", 2, "title"),
        ],
    )
    def test_bad_values_are_reported_on_their_own_line(self, write_note, field_line, line, needle):
        fields = {"title": "title: T", "order": "order: 1", "domains": "domains: [1]"}
        fields[needle] = field_line
        front = "---\n{title}\n{order}\n{domains}\nsummary: S\n---\n".format(**fields)
        write_note("n.md", "Body\n", front=front)
        assert problems_of(build_library()) == [("n.md", line, "E002")]

    def test_unknown_and_missing_keys_are_both_reported(self, write_note):
        write_note("n.md", "x\n", front="---\ntitle: T\norder: 1\ndomains: []\nsumary: S\n---\n")
        messages = [p.message for p in build_library().problems]
        assert any("sumary" in m for m in messages)
        assert any("'summary'" in m for m in messages)

    def test_a_broken_note_still_renders_with_fallbacks(self, write_note):
        write_note("broken-note.md", "Some text.\n", front="")
        chapter = build_library().by_slug["broken-note"]
        assert chapter.title == "Broken note"
        assert "Some text." in chapter.html


class TestCrossNoteChecks:
    def test_links_and_anchors_between_notes_are_checked_with_lines(self, write_note):
        write_note("a.md", "## Alpha {#alpha}\n\n[ok](b.md#beta)\n\n[bad anchor](b.md#gamma)\n")
        write_note("b.md", "## Beta {#beta}\n\n[ok](a.md#alpha)\n[gone](c.md)\n[self](#nope)\n")
        assert problems_of(build_library()) == [
            ("a.md", 11, "E005"),
            ("b.md", 10, "E004"),
            ("b.md", 11, "E005"),
        ]

    def test_an_unknown_widget_is_reported_with_its_line(self, write_note):
        write_note("w.md", "Intro.\n\n::: widget nope\n")
        assert problems_of(build_library()) == [("w.md", 9, "E003")]

    def test_two_files_with_the_same_slug_are_reported(self, write_note):
        write_note("s3_buckets.md", "One\n")
        write_note("s3-buckets.md", "Two\n")
        assert ("s3_buckets.md", 1, "E006") in problems_of(build_library())
        assert len(build_library().chapters) == 1

    def test_a_file_name_without_a_slug_is_reported(self, write_note):
        write_note("__.md", "x\n")
        assert problems_of(build_library()) == [("__.md", 1, "E006")]

    def test_non_utf8_and_nul_bytes_are_reported_not_raised(self, write_note):
        path = write_note("latin.md", "caf\n")
        path.write_bytes(path.read_bytes().replace(b"caf", b"caf\xe9\x00"))
        codes = {code for _, _, code in problems_of(build_library())}
        assert codes == {"E007"}


class TestOrderingAndGrouping:
    def test_chapters_are_ordered_and_listed_under_every_domain_they_serve(self, write_note):
        write_note("exam.md", "x", title="Exam", order=1, domains="[]")
        write_note("b.md", "x", title="B", order=30, domains="[2, 1]")
        write_note("a.md", "x", title="A", order=20, domains="[1]")
        library = build_library()
        assert [c.slug for c in library.chapters] == ["exam", "a", "b"]
        assert [(d, [c.slug for c in cs]) for d, cs in library.by_domain()] == [
            (None, ["exam"]),
            (1, ["a", "b"]),
            (2, ["b"]),
            (3, []),
            (4, []),
        ]
        assert library.neighbours("a") == (library.by_slug["exam"], library.by_slug["b"])


class TestCaching:
    def test_rendering_is_cached_by_content(self, write_note, monkeypatch):
        write_note("a.md", "## A\n")
        calls = []
        real = note_render.render_note
        monkeypatch.setattr(note_render, "render_note", lambda *a: calls.append(1) or real(*a))
        build_library()
        build_library()
        assert len(calls) == 1

    def test_without_debug_the_library_is_built_once_per_process(
        self, write_note, settings, monkeypatch
    ):
        settings.DEBUG = False
        write_note("a.md", "Old text.\n")
        first = get_library()
        monkeypatch.setattr(loader, "build_library", lambda *a: pytest.fail("rebuilt"))
        assert get_library() is first

    def test_in_debug_an_edited_note_shows_on_the_next_call(self, write_note, settings):
        settings.DEBUG = True
        path = write_note("a.md", "Old text.\n")
        assert "Old text." in get_library().by_slug["a"].html
        write_note("a.md", "New text.\n")
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
        assert "New text." in get_library().by_slug["a"].html


def test_cli_commands_are_collected_from_shell_blocks():
    from studysite.chapters.loader import cli_commands

    text = (
        "```bash\n$ aws s3 ls\naws s3api put-object-tagging \\\\\n    --bucket b --key k \\\\\n"
        '    --tagging \'{"TagSet": [\n      {"Key": "a", "Value": "x"}]}\'\n'
        "echo done\n```\n\n```python\naws = 1\n```\n\n```text\naws s3 rb s3://x\n```\n"
    )
    assert cli_commands(text) == (
        "aws s3 ls",
        "aws s3api put-object-tagging \\\\\n    --bucket b --key k \\\\\n"
        '    --tagging \'{"TagSet": [\n      {"Key": "a", "Value": "x"}]}\'',
    )
