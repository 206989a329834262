"""Forms for campaigns, targets, dispatches, placements and their status changes.

The forms only parse input; the rules (allowed transitions, stock, merged
venues) live in ``plakats.distribution.services`` and come back as errors.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from plakats.core.concurrency import ConcurrentEditForm
from plakats.core.permissions import can_edit_venue
from plakats.geo.models import Region
from plakats.materials.models import Edition, StockLocation
from plakats.venues.choices import VenueKind
from plakats.venues.models import Network, Partner, Venue

from .choices import Axis, Channel, Delivery, Display, Evidence, Source
from .models import Campaign, Placement, Target
from .services.partners import partners_with_current_agreement

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# How staff learn of a change when they record it by hand.
HAND_SOURCES = [
    (Source.STAFF, Source.STAFF.label),
    (Source.PHONE, Source.PHONE.label),
    (Source.VISIT, Source.VISIT.label),
    (Source.PARTNER, Source.PARTNER.label),
]

# Most placements one bulk step may touch; a bigger step is refused, not cut short.
BULK_LIMIT = 5000


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["name", "starts_on", "ends_on", "funder", "description"]
        widgets = {
            "starts_on": DATE_INPUT,
            "ends_on": DATE_INPUT,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("A campaign cannot end before it starts."))
        return cleaned


class TargetForm(forms.ModelForm):
    """A target's definition; what it reached is counted, never typed in."""

    venue_kinds = forms.MultipleChoiceField(
        label=_("Venue kinds"),
        choices=VenueKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked means every kind."),
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions"),
        queryset=Region.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked means the whole country."),
    )
    goal = forms.IntegerField(label=_("Goal"), min_value=1)

    class Meta:
        model = Target
        fields = ["name", "measure", "venue_kinds", "regions", "network", "min_reach", "goal"]

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.campaign = campaign
        self.fields["network"].queryset = Network.objects.order_by("name")

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = Target.objects.filter(campaign=self.instance.campaign, name__iexact=name)
        if others.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("This campaign already has a target with this name."))
        return name


class DispatchForm(forms.Form):
    """A dispatch to the venues the venue filter picked, one placement per venue.

    How many items each venue gets is set by ``KindQuantitiesForm`` and
    ``LineQuantitiesForm``; ``expected_count`` is the selection's size when the
    page was shown, so a selection that changed since is not sent blind.
    """

    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=Campaign.objects.all())
    name = forms.CharField(label=_("Name"), max_length=200)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    planned_on = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    stock_location = forms.ModelChoiceField(
        label=_("From stock at"),
        queryset=StockLocation.objects.all(),
        required=False,
        help_text=_("Leave empty for what is not taken from stock (e-mail, web)."),
    )
    edition = forms.ModelChoiceField(label=_("Edition"), queryset=Edition.objects.none())
    partner = forms.ModelChoiceField(
        label=_("Carried by partner"),
        queryset=Partner.objects.none(),
        required=False,
        help_text=_(
            "A partner with an agreement in force takes the materials to its network's venues; "
            "those placements become “sent via partner”."
        ),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    expected_count = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Evaluated per form, not at import: "current" depends on today's date.
        self.fields["edition"].queryset = Edition.objects.current().select_related("material")
        self.fields["partner"].queryset = partners_with_current_agreement()

    def chosen(self, name: str):
        """The valid value of one field, bound or not (initial), or None."""
        if self.is_bound:
            return _valid_values(self).get(name)
        try:
            return self.fields[name].clean(self.initial.get(name))
        except forms.ValidationError:
            return None


def _valid_values(form: forms.Form) -> dict:
    """The values of the fields that passed validation; none for an unbound form."""
    if not form.is_bound:
        return {}
    form.is_valid()
    return form.cleaned_data


# Items per venue a dispatch proposes for each kind of venue; the coordinator edits them.
DEFAULT_QUANTITY = {
    VenueKind.SCHOOL: 2,
    VenueKind.EMPLOYMENT_AGENCY: 5,
    VenueKind.YOUTH_CENTRE: 2,
    VenueKind.HOSTEL: 2,
    VenueKind.LIBRARY: 1,
    VenueKind.SOCIAL_SERVICE: 2,
    VenueKind.CRISIS_CENTRE: 2,
    VenueKind.PARTNER_OFFICE: 5,
    VenueKind.WEBSITE: 1,
    VenueKind.SOCIAL_PAGE: 1,
    VenueKind.OTHER: 1,
}
# Most items one venue may get in one dispatch: a slipped key (20000 for 200) is caught.
MAX_QUANTITY = 10_000


class KindQuantitiesForm(forms.Form):
    """Items per venue for each kind of venue in the selection: "school 2, NVA branch 5"."""

    def __init__(self, *args, kinds, **kwargs):
        kwargs.setdefault("prefix", "kind")
        super().__init__(*args, **kwargs)
        labels = dict(VenueKind.choices)
        for kind in kinds:
            self.fields[kind] = forms.IntegerField(
                label=labels.get(kind, kind),
                min_value=0,
                max_value=MAX_QUANTITY,
                initial=DEFAULT_QUANTITY.get(kind, 1),
            )

    def quantities(self) -> dict[str, int]:
        """Items per venue of each kind: the valid value typed, else the default."""
        cleaned = _valid_values(self)
        return {
            kind: cleaned[kind] if cleaned.get(kind) is not None else field.initial
            for kind, field in self.fields.items()
        }


class LineQuantitiesForm(forms.Form):
    """Per-venue changes to the kind's quantity, for the venues listed on the page.

    An empty line takes its kind's quantity; 0 leaves the venue out. A posted
    line for a venue that is not listed (it no longer matches the filter, was
    deactivated or merged, or was never in the selection) is an error, never
    silently dropped.
    """

    def __init__(self, *args, venues, **kwargs):
        kwargs.setdefault("prefix", "line")
        super().__init__(*args, **kwargs)
        for venue in venues:
            self.fields[str(venue.pk)] = forms.IntegerField(
                label=venue.name,
                required=False,
                min_value=0,
                max_value=MAX_QUANTITY,
                widget=forms.NumberInput(
                    attrs={
                        "aria-label": _("Items for %(venue)s") % {"venue": venue.name},
                        "min": 0,
                    }
                ),
            )

    def clean(self):
        cleaned = super().clean()
        start = f"{self.prefix}-"
        stray = [
            key.removeprefix(start)
            for key in self.data
            if key.startswith(start) and key.removeprefix(start) not in self.fields
        ]
        if stray:
            raise forms.ValidationError(
                _(
                    "Some lines are for venues that no longer match the selection "
                    "(%(venues)s); check the list and submit again."
                ),
                params={"venues": ", ".join(f"#{key}" for key in stray[:5])},
                code="stray_lines",
            )
        return cleaned

    def overrides(self) -> dict[int, int]:
        """The quantities typed per venue id (valid ones only)."""
        cleaned = _valid_values(self)
        return {int(pk): value for pk, value in cleaned.items() if value is not None}


class VenueChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, venue):
        place = venue.municipality or venue.url
        return f"{venue.name} (#{venue.pk}, {venue.get_kind_display()}, {place})"


class PlacementCreateForm(forms.Form):
    """One placement recorded by hand; the venue is picked from a search, as in venue merge."""

    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=Campaign.objects.all())
    venue = VenueChoiceField(
        label=_("Venue"),
        queryset=Venue.objects.none(),
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the venues listed.")},
    )
    edition = forms.ModelChoiceField(
        label=_("Edition"), queryset=Edition.objects.select_related("material")
    )
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, initial=1)
    location_note = forms.CharField(label=_("Where it hangs"), max_length=255, required=False)

    def __init__(self, *args, user, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        venues = Venue.objects.active().select_related("municipality__region")
        if candidates is not None:
            venues = venues.filter(pk__in=candidates)
        self.fields["venue"].queryset = venues

    def clean_venue(self):
        venue = self.cleaned_data["venue"]
        if not can_edit_venue(self.user, venue):
            raise forms.ValidationError(
                _("You may record placements only for venues in your regions.")
            )
        return venue


class PlacementEditForm(ConcurrentEditForm):
    """The fields of a placement that are not statuses (those change through the events)."""

    quantity = forms.IntegerField(label=_("Quantity"), min_value=1)

    class Meta:
        model = Placement
        fields = ["edition", "quantity", "location_note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edition"].queryset = Edition.objects.select_related("material")


AXIS_VALUES = {Axis.DELIVERY: Delivery, Axis.DISPLAY: Display, Axis.EVIDENCE: Evidence}


class StatusForm(forms.Form):
    """Move one axis of one placement.

    Only the values ``allowed_next`` offers are shown, but any value of the axis
    is accepted here, so a stale page gets the service's own refusal message.
    """

    new = forms.ChoiceField(label=_("Change to"))
    source = forms.ChoiceField(label=_("How we learnt it"), choices=HAND_SOURCES)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, axis: str, offered: list[str], **kwargs):
        kwargs.setdefault("prefix", axis)
        super().__init__(*args, **kwargs)
        self.axis = axis
        values = AXIS_VALUES[axis]
        accepted = [(v, label) for v, label in values.choices if v != Evidence.NONE]
        self.fields["new"].choices = accepted
        self.fields["new"].widget.choices = [("", "—"), *((v, values(v).label) for v in offered)]
        self.fields["new"].label = {
            Axis.DELIVERY: _("Delivery"),
            Axis.DISPLAY: _("Display"),
            Axis.EVIDENCE: _("Evidence"),
        }[axis]
        self.offered = offered


def step_choices() -> list:
    return [
        (
            _("Delivery"),
            [(f"delivery:{v}", label) for v, label in Delivery.choices if v != Delivery.PLANNED],
        ),
        (
            _("Display"),
            [(f"display:{v}", label) for v, label in Display.choices if v != Display.UNKNOWN],
        ),
    ]


class IdListField(forms.Field):
    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        if not value:
            return []
        try:
            return sorted({int(v) for v in value})
        except (TypeError, ValueError):
            raise forms.ValidationError(_("The selection is not valid.")) from None


class BulkStatusForm(forms.Form):
    """One step applied to many placements: the ticked ones or all matching the filter."""

    SELECTED, ALL = "selected", "all"

    step = forms.ChoiceField(label=_("Change to"), choices=step_choices)
    source = forms.ChoiceField(label=_("How we learnt it"), choices=HAND_SOURCES)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    scope = forms.ChoiceField(
        label=_("Which placements"),
        choices=[(SELECTED, _("the ticked ones")), (ALL, _("all matching this filter"))],
        initial=SELECTED,
        widget=forms.RadioSelect,
    )
    selected = IdListField(required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("scope") == self.SELECTED and not cleaned.get("selected"):
            raise forms.ValidationError(_("Tick at least one placement."))
        if len(cleaned.get("selected") or []) > BULK_LIMIT:
            raise forms.ValidationError(
                _("One step may change at most %(limit)d placements.") % {"limit": BULK_LIMIT}
            )
        return cleaned

    @property
    def axis_and_value(self) -> tuple[str, str]:
        axis, value = self.cleaned_data["step"].split(":", 1)
        return axis, value
