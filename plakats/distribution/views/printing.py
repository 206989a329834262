"""Print packs: a dispatch's labels and cover letters as a PDF, the label test print,
and the cover letter templates (list, edit with a preview, a sample PDF).

Reading a PDF is a read, so every role may download print packs; only
coordinators edit the letters.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from plakats.core.errors import DomainError
from plakats.core.history import history_entries
from plakats.core.permissions import coordinator_required

from .. import printpack
from ..models import Dispatch, LetterTemplate
from ..models.printing import fill
from ..printing_forms import LetterTemplateForm, PrintPackForm


def _pdf(content: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@require_GET
def print_pack(request, pk: int):
    """The options page; with ``?layout=…`` the PDF itself (or the page with its errors)."""
    dispatch = get_object_or_404(Dispatch.objects.select_related("campaign"), pk=pk)
    form = PrintPackForm(request.GET if "layout" in request.GET else None)
    if form.is_valid():
        options = form.cleaned_data
        try:
            content = printpack.dispatch_print_pack(
                dispatch,
                layout=options["layout"],
                labels=options["labels"],
                letters=options["letters"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            name = slugify(dispatch.name) or "dispatch"
            return _pdf(content, f"print-pack-{dispatch.pk}-{name}-{options['layout']}.pdf")
    return render(
        request,
        "distribution/printing/print_pack.html",
        {
            "dispatch": dispatch,
            "form": form,
            "layouts": printpack.LAYOUTS.values(),
            "placement_count": dispatch.placements.count(),
            "unaddressed": dispatch.placements.filter(venue__address="")
            .values("venue")
            .distinct()
            .count(),
        },
    )


@require_GET
def label_test_print(request, layout: str):
    if layout not in printpack.LAYOUTS:
        raise Http404
    return _pdf(printpack.label_test_print(layout), f"label-test-{layout}.pdf", inline=True)


def letter_list(request):
    letters = list(LetterTemplate.objects.all())
    missing = {choice for choice, _label in LetterTemplate._meta.get_field("language").choices}
    missing -= {letter.language for letter in letters}
    return render(
        request,
        "distribution/printing/letter_list.html",
        {"letters": letters, "can_add": bool(missing)},
    )


def _preview(template: LetterTemplate) -> dict:
    values = printpack.sample_values(template.language)
    return {
        "title": fill(template.title, values),
        "paragraphs": [fill(p, values) for p in printpack.split_paragraphs(template.body)],
        "recipient": [values["venue"], values["address"]],
        "values": values,
    }


@coordinator_required
@require_http_methods(["GET", "POST"])
def letter_edit(request, pk: int | None = None):
    """Edit (or add) a letter; the "Preview" button shows the unsaved text filled for a sample."""
    letter = get_object_or_404(LetterTemplate, pk=pk) if pk else LetterTemplate()
    form = LetterTemplateForm(request.POST or None, instance=letter)
    preview = None
    if form.is_valid():
        if "preview" not in request.POST:
            saved = form.save()
            messages.success(request, _("Cover letter saved."))
            return redirect("distribution:letter_edit", pk=saved.pk)
        preview = _preview(form.instance)
    elif not form.is_bound and letter.pk:
        preview = _preview(letter)
    if pk:
        title = _("Edit cover letter: %(language)s") % {"language": letter.get_language_display()}
    else:
        title = _("New cover letter")
    return render(
        request,
        "distribution/printing/letter_edit.html",
        {
            "form": form,
            "letter": letter,
            "preview": preview,
            "title": title,
            "cancel_url": reverse("distribution:letter_list"),
            "history": history_entries(letter) if letter.pk else [],
        },
    )


@require_GET
def letter_sample(request, pk: int):
    letter = get_object_or_404(LetterTemplate, pk=pk)
    return _pdf(printpack.sample_letter(letter), f"cover-letter-{letter.language}.pdf", inline=True)


urlpatterns = [
    path("dispatches/<int:pk>/print-pack/", print_pack, name="print_pack"),
    path("print/label-test/<str:layout>/", label_test_print, name="label_test_print"),
    path("print/letters/", letter_list, name="letter_list"),
    path("print/letters/new/", letter_edit, name="letter_create"),
    path("print/letters/<int:pk>/", letter_edit, name="letter_edit"),
    path("print/letters/<int:pk>/sample.pdf", letter_sample, name="letter_sample"),
]
