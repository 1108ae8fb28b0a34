"""Run uvicorn with a sampling profiler (benchmarks/live.py --profile).

Every 5 ms a thread records where each of the process's threads is (the event loop and
Django's worker threads alike; cProfile would see only one thread). On exit it writes the
most-seen functions, counted once per sample in which they are on a thread's stack
(inclusive), and the most-seen innermost frames (exclusive), to the file named by
LIVE_PROFILE_OUT.
"""

from __future__ import annotations

import collections
import os
import sys
import threading
import time

import uvicorn

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

INCLUSIVE: collections.Counter[str] = collections.Counter()
EXCLUSIVE: collections.Counter[str] = collections.Counter()
SAMPLES = [0]


def where(frame) -> str:
    code = frame.f_code
    name = code.co_filename.replace(sys.prefix, "<venv>")
    return f"{name.split('site-packages/')[-1]}:{code.co_name}"


def sample(stop: threading.Event) -> None:
    me = threading.get_ident()
    written = time.monotonic()
    while not stop.wait(0.005):
        if time.monotonic() - written > 2:  # uvicorn ends by re-raising SIGTERM: write often
            write()
            written = time.monotonic()
        SAMPLES[0] += 1
        for ident, frame in sys._current_frames().items():
            if ident == me:
                continue
            leaf = where(frame)
            if leaf.endswith(("select.py:select", ":wait", "selectors.py:select")):
                continue  # idle: waiting for work, not doing it
            EXCLUSIVE[leaf] += 1
            seen = set()
            while frame is not None:
                seen.add(where(frame))
                frame = frame.f_back
            INCLUSIVE.update(seen)


def main() -> None:
    stop = threading.Event()
    threading.Thread(target=sample, args=(stop,), daemon=True).start()
    port = int(sys.argv[1])
    uvicorn.run(
        "studysite.asgi:application",
        host="127.0.0.1",
        port=port,
        timeout_keep_alive=75,
        timeout_graceful_shutdown=5,
        access_log=False,
        log_level="warning",
    )
    stop.set()
    write()


def write() -> None:
    with open(os.environ["LIVE_PROFILE_OUT"], "w", encoding="utf-8") as out:
        total = max(1, SAMPLES[0])
        out.write(f"{SAMPLES[0]} samples (every 5 ms)\n")
        out.write("busy thread-samples by innermost frame:\n")
        for name, n in EXCLUSIVE.most_common(25):
            out.write(f"  {100 * n / total:6.1f}%  {name}\n")
        out.write("inclusive (on some busy stack), studysite and Django handlers:\n")
        for name, n in INCLUSIVE.most_common(400):
            if "studysite/" in name or "handlers" in name or "asgiref" in name:
                out.write(f"  {100 * n / total:6.1f}%  {name}\n")


if __name__ == "__main__":
    main()
