"""The demo material catalogue, its editions, the stock locations and the print runs.

Stock changes go through ``plakats.materials.services``, so the demo ledger
obeys the same rules as real use; each is dated with ``occurred_on`` on the day
the story says it happened.
"""

from dataclasses import dataclass
from datetime import date

from plakats.geo.models import Region
from plakats.materials import services as stock
from plakats.materials.models import Edition, Material, StockLocation

from . import names


@dataclass
class Catalogue:
    poster_lv: Edition
    poster_ru: Edition
    poster_en: Edition
    poster_lv_2015: Edition
    banner: Edition
    leaflet_lv: Edition
    leaflet_ru: Edition
    web_banner: Edition
    web_banner_2015: Edition
    riga: StockLocation
    consultants: dict[str, StockLocation]

    def location_for(self, region_code: str) -> StockLocation:
        """The consultant's stock in a region; the Riga office serves the Riga region."""
        return self.consultants.get(region_code, self.riga)


def build_catalogue(users: dict) -> Catalogue:
    materials = {
        name: Material.objects.create(
            name=name, kind=kind, size=size, description=f"{names.ILLUSTRATIVE}."
        )
        for name, kind, size in names.MATERIALS
    }

    def edition(material, language, version, number, valid_from, **kwargs) -> Edition:
        return Edition.objects.create(
            material=materials[material],
            language=language,
            version=version,
            hotline_numbers=number,
            urls=names.CAMPAIGN_URL,
            valid_from=valid_from,
            **kwargs,
        )

    old, new = names.OLD_HOTLINE, names.NEW_HOTLINE
    poster_lv = edition(
        names.POSTER, "lv", "2013", old, date(2013, 8, 15), valid_until=date(2015, 2, 28)
    )
    web_banner = edition(
        names.WEB_BANNER, "lv", "2013", old, date(2013, 10, 1), valid_until=date(2015, 2, 28)
    )
    riga = StockLocation.objects.create(name=names.RIGA_OFFICE, low_stock_threshold=50)
    regions = {r.code: r for r in Region.objects.filter(country="LV")}
    consultants = {
        code: StockLocation.objects.create(
            name=name,
            region=regions[code],
            holder=users["latgale"] if code == "latgale" else None,
            low_stock_threshold=10,
        )
        for code, name in names.CONSULTANTS
    }
    return Catalogue(
        poster_lv=poster_lv,
        poster_ru=edition(names.POSTER, "ru", "2013", old, date(2013, 8, 15)),
        poster_en=edition(names.POSTER, "en", "2013", old, date(2013, 8, 15)),
        poster_lv_2015=edition(
            names.POSTER, "lv", "2015", new, date(2015, 3, 1), supersedes=poster_lv
        ),
        banner=edition(names.BANNER, "lv", "2013", old, date(2013, 8, 15)),
        leaflet_lv=edition(names.LEAFLET, "lv", "2014", old, date(2014, 8, 1)),
        leaflet_ru=edition(names.LEAFLET, "ru", "2014", old, date(2014, 8, 1)),
        web_banner=web_banner,
        web_banner_2015=edition(
            names.WEB_BANNER, "lv", "2015", new, date(2015, 3, 1), supersedes=web_banner
        ),
        riga=riga,
        consultants=consultants,
    )


def print_run(edition: Edition, location: StockLocation, quantity: int, day: date, user) -> None:
    stock.receive_print_run(
        edition,
        location,
        quantity,
        user=user,
        occurred_on=day,
        note=f"Printed by {names.PRINTER}",
    )
    edition.print_run += quantity
    edition.save(update_fields=["print_run", "updated_at"])


def transfer(
    edition: Edition,
    source: StockLocation,
    destination: StockLocation,
    quantity: int,
    day: date,
    user,
) -> None:
    stock.transfer(
        edition,
        source,
        destination,
        quantity,
        user=user,
        occurred_on=day,
        note="To the regional consultant",
    )
