"""The production gunicorn configuration (docs/deployment.md):

    gunicorn -c python:referencement.gunicorn_conf

Request bodies (issue 16 item 2): gunicorn hands a body to the application unread, and the
application refuses, from the headers alone, a body longer than its URL accepts
(evidence/middleware.py: 5 MB except on upload URLs) or sent to an upload URL by an unknown
or unauthorised account; Django never reads a body without Content-Length. What stays
unread must not be drained to make room for a next request on the same connection: no
keep-alive, so a refused body goes away with its connection (gunicorn drains at most 64 KB
before closing). The reverse proxy in front must not buffer upload bodies either (see the
nginx example in docs/deployment.md)."""

from __future__ import annotations

import os

wsgi_app = "referencement.wsgi:application"
bind = os.environ.get("REFERENCEMENT_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("REFERENCEMENT_WEB_WORKERS", "4"))
threads = int(os.environ.get("REFERENCEMENT_WEB_THREADS", "4"))
worker_class = "gthread"
# Long: evidence uploads of up to 2 GB stream to storage within one request.
timeout = 600
keepalive = 0
# Request line and headers stay small (gunicorn's defaults, stated).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
# The reverse proxy's address: its X-Forwarded-Proto/-For are trusted (HSTS, HTTPS redirect).
forwarded_allow_ips = os.environ.get("REFERENCEMENT_TRUSTED_PROXY") or "127.0.0.1"
