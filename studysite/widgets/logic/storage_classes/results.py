"""The picker's result: each storage class as an :class:`Option` with its costs."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..common import money as _money
from .constants import ASSUMPTIONS, BREAKDOWN_KEYS, DISCLAIMER
from .inputs import Inputs


@dataclass(frozen=True)
class Breakdown:
    """Costs over the whole period, in USD."""

    storage: float = 0.0
    requests: float = 0.0
    retrieval: float = 0.0
    monitoring: float = 0.0
    minimum_duration_penalty: float = 0.0
    minimum_size_penalty: float = 0.0
    archive_overhead: float = 0.0

    @property
    def total(self) -> float:
        return sum(getattr(self, key) for key in BREAKDOWN_KEYS)

    def plus(self, other: Breakdown) -> Breakdown:
        return Breakdown(**{k: getattr(self, k) + getattr(other, k) for k in BREAKDOWN_KEYS})

    def to_dict(self) -> dict[str, float]:
        return {key: _money(getattr(self, key)) for key in BREAKDOWN_KEYS}


@dataclass(frozen=True)
class Option:
    storage_class: str
    name: str
    meets_requirements: bool
    reasons: tuple[str, ...]
    breakdown: Breakdown | None
    months: float

    @property
    def total_cost_usd(self) -> float | None:
        return None if self.breakdown is None else _money(self.breakdown.total)

    @property
    def monthly_cost_usd(self) -> float | None:
        if self.breakdown is None:
            return None
        return _money(self.breakdown.total / self.months)

    def to_dict(self) -> dict[str, object]:
        return {
            "storage_class": self.storage_class,
            "name": self.name,
            "meets_requirements": self.meets_requirements,
            "reasons": list(self.reasons),
            "monthly_cost_usd": self.monthly_cost_usd,
            "total_cost_usd": self.total_cost_usd,
            "breakdown": None if self.breakdown is None else self.breakdown.to_dict(),
        }


@dataclass(frozen=True)
class LifecycleStep:
    storage_class: str
    from_day: float
    to_day: float

    def to_dict(self) -> dict[str, object]:
        return {
            "storage_class": self.storage_class,
            "from_day": _money(self.from_day),
            "to_day": _money(self.to_day),
        }


@dataclass(frozen=True)
class LifecycleHint:
    steps: tuple[LifecycleStep, ...]
    summary: str
    reasons: tuple[str, ...]
    breakdown: Breakdown
    months: float

    @property
    def total_cost_usd(self) -> float:
        return _money(self.breakdown.total)

    @property
    def monthly_cost_usd(self) -> float:
        return _money(self.breakdown.total / self.months)

    def to_dict(self) -> dict[str, object]:
        return {
            "steps": [s.to_dict() for s in self.steps],
            "summary": self.summary,
            "reasons": list(self.reasons),
            "monthly_cost_usd": self.monthly_cost_usd,
            "total_cost_usd": self.total_cost_usd,
            "breakdown": self.breakdown.to_dict(),
        }


@dataclass(frozen=True)
class Result:
    recommended: str | None
    cheapest: str | None
    region: str
    prices_as_of: str
    currency: str
    options: tuple[Option, ...]
    note: str | None
    notes: tuple[str, ...]
    lifecycle_hint: LifecycleHint | None
    inputs: Inputs
    assumptions: tuple[str, ...] = ASSUMPTIONS
    disclaimer: str = DISCLAIMER
    price_notes: tuple[str, ...] = field(default=(), repr=False)

    def option(self, storage_class: str) -> Option:
        for opt in self.options:
            if opt.storage_class == storage_class:
                return opt
        raise KeyError(storage_class)

    def to_dict(self) -> dict[str, object]:
        return {
            "recommended": self.recommended,
            "cheapest": self.cheapest,
            "region": self.region,
            "prices_as_of": self.prices_as_of,
            "currency": self.currency,
            "options": [o.to_dict() for o in self.options],
            "note": self.note,
            "notes": list(self.notes),
            "assumptions": list(self.assumptions),
            "lifecycle_hint": None
            if self.lifecycle_hint is None
            else self.lifecycle_hint.to_dict(),
            "disclaimer": self.disclaimer,
            "inputs": self.inputs.to_dict(),
        }
