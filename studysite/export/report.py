"""What an export wrote (:class:`ExportReport`), and the pages it builds: a :data:`Job`
each, with what building it wrote and found (:class:`JobResult`)."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["ExportReport", "Job", "JobResult"]


@dataclass
class ExportReport:
    pages: list[str] = field(default_factory=list)
    static_files: list[str] = field(default_factory=list)
    bytes_written: int = 0


# A page to build: ("home" | "tools" | "search", ""), ("chapter", slug), ("tool", name)
# or ("example", "name?query").
Job = tuple[str, str]


@dataclass
class JobResult:
    report: ExportReport
    statics: set[str]
    examples: list[tuple[str, str]]
