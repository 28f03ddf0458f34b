"""Production: everything comes from the environment and nothing is guessed.

`manage.py check --deploy` is silent with the environment the README documents.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_ADMIN, DATABASES, env_bool, env_int, env_list

DEBUG = False

try:
    SECRET_KEY = os.environ["SECRET_KEY"]
except KeyError as exc:  # pragma: no cover - exercised by deployment, not tests
    raise ImproperlyConfigured("Set SECRET_KEY in the environment.") from exc

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:  # pragma: no cover
    raise ImproperlyConfigured("Set ALLOWED_HOSTS (comma-separated) in the environment.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Links in the admin's e-mails (moderation, password reset) point here; the first allowed host by default.
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", f"https://{ALLOWED_HOSTS[0].lstrip('.')}").rstrip("/")

# Persistent connections, health-checked before each request reuses them (base.py): a restarted
# database is reconnected to by the next request.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
# A year, subdomains included, and eligible for browsers' preload lists (W005, W021). Lower it only
# while trying HTTPS out: browsers remember the header for that long.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
for _policy in (CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_ADMIN):
    _policy["DIRECTIVES"]["upgrade-insecure-requests"] = True
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)
DEMO_ADMIN_ALLOWED = False

LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT  # noqa: F405
