"""Where the made-up demo venues go: how many per municipality, addresses, coordinates.

Venues are spread by rough municipality sizes, and each physical venue gets a
point inside its municipality's boundary (from the GeoJSON shipped with the geo
app), found by sampling around the centre of the boundary's bounding box with
the seeded random generator, so the same seed gives the same points.
"""

import json
import random
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from .names import POSTAL_PREFIXES, STREETS

BOUNDARIES = [
    Path(settings.BASE_DIR) / "plakats" / "geo" / "data" / "lv" / "lv_municipalities_2024.geojson",
    Path(settings.BASE_DIR).parent / "shared" / "data" / "lv_municipalities_2024.geojson",
]

# Rough sizes (thousands of residents, rounded) by ATVK code, used only as weights
# to spread made-up venues; they are not statistics to report.
SIZE_WEIGHTS = {
    "0001000": 605,
    "0002000": 79,
    "0003000": 55,
    "0004000": 50,
    "0005000": 67,
    "0006000": 27,
    "0007000": 33,
    "0020000": 29,
    "0021000": 14,
    "0022000": 25,
    "0023000": 14,
    "0024000": 20,
    "0025000": 41,
    "0026000": 42,
    "0027000": 33,
    "0028000": 28,
    "0029000": 19,
    "0030000": 22,
    "0031000": 42,
    "0032000": 21,
    "0033000": 30,
    "0034000": 30,
    "0035000": 29,
    "0036000": 10,
    "0037000": 22,
    "0038001": 33,
    "0039000": 36,
    "0040000": 55,
    "0041000": 19,
    "0042000": 16,
    "0043000": 26,
    "0044000": 32,
    "0045000": 23,
    "0046000": 28,
    "0047000": 7,
    "0048000": 30,
    "0049000": 18,
    "0051000": 38,
    "0052000": 42,
    "0053000": 8,
    "0054000": 50,
    "0056000": 11,
}


def size_weight(code: str, place_count: int) -> int:
    return SIZE_WEIGHTS.get(code, 10 + place_count)


def allocate(total: int, weights: list[int], minimum: int = 0) -> list[int]:
    """Split ``total`` into whole shares proportional to ``weights`` (largest remainder).

    Every share is at least ``minimum``; ties in the remainders go to the earlier item,
    so the result depends only on the inputs.
    """
    base = minimum * len(weights)
    if base > total:
        raise ValueError("minimum too large for total")
    rest = total - base
    whole = sum(weights)
    exact = [rest * w / whole for w in weights]
    shares = [int(x) for x in exact]
    left = rest - sum(shares)
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in by_remainder[:left]:
        shares[i] += 1
    return [s + minimum for s in shares]


@dataclass(frozen=True)
class Shape:
    rings: tuple[tuple[tuple[float, float], ...], ...]
    west: float
    south: float
    east: float
    north: float

    def contains(self, lon: float, lat: float) -> bool:
        """Even-odd rule over every ring, so holes (a city inside a novads) are outside."""
        inside = False
        for ring in self.rings:
            j = len(ring) - 1
            for i in range(len(ring)):
                xi, yi = ring[i]
                xj, yj = ring[j]
                if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
                    inside = not inside
                j = i
        return inside


def load_shapes() -> dict[str, Shape]:
    """Municipality boundaries by ATVK code, or nothing when no boundary file is found."""
    path = next((p for p in BOUNDARIES if p.exists()), None)
    if path is None:
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    shapes = {}
    for feature in data["features"]:
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"]
            if geometry["type"] == "MultiPolygon"
            else [geometry["coordinates"]]
        )
        rings = tuple(
            tuple((float(x), float(y)) for x, y in ring) for polygon in polygons for ring in polygon
        )
        xs = [x for ring in rings for x, _ in ring]
        ys = [y for ring in rings for _, y in ring]
        shapes[feature["properties"]["atvk"]] = Shape(rings, min(xs), min(ys), max(xs), max(ys))
    return shapes


def point_in(shape: Shape | None, rng: random.Random) -> tuple[Decimal, Decimal] | None:
    """A (latitude, longitude) inside ``shape``, near the centre of its bounding box."""
    if shape is None:
        return None
    cx, cy = (shape.west + shape.east) / 2, (shape.south + shape.north) / 2
    w, h = shape.east - shape.west, shape.north - shape.south
    for spread in (0.3, 0.5):
        for _attempt in range(40):
            lon = cx + rng.uniform(-spread, spread) * w
            lat = cy + rng.uniform(-spread, spread) * h
            if shape.contains(lon, lat):
                return Decimal(f"{lat:.6f}"), Decimal(f"{lon:.6f}")
    return None


def street_address(rng: random.Random) -> str:
    return f"{rng.choice(STREETS)} {rng.randint(1, 120)}"


def postal_code(region_code: str, rng: random.Random) -> str:
    prefix = rng.choice(POSTAL_PREFIXES.get(region_code, ["10"]))
    return f"LV-{prefix}{rng.randint(1, 99):02d}"
