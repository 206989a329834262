"""The editable cover letter that goes into each venue's package, and its placeholders."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.models import HistoricalRecords

from plakats.core.models import TimeStamped
from plakats.venues.choices import VenueLanguage

# What a letter may say in braces; the print pack fills each per venue.
PLACEHOLDERS = (
    "venue",
    "address",
    "code",
    "link",
    "materials",
    "organisation",
    "contact",
    "date",
    "replaces",
)

# "{{" and "}}" are literal braces; "{name}" a placeholder; any other brace is unmatched.
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


def placeholder_problems(text: str) -> list[str]:
    """Return what is wrong with the braces of ``text``, as messages fit to show (empty if fine)."""
    unknown: list[str] = []
    unmatched = False
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        name = match.group(1)
        if name is None:
            unmatched = True
        elif name not in PLACEHOLDERS and token not in unknown:
            unknown.append(token)
    problems = []
    if unknown:
        problems.append(
            ngettext(
                "Unknown placeholder %(names)s. Use only %(allowed)s.",
                "Unknown placeholders %(names)s. Use only %(allowed)s.",
                len(unknown),
            )
            % {"names": ", ".join(unknown), "allowed": allowed_placeholders()}
        )
    if unmatched:
        problems.append(
            _("A brace is not matched. Write {{ or }} for a brace that is not a placeholder.")
        )
    return problems


def allowed_placeholders() -> str:
    return ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)


def fill(text: str, values: dict[str, str]) -> str:
    """Put ``values`` into the placeholders of ``text``; anything else stays as written."""

    def replace(match: re.Match) -> str:
        token = match.group(0)
        if token in ("{{", "}}"):
            return token[0]
        name = match.group(1)
        if name is not None and name in values:
            return values[name]
        return token

    return _TOKEN.sub(replace, text)


class LetterTemplate(TimeStamped):
    """The cover letter of a print pack in one language.

    ``title`` and ``body`` are plain text with placeholders in braces (see
    ``PLACEHOLDERS``); the print pack fills them per venue. A blank line
    starts a new paragraph. ``recall_title``/``recall_body`` are the letter of
    a replacement dispatch (see ``plakats.distribution.services.recall``).
    """

    language = models.CharField(
        _("language"), max_length=2, choices=VenueLanguage.choices, unique=True
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    # The letter of a replacement dispatch (a recall): take the old one down, put the new one up.
    recall_title = models.CharField(
        _("title of the replacement letter"), max_length=200, blank=True
    )
    recall_body = models.TextField(
        _("text of the replacement letter"),
        blank=True,
        help_text=_(
            "Used instead of the text above when the package replaces an outdated edition; "
            "{replaces} lists what to take down. Empty: the text above is used."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["language"]
        verbose_name = _("cover letter")
        verbose_name_plural = _("cover letters")

    def __str__(self) -> str:
        return f"{self.get_language_display()}: {self.title}"

    def clean(self) -> None:
        errors = {
            field: problems
            for field in ("title", "body", "recall_title", "recall_body")
            if (problems := placeholder_problems(getattr(self, field)))
        }
        if errors:
            raise ValidationError(errors)
