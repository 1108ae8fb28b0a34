"""Shared by the storage-class picker's logic tests: the prices, make()/option(),
a valid form and errors_for()."""

from __future__ import annotations

from pathlib import Path

import pytest

from studysite import widgets
from studysite.widgets.logic.common import InputError
from studysite.widgets.logic.storage_classes import (
    Inputs,
    load_prices,
    parse_input,
    recommend,
)

PRICES_FILE = Path(widgets.__file__).resolve().parent / "data" / "prices" / "us-east-1.json"
PRICES = load_prices()


def make(**overrides: object) -> Inputs:
    base = {
        "data_gb": 100.0,
        "object_count": 1000,
        "months": 1.0,
        "read_fraction_per_month": 0.0,
        "slowest_acceptable_retrieval": "hours",
        "survive_az_loss": False,
        "access_pattern": "known",
        "single_digit_ms_latency": False,
    }
    base.update(overrides)
    return Inputs(**base)  # type: ignore[arg-type]


def option(inp: Inputs, storage_class: str) -> dict:
    for opt in recommend(inp, PRICES).to_dict()["options"]:
        if opt["storage_class"] == storage_class:
            return opt
    raise AssertionError(storage_class)


VALID_FORM = {
    "data_gb": "100",
    "object_count": "1000",
    "months": "12",
    "read_fraction_per_month": "0.1",
    "slowest_acceptable_retrieval": "hours",
    "survive_az_loss": "on",
    "access_pattern": "known",
    "single_digit_ms_latency": "",
}


def errors_for(**changes: object) -> dict[str, str]:
    data = {**VALID_FORM, **changes}
    data = {k: v for k, v in data.items() if v is not DROP}
    with pytest.raises(InputError) as info:
        parse_input(data)
    return {e.field: e.message for e in info.value.errors}


DROP = object()
