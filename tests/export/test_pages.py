"""The export's pages: the templates compile_templates compiles ahead are the ones the
pages render, no more and no fewer."""

from __future__ import annotations

from django.template import TemplateDoesNotExist
from django.template.loaders import cached

from studysite.chapters.loader import reset_library
from studysite.export import pages
from studysite.export.build import export_site
from studysite.widgets.registry import WIDGETS


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
