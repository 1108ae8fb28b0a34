"""Question markdown -> HTML (no Django import: testable alone).

Questions are written by many hands and shown to everyone, so raw HTML is never passed
through: Python-Markdown's HTML block and inline HTML handlers are removed, which makes
``<b>`` or ``<script>`` plain, escaped text. Links may only go to http(s) addresses and
images become their alt text (no page loads anything from another host).
"""

from __future__ import annotations

import threading
import xml.etree.ElementTree as etree
from urllib.parse import urlsplit

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

SAFE_SCHEMES = frozenset({"http", "https"})


class _SafeLinks(Treeprocessor):
    """Drop links to anything but http(s) and replace images with their alt text."""

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag == "img":
                    span = etree.Element("span")
                    span.text = child.get("alt", "")
                    span.tail = child.tail
                    parent.remove(child)
                    parent.insert(index, span)
                elif child.tag == "a":
                    href = child.get("href", "")
                    if urlsplit(href).scheme.lower() not in SAFE_SCHEMES:
                        child.tag = "span"
                        child.attrib.clear()
                    else:
                        child.set("rel", "noopener noreferrer")


class _NoRawHtml(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_SafeLinks(md), "quiz_safe_links", 1)


_local = threading.local()


def _markdown() -> markdown.Markdown:
    """One converter per thread (a Markdown instance is not thread-safe), reset per use."""
    md = getattr(_local, "md", None)
    if md is None:
        md = markdown.Markdown(
            extensions=["fenced_code", "codehilite", "tables", "sane_lists", _NoRawHtml()],
            extension_configs={
                "codehilite": {"css_class": "highlight", "guess_lang": False, "wrapcode": True}
            },
            output_format="html",
        )
        _local.md = md
    md.reset()
    return md


def render(text: str) -> str:
    """Block markdown (stems, explanations) to HTML."""
    return (
        _markdown()
        .convert(text)
        .replace('<div class="highlight"><pre>', '<div class="highlight"><pre tabindex="0">')
    )


def render_inline(text: str) -> str:
    """One paragraph of markdown (an option's text) to phrasing HTML, fit for a <label>."""
    html = render(text).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return html[3:-4]
    return html
