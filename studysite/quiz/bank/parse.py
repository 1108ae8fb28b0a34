"""One question file's bytes -> its valid questions and its problems."""

from __future__ import annotations

import yaml

from studysite.chapters.loader import Library, NoteProblem

from .checker import _FileChecker
from .compose import _Aliases, _compose, _line, _TooDeep
from .schema import MAX_DEPTH, MAX_FILE_BYTES, BankQuestion


def _decode(data: bytes, source: str) -> tuple[str | None, list[NoteProblem]]:
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return None, [
            NoteProblem(source, line, "E001", "The file contains NUL bytes.", "Is it text?")
        ]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [
            NoteProblem(source, line, "E001", "The file is not valid UTF-8.", "Save it as UTF-8.")
        ]
    return text.lstrip("\ufeff"), []


def parse_questions(
    data: bytes, source: str, library: Library
) -> tuple[list[BankQuestion], list[NoteProblem]]:
    """Validate one file's bytes. Never raises for bad content."""
    if len(data) > MAX_FILE_BYTES:
        return [], [
            NoteProblem(
                source, 1, "E001", "The file is larger than 1 MiB.", "Split it into topics."
            )
        ]
    text, problems = _decode(data, source)
    if text is None:
        return [], problems
    try:
        root = _compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        reason = getattr(exc, "problem", None) or "it cannot be read"
        return [], [
            NoteProblem(
                source,
                mark.line + 1 if mark is not None else 1,
                "E002",
                f"The file is not valid YAML: {reason}.",
                "Check the indentation, and quote text that contains ': ' or starts with "
                "a special character.",
            )
        ]
    except _TooDeep as exc:
        return [], [
            NoteProblem(
                source,
                exc.line,
                "E002",
                f"The file is nested more than {MAX_DEPTH} levels deep.",
                "A question needs only a few levels: a list of questions, each with a list "
                "of options.",
            )
        ]
    except RecursionError:  # pragma: no cover - _screen_events stops this first
        return [], [NoteProblem(source, 1, "E002", "The file is nested too deeply.", "")]
    except _Aliases as exc:
        return [], [_alias_problem(source, exc.line)]
    if root is None:
        return [], [
            NoteProblem(
                source, 1, "E002", "The file has no questions.", "Add questions or delete it."
            )
        ]
    if not isinstance(root, yaml.SequenceNode):
        return [], [
            NoteProblem(
                source,
                _line(root),
                "E002",
                "The file is not a list of questions.",
                "Start each question with '- id: ...'.",
            )
        ]
    checker = _FileChecker(source, library)
    questions: list[BankQuestion] = []
    try:
        for index, node in enumerate(root.value):
            question = checker.question(node, index)
            if question is not None:
                questions.append(question)
    except _Aliases as exc:
        return [], [_alias_problem(source, exc.line)]
    return questions, checker.problems


def _alias_problem(source: str, line: int) -> NoteProblem:
    return NoteProblem(
        source,
        line,
        "E002",
        "The file uses YAML anchors or aliases (& and *).",
        "Write each question out in full.",
    )
