"""The filters of the dashboard and the coverage page, turned into a ``Scope``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from plakats.distribution.models import Campaign
from plakats.geo.models import Region
from plakats.venues.choices import VenueKind

from .queries import COVERAGE_SORTS, Scope

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class ScopeForm(forms.Form):
    """Campaign (the latest by default), period and region of a report page."""

    campaign = forms.TypedChoiceField(label=_("Campaign"), coerce=int, required=False)
    start = forms.DateField(label=_("From"), required=False, widget=DATE_INPUT)
    end = forms.DateField(label=_("Until"), required=False, widget=DATE_INPUT)
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.order_by("name"),
        required=False,
        empty_label=_("Whole country"),
    )

    def __init__(self, data=None, *, campaigns: list[Campaign], **kwargs):
        super().__init__(data, **kwargs)
        # The choices come from the list the view already read: no query per field.
        self.campaigns = campaigns
        self.fields["campaign"].choices = [(c.pk, str(c)) for c in campaigns]

    def scope(self) -> Scope | None:
        """The chosen scope; the latest campaign, nationally, when none or invalid."""
        if not self.campaigns:
            return None
        if not self.is_valid():
            return Scope(self.campaigns[0])
        data = self.cleaned_data
        by_pk = {c.pk: c for c in self.campaigns}
        return Scope(
            campaign=by_pk.get(data.get("campaign"), self.campaigns[0]),
            start=data.get("start"),
            end=data.get("end"),
            region=data.get("region"),
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The period cannot end before it starts."))
        return data


class CoverageForm(ScopeForm):
    kind = forms.ChoiceField(
        label=_("Kind of venue"),
        choices=[("", _("Every kind")), *VenueKind.choices],
        required=False,
    )
    sort = forms.ChoiceField(
        choices=[(key, key) for name in COVERAGE_SORTS for key in (name, f"-{name}")],
        required=False,
        widget=forms.HiddenInput,
    )
