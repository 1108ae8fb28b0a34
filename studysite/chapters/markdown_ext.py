"""Python-Markdown extension for the study notes (no Django import: testable alone).

It adds three things to standard Python-Markdown:

1. Widget embeds. A paragraph-level block that starts with ``::: widget NAME``,
   followed by indented ``key: value`` lines giving starting values::

       ::: widget s3-uri
           bucket: amzn-s3-demo-bucket
           key: photos/cat.jpg

   The name and options are checked against the widgets registry passed in; the block
   becomes a placeholder ``<div class="widget-slot" data-widget-index="N"></div>`` which
   the chapter view fills per request with the widget's own partial template.

2. Links between notes. ``[text](other-note.md#anchor)`` becomes a link to that
   chapter's URL; every internal link (and same-page ``#anchor``) is recorded so the
   loader can check that its chapter and anchor exist.

3. Search sections and accessible permalinks. The text of the document is split at
   h2-h4 headings for search, and each heading permalink gets an aria-label.

Problems are recorded, never raised, each with a "needle" (a piece of the source text)
that the loader turns into a line number.
"""

from __future__ import annotations

import html
import posixpath
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import ClassVar
from urllib.parse import urlsplit

import markdown
from markdown import util
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor as NewStylePattern
from markdown.treeprocessors import InlineProcessor, Treeprocessor
from pygments.formatters.html import HtmlFormatter

from .diagrams import DiagramError, prepare_diagram
from .regex_needles import needles

# Processor priorities in one place (Python-Markdown runs higher numbers first).
PRIORITIES = {
    # Block level: before the indented-code processor (90) sees the option lines.
    "widget_block": 105,
    # Tree level: after "inline" (20) has turned [text](href) into <a> elements.
    "note_links": 15,
    # After "toc" (5) has given every heading its final id.
    "sections": 4,
    # Python-Markdown's own inline processor, replaced by QuickInlineProcessor.
    "inline": 20,
}

DIAGRAM_START_RE = re.compile(r"^::: *diagram(?:[ \t]+(?P<name>\S+))?[ \t]*(?P<rest>.*)$")
WIDGET_START_RE = re.compile(r"^::: *widget(?:[ \t]+(?P<name>\S+))?[ \t]*(?P<rest>.*)$")
OPTION_RE = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s?(?P<value>.*)$")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
STASH_RE = re.compile("\x02wzxhzdk:(\\d+)\x03")
TAG_RE = re.compile(r"<[^>]+>")
SECTION_TAGS = {"h2", "h3", "h4"}
# Children after which words must not run together in the search text.
BLOCK_TAGS = {"p", "li", "td", "th", "tr", "dt", "dd", "pre", "div", "br", "h5", "h6"}


def slug_for_filename(stem: str) -> str:
    """The URL slug of a note file's stem: lowercase, runs of other characters to '-'."""
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")


@dataclass(frozen=True)
class WidgetEmbed:
    index: int
    name: str
    options: tuple[tuple[str, str], ...]
    needle: str


@dataclass(frozen=True)
class NoteLink:
    slug: str  # "" for a link within the same note
    anchor: str
    needle: str


@dataclass(frozen=True)
class Section:
    anchor: str  # "" for the text before the first heading
    heading: str
    level: int
    text: str


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    hint: str
    needle: str


@dataclass
class RenderState:
    """What one conversion collected, read back after ``markdown.convert``."""

    widgets: list[WidgetEmbed] = field(default_factory=list)
    links: list[NoteLink] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class WidgetBlockProcessor(BlockProcessor):
    """``::: widget NAME`` and ``::: diagram NAME`` blocks, with indented options."""

    def __init__(
        self,
        parser,
        state: RenderState,
        widget_options: Mapping[str, frozenset[str]],
        diagrams: Mapping[str, str],
    ):
        super().__init__(parser)
        self.state = state
        self.widget_options = widget_options
        self.diagrams = diagrams
        self.diagrams_used: set[str] = set()

    def test(self, parent: etree.Element, block: str) -> bool:
        return block.startswith(":::")

    def _options(self, what: str, rest: list[str], allowed, needle: str) -> dict[str, str]:
        options: dict[str, str] = {}
        for line in rest:
            if not line.strip():
                continue
            option = OPTION_RE.match(line.strip())
            if not line[:1].isspace() or not option:
                self.state.problems.append(
                    Problem(
                        "E003",
                        f"{what}: cannot read the line {line.strip()!r}.",
                        "Each option is an indented 'key: value' line.",
                        line.strip() or needle,
                    )
                )
                continue
            key, value = option.group("key"), option.group("value").strip()
            if allowed is not None and key not in allowed:
                self.state.problems.append(
                    Problem(
                        "E003",
                        f"{what} has no option {key!r}.",
                        f"Its options are: {', '.join(sorted(allowed)) or 'none'}.",
                        line.strip(),
                    )
                )
                continue
            if key in options:
                self.state.problems.append(
                    Problem("E003", f"{what}: option {key!r} is given twice.", "", line.strip())
                )
            options[key] = value
        return options

    def _diagram(self, parent: etree.Element, first: str, rest: list[str]) -> None:
        needle = first.strip()
        match = DIAGRAM_START_RE.match(needle)
        if not match or not match.group("name") or match.group("rest"):
            self.state.problems.append(
                Problem(
                    "E009",
                    f"Malformed diagram embed {needle!r}.",
                    "Write '::: diagram NAME' and an indented 'caption: ...' line below it.",
                    needle,
                )
            )
            return
        name = match.group("name")
        options = self._options(f"Diagram {name!r}", rest, frozenset({"caption"}), needle)
        source = self.diagrams.get(name)
        if source is None:
            self.state.problems.append(
                Problem(
                    "E009",
                    f"Unknown diagram {name!r}.",
                    f"Add notes/diagrams/{name}.svg, or use one of: "
                    + (", ".join(sorted(self.diagrams)) or "none")
                    + ".",
                    needle,
                )
            )
            return
        if name in self.diagrams_used:
            self.state.problems.append(
                Problem("E009", f"The diagram {name!r} is embedded twice.", "", needle)
            )
            return
        try:
            diagram = prepare_diagram(name, source)
        except DiagramError as exc:
            self.state.problems.append(
                Problem("E009", f"notes/diagrams/{name}.svg: {exc}", "See docs in README.", needle)
            )
            return
        self.diagrams_used.add(name)
        caption = options.get("caption") or diagram.title
        figure = (
            f'<figure class="diagram">{diagram.html}'
            f"<figcaption>{html.escape(caption, quote=False)}</figcaption></figure>"
        )
        placeholder = self.parser.md.htmlStash.store(figure)
        etree.SubElement(parent, "p").text = placeholder

    def run(self, parent: etree.Element, blocks: list[str]) -> bool:
        block = blocks.pop(0)
        first, *rest = block.split("\n")
        needle = first.strip()
        if DIAGRAM_START_RE.match(needle):
            self._diagram(parent, first, rest)
            return True
        match = WIDGET_START_RE.match(first.strip())
        if not match or not match.group("name"):
            self.state.problems.append(
                Problem(
                    "E003",
                    f"Malformed widget embed {needle!r}.",
                    "Write '::: widget NAME' and put starting values on indented "
                    "'key: value' lines below it.",
                    needle,
                )
            )
            return True
        name = match.group("name")
        if match.group("rest"):
            self.state.problems.append(
                Problem(
                    "E003",
                    f"Unexpected text after the widget name in {needle!r}.",
                    "Put starting values on their own indented 'key: value' lines.",
                    needle,
                )
            )
        allowed = self.widget_options.get(name)
        if allowed is None:
            known = ", ".join(sorted(self.widget_options)) or "none"
            self.state.problems.append(
                Problem("E003", f"Unknown widget {name!r}.", f"Known widgets: {known}.", needle)
            )
        options = self._options(f"Widget {name!r}", rest, allowed, needle)
        if allowed is None:
            return True
        index = len(self.state.widgets)
        self.state.widgets.append(WidgetEmbed(index, name, tuple(options.items()), needle))
        etree.SubElement(parent, "div", {"class": "widget-slot", "data-widget-index": str(index)})
        return True


class NoteLinkTreeprocessor(Treeprocessor):
    """Rewrite links to other notes and record every internal link for checking."""

    def __init__(self, md, state: RenderState, chapter_url: Callable[[str], str]):
        super().__init__(md)
        self.state = state
        self.chapter_url = chapter_url

    def run(self, root: etree.Element) -> None:
        for a in root.iter("a"):
            href = a.get("href")
            if href is None or a.get("class") == "headerlink":
                continue
            needle = f"({href}"
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith("/"):
                continue  # external, or an absolute site path: not a note
            if not parts.path:
                if parts.fragment:
                    self.state.links.append(NoteLink("", parts.fragment, needle))
                continue
            path = posixpath.normpath(parts.path)
            if not path.endswith(".md"):
                continue
            if "/" in path:
                self.state.problems.append(
                    Problem(
                        "E004",
                        f"Link to {href!r} leaves the notes folder.",
                        "Link to another chapter by its file name: [text](other-note.md#anchor).",
                        needle,
                    )
                )
                continue
            slug = slug_for_filename(path[:-3])
            self.state.links.append(NoteLink(slug, parts.fragment, needle))
            a.set("href", self.chapter_url(slug) + (f"#{parts.fragment}" if parts.fragment else ""))


class SectionTreeprocessor(Treeprocessor):
    """Split the text at headings for search; label heading permalinks for screen readers."""

    def __init__(self, md, state: RenderState):
        super().__init__(md)
        self.state = state

    def _stash_text(self, text: str) -> str:
        blocks = self.md.htmlStash.rawHtmlBlocks

        def plain(match: re.Match[str]) -> str:
            index = int(match.group(1))
            raw = blocks[index] if index < len(blocks) else ""
            return " " + html.unescape(TAG_RE.sub("", str(raw))) + " "

        return STASH_RE.sub(plain, text)

    def _text(self, element: etree.Element) -> str:
        parts: list[str] = []

        def walk(node: etree.Element) -> None:
            if node.get("class") == "headerlink":
                return
            if node.text:
                parts.append(node.text)
            for child in node:
                walk(child)
                if child.tag in BLOCK_TAGS:
                    parts.append(" ")
                if child.tail:
                    parts.append(child.tail)

        walk(element)
        return self._stash_text("".join(parts))

    def run(self, root: etree.Element) -> None:
        anchor, heading, level, chunks = "", "", 1, []
        for element in root:
            if element.tag in SECTION_TAGS and element.get("id"):
                self._flush(anchor, heading, level, chunks)
                anchor, level, chunks = element.get("id", ""), int(element.tag[1]), []
                heading = " ".join(self._text(element).split())
                for link in element.iter("a"):
                    if link.get("class") == "headerlink":
                        link.set("aria-label", f"Link to the section “{heading}”")
            else:
                chunks.append(self._text(element))
        self._flush(anchor, heading, level, chunks)

    def _flush(self, anchor: str, heading: str, level: int, chunks: list[str]) -> None:
        text = " ".join(" ".join(chunks).split())
        if text or anchor:
            self.state.sections.append(Section(anchor, heading, level, text))


class QuickInlineProcessor(InlineProcessor):
    """Python-Markdown's inline processor, with the same output, faster: it tried every
    inline pattern (about 25) on every piece of text through a method call, a registry
    lookup and a regex search each, most finding nothing (100,000 tries for the notes,
    about a third of rendering them). Here a pattern whose regex finds nothing from the
    current position is skipped with that one search, which is what Python-Markdown's
    ``__applyPattern`` then does itself (no match: the same text, the next pattern, from
    position 0); anything else goes through Python-Markdown's own code. Before the
    search, a pattern none of whose needles (strings every match contains, e.g. "`" or
    "![": regex_needles.py) is in the text is skipped without it (0.52 -> 0.46 s for all
    the notes)."""

    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        # The patterns in the registry's order, each with its regex (None: an old-style
        # pattern, always tried the slow way) and its needles (None: always searched).
        # The registry does not change during a run.
        self._patterns = []
        for pattern in self.inlinePatterns:
            regex = pattern.getCompiledRegExp() if isinstance(pattern, NewStylePattern) else None
            found = _NEEDLES.get(regex) if regex is not None else None
            if regex is not None and regex not in _NEEDLES:
                found = _NEEDLES[regex] = needles(regex)
            self._patterns.append((pattern, regex, found))
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if not isinstance(data, util.AtomicString):
            apply = self._InlineProcessor__applyPattern
            patterns = self._patterns
            count = len(patterns)
            start = 0
            while patternIndex < count:
                pattern, regex, strings = patterns[patternIndex]
                if regex is not None and (
                    (strings is not None and not _any_in(strings, data))
                    or regex.search(data, start) is None
                ):
                    patternIndex += 1
                    start = 0
                    continue
                data, matched, start = apply(pattern, data, patternIndex, start)
                if not matched:
                    patternIndex += 1
        return data


# Each inline pattern's needles, by compiled regex (the same objects in every note).
_NEEDLES: dict[re.Pattern[str], tuple[str, ...] | None] = {}


def _any_in(strings: tuple[str, ...], text: str) -> bool:
    # A loop, not any(): no generator for the 30,000 pieces of text of the notes.
    for string in strings:  # noqa: SIM110
        if string in text:
            return True
    return False


class SharedStyleHtmlFormatter(HtmlFormatter):
    """Pygments' HTML formatter, which codehilite makes anew for every code block: each
    one worked out its style's CSS class for every token type again (83 blocks in the
    notes, about 80 token types each). The same output, with the classes worked out once
    per style and class prefix (tables only read after that)."""

    _stylesheets: ClassVar[dict[tuple[object, str], tuple[dict, dict]]] = {}

    def _create_stylesheet(self) -> None:
        key = (self.style, self.classprefix)
        tables = self._stylesheets.get(key)
        if tables is None:
            super()._create_stylesheet()
            self._stylesheets[key] = (self.ttype2class, self.class2style)
        else:
            self.ttype2class, self.class2style = tables


class StudyNotesExtension(Extension):
    def __init__(
        self,
        *,
        state: RenderState,
        widget_options: Mapping[str, frozenset[str]],
        chapter_url: Callable[[str], str],
        diagrams: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.state = state
        self.widget_options = widget_options
        self.chapter_url = chapter_url
        self.diagrams = diagrams or {}

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(QuickInlineProcessor(md), "inline", PRIORITIES["inline"])
        md.parser.blockprocessors.register(
            WidgetBlockProcessor(md.parser, self.state, self.widget_options, self.diagrams),
            "study_widget",
            PRIORITIES["widget_block"],
        )
        md.treeprocessors.register(
            NoteLinkTreeprocessor(md, self.state, self.chapter_url),
            "study_links",
            PRIORITIES["note_links"],
        )
        md.treeprocessors.register(
            SectionTreeprocessor(md, self.state), "study_sections", PRIORITIES["sections"]
        )


@dataclass(frozen=True)
class RenderedMarkdown:
    html: str
    toc_tokens: list[dict]
    ids: frozenset[str]
    state: RenderState


def _collect_ids(tokens: list[dict]) -> set[str]:
    ids: set[str] = set()
    for token in tokens:
        ids.add(token["id"])
        ids |= _collect_ids(token.get("children", []))
    return ids


ID_ATTR_RE = re.compile(r"""\bid="([^"]+)\"""")


def render_markdown(
    text: str,
    *,
    widget_options: Mapping[str, frozenset[str]],
    chapter_url: Callable[[str], str],
    diagrams: Mapping[str, str] | None = None,
) -> RenderedMarkdown:
    """Render one note body (front matter already removed)."""
    state = RenderState()
    md = markdown.Markdown(
        extensions=[
            "toc",
            "tables",
            "fenced_code",
            "codehilite",
            "admonition",
            "attr_list",
            "def_list",
            "md_in_html",
            StudyNotesExtension(
                state=state,
                widget_options=widget_options,
                chapter_url=chapter_url,
                diagrams=diagrams,
            ),
        ],
        extension_configs={
            "toc": {
                "permalink": "#",
                "permalink_title": "Link to this section",
                "toc_depth": "2-4",
            },
            "codehilite": {
                "css_class": "highlight",
                "guess_lang": False,
                "wrapcode": True,
                "pygments_formatter": SharedStyleHtmlFormatter,
            },
        },
        output_format="html",
    )
    # Code blocks and tables may scroll sideways: keyboard users must be able to focus them.
    body = (
        md.convert(text)
        .replace('<div class="highlight"><pre>', '<div class="highlight"><pre tabindex="0">')
        .replace("<table>", '<table tabindex="0">')
    )
    toc_tokens = list(getattr(md, "toc_tokens", []))
    # Any element id is a valid anchor target (headings, and ids set with attr_list).
    ids = _collect_ids(toc_tokens) | set(ID_ATTR_RE.findall(body))
    return RenderedMarkdown(html=body, toc_tokens=toc_tokens, ids=frozenset(ids), state=state)
