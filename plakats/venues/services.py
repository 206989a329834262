"""Changes to the venue register: saving an edit without overwriting a newer one, merging."""

from django.db import models, transaction
from django.utils.translation import gettext as _

from plakats.core.concurrency import check_unchanged
from plakats.core.errors import DomainError

from .models import Venue, VenueMerge

# Fields the survivor takes from the duplicate when its own are empty.
FILLABLE = [
    "network",
    "municipality",
    "place",
    "address",
    "postal_code",
    "latitude",
    "longitude",
    "url",
    "contact_name",
    "email",
    "phone",
    "external_source",
    "external_id",
]


@transaction.atomic
def save_venue_edit(form) -> Venue:
    """Save a venue edit form unless someone changed its fields since the form was opened.

    Raises ``plakats.core.concurrency.EditConflict`` (nothing saved) when they did.
    """
    current = Venue.objects.select_for_update().get(pk=form.instance.pk)
    check_unchanged(current, form.expected, form.tracked_fields)
    return form.save()


def _venue_references():
    """Every foreign key in the project that points at Venue, except history and merges."""
    for rel in Venue._meta.related_objects:
        model = rel.related_model
        if model in (VenueMerge,) or model._meta.model_name.startswith("historical"):
            continue
        if isinstance(rel, models.ManyToOneRel) and not isinstance(rel, models.OneToOneRel):
            yield model, rel.field.name


@transaction.atomic
def merge_venues(survivor: Venue, duplicate: Venue, *, user=None) -> VenueMerge:
    """Fold ``duplicate`` into ``survivor``: everything that pointed at it follows.

    Placements keep their tokens and codes, so printed QR codes and short codes
    go on working. The duplicate stays as an inactive record pointing at the
    survivor, so old links can be redirected.
    """
    survivor = Venue.objects.select_for_update().get(pk=survivor.pk)
    duplicate = Venue.objects.select_for_update().get(pk=duplicate.pk)
    if survivor.pk == duplicate.pk:
        raise DomainError(_("A venue cannot be merged into itself."))
    if duplicate.merged_into_id or survivor.merged_into_id:
        raise DomainError(_("One of these venues has already been merged."))

    moved = {}
    for model, field in _venue_references():
        count = model.objects.filter(**{field: duplicate}).update(**{field: survivor})
        if count:
            moved[model._meta.label] = count

    taken = [f for f in FILLABLE if not getattr(survivor, f) and getattr(duplicate, f)]
    values = {f: getattr(duplicate, f) for f in taken}
    if "external_id" in values or "external_source" in values:
        values["external_id"] = duplicate.external_id
        values["external_source"] = duplicate.external_source
        duplicate.external_id = ""
    duplicate.merged_into = survivor
    duplicate.is_active = False
    duplicate._change_reason = _("Merged into %(name)s") % {"name": survivor.name}
    duplicate.save()
    for field, value in values.items():
        setattr(survivor, field, value)
    survivor._change_reason = _("Merged %(name)s into this venue") % {"name": duplicate.name}
    survivor.save()
    return VenueMerge.objects.create(
        survivor=survivor, merged=duplicate, merged_by=user, moved=moved
    )


CONTACT_FIELDS = ["contact_name", "email", "phone"]


def contact_data(email: str) -> list[dict]:
    """Everything held about a venue contact with this e-mail, for a subject access request."""
    from plakats.distribution.models import Reminder

    venues = Venue.objects.filter(email__iexact=email.strip())
    return [
        {
            "venue": venue.name,
            "venue_id": venue.pk,
            **{field: getattr(venue, field) for field in CONTACT_FIELDS},
            "reminders_sent": [
                r.queued_at.isoformat()
                for r in Reminder.objects.filter(venue=venue, email=venue.email)
            ],
        }
        for venue in venues
    ]


@transaction.atomic
def erase_contact(venue: Venue) -> int:
    """Erase a venue contact's personal data, from the venue, its history and its reminders.

    Returns how many rows were scrubbed. The venue itself stays: it is an
    institution, not a person.
    """
    from plakats.distribution.models import Reminder

    blank = dict.fromkeys(CONTACT_FIELDS, "")
    scrubbed = Venue.objects.filter(pk=venue.pk).update(**blank)
    scrubbed += venue.history.update(**blank)
    scrubbed += Reminder.objects.filter(venue=venue).update(email="")
    return scrubbed
