"""The forms a page offers, read from its HTML (what a browser would post)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit


@dataclass
class Field:
    name: str
    kind: str  # input type, "select", "textarea"
    value: str = ""
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    page: str
    action: str  # a path, resolved against the page
    method: str
    fields: list[Field] = field(default_factory=list)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(sorted({f.name for f in self.fields if f.name != "csrfmiddlewaretoken"}))

    @property
    def key(self) -> tuple[str, tuple[str, ...]]:
        return self.action, self.names

    def visible(self) -> list[str]:
        seen = []
        for f in self.fields:
            if f.kind not in ("hidden", "submit") and f.name not in seen:
                seen.append(f.name)
        return seen

    def defaults(self) -> dict[str, list[str]]:
        """What an untouched form posts (hidden values, first option, ticked boxes)."""
        data: dict[str, list[str]] = {}
        for f in self.fields:
            if f.name == "csrfmiddlewaretoken":
                continue
            if f.kind in ("checkbox", "radio"):
                continue
            if f.kind == "select":
                data.setdefault(f.name, []).extend(f.options[:1])
            elif f.kind != "submit":
                data.setdefault(f.name, []).append(f.value)
        return data


class _Parser(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: Field | None = None
        self.textarea: Field | None = None

    def handle_starttag(self, tag: str, attrs) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            action = urljoin(self.page, a.get("action") or a.get("hx-post") or self.page)
            method = "post" if a.get("hx-post") else a.get("method", "get").lower()
            self.form = Form(self.page, urlsplit(action).path, method)
            self.forms.append(self.form)
        elif self.form is None or not a.get("name"):
            return
        elif tag == "input":
            self.form.fields.append(
                Field(a["name"], a.get("type", "text").lower(), a.get("value", ""))
            )
        elif tag == "button" and a.get("type", "submit") == "submit":
            self.form.fields.append(Field(a["name"], "submit", a.get("value", "")))
        elif tag == "select":
            self.select = Field(a["name"], "select")
            self.form.fields.append(self.select)
        elif tag == "textarea":
            self.textarea = Field(a["name"], "textarea")
            self.form.fields.append(self.textarea)

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.textarea.value += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.handle_starttag(tag, attrs)

    def unknown_decl(self, data: str) -> None:  # pragma: no cover - malformed pages
        pass


class _OptionParser(_Parser):
    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "option" and self.select is not None:
            self.select.options.append(dict(attrs).get("value") or "")
            return
        super().handle_starttag(tag, attrs)


def forms_on(page: str, html: str) -> list[Form]:
    parser = _OptionParser(page)
    parser.feed(html)
    return [f for f in parser.forms if f.method == "post"]
