"""Optimistic locking: a save over someone else's newer change is refused, never silent.

An edit page carries a signed snapshot of the fields it shows, as they were when
the page was opened. Saving re-reads the row under a lock and compares: if any
of those fields changed meanwhile, the save is refused with ``EditConflict``,
which says what changed, by whom and when. The form then holds the user's values
and a fresh snapshot, so saving again is a deliberate overwrite.
"""

import json
from dataclasses import dataclass

from django import forms
from django.core import signing
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import DomainError

SALT = "plakats.concurrency"
FIELD_NAME = "loaded_state"


def snapshot(instance: models.Model, fields: list[str]) -> dict:
    """The instance's values of ``fields`` as plain JSON values (foreign keys as ids)."""
    values = {name: instance._meta.get_field(name).value_from_object(instance) for name in fields}
    return json.loads(json.dumps(values, cls=DjangoJSONEncoder))


def sign(values: dict) -> str:
    return signing.dumps(values, salt=SALT, serializer=_JSONSerializer, compress=True)


def unsign(token: str) -> dict | None:
    try:
        values = signing.loads(token, salt=SALT, serializer=_JSONSerializer)
    except signing.BadSignature:
        return None
    return values if isinstance(values, dict) else None


class _JSONSerializer:
    def dumps(self, obj) -> bytes:
        return json.dumps(obj, cls=DjangoJSONEncoder, separators=(",", ":")).encode("latin-1")

    def loads(self, data: bytes):
        return json.loads(data.decode("latin-1"))


@dataclass(frozen=True)
class Change:
    label: str
    then: str
    now: str


class EditConflict(DomainError):
    """Someone else saved the object after this user opened it."""

    def __init__(self, current: models.Model, changes: list[Change], by: str, at):
        self.current = current
        self.changes = changes
        listed = "; ".join(f"{c.label}: “{c.then}” → “{c.now}”" for c in changes)
        who = by or _("someone else")
        when = formats.date_format(at, "SHORT_DATETIME_FORMAT") if at else ""
        super().__init__(
            _(
                "%(who)s saved this while you were editing it%(when)s. Changed: %(changes)s. "
                "Your changes were not saved; the form still shows them — save again to "
                "overwrite."
            )
            % {"who": who, "when": f" ({when})" if when else "", "changes": listed}
        )


def check_unchanged(current: models.Model, expected: dict | None, fields: list[str]) -> None:
    """Raise ``EditConflict`` if ``current`` (freshly read, locked) differs from ``expected``.

    ``expected`` is the snapshot taken when the edit began; None skips the check
    (a caller that never took one, e.g. a script).
    """
    if expected is None:
        return
    now = snapshot(current, fields)
    differing = [name for name in fields if name in expected and expected[name] != now[name]]
    if not differing:
        return
    changes = [
        Change(
            str(current._meta.get_field(name).verbose_name).capitalize(),
            _display(current, name, expected[name]),
            _display(current, name, now[name]),
        )
        for name in differing
    ]
    latest = current.history.first() if hasattr(current, "history") else None
    by = str(latest.history_user) if latest and latest.history_user else ""
    raise EditConflict(current, changes, by, latest.history_date if latest else None)


def _display(instance: models.Model, name: str, value) -> str:
    field = instance._meta.get_field(name)
    if value in (None, ""):
        return "—"
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


class ConcurrentEditForm(forms.ModelForm):
    """A model form that carries the snapshot of its fields and refuses stale saves.

    A service locks and re-reads the row, then ``check_unchanged(row, form.expected,
    form.tracked_fields)``; on ``EditConflict`` the view calls ``form.conflict(exc)``.
    """

    loaded_state = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields[FIELD_NAME].initial = sign(snapshot(self.instance, self.tracked_fields))

    @property
    def tracked_fields(self) -> list[str]:
        return [name for name in self._meta.fields if name in self.base_fields]

    def clean_loaded_state(self) -> dict | None:
        token = self.cleaned_data.get(FIELD_NAME) or ""
        if not self.instance.pk or not token:
            return None
        values = unsign(token)
        if values is None:
            # A non-field error: hidden fields' own errors are not shown next to anything.
            self.add_error(
                None,
                gettext_lazy("This page is out of date. Reload it and make your changes again."),
            )
        return values

    @property
    def expected(self) -> dict | None:
        return self.cleaned_data.get(FIELD_NAME)

    def conflict(self, exc: EditConflict) -> None:
        """Show the conflict and carry the current state, so the next save overwrites."""
        self.add_error(None, exc.message)
        data = self.data.copy()
        data[self.add_prefix(FIELD_NAME)] = sign(snapshot(exc.current, self.tracked_fields))
        self.data = data
