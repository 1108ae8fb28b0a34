"""Files the export copies: the static files its pages link (and the files their CSS
links), its own assets, and for the live widgets the widgets' Python logic with its data
and the vendored Pyodide (a plain copy)."""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path

from django.contrib.staticfiles import finders

import studysite.widgets.logic

EXPORT_DIR = Path(__file__).resolve().parent
OWN_ASSETS = EXPORT_DIR / "assets"
PYODIDE_PACKAGE = EXPORT_DIR / "pyodide"
PYODIDE_FILES = (
    "pyodide.js",
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
    "package.json",
)
# In CSS, not HTML: the files a stylesheet links (fonts, icons), copied alongside it.
CSS_URL_RE = re.compile(r"""url\((['"]?)([^'")]+)\1\)""")
# Where the live widgets' Python goes in the export, and its list of files (live.js
# writes each into Pyodide's file system under the same package path as on the server).
PY_DIR = "static/export/py/"
PY_MANIFEST = PY_DIR + "manifest.json"
# Package __init__ files above the logic, written empty: the browser needs the import
# path (studysite.widgets.logic.sigv4), not Django.
PACKAGE_STUBS = ("studysite/__init__.py", "studysite/widgets/__init__.py")
LOGIC = "studysite.widgets.logic"
# The logic modules live.js imports (its RUNNER): the export ships these and what they
# import from the logic tree (tests/export/test_live_python.py runs them from the files
# shipped alone).
LIVE_MODULES = ("bucket_names", "common", "s3_uri", "sigv4", "storage_classes")

Write = Callable[[str, bytes], None]
Copy = Callable[[Path, str], None]


def own_assets() -> Iterator[tuple[str, bytes]]:
    for path in sorted(OWN_ASSETS.rglob("*")):
        if path.is_file():
            yield "static/export/" + path.relative_to(OWN_ASSETS).as_posix(), path.read_bytes()


def linked_statics(names: set[str]) -> Iterator[tuple[str, bytes]]:
    """Each linked static file, and what the stylesheets among them link, once each."""
    done: set[str] = set()
    todo = sorted(names)
    while todo:
        name = todo.pop()
        if name in done:
            continue
        done.add(name)
        found = finders.find(name)
        if not found:
            raise FileNotFoundError(f"static file {name} is linked but not found")
        data = Path(found).read_bytes()
        if name.endswith(".css"):
            for match in CSS_URL_RE.finditer(data.decode()):
                ref = match.group(2)
                if not ref.startswith(("data:", "#", "http:", "https:", "/")):
                    todo.append(posixpath.normpath(posixpath.join(posixpath.dirname(name), ref)))
        yield "static/" + name, data


def _tree(root: Path, prefix: str, suffixes: tuple[str, ...]) -> Iterator[tuple[str, bytes]]:
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in suffixes and "__pycache__" not in path.parts:
            yield prefix + path.relative_to(root).as_posix(), path.read_bytes()


# An import statement, read from the source: 1 dots, 2 module and 3 names of a
# "from ... import ...", 4 the modules of an "import ...". (Read with a pattern, not
# parsed: ast took 40 ms for the modules the live widgets ship. A line in a docstring
# that looks like an import adds at most a module of the tree; tests run the runner on
# the files shipped alone.)
IMPORT_RE = re.compile(
    r"^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n]*)"
    r"|^[ \t]*import[ \t]+([^\n]*)",
    re.M,
)


def _names(text: str) -> list[str]:
    return [
        part.split()[0]
        for part in text.strip("() \t\n").replace("\n", " ").split(",")
        if part.strip() and part.split()[0] != "\\"
    ]


def _imports(module: str, path: Path) -> Iterator[str]:
    """The modules a module's source imports, by absolute name (and each name a
    ``from X import name`` takes, which may be a submodule)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for found in IMPORT_RE.finditer(path.read_text(encoding="utf-8")):
        dots, base, names, modules = found.groups()
        if modules is not None:
            yield from _names(modules)
            continue
        if dots:
            level = len(dots)
            parent = package.rsplit(".", level - 1)[0] if level > 1 else package
            base = f"{parent}.{base}" if base else parent
        yield base
        yield from (f"{base}.{name}" for name in _names(names))


def live_modules() -> dict[str, Path]:
    """The widget logic the live widgets run (:data:`LIVE_MODULES`) and every module of
    the logic tree it imports, with their packages: module name -> file."""
    logic = Path(studysite.widgets.logic.__file__).resolve().parent
    tree: dict[str, Path] = {}
    for path in sorted(logic.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        parts = path.relative_to(logic).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        tree[".".join((LOGIC, *parts))] = path
    todo = [LOGIC, *(f"{LOGIC}.{name}" for name in LIVE_MODULES)]
    found: dict[str, Path] = {}
    while todo:
        module = todo.pop()
        if module in found or module not in tree:
            continue
        found[module] = tree[module]
        todo += [m for m in _imports(module, tree[module]) if m in tree]
        todo.append(module.rpartition(".")[0])  # importing a module imports its package
    return found


def live_python() -> list[tuple[str, bytes]]:
    """The live widgets' logic (:func:`live_modules`: the part of the widget logic tree
    they import, not the other widgets') and the widgets' data files, under their
    import path."""
    data = Path(str(resources.files("studysite.widgets").joinpath("data")))
    files = [(stub, b"") for stub in PACKAGE_STUBS]
    root = Path(studysite.widgets.logic.__file__).resolve().parent.parent.parent.parent
    files += [
        (path.relative_to(root).as_posix(), path.read_bytes()) for path in live_modules().values()
    ]
    files += _tree(data, "studysite/widgets/data/", (".json",))
    return sorted(files)


def copy_live(write: Write, copy: Copy, pyodide_dir: str) -> None:
    """The live widgets' Python, its manifest, and the vendored Pyodide (a plain copy
    of its files: ``copy(source, name)``)."""
    files = live_python()
    for name, data in files:
        write(PY_DIR + name, data)
    manifest = json.dumps([name for name, _ in files], separators=(",", ":")) + "\n"
    write(PY_MANIFEST, manifest.encode())
    source = PYODIDE_PACKAGE / "node_modules" / "pyodide"
    for name in PYODIDE_FILES:
        if (source / name).is_file():
            copy(source / name, pyodide_dir + name)


def pyodide_target() -> str | None:
    """The export's folder for Pyodide ("static/vendor/pyodide-314.0.8/"), named by the
    version the lock file pins, or None when `npm ci` has not installed it."""
    installed = PYODIDE_PACKAGE / "node_modules" / "pyodide" / "package.json"
    if not installed.is_file():
        return None
    lock = json.loads((PYODIDE_PACKAGE / "package-lock.json").read_text())
    version = lock["packages"]["node_modules/pyodide"]["version"]
    if json.loads(installed.read_text())["version"] != version:
        raise RuntimeError(f"Pyodide {version} is pinned: run npm ci --prefix {PYODIDE_PACKAGE}")
    return f"static/vendor/pyodide-{version}/"
