"""The question loader: every malformed case gives a clear message with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from studysite.quiz.bank import build_bank, get_bank
from studysite.quiz.bank.schema import MAX_FILE_BYTES
from studysite.quiz.checks import check_questions

from .conftest import MULTIPLE, SINGLE


def problems_of(quiz_notes, text: str, name: str = "q.yaml") -> list[tuple[str, str, str]]:
    quiz_notes(name, text)
    return [(p.location, p.code, p.message) for p in build_bank().problems]


def test_valid_questions_load_in_file_order(quiz_notes):
    quiz_notes("a.yaml", SINGLE + MULTIPLE)
    bank = build_bank()
    assert bank.problems == ()
    one, two = bank.questions
    assert (one.id, one.type, one.choose, one.task, one.line) == ("s3-one", "single", 1, "3.4", 1)
    assert (two.id, two.choose, two.task) == ("s3-two", 2, "1.2")  # task 1.2 unquoted is fine
    assert one.source.endswith("questions/a.yaml")
    assert [o.correct for o in one.options] == [True, False, False, False]
    assert one.content()["references"] == [
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/dual-stack-endpoints.html"
    ]


def test_choose_may_be_left_out_for_single_answer_questions(quiz_notes):
    (question,) = build_bank_of(quiz_notes, SINGLE.replace("  choose: 1\n", ""))
    assert question.choose == 1


def build_bank_of(quiz_notes, text):
    quiz_notes("q.yaml", text)
    bank = build_bank()
    assert bank.problems == ()
    return bank.questions


# (what, how the sample is changed, code, message fragment, line)
CASES = [
    (
        "missing field",
        ("  stem: Which endpoint supports **IPv6**?\n", ""),
        "E003",
        "has no 'stem'",
        1,
    ),
    (
        "unknown field",
        ("  choose: 1\n", "  choose: 1\n  difficulty: hard\n"),
        "E003",
        "unknown field 'difficulty'",
        8,
    ),
    (
        "duplicate key",
        ("  choose: 1\n", "  choose: 1\n  domain: 2\n"),
        "E003",
        "has the key 'domain' twice",
        8,
    ),
    ("bad id", ("- id: s3-one", "- id: S3 One"), "E003", "is not a slug", 1),
    (
        "unknown chapter",
        ("chapter: s3-basics", "chapter: s3-nope"),
        "E006",
        "the chapter 's3-nope' does not exist",
        2,
    ),
    (
        "unknown section",
        ("section: endpoints", "section: nowhere"),
        "E006",
        "the section #nowhere does not exist",
        3,
    ),
    ("domain out of range", ("domain: 3", "domain: 5"), "E003", "domain must be 1, 2, 3 or 4", 4),
    ("domain as text", ("domain: 3", "domain: three"), "E003", "domain must be", 4),
    (
        "not a task statement",
        ('task: "3.4"', 'task: "3.9"'),
        "E003",
        "is not an SAA-C03 task statement",
        5,
    ),
    (
        "task of another domain",
        ('task: "3.4"', 'task: "1.1"'),
        "E003",
        "task 1.1 belongs to domain 1",
        5,
    ),
    ("bad type", ("type: single", "type: essay"), "E003", "'single' or 'multiple'", 6),
    ("choose 2 for single", ("choose: 1", "choose: 2"), "E003", "'choose' must be 1", 7),
    (
        "stem as a list",
        ("stem: Which endpoint supports **IPv6**?", "stem: [a, b]"),
        "E003",
        "'stem' must be non-empty text",
        8,
    ),
    ("id as a mapping", ("- id: s3-one", "- id: {a: b}"), "E003", "The id a mapping is not", 1),
    (
        "empty stem",
        ("stem: Which endpoint supports **IPv6**?", 'stem: ""'),
        "E003",
        "'stem' must be non-empty text",
        8,
    ),
    (
        "three options for single",
        (
            "    - text: Legacy global\n      correct: false\n"
            "      explanation: No Region, IPv4.\n",
            "",
        ),
        "E004",
        "a single question has 4 options, not 3",
        10,
    ),
    (
        "two marked correct",
        (
            "      correct: false\n      explanation: HTTP only",
            "      correct: true\n      explanation: HTTP only",
        ),
        "E004",
        "2 options are marked correct, but 'choose' is 1",
        10,
    ),
    (
        "correct not a bool",
        ("      correct: true\n", "      correct: yes please\n"),
        "E004",
        "'correct' must be true or false",
        11,
    ),
    (
        "option without explanation",
        ("      explanation: It answers over IPv6 and IPv4.\n", ""),
        "E004",
        "option 1 has no 'explanation'",
        10,
    ),
    (
        "option text of two paragraphs",
        ("    - text: Dual-stack\n", '    - text: "Dual-stack\\n\\nsecond paragraph"\n'),
        "E003",
        "single paragraph",
        10,
    ),
    (
        "duplicate option text",
        ("    - text: FIPS", "    - text: website"),
        "E004",
        "two options have the same text",
        10,
    ),
    (
        "references not a list",
        (
            "  references:\n    - https://docs.aws.amazon.com/AmazonS3/"
            "latest/userguide/dual-stack-endpoints.html\n",
            "  references: none\n",
        ),
        "E007",
        "'references' must be a non-empty list",
        22,
    ),
    (
        "reference elsewhere",
        (
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/dual-stack-endpoints.html",
            "https://example.com/s3",
        ),
        "E007",
        "is not an AWS documentation URL",
        23,
    ),
    (
        "reference look-alike host",
        (
            "https://docs.aws.amazon.com/AmazonS3/",
            "https://docs.aws.amazon.com.evil.example/AmazonS3/",
        ),
        "E007",
        "is not an AWS documentation URL",
        23,
    ),
]


@pytest.mark.parametrize(
    ("what", "change", "code", "fragment", "line"), CASES, ids=[c[0] for c in CASES]
)
def test_each_malformed_question_is_reported_with_its_line(
    quiz_notes, what, change, code, fragment, line
):
    old, new = change
    assert old in SINGLE, what
    problems = problems_of(quiz_notes, SINGLE.replace(old, new, 1))
    assert problems, what
    location, got_code, message = problems[0]
    assert got_code == code, problems
    assert fragment in message, problems
    assert location.endswith(f"questions/q.yaml:{line}"), problems


def test_a_broken_question_is_left_out_but_its_neighbours_load(quiz_notes):
    quiz_notes("q.yaml", SINGLE.replace("domain: 3", "domain: 9") + MULTIPLE)
    bank = build_bank()
    assert [q.id for q in bank.questions] == ["s3-two"]
    assert len(bank.problems) == 1


def test_multiple_response_needs_choose_and_five_or_six_options(quiz_notes):
    problems = problems_of(quiz_notes, MULTIPLE.replace("  choose: 2\n", ""))
    assert problems[0][1:] == ("E003", "Question 's3-two' has no 'choose'.")
    problems = problems_of(quiz_notes, MULTIPLE.replace("choose: 2", "choose: 4"))
    assert "'choose' must be 2 or 3 for a multiple" in problems[0][2]
    four = MULTIPLE.replace(
        "    - text: They need a dual-stack endpoint\n      correct: false\n"
        "      explanation: Unrelated.\n",
        "",
    )
    problems = problems_of(quiz_notes, four)
    assert "a multiple question has 5 or 6 options, not 4" in problems[0][2]


def test_ids_are_unique_across_files(quiz_notes):
    quiz_notes("a.yaml", SINGLE)
    quiz_notes("b.yaml", SINGLE)
    bank = build_bank()
    assert len(bank.questions) == 1
    (problem,) = bank.problems
    assert problem.code == "E005"
    assert problem.location.endswith("b.yaml:1")
    assert "already used at" in problem.message and "a.yaml:1" in problem.message


@pytest.mark.parametrize(
    ("content", "code", "fragment", "line"),
    [
        (b"- id: x\n  stem: caf\xe9\n", "E001", "not valid UTF-8", 2),
        (b"- id: x\n\x00\x01\x02binary", "E001", "NUL bytes", 2),
        (b"- id: [unclosed\n  stem: x\n", "E002", "not valid YAML", 2),
        (b"id: not-a-list\n", "E002", "not a list of questions", 1),
        (b"", "E002", "has no questions", 1),
        (b"- just text\n", "E002", "is not a set of 'key: value' lines", 1),
        (b"- &a {id: x}\n- *a\n", "E002", "anchors or aliases", 2),
        (b"[" * 500_000 + b"]" * 500_000, "E002", "nested more than 20 levels", 1),
        (b"- " * 400_000 + b"x", "E002", "nested more than 20 levels", 1),
        (b"- id: !!python/object:os.system x\n", "E003", "a value tagged", 1),
    ],
    ids=[
        "non-utf8",
        "binary",
        "bad-yaml",
        "not-a-list",
        "empty",
        "scalar-item",
        "alias",
        "deep-flow",
        "deep-block",
        "python-tag",
    ],
)
def test_hostile_files_are_clear_errors_never_crashes(quiz_notes, content, code, fragment, line):
    path = quiz_notes("q.yaml", "")
    path.write_bytes(content)
    problems = [p for p in build_bank().problems if fragment in p.message]
    assert problems, content[:40]
    assert problems[0].code == code, problems
    assert problems[0].line == line, problems


def test_a_file_over_one_mebibyte_is_refused_unread(quiz_notes):
    path = quiz_notes("big.yaml", "")
    path.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    (problem,) = build_bank().problems
    assert (problem.code, problem.message) == ("E001", "The file is larger than 1 MiB.")


def test_no_questions_folder_is_an_empty_bank(write_note):
    write_note("a.md", "## A {#a}\n")
    bank = build_bank()
    assert bank.questions == () and bank.problems == ()


def test_get_bank_follows_edits(quiz_notes, settings):
    settings.DEBUG = True
    path = quiz_notes("a.yaml", SINGLE)
    assert [q.id for q in get_bank().questions] == ["s3-one"]
    path.write_text(SINGLE + MULTIPLE, encoding="utf-8")
    import os

    os.utime(path, ns=(1, 1))  # a different mtime even on coarse file systems
    assert [q.id for q in get_bank().questions] == ["s3-one", "s3-two"]


class TestSystemCheck:
    def test_check_fails_with_file_line_and_id(self, quiz_notes):
        quiz_notes("q.yaml", SINGLE.replace("section: endpoints", "section: nowhere"))
        with pytest.raises(SystemCheckError) as excinfo:
            call_command("check", tags=["questions"])
        assert "questions/q.yaml:3: (quiz.E006)" in str(excinfo.value)

    def test_errors_carry_hints(self, quiz_notes):
        quiz_notes("q.yaml", SINGLE.replace("section: endpoints", "section: nowhere"))
        (error,) = check_questions()
        assert error.id == "quiz.E006"
        assert "dots" in error.hint and "endpoints" in error.hint

    def test_the_real_question_bank_is_valid(self, settings):
        from studysite.chapters.loader import build_library

        bank = build_bank(build_library(settings.NOTES_DIR), settings.NOTES_DIR)
        assert [f"{p.location}: {p.message}" for p in bank.problems] == []
        assert len(bank.questions) >= 12
        assert sum(q.type == "multiple" for q in bank.questions) >= 3
        for question in bank.questions:
            assert all(o.explanation for o in question.options)


def test_libyaml_reads_every_file_as_pure_python_does(quiz_notes, settings, monkeypatch):
    # libyaml (CSafeLoader) composes the nodes; PyYAML's own parser is the reference:
    # the same questions, the same problems on the same lines, for the real bank and
    # for broken files (which libyaml hands back to the pure-Python parser).
    from studysite.chapters.loader import build_library
    from studysite.quiz.bank import compose as bank_module

    assert bank_module._FAST_LOADER is not None  # PyYAML's wheels ship libyaml
    texts = [
        SINGLE + MULTIPLE,
        SINGLE.replace("  choose: 1\n", "  choose: 1\n  domain: 2\n"),
        "- id: [unclosed\n  stem: x\n",
        "- &a {id: x}\n- *a\n",
        "- id: !!python/object:os.system x\n",
        "- id: x\n  stem: |\n    two\n\n    paragraphs\n  options: [a, b]\n",
    ]
    notes = Path(settings.BASE_DIR) / "notes"  # the real bank (quiz_notes moves NOTES_DIR)
    library = build_library(notes)
    real = build_bank(library, notes)
    assert len(real.questions) > 100
    written = []
    for text in texts:
        quiz_notes("q.yaml", text)
        written.append(build_bank())
    monkeypatch.setattr(bank_module, "_FAST_LOADER", None)
    assert build_bank(library, notes) == real
    for text, fast in zip(texts, written, strict=True):
        quiz_notes("q.yaml", text)
        assert build_bank() == fast, text
