"""Production configuration: deploy checks, secrets, security headers, vendored assets."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from studysite.context_processors import HTMX_VERSION

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x7Qm-3vK_9pLr2Wd8sTn4Yb6Hc1Jf5Gz0Ae-Uo7Ik3Nq9Rw2Xy8Ms4Lv6Pb1Dt5Fh",
    "DJANGO_ALLOWED_HOSTS": "study.example.com",
    "DATABASE_URL": "postgres://study@db.example.com:5432/study",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "STUDYSITE_"))}
    clean.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing_in_production_mode(tmp_path):
    # Collected static files are part of a deployment (see tests/test_static_manifest.py).
    (tmp_path / "staticfiles.json").write_text('{"paths": {}, "version": "1.1"}')
    env = {**PRODUCTION_ENV, "DJANGO_STATIC_ROOT": str(tmp_path)}
    result = manage("check", "--deploy", "--fail-level", "DEBUG", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_manage_commands_print_no_axes_banner():
    # django-axes printed "AXES: BEGIN ..." on every command (it led benchmarks/REPORT.md).
    result = manage("check", env={})
    assert "AXES" not in result.stdout + result.stderr
    assert result.stdout.startswith("System check identified")


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_a_fresh_checkout_runs_check_without_any_variable():
    result = manage("check", env={})
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_setting_the_secret_key_alone_turns_debug_off():
    env = {"DJANGO_SECRET_KEY": PRODUCTION_ENV["DJANGO_SECRET_KEY"]}
    result = manage(
        "shell", "-c", "from django.conf import settings; print(settings.DEBUG)", env=env
    )
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr


def test_debug_mode_runs_without_any_variable():
    result = manage("check", env={"DJANGO_DEBUG": "1"})
    assert result.returncode == 0, result.stderr


def test_production_serves_compressed_hashed_static_files():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.STORAGES['staticfiles']['BACKEND'])",
        env=PRODUCTION_ENV,
    )
    # WhiteNoise's CompressedManifestStaticFilesStorage, saving stylesheets without comments.
    assert result.stdout.strip().splitlines()[-1] == (
        "studysite.static_storage.CompressedManifestStorage"
    )


def test_csp_allows_no_inline_script_or_style():
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    for directive in ("script-src", "style-src", "default-src"):
        assert "'unsafe-inline'" not in directives[directive]
        assert "'unsafe-eval'" not in directives[directive]
    assert directives["script-src"] == ["'self'"]


@pytest.mark.parametrize("url", ["/", "/search/?q=bucket", "/tools/", "/tools/s3-uri/", "/nope/"])
def test_pages_send_csp_and_load_nothing_from_another_host(client, url):
    response = client.get(url)
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    html = response.content.decode()
    assert "<script>" not in html and " style=" not in html  # nothing inline
    assets = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="([^"]+)"', html)
    assert assets and all(a.startswith("/") and not a.startswith("//") for a in assets)


def test_htmx_is_vendored_with_its_licence_and_version_named_in_readme():
    vendor = ROOT / "static" / "vendor"
    script = (vendor / f"htmx-{HTMX_VERSION}.min.js").read_text(encoding="utf-8")
    assert f'version:"{HTMX_VERSION}"' in script
    assert "Zero-Clause BSD" in (vendor / f"htmx-{HTMX_VERSION}.LICENSE.txt").read_text()
    assert f"htmx {HTMX_VERSION}" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_pygments_css_is_up_to_date():
    from studysite.chapters.pygments_css import build_css

    assert (ROOT / "static" / "css" / "pygments.css").read_text(encoding="utf-8") == build_css()
