"""Ready-made workloads for the picker's preset buttons."""

from __future__ import annotations

PRESETS: tuple[tuple[str, str, dict[str, str]], ...] = (
    (
        "backups",
        "Backups, kept a year, sometimes needed back within minutes",
        {
            "data_gb": "2000",
            "object_count": "20000",
            "months": "12",
            "read_fraction_per_month": "0.01",
            "slowest_acceptable_retrieval": "minutes",
            "survive_az_loss": "true",
            "access_pattern": "known",
            "single_digit_ms_latency": "false",
        },
    ),
    (
        "media-archive",
        "Media archive: rarely watched, but played at once when asked for",
        {
            "data_gb": "50000",
            "object_count": "100000",
            "months": "36",
            "read_fraction_per_month": "0.005",
            "slowest_acceptable_retrieval": "milliseconds",
            "survive_az_loss": "true",
            "access_pattern": "known",
            "single_digit_ms_latency": "false",
        },
    ),
    (
        "logs",
        "Application logs: many small files, searched often, kept three months",
        {
            "data_gb": "500",
            "object_count": "10000000",
            "months": "3",
            "read_fraction_per_month": "0.5",
            "slowest_acceptable_retrieval": "milliseconds",
            "survive_az_loss": "true",
            "access_pattern": "known",
            "single_digit_ms_latency": "false",
        },
    ),
    (
        "compliance-archive",
        "Compliance archive: kept seven years, almost never read, days to restore is fine",
        {
            "data_gb": "10000",
            "object_count": "100000",
            "months": "84",
            "read_fraction_per_month": "0",
            "slowest_acceptable_retrieval": "days",
            "survive_az_loss": "true",
            "access_pattern": "known",
            "single_digit_ms_latency": "false",
        },
    ),
    (
        "audit-records",
        "Audit records: kept five years, read about once a year, restores within 5 hours",
        {
            "data_gb": "5000",
            "object_count": "50000",
            "months": "60",
            "read_fraction_per_month": "0.001",
            "slowest_acceptable_retrieval": "hours",
            "survive_az_loss": "true",
            "access_pattern": "known",
            "single_digit_ms_latency": "false",
        },
    ),
    (
        "data-lake",
        "Data lake: many teams, nobody knows which data will be queried",
        {
            "data_gb": "100000",
            "object_count": "1000000",
            "months": "24",
            "read_fraction_per_month": "0.2",
            "slowest_acceptable_retrieval": "milliseconds",
            "survive_az_loss": "true",
            "access_pattern": "unknown",
            "single_digit_ms_latency": "false",
        },
    ),
    (
        "ml-training",
        "ML training data: read hundreds of times a month, latency-critical, re-creatable",
        {
            "data_gb": "1000",
            "object_count": "500000",
            "months": "2",
            "read_fraction_per_month": "300",
            "slowest_acceptable_retrieval": "milliseconds",
            "survive_az_loss": "false",
            "access_pattern": "known",
            "single_digit_ms_latency": "true",
        },
    ),
)
