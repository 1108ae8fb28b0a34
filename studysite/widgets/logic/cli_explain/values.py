"""Option values checked against the option's type and allowed values.

Each option is checked once (given twice, contradicting flags), then its value: numbers,
booleans, timestamps, choices and enums, ``--query``, ``--region``, ``--endpoint-url``,
``file://`` references; the result's parameter lists are filled in here.
"""

from __future__ import annotations

import re
from typing import Any

from .lexer import Word
from .models import Node, Opt, load_cli
from .shapes import check_complex, is_document
from .state import Given, State, closest, index_of, mark_values


def check_given(state: State, node: Node | None) -> None:
    """Duplicates, contradictions and values, then the parameter lists."""
    seen: dict[str, Given] = {}
    groups: dict[str, Given] = {}
    for given in state.given:
        opt = given.opt
        if opt is None:
            continue
        if opt.name in seen and not opt.repeatable:
            first = seen[opt.name]
            shown = [w.value for w in given.values]
            state.error(
                f"{opt.name} is given twice; the CLI silently keeps only the last one"
                + (f" ({' '.join(shown)})." if shown else "."),
                given.word,
            )
            del first
        seen.setdefault(opt.name, given)
        if opt.group and opt.flag:
            other = groups.get(opt.group)
            if other is not None and other.opt is not None and other.opt.name != opt.name:
                state.error(
                    f"{other.opt.name} and {opt.name} contradict each other; give only one.",
                    given.word,
                )
            groups.setdefault(opt.group, given)
        _check_values(state, given, node)
        entry = {
            "option": given.written,
            "name": opt.name,
            "value": " ".join(w.value for w in given.values) if given.values else None,
            "values": [w.value for w in given.values],
            "description": opt.description,
            "required": opt.required,
            "type": opt.type,
        }
        if opt.choices or opt.enum:
            entry["allowed_values"] = list(opt.choices or opt.enum)
        extra = getattr(given, "extra", None)
        if extra:
            entry.update(extra)
        if given.scope == "global":
            state.global_options.append(entry)
        else:
            state.parameters.append(entry)


def _check_values(state: State, given: Given, node: Node | None) -> None:
    opt = given.opt
    assert opt is not None  # noqa: S101 - checked by the caller
    extra: dict[str, Any] = {}
    given.extra = extra  # type: ignore[attr-defined]
    values = given.values
    for w in values:
        shell_value_checks(state, w)
    if not values:
        return
    if any(w.substitution or w.variable for w in values):
        for w in values:
            idx = index_of(state, w)
            if idx is not None:
                state.mark(
                    idx,
                    "value",
                    f"Value for {opt.name}, produced by the shell when the "
                    "command runs (a variable or command substitution): not checked here.",
                )
        state.note(
            "$(...), backticks and $VARIABLES are expanded by the shell before the AWS CLI "
            "sees them; their values are not known here, so they are not checked."
        )
        return
    text = values[0].value
    cli = load_cli()
    # file:// and friends: explained, never opened.
    if opt.paramfile and len(values) == 1:
        prefix = next((p for p in cli.local_prefixes if text.startswith(p)), None)
        if prefix is not None:
            path = text[len(prefix) :]
            binary = prefix == "fileb://"
            meaning = (
                f"The CLI reads the value of {opt.name} from the local file {path!r}"
                + (" as raw bytes" if binary else " as text")
                + " (not opened here)."
            )
            extra["file_reference"] = {"prefix": prefix, "path": path, "binary": binary}
            mark_values(state, values, meaning)
            if opt.type == "blob" and not binary and not opt.streaming:
                state.warn(
                    f"{opt.name} is binary (blob): use fileb:// so the file is sent as bytes.",
                    values[0],
                    "fileb://" + path,
                )
            return
        remote = next((p for p in cli.remote_prefixes if text.startswith(p)), None)
        if remote is not None and opt.type not in ("structure", "map", "list"):
            state.warn(
                f"AWS CLI v1 replaces a value starting with {remote} by the content it downloads "
                f"from that URL (unless cli_follow_urlparam is false); v2 does not.",
                values[0],
            )
    if opt.name == "--query":
        _check_query(state, values[0])
        return
    if opt.name == "--region":
        _check_region(state, values[0])
    if opt.name == "--endpoint-url" and not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", text):
        state.error(
            "--endpoint-url needs a full URL with its scheme, such as https://example.com.",
            values[0],
            "https://" + text,
        )
        return
    if opt.streaming:
        mark_values(
            state,
            values,
            f"{opt.name}: a path to a local file; the CLI streams its content (not opened here).",
        )
        return
    if opt.choices:
        bad = [w for w in values if w.value not in opt.choices]
        for w in bad:
            suggestion = closest(w.value, opt.choices)
            state.error(
                f"{w.value!r} is not a valid choice for {opt.name}; valid choices: "
                + ", ".join(opt.choices)
                + "."
                + (f" Did you mean {suggestion}?" if suggestion else ""),
                w,
                suggestion,
            )
        if not bad:
            mark_values(state, values, f"Value for {opt.name} (one of its allowed values).")
        return
    type_name = opt.type
    model = opt.model
    if (
        type_name in ("structure", "map")
        or (type_name == "list" and opt.member_type in ("structure", "list", "map"))
        or is_document(model)
    ):
        check_complex(state, given, extra)
        return
    if type_name == "list":
        if len(values) == 1 and values[0].value.lstrip().startswith("["):
            check_complex(state, given, extra)
            return
        member_type = opt.member_type or "string"
        for w in values:
            _check_scalar(state, opt, w, member_type, opt.member_enum)
        return
    if len(values) == 1:
        _check_scalar(state, opt, values[0], type_name, opt.enum)


def shell_value_checks(state: State, word: Word) -> None:
    if word.glob:
        state.warn(
            f"{word.raw} contains unquoted *, ? or [ ]: the shell may expand it to matching "
            "file names first (zsh stops with 'no matches found'). Put it in quotes.",
            word,
            None if word.quoted or word.embedded else "'" + word.value + "'",
        )
    if word.brace_expansion:
        state.warn(
            f"{word.raw} contains unquoted {{...,...}}: bash expands it into several words. "
            "Put it in single quotes.",
            word,
            None if word.quoted or word.embedded else "'" + word.value + "'",
        )


_INT_TYPES = ("integer", "long")
_FLOAT_TYPES = ("float", "double")


def _check_scalar(
    state: State, opt: Opt, word: Word, type_name: str, enum: tuple[str, ...]
) -> None:
    value = word.value
    meaning = f"Value for {opt.name} ({type_name})."
    if type_name in _INT_TYPES:
        try:
            int(value)
        except ValueError:
            state.error(
                f"{opt.name} takes a whole number ({type_name}); {value!r} is not one.", word
            )
            return
    elif type_name in _FLOAT_TYPES:
        try:
            float(value)
        except ValueError:
            state.error(f"{opt.name} takes a number; {value!r} is not one.", word)
            return
    elif type_name == "boolean":
        if value.lower() not in ("true", "false"):
            state.error(f"{opt.name} takes true or false; {value!r} is neither.", word)
            return
    elif type_name == "timestamp":
        from botocore.utils import parse_to_aware_datetime

        try:
            parsed = parse_to_aware_datetime(value)
        except Exception:
            state.error(
                f"{opt.name} takes a timestamp, such as 2024-12-31T23:59:59Z (ISO 8601) or "
                f"seconds since 1970; {value!r} is not one.",
                word,
            )
            return
        meaning = f"Value for {opt.name}: the timestamp {parsed.isoformat()}."
    if enum and value not in enum:
        suggestion = closest(value, enum)
        state.error(
            f"{value!r} is not an allowed value for {opt.name}; the service model lists: "
            + ", ".join(enum[:20])
            + ("…" if len(enum) > 20 else "")
            + "."
            + (f" Did you mean {suggestion}?" if suggestion else ""),
            word,
            suggestion,
        )
        return
    idx = index_of(state, word)
    if idx is not None:
        state.mark(idx, "value", meaning)


def _check_query(state: State, word: Word) -> None:
    import jmespath

    try:
        jmespath.compile(word.value)
    except Exception as exc:
        detail = " ".join(str(exc).split())
        state.error(f"--query is not a valid JMESPath expression: {detail}", word)
        return
    idx = index_of(state, word)
    if idx is not None:
        state.mark(
            idx,
            "value",
            "A JMESPath expression the CLI applies to the response "
            "(client-side filtering and shaping of the output).",
        )


def _check_region(state: State, word: Word) -> None:
    from botocore.utils import validate_region_name

    try:
        validate_region_name(word.value)
    except Exception:
        state.error(f"{word.value!r} is not a Region code; Regions look like us-east-1.", word)
        return
    regions = load_cli().regions
    if word.value not in regions:
        suggestion = closest(word.value, sorted(regions), cutoff=0.75)
        state.warn(
            f"{word.value!r} is not a Region this version of botocore knows."
            + (f" Did you mean {suggestion}?" if suggestion else ""),
            word,
            suggestion,
        )
