"""Security plumbing that knows no app: response headers, the request size limit, the client's
address behind a proxy and password hashing that readers never wait for.

The header values come from settings (cio_site/settings/base.py); this module only applies them.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.http import HttpResponse
from django.utils.translation import gettext


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or the address the trusted proxy saw (BEHIND_PROXY).

    The proxy documented in docs/deploy/nginx.conf *sets* X-Forwarded-For to the address it saw,
    so only its last (right-most) entry is trusted: anything a client sent itself comes before it.
    Without BEHIND_PROXY the header is ignored, since anyone can send it.
    """
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR", "")


def permissions_policy(features: dict[str, list[str]]) -> str:
    """{"camera": [], "fullscreen": ["self"]} -> 'camera=(), fullscreen=(self)'."""
    return ", ".join(f"{name}=({' '.join(origins)})" for name, origins in features.items())


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not send, on every response (static files too, so
    this comes first), and a refusal of request bodies larger than MAX_REQUEST_BODY_SIZE before
    anything reads them."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = permissions_policy(getattr(settings, "PERMISSIONS_POLICY", {}))
        self.resource_policy = getattr(settings, "CROSS_ORIGIN_RESOURCE_POLICY", "same-origin")
        self.max_body = getattr(settings, "MAX_REQUEST_BODY_SIZE", None)

    def __call__(self, request):
        response = self.too_large(request) or self.get_response(request)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        if self.resource_policy:
            response.headers.setdefault("Cross-Origin-Resource-Policy", self.resource_policy)
        return response

    def too_large(self, request) -> HttpResponse | None:
        if not self.max_body:
            return None
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponse(gettext("Bad request."), status=400, content_type="text/plain; charset=utf-8")
        if length <= self.max_body:
            return None
        response = HttpResponse(
            gettext("This request is too large."), status=413, content_type="text/plain; charset=utf-8"
        )
        response["Connection"] = "close"
        return response


# --- Password hashing -----------------------------------------------------------------------------
# Checking a password costs a deliberate ~0.3 s of CPU. Unbounded, a few clients posting wrong
# passwords in parallel take every core and every reader waits. Here at most one password is hashed at
# a time on the machine (a lock file shared by every worker process, and a lock per process for its
# threads): guessers queue behind each other while readers keep the other cores.
_thread_lock = threading.Lock()


def _lock_path() -> Path:
    configured = getattr(settings, "PASSWORD_HASHING_LOCK_FILE", "")
    return Path(configured) if configured else Path(tempfile.gettempdir()) / "cio-site-hashing.lock"


@contextmanager
def one_hash_at_a_time():
    with _thread_lock:
        try:
            # Read-only is enough for flock, and works on a lock file another user created.
            fd = os.open(_lock_path(), os.O_RDONLY | os.O_CREAT, 0o644)
        except OSError:  # no usable lock file: still one at a time within this process
            yield
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # releases the lock


class SerializedPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    """Django's default hasher (same algorithm name, so stored passwords still verify), one hash at a time."""

    def encode(self, password, salt, iterations=None):
        with one_hash_at_a_time():
            return super().encode(password, salt, iterations)
