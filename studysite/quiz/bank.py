"""Question files on disk -> a validated question bank.

Data flows one way: ``notes/questions/*.yaml`` -> :func:`build_bank` (every field checked,
each problem with file and line) -> ``sync_questions`` (database) and the "Test yourself"
link. The YAML is *composed* rather than loaded so that every value keeps its node and
therefore its line. A broken file never raises here: its problems are collected and the
``questions`` system check reports them; a question with a problem is left out.

Questions point at chapter sections, so the bank is checked against the chapters library
(``quiz`` may import ``chapters``, never the reverse).
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from urllib.parse import urlsplit

import yaml
from django.conf import settings

from studysite.chapters.loader import Library, NoteProblem, get_library
from studysite.chapters.markdown_ext import SLUG_RE

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
# libyaml's composer, when PyYAML ships it (its wheels do): see _compose.
_FAST_LOADER: type | None = getattr(yaml, "CSafeLoader", None)

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


# --- One file ----------------------------------------------------------------------


class _Aliases(Exception):
    """Anchors and aliases are refused: they hide content and can multiply it."""

    def __init__(self, line: int) -> None:
        self.line = line


class _TooDeep(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


def _screen_events(text: str, loader: type = yaml.SafeLoader) -> None:
    """Refuse aliases and deep nesting while streaming parser events, before composing:
    a few aliases can multiply a document, and PyYAML's parser slows down quadratically
    (and its composer recurses) with nesting depth."""
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent):
            raise _Aliases(event.start_mark.line + 1)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _TooDeep(event.start_mark.line + 1)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _compose_with(text: str, loader_class: type) -> yaml.Node | None:
    _screen_events(text, loader_class)
    loader = loader_class(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _compose(text: str) -> yaml.Node | None:
    """The document's node tree, each node with its line (``start_mark``).

    libyaml (``CSafeLoader``, when PyYAML was built with it) composes the same nodes with
    the same marks about ten times faster than the pure-Python parser, which was most of
    the time of ``manage.py check`` and of the static export (issue 15). A file libyaml
    refuses is parsed again by the pure-Python parser, so a broken file's message and
    line are the ones PyYAML has always given."""
    if _FAST_LOADER is not None:
        try:
            return _compose_with(text, _FAST_LOADER)
        except (yaml.YAMLError, _Aliases, _TooDeep, RecursionError):
            pass  # reported below, in PyYAML's own words
    return _compose_with(text, yaml.SafeLoader)


@dataclass(frozen=True)
class _NotAValue:
    """Stands for a list or mapping where a single value belongs, or a scalar with a tag
    safe YAML cannot build (e.g. !!python/object): never text, never a number."""

    what: str

    def __repr__(self) -> str:
        return self.what


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


class _FileChecker:
    """Validate the questions of one composed document, recording problems."""

    def __init__(self, source: str, library: Library) -> None:
        self.source = source
        self.library = library
        self.problems: list[NoteProblem] = []
        self.seen: set[int] = set()
        self.constructor = yaml.constructor.SafeConstructor()

    def problem(self, line: int, code: str, message: str, hint: str = "") -> None:
        self.problems.append(NoteProblem(self.source, line, code, message, hint))

    def field_hint(self, key: str) -> str:
        return f"{key}: {FIELDS[key]}."

    def visit(self, node: yaml.Node) -> None:
        if id(node) in self.seen:
            raise _Aliases(_line(node))
        self.seen.add(id(node))

    def scalar(self, node: yaml.Node) -> object:
        """A scalar node's Python value (str, int, float, bool, None), else a _NotAValue."""
        self.visit(node)
        if isinstance(node, yaml.ScalarNode):
            try:
                return self.constructor.construct_object(node, deep=True)
            except (yaml.YAMLError, ValueError, OverflowError):
                return _NotAValue(f"a value tagged {node.tag}")
        return _NotAValue("a list" if isinstance(node, yaml.SequenceNode) else "a mapping")

    def mapping(self, node: yaml.MappingNode, what: str) -> dict[str, yaml.Node]:
        """The keys of a mapping node with their value nodes; duplicate keys are errors."""
        self.visit(node)
        result: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = self.scalar(key_node)
            if not isinstance(key, str):
                self.problem(_line(key_node), "E003", f"{what} has a key that is not text.")
                continue
            if key in result:
                self.problem(
                    _line(key_node),
                    "E003",
                    f"{what} has the key {key!r} twice.",
                    "Each key may appear once; the second would silently win.",
                )
                continue
            result[key] = value_node
        return result

    def text(self, node: yaml.Node, key: str, *, one_paragraph: bool = False) -> str | None:
        value = self.scalar(node)
        if not isinstance(value, str) or not value.strip():
            self.problem(_line(node), "E003", f"{key!r} must be non-empty text.")
            return None
        if len(value) > MAX_TEXT:
            self.problem(_line(node), "E003", f"{key!r} is longer than {MAX_TEXT} characters.")
            return None
        if any(ch in value for ch in "\x00\x1b"):
            self.problem(_line(node), "E003", f"{key!r} contains control characters.")
            return None
        value = value.strip()
        if one_paragraph and re.search(r"\n[ \t]*\n", value):
            self.problem(
                _line(node),
                "E003",
                f"{key!r} must be a single paragraph.",
                "Options are shown as one line; move detail into the explanation.",
            )
            return None
        return value

    def question(self, node: yaml.Node, index: int) -> BankQuestion | None:
        start = len(self.problems)
        where = f"Question {index + 1}"
        if not isinstance(node, yaml.MappingNode):
            self.visit(node)
            self.problem(
                _line(node),
                "E002",
                f"{where} is not a set of 'key: value' lines.",
                "Each question starts with '- id: ...' followed by its other fields.",
            )
            return None
        fields = self.mapping(node, where)
        qid = fields.get("id")
        if qid is not None and isinstance(self.scalar_peek(qid), str):
            where = f"Question {self.scalar_peek(qid)!r}"
        for key in fields:
            if key not in FIELDS:
                self.problem(
                    _line(fields[key]),
                    "E003",
                    f"{where} has an unknown field {key!r}.",
                    "Known fields: " + ", ".join(FIELDS) + ".",
                )
        for key in FIELDS:
            if key not in fields and key not in OPTIONAL_FIELDS:
                self.problem(_line(node), "E003", f"{where} has no {key!r}.", self.field_hint(key))

        values: dict[str, object] = {}
        if "id" in fields:
            value = self.scalar(fields["id"])
            if isinstance(value, str) and SLUG_RE.match(value) and len(value) <= MAX_ID:
                values["id"] = value
            else:
                self.problem(
                    _line(fields["id"]),
                    "E003",
                    f"The id {value!r} is not a slug (lowercase letters, digits, hyphens; "
                    f"at most {MAX_ID} characters).",
                    self.field_hint("id"),
                )
        chapter = None
        if "chapter" in fields:
            value = self.scalar(fields["chapter"])
            chapter = self.library.by_slug.get(value) if isinstance(value, str) else None
            if chapter is None:
                self.problem(
                    _line(fields["chapter"]),
                    "E006",
                    f"{where}: the chapter {value!r} does not exist.",
                    "Existing chapters: " + ", ".join(sorted(self.library.by_slug)) + ".",
                )
            else:
                values["chapter"] = chapter.slug
        if "section" in fields:
            value = self.scalar(fields["section"])
            if not isinstance(value, str) or not value:
                self.problem(
                    _line(fields["section"]),
                    "E003",
                    f"{where}: the section must be a heading id.",
                    self.field_hint("section"),
                )
            elif chapter is not None and value not in chapter.anchors:
                self.problem(
                    _line(fields["section"]),
                    "E006",
                    f"{where}: the section #{value} does not exist in {chapter.source}.",
                    "Its sections: " + ", ".join(sorted(chapter.anchors)) + ".",
                )
            else:
                values["section"] = value
        domain = None
        if "domain" in fields:
            value = self.scalar(fields["domain"])
            if isinstance(value, int) and not isinstance(value, bool) and value in TASKS:
                domain = values["domain"] = value
            else:
                self.problem(
                    _line(fields["domain"]),
                    "E003",
                    f"{where}: the domain must be 1, 2, 3 or 4, not {value!r}.",
                )
        if "task" in fields:
            value = self.scalar(fields["task"])
            task = str(value) if isinstance(value, str | float) else ""
            match = re.fullmatch(r"([1-4])\.([1-9])", task)
            if not match or int(match.group(2)) > TASKS[int(match.group(1))]:
                self.problem(
                    _line(fields["task"]),
                    "E003",
                    f"{where}: {value!r} is not an SAA-C03 task statement.",
                    "Task statements: 1.1-1.3, 2.1-2.2, 3.1-3.5, 4.1-4.4.",
                )
            elif domain is not None and int(match.group(1)) != domain:
                self.problem(
                    _line(fields["task"]),
                    "E003",
                    f"{where}: task {task} belongs to domain {match.group(1)}, "
                    f"but the domain is {domain}.",
                )
            else:
                values["task"] = task
        qtype = None
        if "type" in fields:
            value = self.scalar(fields["type"])
            if value in OPTION_COUNTS:
                qtype = values["type"] = value
            else:
                self.problem(
                    _line(fields["type"]),
                    "E003",
                    f"{where}: the type must be 'single' or 'multiple', not {value!r}.",
                )
        choose = None
        if "choose" in fields:
            value = self.scalar(fields["choose"])
            allowed = CHOOSE.get(qtype or "", (1, 2, 3))
            if isinstance(value, int) and not isinstance(value, bool) and value in allowed:
                choose = value
            else:
                self.problem(
                    _line(fields["choose"]),
                    "E003",
                    f"{where}: 'choose' must be "
                    + " or ".join(str(n) for n in allowed)
                    + f" for a {qtype or 'question'}, not {value!r}.",
                    self.field_hint("choose"),
                )
        elif qtype == "single":
            choose = 1
        elif qtype == "multiple":
            self.problem(
                _line(node),
                "E003",
                f"{where} has no 'choose'.",
                "A multiple-response question says how many options to pick: 2 or 3.",
            )
        if choose is not None:
            values["choose"] = choose
        if "stem" in fields:
            stem = self.text(fields["stem"], "stem")
            if stem is not None:
                values["stem"] = stem
        if "options" in fields:
            options = self.options(fields["options"], where, qtype, choose)
            if options is not None:
                values["options"] = options
        if "references" in fields:
            references = self.references(fields["references"], where)
            if references is not None:
                values["references"] = references
        if len(self.problems) > start:
            return None
        return BankQuestion(**values, source=self.source, line=_line(node))  # type: ignore[arg-type]

    def scalar_peek(self, node: yaml.Node) -> object:
        """A scalar's value without marking the node as visited (for messages)."""
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str"):
            return node.value
        return None

    def options(
        self, node: yaml.Node, where: str, qtype: str | None, choose: int | None
    ) -> tuple[Option, ...] | None:
        if not isinstance(node, yaml.SequenceNode):
            self.scalar(node)
            self.problem(_line(node), "E004", f"{where}: 'options' must be a list.")
            return None
        self.visit(node)
        options: list[Option] = []
        ok = True
        for index, item in enumerate(node.value):
            label = f"{where}, option {index + 1}"
            if not isinstance(item, yaml.MappingNode):
                self.scalar(item)
                self.problem(
                    _line(item),
                    "E004",
                    f"{label} is not a set of 'key: value' lines.",
                    "Each option has text, correct and explanation.",
                )
                ok = False
                continue
            fields = self.mapping(item, label)
            for key in fields:
                if key not in OPTION_FIELDS:
                    self.problem(
                        _line(fields[key]),
                        "E004",
                        f"{label} has an unknown field {key!r}.",
                        "Known fields: " + ", ".join(OPTION_FIELDS) + ".",
                    )
                    ok = False
            for key in OPTION_FIELDS:
                if key not in fields:
                    self.problem(
                        _line(item),
                        "E004",
                        f"{label} has no {key!r}.",
                        f"{key}: {OPTION_FIELDS[key]}.",
                    )
                    ok = False
            text = (
                self.text(fields["text"], "text", one_paragraph=True) if "text" in fields else None
            )
            explanation = (
                self.text(fields["explanation"], "explanation") if "explanation" in fields else None
            )
            correct = self.scalar(fields["correct"]) if "correct" in fields else None
            if "correct" in fields and not isinstance(correct, bool):
                self.problem(
                    _line(fields["correct"]),
                    "E004",
                    f"{label}: 'correct' must be true or false, not {correct!r}.",
                )
                ok = False
            if text is None or explanation is None or not isinstance(correct, bool):
                ok = False
                continue
            options.append(Option(text, correct, explanation))
        if not ok:
            return None
        if qtype is not None and len(options) not in OPTION_COUNTS[qtype]:
            wanted = " or ".join(str(n) for n in OPTION_COUNTS[qtype])
            self.problem(
                _line(node),
                "E004",
                f"{where}: a {qtype} question has {wanted} options, not {len(options)}.",
            )
            return None
        texts = [o.text.casefold() for o in options]
        if len(set(texts)) != len(texts):
            self.problem(_line(node), "E004", f"{where}: two options have the same text.")
            return None
        correct_count = sum(o.correct for o in options)
        if choose is not None and correct_count != choose:
            self.problem(
                _line(node),
                "E004",
                f"{where}: {correct_count} option{'s are' if correct_count != 1 else ' is'} "
                f"marked correct, but 'choose' is {choose}.",
                "Mark exactly as many options 'correct: true' as the question asks for.",
            )
            return None
        return tuple(options)

    def references(self, node: yaml.Node, where: str) -> tuple[str, ...] | None:
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            self.scalar(node)
            self.problem(
                _line(node),
                "E007",
                f"{where}: 'references' must be a non-empty list of URLs.",
                self.field_hint("references"),
            )
            return None
        self.visit(node)
        if len(node.value) > MAX_REFERENCES:
            self.problem(_line(node), "E007", f"{where}: more than {MAX_REFERENCES} references.")
            return None
        urls: list[str] = []
        for item in node.value:
            value = self.scalar(item)
            parts = urlsplit(value) if isinstance(value, str) else None
            if (
                not isinstance(value, str)
                or not value.startswith(REFERENCE_PREFIX)
                or len(value) > 500
                or any(ch.isspace() or ch in "<>\"'" for ch in value)
                or parts is None
                or parts.netloc != "docs.aws.amazon.com"
            ):
                self.problem(
                    _line(item),
                    "E007",
                    f"{where}: the reference {value!r} is not an AWS documentation URL.",
                    f"References start with {REFERENCE_PREFIX}",
                )
                return None
            urls.append(value)
        return tuple(urls)


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


# --- The whole bank ----------------------------------------------------------------


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


# --- Per-process state --------------------------------------------------------------

_lock = threading.Lock()
_state: dict[str, object] = {}


def _signature(directory: Path) -> tuple:
    entries = []
    for path in question_files(directory):
        try:
            stat = path.stat()
        except OSError:
            continue
        entries.append((path.name, stat.st_mtime_ns, stat.st_size))
    return (str(directory), tuple(entries))


def get_bank() -> Bank:
    """The current bank: built once per process (per chapters library), or re-checked
    against the question files' mtimes per call in DEBUG, as :func:`get_library` does."""
    library = get_library()
    directory = questions_dir()
    bank = _state.get("bank")
    if (
        isinstance(bank, Bank)
        and _state.get("library") is library
        and _state.get("directory") == str(directory)
        and not settings.DEBUG
    ):
        return bank
    signature = (_signature(directory), id(library))
    if isinstance(bank, Bank) and _state.get("signature") == signature:
        return bank
    with _lock:
        if _state.get("signature") != signature or not isinstance(_state.get("bank"), Bank):
            _state.update(
                bank=build_bank(library),
                signature=signature,
                library=library,
                directory=str(directory),
            )
    return _state["bank"]  # type: ignore[return-value]


def reset_bank() -> None:
    with _lock:
        _state.clear()
