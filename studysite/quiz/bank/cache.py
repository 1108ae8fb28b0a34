"""The per-process bank, rebuilt when the chapters library or (in DEBUG) the question
files change."""

from __future__ import annotations

import threading
from pathlib import Path

from django.conf import settings

from studysite.chapters.loader import get_library

from .files import build_bank, question_files, questions_dir
from .schema import Bank

_lock = threading.Lock()
_state: dict[str, object] = {}


def _signature(directory: Path) -> tuple:
    entries = []
    for path in question_files(directory):
        try:
            stat = path.stat()
        except OSError:
            continue
        entries.append((path.name, stat.st_mtime_ns, stat.st_size))
    return (str(directory), tuple(entries))


def get_bank() -> Bank:
    """The current bank: built once per process (per chapters library), or re-checked
    against the question files' mtimes per call in DEBUG, as :func:`get_library` does."""
    library = get_library()
    directory = questions_dir()
    bank = _state.get("bank")
    if (
        isinstance(bank, Bank)
        and _state.get("library") is library
        and _state.get("directory") == str(directory)
        and not settings.DEBUG
    ):
        return bank
    signature = (_signature(directory), id(library))
    if isinstance(bank, Bank) and _state.get("signature") == signature:
        return bank
    with _lock:
        if _state.get("signature") != signature or not isinstance(_state.get("bank"), Bank):
            _state.update(
                bank=build_bank(library),
                signature=signature,
                library=library,
                directory=str(directory),
            )
    return _state["bank"]  # type: ignore[return-value]


def reset_bank() -> None:
    with _lock:
        _state.clear()
