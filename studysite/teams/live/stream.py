"""Server-sent events for live sessions: one stream per open participant or presenter page.

On connect a stream sends the screen's current state at once (late joiners, reconnects,
a phone waking up and a presenter reload all land where the session is), then one
``state`` event per change of the session's version, and presenters also ``count``
events as answers and participants arrive. A comment line every ``LIVE_HEARTBEAT``
seconds keeps proxies from closing an idle stream and finds clients that left.

Under ASGI (uvicorn) the stream is an async generator on the event loop and waits on the
process's bus listener; under WSGI (``runserver``, the embedded default) it is a sync
generator that holds its thread, which is what WSGI gives a long response anyway. A WSGI
server would buffer an async iterator whole, so each server gets its own kind.

Wire format (https://html.spec.whatwg.org/multipage/server-sent-events.html): ``event:``,
``id:`` (the session version) and the HTML fragment as one ``data:`` line per line.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import SyncToAsync
from django.conf import settings
from django.db import connection

from . import bus

# A step renders what changed since the last one: [(event, html, version)], or [] if
# nothing this screen shows did. Called with initial=True once, on connect.
# ``hint`` is the session version the bus announced (0 if unknown).
Step = Callable[[bool, int], list[tuple[str, str, int]]]


def heartbeat_seconds() -> float:
    return float(getattr(settings, "LIVE_HEARTBEAT_SECONDS", 15))


def stream_seconds() -> float:
    """How long one stream lives before the browser is asked to reconnect (bounds what a
    forgotten tab holds; EventSource reconnects by itself and gets the current state)."""
    return float(getattr(settings, "LIVE_STREAM_SECONDS", 30 * 60))


def message(event: str, html: str, version: int) -> str:
    # Blank lines carry nothing in HTML outside <pre> (fragments have none): leave them out.
    lines = [line for line in html.strip().splitlines() if line.strip()] or [""]
    data = "".join(f"data: {line}\n" for line in lines)
    return f"event: {event}\nid: {version}\n{data}\n"


PREAMBLE = "retry: 1000\n\n"  # reconnect after a second, not the browser's default three
HEARTBEAT = ": heartbeat\n\n"


def sync_events(
    session_id: int, kinds: frozenset[str], step: Step, coalesce: float = 0.0
) -> Iterator[str]:
    bus.ensure_listening_sync()
    sub = bus.HUB.subscribe(session_id, kinds, is_async=False)
    try:
        yield PREAMBLE
        for event in step(True, 0):
            yield message(*event)
        ends = time.monotonic() + stream_seconds()
        while time.monotonic() < ends:
            if bus.HUB.wait(sub, heartbeat_seconds()):
                if coalesce:
                    time.sleep(coalesce)  # let a burst of messages arrive: draw once
                for event in step(False, sub.version):
                    yield message(*event)
            else:
                yield HEARTBEAT
    finally:
        bus.HUB.unsubscribe(sub)


# Under ASGI a stream renders in one of these few threads, not in a thread of its own
# request: 100 open streams then hold no database connection between events, only these
# threads do (one pooled connection each, settings.py), kept between renders; one that
# failed is closed so the next render gets a fresh one.
RENDER_THREADS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="live-render")


def _render_and_release(step: Step, initial: bool, hint: int) -> list[tuple[str, str, int]]:
    try:
        return step(initial, hint)
    except Exception:
        connection.close()
        raise


_LOCKS: dict[int, asyncio.Lock] = {}


async def _redraw(session_id: int, step: Step, render, hint: int) -> list[tuple[str, str, int]]:
    """After "next", 100 streams in a process wake at once. A phone's step can draw from
    the process's snapshot of the announced version right here on the event loop (no
    thread, no query); the first stream to find none builds it in a render thread while
    the others wait their turn on the session's lock, then find it."""
    fast = getattr(step, "fast", None)
    if fast is None:
        return await render(False, hint)
    events = fast(hint)
    if events is not None:
        return events
    lock = _LOCKS.setdefault(session_id, asyncio.Lock())
    async with lock:
        events = fast(hint)
        if events is not None:
            return events
        return await render(False, hint)


async def async_events(
    session_id: int,
    kinds: frozenset[str],
    step: Step,
    params: dict | None,
    coalesce: float = 0.0,
) -> AsyncIterator[str]:
    await bus.ensure_listening_async(params)
    sub = bus.HUB.subscribe(session_id, kinds, is_async=True)
    run = SyncToAsync(_render_and_release, thread_sensitive=False, executor=RENDER_THREADS)

    async def render(initial: bool, hint: int = 0) -> list[tuple[str, str, int]]:
        return await run(step, initial, hint)

    try:
        yield PREAMBLE
        for event in await render(True):
            yield message(*event)
        ends = time.monotonic() + stream_seconds()
        while time.monotonic() < ends:
            if await bus.HUB.wait_async(sub, heartbeat_seconds()):
                if coalesce:
                    await asyncio.sleep(coalesce)  # let a burst of messages arrive: draw once
                    sub.event.clear()
                for event in await _redraw(session_id, step, render, sub.version):
                    yield message(*event)
            else:
                yield HEARTBEAT
    finally:
        bus.HUB.unsubscribe(sub)
