"""Presentation helpers for widget templates (pure Python, no Django).

Templates cannot slice strings by index ranges, so these split a text into segments
with the flagged ranges marked, ready for ``{% for %}`` loops.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

MAX_SEGMENT_TEXT = 2000


def mark_ranges(text: str, ranges: Iterable[Mapping[str, object]], label_key: str) -> list[dict]:
    """Split ``text`` (code-point indexes) into [{"text", "flags": [labels]}] segments."""
    text = text[:MAX_SEGMENT_TEXT]
    flags: list[set[str]] = [set() for _ in text]
    for item in ranges:
        start, end = int(item["start"]), int(item["end"])  # type: ignore[call-overload]
        for index in range(max(start, 0), min(end, len(text))):
            flags[index].add(str(item[label_key]))
    segments: list[dict] = []
    for char, marks in zip(text, flags, strict=True):
        label = sorted(marks)
        if segments and segments[-1]["flags"] == label:
            segments[-1]["text"] += char
        else:
            segments.append({"text": char, "flags": label})
    return segments


def present_bucket_name(result: Mapping[str, object]) -> dict[str, object]:
    failed = [c for c in result.get("checks", []) if not c["passed"]]  # type: ignore[union-attr]
    return {
        "segments": mark_ranges(str(result["name"]), result.get("highlights", []), "rule"),  # type: ignore[arg-type]
        "failed_count": len(failed),
    }


def present_object_key(result: Mapping[str, object]) -> dict[str, object]:
    characters = result.get("characters", [])
    return {
        "segments": mark_ranges(str(result["key"]), result.get("highlights", []), "category"),  # type: ignore[arg-type]
        "flagged": [c for c in characters if c["category"] != "safe"],  # type: ignore[union-attr]
    }


def present_cli_explanation(result: Mapping[str, object]) -> dict[str, object]:
    """The chapter sections that teach the explained command, for "Learn more" links."""
    from .topics import cli_topics

    given = [
        str(option.get("option", ""))
        for key in ("parameters", "global_options")
        for option in result.get(key, ())  # type: ignore[attr-defined]
        if isinstance(option, Mapping)
    ]
    service = result.get("service")
    operation = result.get("operation")
    # The command as typed, cut into token and gap segments (spacing and lines kept).
    command = str(result.get("command", ""))[: MAX_SEGMENT_TEXT * 4]
    segments: list[dict[str, object]] = []
    position = 0
    for index, token in enumerate(result.get("tokens", ())):  # type: ignore[attr-defined]
        start, end = int(token["start"]), int(token["end"])
        if start < position or end > len(command):
            continue
        if start > position:
            segments.append({"text": command[position:start], "index": None, "kind": ""})
        segments.append({"text": command[start:end], "index": index, "kind": token["kind"]})
        position = end
    if position < len(command):
        segments.append({"text": command[position:], "index": None, "kind": ""})
    return {
        "segments": segments,
        "topics": cli_topics(
            service if isinstance(service, str) else None,
            operation if isinstance(operation, str) else None,
            given,
        ),
        "kinds": {
            "program": "the program",
            "global-option": "global option",
            "service": "service",
            "operation": "operation",
            "option": "option",
            "value": "value",
            "shell": "shell",
        },
    }
