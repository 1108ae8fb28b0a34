"""SVG diagrams for the notes: checked, then inlined into the chapter (no Django import).

A note embeds ``notes/diagrams/NAME.svg`` with a paragraph of its own::

    ::: diagram NAME
        caption: One sentence shown under the picture.

Diagrams are inlined rather than linked so that their colours come from the page's CSS
variables and follow the light or dark theme. To keep that promise, and to keep
anything active out of the page, an SVG may use only a small set of drawing elements
and attributes, and colours only through the ``d-*`` classes styled in site.css. Every
diagram needs a ``<title>`` and a ``<desc>`` (its text alternative), which become the
SVG's accessible name and description.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

SVG_NS = "{http://www.w3.org/2000/svg}"
NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SVG_BYTES = 200_000

ELEMENTS = frozenset(
    {
        "svg",
        "g",
        "rect",
        "circle",
        "ellipse",
        "line",
        "polyline",
        "polygon",
        "path",
        "text",
        "tspan",
        "title",
        "desc",
    }
)
GEOMETRY = frozenset(
    {
        "x",
        "y",
        "x1",
        "y1",
        "x2",
        "y2",
        "cx",
        "cy",
        "r",
        "rx",
        "ry",
        "width",
        "height",
        "d",
        "points",
        "dx",
        "dy",
        "transform",
    }
)
PRESENTATION = frozenset(
    {
        "class",
        "font-size",
        "font-weight",
        "font-style",
        "text-anchor",
        "dominant-baseline",
        "stroke-width",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-dasharray",
        "fill",
    }
)
ROOT_ATTRIBUTES = frozenset({"viewBox", "class"})
CLASSES = frozenset(
    {
        "d-box",
        "d-box-accent",
        "d-box-ok",
        "d-box-warn",
        "d-box-muted",
        "d-line",
        "d-line-dashed",
        "d-arrowhead",
        "d-text",
        "d-text-muted",
        "d-text-strong",
        "d-text-on-accent",
    }
)
NUMBER_RE = re.compile(r"^-?[\d.]+(?:px)?$")


@dataclass(frozen=True)
class Diagram:
    name: str
    title: str
    html: str  # the <svg> element, ready to inline


class DiagramError(ValueError):
    """The SVG breaks one of the rules above; the message says which and where."""


def _local(tag: str) -> str:
    return tag[len(SVG_NS) :] if tag.startswith(SVG_NS) else tag


def _check_attribute(element: str, key: str, value: str) -> None:
    if "}" in key or key.startswith("on") or key in {"id", "style", "href"}:
        raise DiagramError(f"<{element}> has the attribute {key!r}, which diagrams may not use.")
    if element == "svg":
        if key not in ROOT_ATTRIBUTES:
            raise DiagramError(
                f"<svg> may only have viewBox (and class), not {key!r}: it scales to the column."
            )
        return
    if key in GEOMETRY:
        if re.search(r"[a-zA-Z]+\s*\(", value) and key != "transform":
            raise DiagramError(f"<{element}> {key}={value!r} is not plain geometry.")
        if "url(" in value:
            raise DiagramError(f"<{element}> {key} may not reference anything.")
        return
    if key not in PRESENTATION:
        raise DiagramError(f"<{element}> has the attribute {key!r}, which diagrams may not use.")
    if key == "fill" and value != "none":
        raise DiagramError(
            f"<{element}> fill={value!r}: give colours through d-* classes; only fill='none'."
        )
    if key == "class":
        unknown = sorted(set(value.split()) - CLASSES)
        if unknown:
            raise DiagramError(
                f"<{element}> uses the unknown class {unknown[0]!r}; "
                f"the diagram classes are {', '.join(sorted(CLASSES))}."
            )
    if key in {"font-size", "stroke-width"} and not NUMBER_RE.match(value):
        raise DiagramError(f"<{element}> {key}={value!r} is not a number.")


def _serialise(node: etree.Element, out: list[str], extra: dict[str, str]) -> None:
    tag = _local(node.tag)
    attributes = dict(node.attrib)
    attributes.update(extra)
    attrs = "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in attributes.items())
    out.append(f"<{tag}{attrs}>")
    if node.text:
        out.append(html.escape(node.text, quote=False))
    for child in node:
        _serialise(child, out, {})
        if child.tail:
            out.append(html.escape(child.tail, quote=False))
    out.append(f"</{tag}>")


def prepare_diagram(name: str, text: str) -> Diagram:
    """Check one diagram's SVG source and return it ready to inline; raises DiagramError."""
    if not NAME_RE.match(name):
        raise DiagramError(f"{name!r} is not a diagram name (lowercase letters, digits, hyphens).")
    if len(text.encode("utf-8", "replace")) > MAX_SVG_BYTES:
        raise DiagramError(f"The SVG is larger than {MAX_SVG_BYTES // 1000} KB.")
    if re.search(r"<!(?:DOCTYPE|ENTITY)", text, re.IGNORECASE):
        raise DiagramError("The SVG has a DOCTYPE or ENTITY declaration; remove it.")
    try:
        # Notes are the project's own files, and DOCTYPE/ENTITY were refused above.
        root = etree.fromstring(text)  # noqa: S314
    except etree.ParseError as exc:
        raise DiagramError(f"The SVG is not well-formed XML: {exc}.") from None
    if root.tag != f"{SVG_NS}svg":
        raise DiagramError('The root element must be <svg xmlns="http://www.w3.org/2000/svg">.')
    if not root.get("viewBox"):
        raise DiagramError("The <svg> element needs a viewBox.")
    children = list(root)
    if len(children) < 2 or [_local(c.tag) for c in children[:2]] != ["title", "desc"]:
        raise DiagramError("The first two children of <svg> must be <title> and <desc>.")
    title = " ".join((children[0].text or "").split())
    desc = " ".join((children[1].text or "").split())
    if not title or len(desc) < 40:
        raise DiagramError(
            "<title> must name the diagram and <desc> must describe it in sentences "
            "(it is the text alternative)."
        )
    for node in root.iter():
        element = _local(node.tag)
        if not node.tag.startswith(SVG_NS) or element not in ELEMENTS:
            raise DiagramError(f"The element <{element}> is not allowed in diagrams.")
        for key, value in node.attrib.items():
            _check_attribute(element, key, value)
    children[0].set("id", f"diagram-{name}-title")
    children[1].set("id", f"diagram-{name}-desc")
    out: list[str] = []
    _serialise(
        root,
        out,
        {
            "class": "diagram-svg",
            "role": "img",
            "aria-labelledby": f"diagram-{name}-title",
            "aria-describedby": f"diagram-{name}-desc",
        },
    )
    return Diagram(name=name, title=title, html="".join(out))
