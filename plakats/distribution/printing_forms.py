"""Forms of the print pack: its options, and the cover letter editor."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import LetterTemplate
from .models.printing import allowed_placeholders
from .printpack import DEFAULT_LAYOUT, LAYOUTS


class FlagInput(forms.CheckboxInput):
    """A checkbox that also reads ``0``/``1`` from a URL (``?letters=0`` means no letters)."""

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        if isinstance(value, str):
            return value.strip().lower() not in ("", "0", "false", "no", "off")
        return bool(value)


class PrintPackForm(forms.Form):
    layout = forms.ChoiceField(
        label=_("Label sheet"),
        choices=[(key, layout.label) for key, layout in LAYOUTS.items()],
        initial=DEFAULT_LAYOUT,
        widget=forms.RadioSelect,
    )
    labels = forms.BooleanField(
        label=_("Address labels"),
        required=False,
        initial=True,
        widget=FlagInput(attrs={"value": "1"}),
    )
    letters = forms.BooleanField(
        label=_("Cover letters"),
        required=False,
        initial=True,
        widget=FlagInput(attrs={"value": "1"}),
    )

    def clean(self):
        data = super().clean()
        if not data.get("labels") and not data.get("letters"):
            raise forms.ValidationError(_("Choose labels, letters or both."))
        return data


class LetterTemplateForm(forms.ModelForm):
    """Edit a cover letter; unknown placeholders are refused by ``LetterTemplate.clean``."""

    class Meta:
        model = LetterTemplate
        fields = ["language", "title", "body", "recall_title", "recall_body"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 18}),
            "recall_body": forms.Textarea(attrs={"rows": 12}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = _(
            "Plain text; a blank line starts a new paragraph. Placeholders: %(names)s."
        ) % {"names": allowed_placeholders()}
        if self.instance.pk:
            self.fields["language"].disabled = True
        else:
            taken = set(LetterTemplate.objects.values_list("language", flat=True))
            self.fields["language"].choices = [
                choice for choice in self.fields["language"].choices if choice[0] not in taken
            ]
