"""Dependency audit gate for CI: fail on a known vulnerability that has a fixed release.

Reads pip-audit's JSON report (``pip-audit --format json``) of requirements.lock and
requirements-dev.lock. A vulnerability with a fix fails the run, naming the upgrade; one
with no fix yet is listed and does not fail (nothing to upgrade to). A package that could
not be audited (the vulnerability service was unreachable from this machine) is named,
and fails only with STUDYSITE_REQUIRE_AUDIT=1.

Usage: python .ci/audit_dependencies.py var/pip-audit.json
"""

from __future__ import annotations

import json
import os
import sys


def main(path: str) -> int:
    with open(path, encoding="utf-8") as handle:
        report = json.load(handle)
    fixable, unfixed, skipped = [], [], []
    for dep in report.get("dependencies", []):
        if "skip_reason" in dep:
            skipped.append(dep["name"])
            continue
        for vuln in dep.get("vulns", []):
            line = f"{dep['name']} {dep['version']}: {vuln['id']}"
            if vuln.get("fix_versions"):
                fixable.append(f"{line} (fixed in {', '.join(vuln['fix_versions'])})")
            else:
                unfixed.append(f"{line} (no fixed release yet)")
    audited = len(report.get("dependencies", [])) - len(skipped)
    print(f"pip-audit: {audited} packages audited, {len(skipped)} not reachable")
    for line in unfixed:
        print(f"  known, no fix yet: {line}")
    if skipped:
        print(
            "  not audited (the vulnerability service did not answer for them): "
            + ", ".join(sorted(skipped))
        )
    if fixable:
        print("Vulnerable pins with a fixed release; upgrade them in the lock files:")
        for line in fixable:
            print(f"  {line}")
        return 1
    if skipped and os.environ.get("STUDYSITE_REQUIRE_AUDIT") == "1":
        print("STUDYSITE_REQUIRE_AUDIT=1: every package must be audited.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "var/pip-audit.json"))
