"""gunicorn settings for rung behind a reverse proxy (nginx example: deploy/nginx/rung.conf).

    gunicorn -c deploy/gunicorn.conf.py rung.web.wsgi:application

Environment (all optional; empty counts as unset): RUNG_BIND (default 127.0.0.1:8000), WEB_CONCURRENCY (workers,
default 2 x cores + 1, at most 8), RUNG_THREADS (threads per worker, default 1),
FORWARDED_ALLOW_IPS (the proxy's addresses, default 127.0.0.1,::1), RUNG_LOG_LEVEL (as for
Django: debug, info, warning, error, critical, in any case; default info).
DJANGO_SETTINGS_MODULE=rung.web.settings_production and its variables come from the unit's
EnvironmentFile (deploy/systemd/rung.env.example).
"""

from __future__ import annotations

import os

# Only the proxy on this machine talks to gunicorn; it listens on loopback.
bind = os.environ.get("RUNG_BIND") or "127.0.0.1:8000"

# Pages are CPU-bound Python (a plan page renders in a few ms), so processes, not threads,
# carry the load. More than ~8 workers buys little on SQLite: writes queue on one lock.
workers = int(os.environ.get("WEB_CONCURRENCY") or min(2 * (os.cpu_count() or 1) + 1, 8))
threads = int(os.environ.get("RUNG_THREADS") or 1)

# The app is imported in each worker (no preload): every worker opens its own database
# connection, and a restart of gunicorn picks up new code.
preload_app = False

# A PDF (WeasyPrint) can take a few seconds; nothing legitimate takes 60.
timeout = 60
graceful_timeout = 30
# nginx keeps connections to the upstream short; a small keep-alive is enough.
keepalive = 5

# Recycle workers now and then so a slow leak never grows; the jitter keeps them from
# restarting together.
max_requests = 2000
max_requests_jitter = 200

# The only addresses whose X-Forwarded-Proto counts: gunicorn then sets wsgi.url_scheme, which
# is all Django looks at (it trusts no forwarded header itself). Only the proxy: a client that
# reaches this port directly must not be able to claim HTTPS. With the proxy on another
# machine (several app servers), its address: FORWARDED_ALLOW_IPS=10.0.0.10.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS") or "127.0.0.1,::1"

accesslog = "-"  # to journald through stdout
errorlog = "-"
loglevel = (os.environ.get("RUNG_LOG_LEVEL") or "info").strip().lower()
# The proxy's address is in every line anyway; log the client it forwarded.
access_log_format = '%({x-forwarded-for}i)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms'

# gunicorn >= 24 opens a control socket under $HOME or $XDG_RUNTIME_DIR; the service user has
# neither, and rung does not use it. Older gunicorn ignores unknown settings here.
control_socket_disable = True
