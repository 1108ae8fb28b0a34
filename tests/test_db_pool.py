"""The ASGI server's connection pool (settings.py, Database) survives its connections being
killed, as after a PostgreSQL restart or failover: the next request and query get a fresh
connection instead of failing. PostgreSQL only (SQLite has no pool).

It runs in a child process with DJANGO_DB_POOL=1, as studysite/asgi.py sets it, so the pool
is the one settings.py builds, on the test database.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, time

import django

django.setup()

import psycopg
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

pool = connection.pool
pool.open(wait=True)
# Every connection the pool holds, each used once, then back to the pool.
held = [pool.getconn() for _ in range(pool.get_stats()["pool_size"])]
killed = sorted(c.info.backend_pid for c in held)
for c in held:
    pool.putconn(c)

# Kill them from outside the pool, as a restart would, and wait until they are gone.
with psycopg.connect(**connection.get_connection_params(), autocommit=True) as admin:
    for pid in killed:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
    for _ in range(100):
        rows = admin.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(%s)", [killed]
        ).fetchone()
        if rows[0] == 0:
            break
        time.sleep(0.05)

# The next request: an anonymous visitor with a session cookie, so the session is looked
# up in the database before anything else.
client = Client()
client.cookies["sessionid"] = "x" * 32
with CaptureQueriesContext(connection) as queries:
    status = client.get("/history/").status_code
with connection.cursor() as cursor:  # and the next query after it
    cursor.execute("SELECT pg_backend_pid()")
    pid = cursor.fetchone()[0]
connection.close()
pool.close()
print(json.dumps({"killed": killed, "status": status, "queries": len(queries), "pid": pid}))
"""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the pool is PostgreSQL's")
def test_a_killed_pooled_connection_does_not_fail_the_next_request(db):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "STUDYSITE_"))}
    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
    env = {
        **clean,
        "DATABASE_URL": url,
        "DJANGO_DB_POOL": "1",
        "DJANGO_DEBUG": "1",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_SETTINGS_MODULE": "studysite.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", CHILD],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert len(outcome["killed"]) >= 2  # the pool's min_size, all of them killed
    assert outcome["status"] == 200
    assert outcome["queries"] >= 1  # the request did use the database
    assert outcome["pid"] not in outcome["killed"]
