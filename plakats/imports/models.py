"""Import runs (one uploaded or command-line file and what became of it) and remembered mappings.

An ``ImportRun`` keeps the uploaded file until it is imported, the column
mapping and duplicate choices the user made, the preview's figures, and the
progress of a background run, so a page can poll it and a closed browser
changes nothing. A ``ColumnMapping`` remembers, per source and header layout,
which column went to which field, so the next file of the same layout needs
no mapping by hand.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    VENUES = "venues", _("venues")
    PLACEMENTS = "placements", _("placements")


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("uploaded")
    ANALYSING = "analysing", _("checking")
    PREVIEWED = "previewed", _("ready to import")
    COMMITTING = "committing", _("importing")
    COMMITTED = "committed", _("imported")
    FAILED = "failed", _("failed")

    @classmethod
    def running(cls) -> list[str]:
        return [cls.ANALYSING, cls.COMMITTING]


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class ImportRun(models.Model):
    """One file brought into Plakats: who, when, what it was, and what it did."""

    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_runs",
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    source = models.CharField(
        _("source"),
        max_length=50,
        blank=True,
        help_text=_(
            "The register the file comes from, e.g. “VIIS”. Stored as the external register."
        ),
    )
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    # The file itself, kept only until it is imported: a register may hold personal data.
    content = models.BinaryField(_("file content"), blank=True, default=b"", editable=False)
    sheet = models.CharField(_("sheet"), max_length=100, blank=True)
    default_kind = models.CharField(
        _("kind of venue when the file has none"), max_length=30, blank=True
    )
    mapping = models.JSONField(_("column mapping"), default=list, blank=True)
    decisions = models.JSONField(_("choices for likely duplicates"), default=dict, blank=True)
    skip_errors = models.BooleanField(_("skip rows with errors"), default=False)
    preview = models.JSONField(_("preview"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0)
    errors = models.PositiveIntegerField(_("rows with errors"), default=0)
    error_text = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        indexes = [models.Index(fields=["status", "created_at"], name="importrun_status_idx")]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_kind_display()}, {self.created_at:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("imports:import_detail", args=[self.pk])

    @property
    def is_running(self) -> bool:
        return self.status in ImportStatus.running()

    @property
    def percent_done(self) -> int:
        if not self.rows_total:
            return 0
        return min(100, round(100 * self.rows_done / self.rows_total))


class ColumnMapping(models.Model):
    """Which column of a source's header layout goes to which field, as last confirmed."""

    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    source = models.CharField(_("source"), max_length=50, blank=True)
    signature = models.CharField(_("header signature"), max_length=64)
    headers = models.JSONField(_("headers"), default=list)
    fields = models.JSONField(_("fields"), default=list)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "source", "signature"], name="columnmapping_unique_layout"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source or '—'}: {', '.join(self.headers)[:80]}"
