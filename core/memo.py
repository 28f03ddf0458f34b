"""Reads memoised for the length of one request.

The admin's editor draws and checks every block of a body in one request, and each block asks for
the same rows: the waves a select offers, the figures its chooser and its sentences point at.
Memoised here, each is read once per request instead of once per block.

Only inside a request (Django's request_started to request_finished, on the request's own thread)
or a `scope()` (rebuild_search_index's; tests building an editor's form data); other commands and
tasks read afresh. A memo belongs to an app: saving or deleting any model of that app
during the request empties the app's memos, so nothing read after a write is older than the write.
"""

from __future__ import annotations

from contextlib import contextmanager

from asgiref.local import Local
from django.core.signals import request_finished, request_started
from django.db.models.signals import post_delete, post_save

_state = Local()


def for_request(app_label: str, name: str) -> dict | None:
    """This request's memo `name` of app `app_label` (a dict for the caller to fill), or None
    outside a request."""
    memos = getattr(_state, "memos", None)
    return None if memos is None else memos.setdefault(app_label, {}).setdefault(name, {})


@contextmanager
def scope():
    """Memoise reads for the duration of the block, as a request does (for work done outside one,
    such as rebuilding readers' search); within a request, the request's memo."""
    outer = getattr(_state, "memos", None)
    if outer is None:
        _state.memos = {}
    try:
        yield
    finally:
        if outer is None:
            _state.memos = None


def _start(**kwargs):
    _state.memos = {}


def _stop(**kwargs):
    _state.memos = None


def _forget(sender, **kwargs):
    memos = getattr(_state, "memos", None)
    if memos:
        memos.pop(sender._meta.app_label, None)


request_started.connect(_start, dispatch_uid="core.memo.start")
request_finished.connect(_stop, dispatch_uid="core.memo.stop")
post_save.connect(_forget, dispatch_uid="core.memo.saved")
post_delete.connect(_forget, dispatch_uid="core.memo.deleted")
