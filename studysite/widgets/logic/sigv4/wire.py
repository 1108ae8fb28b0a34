"""The signed request as it goes on the wire: HTTP request text and a curl command."""

from __future__ import annotations

import base64
import shlex
from collections.abc import Iterable


def _printable_text(body: bytes) -> str | None:
    """The body as text when it is UTF-8 without control characters (tab, CR, LF aside)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if any((ord(ch) < 32 and ch not in "\t\r\n") or ch == "\x7f" for ch in text):
        return None
    return text


def http_request_text(
    method: str, target: str, headers: Iterable[tuple[str, str]], body: bytes
) -> str:
    lines = [f"{method} {target} HTTP/1.1", *(f"{n}: {v}" for n, v in headers)]
    text = "\n".join(lines) + "\n"
    if not body:
        return text
    shown = _printable_text(body)
    if shown is None:
        shown = f"[{len(body):,} bytes of binary data]"
    return text + "\n" + shown


def curl_command(method: str, url: str, headers: Iterable[tuple[str, str]], body: bytes) -> str:
    headers = list(headers)
    args = ["curl", "--path-as-is", "--globoff"]
    if method == "HEAD" and not body:
        args.append("--head")
    elif not ((method == "GET" and not body) or (method == "POST" and body)):
        args += ["--request", method]
    for name, value in headers:
        args += ["--header", f"{name}: {value}" if value else f"{name};"]
    if body:
        if not any(n.lower() == "content-type" for n, _ in headers):
            args += ["--header", "Content-Type:"]  # stop curl adding a form content type
        args += ["--data-binary", "@-"]
    args.append(url)
    command = " ".join(shlex.quote(a) for a in args)
    if body:
        text = _printable_text(body)
        if text is None:
            # A shell argument cannot carry NUL or raw bytes: send base64 and decode it.
            encoded = base64.b64encode(body).decode("ascii")
            command = f"printf '%s' {encoded} | base64 --decode | {command}"
        else:
            command = f"printf '%s' {shlex.quote(text)} | {command}"
    return command
