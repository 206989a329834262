"""The two yardsticks for the dashboard and coverage figures.

- ``sql_figures``: **the limit** — the same figures computed by SQL written by
  hand, straight on the same tables (one aggregate query for every target of
  the campaign, one for the status counts, one for reached venues per
  municipality against the register);
- ``pandas_figures``: **the alternative a user has today** — load the CSV
  exports of placements and venues with pandas, join, group by.

Both return the same structure, so the benchmark checks they agree with each
other and with the application's own queries before it trusts any timing:

``{"targets": {target name: reached}, "status": {(delivery, display): n},
"coverage": {municipality name: (register, reached)}}``.

"Reached" for coverage: an active venue with at least one placement of the
campaign that was delivered or is displayed (``Reach.DELIVERED``).
"""

import json

from django.db import connection
from django.db.models import Count
from django.utils import translation

PLACEMENT_COLUMNS = ["campaign", "venue id", "kind of venue", "region", "quantity"]
PLACEMENT_COLUMNS += ["delivery", "display"]
VENUE_COLUMNS = ["id", "kind", "network", "municipality", "region"]
REACH_SQL = {
    "sent": "(p.display = 'displayed' OR p.delivery IN ('sent', 'via_partner', 'delivered'))",
    "delivered": "(p.display = 'displayed' OR p.delivery = 'delivered')",
    "displayed": "(p.display = 'displayed')",
}


def _targets(cursor, campaign_id: int) -> list[dict]:
    cursor.execute(
        "SELECT id, name, measure, venue_kinds, network_id, min_reach "
        "FROM distribution_target WHERE campaign_id = %s ORDER BY id",
        [campaign_id],
    )
    targets = [
        dict(zip(("id", "name", "measure", "kinds", "network", "reach"), row, strict=True))
        for row in cursor.fetchall()
    ]
    cursor.execute(
        "SELECT tr.target_id, tr.region_id FROM distribution_target_regions tr "
        "JOIN distribution_target t ON t.id = tr.target_id WHERE t.campaign_id = %s",
        [campaign_id],
    )
    regions: dict[int, list[int]] = {}
    for target_id, region_id in cursor.fetchall():
        regions.setdefault(target_id, []).append(region_id)
    for target in targets:
        kinds = target["kinds"]
        if isinstance(kinds, str):  # SQLite returns the JSON text
            kinds = json.loads(kinds)
        target["kinds"] = kinds or []
        target["regions"] = sorted(regions.get(target["id"], []))
    return targets


def _target_expression(target: dict) -> str:
    """One aggregate column for one target (values are ints from the database, not user input)."""
    conditions = [REACH_SQL[target["reach"]]]
    if target["kinds"]:
        kinds = ", ".join("'" + kind.replace("'", "''") + "'" for kind in target["kinds"])
        conditions.append(f"v.kind IN ({kinds})")
    if target["regions"]:
        conditions.append(f"m.region_id IN ({', '.join(str(int(r)) for r in target['regions'])})")
    if target["network"]:
        conditions.append(f"v.network_id = {int(target['network'])}")
    condition = " AND ".join(conditions)
    if target["measure"] == "placements":
        return f"COUNT(CASE WHEN {condition} THEN 1 END)"
    if target["measure"] == "quantity":
        return f"COALESCE(SUM(CASE WHEN {condition} THEN p.quantity END), 0)"
    return f"COUNT(DISTINCT CASE WHEN {condition} THEN p.venue_id END)"


def sql_figures(campaign_id: int, *, coverage: bool = True, dashboard: bool = True) -> dict:
    """The dashboard (targets, status counts) and coverage figures by hand-written SQL."""
    figures: dict = {}
    with connection.cursor() as cursor:
        if dashboard:
            targets = [t for t in _targets(cursor, campaign_id) if t["measure"] != "people"]
            columns = ", ".join(_target_expression(t) for t in targets) or "0"
            cursor.execute(
                f"SELECT {columns} FROM distribution_placement p "  # noqa: S608
                "JOIN venues_venue v ON v.id = p.venue_id "
                "LEFT JOIN geo_municipality m ON m.id = v.municipality_id "
                "WHERE p.campaign_id = %s",
                [campaign_id],
            )
            row = cursor.fetchone()
            figures["targets"] = {t["name"]: int(row[i] or 0) for i, t in enumerate(targets)}
            cursor.execute(
                "SELECT delivery, display, COUNT(*) FROM distribution_placement "
                "WHERE campaign_id = %s GROUP BY delivery, display",
                [campaign_id],
            )
            figures["status"] = {(d, s): n for d, s, n in cursor.fetchall()}
        if coverage:
            cursor.execute(
                "SELECT m.name, COUNT(v.id), COUNT(CASE WHEN EXISTS ("
                "  SELECT 1 FROM distribution_placement p"
                "  WHERE p.venue_id = v.id AND p.campaign_id = %s"
                "  AND (p.display = 'displayed' OR p.delivery = 'delivered')"
                ") THEN 1 END) "
                "FROM geo_municipality m LEFT JOIN venues_venue v ON v.municipality_id = m.id "
                "AND v.is_active AND v.merged_into_id IS NULL GROUP BY m.name",
                [campaign_id],
            )
            figures["coverage"] = {name: (n, reached) for name, n, reached in cursor.fetchall()}
    return figures


def orm_dashboard_figures(campaign_id: int) -> dict:
    """The same dashboard figures by the application's own queries (for the agreement check)."""
    from plakats.distribution.models import Campaign, Placement
    from plakats.distribution.queries import targets_progress

    campaign = Campaign.objects.get(pk=campaign_id)
    targets = list(campaign.targets.prefetch_related("regions").order_by("pk"))
    targets = [t for t in targets if t.measure != "people"]
    progress = targets_progress(targets)
    rows = Placement.objects.filter(campaign=campaign).values("delivery", "display")
    counts = {
        (r["delivery"], r["display"]): r["n"] for r in rows.annotate(n=Count("pk")).order_by()
    }
    return {"targets": {p.target.name: p.reached for p in progress}, "status": counts}


def comparable(figures: dict) -> dict:
    """Figures with municipalities that have neither venues nor reach left out."""
    out = dict(figures)
    if "coverage" in out:
        out["coverage"] = {k: v for k, v in out["coverage"].items() if v != (0, 0)}
    return out


def pandas_figures(placements_csv, venues_csv, campaign_id: int) -> dict:
    """The same figures from the CSV exports (English headers and labels) with pandas."""
    with translation.override("en"):
        return _pandas_figures(placements_csv, venues_csv, campaign_id)


def _pandas_figures(placements_csv, venues_csv, campaign_id: int) -> dict:
    import pandas as pd

    from plakats.distribution.choices import Delivery, Display
    from plakats.distribution.models import Campaign
    from plakats.geo.models import Region

    # What a user reads off the campaign page: its name and its targets' definitions.
    campaign = Campaign.objects.get(pk=campaign_id)
    with connection.cursor() as cursor:
        targets = [t for t in _targets(cursor, campaign_id) if t["measure"] != "people"]
    region_names = dict(Region.objects.values_list("pk", "name"))
    delivery = {str(label): value for value, label in Delivery.choices}
    display = {str(label): value for value, label in Display.choices}

    placements = pd.read_csv(
        placements_csv,
        encoding="utf-8-sig",
        usecols=PLACEMENT_COLUMNS,
    )
    venues = pd.read_csv(
        venues_csv,
        encoding="utf-8-sig",
        usecols=["id", "kind", "network", "municipality", "region"],
    )
    mine = placements[placements["campaign"] == campaign.name]
    mine = mine.merge(
        venues[["id", "kind", "network", "municipality"]],
        left_on="venue id",
        right_on="id",
        how="left",
    )
    d = mine["delivery"].map(delivery)
    s = mine["display"].map(display)
    shown = s == "displayed"
    reach = {
        "sent": shown | d.isin(["sent", "via_partner", "delivered"]),
        "delivered": shown | (d == "delivered"),
        "displayed": shown,
    }
    kind_labels = _kind_labels()
    figures: dict = {"targets": {}}
    for target in targets:
        keep = reach[target["reach"]]
        if target["kinds"]:
            keep = keep & mine["kind of venue"].isin([kind_labels[k] for k in target["kinds"]])
        if target["regions"]:
            keep = keep & mine["region"].isin([region_names[r] for r in target["regions"]])
        if target["network"]:
            from plakats.venues.models import Network

            keep = keep & (mine["network"] == Network.objects.get(pk=target["network"]).name)
        chosen = mine[keep]
        if target["measure"] == "placements":
            value = len(chosen)
        elif target["measure"] == "quantity":
            value = int(chosen["quantity"].sum())
        else:
            value = int(chosen["venue id"].nunique())
        figures["targets"][target["name"]] = value
    status = pd.DataFrame({"d": d, "s": s}).groupby(["d", "s"]).size()
    figures["status"] = {key: int(n) for key, n in status.items()}
    register = venues.groupby("municipality").size()
    reached = (
        mine[reach["delivered"] & mine["id"].notna()].groupby("municipality")["venue id"].nunique()
    )
    figures["coverage"] = {
        name: (int(n), int(reached.get(name, 0))) for name, n in register.items()
    }
    return figures


def _kind_labels() -> dict[str, str]:
    from plakats.venues.choices import VenueKind

    return {value: str(label) for value, label in VenueKind.choices}
