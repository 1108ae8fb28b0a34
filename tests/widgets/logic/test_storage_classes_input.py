"""The storage-class picker's input parsing and per-field errors (pure logic, no Django)."""

from __future__ import annotations

import pytest

from studysite.widgets.logic.common import InputError
from studysite.widgets.logic.storage_classes import (
    Inputs,
    parse_input,
)

from .storage_classes_helpers import (
    DROP,
    VALID_FORM,
    errors_for,
)

# ------------------------------------------------------------------------ input errors


def test_parse_valid_form_strings():
    inp = parse_input(VALID_FORM)
    assert inp == Inputs(100.0, 1000, 12.0, 0.1, "hours", True, "known", False)


def test_parse_json_types_and_defaults():
    data = {
        "data_gb": 5,
        "object_count": 10.0,
        "months": 0.5,
        "read_fraction_per_month": 0,
        "slowest_acceptable_retrieval": " Days ",
        "access_pattern": "UNKNOWN",
    }
    inp = parse_input(data)
    assert inp.object_count == 10 and inp.slowest_acceptable_retrieval == "days"
    assert inp.access_pattern == "unknown"
    assert inp.survive_az_loss is False and inp.single_digit_ms_latency is False
    assert parse_input({**data, "object_count": "1e3"}).object_count == 1000


@pytest.mark.parametrize(
    ("field", "value", "message_part"),
    [
        ("data_gb", DROP, "required"),
        ("data_gb", None, "required"),
        ("data_gb", "", "required"),
        ("data_gb", "abc", "Must be a number"),
        ("data_gb", "1,000", "no commas"),
        ("data_gb", True, "Must be a number"),
        ("data_gb", [1], "Must be a number"),
        ("data_gb", "nan", "not NaN"),
        ("data_gb", float("nan"), "not NaN"),
        ("data_gb", "inf", "not infinity"),
        ("data_gb", float("-inf"), "not infinity"),
        ("data_gb", 0, "more than 0 GB"),
        ("data_gb", "-5", "more than 0 GB"),
        ("data_gb", 10**12 + 1, "unrealistically large"),
        ("data_gb", 10**400, "unrealistically large"),
        ("data_gb", "1e400", "unrealistically large"),
        ("data_gb", "9" * 101, "Must be a number"),
        ("object_count", DROP, "required"),
        ("object_count", 0, "at least 1 object"),
        ("object_count", -3, "at least 1 object"),
        ("object_count", 2.5, "whole number"),
        ("object_count", "7.2", "whole number"),
        ("object_count", 10**15 + 1, "unrealistically large"),
        ("months", DROP, "required"),
        ("months", 0, "more than 0 months"),
        ("months", -1, "more than 0 months"),
        ("months", 1201, "At most 1,200 months"),
        ("months", "soon", "Must be a number"),
        ("read_fraction_per_month", DROP, "required"),
        ("read_fraction_per_month", -0.1, "can't be negative"),
        ("read_fraction_per_month", 1_000_000.5, "At most 1,000,000"),
        ("slowest_acceptable_retrieval", DROP, "required"),
        ("slowest_acceptable_retrieval", "seconds", "milliseconds, minutes, hours, half-day, days"),
        ("slowest_acceptable_retrieval", 5, "Must be text"),
        ("access_pattern", DROP, "required"),
        ("access_pattern", "sometimes", "known, unknown"),
        ("survive_az_loss", "maybe", "true or false"),
        ("single_digit_ms_latency", 7, "true or false"),
    ],
)
def test_input_errors(field, value, message_part):
    errors = errors_for(**{field: value})
    assert field in errors, errors
    assert message_part.lower() in errors[field].lower(), errors[field]


def test_all_errors_reported_at_once():
    with pytest.raises(InputError) as info:
        parse_input({})
    fields = {e.field for e in info.value.errors}
    assert fields == {
        "data_gb",
        "object_count",
        "months",
        "read_fraction_per_month",
        "slowest_acceptable_retrieval",
        "access_pattern",
    }


def test_objects_larger_than_5_tb_rejected():
    errors = errors_for(data_gb="20000", object_count="2")
    assert "5 TB" in errors["object_count"]
