"""The calculator's result: each purchase option as an :class:`Option` with its costs
and reasons, all of them in a :class:`Result`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..common import money as _money
from .constants import ASSUMPTIONS, DISCLAIMER, HOURS_DECIMALS, OPTION_NAMES
from .inputs import Inputs
from .prices import InstancePrices


@dataclass(frozen=True)
class Option:
    option: str
    fits: bool
    reasons: tuple[str, ...]
    hourly_rate: float
    fixed_monthly: float  # the monthly cost that doesn't depend on hours used
    per_daily_hour: float  # what each hour a day adds to the monthly cost
    hours_per_day: float
    months: float
    term_years: int | None = None
    billed_months: float | None = None
    break_even: float | None = None

    @property
    def name(self) -> str:
        return OPTION_NAMES[self.option]

    @property
    def monthly_cost(self) -> float:
        return self.fixed_monthly + self.per_daily_hour * self.hours_per_day

    @property
    def total_cost(self) -> float:
        return self.monthly_cost * self.months

    def to_dict(self) -> dict[str, object]:
        return {
            "option": self.option,
            "name": self.name,
            "fits": self.fits,
            "reasons": list(self.reasons),
            "monthly_cost_usd": _money(self.monthly_cost),
            "total_cost_usd": _money(self.total_cost),
            "break_even_hours_per_day": None
            if self.break_even is None
            else round(self.break_even, HOURS_DECIMALS),
            "hourly_rate_usd": self.hourly_rate,
            "term_years": self.term_years,
            "billed_months": self.billed_months,
            "monthly_cost_fixed_usd": _money(self.fixed_monthly),
            "monthly_cost_per_daily_hour_usd": _money(self.per_daily_hour),
        }


@dataclass(frozen=True)
class Result:
    recommended: str
    cheapest: str
    region: str
    prices_as_of: str
    prices_status: str
    currency: str
    instance: InstancePrices
    options: tuple[Option, ...]
    note: str | None
    notes: tuple[str, ...]
    inputs: Inputs
    assumptions: tuple[str, ...] = ASSUMPTIONS
    disclaimer: str = DISCLAIMER

    def option(self, option: str) -> Option:
        for opt in self.options:
            if opt.option == option:
                return opt
        raise KeyError(option)

    def to_dict(self) -> dict[str, object]:
        return {
            "region": self.region,
            "prices_as_of": self.prices_as_of,
            "prices_status": self.prices_status,
            "currency": self.currency,
            "recommended": self.recommended,
            "cheapest": self.cheapest,
            "instance": {
                "instance_type": self.instance.instance_type,
                "family": self.instance.family,
                "vcpus": self.instance.vcpus,
                "memory_gib": self.instance.memory_gib,
                "processor": self.instance.processor,
                "on_demand_usd_per_hour": self.instance.on_demand,
            },
            "options": [o.to_dict() for o in self.options],
            "note": self.note,
            "notes": list(self.notes),
            "assumptions": list(self.assumptions),
            "disclaimer": self.disclaimer,
            "inputs": self.inputs.to_dict(),
        }
