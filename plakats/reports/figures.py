"""The funder report's figures: one plain structure that the page, the PDF and the XLSX render.

``build_figures(scope, lang)`` asks ``plakats.reports.queries`` (the same
queries as the dashboard) for every number once and turns them into a
``Figures``: the cover facts, the summary indicators and a list of tables
(``Section``), with every label already in the report's language. The HTML
page, ``funder_pdf`` and ``funder_xlsx`` only lay these out, so the three can
never disagree; a submitted report stores ``Figures.to_json()``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from plakats.distribution.choices import Axis, Delivery, Display, Measure, Reach
from plakats.outreach import queries as outreach_queries

from . import queries
from .queries import Scope, Wave, Week

# Kinds of values in a table column: how the XLSX formats them and the page prints them.
INT = "int"
PERCENT = "percent"  # a share 0..1 (None when there is nothing to divide by)
TEXT = "text"
DATE = "date"  # an ISO date string


@dataclass
class Column:
    label: str
    kind: str = INT


@dataclass
class Section:
    """One table of the report (one sheet of the XLSX)."""

    key: str
    title: str
    columns: list[Column]
    rows: list[list]
    note: str = ""

    def column_values(self, index: int) -> list:
        return [row[index] for row in self.rows]


@dataclass
class Indicator:
    """One headline number of the summary (a target or a total)."""

    label: str
    value: int | float | None
    kind: str = INT
    goal: int | None = None


@dataclass
class Figures:
    """Everything a funder report shows, JSON-serialisable (numbers, strings, lists)."""

    lang: str
    campaign_id: int
    campaign: str
    funder: str
    organisation: str
    period_start: str
    period_end: str
    region: str
    region_code: str
    generated_at: str
    definition: str
    indicators: list[Indicator] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    # For the drawings: coverage share per municipality code, and the weekly series.
    map_values: dict[str, float] = field(default_factory=dict)
    map_caption: str = ""
    timeline: list[dict] = field(default_factory=list)
    waves: list[dict] = field(default_factory=list)

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    @property
    def keys(self) -> list[str]:
        return [s.key for s in self.sections]

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Figures:
        data = dict(data)
        data["indicators"] = [Indicator(**i) for i in data.get("indicators", [])]
        data["sections"] = [
            Section(**{**s, "columns": [Column(**c) for c in s["columns"]]})
            for s in data.get("sections", [])
        ]
        return cls(**data)

    def period_label(self) -> str:
        return f"{_display_date(self.period_start)} – {_display_date(self.period_end)}"

    def generated_label(self) -> str:
        return _display_date(self.generated_at[:10])


def _display_date(iso: str) -> str:
    return formats.date_format(date.fromisoformat(iso), "DATE_FORMAT")


def changed_sections(stored: Figures, now: Figures) -> list[str]:
    """Titles (as stored) of the summary and the tables whose figures differ now."""
    changed = []
    if [(i.label, i.value, i.goal) for i in stored.indicators] != [
        (i.label, i.value, i.goal) for i in now.indicators
    ]:
        changed.append(_("Summary"))
    current = {s.key: s for s in now.sections}
    for section in stored.sections:
        other = current.get(section.key)
        if other is None or other.rows != section.rows:
            changed.append(section.title)
    if stored.map_values != now.map_values:
        changed.append(stored.map_caption or _("Map"))
    return changed


def format_value(value, kind: str) -> str:
    """A value as the page and the PDF print it (numbers localised)."""
    if value is None:
        return "—"
    if kind == PERCENT:
        return formats.number_format(round(100 * value, 1), 1, use_l10n=True) + " %"
    if kind == INT:
        return formats.number_format(value, 0, use_l10n=True, force_grouping=True)
    if kind == DATE:
        return _display_date(value)
    return str(value)


def share(part: int | None, whole: int | None) -> float | None:
    """``part / whole`` rounded to 4 places, or None when ``whole`` is 0."""
    if not whole:
        return None
    return round((part or 0) / whole, 4)


def build_figures(scope: Scope, lang: str) -> Figures:
    """Compute every figure of the funder report for ``scope``, labelled in ``lang``.

    A fixed number of queries (those of the ``queries`` functions it calls).
    """
    with translation.override(lang):
        return _build(scope, lang)


def _build(scope: Scope, lang: str) -> Figures:
    campaign = scope.campaign
    progress = queries.progress(scope)
    statuses = queries.status_summary(scope)
    rate = queries.confirmation_rate(scope)
    regions = queries.reached_by_region(scope)
    kinds = queries.reached_by_kind(scope)
    materials = queries.materials_distributed(scope)
    weeks = queries.timeline(scope)
    waves = queries.dispatch_waves(scope)
    municipalities = queries.coverage(scope)
    outreach = outreach_queries.report_summary(campaign, scope.start, scope.end)
    start = scope.start or campaign.starts_on
    end = scope.end or campaign.ends_on

    measures, reaches = dict(Measure.choices), dict(Reach.choices)
    indicators = [Indicator(p.target.name, p.reached, INT, p.goal) for p in progress]
    indicators += [
        Indicator(_("Venues reached"), sum(r.reached for r in regions), INT, None),
        Indicator(_("Items distributed"), sum(m.quantity for m in materials), INT, None),
        Indicator(_("Placements displayed (verified)"), statuses["displayed_verified"], INT),
        Indicator(_("Confirmation rate"), share(rate.confirmed, rate.asked), PERCENT),
    ]
    sections = [
        Section(
            "targets",
            _("Targets vs reached"),
            [
                Column(_("Target"), TEXT),
                Column(_("Measure"), TEXT),
                Column(_("Counts from"), TEXT),
                Column(_("Goal")),
                Column(_("Reached")),
                Column(_("of goal"), PERCENT),
            ],
            [
                [
                    p.target.name,
                    str(measures.get(p.target.measure, p.target.measure)),
                    str(reaches.get(p.target.min_reach, p.target.min_reach)),
                    p.goal,
                    p.reached,
                    share(p.reached, p.goal),
                ]
                for p in progress
            ],
        ),
        Section(
            "regions",
            _("Venues reached by planning region"),
            _reach_columns(_("Planning region")),
            [[r.label, r.total, r.reached, share(r.reached, r.total)] for r in regions],
        ),
        Section(
            "kinds",
            _("Venues reached by kind of venue"),
            _reach_columns(_("Kind of venue")),
            [[r.label, r.total, r.reached, share(r.reached, r.total)] for r in kinds],
        ),
        Section(
            "materials",
            _("Materials and quantities distributed"),
            [Column(_("Edition"), TEXT), Column(_("Placements")), Column(_("Items"))],
            [[m.label, m.placements, m.quantity] for m in materials],
            _("Placements sent out (sent, via a partner or delivered)."),
        ),
        Section(
            "confirmation",
            _("Confirmation rate"),
            [
                Column(_("Placements sent out")),
                Column(_("Confirmed by the venue")),
                Column(_("Confirmation rate"), PERCENT),
            ],
            [[rate.asked, rate.confirmed, share(rate.confirmed, rate.asked)]],
        ),
        Section(
            "statuses",
            _("Placements by status"),
            [Column(_("Axis"), TEXT), Column(_("Status"), TEXT), Column(_("Placements"))],
            [
                [str(Axis.DELIVERY.label), str(label), statuses["delivery"][v]]
                for v, label in Delivery.choices
            ]
            + [
                [str(Axis.DISPLAY.label), str(label), statuses["display"][v]]
                for v, label in Display.choices
            ]
            + [[_("all"), _("total"), statuses["total"]]],
        ),
        Section(
            "coverage",
            _("Coverage by municipality"),
            [
                Column(_("Municipality"), TEXT),
                Column(_("Planning region"), TEXT),
                Column(_("Venues in the register")),
                Column(_("Reached")),
                Column(_("Share reached"), PERCENT),
            ],
            [
                [m.name, m.region, m.total, m.reached, share(m.reached, m.total)]
                for m in municipalities
                if m.total
            ],
            _("Municipalities never reached come first."),
        ),
        Section(
            "timeline",
            _("Timeline per week"),
            [
                Column(_("Week from"), DATE),
                Column(_("Sent")),
                Column(_("Delivered")),
                Column(_("Displayed")),
            ],
            [[w.start.isoformat(), w.sent, w.delivered, w.displayed] for w in weeks],
        ),
        Section(
            "waves",
            _("Dispatch waves"),
            [Column(_("Date"), DATE), Column(_("Dispatch"), TEXT), Column(_("Placements"))],
            [[w.date.isoformat(), w.name, w.placements] for w in waves],
        ),
    ]
    sections += outreach_sections(outreach)
    return Figures(
        lang=lang,
        campaign_id=campaign.pk,
        campaign=campaign.name,
        funder=campaign.funder.name if campaign.funder_id else "",
        organisation=settings.PLAKATS_ORGANISATION,
        period_start=start.isoformat(),
        period_end=end.isoformat(),
        region=scope.region.name if scope.region else "",
        region_code=scope.region.code if scope.region else "",
        generated_at=timezone.localtime().isoformat(timespec="seconds"),
        definition=scope.definition(),
        indicators=indicators,
        sections=sections,
        map_values={m.code: m.percent for m in municipalities},
        map_caption=_("Share of venues reached, by municipality"),
        timeline=[
            {
                "week": w.start.isoformat(),
                "sent": w.sent,
                "delivered": w.delivered,
                "displayed": w.displayed,
            }
            for w in weeks
        ],
        waves=[
            {"date": w.date.isoformat(), "name": w.name, "placements": w.placements} for w in waves
        ],
    )


def _reach_columns(first: str) -> list[Column]:
    return [
        Column(first, TEXT),
        Column(_("Venues in the register")),
        Column(_("Reached")),
        Column(_("Share reached"), PERCENT),
    ]


def outreach_sections(outreach: dict) -> list[Section]:
    """Outreach events and hotline contacts by source (``outreach.queries.report_summary``)."""
    return [
        Section(
            "outreach",
            _("Outreach events"),
            [Column(_("Events")), Column(_("Participants"))],
            [[outreach["events"], outreach["participants"]]],
        ),
        Section(
            "hotline",
            _("Hotline contacts by source"),
            [Column(_("Heard of the hotline from"), TEXT), Column(_("Contacts"))],
            [[str(label), n] for label, n in outreach["contacts_by_source"]]
            + [[_("total"), outreach["contacts"]]],
            _(
                "Contacts in the period from the whole country, whatever the region chosen; "
                "%(n)d of them named a placement code."
            )
            % {"n": outreach["contacts_with_code"]},
        ),
    ]


def timeline_weeks(figures: Figures) -> tuple[list[Week], list[Wave]]:
    """The stored weekly series as the chart functions take them."""
    weeks = [
        Week(date.fromisoformat(w["week"]), w["sent"], w["delivered"], w["displayed"])
        for w in figures.timeline
    ]
    waves = [Wave(date.fromisoformat(w["date"]), w["name"], w["placements"]) for w in figures.waves]
    return weeks, waves
