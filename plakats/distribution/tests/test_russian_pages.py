"""The venue-facing pages speak Russian, and every message they use is translated.

The catalogue check renders each page and refusal in Russian while recording
every message looked up in the Russian catalogue: a message of ours must have a
Russian translation in ``locale/ru``, one of Django's must have Django's own. A
second check reads the Russian catalogue: every message that names a
venue-facing template or view as its source is translated. Staff pages are not
translated into Russian and never render in it.
"""

import ast
import gettext
import re
import secrets
from datetime import date, timedelta
from pathlib import Path

import django
import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import trans_real
from django.utils.translation.template import templatize

from plakats.core.tests import factory
from plakats.distribution import services
from plakats.distribution.choices import Answer, Delivery, PartnerAnswer
from plakats.distribution.models import PartnerLink
from plakats.distribution.services import recall as recall_services
from plakats.materials import services as stock
from plakats.venues.models import Agreement

from . import recall_world
from .images import upload

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
CATALOGUE = ROOT / "locale/ru/LC_MESSAGES/django.po"
PUBLIC = "plakats/distribution/templates/distribution/public/"
# Where the venue-facing messages live; the other two templates under public/
# (_placement_confirmations.html, partner_link_panel.html) are parts of staff pages.
VENUE_FACING_SOURCES = [
    PUBLIC + name
    for name in (
        "_layout.html",
        "confirm.html",
        "expired.html",
        "not_found.html",
        "partner_confirm.html",
        "rate_limited.html",
    )
] + ["plakats/distribution/views/public.py", "plakats/distribution/views/partners.py"]


def _catalogue() -> dict[str, dict]:
    """Each msgid of the Russian .po (with its context) → its msgstrs, sources and fuzziness."""
    entries = {}
    for block in CATALOGUE.read_text().split("\n\n"):
        if block.lstrip().startswith("#~"):
            continue
        msgid = _field(block, "msgid")
        if not msgid:
            continue
        context = _field(block, "msgctxt")
        key = f"{context}\x04{msgid}" if context is not None else msgid
        plural = [_field(block, f"msgstr[{i}]") for i in range(3)]
        entries[key] = {
            "strs": plural if plural[0] is not None else [_field(block, "msgstr")],
            "sources": re.findall(r"^#: (.*)$", block, re.MULTILINE),
            "fuzzy": "#, fuzzy" in block,
        }
    return entries


def _field(block: str, name: str) -> str | None:
    match = re.search(rf'^{re.escape(name)} ((?:".*"\n?)+)', block, re.MULTILINE)
    if not match:
        return None
    return "".join(re.findall(r'"(.*)"', match.group(1)))


def _translated(entry: dict | None) -> bool:
    return entry is not None and not entry["fuzzy"] and all(entry["strs"])


def _djangos_own() -> set[str]:
    """The messages Django itself translates into Russian (forms, validators, …)."""
    found = set()
    base = Path(django.__file__).parent
    for locale_dir in [base / "conf/locale", *base.glob("contrib/*/locale")]:
        try:
            catalogue = gettext.translation("django", str(locale_dir), languages=["ru"])
        except OSError:
            continue
        found.update(key[0] if isinstance(key, tuple) else key for key in catalogue._catalog)
    return found


@pytest.fixture
def looked_up(monkeypatch) -> set[str]:
    """Record every message looked up while Russian is active."""
    seen: set[str] = set()
    gettext_, ngettext_ = (
        trans_real.DjangoTranslation.gettext,
        trans_real.DjangoTranslation.ngettext,
    )

    def recording_gettext(self, message):
        if self.language() == "ru":
            seen.add(message)
        return gettext_(self, message)

    def recording_ngettext(self, singular, plural, number):
        if self.language() == "ru":
            seen.add(singular)
        return ngettext_(self, singular, plural, number)

    monkeypatch.setattr(trans_real.DjangoTranslation, "gettext", recording_gettext)
    monkeypatch.setattr(trans_real.DjangoTranslation, "ngettext", recording_ngettext)
    return seen


@pytest.fixture
def world(settings, tmp_path):
    """A dispatch to a Russian-speaking venue (two materials) and one carried by a partner."""
    settings.MEDIA_ROOT = tmp_path
    today = timezone.localdate()
    campaign = factory.make_campaign(
        starts_on=today - timedelta(days=10), ends_on=today + timedelta(days=30)
    )
    dispatch = factory.make_dispatch(campaign=campaign)
    club = factory.make_venue(name="Daugavpils klubs", language="ru")
    placements = [
        factory.make_placement(
            campaign=campaign,
            dispatch=dispatch,
            venue=club,
            edition=factory.make_edition(material=factory.make_material(name=name)),
            quantity=quantity,
            delivery=Delivery.SENT,
        )
        for name, quantity in (("A2 poster", 2), ("Leaflet", 21))
    ]
    association = factory.make_partner(name="Hostel association")
    network = factory.make_network(name="Member hostels", partner=association)
    Agreement.objects.create(
        partner=association, title="Posters", network=network, valid_from=today - timedelta(30)
    )
    member = factory.make_venue(kind="hostel", name="Hostel Ausma", network=network)
    carried = services.create_dispatch(
        campaign=campaign,
        name="Hostels",
        channel="via_partner",
        planned_on=today,
        lines=[services.Line(member.pk, factory.make_edition().pk, 1)],
        partner=association,
    )
    link = PartnerLink.objects.get(dispatch=carried)
    partner_placement = carried.placements.get()
    return {
        "placement": placements[0],
        "link": link,
        "partner_placement": partner_placement,
        "outsider": placements[1],
    }


def _confirm(placement_or_token, query: str = "") -> str:
    token = getattr(placement_or_token, "token", placement_or_token)
    return reverse("confirm", args=[token]) + query


def _visit_every_state(client, world, settings) -> list:
    """Render every venue-facing page and refusal in Russian; return the responses."""
    placement, link = world["placement"], world["link"]
    partner_url = reverse("partner_confirm", args=[link.token]) + "?lang=ru"
    responses = [
        client.get(_confirm(placement)),
        client.post(_confirm(placement, "?lang=ru"), {"where": "Zāle"}),
        client.post(_confirm(placement, "?lang=ru"), {"answer": "nonsense"}),
        client.post(
            _confirm(placement, "?lang=ru"),
            {"answer": Answer.DISPLAYED, "photo": upload(b"not a photo", "photo.jpg")},
        ),
        client.post(
            _confirm(placement, "?lang=ru"),
            {"answer": Answer.NOT_DISPLAYED, "reason": "Nav vietas"},
            follow=True,
        ),
        client.post(
            _confirm(placement, "?lang=ru"),
            {"answer": Answer.DISPLAYED, "where": "Pie ieejas"},
            follow=True,
        ),
        client.get(reverse("partner_confirm", args=[link.token]) + "?lang=ru"),
        client.post(partner_url, {}),
        client.post(partner_url, {f"answer-{world['outsider'].pk}": PartnerAnswer.DELIVERED}),
        client.post(
            partner_url,
            {f"answer-{world['partner_placement'].pk}": PartnerAnswer.DELIVERED},
            follow=True,
        ),
        client.get(_confirm(secrets.token_urlsafe(24), "?lang=ru")),
    ]
    settings.PLAKATS_CONFIRMATION_CORRECTION_DAYS = 0
    placement.confirmations.update(submitted_at=timezone.now() - timedelta(days=40))
    responses.append(client.get(_confirm(placement)))
    settings.PLAKATS_CONFIRMATION_LINK_DAYS_AFTER_CAMPAIGN = -365
    responses.append(client.get(_confirm(placement)))
    responses.append(client.get(reverse("partner_confirm", args=[link.token]) + "?lang=ru"))
    settings.PLAKATS_CONFIRMATION_MISS_RATE = "1/m"
    client.get(_confirm(secrets.token_urlsafe(24), "?lang=ru"))
    responses.append(client.get(_confirm(placement, "?lang=ru")))
    return responses


def test_it_translates_every_message_of_the_venue_pages(client, world, settings, looked_up):
    responses = _visit_every_state(client, world, settings)

    assert _untranslated(looked_up) == []
    assert all('<html lang="ru">' in r.content.decode() for r in responses)
    assert {r.status_code for r in responses} == {200, 404, 410, 429}


def _untranslated(looked_up: set[str]) -> list[str]:
    catalogue, djangos = _catalogue(), _djangos_own()
    return sorted(
        message
        for message in looked_up
        if not _translated(catalogue.get(message)) and message not in djangos
    )


def test_it_translates_the_questions_of_a_replacement(client, settings, tmp_path, looked_up):
    settings.MEDIA_ROOT = tmp_path
    world = recall_world.build()
    stock.receive_print_run(world["new"], world["location"], 8)
    recall = recall_services.supersede_edition(world["old"], world["new"], reason="Jauns numurs")
    recall_services.create_replacement_dispatch(
        recall,
        campaign=world["campaign"],
        planned_on=date(2015, 3, 2),
        stock_location=world["location"],
    )
    new = recall.lines.get(old_placement=world["placements"]["displayed"]).new_placement
    url = reverse("confirm", args=[new.token]) + "?lang=ru"

    asked = client.get(url).content.decode()
    refused = client.post(url, {"answer": Answer.DISPLAYED}).content.decode()

    assert "Вы сняли старый плакат?" in asked and "Новый плакат размещён?" in asked
    assert "Пожалуйста, сообщите, сняли ли вы старый плакат." in refused
    assert _untranslated(looked_up) == []


def _template_messages(path: str) -> set[str]:
    """The msgids of a template, read from the template itself (as makemessages reads it)."""
    code = templatize((ROOT / path).read_text())
    return {ast.literal_eval(literal) for literal in GETTEXT_CALL.findall(code)}


GETTEXT_CALL = re.compile(r"\bn?gettext\(u?('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")")


def test_it_translates_every_message_from_a_venue_facing_source():
    catalogue = _catalogue()
    wanted = set().union(*(_template_messages(p) for p in VENUE_FACING_SOURCES if ".html" in p))
    wanted |= {
        msgid
        for msgid, entry in catalogue.items()
        if any(
            ref.split(":")[0] in VENUE_FACING_SOURCES
            for refs in entry["sources"]
            for ref in refs.split()
        )
    }

    assert "We sent you" in wanted and "Where?" in wanted
    untranslated = sorted(msgid for msgid in wanted if not _translated(catalogue.get(msgid)))
    assert untranslated == [], "Translate in locale/ru: " + " | ".join(untranslated)


def test_it_uses_three_russian_plural_forms(client, world):
    """1 экземпляр, 2 экземпляра, 21 экземпляр — and 5 экземпляров."""
    header = CATALOGUE.read_text().split("\n\n")[0]
    assert "nplurals=3;" in header and "#, fuzzy" not in header
    page = client.get(_confirm(world["placement"])).content.decode()

    assert "2 экземпляра" in page
    assert "21 экземпляр</li>" in page
