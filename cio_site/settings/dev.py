"""A developer's or reviewer's own machine.

`make dev` runs with DEBUG on. `make run` uses these settings with DJANGO_DEBUG=false, so the
site is served as readers see it (real 404 pages, static files through WhiteNoise) while the
demo admin account may still be created.
"""

import secrets

from .base import *  # noqa: F403
from .base import BASE_DIR, env_bool, env_list

DEBUG = env_bool("DJANGO_DEBUG", True)


def _local_secret_key() -> str:
    # A random key kept in a git-ignored file, so sessions survive restarts without anyone
    # having to invent a key.
    path = BASE_DIR / ".secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _local_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
SERVE_MEDIA = True
DEMO_ADMIN_ALLOWED = True
