"""The demo venue register: partners, networks, agreements and every venue."""

import random
from dataclasses import dataclass, field
from datetime import date

from simple_history.utils import bulk_create_with_history

from plakats.geo.models import Municipality
from plakats.venues.models import Agreement, Network, Partner, Venue

from . import names
from .places import allocate, load_shapes, point_in, postal_code, size_weight, street_address

RUSSIAN_SPEAKING = {"0001000", "0002000", "0004000", "0006000"}


@dataclass
class Register:
    """What the venue step made, for the distribution step to use."""

    funder: Partner
    printer: Partner
    hostel_association: Partner
    coalition: list[Partner]
    nva_network: Network
    hostel_network: Network
    nva: list[Venue] = field(default_factory=list)
    schools: list[Venue] = field(default_factory=list)
    youth: list[Venue] = field(default_factory=list)
    hostels: list[Venue] = field(default_factory=list)
    online: list[Venue] = field(default_factory=list)

    def all_venues(self) -> list[Venue]:
        return [*self.nva, *self.schools, *self.youth, *self.hostels, *self.online]


class PhoneBook:
    """Hands out obviously fictional numbers, +371 20000100 … +371 20000999."""

    def __init__(self):
        self.n = 99

    def next(self) -> str:
        self.n = self.n + 1 if self.n < 999 else 100
        return f"+371 20000{self.n:03d}"


def build_register(seed: int, user) -> Register:
    """Create the partners, networks, agreements and venues of the demo."""
    phones = PhoneBook()
    register = _partners(phones)
    municipalities = list(
        Municipality.objects.filter(region__country="LV")
        .select_related("region")
        .prefetch_related("places")
        .order_by("code")
    )
    builder = _VenueBuilder(seed, municipalities, phones)
    register.nva = builder.nva(register.nva_network)
    register.schools = builder.schools()
    register.youth = builder.youth_centres()
    register.hostels = builder.hostels(register.hostel_network)
    register.online = builder.online(register.coalition)
    venues = register.all_venues()
    bulk_create_with_history(
        venues, Venue, batch_size=500, default_user=user, default_change_reason=names.ILLUSTRATIVE
    )
    return register


def _partner(phones: PhoneBook, name: str, kind: str, slug: str, **kwargs) -> Partner:
    return Partner.objects.create(
        name=name,
        kind=kind,
        website=f"https://{slug}.example.org/",
        email=f"{slug}@example.org",
        phone=phones.next(),
        notes=kwargs.pop("notes", f"{names.ILLUSTRATIVE}: a fictional organisation."),
        **kwargs,
    )


def _partners(phones: PhoneBook) -> Register:
    funder = _partner(
        phones,
        names.FUNDER,
        "funder",
        "funder",
        notes=f"{names.ILLUSTRATIVE}: stands for the programme that funded the campaign.",
    )
    printer = _partner(
        phones,
        names.PRINTER,
        "company",
        "printer",
        notes=f"{names.ILLUSTRATIVE}: a fictional socially responsible printing company "
        "that printed the posters and banners at cost.",
    )
    association = _partner(phones, names.HOSTEL_ASSOCIATION, "association", "hostels")
    coalition = [
        _partner(phones, name, "coalition", slug, is_coalition_member=True)
        for name, slug in names.COALITION
    ]
    nva_network = Network.objects.create(
        name=names.NVA_NETWORK,
        description=f"{names.ILLUSTRATIVE}: made-up branches of the State Employment Agency.",
    )
    hostel_network = Network.objects.create(
        name=names.HOSTEL_NETWORK,
        partner=association,
        description=f"{names.ILLUSTRATIVE}: fictional member hostels of the association.",
    )
    Agreement.objects.create(
        partner=association,
        title="Campaign information in member hostels (demo)",
        scope="The association hands the posters to its member hostels and reports back "
        "which of them display them.",
        network=hostel_network,
        valid_from=date(2015, 3, 1),
        valid_until=date(2015, 12, 31),
    )
    Agreement.objects.create(
        partner=printer,
        title="Printing at cost (demo)",
        scope="Posters, banners and leaflets printed at cost price.",
        valid_from=date(2013, 7, 15),
        valid_until=names.CAMPAIGN_END,
    )
    Agreement.objects.create(
        partner=funder,
        title="NGO Fund grant (demo)",
        scope="Funding of the trust hotline and the information campaign.",
        valid_from=names.CAMPAIGN_START,
        valid_until=date(2016, 4, 30),
    )
    return Register(funder, printer, association, coalition, nva_network, hostel_network)


class _VenueBuilder:
    def __init__(self, seed: int, municipalities: list[Municipality], phones: PhoneBook):
        self.rng = random.Random(f"{seed}-venues")
        self.coords_rng = random.Random(f"{seed}-coordinates")
        self.municipalities = municipalities
        self.weights = [size_weight(m.code, len(m.places.all())) for m in municipalities]
        self.shapes = load_shapes()
        self.phones = phones
        self.numbers: dict[str, int] = {}

    def _by_size(self) -> list[Municipality]:
        order = sorted(range(len(self.municipalities)), key=lambda i: (-self.weights[i], i))
        return [self.municipalities[i] for i in order]

    def _place(self, municipality: Municipality, rural_share: float):
        """A town (or sometimes a parish) of the municipality, or None for a state city."""
        places = sorted(municipality.places.all(), key=lambda p: p.code)
        towns = [p for p in places if p.kind == "town"]
        parishes = [p for p in places if p.kind == "parish"]
        if parishes and (not towns or self.rng.random() < rural_share):
            return self.rng.choice(parishes)
        return self.rng.choice(towns) if towns else None

    def _numbered(self, label: str, town: str) -> str:
        self.numbers[town] = self.numbers.get(town, 0) + 1
        return f"{label} Nr. {self.numbers[town]} {names.DEMO_MARK}, {town}"

    def _physical(
        self, name: str, kind: str, municipality: Municipality, place, email: str, **kwargs
    ) -> Venue:
        point = point_in(self.shapes.get(municipality.code), self.coords_rng)
        latitude, longitude = point if point else (None, None)
        return Venue(
            name=name,
            kind=kind,
            municipality=municipality,
            place=place,
            address=street_address(self.rng),
            postal_code=postal_code(municipality.region.code, self.rng),
            latitude=latitude,
            longitude=longitude,
            email=email,
            phone=self.phones.next(),
            notes=f"{names.ILLUSTRATIVE}: a fictional venue.",
            **kwargs,
        )

    def _weighted(self, choices: list[tuple[str, int]]) -> str:
        return self.rng.choices([c for c, _ in choices], [w for _, w in choices])[0]

    def nva(self, network: Network) -> list[Venue]:
        chosen = sorted(self._by_size()[: names.NVA_BRANCHES], key=lambda m: m.code)
        return [
            self._physical(
                f"NVA filiāle {names.DEMO_MARK}, {m.name}",
                "employment_agency",
                m,
                None,
                f"nva-{i:02d}@example.org",
                network=network,
            )
            for i, m in enumerate(chosen, start=1)
        ]

    def schools(self) -> list[Venue]:
        shares = allocate(names.SCHOOLS, self.weights, minimum=3)
        venues = []
        for municipality, share in zip(self.municipalities, shares, strict=True):
            ru_share = (
                0.2
                if (municipality.code in RUSSIAN_SPEAKING or municipality.region.code == "latgale")
                else 0.03
            )
            for _ in range(share):
                place = self._place(municipality, rural_share=0.35)
                town = place.name if place else municipality.name
                number = len(venues) + 1
                venues.append(
                    self._physical(
                        self._numbered(self._weighted(names.SCHOOL_TYPES), town),
                        "school",
                        municipality,
                        place,
                        f"school{number:04d}@example.org",
                        external_source=names.SCHOOL_REGISTER,
                        external_id=f"{number:04d}",
                        language="ru" if self.rng.random() < ru_share else "lv",
                    )
                )
        return venues

    def youth_centres(self) -> list[Venue]:
        shares = allocate(names.YOUTH_CENTRES, self.weights, minimum=1)
        venues = []
        for municipality, share in zip(self.municipalities, shares, strict=True):
            for _ in range(share):
                place = self._place(municipality, rural_share=0.1)
                town = place.name if place else municipality.name
                venues.append(
                    self._physical(
                        self._numbered(self._weighted(names.YOUTH_TYPES), town),
                        "youth_centre",
                        municipality,
                        place,
                        f"youth{len(venues) + 1:02d}@example.org",
                    )
                )
        return venues

    def hostels(self, network: Network) -> list[Venue]:
        """Half in Rīga, one each in the next largest municipalities."""
        by_size = self._by_size()
        riga, others = by_size[0], by_size[1 : 1 + names.HOSTELS - names.RIGA_HOSTELS]
        hosts = [riga] * names.RIGA_HOSTELS + sorted(others, key=lambda m: m.code)
        venues = []
        for municipality in hosts:
            place = self._place(municipality, rural_share=0.0)
            town = place.name if place else municipality.name
            venues.append(
                self._physical(
                    self._numbered("Hostelis", town),
                    "hostel",
                    municipality,
                    place,
                    f"hostel{len(venues) + 1:02d}@example.org",
                    network=network,
                )
            )
        return venues

    def online(self, coalition: list[Partner]) -> list[Venue]:
        name, url = names.SOCIAL_PAGE
        venues = [
            Venue(
                name=name,
                kind="social_page",
                url=url,
                notes=f"{names.ILLUSTRATIVE}: a fictional page address.",
            )
        ]
        for partner in coalition[: names.PARTNER_WEBSITES]:
            venues.append(
                Venue(
                    name=f"Website of {partner.name}",
                    kind="website",
                    url=partner.website,
                    notes=f"{names.ILLUSTRATIVE}: a fictional partner website.",
                )
            )
        return venues
