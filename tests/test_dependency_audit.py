"""CI's dependency gate (.ci/audit_dependencies.py over pip-audit's JSON report)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GATE = ROOT / ".ci" / "audit_dependencies.py"


def gate(tmp_path, report: dict, **env) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report))
    return subprocess.run(
        [sys.executable, str(GATE), str(path)],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", **env},
    )


def dep(name: str, *vulns: tuple[str, list[str]]) -> dict:
    return {
        "name": name,
        "version": "1.0",
        "vulns": [{"id": i, "fix_versions": f} for i, f in vulns],
    }


def test_a_vulnerability_with_a_fix_fails_and_names_the_upgrade(tmp_path):
    result = gate(tmp_path, {"dependencies": [dep("django", ("PYSEC-1", ["5.2.99"])), dep("ok")]})
    assert result.returncode == 1
    assert "django 1.0: PYSEC-1 (fixed in 5.2.99)" in result.stdout


def test_one_without_a_fix_is_listed_but_passes(tmp_path):
    result = gate(tmp_path, {"dependencies": [dep("lib", ("GHSA-2", []))]})
    assert result.returncode == 0
    assert "known, no fix yet: lib 1.0: GHSA-2" in result.stdout


def test_unreachable_packages_are_named_and_fail_only_when_required(tmp_path):
    report = {"dependencies": [{"name": "django", "skip_reason": "not found"}, dep("ok")]}
    result = gate(tmp_path, report)
    assert result.returncode == 0 and "1 packages audited, 1 not reachable" in result.stdout
    assert "not audited" in result.stdout and "django" in result.stdout
    assert gate(tmp_path, report, STUDYSITE_REQUIRE_AUDIT="1").returncode == 1


def test_ci_runs_pip_audit_over_both_lock_files():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "pip-audit==" in ci and "-r requirements.lock -r requirements-dev.lock" in ci
    assert "audit_dependencies.py" in ci
