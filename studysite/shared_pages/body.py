"""A page's bytes and their encodings, made once and kept, and the small LRU that keeps
pages."""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

import brotli
from django.conf import settings
from django.core.cache import caches

# (Brotli quality, gzip level): the best for what is kept per content version (Brotli 11
# takes ~80 ms on the largest chapter, once); a quick one for what is kept per second or
# per reader (~1.5 ms there); a fast one for what is compressed on every request (search
# results: ~0.4 ms for 14 KB, a tenth larger than Brotli 5); a faster one for a page named
# by a query, which a new query compresses once (search results, 11 KB: Brotli 2 takes
# 0.08 ms against Brotli 4's 0.18 ms, for 4.0 KB instead of 3.8 KB; issue 14).
BEST, QUICK, FAST, QUERY = (11, 9), (5, 6), (4, 6), (2, 6)
SUFFIX = {"br": "-br", "gzip": "-gz", "identity": ""}
# Where the best encodings are kept across workers and restarts: the rendered-chapter
# cache (on disk, cleared alone by `manage.py clear_chapter_cache`).
COMPRESSED_CACHE = "chapters"


@dataclass
class Body:
    """One page's bytes, with its encodings made on first use and then kept. The best
    encodings are also kept in the chapters cache (on disk, by the page's sha256), so the
    workers of a server, and its next start with the same notes, compress a page once."""

    identity: bytes
    quality: tuple[int, int] = BEST
    tag: str = ""
    digest: str = ""
    _encoded: dict[str, bytes] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.digest:
            self.digest = hashlib.sha256(self.identity).hexdigest()
        if not self.tag:
            self.tag = self.digest[:32]

    def encoded(self, coding: str) -> bytes:
        if coding == "identity":
            return self.identity
        data = self._encoded.get(coding)
        if data is None:
            shared = self.quality == BEST and not settings.DEBUG
            key = f"page:{coding}:{self.digest}"
            data = caches[COMPRESSED_CACHE].get(key) if shared else None
            if not isinstance(data, bytes):
                brotli_quality, gzip_level = self.quality
                if coding == "br":
                    data = brotli.compress(
                        self.identity, quality=brotli_quality, mode=brotli.MODE_TEXT
                    )
                else:
                    data = gzip.compress(self.identity, compresslevel=gzip_level, mtime=0)
                if shared:
                    caches[COMPRESSED_CACHE].set(key, data)
            self._encoded[coding] = data
        return data


class _Lru:
    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[Hashable, Any] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        with self.lock:
            value = self.items.get(key)
            if value is not None:
                self.items.move_to_end(key)
            return value

    def put(self, key: Hashable, value: Any) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()
