"""The funder report pages: choose a campaign, period, region and language; download
the PDF or XLSX; mark a report as submitted; list and re-download submitted reports.

Reading and downloading is a read (every role); submitting is for coordinators.
The page, the PDF and the XLSX are all drawn from one ``Figures``.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from plakats.core.permissions import can_coordinate, coordinator_required
from plakats.core.svg import inline_svg
from plakats.distribution.models import Campaign
from plakats.geo.models import Region

from . import charts, choropleth, services
from .changes import changes_since
from .figures import Figures, build_figures, format_value, timeline_weeks
from .models import SubmittedReport
from .queries import Scope

DATE_INPUT = forms.DateInput(attrs={"type": "date"})
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class FunderReportForm(forms.Form):
    campaign = forms.ModelChoiceField(
        label=gettext_lazy("Campaign"),
        queryset=Campaign.objects.select_related("funder").order_by("-starts_on", "name"),
    )
    start = forms.DateField(
        label=gettext_lazy("From"),
        required=False,
        widget=DATE_INPUT,
        help_text=gettext_lazy("Empty: the campaign's start."),
    )
    end = forms.DateField(
        label=gettext_lazy("Until"),
        required=False,
        widget=DATE_INPUT,
        help_text=gettext_lazy("Empty: the campaign's end."),
    )
    region = forms.ModelChoiceField(
        label=gettext_lazy("Region"),
        queryset=Region.objects.order_by("name"),
        required=False,
        empty_label=gettext_lazy("Whole country"),
    )
    lang = forms.ChoiceField(
        label=gettext_lazy("Language of the report"), choices=settings.LANGUAGES
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=500, required=False)

    def clean(self):
        data = super().clean()
        campaign = data.get("campaign")
        if campaign is not None:
            data["start"] = data.get("start") or campaign.starts_on
            data["end"] = data.get("end") or campaign.ends_on
            if data["end"] < data["start"]:
                self.add_error("end", _("The period cannot end before it starts."))
        return data

    def scope(self) -> Scope:
        data = self.cleaned_data
        return Scope(
            campaign=data["campaign"], start=data["start"], end=data["end"], region=data["region"]
        )


def _filename(figures: Figures, fmt: str) -> str:
    name = slugify(figures.campaign) or "campaign"
    region = f"-{slugify(figures.region)}" if figures.region else ""
    return f"report-{name}{region}-{figures.period_start}-{figures.period_end}-{figures.lang}.{fmt}"


def _file(content: bytes, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(bytes(content), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def page_sections(figures: Figures) -> list[dict]:
    """The figures' tables with each cell printed and its raw value (``data-value``)."""
    return [
        {
            "key": s.key,
            "title": s.title,
            "note": s.note,
            "columns": s.columns,
            "rows": [
                [
                    {"text": format_value(v, c.kind), "raw": "" if v is None else v, "kind": c.kind}
                    for v, c in zip(row, s.columns, strict=True)
                ]
                for row in s.rows
            ],
        }
        for s in figures.sections
    ]


def _figures_context(figures: Figures) -> dict:
    with translation.override(figures.lang):
        indicators = [
            {
                "label": i.label,
                "text": format_value(i.value, i.kind),
                "raw": "" if i.value is None else i.value,
                "goal": format_value(i.goal, "int") if i.goal else "",
            }
            for i in figures.indicators
        ]
        sections = page_sections(figures)
        map_svg = choropleth.render_svg(
            figures.map_values, title=figures.map_caption, legend=_("venues reached")
        )
        chart_svg = charts.timeline_svg(*timeline_weeks(figures))
        return {
            "figures": figures,
            "indicators": indicators,
            "sections": sections,
            "map_svg": inline_svg(map_svg),
            "chart_svg": chart_svg,
            "period_label": figures.period_label(),
            "generated_label": figures.generated_label(),
            "attribution": choropleth.ATTRIBUTION,
        }


@require_GET
def funder(request):
    """The report page; with ``?format=pdf|xlsx`` the file itself."""
    bound = "campaign" in request.GET
    form = FunderReportForm(
        request.GET if bound else None,
        initial={"lang": translation.get_language() or settings.LANGUAGE_CODE},
    )
    context = {"form": form, "can_submit": can_coordinate(request.user)}
    figures = None
    if bound and form.is_valid():
        figures = build_figures(form.scope(), form.cleaned_data["lang"])
        fmt = request.GET.get("format")
        if fmt == "pdf":
            return _file(services.render_pdf(figures), fmt, _filename(figures, fmt))
        if fmt == "xlsx":
            return _file(services.render_xlsx(figures), fmt, _filename(figures, fmt))
        query = request.GET.copy()
        query.pop("format", None)
        context["pdf_url"] = f"?{urlencode({**query.dict(), 'format': 'pdf'})}"
        context["xlsx_url"] = f"?{urlencode({**query.dict(), 'format': 'xlsx'})}"
        context.update(_figures_context(figures))
    context["submitted"] = _submitted_reports()[:10]
    return render(request, "reports/funder.html", context)


def _submitted_reports():
    return (
        SubmittedReport.objects.select_related("campaign", "region", "submitted_by")
        .defer("pdf", "xlsx", "figures")
        .order_by("-submitted_at", "-pk")
    )


@coordinator_required
@require_POST
def funder_submit(request):
    form = FunderReportForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("reports:funder")
    report = services.submit_report(
        form.scope(), form.cleaned_data["lang"], request.user, note=form.cleaned_data["note"]
    )
    messages.success(
        request,
        _("The report was marked as submitted; its figures and files are stored unchanged."),
    )
    return redirect(report)


@require_GET
def submitted_list(request):
    page = Paginator(_submitted_reports(), settings.PLAKATS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "reports/funder_submitted_list.html", {"page": page})


@require_GET
def submitted_detail(request, pk: int):
    report = get_object_or_404(
        SubmittedReport.objects.select_related("campaign", "region", "submitted_by"), pk=pk
    )
    figures = Figures.from_json(report.figures)
    context = _figures_context(figures)
    context.update(
        {"report": report, "changes": changes_since(report), "recompute_url": funder_url(report)}
    )
    return render(request, "reports/funder_submitted_detail.html", context)


def _stored_file(pk: int, fmt: str) -> HttpResponse:
    report = get_object_or_404(SubmittedReport.objects.only(fmt, "figures"), pk=pk)
    figures = Figures.from_json(report.figures)
    return _file(getattr(report, fmt), fmt, _filename(figures, fmt))


@require_GET
def submitted_pdf(request, pk: int):
    """The PDF exactly as it was submitted (the stored bytes)."""
    return _stored_file(pk, "pdf")


@require_GET
def submitted_xlsx(request, pk: int):
    """The XLSX exactly as it was submitted (the stored bytes)."""
    return _stored_file(pk, "xlsx")


def funder_url(report: SubmittedReport) -> str:
    """The report page with the submitted report's choices, to compute it again now."""
    params = {
        "campaign": report.campaign_id,
        "start": report.period_start.isoformat(),
        "end": report.period_end.isoformat(),
        "region": report.region_id or "",
        "lang": report.lang,
    }
    return f"{reverse('reports:funder')}?{urlencode(params)}"


# Included by plakats/reports/urls.py (app_name "reports").
urlpatterns = [
    path("funder/", funder, name="funder"),
    path("funder/submit/", funder_submit, name="funder_submit"),
    path("funder/submitted/", submitted_list, name="submitted_list"),
    path("funder/submitted/<int:pk>/", submitted_detail, name="submitted_detail"),
    path("funder/submitted/<int:pk>/pdf/", submitted_pdf, name="submitted_pdf"),
    path("funder/submitted/<int:pk>/xlsx/", submitted_xlsx, name="submitted_xlsx"),
]
