"""Background work of the distribution app, run by ``manage.py db_worker``.

``send_reminder`` writes one reminder e-mail to one venue in the venue's
language: Latvian, Russian or English, each a plain-text template of its own
under ``distribution/email/`` (Latvian when the venue's language has none).
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import select_template
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from plakats.venues.choices import VenueLanguage

from .models import Reminder

logger = logging.getLogger(__name__)

EMAIL_TEMPLATES = "distribution/email/reminder_{part}_{language}.txt"


def confirmation_link(token: str) -> str:
    """The public address a venue opens to confirm one placement."""
    return settings.PLAKATS_BASE_URL + reverse("confirm", args=[token])


def _template(part: str, language: str):
    return select_template(
        [
            EMAIL_TEMPLATES.format(part=part, language=language),
            EMAIL_TEMPLATES.format(part=part, language=VenueLanguage.LATVIAN),
        ]
    )


def render_reminder(reminder: Reminder) -> tuple[str, str]:
    """Return the subject and plain-text body of a reminder, in its venue's language."""
    venue = reminder.venue
    language = venue.language or VenueLanguage.LATVIAN
    placements = reminder.placements.select_related("edition__material").order_by("code")
    context = {
        "venue": venue,
        "placements": [
            {
                "material": p.edition.material.name,
                "version": p.edition.version,
                "quantity": p.quantity,
                "code": p.code,
                "link": confirmation_link(p.token),
            }
            for p in placements
        ],
        "organisation": settings.PLAKATS_ORGANISATION,
        "contact": settings.PLAKATS_CONTACT,
    }
    with translation.override(language):
        subject = _template("subject", language).render(context)
        body = _template("body", language).render(context)
    return " ".join(subject.split()), body.strip() + "\n"


@task()
def send_reminder(reminder_id: int) -> str:
    """Send one queued reminder; a reminder already sent is not sent again.

    Returns what happened ("sent", "already sent", "failed", "missing"). A
    failure is kept on the reminder (``error``) and does not count as a recent
    reminder, so the next "send reminders" queues the venue again.
    """
    reminder = Reminder.objects.select_related("venue").filter(pk=reminder_id).first()
    if reminder is None:
        return "missing"
    if reminder.sent_at is not None:
        return "already sent"
    subject, body = render_reminder(reminder)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [reminder.email])
    except Exception as exc:
        logger.exception("Reminder %s to %s failed", reminder.pk, reminder.email)
        error = (str(exc) or type(exc).__name__)[:500]
        Reminder.objects.filter(pk=reminder.pk).update(error=error)
        return "failed"
    Reminder.objects.filter(pk=reminder.pk, sent_at__isnull=True).update(
        sent_at=timezone.now(), error=""
    )
    return "sent"
