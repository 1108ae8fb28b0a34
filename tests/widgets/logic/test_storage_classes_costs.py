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

import pytest

from studysite.widgets.logic.storage_classes import (
    lifecycle_hint,
    recommend,
)

from .storage_classes_helpers import (
    PRICES,
    make,
    option,
)

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
