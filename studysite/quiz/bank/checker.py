"""Validate the questions of one composed YAML document, field by field, recording each
problem with its line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import yaml

from studysite.chapters.loader import Library, NoteProblem
from studysite.chapters.markdown_ext import SLUG_RE

from .compose import _Aliases, _line
from .schema import (
    CHOOSE,
    FIELDS,
    MAX_ID,
    MAX_REFERENCES,
    MAX_TEXT,
    OPTION_COUNTS,
    OPTION_FIELDS,
    OPTIONAL_FIELDS,
    REFERENCE_PREFIX,
    TASKS,
    BankQuestion,
    Option,
)


@dataclass(frozen=True)
class _NotAValue:
    """Stands for a list or mapping where a single value belongs, or a scalar with a tag
    safe YAML cannot build (e.g. !!python/object): never text, never a number."""

    what: str

    def __repr__(self) -> str:
        return self.what


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
