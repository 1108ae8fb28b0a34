"""remembered_urls: the same URLs as Django gives, each worked out once, nothing kept
after the export."""

from __future__ import annotations

import django.urls
from django.template import Context, Template
from django.templatetags.static import StaticNode

from studysite.export.memo import remembered_urls

FRAME = Template(
    "{% load static %}{% url 'home' %} {% url 'chapters:chapter' 'aws-cli' %} "
    "{% url 'chapters:chapter' slug='s3' %} {% static 'css/site.css' %}"
)


def test_the_same_urls_each_asked_once(monkeypatch):
    plain = FRAME.render(Context())
    calls = []
    reverse = django.urls.reverse

    def counting(*args, **kwargs):
        calls.append(args[0])
        return reverse(*args, **kwargs)

    monkeypatch.setattr(django.urls, "reverse", counting)
    with remembered_urls():
        first = FRAME.render(Context())
        second = FRAME.render(Context())
    assert first == second == plain
    assert sorted(calls) == ["chapters:chapter", "chapters:chapter", "home"]


def test_originals_back_after_the_export_even_on_error():
    reverse = django.urls.reverse
    static = StaticNode.__dict__["handle_simple"]
    try:
        with remembered_urls():
            assert django.urls.reverse is not reverse
            raise RuntimeError("export failed")
    except RuntimeError:
        pass
    assert django.urls.reverse is reverse
    assert StaticNode.__dict__["handle_simple"] is static


def test_unhashable_arguments_are_asked_each_time():
    with remembered_urls():
        url = django.urls.reverse("chapters:chapter", args=["s3"], query={"a": ["1", "2"]})
    assert url == django.urls.reverse("chapters:chapter", args=["s3"], query={"a": ["1", "2"]})
