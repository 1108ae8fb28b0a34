"""Notes on disk -> validated, rendered chapters.

Data flows one way: ``notes/*.md`` -> :func:`build_library` (front matter validated,
markdown rendered, links and anchors checked) -> views. Rendering is cached per file
under the ``chapters`` cache alias, keyed by the sha256 of the file's bytes, the
diagrams it may inline and :data:`RENDERER_VERSION`, so no request ever re-parses
markdown: in production the library is built once per process; with DEBUG on, file
mtimes are compared on each request and only changed files are rendered again.

A broken note never raises here. Its problems (with file and line) are collected; the
``notes`` system check reports them and the page still renders what it can.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import MappingProxyType

import yaml
from django.conf import settings
from django.core.cache import caches

from studysite.widgets.registry import embed_options

from .domains import DOMAINS
from .markdown_ext import (
    SLUG_RE,
    NoteLink,
    Section,
    WidgetEmbed,
    render_markdown,
    slug_for_filename,
)
from .search import SearchDocument, SearchIndex

logger = logging.getLogger(__name__)

# Bump whenever the markdown pipeline's output changes: old cache entries are ignored.
RENDERER_VERSION = "6"
NOTES_URL_PREFIX = "/notes/"
FRONT_MATTER_FIELDS = {
    "title": "the chapter's title",
    "order": "an integer; chapters are listed by it",
    "domains": "a list of exam domain numbers 1-4 (may be empty: [])",
    "summary": "one sentence shown on the home page",
}
MAX_NOTE_BYTES = 2 * 1024 * 1024


def chapter_url(slug: str) -> str:
    return f"{NOTES_URL_PREFIX}{slug}/"


@dataclass(frozen=True)
class NoteProblem:
    path: str  # relative to the project, e.g. "notes/s3-buckets.md"
    line: int
    code: str
    message: str
    hint: str = ""

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class TocEntry:
    id: str
    title: str
    level: int
    children: tuple[TocEntry, ...] = ()


@dataclass(frozen=True)
class Chapter:
    slug: str
    source: str
    title: str
    order: int
    domains: tuple[int, ...]
    summary: str
    html: str
    toc: tuple[TocEntry, ...]
    anchors: frozenset[str]
    sections: tuple[Section, ...]
    widgets: tuple[WidgetEmbed, ...]
    sha256: str
    problems: tuple[NoteProblem, ...] = ()
    # Every `aws ...` command in the chapter's shell code blocks (examples for the
    # CLI explainer, and a test that each one explains without an error).
    cli_commands: tuple[str, ...] = ()

    @property
    def url(self) -> str:
        return chapter_url(self.slug)


@dataclass(frozen=True)
class RenderedNote:
    """The cacheable result of one file (everything that depends only on its bytes)."""

    meta: Mapping[str, object]
    html: str
    toc: tuple[TocEntry, ...]
    anchors: frozenset[str]
    sections: tuple[Section, ...]
    widgets: tuple[WidgetEmbed, ...]
    links: tuple[tuple[NoteLink, int], ...]  # each link with its line
    problems: tuple[NoteProblem, ...]


@dataclass(frozen=True)
class Library:
    chapters: tuple[Chapter, ...]
    by_slug: Mapping[str, Chapter]
    problems: tuple[NoteProblem, ...]

    @cached_property
    def search_index(self) -> SearchIndex:
        """Built on first use (get_library builds it at once for the site; the static
        export only in the process that writes the search index)."""
        return SearchIndex(
            [
                SearchDocument(c.slug, c.title, s.anchor, s.heading, s.text)
                for c in self.chapters
                for s in c.sections
            ]
        )

    def neighbours(self, slug: str) -> tuple[Chapter | None, Chapter | None]:
        slugs = [c.slug for c in self.chapters]
        i = slugs.index(slug)
        previous = self.chapters[i - 1] if i > 0 else None
        following = self.chapters[i + 1] if i + 1 < len(self.chapters) else None
        return previous, following

    def by_domain(self) -> list[tuple[int | None, list[Chapter]]]:
        """General chapters (no domain) first, then all four domains in order, each
        with every chapter that serves it (a chapter may serve several)."""
        general = [c for c in self.chapters if not c.domains]
        groups: list[tuple[int | None, list[Chapter]]] = [(None, general)] if general else []
        groups += [(d, [c for c in self.chapters if d in c.domains]) for d in DOMAINS]
        return groups


# --- Parsing one file -------------------------------------------------------------


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
            raw = yaml.safe_load(fm_text) if fm_text.strip() else None
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


# --- The whole library -------------------------------------------------------------


FENCE_RE = re.compile(
    r"^(?P<fence>```+|~~~+)[ \t]*\{?[ \t]*\.?(?P<lang>[\w-]*)[^\n]*\n"
    r"(?P<code>.*?)^(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
SHELL_LANGUAGES = frozenset({"bash", "sh", "shell", "console", "zsh", "shell-session"})


def _open_quote(text: str) -> bool:
    """Whether a shell would still be inside a quoted string at the end of ``text``."""
    quote = ""
    escaped = False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\" and quote != "'":
            escaped = True
        elif quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
    return bool(quote)


def cli_commands(text: str) -> tuple[str, ...]:
    """The `aws ...` commands in a note's shell code blocks: lines continued with a
    trailing backslash or inside an open quote are joined, a leading `$ ` prompt dropped."""
    commands: list[str] = []
    for block in FENCE_RE.finditer(text):
        if block.group("lang").lower() not in SHELL_LANGUAGES:
            continue
        current = ""
        for line in block.group("code").splitlines():
            if current:
                current += "\n" + line
            else:
                current = line.strip()
                if current.startswith("$ "):
                    current = current[2:].lstrip()
            if not current.endswith("\\") and not _open_quote(current):
                commands.append(current)
                current = ""
        if current:
            commands.append(current)
    return tuple(dict.fromkeys(c for c in commands if c.startswith("aws ")))


def note_files(notes_dir: Path) -> list[Path]:
    return sorted(p for p in notes_dir.glob("*.md") if p.is_file())


def diagram_files(notes_dir: Path) -> list[Path]:
    return sorted(p for p in (notes_dir / "diagrams").glob("*.svg") if p.is_file())


def read_diagrams(notes_dir: Path) -> dict[str, str]:
    """Every notes/diagrams/*.svg by name; a file that cannot be read is left out."""
    diagrams: dict[str, str] = {}
    for path in diagram_files(notes_dir):
        try:
            diagrams[path.stem] = path.read_bytes()[:MAX_NOTE_BYTES].decode("utf-8", "replace")
        except OSError:
            logger.warning("Cannot read the diagram %s", path, exc_info=True)
    return diagrams


def _relative(path: Path) -> str:
    try:
        return path.relative_to(settings.BASE_DIR).as_posix()
    except ValueError:
        return path.as_posix()


# How one note's bytes become a RenderedNote: (data, sha256 hex digest, source path,
# widget options, diagrams) -> RenderedNote.
RenderNote = Callable[
    [bytes, str, str, Mapping[str, frozenset[str]], Mapping[str, str]], RenderedNote
]


def build_library(notes_dir: Path | None = None, *, render: RenderNote | None = None) -> Library:
    """Every note in ``notes_dir``, rendered through the chapter cache, or by ``render``
    (the static export renders with no cache, half the notes in each of two processes)."""
    notes_dir = Path(notes_dir or settings.NOTES_DIR)
    render = render or _cached_render
    widget_options = embed_options()
    diagrams = read_diagrams(notes_dir)
    problems: list[NoteProblem] = []
    chapters: list[Chapter] = []
    links: dict[str, tuple[tuple[NoteLink, int], ...]] = {}
    for path in note_files(notes_dir):
        source = _relative(path)
        try:
            if path.stat().st_size > MAX_NOTE_BYTES:
                problems.append(
                    NoteProblem(source, 1, "E007", "The note is larger than 2 MiB.", "Split it.")
                )
                continue
            data = path.read_bytes()
        except OSError as exc:
            problems.append(NoteProblem(source, 1, "E007", f"Cannot read the note: {exc}.", ""))
            continue
        digest = hashlib.sha256(data).hexdigest()
        note = render(data, digest, source, widget_options, diagrams)
        links[source] = note.links
        slug = slug_for_filename(path.stem)
        note_problems = list(note.problems)
        if not SLUG_RE.match(slug):
            note_problems.append(
                NoteProblem(
                    source,
                    1,
                    "E006",
                    f"The file name {path.name!r} gives no usable URL slug.",
                    "Name notes with lowercase letters, digits and hyphens, e.g. s3-buckets.md.",
                )
            )
            problems.extend(note_problems)
            continue
        meta = note.meta
        chapters.append(
            Chapter(
                slug=slug,
                source=source,
                title=str(meta.get("title") or path.stem.replace("-", " ").capitalize()),
                order=int(meta.get("order", 10_000)),  # type: ignore[call-overload]
                domains=tuple(meta.get("domains", ())),  # type: ignore[arg-type]
                summary=str(meta.get("summary", "")),
                html=note.html,
                toc=note.toc,
                anchors=note.anchors,
                sections=note.sections,
                widgets=note.widgets,
                sha256=digest,
                problems=tuple(note_problems),
                cli_commands=cli_commands(data.decode("utf-8", "replace")),
            )
        )
        problems.extend(note_problems)

    by_slug: dict[str, Chapter] = {}
    for chapter in chapters:
        if chapter.slug in by_slug:
            problems.append(
                NoteProblem(
                    chapter.source,
                    1,
                    "E006",
                    f"The slug {chapter.slug!r} is already used by {by_slug[chapter.slug].source}.",
                    "Rename one of the files; the URL comes from the file name.",
                )
            )
            continue
        by_slug[chapter.slug] = chapter

    # Cross-note checks: every internal link must reach an existing chapter and anchor.
    for chapter in by_slug.values():
        for link, line in links[chapter.source]:
            target = by_slug.get(link.slug) if link.slug else chapter
            if target is None:
                problems.append(
                    NoteProblem(
                        chapter.source,
                        line,
                        "E004",
                        f"The link to {link.slug}.md points at no chapter.",
                        "Existing chapters: " + ", ".join(sorted(by_slug)) + ".",
                    )
                )
            elif link.anchor and link.anchor not in target.anchors:
                problems.append(
                    NoteProblem(
                        chapter.source,
                        line,
                        "E005",
                        f"The anchor #{link.anchor} does not exist in {target.source}.",
                        ("Its anchors: " + ", ".join(sorted(target.anchors)[:30]) + ".")
                        if target.anchors
                        else "That chapter has no headings with ids.",
                    )
                )

    ordered = tuple(sorted(by_slug.values(), key=lambda c: (c.order, c.title.casefold())))
    problems.sort(key=lambda p: (p.path, p.line))
    return Library(
        chapters=ordered,
        by_slug=MappingProxyType({c.slug: c for c in ordered}),
        problems=tuple(problems),
    )


# --- Per-process state --------------------------------------------------------------

_lock = threading.Lock()
_state: dict[str, object] = {}


def _signature(notes_dir: Path) -> tuple:
    entries = []
    for path in note_files(notes_dir) + diagram_files(notes_dir):
        try:
            stat = path.stat()
        except OSError:
            continue
        entries.append((path.name, stat.st_mtime_ns, stat.st_size))
    return (str(notes_dir), tuple(entries))


def get_library() -> Library:
    """The current library: built once per process, or re-checked per call in DEBUG."""
    notes_dir = Path(settings.NOTES_DIR)
    library = _state.get("library")
    if (
        isinstance(library, Library)
        and _state.get("notes_dir") == str(notes_dir)
        and not settings.DEBUG
    ):
        return library
    signature = _signature(notes_dir)
    if isinstance(library, Library) and _state.get("signature") == signature:
        return library
    with _lock:
        if _state.get("signature") != signature or not isinstance(_state.get("library"), Library):
            built = build_library(notes_dir)
            # Typo tolerance's word index is built here, once, so that no search pays for it.
            built.search_index.prepare_corrections()
            _state.update(library=built, signature=signature, notes_dir=str(notes_dir))
    return _state["library"]  # type: ignore[return-value]


def install_library(library: Library) -> None:
    """Make ``library`` this process's library, as get_library would have built it from
    the notes as they are now (the static export builds its own, see build_library)."""
    notes_dir = Path(settings.NOTES_DIR)
    with _lock:
        _state.update(library=library, signature=_signature(notes_dir), notes_dir=str(notes_dir))


def reset_library() -> None:
    """Forget the per-process library (tests, and `clear_chapter_cache`)."""
    with _lock:
        _state.clear()
