"""Forms for venues, partners, agreements and merging."""

from django import forms
from django.utils.translation import gettext_lazy as _

from plakats.core.concurrency import ConcurrentEditForm
from plakats.core.permissions import Role, region_ids_of, role_of
from plakats.geo.models import Municipality

from .models import Agreement, Network, Partner, Venue


class VenueForm(ConcurrentEditForm):
    class Meta:
        model = Venue
        fields = [
            "name",
            "kind",
            "network",
            "municipality",
            "place",
            "address",
            "postal_code",
            "latitude",
            "longitude",
            "url",
            "language",
            "contact_name",
            "email",
            "phone",
            "external_source",
            "external_id",
            "is_active",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["municipality"].queryset = Municipality.objects.select_related("region")
        self.fields["place"].queryset = self.fields["place"].queryset.select_related("municipality")
        if user is not None and role_of(user) == Role.REGIONAL:
            self.fields["municipality"].queryset = self.fields["municipality"].queryset.filter(
                region_id__in=region_ids_of(user)
            )
            self.fields["municipality"].required = True

    def clean_postal_code(self):
        value = self.cleaned_data["postal_code"].strip().upper()
        if value and not value.startswith("LV-") and value.isdigit() and len(value) == 4:
            value = f"LV-{value}"
        return value


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = [
            "name",
            "kind",
            "registration_number",
            "website",
            "email",
            "phone",
            "is_coalition_member",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = ["title", "scope", "network", "valid_from", "valid_until"]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}),
            "valid_until": forms.DateInput(attrs={"type": "date"}),
            "scope": forms.Textarea(attrs={"rows": 3}),
        }


class NetworkForm(forms.ModelForm):
    class Meta:
        model = Network
        fields = ["name", "partner", "description"]


class MergeForm(forms.Form):
    duplicate = forms.ModelChoiceField(
        label=_("Duplicate to merge into this venue"),
        queryset=Venue.objects.none(),
        widget=forms.RadioSelect,
        help_text=_("Its placements, events and printed codes will follow to this venue."),
        error_messages={"invalid_choice": _("Choose one of the venues listed.")},
    )

    def __init__(self, *args, survivor: Venue, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = Venue.objects.active().exclude(pk=survivor.pk)
        self.fields["duplicate"].queryset = (
            allowed if candidates is None else allowed.filter(pk__in=candidates)
        ).select_related("municipality")
