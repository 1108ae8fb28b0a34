"""The validator's input (``BucketNameInput``, read by ``parse_input``) and its result
classes: violations, checklist entries, highlights, directory-name parts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..common import FieldError, InputError, get_str
from .constants import KIND_DIRECTORY, KIND_GENERAL, KINDS, MAX_INPUT_CHARS


@dataclass(frozen=True)
class BucketNameInput:
    name: str
    kind: str = KIND_GENERAL


@dataclass(frozen=True)
class Violation:
    rule: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "message": self.message}


@dataclass(frozen=True)
class Check:
    rule: str
    label: str
    passed: bool

    def to_dict(self) -> dict[str, object]:
        return {"rule": self.rule, "label": self.label, "passed": self.passed}


@dataclass(frozen=True)
class Highlight:
    start: int
    end: int
    rule: str

    def to_dict(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "rule": self.rule}


@dataclass(frozen=True)
class DirectoryParts:
    base_name: str | None
    zone_id: str | None
    zone_type: str | None

    def to_dict(self) -> dict[str, object]:
        return {"base_name": self.base_name, "zone_id": self.zone_id, "zone_type": self.zone_type}


@dataclass(frozen=True)
class BucketNameResult:
    name: str
    kind: str
    valid: bool
    violations: tuple[Violation, ...]
    suggestion: str | None
    checks: tuple[Check, ...]
    notes: tuple[str, ...]
    highlights: tuple[Highlight, ...]
    directory_parts: DirectoryParts | None

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "kind": self.kind,
            "valid": self.valid,
            "violations": [v.to_dict() for v in self.violations],
            "suggestion": self.suggestion,
            "checks": [c.to_dict() for c in self.checks],
            "notes": list(self.notes),
            "highlights": [h.to_dict() for h in self.highlights],
            "length": len(self.name),
            "directory_parts": self.directory_parts.to_dict() if self.directory_parts else None,
        }


def parse_input(data: Mapping[str, object]) -> BucketNameInput:
    """Read ``name`` and ``kind``; raise InputError for input that cannot be judged.

    An empty or whitespace-only name is *not* an input error: it is judged (invalid).
    """
    errors: list[FieldError] = []
    name = get_str(data, "name", errors, max_length=MAX_INPUT_CHARS)
    kind = KIND_GENERAL
    if data.get("kind") is not None:  # missing or JSON null: the default kind
        kind = get_str(data, "kind", errors, max_length=100)
    kind = kind.strip().lower() or KIND_GENERAL
    if not any(e.field == "kind" for e in errors) and kind not in KINDS:
        errors.append(FieldError("kind", f"Choose {KIND_GENERAL!r} or {KIND_DIRECTORY!r}."))
    if errors:
        raise InputError(errors)
    return BucketNameInput(name=name, kind=kind)
