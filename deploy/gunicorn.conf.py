"""gunicorn behind nginx (deploy/nginx/): `gunicorn -c deploy/gunicorn.conf.py studysite.wsgi`.

Sync workers are the fastest for this site's short requests, but each one serves one
request from its first byte to its last; nginx buffers whole requests and responses,
so a slow client never holds one (issue 22, finding 3). Without a buffering proxy in
front, do not use sync workers: see README, Deployment.
"""

import multiprocessing
import os

# Loopback only: nginx is the only client.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1))
worker_class = "sync"
# A request that takes longer than this is killed (and its worker replaced).
timeout = 30
graceful_timeout = 30
# Restart each worker now and then (jittered, so not all at once): bounds any leak.
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
forwarded_allow_ips = "127.0.0.1"
