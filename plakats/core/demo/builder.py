"""Build the illustrative demo campaign, wave by wave, in story order.

The waves follow DESIGN.md's story: NVA branches by hand in September 2013,
web banners, schools by post in two waves in 2014, youth centres, a new edition
with a new hotline number in 2015, hostels through the hostel association, and
replacement posters. Dispatches are made with ``create_dispatch`` (so stock is
taken by the same rule as in real use) and their placements are moved by
``stories.Player``.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plakats.core.errors import DomainError
from plakats.distribution import services
from plakats.distribution.choices import Axis, Channel, Delivery, Display, Measure, Reach, Source
from plakats.distribution.models import Campaign, Dispatch, Placement, Target
from plakats.geo.models import Municipality, Region
from plakats.materials import services as stock
from plakats.materials.models import Edition, StockLocation
from plakats.venues.models import Venue

from . import names
from .catalogue import Catalogue, build_catalogue, print_run, transfer
from .outreach import build_outreach
from .stories import (
    Player,
    Step,
    at,
    by_post,
    in_person,
    later,
    on_wall,
    via_partner,
)
from .users import ensure_demo_users
from .venues import Register, build_register

DEFAULT_SEED = 2013


@dataclass(frozen=True)
class Summary:
    venues: int
    placements: int
    dispatches: int
    status_changes: int


def check_ready() -> None:
    """Refuse to build without Latvia's geography or on top of an earlier demo."""
    codes = set(Region.objects.filter(country="LV").values_list("code", flat=True))
    wanted = {"riga", *(code for code, _name in names.CONSULTANTS)}
    if not wanted <= codes or not Municipality.objects.filter(region__country="LV").exists():
        raise DomainError(_("Latvia's geography is not loaded: run “manage.py migrate” first."))
    if Campaign.objects.filter(name=names.CAMPAIGN_NAME).exists():
        raise DomainError(_("The demo data is already loaded; use --flush-demo to build it again."))


@transaction.atomic
def build_demo(seed: int = DEFAULT_SEED) -> Summary:
    """Create the whole demo in one transaction: the same seed gives the same data."""
    check_ready()
    users = ensure_demo_users()
    register = build_register(seed, users["coordinator"])
    catalogue = build_catalogue(users)
    demo = _CampaignBuilder(seed, users, register, catalogue)
    demo.run()
    build_outreach(seed, demo.campaign, users, register, catalogue)
    return Summary(
        venues=len(register.all_venues()),
        placements=Placement.objects.filter(campaign=demo.campaign).count(),
        dispatches=Dispatch.objects.filter(campaign=demo.campaign).count(),
        status_changes=demo.player.count,
    )


class _CampaignBuilder:
    def __init__(self, seed: int, users: dict, register: Register, catalogue: Catalogue):
        self.rng = random.Random(f"{seed}-stories")
        self.users = users
        self.register = register
        self.cat = catalogue
        self.coordinator = users["coordinator"]
        latgale = Region.objects.get(country="LV", code="latgale")
        self.player = Player(users, {latgale.pk})
        self.regions = {r.pk: r.code for r in Region.objects.filter(country="LV")}
        # The LV 2013 poster placement of each venue, for the replacement waves.
        self.old_posters: dict[int, Placement] = {}

    def run(self) -> None:
        self.campaign = self._campaign()
        self._print_runs_2013()
        self._nva_branches()
        self._web_banners()
        self._schools_wave_1()
        self._youth_centres()
        self._schools_wave_2()
        self._new_edition_2015()
        self._web_update()
        self._hostels()
        self._nva_replacement()
        self._schools_replacement()

    # --- set-up -----------------------------------------------------------------------

    def _campaign(self) -> Campaign:
        campaign = Campaign.objects.create(
            name=names.CAMPAIGN_NAME,
            starts_on=names.CAMPAIGN_START,
            ends_on=names.CAMPAIGN_END,
            funder=self.register.funder,
            description=names.CAMPAIGN_DESCRIPTION,
        )
        targets = [
            (
                "All 28 NVA branches",
                ["employment_agency"],
                Reach.DELIVERED,
                28,
                self.register.nva_network,
            ),
            ("600 schools", ["school"], Reach.DELIVERED, 600, None),
            ("46 youth centres", ["youth_centre"], Reach.DELIVERED, 46, None),
            ("Hostels displaying", ["hostel"], Reach.DISPLAYED, 30, None),
        ]
        for name, kinds, reach, goal, network in targets:
            Target.objects.create(
                campaign=campaign,
                name=name,
                measure=Measure.VENUES,
                venue_kinds=kinds,
                min_reach=reach,
                goal=goal,
                network=network,
            )
        return campaign

    def _region_code(self, venue: Venue) -> str:
        return self.regions[venue.municipality.region_id]

    def _dispatch(
        self,
        name: str,
        channel: str,
        day: date,
        lines: list[tuple[Venue, Edition, int]],
        location: StockLocation | None,
        user=None,
        partner=None,
        handed_over_at: datetime | None = None,
    ) -> tuple[Dispatch, dict[tuple[int, int], Placement]]:
        dispatch = services.create_dispatch(
            campaign=self.campaign,
            name=name,
            channel=channel,
            planned_on=day,
            lines=[services.Line(v.pk, e.pk, q) for v, e, q in lines],
            stock_location=location,
            partner=partner,
            handed_over_at=handed_over_at,
            user=user or self.coordinator,
            note=names.ILLUSTRATIVE,
        )
        placements = {
            (p.venue_id, p.edition_id): p for p in dispatch.placements.select_related("edition")
        }
        return dispatch, placements

    # --- 2013 -------------------------------------------------------------------------

    def _print_runs_2013(self) -> None:
        cat, day = self.cat, date(2013, 8, 15)
        for edition, quantity in [
            (cat.poster_lv, 1200),
            (cat.poster_ru, 300),
            (cat.poster_en, 100),
            (cat.banner, 50),
        ]:
            print_run(edition, cat.riga, quantity, day, self.coordinator)

    def _nva_kit(self, venue: Venue) -> list[tuple[Edition, int]]:
        """What a consultant takes to one branch."""
        kit = [(self.cat.poster_lv, 2), (self.cat.banner, 1)]
        if self._region_code(venue) in ("latgale", "riga"):
            kit.append((self.cat.poster_ru, 1))
        if venue.municipality.code == "0001000":
            kit.append((self.cat.poster_en, 1))
        return kit

    def _by_region(self, venues: list[Venue]) -> list[tuple[str, list[Venue]]]:
        groups: dict[str, list[Venue]] = {}
        for venue in venues:
            groups.setdefault(self._region_code(venue), []).append(venue)
        return sorted(groups.items())

    def _supply(self, lines, edition_spare: dict[Edition, int], day: date) -> StockLocation:
        """Move what a regional dispatch needs (plus spares) to the consultant."""
        region = self._region_code(lines[0][0])
        location = self.cat.location_for(region)
        if location == self.cat.riga:
            return location
        needed: dict[int, int] = {}
        for _venue, edition, quantity in lines:
            needed[edition.pk] = needed.get(edition.pk, 0) + quantity
        for edition, spare in edition_spare.items():
            if edition.pk in needed:
                transfer(
                    edition,
                    self.cat.riga,
                    location,
                    needed[edition.pk] + spare,
                    day,
                    self.coordinator,
                )
        return location

    def _nva_branches(self) -> None:
        cat = self.cat
        for i, (region, branches) in enumerate(self._by_region(self.register.nva)):
            lines = [(v, edition, q) for v in branches for edition, q in self._nva_kit(v)]
            spares = {cat.poster_lv: 10, cat.banner: 2, cat.poster_ru: 5}
            location = self._supply(lines, spares, date(2013, 9, 2))
            day = date(2013, 9, 3 + 4 * i)
            user = self.users["latgale"] if region == "latgale" else self.coordinator
            dispatch, placements = self._dispatch(
                f"NVA branches, {region.capitalize()} (in person, 2013-09)",
                Channel.IN_PERSON,
                day,
                lines,
                location,
                user=user,
            )
            for venue in branches:
                handed = at(day + timedelta(days=self.rng.randint(0, 20)), self.rng)
                for edition, _quantity in self._nva_kit(venue):
                    placement = placements[(venue.pk, edition.pk)]
                    steps = in_person(self.rng, handed, banner=edition == cat.banner)
                    self.player.play(placement, dispatch, steps, venue.municipality.region_id)
                    if edition == cat.poster_lv:
                        self.old_posters[venue.pk] = placement
        location = cat.consultants.get("kurzeme")
        if location is not None and stock.on_hand(cat.banner, location) > 0:
            stock.write_off(
                cat.banner,
                location,
                1,
                user=self.coordinator,
                occurred_on=date(2014, 1, 15),
                note="Damaged in transport",
            )

    def _web_banners(self) -> None:
        day = date(2013, 10, 1)
        lines = [(venue, self.cat.web_banner, 1) for venue in self.register.online]
        dispatch, placements = self._dispatch(
            "Web banners on the NGO page and partner websites (online, 2013-10)",
            Channel.ONLINE,
            day,
            lines,
            None,
        )
        self.web_dispatch = dispatch
        self.old_banners = []
        for index, venue in enumerate(self.register.online):
            published = at(day + timedelta(days=index), self.rng)
            steps = [
                Step(Axis.DELIVERY, Delivery.DELIVERED, Source.STAFF, published, "Banner published")
            ]
            checked = later(published, self.rng, 1, 3)
            if index == len(self.register.online) - 1:
                steps.append(
                    Step(
                        Axis.DISPLAY,
                        Display.NOT_DISPLAYED,
                        Source.WEB_CHECK,
                        checked,
                        "Banner not found on the page",
                    )
                )
            else:
                steps.append(Step(Axis.DISPLAY, Display.DISPLAYED, Source.WEB_CHECK, checked))
            placement = placements[(venue.pk, self.cat.web_banner.pk)]
            self.player.play(placement, dispatch, steps)
            self.old_banners.append(placement)

    # --- 2014 -------------------------------------------------------------------------

    def _post_wave(self, name: str, day: date, lines, location) -> dict[int, datetime]:
        """A mail-out: one delivery story per envelope, one display story per item.

        Call inside ``self.player.batched()``.
        """
        dispatch, placements = self._dispatch(name, Channel.POST, day, lines, location)
        by_venue: dict[int, list[Placement]] = {}
        order: list[Venue] = []
        for venue, edition, _quantity in lines:
            if venue.pk not in by_venue:
                order.append(venue)
                by_venue[venue.pk] = []
            by_venue[venue.pk].append(placements[(venue.pk, edition.pk)])
        shown_at = {}
        for venue in order:
            sent = at(day + timedelta(days=self.rng.randint(0, 3)), self.rng)
            delivery_steps, delivered = by_post(self.rng, sent)
            for placement in by_venue[venue.pk]:
                steps = list(delivery_steps)
                if delivered is not None:
                    steps += on_wall(self.rng, delivered)
                self.player.play(placement, dispatch, steps, venue.municipality.region_id)
                if placement.edition_id == self.cat.poster_lv.pk:
                    self.old_posters[venue.pk] = placement
                shown = [
                    s.at for s in steps if s.axis == Axis.DISPLAY and s.value == Display.DISPLAYED
                ]
                if shown:
                    shown_at[venue.pk] = shown[0]
        return shown_at

    def _school_lines(self, schools: list[Venue], leaflets: bool) -> list:
        lines = []
        for school in schools:
            lines.append((school, self.cat.poster_lv, 1))
            if school.language == "ru":
                lines.append((school, self.cat.poster_ru, 1))
            if leaflets:
                leaflet = self.cat.leaflet_ru if school.language == "ru" else self.cat.leaflet_lv
                lines.append((school, leaflet, 20))
        return lines

    def _schools_wave_1(self) -> None:
        schools = [s for s in self.register.schools if self._region_code(s) == "riga"]
        with self.player.batched():
            self._post_wave(
                "Schools mail-out, wave 1: Riga region (post, 2014-02)",
                date(2014, 2, 10),
                self._school_lines(schools, False),
                self.cat.riga,
            )

    def _youth_centres(self) -> None:
        lines = [(venue, self.cat.poster_lv, 2) for venue in self.register.youth]
        with self.player.batched():
            self._post_wave(
                "Youth and children's centres (post, 2014-03)",
                date(2014, 3, 17),
                lines,
                self.cat.riga,
            )

    def _schools_wave_2(self) -> None:
        cat = self.cat
        print_run(cat.leaflet_lv, cat.riga, 10000, date(2014, 8, 1), self.coordinator)
        print_run(cat.leaflet_ru, cat.riga, 2000, date(2014, 8, 1), self.coordinator)
        for _code, location in sorted(cat.consultants.items()):
            transfer(cat.leaflet_lv, cat.riga, location, 300, date(2014, 8, 20), self.coordinator)
        schools = [s for s in self.register.schools if self._region_code(s) != "riga"]
        with self.player.batched():
            self._post_wave(
                "Schools mail-out, wave 2: other regions, with leaflets (post, 2014-09)",
                date(2014, 9, 8),
                self._school_lines(schools, True),
                cat.riga,
            )

    # --- 2015 -------------------------------------------------------------------------

    def _new_edition_2015(self) -> None:
        """The hotline number changed: a new poster edition; old stock is written off."""
        cat = self.cat
        print_run(cat.poster_lv_2015, cat.riga, 600, date(2015, 2, 20), self.coordinator)
        left = stock.on_hand(cat.poster_lv, cat.riga)
        if left > 20:
            stock.write_off(
                cat.poster_lv,
                cat.riga,
                left - 20,
                user=self.coordinator,
                occurred_on=date(2015, 3, 2),
                note="Old hotline number",
            )

    def _web_update(self) -> None:
        day = date(2015, 3, 10)
        keep_old = len(self.register.online) - 2  # one site never updates, one never showed it
        venues = self.register.online[:keep_old]
        dispatch, placements = self._dispatch(
            "Web banner with the new number (online, 2015-03)",
            Channel.ONLINE,
            day,
            [(venue, self.cat.web_banner_2015, 1) for venue in venues],
            None,
        )
        for venue, old in zip(venues, self.old_banners, strict=False):
            published = at(day, self.rng)
            checked = later(published, self.rng, 1, 3)
            self.player.play(
                placements[(venue.pk, self.cat.web_banner_2015.pk)],
                dispatch,
                [
                    Step(
                        Axis.DELIVERY,
                        Delivery.DELIVERED,
                        Source.STAFF,
                        published,
                        "Banner published",
                    ),
                    Step(Axis.DISPLAY, Display.DISPLAYED, Source.WEB_CHECK, checked),
                ],
            )
            self.player.play(
                old,
                self.web_dispatch,
                [
                    Step(
                        Axis.DISPLAY,
                        Display.REMOVED,
                        Source.WEB_CHECK,
                        checked,
                        "Replaced by the 2015 banner",
                    ),
                ],
            )

    def _hostels(self) -> None:
        day = date(2015, 4, 20)
        lines = [(venue, self.cat.poster_lv_2015, 1) for venue in self.register.hostels]
        dispatch, placements = self._dispatch(
            f"Hostels via {names.HOSTEL_ASSOCIATION} (via partner, 2015-04)",
            Channel.VIA_PARTNER,
            day,
            lines,
            self.cat.riga,
            partner=self.register.hostel_association,
            handed_over_at=timezone.make_aware(datetime.combine(day, time(10, 0))),
        )
        for placement in placements.values():
            self.player.state[placement.pk] = (Delivery.VIA_PARTNER, Display.UNKNOWN)
        self.player.count += len(placements)
        for index, venue in enumerate(self.register.hostels):
            handed = at(day + timedelta(days=self.rng.randint(0, 10)), self.rng)
            self.player.play(
                placements[(venue.pk, self.cat.poster_lv_2015.pk)],
                dispatch,
                # The association never reported back on every sixth hostel.
                via_partner(self.rng, handed, reported=index % 6 != 5),
                venue.municipality.region_id,
            )

    def _retire(self, venue: Venue, source: str, moment) -> None:
        """Mark the venue's old poster as taken down when the new one went up."""
        old = self.old_posters.get(venue.pk)
        if old is None:
            return
        if self.player.state.get(old.pk, (None, None))[1] in (Display.DISPLAYED, Display.DAMAGED):
            self.player.play(
                old,
                old.dispatch,
                [
                    Step(
                        Axis.DISPLAY,
                        Display.REMOVED,
                        source,
                        moment,
                        "Replaced by the 2015 edition",
                    ),
                ],
            )

    def _nva_replacement(self) -> None:
        cat = self.cat
        for i, (region, branches) in enumerate(self._by_region(self.register.nva)):
            lines = [(venue, cat.poster_lv_2015, 2) for venue in branches]
            location = self._supply(lines, {cat.poster_lv_2015: 5}, date(2015, 4, 27))
            day = date(2015, 5, 4 + 3 * i)
            user = self.users["latgale"] if region == "latgale" else self.coordinator
            dispatch, placements = self._dispatch(
                f"Replacement posters, NVA branches, {region.capitalize()} (in person, 2015-05)",
                Channel.IN_PERSON,
                day,
                lines,
                location,
                user=user,
            )
            for venue in branches:
                handed = at(day + timedelta(days=self.rng.randint(0, 14)), self.rng)
                steps = in_person(self.rng, handed)
                self.player.play(
                    placements[(venue.pk, cat.poster_lv_2015.pk)],
                    dispatch,
                    steps,
                    venue.municipality.region_id,
                )
                if any(s.value == Display.DISPLAYED for s in steps):
                    self._retire(venue, Source.VISIT, handed + timedelta(hours=1))

    def _schools_replacement(self) -> None:
        """Some schools still showing the old number get the new poster; many do not yet."""
        cat = self.cat
        showing = [
            school
            for school in self.register.schools
            if school.pk in self.old_posters
            and self.player.state.get(self.old_posters[school.pk].pk, (None, None))[1]
            == Display.DISPLAYED
        ]
        chosen = set(self.rng.sample(range(len(showing)), k=len(showing) * 45 // 100))
        first = [s for i, s in enumerate(showing) if i in chosen]
        rest = [s for i, s in enumerate(showing) if i not in chosen]
        with self.player.batched():
            shown_at = self._post_wave(
                "Replacement posters with the new number, schools (post, 2015-10)",
                date(2015, 10, 5),
                [(s, cat.poster_lv_2015, 1) for s in first],
                cat.riga,
            )
            for school in first:
                if school.pk in shown_at:
                    self._retire(school, Source.VENUE, shown_at[school.pk])
        planned = sorted(self.rng.sample(range(len(rest)), k=min(20, len(rest))))
        self._dispatch(
            "Replacement posters, remaining schools (post, planned for 2015-12)",
            Channel.POST,
            date(2015, 12, 14),
            [(rest[i], cat.poster_lv_2015, 1) for i in planned],
            cat.riga,
        )
