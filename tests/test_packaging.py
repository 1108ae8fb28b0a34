"""The project installs as a package (``pip install .``, which ``make lock`` relies on)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_project_builds_a_wheel_with_the_django_project_and_its_data(tmp_path):
    # --no-build-isolation: the dev lock pins setuptools, so no network is needed.
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "--wheel-dir",
            str(tmp_path / "dist"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (wheel,) = (tmp_path / "dist").glob("studysite-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "studysite/settings.py" in names
    assert "studysite/widgets/logic/sigv4/__init__.py" in names  # subpackages too
    assert "studysite/widgets/logic/sigv4/signing.py" in names
    assert "studysite/widgets/logic/bucket_names/__init__.py" in names
    assert "studysite/widgets/logic/bucket_names/rules.py" in names
    assert "studysite/widgets/logic/subnet_plan/__init__.py" in names
    assert "studysite/widgets/logic/subnet_plan/plan.py" in names
    assert "studysite/widgets/logic/compute_cost/__init__.py" in names
    assert "studysite/widgets/logic/compute_cost/options.py" in names
    assert "studysite/quiz/management/commands/sync_questions.py" in names
    assert "studysite/widgets/data/prices/us-east-1.json" in names  # the picker's prices
    assert "studysite/widgets/data/compute-prices/us-east-1.json" in names  # the calculator's
    tops = {n.split("/")[0] for n in names}
    assert tops == {"studysite", wheel.name.split("-py3")[0] + ".dist-info"}, tops
    metadata = zipfile.ZipFile(wheel).read(wheel.name.split("-py3")[0] + ".dist-info/METADATA")
    assert b"Requires-Dist: Django" in metadata


def test_an_installed_wheel_runs_the_pure_widget_logic(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "--wheel-dir",
            str(tmp_path / "dist"),
        ],
        check=True,
        capture_output=True,
        timeout=300,
        cwd=tmp_path,
    )
    (wheel,) = (tmp_path / "dist").glob("studysite-*.whl")
    zipfile.ZipFile(wheel).extractall(tmp_path / "site")
    code = (
        "from studysite.widgets.logic import storage_classes as sc;print(sc.load_prices().region)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path / "site")},
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "us-east-1"
