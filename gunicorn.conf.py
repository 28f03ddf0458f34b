"""Gunicorn, as `make run` and `make serve` start it (gunicorn reads this file from the repo root).

Threaded workers (gthread), several processes: one slow request never holds the site. A connection
that sends nothing holds a thread for at most 5 s, then waits in the worker's event loop (no thread)
and is closed after `keepalive` seconds, so idle or half-open connections no longer freeze the site as
they did with sync workers. A client that trickles its request keeps its thread while it does: the
proxy in front (docs/deploy/nginx.conf) reads whole requests and buffers responses before a worker
sees them, and drops clients slower than its timeouts, so in production a thread only ever talks to
the proxy.

Environment: PORT (8000), HOST (127.0.0.1), WEB_CONCURRENCY (workers; 2 x CPUs + 1), GUNICORN_THREADS
(8 per worker), GUNICORN_TIMEOUT (30 s), GUNICORN_MAX_REQUESTS (5,000 before a worker is recycled),
FORWARDED_ALLOW_IPS (proxies whose X-Forwarded-* gunicorn believes; 127.0.0.1 and ::1, gunicorn's
default).
"""

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


bind = f"{os.environ.get('HOST', '127.0.0.1')}:{_int('PORT', 8000)}"
wsgi_app = "cio_site.wsgi:application"
worker_class = "gthread"
workers = _int("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1)
threads = _int("GUNICORN_THREADS", 8)
# A worker that stops answering its arbiter for this long is replaced; a request still waiting for a
# slow client's body is dropped after it.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then, so a leak cannot grow without bound (0 never does).
max_requests = _int("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = 500
# Request line and headers: gunicorn's limits answer 400 above them.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# No control socket in the home directory: nothing here uses it.
control_socket_disable = True
# Logs to stdout, one line per event: JSON under production settings (LOG_FORMAT=json), as Django's.
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
_settings = os.environ.get("DJANGO_SETTINGS_MODULE", "cio_site.settings.production")
_format = os.environ.get("LOG_FORMAT") or ("json" if _settings.endswith(".production") else "text")
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "cio_site.logging.JSONFormatter"},
        "text": {"()": "cio_site.logging.TextFormatter"},
    },
    "handlers": {
        "stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": _format},
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        # Django answers HEAD with the GET body, which gunicorn drops: as it should, no warning needed.
        "gunicorn.http.wsgi": {"handlers": ["stdout"], "level": "ERROR", "propagate": False},
    },
    "root": {"handlers": ["stdout"], "level": "WARNING"},
}
