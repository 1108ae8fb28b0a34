"""Ready-made workloads for the calculator's preset buttons."""

from __future__ import annotations

PRESETS: tuple[tuple[str, str, dict[str, str]], ...] = (
    (
        "steady-web",
        "Steady 24/7 web tier for 3 years",
        {
            "instance_type": "m7i.large",
            "hours_per_day": "24",
            "months": "36",
            "interruptible": "false",
            "commitment_years": "3",
        },
    ),
    (
        "batch-spot",
        "Nightly batch job, 6 hours a day, that can be interrupted and retried",
        {
            "instance_type": "c7i.xlarge",
            "hours_per_day": "6",
            "months": "12",
            "interruptible": "true",
            "commitment_years": "1",
        },
    ),
    (
        "dev-box",
        "Developer box used 8 hours on weekdays (8 x 5 / 7, about 5.7 hours a day)",
        {
            "instance_type": "t3.medium",
            "hours_per_day": "5.7",
            "months": "12",
            "interruptible": "false",
            "commitment_years": "1",
        },
    ),
    (
        "short-project",
        "Six-month project running 24/7, tempted by a 1-year commitment",
        {
            "instance_type": "r7i.large",
            "hours_per_day": "24",
            "months": "6",
            "interruptible": "false",
            "commitment_years": "1",
        },
    ),
)
