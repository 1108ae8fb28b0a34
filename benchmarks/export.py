"""Static export vs MkDocs Material building the same notes, side by side.

    python benchmarks/export.py [--runs 3]

MkDocs Material is installed into its own environment (var/bench-mkdocs/, never the
project's lock files) on first use. Both builds run as fresh processes, alternately, on
the same notes; the median of each is reported, and the last line reads
``export: seconds=N mkdocs_seconds=N ratio=N pages=N size_mb=N`` (ratio < 1: the export
is faster). Issue 15 asks for a ratio of at most 1.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench-export"
MKDOCS_VENV = ROOT / "var" / "bench-mkdocs"
MKDOCS_YML = """site_name: SAA-C03 Study Notes
theme:
  name: material
  features: [navigation.sections, search.highlight, content.code.copy]
  palette:
    - scheme: default
      toggle: {icon: material/brightness-7, name: Dark}
    - scheme: slate
      toggle: {icon: material/brightness-4, name: Light}
plugins: [search]
markdown_extensions:
  - meta
  - tables
  - admonition
  - attr_list
  - toc: {permalink: true}
  - pymdownx.highlight
  - pymdownx.superfences
"""


def mkdocs() -> Path:
    binary = MKDOCS_VENV / "bin" / "mkdocs"
    if not binary.exists():
        subprocess.run([sys.executable, "-m", "venv", str(MKDOCS_VENV)], check=True)
        pip = MKDOCS_VENV / "bin" / "pip"
        subprocess.run([str(pip), "install", "--quiet", "mkdocs-material"], check=True)
    return binary


def prepare_mkdocs() -> Path:
    project = WORK / "mkdocs"
    if project.exists():
        shutil.rmtree(project)
    docs = project / "docs"
    shutil.copytree(ROOT / "notes", docs, ignore=shutil.ignore_patterns("questions"))
    (docs / "index.md").write_text("# SAA-C03 Study Notes\n")
    (project / "mkdocs.yml").write_text(MKDOCS_YML)
    return project


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    binary = mkdocs()
    project = prepare_mkdocs()
    out = WORK / "export"
    export_cmd = [sys.executable, "manage.py", "export_site", str(out)]
    mkdocs_cmd = [str(binary), "build", "--quiet", "--clean", "-d", str(WORK / "mkdocs-site")]
    exports, builds = [], []
    for _ in range(args.runs):
        exports.append(timed(export_cmd, ROOT))
        builds.append(timed(mkdocs_cmd, project))
    export_s, mkdocs_s = statistics.median(exports), statistics.median(builds)
    pages = sum(1 for _ in out.rglob("*.html"))
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6
    print(f"export runs: {', '.join(f'{s:.2f}' for s in exports)} s")
    print(f"mkdocs runs: {', '.join(f'{s:.2f}' for s in builds)} s")
    print(
        f"export: seconds={export_s:.2f} mkdocs_seconds={mkdocs_s:.2f} "
        f"ratio={export_s / mkdocs_s:.2f} pages={pages} size_mb={size:.1f}"
    )


if __name__ == "__main__":
    main()
