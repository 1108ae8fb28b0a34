"""The storage-class picker and cost estimate (pure logic, no Django).

Prices used in the hand-computed cases (us-east-1 file): Standard $0.023/GB-month for
the first 50 TB, PUT $0.005 and GET $0.0004 per 1,000; Standard-IA $0.0125, PUT $0.01;
Glacier Flexible Retrieval $0.0036, PUT $0.03, Standard restore $0.05/1,000 + $0.01/GB,
Expedited $10/1,000 + $0.03/GB; Deep Archive $0.00099, PUT $0.05, restore $0.10/1,000 +
$0.02/GB; Intelligent-Tiering $0.023 / $0.0125 / $0.004 and $0.0025 per 1,000 objects
monitored; Express One Zone $0.11, PUT $0.00113, GET $0.00003, $0.0032/GB up,
$0.0006/GB down. 1 GB = 1,048,576 KB; a month is 30 days.
"""

from __future__ import annotations

import ast
import json
import math
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from studysite import widgets
from studysite.widgets.logic import storage_classes as sc
from studysite.widgets.logic.common import InputError
from studysite.widgets.logic.storage_classes import (
    CLASS_IDS,
    INPUT_SCHEMA,
    OUTPUT_SCHEMA,
    PRESETS,
    RETRIEVAL_LABELS,
    RETRIEVAL_SPEEDS,
    Inputs,
    lifecycle_hint,
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


# ------------------------------------------------------------------ hand-computed costs


def test_standard_simple():
    # 100 GB x $0.023 x 1 month                      = 2.3      storage
    # 1,000 PUTs x $0.005/1,000                      = 0.005
    # 0.5 x 1,000 = 500 GETs x $0.0004/1,000         = 0.0002   -> requests 0.0052
    opt = option(make(read_fraction_per_month=0.5), "STANDARD")
    assert opt["breakdown"]["storage"] == pytest.approx(2.3)
    assert opt["breakdown"]["requests"] == pytest.approx(0.0052)
    assert opt["breakdown"]["retrieval"] == 0
    assert opt["total_cost_usd"] == pytest.approx(2.3052)
    assert opt["monthly_cost_usd"] == pytest.approx(2.3052)


def test_standard_tiers_past_50_tb():
    # 60,000 GB: 51,200 x $0.023 + 8,800 x $0.022 = 1,177.6 + 193.6 = 1,371.2 a month
    opt = option(make(data_gb=60000.0, object_count=60000), "STANDARD")
    assert opt["breakdown"]["storage"] == pytest.approx(1371.2)


def test_standard_ia_minimum_duration_and_minimum_size():
    # 1 GB in 16,384 objects = 1,048,576 KB / 16,384 = 64 KB each; kept 0.5 month (15 days)
    # storage:        1 GB x $0.0125 x 0.5                                  = 0.00625
    # minimum size:   (128 - 64) KB x 16,384 / 1,048,576 = 1 GB extra
    #                 1 GB x $0.0125 x 0.5                                  = 0.00625
    # minimum 30 days: 15 days short = 0.5 month x (0.0125 + 0.0125)       = 0.0125
    # PUTs:           16,384 x $0.01 / 1,000                                = 0.16384
    # total                                                                 = 0.18884
    inp = make(data_gb=1.0, object_count=16384, months=0.5)
    b = option(inp, "STANDARD_IA")["breakdown"]
    assert b["storage"] == pytest.approx(0.00625)
    assert b["minimum_size_penalty"] == pytest.approx(0.00625)
    assert b["minimum_duration_penalty"] == pytest.approx(0.0125)
    assert b["requests"] == pytest.approx(0.16384)
    assert option(inp, "STANDARD_IA")["total_cost_usd"] == pytest.approx(0.18884)
    reasons = " ".join(option(inp, "STANDARD_IA")["reasons"])
    assert "minimum storage duration" in reasons and "minimum billable object size" in reasons


def test_glacier_per_object_overhead():
    # 1 GB in 131,072 objects (8 KB each), 3 months (= the 90-day minimum, so no penalty)
    # storage:  1 x $0.0036 x 3                                              = 0.0108
    # overhead: 131,072 x (8 KB x $0.023 + 32 KB x $0.0036) / 1,048,576 KB
    #         = 0.125 x (0.184 + 0.1152) = 0.0374 a month, x 3               = 0.1122
    # PUTs:     131,072 x $0.03 / 1,000                                      = 3.93216
    inp = make(data_gb=1.0, object_count=131072, months=3.0)
    opt = option(inp, "GLACIER")
    assert opt["breakdown"]["storage"] == pytest.approx(0.0108)
    assert opt["breakdown"]["archive_overhead"] == pytest.approx(0.1122)
    assert opt["breakdown"]["minimum_duration_penalty"] == 0
    assert opt["breakdown"]["requests"] == pytest.approx(3.93216)
    assert opt["total_cost_usd"] == pytest.approx(4.05516)
    assert any("40 KB per object" in r for r in opt["reasons"])


def test_deep_archive_minimum_duration_reads_and_overhead():
    # 100 GB in 100 objects, 1 month, 10% read a month
    # storage:   100 x $0.00099                                    = 0.099
    # 180-day minimum: 150 days short = 5 months x 0.099           = 0.495
    # overhead:  100 x (8 x 0.023 + 32 x 0.00099) / 1,048,576      = 0.0000205688
    # requests:  100 PUTs x $0.05/1,000 = 0.005
    #            10 restores + GETs x ($0.10 + $0.0004)/1,000      = 0.001004
    # retrieval: 10 GB x $0.02                                     = 0.2
    inp = make(object_count=100, read_fraction_per_month=0.1)
    opt = option(inp, "DEEP_ARCHIVE")
    b = opt["breakdown"]
    assert b["storage"] == pytest.approx(0.099)
    assert b["minimum_duration_penalty"] == pytest.approx(0.495)
    assert b["archive_overhead"] == pytest.approx(0.0000205688, abs=1e-6)
    assert b["requests"] == pytest.approx(0.006004)
    assert b["retrieval"] == pytest.approx(0.2)
    assert opt["total_cost_usd"] == pytest.approx(0.8000245688, abs=1e-6)


def test_glacier_expedited_when_minutes_are_needed():
    # 100 GB, 100 objects, 3 months, 10% read: 10 GB and 10 objects a month
    # Expedited retrieval: 10 GB x $0.03 x 3                       = 0.9
    # requests: 100 PUTs x $0.03/1,000 = 0.003
    #           10 x ($10 + $0.0004)/1,000 x 3                     = 0.300012
    minutes = option(
        make(
            object_count=100,
            months=3.0,
            read_fraction_per_month=0.1,
            slowest_acceptable_retrieval="minutes",
        ),
        "GLACIER",
    )
    assert minutes["meets_requirements"]
    assert minutes["breakdown"]["retrieval"] == pytest.approx(0.9)
    assert minutes["breakdown"]["requests"] == pytest.approx(0.303012)
    assert any("Expedited" in r for r in minutes["reasons"])
    # Standard retrieval when hours are fine: 10 GB x $0.01 x 3 = 0.3
    hours = option(make(object_count=100, months=3.0, read_fraction_per_month=0.1), "GLACIER")
    assert hours["breakdown"]["retrieval"] == pytest.approx(0.3)


def test_intelligent_tiering_assumption():
    # 1,000 GB in 1,000 objects (1 MB each), 6 months, 10% read a month
    # hot 100 GB stays Frequent: 100 x 0.023 x 6                          = 13.8
    # cold 900 GB: month 1 at 0.023, months 2-3 at 0.0125, months 4-6 at 0.004
    #            = 900 x (0.023 + 2 x 0.0125 + 3 x 0.004) = 900 x 0.06    = 54
    # monitoring: 1,000 objects x $0.0025/1,000 x 6                      = 0.015
    # requests: 1,000 PUTs x 0.005/1,000 = 0.005; 100 GETs x 0.0004/1,000 x 6 = 0.00024
    inp = make(data_gb=1000.0, months=6.0, read_fraction_per_month=0.1, access_pattern="unknown")
    opt = option(inp, "INTELLIGENT_TIERING")
    assert opt["breakdown"]["storage"] == pytest.approx(67.8)
    assert opt["breakdown"]["monitoring"] == pytest.approx(0.015)
    assert opt["breakdown"]["requests"] == pytest.approx(0.00524)
    assert opt["breakdown"]["retrieval"] == 0
    assert opt["total_cost_usd"] == pytest.approx(67.82024)
    assert opt["monthly_cost_usd"] == pytest.approx(67.82024 / 6)


def test_intelligent_tiering_small_objects_are_not_monitored():
    # 1 GB in 16,384 objects = 64 KB each: no monitoring fee, all Frequent Access
    inp = make(data_gb=1.0, object_count=16384, months=12.0)
    opt = option(inp, "INTELLIGENT_TIERING")
    assert opt["breakdown"]["monitoring"] == 0
    assert opt["breakdown"]["storage"] == pytest.approx(1 * 0.023 * 12)
    assert any("128 KB" in r for r in opt["reasons"])


def test_express_one_zone():
    # 10 GB, 1,000,000 objects, 1 month, all data read 9 times
    # storage 10 x 0.11 = 1.1; PUTs 1,000,000 x 0.00113/1,000 = 1.13
    # upload 10 GB x 0.0032 = 0.032; GETs 9,000,000 x 0.00003/1,000 = 0.27
    # retrieval 90 GB x 0.0006 = 0.054                       total 2.586
    inp = make(data_gb=10.0, object_count=1_000_000, read_fraction_per_month=9.0)
    opt = option(inp, "EXPRESS_ONEZONE")
    assert opt["breakdown"]["requests"] == pytest.approx(1.13 + 0.032 + 0.27)
    assert opt["breakdown"]["retrieval"] == pytest.approx(0.054)
    assert opt["total_cost_usd"] == pytest.approx(2.586)


def test_lifecycle_hint_cost():
    # 1,000 GB, 1,000 objects, 12 months (360 days), never read, days are fine:
    # Standard days 0-30, Standard-IA days 30-90, Deep Archive days 90-360 (270 >= 180)
    # upload 1,000 x 0.005/1,000 = 0.005; Standard 1 month 1,000 x 0.023 = 23
    # IA 2 months 1,000 x 0.0125 x 2 = 25, transition 1,000 x 0.01/1,000 = 0.01
    # Deep Archive 9 months 1,000 x 0.00099 x 9 = 8.91, transition 0.05,
    # overhead 1,000 x (8 x 0.023 + 32 x 0.00099)/1,048,576 x 9 = 0.0018512
    inp = make(data_gb=1000.0, months=12.0, slowest_acceptable_retrieval="days")
    hint = lifecycle_hint(inp, PRICES)
    assert hint is not None
    assert [s.storage_class for s in hint.steps] == ["STANDARD", "STANDARD_IA", "DEEP_ARCHIVE"]
    assert hint.total_cost_usd == pytest.approx(56.9768512, abs=1e-6)
    assert recommend(inp, PRICES).to_dict()["lifecycle_hint"]["total_cost_usd"] == (
        hint.total_cost_usd
    )


@pytest.mark.parametrize(
    "overrides",
    [
        {"months": 1.0},  # too short
        {"read_fraction_per_month": 1.0},  # everything read every month
        {"object_count": 10_000_000},  # 10 KB objects
        {"single_digit_ms_latency": True},  # Express One Zone: no lifecycle
    ],
)
def test_no_lifecycle_hint(overrides):
    assert lifecycle_hint(make(**{"months": 12.0, **overrides}), PRICES) is None


def test_lifecycle_hint_millisecond_archive_is_glacier_ir():
    hint = lifecycle_hint(make(months=12.0, slowest_acceptable_retrieval="milliseconds"), PRICES)
    assert hint is not None and hint.steps[-1].storage_class == "GLACIER_IR"


# ------------------------------------------------------------------------ requirements


def reasons_of(inp: Inputs, storage_class: str) -> str:
    return " ".join(option(inp, storage_class)["reasons"])


def test_survive_az_loss_excludes_single_az_classes():
    inp = make(survive_az_loss=True)
    for cid in ("ONEZONE_IA", "EXPRESS_ONEZONE"):
        assert not option(inp, cid)["meets_requirements"]
    assert (
        "One Zone-IA keeps data in a single Availability Zone, so it does not survive the "
        "loss of an AZ" in reasons_of(inp, "ONEZONE_IA")
    )
    assert option(inp, "STANDARD_IA")["meets_requirements"]
    assert option(make(), "ONEZONE_IA")["meets_requirements"]


def test_retrieval_speed_rules():
    ms = make(slowest_acceptable_retrieval="milliseconds")
    assert not option(ms, "GLACIER")["meets_requirements"]
    assert "Glacier Flexible Retrieval needs minutes to hours to restore" in reasons_of(
        ms, "GLACIER"
    )
    assert not option(ms, "DEEP_ARCHIVE")["meets_requirements"]
    assert option(ms, "GLACIER_IR")["meets_requirements"]
    minutes = make(slowest_acceptable_retrieval="minutes")
    assert option(minutes, "GLACIER")["meets_requirements"]
    assert not option(minutes, "DEEP_ARCHIVE")["meets_requirements"]
    # "Within 5 hours": Flexible Retrieval's Standard tier (3-5 h) fits, Deep Archive's
    # Standard tier (within 12 h) does not (issue: "restores within 5 hours" got Deep Archive).
    hours = make(slowest_acceptable_retrieval="hours")
    assert option(hours, "GLACIER")["meets_requirements"]
    assert "which fits 'within 5 hours'" in reasons_of(hours, "GLACIER")
    assert not option(hours, "DEEP_ARCHIVE")["meets_requirements"]
    assert "too slowly for 'within 5 hours'" in reasons_of(hours, "DEEP_ARCHIVE")
    half_day = make(slowest_acceptable_retrieval="half-day")
    assert option(half_day, "GLACIER")["meets_requirements"]
    assert option(half_day, "DEEP_ARCHIVE")["meets_requirements"]
    assert "within 12 hours, which fits 'within 12 hours'" in reasons_of(half_day, "DEEP_ARCHIVE")
    days = make(slowest_acceptable_retrieval="days")
    assert option(days, "DEEP_ARCHIVE")["meets_requirements"]
    assert "Bulk within 48 hours), which fits 'within 48 hours'" in reasons_of(days, "DEEP_ARCHIVE")


def test_five_hour_restores_are_answered_with_flexible_retrieval():
    inp = make(
        data_gb=5000.0,
        months=60.0,
        read_fraction_per_month=0.001,
        slowest_acceptable_retrieval="hours",
    )
    data = recommend(inp, PRICES).to_dict()
    assert data["recommended"] == "GLACIER"
    assert data["cheapest"] == "DEEP_ARCHIVE"  # cheaper, but it breaks the 5-hour limit


def test_retrieval_tiers_and_labels_match_the_contract():
    assert RETRIEVAL_SPEEDS == ("milliseconds", "minutes", "hours", "half-day", "days")
    assert [RETRIEVAL_LABELS[s] for s in RETRIEVAL_SPEEDS] == [
        "Milliseconds (read at once)",
        "Within 5 minutes",
        "Within 5 hours",
        "Within 12 hours",
        "Within 48 hours",
    ]


@pytest.mark.parametrize("value", [300, 10**6])
def test_hot_data_can_be_read_up_to_a_million_times_a_month(value):
    inp = parse_input({**VALID_FORM, "read_fraction_per_month": value})
    assert inp.read_fraction_per_month == value
    # Read 300 times a month, the per-GB retrieval fee makes Standard-IA dearer than Standard.
    assert option(inp, "STANDARD")["total_cost_usd"] < option(inp, "STANDARD_IA")["total_cost_usd"]


def test_a_read_share_over_a_million_explains_what_the_number_means():
    errors = errors_for(read_fraction_per_month=10**6 + 0.5)
    assert "how many times the whole data set is read" in errors["read_fraction_per_month"]


def test_single_digit_latency_leaves_only_express():
    result = recommend(make(single_digit_ms_latency=True), PRICES).to_dict()
    fits = [o["storage_class"] for o in result["options"] if o["meets_requirements"]]
    assert fits == ["EXPRESS_ONEZONE"]
    assert result["recommended"] == "EXPRESS_ONEZONE"
    assert any("Only S3 Express One Zone" in n for n in result["notes"])


def test_single_digit_latency_and_az_loss_conflict():
    result = recommend(make(single_digit_ms_latency=True, survive_az_loss=True), PRICES)
    data = result.to_dict()
    assert data["recommended"] is None
    assert not any(o["meets_requirements"] for o in data["options"])
    assert any("No storage class meets every requirement" in n for n in data["notes"])


def test_unknown_access_pattern_prefers_intelligent_tiering():
    inp = make(data_gb=1000.0, months=12.0, access_pattern="unknown", read_fraction_per_month=0)
    data = recommend(inp, PRICES).to_dict()
    assert data["recommended"] == "INTELLIGENT_TIERING"
    assert data["cheapest"] == "DEEP_ARCHIVE"
    assert "cost and requirements pull apart" in data["note"].lower()


def test_unknown_pattern_when_intelligent_tiering_is_ruled_out():
    inp = make(access_pattern="unknown", single_digit_ms_latency=True)
    assert recommend(inp, PRICES).recommended == "EXPRESS_ONEZONE"


def test_reduced_redundancy_never_recommended():
    data = recommend(make(), PRICES).to_dict()
    rrs = data["options"][-1]
    assert rrs["storage_class"] == "REDUCED_REDUNDANCY"
    assert not rrs["meets_requirements"]
    assert "deprecated, not recommended, costs more than Standard" in rrs["reasons"][0]
    assert rrs["total_cost_usd"] is None and rrs["breakdown"] is None


def test_no_note_when_cheapest_is_recommended():
    data = recommend(make(data_gb=1000.0, months=84.0, slowest_acceptable_retrieval="days"), PRICES)
    assert data.recommended == data.cheapest == "DEEP_ARCHIVE"
    assert data.note is None


# ------------------------------------------------------------------------------ presets

EXPECTED_PRESETS = {
    "backups": "GLACIER_IR",
    "media-archive": "GLACIER_IR",
    "logs": "STANDARD",
    "compliance-archive": "DEEP_ARCHIVE",
    "audit-records": "GLACIER",
    "data-lake": "INTELLIGENT_TIERING",
    "ml-training": "EXPRESS_ONEZONE",
}


def test_presets_are_the_documented_set():
    assert [p[0] for p in PRESETS] == list(EXPECTED_PRESETS)
    assert all(isinstance(label, str) and label for _, label, _ in PRESETS)


@pytest.mark.parametrize(("preset_id", "label", "form"), PRESETS)
def test_preset_recommendation(preset_id, label, form):
    result = recommend(parse_input(form), PRICES)
    assert result.recommended == EXPECTED_PRESETS[preset_id], label
    assert result.option(result.recommended).meets_requirements


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


def errors_for(**changes: object) -> dict[str, str]:
    data = {**VALID_FORM, **changes}
    data = {k: v for k, v in data.items() if v is not DROP}
    with pytest.raises(InputError) as info:
        parse_input(data)
    return {e.field: e.message for e in info.value.errors}


DROP = object()


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


# ------------------------------------------------------------------------ prices file


def test_unknown_region():
    with pytest.raises(InputError) as info:
        load_prices("mars-north-1")
    assert info.value.errors[0].field == "region"
    assert "us-east-1" in info.value.errors[0].message
    with pytest.raises(InputError):
        load_prices("../../etc/passwd")


def test_prices_file_has_a_source_for_each_figure():
    raw = json.loads(PRICES_FILE.read_text(encoding="utf-8"))
    assert raw["region"] == "us-east-1" and raw["currency"] == "USD"
    assert len(raw["as_of"]) == 10 and raw["as_of"][4] == "-"
    assert set(raw["classes"]) == set(CLASS_IDS)
    skip = {"name", "sources", "verified"}
    for cid, entry in raw["classes"].items():
        for key, value in entry.items():
            if key in skip:
                continue
            source = entry["sources"].get(key)
            assert source, f"{cid}.{key} has no source"
            if value is None:
                assert source == "NOT FOUND", f"{cid}.{key} is null but claims a source"
            else:
                assert source.startswith(("https://", "http://")) or source == "NOT FOUND", (
                    cid,
                    key,
                    source,
                )
                if source == "NOT FOUND":
                    assert cid in {"EXPRESS_ONEZONE", "REDUCED_REDUNDANCY"}, (cid, key)


def test_prices_load_every_class():
    assert PRICES.region == "us-east-1" and PRICES.as_of
    for cid in CLASS_IDS:
        cp = PRICES.get(cid)
        assert cp.priced == (cid != "REDUCED_REDUNDANCY")


# ---------------------------------------------------------------------- output shape


def check_keys(value: dict, schema: dict) -> None:
    props = schema["properties"]
    assert set(value) == set(props), set(value) ^ set(props)
    assert set(schema.get("required", ())) <= set(value)


def test_output_matches_schema_keys():
    data = recommend(make(months=12.0, slowest_acceptable_retrieval="days"), PRICES).to_dict()
    check_keys(data, OUTPUT_SCHEMA)
    option_schema = OUTPUT_SCHEMA["properties"]["options"]["items"]
    breakdown_schema = option_schema["properties"]["breakdown"]
    for opt in data["options"]:
        check_keys(opt, option_schema)
        if opt["breakdown"] is not None:
            check_keys(opt["breakdown"], breakdown_schema)
    hint_schema = OUTPUT_SCHEMA["properties"]["lifecycle_hint"]
    check_keys(data["lifecycle_hint"], hint_schema)
    json.dumps(data, allow_nan=False)  # JSON-serialisable, no NaN or infinity
    assert data["disclaimer"] and data["assumptions"]
    assert data["region"] == "us-east-1" and data["prices_as_of"] == PRICES.as_of


def test_input_schema_lists_every_field():
    assert set(INPUT_SCHEMA["properties"]) == set(Inputs.__dataclass_fields__)


def test_package_does_not_import_django():
    package = Path(sc.__file__).parent
    trees = [ast.parse(path.read_text(encoding="utf-8")) for path in package.glob("*.py")]
    for node in (node for tree in trees for node in ast.walk(tree)):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] + [getattr(node, "module", "") or ""]
            assert not any(n.startswith("django") for n in names)


# -------------------------------------------------------------------- property tests

sizes = st.floats(min_value=0.001, max_value=1e7, allow_nan=False, allow_infinity=False)
inputs = st.builds(
    Inputs,
    data_gb=sizes,
    object_count=st.integers(min_value=1, max_value=10**9),
    months=st.floats(min_value=0.01, max_value=1200),
    read_fraction_per_month=st.floats(min_value=0, max_value=100),
    slowest_acceptable_retrieval=st.sampled_from(sc.RETRIEVAL_SPEEDS),
    survive_az_loss=st.booleans(),
    access_pattern=st.sampled_from(sc.ACCESS_PATTERNS),
    single_digit_ms_latency=st.booleans(),
)


@settings(max_examples=200, deadline=None)
@given(inputs)
def test_every_class_once_costs_never_negative(inp):
    data = recommend(inp, PRICES).to_dict()
    assert sorted(o["storage_class"] for o in data["options"]) == sorted(CLASS_IDS)
    meets = [o["meets_requirements"] for o in data["options"]]
    assert meets == sorted(meets, reverse=True)  # meeting requirements first
    for opt in data["options"]:
        if opt["breakdown"] is None:
            continue
        assert all(v >= 0 and math.isfinite(v) for v in opt["breakdown"].values())
        assert opt["total_cost_usd"] >= 0 and opt["monthly_cost_usd"] >= 0
    fitting = [o for o in data["options"] if o["meets_requirements"]]
    totals = [o["total_cost_usd"] for o in fitting]
    assert totals == sorted(totals)
    if data["recommended"] is not None:
        assert data["recommended"] in {o["storage_class"] for o in fitting}
    assert data["recommended"] != "REDUCED_REDUNDANCY"
    if data["lifecycle_hint"] is not None:
        assert data["lifecycle_hint"]["total_cost_usd"] >= 0


@settings(max_examples=200, deadline=None)
@given(inputs, sizes, sizes)
def test_cost_grows_with_data_size(inp, a, b):
    small, large = sorted((a, b))
    n = inp.object_count
    # Intelligent-Tiering only tiers objects of 128 KB or more, so its cost can drop when
    # growing data pushes the average object over 128 KB; compare sizes on one side.
    kb = sc.KB_PER_GB
    assume((small * kb / n >= 128) == (large * kb / n >= 128))
    low = recommend(_with(inp, data_gb=small), PRICES)
    high = recommend(_with(inp, data_gb=large), PRICES)
    for cid in CLASS_IDS[:-1]:
        assert high.option(cid).total_cost_usd >= low.option(cid).total_cost_usd, cid


def test_intelligent_tiering_can_get_cheaper_past_128_kb():
    # The one documented exception to "more data costs more": 1,000 objects of 100 KB stay
    # in Frequent Access; at 200 KB they are tiered down for the rest of the year.
    small = make(data_gb=100 * 1000 / 1048576, months=12.0)
    large = make(data_gb=200 * 1000 / 1048576, months=12.0)
    it_small = option(small, "INTELLIGENT_TIERING")["total_cost_usd"]
    it_large = option(large, "INTELLIGENT_TIERING")["total_cost_usd"]
    assert it_large < 2 * it_small


def _with(inp: Inputs, **changes: object) -> Inputs:
    return Inputs(**{**inp.to_dict(), **changes})  # type: ignore[arg-type]
