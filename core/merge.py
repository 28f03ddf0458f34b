"""No lost work between two editors: saving keeps what others changed in the fields you did not
touch, and asks only about the fields you both changed.

Three versions of every field are compared on their serialized values (revision content is
`serializable_data()`; StreamFields as raw JSON without block ids, child relations as lists of
their editable fields):

* **base**: the revision this editor's form was built from;
* **theirs**: the object's latest revision;
* **mine**: the submitted form.

Only they changed it: theirs is saved (also for child relations). Only I changed it: mine. Both
changed it differently: a conflict, named next to the field with the other editor and their value,
and a "keep mine / take theirs" choice that the next submit applies.

How this fits Wagtail 8's editor (wagtail/admin/views/pages/edit.py, generic/mixins.py):

* Wagtail posts `loaded_revision_id` (the latest revision when the editor was opened) and, from
  autosave requests only, `overwrite_revision_id`. Neither is a usable base on its own: a normal save
  after autosaves still posts the original `loaded_revision_id` (the editor's own autosave would
  then look like someone else's change), and a form re-rendered after an error gets
  `loaded_revision_id` = the *latest* revision, while its fields still hold what the editor
  submitted. So the form carries its own hidden base (`concurrent_edits-base`):
  - an autosave moves it to the autosave's revision through `get_field_updates_for_resave()`,
    which Wagtail's autosave script applies to the open form: no conflict with oneself;
  - a form shown again after a failed save is first *rebased* onto the latest revision (their
    changes are filled into the fields, unresolved conflicts keep mine) and renders that revision
    as its base, agreeing with the `loaded_revision_id` Wagtail renders.
* Autosave (a JSON POST) is refused by Wagtail itself when out of date (`is_out_of_date`), before
  any form is built. Whenever Wagtail lets one through, this form's base is the latest revision
  too, so autosave never merges; an unresolved conflict fails it like any validation error.
* Wagtail's concurrent-editing notices stay as they are: they still warn that someone saved.
"""

from __future__ import annotations

import copy
import datetime
import decimal
import json
from dataclasses import dataclass

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils import formats, timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext, ngettext
from modelcluster.models import get_field_value
from modeltranslation.fields import TranslationField

from .streams import normalised, without_block_keys

STATE_FIELD = "concurrent_edits"
MINE, THEIRS = "mine", "theirs"

# How far back to look for who last changed a field.
_HISTORY = 20
_VALUE_LENGTH = 200


# --- Comparing values ---------------------------------------------------------------------


def _is_stream(model_field) -> bool:
    from wagtail.fields import StreamField

    return isinstance(model_field, StreamField)


def comparable(model_field, raw):
    """A serialized field value (as in revision content) in a form that compares equal exactly
    when the content is the same: "45" == "45.00", None == "", ids and block keys ignored."""
    if raw is None or raw == "" or raw == []:
        return None
    if _is_stream(model_field):
        data = json.loads(raw) if isinstance(raw, str) else raw
        return normalised(data) or None
    if isinstance(raw, str):
        raw = without_block_keys(raw)
    try:
        value = model_field.to_python(raw)
    except (ValidationError, TypeError, ValueError):
        value = raw
    return None if value is None or value == "" else value


def _put(model_field, instance, value):
    """The form's value on `instance`, as it will be saved. modeltranslation defers emptying a
    field in the active language (it assumes a form unaware of translations): emptied here now, or
    an editor's empty field in the admin's own language would read as the colleague's value, and
    the colleague's change would be lost."""
    if isinstance(model_field, TranslationField):
        model_field.save_form_data(instance, value, check=False)
    else:
        model_field.save_form_data(instance, value)


def _model_field(model, name):
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if not getattr(model_field, "concrete", False) or model_field.many_to_many:
        return None
    return model_field


def _rows(child_model, keys, raw_rows) -> list[tuple]:
    """A child relation as revision content holds it: rows in order, editable fields only."""
    rows = sorted(raw_rows or [], key=lambda row: row.get("sort_order") or 0)
    return [tuple(comparable(child_model._meta.get_field(key), row.get(key)) for key in keys) for row in rows]


def _formset_rows(formset, keys) -> list[tuple]:
    """The rows the submitted formset would save, in order."""
    if formset.can_order:
        forms_ = formset.ordered_forms
    else:
        forms_ = [
            form
            for index, form in enumerate(formset.forms)
            if not (formset.can_delete and formset._should_delete_form(form))
            and (index < formset.initial_form_count() or form.has_changed())
        ]
    model = formset.model
    return [
        tuple(
            comparable(model._meta.get_field(key), get_field_value(model._meta.get_field(key), form.instance))
            for key in keys
        )
        for form in forms_
    ]


# --- Saying what their value is -----------------------------------------------------------


def _text(value) -> str:
    return Truncator(" ".join(strip_tags(str(value)).split())).chars(_VALUE_LENGTH)


def _stream_text(data) -> str:
    parts: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key not in ("type", "id"):
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif node is not None and node != "":
            parts.append(strip_tags(str(node)))

    walk(data)
    return " ".join(parts)


def describe(model_field, value) -> str:
    """A field's value as an editor reads it, short."""
    if value is None or value == "":
        return gettext("(empty)")
    if _is_stream(model_field):
        text = _stream_text(value.get_prep_value() if hasattr(value, "get_prep_value") else value)
        return _text(text) if text.strip() else gettext("(empty)")
    if model_field.choices:
        return _text(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, datetime.datetime):
        return formats.localize(timezone.localtime(value) if timezone.is_aware(value) else value)
    if isinstance(value, datetime.date):
        return formats.localize(value)
    if isinstance(value, decimal.Decimal):
        # 66, not 66.00; written the admin's way (64,5 / 64.5).
        value = value.quantize(decimal.Decimal(1)) if value == value.to_integral_value() else value.normalize()
        return formats.number_format(value)
    return _text(value)


def describe_rows(keys, children) -> str:
    if not children:
        return gettext("(empty)")
    rows = []
    for child in children:
        fields = [child._meta.get_field(key) for key in keys]
        rows.append(", ".join(describe(field, getattr(child, field.name)) for field in fields))
    return _text("; ".join(rows))


def _user_name(user) -> str:
    from wagtail.admin.utils import get_user_display_name

    return get_user_display_name(user) if user else gettext("another editor")


# --- The form -----------------------------------------------------------------------------


@dataclass
class Conflict:
    name: str  # form field or child relation
    label: str
    user: str
    value: str  # theirs, as text
    choice: str | None  # only when the editor already chose for this same value of theirs
    is_page: bool = False

    @property
    def message(self) -> str:
        return conflict_message(self.user, self.value, is_page=self.is_page)


def conflict_message(user: str, value: str, *, is_page: bool) -> str:
    if is_page:
        message = gettext(
            "%(user)s changed this since you opened the page; it now reads «%(value)s». Keep yours or take theirs."
        )
    else:
        message = gettext(
            "%(user)s changed this since you opened the editor; it now reads «%(value)s». Keep yours or take theirs."
        )
    return capfirst(message % {"user": user, "value": value})


class ConcurrentEditsWidget(forms.Widget):
    """The merge state the form carries between requests (its base revision, the conflicts it
    asked about) and, when there are conflicts, a "keep mine / take theirs" choice per field."""

    template_name = "core/merge/concurrent_edits.html"

    class Media:
        css = {"all": ["core/concurrent_edits.css"]}
        js = ["core/concurrent_edits.js"]

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.base = None
        self.conflicts: list[Conflict] = []

    def value_from_datadict(self, data, files, name):
        getlist = getattr(data, "getlist", lambda key: [data[key]] if key in data else [])
        conflicts = [value for value in getlist(f"{name}-conflict") if value]
        return {
            "base": data.get(f"{name}-base") or "",
            "conflicts": conflicts,
            "choices": {field: data.get(f"{name}-choice-{field}") for field in conflicts},
        }

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"].update(
            {
                "base": "" if self.base is None else str(self.base),
                "conflicts": self.conflicts,
                "mine": MINE,
                "theirs": THEIRS,
            }
        )
        return context


class ConcurrentEditsField(forms.Field):
    widget = ConcurrentEditsWidget

    def __init__(self, **kwargs):
        super().__init__(required=False, label="", **kwargs)

    def clean(self, value):
        return value if isinstance(value, dict) else {}

    def has_changed(self, initial, data):
        # Bookkeeping, not content: it must not count as an edit.
        return False


class _Merge:
    """What one submit found: the revisions compared and what was taken from theirs."""

    def __init__(self, base, latest):
        self.base = base
        self.latest = latest
        self.taken: set[str] = set()  # fields and relations saved as theirs
        self.theirs_children: dict[str, list] = {}
        self.conflicts: list[Conflict] = []
        self.shown = False
        self._theirs_object = None

    @property
    def theirs(self):
        if self._theirs_object is None:
            self._theirs_object = self.latest.as_object()
        return self._theirs_object


class MergeConcurrentEditsMixin:
    """For WagtailAdminModelForm subclasses of models with revisions (pages, snippets with
    RevisionMixin): merge what another editor saved since this form was opened."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = ConcurrentEditsField()
        field.widget.base = getattr(self.instance, "latest_revision_id", None)
        self.fields[STATE_FIELD] = field
        self._merge: _Merge | None = None

    # -- which revisions ----------------------------------------------------------------

    def _revisions(self):
        instance = self.instance
        if not instance.pk or not hasattr(instance, "revisions"):
            return None
        return instance.revisions.select_related("user")

    def _posted_revision(self, revisions, value):
        try:
            pk = int(value)
        except (TypeError, ValueError):
            return None
        return revisions.filter(pk=pk).first()

    def _base_revision(self, revisions, state):
        # Ours first: it follows this editor's own autosaves and survives a re-render.
        for value in (state.get("base"), self.data.get("overwrite_revision_id"), self.data.get("loaded_revision_id")):
            revision = self._posted_revision(revisions, value)
            if revision is not None:
                return revision
        return None

    # -- the merge ----------------------------------------------------------------------

    def clean(self):
        self.merge_concurrent_edits()
        return super().clean()

    def merge_concurrent_edits(self):
        revisions = self._revisions()
        if revisions is None:
            return
        state = self.cleaned_data.get(STATE_FIELD) or {}
        latest = revisions.order_by("-created_at", "-pk").first()
        base = self._base_revision(revisions, state)
        if latest is None or base is None:
            return  # nothing to compare with: Wagtail's behaviour
        merge = self._merge = _Merge(base, latest)
        self.fields[STATE_FIELD].widget.base = base.pk
        pending = set(state.get("conflicts", []))
        choices = state.get("choices", {})
        model = type(self.instance)
        probe = copy.copy(self.instance)

        for name in list(self.fields):
            model_field = _model_field(model, name) if name != STATE_FIELD else None
            if model_field is None or name not in base.content or name not in latest.content:
                continue
            b, t = comparable(model_field, base.content[name]), comparable(model_field, latest.content[name])
            if name in self.cleaned_data:
                _put(model_field, probe, self.cleaned_data[name])
                m = comparable(model_field, get_field_value(model_field, probe))
            else:
                m = _INVALID
            self._decide(
                name,
                b,
                t,
                m,
                pending,
                choices,
                describe_theirs=lambda f=model_field, n=name: describe(f, getattr(merge.theirs, f.name)),
            )

        for name, formset in getattr(self, "formsets", {}).items():
            if name == "comments" or name not in base.content or name not in latest.content:
                continue  # Wagtail's comments are merged by Wagtail's own comment handling
            child_model = formset.model
            keys = [key for key in formset.form.base_fields if _model_field(child_model, key) is not None]
            b, t = _rows(child_model, keys, base.content[name]), _rows(child_model, keys, latest.content[name])
            m = _formset_rows(formset, keys) if formset.is_valid() else _INVALID
            self._decide(
                name,
                b,
                t,
                m,
                pending,
                choices,
                describe_theirs=lambda n=name, k=keys: describe_rows(k, self._theirs_children(n)),
            )

        self._apply_theirs()
        if merge.conflicts:
            users = sorted({conflict.user for conflict in merge.conflicts})
            self.add_error(
                None,
                ngettext(
                    "%(users)s saved a newer version after you opened the editor. Their changes to the fields "
                    "you did not touch are kept; for each field you both changed, choose your version or "
                    "theirs below, then save again.",
                    "%(users)s saved newer versions after you opened the editor. Their changes to the fields "
                    "you did not touch are kept; for each field you both changed, choose your version or "
                    "theirs below, then save again.",
                    len(users),
                )
                % {"users": ", ".join(users)},
            )
        self.fields[STATE_FIELD].widget.conflicts = merge.conflicts

    def _decide(self, name, b, t, m, pending, choices, *, describe_theirs):
        merge = self._merge
        if t == b:
            # Nothing new from them since the base. A conflict asked about last time (the base
            # is then the revision it was shown against) is settled by the editor's choice.
            if name not in pending or m == t:
                return
            if choices.get(name) == THEIRS:
                merge.taken.add(name)
                return
            if choices.get(name) == MINE and m is not _INVALID:
                return
            self._conflict(name, describe_theirs, choice=choices.get(name), changed_by=merge.base)
            return
        if m == b:
            merge.taken.add(name)  # only they changed it
        elif m != t:
            # Both changed it (or mine does not validate, so cannot be compared): ask, afresh.
            self._conflict(name, describe_theirs, choice=None, changed_by=merge.latest)

    def _conflict(self, name, describe_theirs, *, choice, changed_by):
        merge = self._merge
        user = _user_name(self._last_changer(name, changed_by))
        label = str(self.fields[name].label) if name in self.fields else self._relation_label(name)
        conflict = Conflict(
            name=name, label=label, user=user, value=describe_theirs(), choice=choice, is_page=self._is_page()
        )
        merge.conflicts.append(conflict)
        if name in self.fields:
            self.add_error(name, conflict.message)
        else:
            self.add_error(None, f"{label}: {conflict.message}")

    def _apply_theirs(self):
        merge = self._merge
        for name in merge.taken:
            if name in self.fields:
                # construct_instance() then saves theirs, and the model is validated with it.
                self.cleaned_data[name] = getattr(merge.theirs, name)
            else:
                self._save_relation_as_theirs(name)

    def _theirs_children(self, name):
        merge = self._merge
        if name not in merge.theirs_children:
            merge.theirs_children[name] = list(getattr(merge.theirs, name).all())
        return merge.theirs_children[name]

    def _save_relation_as_theirs(self, name):
        formset = self.formsets[name]
        children = self._theirs_children(name)

        def save(commit=True):
            # ClusterForm.save() points the formset at the instance being saved first.
            setattr(formset.instance, name, children)
            return children

        formset.save = save

    # -- who and what -------------------------------------------------------------------

    def _is_page(self) -> bool:
        from wagtail.models import Page

        return isinstance(self.instance, Page)

    def _values_in(self, revision, name):
        model = type(self.instance)
        model_field = _model_field(model, name)
        if model_field is not None:
            return comparable(model_field, revision.content.get(name))
        formset = self.formsets[name]
        keys = [key for key in formset.form.base_fields if _model_field(formset.model, key) is not None]
        return _rows(formset.model, keys, revision.content.get(name))

    def _last_changer(self, name, upto):
        """Who last changed `name` in the revisions up to `upto`."""
        history = list(
            self._revisions().filter(created_at__lte=upto.created_at).order_by("-created_at", "-pk")[:_HISTORY]
        )
        values = [self._values_in(revision, name) for revision in history]
        for index in range(len(history) - 1):
            if values[index] != values[index + 1]:
                return history[index].user
        return upto.user

    def _relation_label(self, name) -> str:
        """The heading the editor sees over a child relation's rows."""
        from wagtail.admin.panels import InlinePanel

        model = type(self.instance)
        if hasattr(model, "get_edit_handler"):
            handler = model.get_edit_handler()
        else:
            from wagtail.admin.panels.model_utils import get_edit_handler

            handler = get_edit_handler(model)
        stack = [handler]
        while stack:
            panel = stack.pop()
            if isinstance(panel, InlinePanel) and panel.relation_name == name:
                return str(panel.heading)
            stack.extend(getattr(panel, "children", []))
        return name

    # -- showing the form again -------------------------------------------------------

    def is_valid(self):
        valid = super().is_valid()
        if not valid and self._merge is not None and not self._merge.shown:
            self._show_merged()
        return valid

    def _show_merged(self):
        """Fill their changes into the form shown again, so it shows the latest revision plus
        this editor's own changes, and say so: the latest revision becomes the base."""
        merge = self._merge
        merge.shown = True
        theirs = merge.theirs
        for name in merge.taken:
            if name in self.fields:
                self.initial[name] = self.instance._meta.get_field(name).value_from_object(theirs)
                self.fields[name].bound_data = lambda data, initial: initial
                self._bound_fields_cache.pop(name, None)
            else:
                old = self.formsets[name]
                self.formsets[name] = type(old)(
                    instance=theirs, prefix=old.prefix, form_kwargs=getattr(old, "form_kwargs", {})
                )
        self.fields[STATE_FIELD].widget.base = merge.latest.pk

    def get_field_updates_for_resave(self):
        # After an autosave, the autosaved revision is this editor's own: it becomes the base.
        updates = list(super().get_field_updates_for_resave())
        revision_id = getattr(self.instance, "latest_revision_id", None)
        if revision_id:
            updates.append((f"{self.add_prefix(STATE_FIELD)}-base", str(revision_id)))
        return updates


class _Invalid:
    """A submitted value that did not validate: equal to nothing."""

    def __eq__(self, other):
        return False

    def __ne__(self, other):
        return True

    __hash__ = object.__hash__


_INVALID = _Invalid()
