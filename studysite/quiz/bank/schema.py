"""What a question file may hold: its fields and limits, and the validated question
and bank they become (frozen dataclasses)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from studysite.chapters.loader import NoteProblem

MAX_FILE_BYTES = 1024 * 1024
QUESTIONS_SUBDIR = "questions"
REFERENCE_PREFIX = "https://docs.aws.amazon.com/"
# Task statements per domain, from the SAA-C03 exam guide (see notes/saa-c03-exam.md).
TASKS = MappingProxyType({1: 3, 2: 2, 3: 5, 4: 4})
OPTION_COUNTS = MappingProxyType({"single": (4,), "multiple": (5, 6)})
CHOOSE = MappingProxyType({"single": (1,), "multiple": (2, 3)})
MAX_ID = 80
MAX_TEXT = 5000
MAX_REFERENCES = 10
MAX_DEPTH = 20  # list of questions > question > options > option: 4 levels are needed

FIELDS = {
    "id": "a stable slug, unique across all files (e.g. s3-uri-no-region)",
    "chapter": "the slug of the chapter that teaches it (the note's file name)",
    "section": "the id of the section that teaches it (## Heading {#id})",
    "domain": "the exam domain, 1-4",
    "task": 'the task statement, e.g. "1.3"',
    "type": "single or multiple",
    "choose": "how many options are correct: 1 for single, 2 or 3 for multiple",
    "stem": "the question, in markdown",
    "options": "4 options (single) or 5-6 (multiple), each with text, correct, explanation",
    "references": "a list of https://docs.aws.amazon.com/... URLs",
}
OPTIONAL_FIELDS = frozenset({"choose"})  # defaults to 1 for single-answer questions
OPTION_FIELDS = {
    "text": "the option, one paragraph of markdown",
    "correct": "true or false",
    "explanation": "why the option is right or wrong, in markdown",
}


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool
    explanation: str


@dataclass(frozen=True)
class BankQuestion:
    id: str
    chapter: str
    section: str
    domain: int
    task: str
    type: str
    choose: int
    stem: str
    options: tuple[Option, ...]
    references: tuple[str, ...]
    source: str
    line: int

    def content(self) -> dict[str, object]:
        """Everything a learner sees or is graded on: the versioned snapshot."""
        return {
            "id": self.id,
            "domain": self.domain,
            "task": self.task,
            "chapter": self.chapter,
            "section": self.section,
            "type": self.type,
            "choose": self.choose,
            "stem": self.stem,
            "options": [
                {"text": o.text, "correct": o.correct, "explanation": o.explanation}
                for o in self.options
            ],
            "references": list(self.references),
        }

    @property
    def content_hash(self) -> str:
        return content_hash(self.content())


def content_hash(content: Mapping[str, object]) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class Bank:
    questions: tuple[BankQuestion, ...]  # valid questions only, in file order
    problems: tuple[NoteProblem, ...]

    def for_chapter(self, slug: str) -> tuple[BankQuestion, ...]:
        return tuple(q for q in self.questions if q.chapter == slug)
