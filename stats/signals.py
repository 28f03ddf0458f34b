"""`data_changed`: the figures readers see have changed.

Sent once per committed transaction that changed what readers see: a survey, wave, figure or
observation saved (a figure or survey *published*: saving a draft only writes a revision and is not
sent) or deleted, with the keys of the surveys it touched. Other apps (the page cache, search) listen to it instead of
to the models' own signals, so they never need to know how stats stores or publishes its data.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal

data_changed = Signal()  # kwargs: survey_keys (a set of Survey.key)


def _survey_key(instance):
    from .models import Correction, Figure, Observation, Survey, Wave

    if isinstance(instance, Survey):
        return instance.key
    if isinstance(instance, Wave | Figure):
        return getattr(instance.survey, "key", None) if instance.survey_id else None
    if isinstance(instance, Observation | Correction):
        # A correction note (added, given a reason, marked a typo) changes the pages citing it.
        return _survey_key(instance.figure) if instance.figure_id else None
    return None


# Saves that touch only an object's editorial state (a draft's revision, a lock, a schedule):
# readers see the same data, so nothing is sent. Publishing saves the whole object: it is sent.
BOOKKEEPING_FIELDS = frozenset(
    {
        "latest_revision",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
        "go_live_at",
        "expire_at",
        "approved_go_live_at",
    }
)


def _changed(sender, instance, update_fields=None, **kwargs):
    if update_fields and set(update_fields) <= BOOKKEEPING_FIELDS:
        return
    try:
        key = _survey_key(instance)
    except Exception:  # a half-deleted parent: the survey is unknown, the change still counts
        key = None
    connection = transaction.get_connection()
    # One message per transaction: if ours is still waiting for this commit, add the key to it.
    for _sids, callback, _robust in connection.run_on_commit:
        if hasattr(callback, "survey_keys"):
            callback.survey_keys.add(key)
            return

    def send():
        data_changed.send(sender=_survey_model(), survey_keys=send.survey_keys - {None})

    send.survey_keys = {key}
    # Outside a transaction this runs at once; inside, when (and only if) the transaction commits.
    transaction.on_commit(send)


def _survey_model():
    from .models import Survey

    return Survey


def connect():
    from .models import Correction, Figure, Observation, Survey, Wave

    for model in (Survey, Wave, Figure, Observation, Correction):
        post_save.connect(_changed, sender=model, dispatch_uid=f"stats-data-changed-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"stats-data-changed-delete-{model.__name__}")
