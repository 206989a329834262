"""Recalls: an edition superseded or withdrawn, and the placements that still show it.

A ``Recall`` is made by ``services.recall.supersede_edition`` or
``withdraw_edition``; its ``RecallLine`` rows are the placements believed up at
that moment (and any found up later, when a replacement dispatch is made). A
line's ``new_placement`` is the successor's placement sent to replace it, so
the public confirmation page of that placement asks both "old removed?" and
"new up?".
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class RecallKind(models.TextChoices):
    SUPERSEDED = "superseded", _("superseded")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Recall(models.Model):
    """Taking an outdated edition off the walls (and putting its successor up)."""

    edition = models.OneToOneField(
        "materials.Edition",
        verbose_name=_("edition"),
        on_delete=models.PROTECT,
        related_name="recall",
    )
    successor = models.ForeignKey(
        "materials.Edition",
        verbose_name=_("replaced by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replacing_recalls",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RecallKind.choices)
    reason = models.CharField(_("reason"), max_length=500)
    effective_on = models.DateField(_("date"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("recall")
        verbose_name_plural = _("recalls")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="withdrawn", successor__isnull=True)
                | models.Q(kind="superseded", successor__isnull=False),
                name="recall_successor_matches_kind",
                violation_error_message=_(
                    "A superseded edition has a successor; a withdrawn one has none."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(successor=models.F("edition")),
                name="recall_not_replaced_by_itself",
                violation_error_message=_("An edition cannot be replaced by itself."),
            ),
        ]

    def __str__(self) -> str:
        return str(_("Recall of %(edition)s") % {"edition": self.edition})

    def get_absolute_url(self) -> str:
        return reverse("distribution:recall_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class RecallLine(models.Model):
    """One placement of the recalled edition, and the placement that replaces it (if any)."""

    recall = models.ForeignKey(
        Recall, verbose_name=_("recall"), on_delete=models.CASCADE, related_name="lines"
    )
    old_placement = models.ForeignKey(
        "distribution.Placement",
        verbose_name=_("old placement"),
        on_delete=models.PROTECT,
        related_name="recall_lines",
    )
    new_placement = models.OneToOneField(
        "distribution.Placement",
        verbose_name=_("replacement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaces_line",
    )

    class Meta:
        ordering = ["recall", "id"]
        verbose_name = _("recall line")
        verbose_name_plural = _("recall lines")
        constraints = [
            models.UniqueConstraint(
                fields=["recall", "old_placement"], name="recall_line_unique_placement"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recall_id}: {self.old_placement_id} → {self.new_placement_id or '—'}"
