"""Read-side aggregates of the hotline log and outreach events (a fixed number of queries).

Contacts are counted by date: the hotline serves every campaign at once, and a
contact belongs to one campaign only through the placement code a caller read
out. Events belong to a campaign through their ``campaign`` field.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Max, Min, Q, Sum
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _

from plakats.distribution.models import Campaign, Dispatch
from plakats.venues.choices import VenueKind

from .models import HeardFrom, HotlineContact, OutreachEvent, Topic

# Rows of the "contacts per placement code" table.
TOP_CODES = 20
NOT_SAID = "—"


def day_start(day: date) -> datetime:
    """The first moment of a day in local time."""
    return timezone.make_aware(datetime.combine(day, time.min))


def period_q(start: date, end: date, prefix: str = "") -> Q:
    """Contacts on the days ``start`` to ``end`` (both included, local time)."""
    return Q(**{f"{prefix}occurred_at__gte": day_start(start)}) & Q(
        **{f"{prefix}occurred_at__lt": day_start(end + timedelta(days=1))}
    )


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _as_date(value) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def default_period(campaign: Campaign | None = None) -> tuple[date, date]:
    """The campaign's period; without one, the span of the logged contacts (one query)."""
    if campaign is not None:
        return campaign.starts_on, campaign.ends_on
    span = HotlineContact.objects.aggregate(first=Min("occurred_at"), last=Max("occurred_at"))
    today = timezone.localdate()
    if span["first"] is None:
        return today - timedelta(weeks=12), today
    return _as_date(span["first"]), _as_date(span["last"])


@dataclass
class WeekRow:
    start: date
    counts: list[int]
    waves: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass
class HotlineReport:
    start: date
    end: date
    total: int
    sources: list[str]
    """Column labels of ``weeks``: every heard-from source, then "not said"."""
    weeks: list[WeekRow]
    waves: list[tuple[date, str]]
    by_code: list[dict]
    by_kind: list[tuple[str, int]]
    by_region: list[tuple[str, int]]
    topic_labels: list[str]
    topic_months: list[tuple[date, list[int]]]
    source_totals: list[tuple[str, int]]


def _weeks(start: date, end: date) -> list[date]:
    first, last = monday(start), monday(end)
    return [first + timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]


def _months(start: date, end: date) -> list[date]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def hotline_report(start: date, end: date, campaign: Campaign | None = None) -> HotlineReport:
    """Attribution of the contacts in a period (seven queries whatever the data size).

    Weekly contacts by heard-from source with the dispatch waves of the period
    (of ``campaign`` when given) marked; contacts per placement code, per kind
    of the placement's venue and per caller's region; topics per month.
    """
    contacts = HotlineContact.objects.filter(period_q(start, end))
    sources = list(HeardFrom.objects.order_by("position", "name_en"))
    index = {s.pk: i for i, s in enumerate(sources)}
    columns = len(sources) + 1  # the last column: source not said
    week_starts = _weeks(start, end)
    weeks = {day: WeekRow(day, [0] * columns) for day in week_starts}
    rows = (
        contacts.annotate(week=TruncWeek("occurred_at"))
        .values("week", "heard_from")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        week = weeks.get(_as_date(row["week"]))
        if week is not None:
            week.counts[index.get(row["heard_from"], columns - 1)] += row["n"]

    dispatches = Dispatch.objects.filter(planned_on__gte=start, planned_on__lte=end)
    if campaign is not None:
        dispatches = dispatches.filter(campaign=campaign)
    waves = list(dispatches.order_by("planned_on", "pk").values_list("planned_on", "name"))
    for day, name in waves:
        if (week := weeks.get(monday(day))) is not None:
            week.waves.append(name)

    by_code = list(
        contacts.filter(placement__isnull=False)
        .values(
            "placement_id",
            "placement__code",
            "placement__venue__name",
            "placement__venue__kind",
            "placement__edition__material__name",
            "placement__edition__version",
            "placement__campaign__name",
        )
        .annotate(n=Count("pk"))
        .order_by("-n", "placement__code")[:TOP_CODES]
    )
    kind_labels = dict(VenueKind.choices)
    for row in by_code:
        row["kind_label"] = kind_labels.get(row["placement__venue__kind"], "")

    by_kind = [
        (
            str(kind_labels.get(row["placement__venue__kind"], row["placement__venue__kind"]))
            if row["placement__venue__kind"]
            else _("no placement code"),
            row["n"],
        )
        for row in contacts.values("placement__venue__kind")
        .annotate(n=Count("pk"))
        .order_by("-n", "placement__venue__kind")
    ]
    by_region = [
        (row["region__name"] or _("not said"), row["n"])
        for row in contacts.values("region__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "region__name")
    ]

    topics = list(Topic.objects.order_by("position", "name_en"))
    topic_index = {t.pk: i for i, t in enumerate(topics)}
    months = {month: [0] * len(topics) for month in _months(start, end)}
    for row in (
        contacts.filter(topics__isnull=False)
        .annotate(month=TruncMonth("occurred_at"))
        .values("month", "topics")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts = months.get(_as_date(row["month"]))
        if counts is not None and row["topics"] in topic_index:
            counts[topic_index[row["topics"]]] += row["n"]

    source_labels = [s.label for s in sources] + [_("not said")]
    week_rows = [weeks[day] for day in week_starts]
    totals = [sum(w.counts[i] for w in week_rows) for i in range(columns)]
    return HotlineReport(
        start=start,
        end=end,
        total=sum(totals),
        sources=source_labels,
        weeks=week_rows,
        waves=waves,
        by_code=by_code,
        by_kind=by_kind,
        by_region=by_region,
        topic_labels=[t.label for t in topics],
        topic_months=list(months.items()),
        source_totals=list(zip(source_labels, totals, strict=True)),
    )


def report_summary(campaign: Campaign, start: date | None = None, end: date | None = None) -> dict:
    """The outreach figures of a funder report (four queries).

    ``contacts``: hotline contacts in the period; ``contacts_by_source``: (label,
    count) per heard-from source, "not said" last, zero rows included;
    ``contacts_with_code``: those that named a placement code; ``events`` and
    ``participants``: the campaign's outreach events in the period.
    """
    if start is None or end is None:
        start, end = start or campaign.starts_on, end or campaign.ends_on
    sources = list(HeardFrom.objects.order_by("position", "name_en"))
    counts = {
        row["heard_from"]: row["n"]
        for row in HotlineContact.objects.filter(period_q(start, end))
        .values("heard_from")
        .annotate(n=Count("pk"))
        .order_by()
    }
    by_source = [(s.label, counts.get(s.pk, 0)) for s in sources]
    known = {s.pk for s in sources}
    by_source.append((_("not said"), sum(n for pk, n in counts.items() if pk not in known)))
    events = OutreachEvent.objects.filter(
        campaign=campaign, date__gte=start, date__lte=end
    ).aggregate(events=Count("pk"), participants=Sum("participants"))
    with_code = HotlineContact.objects.filter(period_q(start, end), placement__isnull=False).count()
    return {
        "start": start,
        "end": end,
        "contacts": sum(counts.values()),
        "contacts_by_source": by_source,
        "contacts_with_code": with_code,
        "events": events["events"],
        "participants": events["participants"] or 0,
    }
