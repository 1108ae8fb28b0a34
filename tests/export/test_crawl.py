"""Crawl the whole export: zero broken links, anchors or assets, opened from disk
(file://), from a domain root and from a sub-path; nothing loaded from another host."""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

# Attributes that load something into the page (must never leave the export).
LOADS = {("script", "src"), ("link", "href"), ("img", "src"), ("source", "src"), ("iframe", "src")}
CSS_URL_RE = re.compile(r"""url\((['"]?)([^'")]+)\1\)""")


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.refs: list[tuple[str, str, str]] = []  # (tag, attribute, url)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for key in ("id", "name"):
            if values.get(key) and (key == "id" or tag == "a"):
                self.ids.add(values[key] or "")
        for attribute in ("href", "src", "action", "poster"):
            if values.get(attribute) is not None:
                self.refs.append((tag, attribute, values[attribute] or ""))
        if tag == "script" and values.get("data-root") is not None:
            self.refs.append(
                (
                    "script",
                    "data-root",
                    (values["data-root"] or "") + "static/export/search-index.js",
                )
            )


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text())
    return page


def crawl(outdir: Path, base: str, *, pretty: bool) -> list[str]:
    """Every broken reference in the export, opened at ``base`` (a URL ending in "/").
    ``pretty``: a web server answers a folder's URL with its index.html (not file://)."""
    pages = {p: parse(p) for p in outdir.rglob("*.html")}
    problems: list[str] = []

    def to_file(url: str) -> Path | None:
        if not url.startswith(base):
            return None  # outside the export's folder (or site)
        rest = unquote(urlsplit(url).path)[len(urlsplit(base).path) :]
        target = outdir / rest
        if rest == "" or rest.endswith("/"):
            if not pretty:
                return None  # a folder: file:// shows a listing, not the page
            target = target / "index.html"
        return target if target.is_file() else None

    for path, page in pages.items():
        here = base + path.relative_to(outdir).as_posix()
        for tag, attribute, ref in page.refs:
            parts = urlsplit(ref)
            if parts.scheme in {"http", "https", "mailto"} or ref.startswith("//"):
                if (tag, attribute) in LOADS or attribute == "action":
                    problems.append(f"{here}: {tag} {attribute} loads from another host: {ref}")
                continue
            if parts.scheme == "data":
                continue
            absolute = urljoin(here, ref)
            target = path if ref.startswith("#") else to_file(absolute.split("#")[0].split("?")[0])
            if target is None:
                problems.append(f"{here}: {tag} {attribute}={ref} -> {absolute} is missing")
                continue
            fragment = parts.fragment
            if fragment and target.suffix == ".html" and unquote(fragment) not in pages[target].ids:
                problems.append(f"{here}: {ref}: no #{fragment} in {target.relative_to(outdir)}")
    for css in outdir.rglob("*.css"):
        for match in CSS_URL_RE.finditer(css.read_text()):
            ref = match.group(2)
            if ref.startswith(("data:", "#")):
                continue
            if urlsplit(ref).scheme or ref.startswith(("//", "/")):
                problems.append(f"{css}: url({ref}) is not a relative file")
                continue
            target = posixpath.normpath(posixpath.join(css.parent.as_posix(), ref.split("#")[0]))
            if not Path(target).is_file():
                problems.append(f"{css}: url({ref}) is missing")
    return problems


MODES = {
    "file": ("file:///media/usb/saa-notes/", False),
    "domain root": ("https://notes.example.com/", True),
    "sub-path": ("https://static.example.com/team/saa/", True),
}


@pytest.mark.parametrize("mode", MODES)
def test_relative_export_has_no_broken_reference(relative_export, mode):
    base, pretty = MODES[mode]
    problems = crawl(relative_export, base, pretty=pretty)
    assert problems == [], "\n".join(problems[:40])


def test_base_url_export_has_no_broken_reference_under_its_path(base_url_export):
    # Its links are absolute paths under /aws/saa/, served by a web server.
    problems = crawl(base_url_export, "https://cdn.example.com/aws/saa/", pretty=True)
    assert problems == [], "\n".join(problems[:40])


def test_crawl_finds_a_broken_link(tmp_path):
    (tmp_path / "index.html").write_text(
        '<a href="notes/missing/index.html">x</a><a href="#nowhere">y</a>'
        '<script src="https://cdn.example.com/x.js"></script>'
    )
    problems = crawl(tmp_path, "file:///x/", pretty=False)
    assert len(problems) == 3


def test_the_export_has_every_page(relative_export):
    from studysite.chapters.loader import get_library
    from studysite.widgets.registry import WIDGETS

    for chapter in get_library().chapters:
        assert (relative_export / "notes" / chapter.slug / "index.html").is_file()
    for name in WIDGETS:
        assert (relative_export / "tools" / name / "index.html").is_file()
    for page in ("index.html", "tools/index.html", "search/index.html"):
        assert (relative_export / page).is_file()
