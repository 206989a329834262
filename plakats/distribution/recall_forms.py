"""Forms of recalls: supersede or withdraw an edition, send the replacement dispatch."""

from django import forms
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plakats.materials.models import Edition, StockLocation, StockMovement

from .choices import Channel
from .forms import DATE_INPUT
from .models import Campaign, Recall

REASON_MAX = Recall._meta.get_field("reason").max_length


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX,
        help_text=_("e.g. the hotline number changed; a partner left"),
        error_messages={"required": _("Say why the edition is taken off the walls.")},
    )
    effective_on = forms.DateField(label=_("Date"), widget=DATE_INPUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["effective_on"].initial = timezone.localdate()


class SupersedeForm(WithdrawForm):
    field_order = ["successor", "reason", "effective_on"]

    successor = forms.ModelChoiceField(
        label=_("Replaced by"),
        queryset=Edition.objects.none(),
        error_messages={"invalid_choice": _("Choose another edition of the same material.")},
    )

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["successor"]
        # Any other edition of the material; the service says why a choice is refused.
        field.queryset = (
            Edition.objects.filter(material_id=edition.material_id)
            .exclude(pk=edition.pk)
            .select_related("material")
        )
        declared = edition.successors.first()
        if declared is not None:
            field.initial = declared.pk


class LocationChoiceField(forms.ModelChoiceField):
    """Stock locations labelled with how many of the successor they hold."""

    on_hand: dict[int, int] = {}

    def label_from_instance(self, location):
        return _("%(name)s (%(count)d on hand)") % {
            "name": location.name,
            "count": self.on_hand.get(location.pk, 0),
        }


class ReplacementForm(forms.Form):
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=Campaign.objects.all())
    channel = forms.ChoiceField(
        label=_("Sent by"),
        choices=[
            (value, label)
            for value, label in Channel.choices
            if value not in (Channel.ONLINE, Channel.VIA_PARTNER)
        ],
        initial=Channel.POST,
    )
    stock_location = LocationChoiceField(
        label=_("From stock at"), queryset=StockLocation.objects.all(), required=False
    )
    planned_on = forms.DateField(label=_("Date"), widget=DATE_INPUT)

    def __init__(self, *args, successor: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["planned_on"].initial = timezone.localdate()
        today = timezone.localdate()
        current = Campaign.objects.filter(starts_on__lte=today, ends_on__gte=today).first()
        if current is not None:
            self.fields["campaign"].initial = current.pk
        field = self.fields["stock_location"]
        field.on_hand = dict(
            StockMovement.objects.filter(edition=successor)
            .values("location")
            .annotate(total=Sum("delta"))
            .values_list("location", "total")
        )
        # The field is copied per form, so the counts never leak between requests.
        field.help_text = _(
            "Needed for every venue with a postal address; web pages need no stock."
        )
