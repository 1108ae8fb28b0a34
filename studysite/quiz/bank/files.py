"""Every file in notes/questions/ -> one bank: ids unique across files."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from studysite.chapters.loader import Library, NoteProblem, get_library

from .parse import parse_questions
from .schema import MAX_FILE_BYTES, QUESTIONS_SUBDIR, Bank, BankQuestion


def questions_dir(notes_dir: Path | None = None) -> Path:
    return Path(notes_dir or settings.NOTES_DIR) / QUESTIONS_SUBDIR


def question_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.yaml") if p.is_file())


def _relative(path: Path) -> str:
    try:
        return path.relative_to(settings.BASE_DIR).as_posix()
    except ValueError:
        return path.as_posix()


def build_bank(library: Library | None = None, notes_dir: Path | None = None) -> Bank:
    library = library if library is not None else get_library()
    problems: list[NoteProblem] = []
    questions: list[BankQuestion] = []
    first_seen: dict[str, BankQuestion] = {}
    for path in question_files(questions_dir(notes_dir)):
        source = _relative(path)
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                problems.append(
                    NoteProblem(
                        source, 1, "E001", "The file is larger than 1 MiB.", "Split it into topics."
                    )
                )
                continue
            with path.open("rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            problems.append(NoteProblem(source, 1, "E001", f"Cannot read the file: {exc}.", ""))
            continue
        file_questions, file_problems = parse_questions(data, source, library)
        problems.extend(file_problems)
        for question in file_questions:
            earlier = first_seen.get(question.id)
            if earlier is not None:
                problems.append(
                    NoteProblem(
                        source,
                        question.line,
                        "E005",
                        f"The id {question.id!r} is already used at {earlier.source}:"
                        f"{earlier.line}.",
                        "Ids must be unique across all question files; answers are kept by id.",
                    )
                )
                continue
            first_seen[question.id] = question
            questions.append(question)
    problems.sort(key=lambda p: (p.path, p.line))
    return Bank(questions=tuple(questions), problems=tuple(problems))
