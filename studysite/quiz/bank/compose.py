"""YAML text -> a node tree whose nodes keep their lines, refusing aliases and deep
nesting before composing."""

from __future__ import annotations

import yaml

from .schema import MAX_DEPTH

# libyaml's composer, when PyYAML ships it (its wheels do): see _compose.
_FAST_LOADER: type | None = getattr(yaml, "CSafeLoader", None)


class _Aliases(Exception):
    """Anchors and aliases are refused: they hide content and can multiply it."""

    def __init__(self, line: int) -> None:
        self.line = line


class _TooDeep(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


def _screen_events(text: str, loader: type = yaml.SafeLoader) -> None:
    """Refuse aliases and deep nesting while streaming parser events, before composing:
    a few aliases can multiply a document, and PyYAML's parser slows down quadratically
    (and its composer recurses) with nesting depth."""
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent):
            raise _Aliases(event.start_mark.line + 1)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _TooDeep(event.start_mark.line + 1)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _compose_with(text: str, loader_class: type) -> yaml.Node | None:
    _screen_events(text, loader_class)
    loader = loader_class(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _compose(text: str) -> yaml.Node | None:
    """The document's node tree, each node with its line (``start_mark``).

    libyaml (``CSafeLoader``, when PyYAML was built with it) composes the same nodes with
    the same marks about ten times faster than the pure-Python parser, which was most of
    the time of ``manage.py check`` and of the static export (issue 15). A file libyaml
    refuses is parsed again by the pure-Python parser, so a broken file's message and
    line are the ones PyYAML has always given."""
    if _FAST_LOADER is not None:
        try:
            return _compose_with(text, _FAST_LOADER)
        except (yaml.YAMLError, _Aliases, _TooDeep, RecursionError):
            pass  # reported below, in PyYAML's own words
    return _compose_with(text, yaml.SafeLoader)


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1
