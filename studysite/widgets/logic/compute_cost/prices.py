"""The compute prices files (``data/compute-prices/<region>.json``) read into
:class:`Prices`, cached, and the form's instance type choices.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources.abc import Traversable

from ..common import FieldError, InputError, data_folder, json_stems
from .constants import DEFAULT_REGION, RATE_KEYS, REGION_RE


@dataclass(frozen=True)
class InstancePrices:
    """One instance type's rates in USD per hour, read from the prices file."""

    instance_type: str
    family: str
    vcpus: int
    memory_gib: float
    processor: str
    on_demand: float
    # option -> ((years, usd per hour), ...)
    commitments: tuple[tuple[str, tuple[tuple[int, float], ...]], ...]

    def rate(self, option: str, years: int) -> float:
        for key, terms in self.commitments:
            if key == option:
                for term, usd in terms:
                    if term == years:
                        return usd
        raise KeyError((option, years))

    @property
    def label(self) -> str:
        memory = f"{self.memory_gib:g}"
        return (
            f"{self.instance_type} ({self.vcpus} vCPU, {memory} GiB, "
            f"${self.on_demand:.4f}/hour On-Demand)"
        )


@dataclass(frozen=True)
class SpotTerms:
    discount_min: float
    discount_max: float
    estimate_discount: float
    notice_minutes: int


@dataclass(frozen=True)
class Prices:
    region: str
    as_of: str
    currency: str
    hours_per_month: float
    instances: tuple[tuple[str, InstancePrices], ...]
    spot: SpotTerms
    status: str = "illustrative"
    pricing_pages: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def instance_types(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.instances)

    def get(self, instance_type: str) -> InstancePrices:
        for name, value in self.instances:
            if name == instance_type:
                return value
        raise KeyError(instance_type)


def _prices_dir() -> Traversable:
    return data_folder("compute-prices")


def available_regions() -> tuple[str, ...]:
    """Regions with a compute prices file, sorted."""
    return json_stems(_prices_dir())


def _instance(name: str, raw: Mapping[str, object]) -> InstancePrices:
    commitments = tuple(
        (
            option,
            tuple(
                sorted((int(years), float(usd)) for years, usd in raw[key].items())  # type: ignore[attr-defined]
            ),
        )
        for option, key in RATE_KEYS.items()
    )
    return InstancePrices(
        instance_type=name,
        family=str(raw["family"]),
        vcpus=int(raw["vcpus"]),  # type: ignore[call-overload]
        memory_gib=float(raw["memory_gib"]),  # type: ignore[arg-type]
        processor=str(raw.get("processor", "")),
        on_demand=float(raw["on_demand"]),  # type: ignore[arg-type]
        commitments=commitments,
    )


@lru_cache(maxsize=32)
def _load(region: str) -> Prices:
    raw = json.loads(_prices_dir().joinpath(f"{region}.json").read_text(encoding="utf-8"))
    spot = raw["spot"]
    instances = raw["instances"]
    return Prices(
        region=str(raw["region"]),
        as_of=str(raw["prices_as_of"]),
        currency=str(raw.get("currency", "USD")),
        hours_per_month=float(raw.get("hours_per_month", 730)),
        instances=tuple((name, _instance(name, instances[name])) for name in sorted(instances)),
        spot=SpotTerms(
            discount_min=float(spot["typical_discount_min"]),
            discount_max=float(spot["typical_discount_max"]),
            estimate_discount=float(spot["estimate_discount"]),
            notice_minutes=int(spot.get("interruption_notice_minutes", 2)),
        ),
        status=str(raw.get("status", "illustrative")),
        pricing_pages=tuple((str(k), str(v)) for k, v in raw.get("pricing_pages", {}).items()),
        notes=tuple(raw.get("notes", ())),
    )


def load_prices(region: str = DEFAULT_REGION) -> Prices:
    """Read ``data/compute-prices/<region>.json``; InputError for a Region without a file."""
    region = region.strip().lower() if isinstance(region, str) else ""
    if not REGION_RE.fullmatch(region) or region not in available_regions():
        known = ", ".join(available_regions())
        message = f"No compute prices on file for that Region. Available: {known}."
        raise InputError([FieldError("region", message)])
    return _load(region)


def instance_choices(region: str = DEFAULT_REGION) -> tuple[tuple[str, str], ...]:
    """(value, label) pairs for the form's instance type select."""
    prices = load_prices(region)
    return tuple((name, value.label) for name, value in prices.instances)
