"""Forms of the venue import: upload, column mapping, confirmation with duplicate choices."""

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from plakats.venues.choices import VenueKind

from .mapping import VENUE_FIELDS, check_mapping
from .models import ImportKind, ImportRun
from .reading import max_bytes

KIND_CHOICES = [("", _("— from the file —")), *VenueKind.choices]


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (as Excel saves it: semicolons, UTF-8 or Windows-1257), XLSX or ODS."),
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=50,
        required=False,
        help_text=_(
            "The register the file comes from, e.g. “VIIS”. Venues remember it with their "
            "external id, so the next file of the same register updates them."
        ),
    )
    default_kind = forms.ChoiceField(
        label=_("Kind of venue"),
        choices=KIND_CHOICES,
        required=False,
        help_text=_("For rows (or files) that do not say what kind of venue they are."),
    )
    sheet = forms.CharField(
        label=_("Sheet"),
        max_length=100,
        required=False,
        help_text=_("Of an XLSX or ODS file; empty means the first sheet."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_bytes():
            raise ValidationError(
                _("The file is %(size)s; files of at most %(limit)s can be imported.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes())}
            )
        return upload


class MappingForm(forms.Form):
    """One choice per column of the file, plus the source and the default kind."""

    source = forms.CharField(label=_("Source"), max_length=50, required=False)
    default_kind = forms.ChoiceField(label=_("Kind of venue"), choices=KIND_CHOICES, required=False)

    def __init__(self, *args, run: ImportRun, **kwargs):
        kwargs.setdefault(
            "initial",
            {"source": run.source, "default_kind": run.default_kind}
            | {f"col_{i}": key for i, key in enumerate(run.mapping)},
        )
        super().__init__(*args, **kwargs)
        self.run = run
        preview = run.preview or {}
        headers = preview.get("headers") or [""] * len(run.mapping)
        samples = preview.get("samples") or [[] for _header in headers]
        personal = set(preview.get("personal") or [])
        choices = [("", _("— not imported —"))] + [(s.key, s.label) for s in VENUE_FIELDS]
        self.column_names = []
        for index, header in enumerate(headers):
            name = f"col_{index}"
            help_parts = []
            if index < len(samples) and samples[index]:
                help_parts.append(_("e.g. %(values)s") % {"values": " · ".join(samples[index])})
            if index in personal:
                help_parts.append(
                    _(
                        "Looks like personal data: not imported unless you choose "
                        "“contact person” on purpose."
                    )
                )
            self.fields[name] = forms.ChoiceField(
                label=header,
                choices=choices,
                required=False,
                help_text=" ".join(map(str, help_parts)),
            )
            self.column_names.append(name)

    @property
    def column_fields(self):
        return [self[name] for name in self.column_names]

    def mapping(self) -> list[str]:
        return [self.cleaned_data.get(name, "") for name in self.column_names]

    def clean(self):
        cleaned = super().clean()
        for problem in check_mapping(
            ImportKind.VENUES, self.mapping(), default_kind=cleaned.get("default_kind", "")
        ):
            self.add_error(None, problem)
        return cleaned


class ConfirmForm(forms.Form):
    """What to do with rows with errors and with each likely duplicate, then import."""

    skip_errors = forms.BooleanField(
        label=_("Import the valid rows and leave out the rows with errors"), required=False
    )

    def __init__(self, *args, run: ImportRun, **kwargs):
        super().__init__(*args, **kwargs)
        self.run = run
        preview = run.preview or {}
        self.error_count = preview.get("counts", {}).get("error", 0)
        duplicates = preview.get("duplicates", [])
        self.duplicate_names = []
        for duplicate in duplicates:
            choices = [
                (
                    f"merge:{pk}",
                    _("Merge into “%(name)s” (%(score)s%% alike)") % {"name": name, "score": score},
                )
                for pk, name, score in duplicate["candidates"]
            ] + [
                ("skip", _("Skip this row")),
                ("create", _("Create a new venue anyway")),
            ]
            name = f"dup_{duplicate['row']}"
            self.fields[name] = forms.ChoiceField(
                label=_("Row %(row)s: “%(name)s”, %(municipality)s")
                % {
                    "row": duplicate["row"],
                    "name": duplicate["name"],
                    "municipality": duplicate["municipality"] or _("no municipality"),
                },
                choices=choices,
                initial=choices[0][0],
                widget=forms.RadioSelect,
            )
            self.duplicate_names.append(name)
        if preview.get("counts", {}).get("duplicate", 0) > len(duplicates):
            self.fields["dup_default"] = forms.ChoiceField(
                label=_("The likely duplicates not listed above"),
                choices=[
                    ("merge", _("Merge each into its most alike venue")),
                    ("skip", _("Skip them")),
                    ("create", _("Create new venues anyway")),
                ],
                initial="merge",
                widget=forms.RadioSelect,
            )
        if not self.error_count:
            del self.fields["skip_errors"]

    @property
    def duplicate_fields(self):
        return [self[name] for name in self.duplicate_names]

    def clean(self):
        cleaned = super().clean()
        if self.error_count and not cleaned.get("skip_errors"):
            raise ValidationError(
                ngettext(
                    "%(count)s row has errors: correct the file and upload it again, or choose "
                    "to leave the rows with errors out.",
                    "%(count)s rows have errors: correct the file and upload it again, or "
                    "choose to leave the rows with errors out.",
                    self.error_count,
                )
                % {"count": self.error_count}
            )
        return cleaned

    def decisions(self) -> dict[str, str]:
        chosen = {
            name.removeprefix("dup_"): self.cleaned_data[name] for name in self.duplicate_names
        }
        chosen["default"] = self.cleaned_data.get("dup_default", "")
        return chosen
