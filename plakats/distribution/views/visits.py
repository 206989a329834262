"""Field visits from a phone: find a venue (by name or nearest), record what was seen.

The recording form works without JavaScript (a plain post and a redirect);
``static/js/visits.js`` keeps each visit on the phone first and sends it when
there is a connection, asking for JSON. The server is idempotent on the id
the phone made, so a visit sent twice is stored once.
"""

import math
import uuid
from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import (
    Count,
    Exists,
    ExpressionWrapper,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Cast
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from plakats.core.errors import DomainError
from plakats.core.permissions import (
    can_coordinate,
    can_edit_placement,
    can_edit_venue,
    check,
    region_ids_of,
    writer_required,
)
from plakats.venues.choices import VenueKind
from plakats.venues.models import Venue

from ..choices import Delivery, Display, Sighting
from ..models import FieldVisit, Placement
from ..services.visits import record_visit

VENUES_PER_PAGE = 20
# "Near me" looks this far around the phone (a box, then ordered by distance).
NEAR_KM = 100
KM_PER_DEGREE = 111.32
RECENT_VISITS = 10


def current_q(prefix: str = "") -> Q:
    """Placements a visit can say something about: on their way or there, not taken down."""
    return Q(
        **{
            f"{prefix}delivery__in": [Delivery.PLANNED, Delivery.SENT, Delivery.DELIVERED],
            f"{prefix}display__in": [v for v in Display.values if v != Display.REMOVED],
        }
    )


# Reading -------------------------------------------------------------------------------


def _parse_point(request) -> tuple[float, float] | None:
    try:
        lat, lon = float(request.GET["lat"]), float(request.GET["lon"])
    except (KeyError, ValueError):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lat, lon


def visit_venues(user, *, query: str = "", near: tuple[float, float] | None = None) -> QuerySet:
    """Physical venues in the user's regions with current placements, matching the search.

    With ``near`` (latitude, longitude) only venues within ``NEAR_KM`` are kept,
    ordered by distance (the squared equirectangular distance in degrees, as
    ``distance2``); otherwise by name.
    """
    current = Placement.objects.filter(current_q(), venue=OuterRef("pk")).order_by()
    current_count = current.values("venue").annotate(n=Count("pk")).values("n")[:1]
    venues = (
        Venue.objects.active()
        .exclude(kind__in=VenueKind.online())
        .filter(Exists(current))
        .select_related("municipality__region")
        .annotate(current_count=Subquery(current_count, output_field=IntegerField()))
    )
    if not can_coordinate(user):
        venues = venues.filter(municipality__region_id__in=region_ids_of(user))
    if query:
        by_code = Placement.objects.filter(code=query.upper()).values("venue_id")
        venues = venues.filter(Q(name__icontains=query) | Q(pk__in=by_code))
    if near is None:
        return venues.order_by("name", "pk")
    lat, lon = near
    scale = math.cos(math.radians(lat))
    dlat = NEAR_KM / KM_PER_DEGREE
    dlon = NEAR_KM / (KM_PER_DEGREE * max(scale, 0.01))
    y = Cast("latitude", FloatField()) - lat
    x = (Cast("longitude", FloatField()) - lon) * scale
    return (
        venues.filter(
            latitude__range=(_dec(lat - dlat), _dec(lat + dlat)),
            longitude__range=(_dec(lon - dlon), _dec(lon + dlon)),
        )
        .annotate(distance2=ExpressionWrapper(y * y + x * x, output_field=FloatField()))
        .order_by("distance2", "pk")
    )


def _dec(value: float) -> Decimal:
    return Decimal(f"{value:.6f}")


def current_placements(venue: Venue) -> QuerySet:
    return (
        venue.placements.filter(current_q())
        .select_related("edition__material", "campaign")
        .order_by("campaign__name", "code")
    )


# The recording form --------------------------------------------------------------------


class VisitForm(forms.Form):
    sighting = forms.ChoiceField(
        label=gettext_lazy("What did you see?"),
        choices=Sighting.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    photo = forms.FileField(
        label=gettext_lazy("Photo (optional)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/*", "capture": "environment"}),
        help_text=gettext_lazy("Faces are blurred and the location is removed before it is kept."),
    )
    client_id = forms.UUIDField(widget=forms.HiddenInput)
    visited_at = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, placement: Placement, **kwargs):
        kwargs.setdefault("auto_id", f"id_p{placement.pk}_%s")
        kwargs.setdefault("initial", {"client_id": uuid.uuid4()})
        super().__init__(*args, **kwargs)
        self.placement = placement

    def clean_visited_at(self):
        """The time the phone recorded the visit (ISO 8601); now when missing."""
        value = self.cleaned_data["visited_at"].strip()
        if not value:
            return timezone.now()
        try:
            parsed = parse_datetime(value)
        except ValueError:
            parsed = None
        if parsed is None:
            raise forms.ValidationError(_("The visit's time is not a valid date and time."))
        return parsed


# Pages ---------------------------------------------------------------------------------


@writer_required
def visit_start(request):
    """The venues a consultant may visit: search by name or code, or nearest first."""
    query = request.GET.get("q", "").strip()
    near = _parse_point(request)
    if ("lat" in request.GET or "lon" in request.GET) and near is None:
        messages.error(request, _("The phone's location could not be read."))
    paginator = Paginator(visit_venues(request.user, query=query, near=near), VENUES_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    for venue in page.object_list:
        distance2 = getattr(venue, "distance2", None)
        venue.distance_km = None if distance2 is None else math.sqrt(distance2) * KM_PER_DEGREE
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "page_obj": page,
        "object_list": page.object_list,
        "query": query,
        "near": near,
        "near_km": NEAR_KM,
        "query_string": params.urlencode(),
    }
    template = "distribution/visits/venue_list.html"
    if request.htmx and not request.htmx.boosted:
        template = "distribution/visits/_venue_results.html"
    return render(request, template, context)


def _get_venue_for_visit(request, pk: int) -> Venue:
    venue = get_object_or_404(Venue.objects.active().select_related("municipality__region"), pk=pk)
    check(can_edit_venue(request.user, venue))
    return venue


def _venue_page(request, venue: Venue, bound: VisitForm | None = None, status: int = 200):
    rows = []
    for placement in current_placements(venue):
        if bound is not None and bound.placement.pk == placement.pk:
            rows.append((placement, bound))
        else:
            rows.append((placement, VisitForm(placement=placement)))
    recent = (
        FieldVisit.objects.filter(placement__venue=venue)
        .select_related("placement", "visited_by")
        .order_by("-visited_at", "-pk")[:RECENT_VISITS]
    )
    context = {
        "venue": venue,
        "rows": rows,
        "recent": recent,
        "photo_max_bytes": settings.PLAKATS_PHOTO_MAX_BYTES,
    }
    return render(request, "distribution/visits/venue_visit.html", context, status=status)


@writer_required
def visit_venue(request, pk: int):
    """One venue's current placements, each with a form to record what was seen."""
    return _venue_page(request, _get_venue_for_visit(request, pk))


def _wants_json(request) -> bool:
    return request.get_preferred_type(["text/html", "application/json"]) == "application/json"


def _refused(message, *, status: int, errors: dict | None = None):
    return JsonResponse(
        {"status": "refused", "message": str(message), "errors": errors or {}}, status=status
    )


@writer_required
@require_POST
def visit_record(request, pk: int):
    """Record one visit; answers JSON to the phone's script, a redirect to a plain form."""
    placement = get_object_or_404(
        Placement.objects.select_related("venue__municipality__region"), pk=pk
    )
    as_json = _wants_json(request)
    if not can_edit_placement(request.user, placement):
        if as_json:
            return _refused(_("This venue is outside your regions."), status=403)
        raise PermissionDenied(_("This venue is outside your regions."))
    form = VisitForm(request.POST, request.FILES, placement=placement)
    visit = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            visit = record_visit(
                placement,
                data["sighting"],
                user=request.user,
                client_id=data["client_id"],
                visited_at=data["visited_at"],
                note=data["note"],
                photo_file=data["photo"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    if visit is None:
        if as_json:
            errors = {field: [str(e) for e in errs] for field, errs in form.errors.items()}
            first = next(iter(errors.values()))[0]
            return _refused(first, status=400, errors=errors)
        return _venue_page(request, placement.venue, bound=form, status=400)
    if visit.is_repeat:
        status, message = "already recorded", _("This visit was already recorded.")
    else:
        status, message = "recorded", _("Visit to %(code)s recorded.") % {"code": placement.code}
    if as_json:
        return JsonResponse({"status": status, "id": visit.pk, "message": message})
    messages.success(request, message)
    return redirect(reverse("distribution:visit_venue", args=[placement.venue_id]))


urlpatterns = [
    path("visits/", visit_start, name="visit_start"),
    path("visits/venues/<int:pk>/", visit_venue, name="visit_venue"),
    path("visits/placements/<int:pk>/", visit_record, name="visit_record"),
]
