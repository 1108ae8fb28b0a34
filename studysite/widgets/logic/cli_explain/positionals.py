"""Positional arguments and required options, once the command is known.

The high-level ``aws s3`` commands' source and destination (S3 URIs and local paths,
checked as the CLI checks them), a trailing ``help``, leftover words, and required
options that are missing.
"""

from __future__ import annotations

from typing import Any

from .docs import first_sentences
from .models import Node, Opt
from .state import State
from .values import shell_value_checks


def finish_command(state: State, node: Node) -> None:
    words = state.words
    if node.deprecated:
        state.warn(f"aws {' '.join(node.path)} is deprecated in the service model.")
    positionals = list(state.positionals)
    slots = list(node.positionals)
    assigned: list[tuple[Opt, list[int]]] = []
    remaining = list(positionals)
    is_operation = node.api_operation is not None
    # A lone trailing "help" asks for the documentation (ServiceOperation adds a final
    # optional "help" positional; a custom command accepts exactly ["help"]).
    if remaining and words[remaining[-1]].value == "help":
        needed = sum(_min_count(s) for s in slots)
        alone = len(remaining) == 1 and not any(g.scope == "command" for g in state.given)
        if alone or (is_operation and len(remaining) - 1 >= needed):
            state.help_requested = True
            state.mark(remaining[-1], "operation", "Shows the documentation for this command.")
            remaining = remaining[:-1]
    for slot_number, slot in enumerate(slots):
        later_min = sum(_min_count(s) for s in slots[slot_number + 1 :])
        available = max(0, len(remaining) - later_min)
        count = _take_count(slot.nargs, available)
        taken, remaining = remaining[:count], remaining[count:]
        assigned.append((slot, taken))
    for index in remaining:
        state.mark(index, "value", "Unexpected extra argument.")
        flag = state.after_flag.get(index)
        if flag is not None:
            state.error(
                f"{flag} is a flag: it takes no value, so {words[index].raw} is left over. "
                f"Remove it (a flag is on when present; some have a --no-... opposite).",
                words[index],
            )
            continue
        state.error(
            f"Unexpected argument {words[index].raw}: aws {' '.join(node.path)} does not take "
            "it here (the CLI would say 'Unknown options'). Did you forget an option name or "
            "quotes?",
            words[index],
        )
    overridden = any(g.opt is not None and g.opt.overrides_required for g in state.given)
    for slot, taken in assigned:
        if not taken:
            if slot.required and not state.help_requested:
                usage = node.s3_paths or ""
                missing = _min_count(slot)
                about = usage or first_sentences(slot.description, limit=120)
                state.error(
                    f"aws {' '.join(node.path)} needs {missing} positional argument"
                    f"{'s' if missing != 1 else ''} ({slot.key})"
                    + (f": {about.rstrip('.')}." if about else "."),
                )
                state.required_missing.append(slot.key)
            continue
        if slot.required and len(taken) < _min_count(slot) and not state.help_requested:
            what = " (a source and a destination)" if slot.nargs == 2 else ""
            state.error(
                f"aws {' '.join(node.path)} needs {_min_count(slot)} values for {slot.key}"
                f"{what}: {node.s3_paths or 'see the reference'}; {len(taken)} given.",
                words[taken[0]],
            )
        _explain_positional(state, node, slot, taken)
    if node.s3_paths is not None and assigned:
        paths = [words[i].value for _slot, taken in assigned for i in taken]
        if paths and len(paths) == sum(_min_count(s) for s in slots):
            _check_s3_paths(state, node, paths)
    if not state.help_requested and not overridden:
        given_names = {g.opt.name for g in state.given if g.opt is not None}
        suggested = {p.suggestion for p in state.errors if p.suggestion}
        given_groups = {g.opt.group for g in state.given if g.opt is not None and g.opt.group}
        for opt in node.options.values():
            if opt.required and opt.name not in given_names and opt.group not in given_groups:
                if opt.name.startswith("--no-"):
                    continue
                state.required_missing.append(opt.name)
                if opt.name in suggested:
                    continue  # already pointed at by a "did you mean" for a misspelling
                about = first_sentences(opt.description, limit=120) if opt.description else ""
                state.error(
                    f"{opt.name} is required for aws {' '.join(node.path)}"
                    + (f" ({about})" if about else "."),
                    None,
                    opt.name,
                )


def _min_count(slot: Opt) -> int:
    if slot.nargs is None:
        return 1
    if isinstance(slot.nargs, int):
        return slot.nargs
    return 1 if slot.nargs == "+" else 0


def _take_count(nargs: Any, available: int) -> int:
    if nargs is None:
        return min(1, available)
    if isinstance(nargs, int):
        return min(nargs, available)
    if nargs == "?":
        return min(1, available)
    return available


def _explain_positional(state: State, node: Node, slot: Opt, taken: list[int]) -> None:
    words = state.words
    roles = ["source", "destination"] if slot.nargs == 2 else []
    for n, index in enumerate(taken):
        value = words[index].value
        role = roles[n] if roles else slot.key
        meaning = _path_meaning(value) if node.path[:1] == ("s3",) else ""
        text = (
            f"{role.capitalize()}: {meaning}"
            if meaning
            else (f"{role.capitalize()}" + (f" – {slot.description}" if slot.description else "."))
        )
        state.mark(index, "value", text)
        shell_value_checks(state, words[index])
        state.positional_out.append(
            {
                "name": slot.key,
                "role": role,
                "value": value,
                "description": meaning or slot.description,
            }
        )


def _path_meaning(value: str) -> str:
    if value == "-":
        return "- means standard input (as source) or standard output (as destination)."
    if value.startswith("s3://"):
        from awscli.customizations.s3.utils import split_s3_bucket_key

        rest = value[5:]
        if not rest:
            return "s3:// alone: all your buckets."
        try:
            bucket, key = split_s3_bucket_key(value)
        except Exception:
            return f"S3 URI {value}."
        if not key:
            return f"S3 URI: the whole bucket {bucket!r}."
        if key.endswith("/"):
            return f"S3 URI: bucket {bucket!r}, prefix (folder) {key!r}."
        return f"S3 URI: bucket {bucket!r}, object key (or prefix) {key!r}."
    if value in (".", "./"):
        return "A local path: the current directory."
    return f"A local file or directory path ({value}); the CLI reads or writes it when it runs."


def _check_s3_paths(state: State, node: Node, paths: list[str]) -> None:
    from awscli.customizations.s3.subcommands import CommandParameters

    usage = node.s3_paths or ""
    try:
        CommandParameters(node.path[-1], {}, usage).check_path_type(paths)
    except TypeError:
        kinds = ["an S3 URI" if p.startswith("s3://") else "a local path" for p in paths]
        state.error(
            f"aws s3 {node.path[-1]} cannot take {' and '.join(kinds)}: it takes {usage}. "
            "S3 locations are written s3://bucket/key.",
        )
    except Exception:
        return
