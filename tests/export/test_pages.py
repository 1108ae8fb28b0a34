"""The export's pages: the templates compile_templates compiles ahead are the ones the
pages render, no more and no fewer."""

from __future__ import annotations

from django.template import TemplateDoesNotExist
from django.template.loaders import cached

from studysite.chapters.loader import reset_library
from studysite.export import pages
from studysite.export.build import Exporter, export_site
from studysite.widgets.registry import WIDGETS

from .test_build import digest


def test_compile_templates_compiles_what_the_pages_render(tmp_path, monkeypatch):
    loaded: list[str] = []
    get_template = cached.Loader.get_template

    def recording(self, template_name, skip=None):
        loaded.append(template_name)
        return get_template(self, template_name, skip)

    monkeypatch.setattr(cached.Loader, "get_template", recording)
    try:
        export_site(tmp_path / "site", side_worker=False)  # every page in this process
    finally:
        reset_library()
    widget_templates = {spec.template for spec in WIDGETS.values()}
    assert set(loaded) == set(pages.PAGE_TEMPLATES) | widget_templates
    loaded.clear()
    pages.compile_templates()
    assert set(loaded) == set(pages.PAGE_TEMPLATES) | widget_templates


def test_a_template_that_is_gone_is_left_to_its_page(monkeypatch):
    """No error here (the page that uses it reports it), and the rest are compiled."""
    compiled: list[str] = []
    monkeypatch.setattr(pages, "PAGE_TEMPLATES", ("no/such/template.html", "_base.html"))

    def compiling(name):
        compiled.append(name)
        if name.startswith("no/"):
            raise TemplateDoesNotExist(name)

    monkeypatch.setattr(pages, "get_template", compiling)
    monkeypatch.setattr(pages, "WIDGETS", {})
    pages.compile_templates()
    assert compiled == ["no/such/template.html", "_base.html"]


def test_example_pages_come_out_as_whole_pages_rewritten_would(
    relative_export, tmp_path, monkeypatch
):
    """Each example's page is the page around its widget, rewritten once per widget
    (but on a page it links), with the widget rewritten into it: the same files as
    rewriting each whole page."""

    def whole_page(self, name, query, page):
        self.write(page, pages.tool_page(name, query, self.more_examples[name]))

    monkeypatch.setattr(Exporter, "build_tool", whole_page)
    try:
        export_site(tmp_path / "site")
    finally:
        reset_library()
    assert digest(tmp_path / "site") == digest(relative_export)


def test_an_example_page_splits_into_the_page_around_and_its_widget():
    around, widget = pages.example_page("bucket-name", "name=zq-example", [])
    before, slot, after = around.partition(pages.BODY_SLOT)
    assert slot and "zq-example" not in around
    assert 'value="zq-example"' in widget
    assert before + widget + after == pages.tool_page("bucket-name", "name=zq-example", [])
