"""One note's bytes -> a :class:`RenderedNote`: front matter validated, markdown rendered,
each problem with its line; cached per file in the ``chapters`` cache."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping

import yaml

from .domains import DOMAINS
from .library import NoteProblem, RenderedNote, TocEntry, chapter_url
from .markdown_ext import (
    render_markdown,
)

logger = logging.getLogger(__name__)

# Bump whenever the markdown pipeline's output changes: old cache entries are ignored.
RENDERER_VERSION = "6"
FRONT_MATTER_FIELDS = {
    "title": "the chapter's title",
    "order": "an integer; chapters are listed by it",
    "domains": "a list of exam domain numbers 1-4 (may be empty: [])",
    "summary": "one sentence shown on the home page",
}


class _LineFinder:
    """Map a piece of source text to its (1-based) line, in document order."""

    def __init__(self, lines: list[str], first_body_line: int) -> None:
        self.lines = lines
        self.first = first_body_line
        self.cursor: dict[str, int] = {}

    def find(self, needle: str) -> int:
        start = self.cursor.get(needle, self.first - 1)
        for index in range(start, len(self.lines)):
            if needle in self.lines[index]:
                self.cursor[needle] = index + 1
                return index + 1
        return self.first


def _split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter text or None, body, line number where the body starts)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None, text, 1
    for index in range(1, len(lines)):
        if lines[index].strip() in {"---", "..."}:
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    return None, text, 1


def _check_meta(raw: object, source: str, fm_lines: list[str]) -> tuple[dict, list[NoteProblem]]:
    problems: list[NoteProblem] = []

    def line_of(key: str) -> int:
        for index, line in enumerate(fm_lines):
            if line.startswith(f"{key}:"):
                return index + 2
        return 1

    def bad(key: str, message: str) -> None:
        problems.append(
            NoteProblem(
                source, line_of(key), "E002", message, f"{key}: {FRONT_MATTER_FIELDS[key]}."
            )
        )

    if not isinstance(raw, dict):
        problems.append(
            NoteProblem(
                source,
                2,
                "E002",
                "The front matter is not a set of 'key: value' lines.",
                "Required keys: " + ", ".join(FRONT_MATTER_FIELDS) + ".",
            )
        )
        return {}, problems
    meta: dict[str, object] = {}
    for key in raw:
        if key not in FRONT_MATTER_FIELDS:
            problems.append(
                NoteProblem(
                    source,
                    line_of(str(key)),
                    "E002",
                    f"Unknown front matter key {key!r}.",
                    "Known keys: " + ", ".join(FRONT_MATTER_FIELDS) + ".",
                )
            )
    for key in FRONT_MATTER_FIELDS:
        if key not in raw:
            problems.append(
                NoteProblem(
                    source,
                    1,
                    "E002",
                    f"The front matter has no {key!r}.",
                    f"Add '{key}:' – {FRONT_MATTER_FIELDS[key]}.",
                )
            )
    title, summary = raw.get("title"), raw.get("summary")
    if "title" in raw:
        if isinstance(title, str) and title.strip():
            meta["title"] = title.strip()
        else:
            bad("title", "The title must be non-empty text.")
    if "summary" in raw:
        if isinstance(summary, str) and summary.strip():
            meta["summary"] = summary.strip()
        else:
            bad("summary", "The summary must be non-empty text.")
    order = raw.get("order")
    if "order" in raw:
        if isinstance(order, int) and not isinstance(order, bool):
            meta["order"] = order
        else:
            bad("order", f"The order must be a whole number, not {order!r}.")
    domains = raw.get("domains")
    if "domains" in raw:
        values = (
            [domains] if isinstance(domains, int) and not isinstance(domains, bool) else domains
        )
        if (
            isinstance(values, list)
            and all(isinstance(d, int) and not isinstance(d, bool) and d in DOMAINS for d in values)
            and len(set(values)) == len(values)
        ):
            meta["domains"] = tuple(values)
        else:
            bad("domains", f"Domains must be a list of distinct numbers 1-4, not {domains!r}.")
    return meta, problems


def _toc_entries(tokens: list[dict]) -> tuple[TocEntry, ...]:
    return tuple(
        TocEntry(t["id"], t["name"], t["level"], _toc_entries(t.get("children", [])))
        for t in tokens
    )


# libyaml's loader, when PyYAML ships it (its wheels do): see _load_front_matter.
_FAST_LOADER: type | None = getattr(yaml, "CSafeLoader", None)


def _load_front_matter(text: str) -> object:
    """The front matter's values: libyaml reads them about five times faster than the
    pure-Python loader (25 notes: 0.015 s of a cold render, the static export's issue
    15); what libyaml refuses is read again by ``yaml.safe_load``, so a broken front
    matter gets PyYAML's own message and line, as it always did."""
    if _FAST_LOADER is not None:
        try:
            return yaml.load(text, Loader=_FAST_LOADER)  # noqa: S506 - the safe loader
        except yaml.YAMLError:
            pass
    return yaml.safe_load(text)


def render_note(
    data: bytes,
    source: str,
    widget_options: Mapping[str, frozenset[str]],
    diagrams: Mapping[str, str] | None = None,
) -> RenderedNote:
    """Parse and render one note's bytes. Never raises for bad content."""
    problems: list[NoteProblem] = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(
            NoteProblem(source, line, "E007", "The file is not valid UTF-8.", "Save it as UTF-8.")
        )
        text = data.decode("utf-8", "replace")
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    if "\x00" in text:
        problems.append(
            NoteProblem(source, 1, "E007", "The file contains NUL bytes.", "Is it text?")
        )
        text = text.replace("\x00", "")

    fm_text, body, body_line = _split_front_matter(text)
    meta: dict[str, object] = {}
    if fm_text is None:
        problems.append(
            NoteProblem(
                source,
                1,
                "E001",
                "The note has no front matter.",
                "Start the file with a '---' line, then title, order, domains and summary, "
                "then another '---' line.",
            )
        )
    else:
        try:
            raw = _load_front_matter(fm_text) if fm_text.strip() else None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 2 if mark is not None else 2
            reason = getattr(exc, "problem", None) or "it cannot be read"
            problems.append(
                NoteProblem(
                    source,
                    line,
                    "E002",
                    f"The front matter is not valid YAML: {reason}.",
                    "Each line is 'key: value'; quote values that contain a colon.",
                )
            )
        else:
            meta, meta_problems = _check_meta(raw, source, fm_text.split("\n"))
            problems.extend(meta_problems)

    rendered = render_markdown(
        body, widget_options=widget_options, chapter_url=chapter_url, diagrams=diagrams
    )
    finder = _LineFinder(text.split("\n"), body_line)
    for problem in rendered.state.problems:
        problems.append(
            NoteProblem(
                source, finder.find(problem.needle), problem.code, problem.message, problem.hint
            )
        )
    links = tuple((link, finder.find(link.needle)) for link in rendered.state.links)
    return RenderedNote(
        meta=meta,
        html=rendered.html,
        toc=_toc_entries(rendered.toc_tokens),
        anchors=rendered.ids,
        sections=tuple(rendered.state.sections),
        widgets=tuple(rendered.state.widgets),
        links=links,
        problems=tuple(problems),
    )


def _cached_render(
    data: bytes,
    digest: str,
    source: str,
    widget_options: Mapping[str, frozenset[str]],
    diagrams: Mapping[str, str],
) -> RenderedNote:
    options_sig = repr(sorted((k, sorted(v)) for k, v in widget_options.items()))
    options_sig += repr(sorted(diagrams.items()))
    key = "note:{}:{}:{}".format(
        RENDERER_VERSION,
        digest,
        hashlib.sha256(f"{source}\n{options_sig}".encode()).hexdigest()[:16],
    )
    # Imported here: Django's cache brings asyncio (50 ms), which the static export's
    # early note renderer (studysite/export/early.py), which renders without it, skips.
    from django.core.cache import caches

    cache = caches["chapters"]
    try:
        note = cache.get(key)
    except Exception:  # a broken cache must not break reading: render instead
        logger.warning("Chapter cache read failed for %s", source, exc_info=True)
        note = None
    if not isinstance(note, RenderedNote):
        note = render_note(data, source, widget_options, diagrams)
        try:
            cache.set(key, note)
        except Exception:
            logger.warning("Chapter cache write failed for %s", source, exc_info=True)
    return note
