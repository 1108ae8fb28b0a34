"""The prices files (``data/prices/<region>.json``) read into :class:`Prices`, cached."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources.abc import Traversable

from ..common import FieldError, InputError, data_folder, json_stems
from .constants import CLASS_IDS, DEFAULT_REGION

_REGION_RE = re.compile(r"^[a-z]{2}(?:-[a-z]+)+-[0-9]{1,2}$")


@dataclass(frozen=True)
class ClassPrices:
    """One storage class's prices and properties, read from the prices file."""

    storage_class: str
    name: str
    storage_tiers: tuple[tuple[float | None, float], ...] | None  # (up_to_gb, usd)
    put_per_1000: float | None
    get_per_1000: float | None
    retrieval_per_gb: float | None
    min_storage_days: int
    min_billable_kb: float
    first_byte: str
    azs: str
    upload_per_gb: float = 0.0
    restore_per_1000: float = 0.0
    expedited_retrieval_per_gb: float | None = None
    expedited_restore_per_1000: float | None = None
    monitoring_per_1000_objects: float = 0.0
    monitoring_min_object_kb: float = 0.0
    overhead_standard_kb: float = 0.0
    overhead_archive_kb: float = 0.0
    access_tiers: tuple[tuple[str, float, float], ...] = ()  # (tier, after_days, usd)

    @property
    def priced(self) -> bool:
        return (
            self.storage_tiers is not None
            and self.put_per_1000 is not None
            and self.get_per_1000 is not None
            and self.retrieval_per_gb is not None
        )

    @property
    def flat_rate(self) -> float:
        """The first-tier storage price (used for overheads and minimum charges)."""
        return self.storage_tiers[0][1] if self.storage_tiers else 0.0


@dataclass(frozen=True)
class Prices:
    region: str
    as_of: str
    currency: str
    classes: tuple[tuple[str, ClassPrices], ...]
    notes: tuple[str, ...] = ()

    def get(self, storage_class: str) -> ClassPrices:
        for key, value in self.classes:
            if key == storage_class:
                return value
        raise KeyError(storage_class)


def _prices_dir() -> Traversable:
    return data_folder("prices")


def available_regions() -> tuple[str, ...]:
    """Regions with a prices file, sorted."""
    return json_stems(_prices_dir())


def _opt_float(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def _class_prices(storage_class: str, raw: Mapping[str, object]) -> ClassPrices:
    tiers_raw = raw.get("storage_gb_month")
    tiers = (
        None
        if tiers_raw is None
        else tuple(
            (_opt_float(t.get("up_to_gb")), float(t["usd"]))
            for t in tiers_raw  # type: ignore[union-attr]
        )
    )
    overhead = raw.get("per_object_overhead") or {}
    access = tuple(
        (str(t["tier"]), float(t["after_days"]), float(t["usd"]))
        for t in raw.get("access_tiers", [])  # type: ignore[union-attr]
    )
    return ClassPrices(
        storage_class=storage_class,
        name=str(raw["name"]),
        storage_tiers=tiers,
        put_per_1000=_opt_float(raw.get("put_per_1000")),
        get_per_1000=_opt_float(raw.get("get_per_1000")),
        retrieval_per_gb=_opt_float(raw.get("retrieval_per_gb")),
        min_storage_days=int(raw.get("min_storage_days") or 0),  # type: ignore[arg-type]
        min_billable_kb=float(raw.get("min_billable_kb") or 0),  # type: ignore[arg-type]
        first_byte=str(raw.get("first_byte", "")),
        azs=str(raw.get("azs", "")),
        upload_per_gb=float(raw.get("upload_per_gb") or 0),  # type: ignore[arg-type]
        restore_per_1000=float(raw.get("restore_per_1000") or 0),  # type: ignore[arg-type]
        expedited_retrieval_per_gb=_opt_float(raw.get("expedited_retrieval_per_gb")),
        expedited_restore_per_1000=_opt_float(raw.get("expedited_restore_per_1000")),
        monitoring_per_1000_objects=float(raw.get("monitoring_per_1000_objects") or 0),  # type: ignore[arg-type]
        monitoring_min_object_kb=float(raw.get("monitoring_min_object_kb") or 0),  # type: ignore[arg-type]
        overhead_standard_kb=float(overhead.get("standard_kb", 0)),  # type: ignore[union-attr]
        overhead_archive_kb=float(overhead.get("archive_kb", 0)),  # type: ignore[union-attr]
        access_tiers=access,
    )


@lru_cache(maxsize=32)
def _load(region: str) -> Prices:
    raw = json.loads(_prices_dir().joinpath(f"{region}.json").read_text(encoding="utf-8"))
    classes = raw["classes"]
    return Prices(
        region=str(raw["region"]),
        as_of=str(raw["as_of"]),
        currency=str(raw.get("currency", "USD")),
        classes=tuple((cid, _class_prices(cid, classes[cid])) for cid in CLASS_IDS),
        notes=tuple(raw.get("notes", ())),
    )


def load_prices(region: str = DEFAULT_REGION) -> Prices:
    """Read ``data/prices/<region>.json``; raise InputError for a Region without a file."""
    region = region.strip().lower() if isinstance(region, str) else ""
    if not _REGION_RE.fullmatch(region) or region not in available_regions():
        known = ", ".join(available_regions())
        raise InputError(
            [FieldError("region", f"No prices on file for that Region. Available: {known}.")]
        )
    return _load(region)
