"""Forms for materials, editions, stock locations and stock movements.

Movement forms only collect input; the views hand it to
``plakats.materials.services``, which decides whether the movement is allowed.
"""

from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from plakats.core.permissions import COORDINATORS, region_ids_of, role_of
from plakats.distribution.models import Dispatch

from .models import Edition, Material, StockLocation

ARTWORK_MAX_BYTES = 20 * 1024 * 1024
ARTWORK_EXTENSIONS = {".pdf": "pdf", ".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".svg": "svg"}
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def sniff_artwork(head: bytes) -> str | None:
    """Return the file type the first bytes of a file show (pdf, png, jpeg, svg), or None."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if text.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype svg")) and b"<svg" in text:
        return "svg"
    return None


def validate_artwork(upload) -> None:
    """Accept a PDF, PNG, JPEG or SVG of at most 20 MB whose content matches its extension."""
    if upload.size > ARTWORK_MAX_BYTES:
        raise ValidationError(
            _("The artwork file may be at most %(limit)d MB; this one is %(size).1f MB."),
            params={"limit": ARTWORK_MAX_BYTES // (1024 * 1024), "size": upload.size / 1024**2},
            code="too_large",
        )
    expected = ARTWORK_EXTENSIONS.get(PurePath(upload.name).suffix.lower())
    if expected is None:
        raise ValidationError(
            _("Upload the artwork as a PDF, PNG, JPG or SVG file."), code="extension"
        )
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    if sniff_artwork(head) != expected:
        raise ValidationError(
            _("The file's content is not %(kind)s, whatever its name says."),
            params={"kind": expected.upper()},
            code="content",
        )


class MaterialForm(forms.ModelForm):
    class Meta:
        model = Material
        fields = ["name", "kind", "size", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ArtworkModelForm(forms.ModelForm):
    """An edition form that checks the artwork file; also used by the admin."""

    def clean_artwork(self):
        artwork = self.cleaned_data.get("artwork")
        # A newly uploaded file, not the one already stored.
        if artwork and hasattr(artwork, "content_type"):
            validate_artwork(artwork)
        return artwork


class EditionForm(ArtworkModelForm):
    class Meta:
        model = Edition
        fields = [
            "language",
            "version",
            "hotline_numbers",
            "urls",
            "artwork",
            "print_run",
            "valid_from",
            "valid_until",
            "supersedes",
            "withdrawn_on",
        ]
        widgets = {
            "urls": forms.Textarea(attrs={"rows": 3}),
            "valid_from": DATE_INPUT,
            "valid_until": DATE_INPUT,
            "withdrawn_on": DATE_INPUT,
        }

    def __init__(self, *args, material: Material, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.material = material
        others = Edition.objects.filter(material=material).select_related("material")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        self.fields["supersedes"].queryset = others
        self.fields["supersedes"].help_text = _(
            "The earlier edition of the same material that this one replaces."
        )
        self.fields["supersedes"].error_messages["invalid_choice"] = _(
            "Choose another edition of the same material (not this one)."
        )

    def clean(self):
        cleaned = super().clean()
        language, version = cleaned.get("language"), cleaned.get("version")
        # ``material`` is not a form field, so ModelForm skips the unique check on it.
        duplicate = (
            Edition.objects.filter(
                material=self.instance.material, language=language, version=version
            )
            .exclude(pk=self.instance.pk)
            .exists()
        )
        if language and version and duplicate:
            constraint = next(
                c for c in Edition._meta.constraints if c.name == "edition_unique_version"
            )
            self.add_error("version", constraint.violation_error_message)
        return cleaned


class StockLocationForm(forms.ModelForm):
    class Meta:
        model = StockLocation
        fields = ["name", "region", "holder", "low_stock_threshold"]


def locations_for(user):
    """The stock locations ``user`` may record movements at (all of them for coordinators)."""
    locations = StockLocation.objects.select_related("region")
    if role_of(user) in COORDINATORS:
        return locations
    return locations.filter(region_id__in=region_ids_of(user))


def _edition_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Edition"),
        queryset=Edition.objects.select_related("material"),
        error_messages={"invalid_choice": _("Choose one of the editions listed.")},
    )


def _quantity_field() -> forms.IntegerField:
    return forms.IntegerField(label=_("Quantity"), min_value=1, max_value=10_000_000)


def _note_field() -> forms.CharField:
    return forms.CharField(label=_("Note"), max_length=255, required=False)


class ReceiveForm(forms.Form):
    edition = _edition_field()
    quantity = _quantity_field()
    occurred_on = forms.DateField(label=_("Date"), required=False, widget=DATE_INPUT)
    note = _note_field()


class TransferForm(forms.Form):
    edition = _edition_field()
    destination = forms.ModelChoiceField(
        label=_("To location"),
        queryset=StockLocation.objects.none(),
        error_messages={"invalid_choice": _("Choose one of the locations listed.")},
    )
    quantity = _quantity_field()
    note = _note_field()

    def __init__(self, *args, source: StockLocation, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["destination"].queryset = locations_for(user).exclude(pk=source.pk)


class WriteOffForm(forms.Form):
    edition = _edition_field()
    quantity = _quantity_field()
    note = forms.CharField(
        label=_("Reason"), max_length=255, help_text=_("e.g. damaged by water, outdated number")
    )


class ReturnForm(forms.Form):
    edition = _edition_field()
    quantity = _quantity_field()
    dispatch = forms.ModelChoiceField(
        label=_("From dispatch"), queryset=Dispatch.objects.none(), required=False
    )
    note = _note_field()

    def __init__(self, *args, location: StockLocation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dispatch"].queryset = Dispatch.objects.filter(stock_location=location)
