"""Forms of the hotline log and outreach events.

The rules themselves (no personal data, a code must name a placement, age bands
within the total, stock not below zero) live in ``plakats.outreach.services``;
the forms call the same functions so the operator sees the refusal on the field.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plakats.accounts.models import User
from plakats.core.errors import DomainError
from plakats.core.permissions import can_coordinate, can_edit_region, can_edit_venue
from plakats.distribution.models import Campaign
from plakats.geo.models import Region
from plakats.materials.models import Edition, StockLocation
from plakats.venues.models import Partner, Venue

from . import services
from .choices import AGE_BANDS, ContactChannel, Outcome
from .models import HeardFrom, OutreachEvent, Topic

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LabelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class LabelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.label


def _guard(text: str, field: str) -> str:
    try:
        services.check_no_personal_data(text, field)
    except DomainError as exc:
        raise forms.ValidationError(exc.message, code="personal_data") from None
    return text


class FirstAutofocusRadioSelect(forms.RadioSelect):
    """Radio buttons whose first option takes the focus when the page opens."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if index == 0:
            option["attrs"]["autofocus"] = True
        return option


class HotlineContactForm(forms.Form):
    """One contact, filled in seconds: Enter submits, the date defaults to now."""

    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=ContactChannel.choices,
        initial=ContactChannel.PHONE,
        widget=FirstAutofocusRadioSelect,
    )
    topics = LabelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one topic.")},
    )
    heard_from = LabelChoiceField(
        label=_("Heard of us from"),
        queryset=HeardFrom.objects.none(),
        required=False,
        empty_label=_("— not said —"),
    )
    placement_code = forms.CharField(
        label=_("Code on the poster"),
        required=False,
        max_length=20,
        help_text=_("If the caller reads out a code like K7M-2QX; case and dashes do not matter."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    region = forms.ModelChoiceField(
        label=_("Caller's region"),
        queryset=Region.objects.all(),
        required=False,
        empty_label=_("— not said —"),
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=Outcome.choices,
        initial=Outcome.INFORMATION,
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        label=_("Notes (no personal data)"),
        required=False,
        max_length=2000,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("No names, phone numbers, e-mail addresses or personal codes."),
    )
    occurred_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault(
            "occurred_at", timezone.localtime().replace(second=0, microsecond=0)
        )
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = Topic.objects.filter(is_active=True)
        self.fields["heard_from"].queryset = HeardFrom.objects.filter(is_active=True)
        self.placement = None

    def clean_notes(self):
        return _guard(self.cleaned_data["notes"], "notes")

    def record(self, user):
        """Record the valid form's contact (``services.record_contact``; page and API)."""
        data = self.cleaned_data
        return services.record_contact(
            channel=data["channel"],
            topics=list(data["topics"]),
            outcome=data["outcome"],
            occurred_at=data["occurred_at"],
            region=data["region"],
            heard_from=data["heard_from"],
            placement_code=data["placement_code"],
            notes=data["notes"],
            user=user,
        )

    def clean_placement_code(self):
        raw = self.cleaned_data["placement_code"]
        try:
            self.placement = services.resolve_placement_code(raw)
        except DomainError as exc:
            raise forms.ValidationError(exc.message, code="unknown_code") from None
        return raw


class HotlineFilterForm(forms.Form):
    """Filters of the contact log (a plain form: the choices' labels follow the language)."""

    start = forms.DateField(label=_("From"), required=False, widget=DATE_INPUT)
    end = forms.DateField(label=_("Until"), required=False, widget=DATE_INPUT)
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", "---------"), *ContactChannel.choices]
    )
    topic = LabelChoiceField(label=_("Topic"), queryset=Topic.objects.all(), required=False)
    heard_from = LabelChoiceField(
        label=_("Heard of us from"), queryset=HeardFrom.objects.all(), required=False
    )
    region = forms.ModelChoiceField(
        label=_("Caller's region"), queryset=Region.objects.all(), required=False
    )


class ReportPeriodForm(forms.Form):
    campaign = forms.ModelChoiceField(
        label=_("Campaign"), queryset=Campaign.objects.all(), required=False
    )
    start = forms.DateField(label=_("From"), required=False, widget=DATE_INPUT)
    end = forms.DateField(label=_("Until"), required=False, widget=DATE_INPUT)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("The period cannot end before it starts."))
        return data


class VenueChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, venue):
        place = venue.municipality or venue.url
        return f"{venue.name} (#{venue.pk}, {venue.get_kind_display()}, {place})"


class FacilitatorField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.get_username()


class OutreachEventForm(forms.ModelForm):
    """An event and, optionally, one line of materials handed out (a stock movement)."""

    venue = VenueChoiceField(
        label=_("Venue"),
        queryset=Venue.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        empty_label=_("none (online event)"),
        error_messages={"invalid_choice": _("Choose one of the venues listed.")},
    )
    facilitators = FacilitatorField(
        label=_("Facilitators (staff)"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Facilitators (partners)"),
        queryset=Partner.objects.order_by("name"),
        required=False,
    )
    material_edition = forms.ModelChoiceField(
        label=_("Materials handed out: edition"),
        queryset=Edition.objects.select_related("material"),
        required=False,
    )
    material_quantity = forms.IntegerField(label=_("Quantity"), min_value=1, required=False)
    material_location = forms.ModelChoiceField(
        label=_("From stock at"), queryset=StockLocation.objects.all(), required=False
    )

    class Meta:
        model = OutreachEvent
        fields = [
            "type",
            "title",
            "date",
            "campaign",
            "venue",
            "participants",
            *(name for name, _label in AGE_BANDS),
            "facilitators",
            "partners",
            "feedback",
        ]
        widgets = {"date": DATE_INPUT, "feedback": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        venues = Venue.objects.select_related("municipality")
        if candidates is not None:
            venues = venues.filter(pk__in=candidates)
        self.fields["venue"].queryset = venues
        self.fields["facilitators"].queryset = User.objects.filter(
            is_active=True, groups__isnull=False
        ).distinct()
        self.fields["feedback"].help_text = _(
            "No names, phone numbers, e-mail addresses or personal codes."
        )

    def clean_venue(self):
        venue = self.cleaned_data.get("venue")
        if venue is not None and not can_edit_venue(self.user, venue):
            raise forms.ValidationError(_("You may record events only for venues in your regions."))
        if venue is None and not can_coordinate(self.user):
            raise forms.ValidationError(_("Only coordinators record online events."))
        return venue

    def clean_material_location(self):
        location = self.cleaned_data.get("material_location")
        if location is not None and not can_edit_region(self.user, location.region_id):
            raise forms.ValidationError(
                _("You may hand out materials only from stock held in your regions.")
            )
        return location

    def clean_feedback(self):
        return _guard(self.cleaned_data["feedback"], "feedback")

    def clean_title(self):
        return _guard(self.cleaned_data["title"], "title")

    def clean(self):
        data = super().clean()
        parts = [
            data.get(n) for n in ("material_edition", "material_quantity", "material_location")
        ]
        if any(parts) and not all(parts):
            raise forms.ValidationError(
                _("For materials handed out give the edition, the quantity and the stock location.")
            )
        if data.get("participants") is not None:
            try:
                services.check_age_bands(
                    data["participants"], {n: data.get(n) for n, _label in AGE_BANDS}
                )
            except DomainError as exc:
                self.add_error("participants", exc.message)
        return data

    def save_event(self, event, user):
        """Create (``event`` None) or update the event (``services.save_event``; page and API)."""
        data = self.cleaned_data
        return services.save_event(
            event,
            date=data["date"],
            type=data["type"],
            participants=data["participants"],
            venue=data["venue"],
            campaign=data["campaign"],
            title=data["title"],
            feedback=data["feedback"],
            age_bands={name: data.get(name) for name, _label in AGE_BANDS},
            facilitators=data["facilitators"],
            partners=data["partners"],
            material=self.material(),
            user=user,
        )

    def material(self) -> services.MaterialOut | None:
        data = self.cleaned_data
        if not data.get("material_edition"):
            return None
        return services.MaterialOut(
            data["material_edition"], data["material_quantity"], data["material_location"]
        )
