"""The live bus: tell every server process's event streams that a session changed.

State lives in the database; the bus only carries "session 12 changed" (``state``: what
the screens show moved on) or "session 12 has a new answer or participant" (``count``:
only presenters care). Each stream re-reads what it shows when told.

Two backends, chosen by the database vendor:

- **PostgreSQL**: ``NOTIFY studysite_live, '<session id>:<kind>'`` in the transaction
  that made the change, so it is sent exactly when (and only if) that commits. Each server
  process holds ONE connection that LISTENs (psycopg 3: ``await conn.notifies()`` in an
  ASGI server's event loop, or a daemon thread under WSGI) and fans the notifications out
  to its streams through the in-process :class:`Hub`. Several processes and machines can
  serve one session with no other service.
- **SQLite** (the embedded default, one process): ``transaction.on_commit`` hands the
  message to the hub directly.

Why LISTEN/NOTIFY rather than Redis and Channels: see README, "Live sessions".
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from dataclasses import dataclass, field

from django.db import connection, connections, transaction

log = logging.getLogger(__name__)

CHANNEL = "studysite_live"
STATE = "state"
COUNT = "count"


@dataclass(eq=False)
class Subscription:
    """One stream's interest in one session: ``kinds`` it wakes for, and how it waits."""

    session_id: int
    kinds: frozenset[str]
    loop: asyncio.AbstractEventLoop | None = None
    event: asyncio.Event | None = None
    seq: int = 0  # for sync waiters: the hub's counter they last saw
    woken: list[str] = field(default_factory=list)
    # The newest session version announced (0: unknown, as after a reconnect). A stream
    # that finds this version's snapshot in the process cache draws without a query.
    version: int = 0


class Hub:
    """This process's subscribers, woken from any thread (listener, request, test)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._subs: dict[int, set[Subscription]] = {}
        self._seq = 0

    def subscribe(self, session_id: int, kinds: frozenset[str], *, is_async: bool) -> Subscription:
        sub = Subscription(session_id, kinds)
        if is_async:
            sub.loop = asyncio.get_running_loop()
            sub.event = asyncio.Event()
        with self._cond:
            sub.seq = self._seq
            self._subs.setdefault(session_id, set()).add(sub)
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        with self._cond:
            subs = self._subs.get(sub.session_id)
            if subs is not None:
                subs.discard(sub)
                if not subs:
                    del self._subs[sub.session_id]

    def deliver(self, session_id: int | None, kind: str, version: int = 0) -> None:
        """Wake the subscribers of ``session_id`` that want ``kind`` (None: everyone, as
        after the listener reconnects and may have missed messages)."""
        with self._cond:
            if session_id is None:
                targets = [s for subs in self._subs.values() for s in subs]
            else:
                targets = [s for s in self._subs.get(session_id, ()) if kind in s.kinds]
            self._seq += 1
            for sub in targets:
                sub.woken.append(kind)
                sub.version = version
            self._cond.notify_all()
        for sub in targets:
            if sub.loop is not None and sub.event is not None:
                with contextlib.suppress(RuntimeError):  # its loop has closed
                    sub.loop.call_soon_threadsafe(sub.event.set)

    def wait(self, sub: Subscription, timeout: float) -> bool:
        """Block a sync stream until it is woken (True) or ``timeout`` passes (False)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not sub.woken:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
            sub.woken.clear()
            return True

    async def wait_async(self, sub: Subscription, timeout: float) -> bool:
        if sub.event is None:
            raise TypeError("a sync subscription")
        try:
            await asyncio.wait_for(sub.event.wait(), timeout)
        except TimeoutError:
            return False
        sub.event.clear()
        with self._cond:
            sub.woken.clear()
        return True


HUB = Hub()


def uses_notify() -> bool:
    return connection.vendor == "postgresql"


def publish(session_id: int, kind: str, version: int) -> None:
    """Announce a change of ``session_id`` (now at ``version``); call inside the
    transaction that made it."""
    if uses_notify():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, f"{session_id}:{kind}:{version}"])
    else:
        transaction.on_commit(lambda: HUB.deliver(session_id, kind, version))


def parse(payload: str) -> tuple[int, str, int] | None:
    """'12:state:57' -> (12, "state", 57); None for anything else."""
    parts = payload.split(":")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[2].isdigit():
        return None
    if parts[1] not in (STATE, COUNT):
        return None
    return int(parts[0]), parts[1], int(parts[2])


def conninfo(alias: str = "default") -> dict[str, object]:
    """psycopg connection arguments for the listening connection, from Django's own."""
    params = connections[alias].get_connection_params()
    for key in ("cursor_factory", "context", "prepare_threshold"):
        params.pop(key, None)
    return params


# --- The listener: one per process ----------------------------------------------------


class ThreadListener:
    """LISTEN on a sync connection in a daemon thread (WSGI servers, tests)."""

    def __init__(self, hub: Hub, params: dict[str, object]) -> None:
        self.hub, self.params = hub, params
        self.ready = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="live-listener", daemon=True)

    def start(self) -> ThreadListener:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        import psycopg

        backoff = 0.2
        while not self._stop.is_set():
            try:
                with psycopg.connect(**self.params, autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.ready.set()
                    self.hub.deliver(None, STATE)  # anything missed while not listening
                    backoff = 0.2
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=1.0):
                            message = parse(note.payload)
                            if message is not None:
                                self.hub.deliver(*message)
            except Exception:  # reconnect after any database trouble
                log.warning("live bus: listening connection lost; reconnecting", exc_info=True)
                self.ready.clear()
                self._stop.wait(backoff)
                backoff = min(backoff * 2, 5.0)


class AsyncListener:
    """LISTEN on an async connection, as a task in the ASGI server's event loop."""

    def __init__(self, hub: Hub, params: dict[str, object]) -> None:
        self.hub, self.params = hub, params
        self.ready = asyncio.Event()
        self.task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        import psycopg

        backoff = 0.2
        while True:
            try:
                conn = await psycopg.AsyncConnection.connect(**self.params, autocommit=True)
                async with conn:
                    await conn.execute(f"LISTEN {CHANNEL}")
                    self.ready.set()
                    self.hub.deliver(None, STATE)
                    backoff = 0.2
                    async for note in conn.notifies():
                        message = parse(note.payload)
                        if message is not None:
                            self.hub.deliver(*message)
            except asyncio.CancelledError:
                raise
            except Exception:  # reconnect after any database trouble
                log.warning("live bus: listening connection lost; reconnecting", exc_info=True)
                self.ready.clear()
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)


_lock = threading.Lock()
_thread_listener: ThreadListener | None = None
_async_listeners: dict[asyncio.AbstractEventLoop, AsyncListener] = {}


def ensure_listening_sync(timeout: float = 3.0) -> None:
    """Start this process's thread listener if the bus needs one; wait until it listens."""
    global _thread_listener
    if not uses_notify():
        return
    with _lock:
        if _thread_listener is None:
            _thread_listener = ThreadListener(HUB, conninfo()).start()
        listener = _thread_listener
    listener.ready.wait(timeout)


async def ensure_listening_async(params: dict[str, object] | None, timeout: float = 3.0) -> None:
    """Start the event loop's listener (``params`` None: SQLite, nothing to start)."""
    if params is None:
        return
    loop = asyncio.get_running_loop()
    listener = _async_listeners.get(loop)
    if listener is None:
        listener = _async_listeners[loop] = AsyncListener(HUB, params)
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(listener.ready.wait(), timeout)
