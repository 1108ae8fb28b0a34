"""Structured values (JSON or shorthand) against the botocore shape.

Values are read the way the CLI reads them (awscli's shorthand parser, with its file
loading switched off), validated with botocore's validator and the model's enums, and
described as a tree of members.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from .docs import doc_summary
from .lexer import Word
from .models import LOCK, Node, Opt, command_node, load_cli
from .state import Given, State, closest, mark_values

# The value tree of a JSON or shorthand value stops at this many nodes, this deep.
_TREE_MAX_NODES = 200
_TREE_MAX_DEPTH = 12


def is_document(model: Any) -> bool:
    if model is None:
        return False
    from awscli.utils import is_document_type_container
    from botocore.utils import is_json_value_header

    try:
        return bool(is_document_type_container(model) or is_json_value_header(model))
    except Exception:
        return False


@functools.cache
def shorthand_parser_class() -> type:
    with LOCK:
        load_cli()
        from awscli.shorthand import ShorthandParser

        class _NoFileShorthandParser(ShorthandParser):
            """awscli's shorthand parser with its ``@=`` file loading switched off."""

            def __init__(self) -> None:
                super().__init__()
                self.file_references: list[str] = []

            def _resolve_paramfiles(self, val: str) -> str:
                self.file_references.append(val)
                return val

        return _NoFileShorthandParser


def check_complex(state: State, given: Given, extra: dict[str, Any]) -> None:
    """JSON or shorthand: parse with json / awscli's parser, validate with botocore."""
    opt = given.opt
    assert opt is not None  # noqa: S101 - checked by the caller
    values = given.values
    model = opt.model
    is_list = opt.type == "list"
    first = values[0].value
    looks_json = first.lstrip().startswith(("{", "["))
    json_only = is_document(model)
    parsed: Any
    syntax = "JSON"
    if looks_json or json_only:
        docs = []
        for w in values if not (is_list and first.lstrip().startswith("[")) else values[:1]:
            try:
                docs.append(json.loads(w.value))
            except RecursionError:
                state.error(f"The JSON for {opt.name} is nested too deeply to read.", w)
                return
            except ValueError as exc:
                hint = ""
                if not w.raw.startswith(("'", '"')) and not w.embedded:
                    hint = (
                        " Put JSON in single quotes ('...') so the shell keeps its double "
                        "quotes and spaces."
                    )
                state.error(f"{opt.name} holds invalid JSON: {exc}.{hint}", w)
                return
        if is_list and not first.lstrip().startswith("["):
            parsed = docs
        elif is_list and len(values) > 1:
            state.error(
                f"{opt.name}: give either one JSON list or several values, not both.", values[1]
            )
            return
        else:
            parsed = docs[0]
    else:
        syntax = "shorthand"
        parser = shorthand_parser_class()()
        parsed_items = []
        try:
            from awscli.argprocess import ParamShorthandParser
            from awscli.shorthand import BackCompatVisitor

            handled = None
            if is_list and model is not None and model.member.type_name == "structure":
                special = ParamShorthandParser()
                node = _node_for_opt(state)
                service_id = node.service_id if node else None
                operation = node.path[-1] if node else ""
                if special._uses_old_list_case(service_id, operation, opt.key):
                    key = next(iter(model.member.members))
                    handled = [{key: w.value} for w in values]
            if handled is None:
                for w in values:
                    parsed_items.append(parser.parse(w.value))
                parsed = parsed_items if is_list else parsed_items[0]
                if model is not None:
                    BackCompatVisitor().visit(parsed, model)
            else:
                parsed = handled
        except RecursionError:
            state.error(f"The shorthand value for {opt.name} is nested too deeply.", values[0])
            return
        except Exception as exc:
            message = str(exc).strip()
            state.error(
                f"{opt.name}: the shorthand syntax (Key=Value,Key2=Value2) could not be read: "
                f"{message}",
                values[0],
            )
            return
        if parser.file_references:
            extra["file_references"] = list(parser.file_references)
            state.note(
                "A shorthand key written Key@=file://path makes the CLI read that file; it is "
                "not opened here."
            )
    extra["syntax"] = syntax
    extra["parsed"] = _jsonable(parsed)
    bad_enums: list[tuple[str, str, tuple[str, ...]]] = []
    extra["tree"] = _value_tree(parsed, model, opt.name, bad_enums)
    if model is not None:
        _validate_against_model(state, opt, parsed, model, values[0])
    for where, value, enum in bad_enums:
        suggestion = closest(value, enum)
        state.error(
            f"{opt.name}{where}: {value!r} is not an allowed value; the service model lists: "
            + ", ".join(enum[:20])
            + "."
            + (f" Did you mean {suggestion}?" if suggestion else ""),
            values[0],
        )
    meaning = f"Value for {opt.name} in {syntax} syntax ({_shape_summary(model)})."
    mark_values(state, values, meaning)


def _node_for_opt(state: State) -> Node | None:
    if not state.path:
        return None
    try:
        return command_node(tuple(state.path))
    except Exception:
        return None


def _shape_summary(model: Any) -> str:
    if model is None:
        return "free-form"
    if model.type_name == "structure":
        names = list(model.members)
        shown = ", ".join(names[:6]) + ("…" if len(names) > 6 else "")
        return f"a structure with {shown}" if names else "a structure"
    if model.type_name == "list":
        return f"a list of {_shape_summary(model.member)}"
    if model.type_name == "map":
        return f"a map of {model.key.type_name} to {model.value.type_name}"
    return model.type_name


def _validate_against_model(state: State, opt: Opt, parsed: Any, model: Any, word: Word) -> None:
    from botocore.validate import ParamValidator

    try:
        report = ParamValidator().validate(parsed, model)
    except RecursionError:
        return
    except Exception:
        return
    if not report.has_errors():
        return
    for error_type, name, details in report._errors:
        where = f"{opt.name}{name}" if name else opt.name
        if error_type == "unknown field":
            unknown = details.get("unknown_param", "")
            valid = details.get("valid_names", [])
            suggestion = closest(unknown, valid)
            state.error(
                f"{where}: unknown key {unknown!r}; valid keys: {', '.join(valid)}."
                + (f" Did you mean {suggestion}?" if suggestion else ""),
                word,
            )
        elif error_type == "missing required field":
            state.error(
                f"{where}: the required key {details.get('required_name')!r} is missing.", word
            )
        elif error_type == "invalid type":
            state.error(
                f"{where}: {details.get('param')!r} has the wrong type; expected "
                f"{', '.join(str(t) for t in details.get('valid_types', []))}.",
                word,
            )
        else:
            state.error(f"{where}: {error_type} ({_short(details)}).", word)


def _short(details: Any) -> str:
    text = (
        ", ".join(f"{k}={v!r}" for k, v in details.items())
        if isinstance(details, dict)
        else str(details)
    )
    return text[:200]


def _too_deep(value: Any, limit: int = _TREE_MAX_DEPTH * 2) -> bool:
    """Whether nested lists/dicts go deeper than ``limit`` (checked without recursion)."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return False


def _jsonable(value: Any) -> Any:
    if _too_deep(value):
        return None
    try:
        return json.loads(json.dumps(value, default=str))
    except (TypeError, ValueError, RecursionError):
        return None


def _value_tree(
    value: Any, shape: Any, name: str, bad_enums: list[tuple[str, str, tuple[str, ...]]]
) -> dict[str, Any]:
    """A tree of the parsed value, each node with its model type and documentation.

    Values outside a member's enum are collected in ``bad_enums`` as (path, value, enum):
    botocore's validator does not check enums, the service would reject them.
    """
    budget = [_TREE_MAX_NODES]

    def build(val: Any, shp: Any, label: str, depth: int, where: str = "") -> dict[str, Any]:
        budget[0] -= 1
        node: dict[str, Any] = {
            "name": label,
            "type": shp.type_name if shp is not None else _json_type(val),
            "description": doc_summary(getattr(shp, "documentation", ""), limit=160)
            if shp is not None
            else "",
        }
        if shp is None and depth > 0:
            node["known"] = False
        if depth >= _TREE_MAX_DEPTH or budget[0] <= 0:
            node["truncated"] = True
            return node
        if isinstance(val, dict):
            children = []
            for key, child in val.items():
                child_shape = None
                if shp is not None and shp.type_name == "structure":
                    child_shape = shp.members.get(key)
                elif shp is not None and shp.type_name == "map":
                    child_shape = shp.value
                children.append(build(child, child_shape, str(key), depth + 1, f"{where}.{key}"))
                if budget[0] <= 0:
                    node["truncated"] = True
                    break
            node["children"] = children
        elif isinstance(val, list):
            member = shp.member if shp is not None and shp.type_name == "list" else None
            children = []
            for n, child in enumerate(val):
                children.append(build(child, member, f"[{n}]", depth + 1, f"{where}[{n}]"))
                if budget[0] <= 0:
                    node["truncated"] = True
                    break
            node["children"] = children
        else:
            node["value"] = (
                val if isinstance(val, str | int | float | bool) or val is None else (str(val))
            )
            enum = tuple(getattr(shp, "enum", None) or ()) if shp is not None else ()
            if enum:
                node["allowed_values"] = list(enum)
                if isinstance(val, str) and val not in enum:
                    bad_enums.append((where, val, enum))
        return node

    return build(value, shape, name, 0)


def _json_type(value: Any) -> str:
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if value is None:
        return "null"
    return "string"
