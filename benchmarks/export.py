"""Static export vs MkDocs Material building the same notes, side by side.

    python benchmarks/export.py [--runs 3]

MkDocs Material is installed into its own environment (var/bench-mkdocs/, never the
project's lock files) on first use. Both builds run as fresh processes, alternately, on
the same notes, after one untimed warm-up run each (Python writes its bytecode caches,
as on any installation: PYTHONDONTWRITEBYTECODE is dropped for the runs). Both builds are
cold: each export run gets an empty chapter cache (STUDYSITE_CHAPTER_CACHE_DIR), so it
renders every note as MkDocs does, rather than reading the HTML an earlier run left in
var/cache/chapters (issue 15 compares cold builds; ``--warm-chapter-cache`` measures the
old way, the site's cache filled by the warm-up). The median of
each is reported, wall-clock and CPU (user + system, the build and its workers), and the
last line reads ``export: seconds=N mkdocs_seconds=N ratio=N cpu_ratio=N pages=N
size_mb=N`` (ratio < 1: the export is faster). Issue 15 asks for a ratio of at most 1.
"""

from __future__ import annotations

import argparse
import os
import resource
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


ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["NO_MKDOCS_2_WARNING"] = "1"  # Material's end-of-life banner, printed on every build


CHAPTER_CACHE = WORK / "chapter-cache"


def timed(command: list[str], cwd: Path, env: dict[str, str] = ENV) -> tuple[float, float]:
    """(wall-clock seconds, CPU seconds of the process and its children)."""
    if CHAPTER_CACHE.exists():
        shutil.rmtree(CHAPTER_CACHE)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--warm-chapter-cache",
        action="store_true",
        help="let the export read the chapter cache the warm-up run filled (not cold)",
    )
    args = parser.parse_args()
    binary = mkdocs()
    project = prepare_mkdocs()
    out = WORK / "export"
    export_cmd = [sys.executable, "manage.py", "export_site", str(out)]
    mkdocs_cmd = [str(binary), "build", "--quiet", "--clean", "-d", str(WORK / "mkdocs-site")]
    # The export's chapter cache starts empty on every run (cold, like MkDocs).
    export_env = {**ENV, "STUDYSITE_CHAPTER_CACHE_DIR": str(CHAPTER_CACHE)}
    if args.warm_chapter_cache:
        export_env = {**ENV, "STUDYSITE_CHAPTER_CACHE_DIR": str(WORK / "warm-chapter-cache")}
    timed(export_cmd, ROOT, export_env)  # warm-up: bytecode caches
    timed(mkdocs_cmd, project)
    exports, builds = [], []
    for _ in range(args.runs):
        exports.append(timed(export_cmd, ROOT, export_env))
        builds.append(timed(mkdocs_cmd, project))
    export_s, mkdocs_s = (statistics.median(w for w, _ in runs) for runs in (exports, builds))
    export_cpu, mkdocs_cpu = (statistics.median(c for _, c in runs) for runs in (exports, builds))
    pages = sum(1 for _ in out.rglob("*.html"))
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6
    for name, runs in (("export", exports), ("mkdocs", builds)):
        print(f"{name} runs: " + ", ".join(f"{w:.2f} s ({c:.2f} s CPU)" for w, c in runs))
    print(
        f"export: seconds={export_s:.2f} mkdocs_seconds={mkdocs_s:.2f} "
        f"ratio={export_s / mkdocs_s:.2f} cpu_ratio={export_cpu / mkdocs_cpu:.2f} "
        f"pages={pages} size_mb={size:.1f}"
    )


if __name__ == "__main__":
    main()
