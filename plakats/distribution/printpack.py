"""The print pack of a postal dispatch: address labels and cover letters in one PDF.

``build_print_pack`` takes placements (venue, municipality, place and edition's
material already loaded) and returns the PDF's bytes; ``dispatch_print_pack``
loads a dispatch's placements in one query and calls it. Labels fill A4 label
sheets (``LAYOUTS``); each venue with a postal address gets one label and one
cover letter in its language, carrying the QR code, link and short code of its
first placement in the dispatch. Venues without a postal address are listed on
a last page instead.

The fonts ship with the project (``fonts/``, DejaVu Sans) so that Latvian
letters (ā č ē ģ ī ķ ļ ņ š ū ž) and Cyrillic print on any server.
"""

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from PIL import Image
from reportlab import rl_config
from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, KeepInFrame, Paragraph, Spacer

from plakats.core.errors import DomainError
from plakats.venues.choices import VenueLanguage
from plakats.venues.models import Venue

from .models import Dispatch, LetterTemplate, Placement
from .models.printing import fill

FONT_DIR = Path(__file__).with_name("fonts")
REGULAR = "PlakatsSans"
BOLD = "PlakatsSans-Bold"
GREY = Color(0.35, 0.35, 0.35)
PAGE_WIDTH, PAGE_HEIGHT = A4
DEFAULT_LANGUAGE = VenueLanguage.LATVIAN


@functools.cache
def register_fonts() -> None:
    """Register the shipped DejaVu Sans (once per process) under the names used here.

    Also turns off ReportLab's ASCII85 stream encoding for the process: without
    ReportLab's optional C accelerator it runs in pure Python and took a third
    of a 600-letter pack's time, and binary streams are valid in every reader.
    """
    rl_config.useA85 = 0
    pdfmetrics.registerFont(TTFont(REGULAR, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(
        REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD
    )


# Layouts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LabelLayout:
    """An A4 label sheet: ``columns`` × ``rows`` labels of ``width`` × ``height`` (points).

    The grid is centred on the page, so a sheet without margins (3 × 70 mm =
    210 mm) keeps what is left over as equal margins at top and bottom.
    """

    key: str
    columns: int
    rows: int
    width: float
    height: float
    padding_x: float = 4 * mm
    padding_y: float = 2.5 * mm

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    @property
    def left(self) -> float:
        return (PAGE_WIDTH - self.columns * self.width) / 2

    @property
    def top(self) -> float:
        return (PAGE_HEIGHT - self.rows * self.height) / 2

    @property
    def label(self) -> str:
        return (
            f"{self.columns}×{self.rows} ({_mm(self.width)} × {_mm(self.height)} mm, "
            f"{self.per_page})"
        )

    def origin(self, index: int) -> tuple[float, float]:
        """The bottom-left corner of the ``index``-th label on a page (row by row)."""
        row, column = divmod(index % self.per_page, self.columns)
        x = self.left + column * self.width
        y = PAGE_HEIGHT - self.top - (row + 1) * self.height
        return x, y


LAYOUTS = {
    "3x8": LabelLayout("3x8", columns=3, rows=8, width=70 * mm, height=37 * mm),
    "3x7": LabelLayout("3x7", columns=3, rows=7, width=70 * mm, height=42.3 * mm),
}
DEFAULT_LAYOUT = "3x8"


def _mm(points: float) -> str:
    return f"{points / mm:.1f}".rstrip("0").rstrip(".")


# What is printed per venue ---------------------------------------------------------------


@dataclass
class VenueSheet:
    """One venue of a pack with its placements in the dispatch (the first one's code is used)."""

    venue: Venue
    placements: list[Placement] = field(default_factory=list)

    @property
    def first(self) -> Placement:
        return self.placements[0]

    @property
    def street_line(self) -> str:
        """The address, with the town or parish added when the address does not name it."""
        venue = self.venue
        street = venue.address.strip()
        place = venue.place.name if venue.place_id else ""
        municipality = venue.municipality.name if venue.municipality_id else ""
        if place and place != municipality and place.casefold() not in street.casefold():
            street = f"{street}, {place}"
        return street

    @property
    def postal_line(self) -> str:
        """Postal code and municipality, leaving out a municipality the street line names."""
        venue = self.venue
        municipality = venue.municipality.name if venue.municipality_id else ""
        if municipality and municipality.casefold() in self.street_line.casefold():
            municipality = ""
        return " ".join(part for part in (venue.postal_code.strip(), municipality) if part)

    @property
    def has_postal_address(self) -> bool:
        return bool(self.venue.address.strip())

    def address_lines(self) -> list[str]:
        return [line for line in (self.street_line, self.postal_line) if line]

    def materials(self) -> list[str]:
        return [f"• {p.edition.material.name} × {p.quantity}" for p in self.placements]


def confirmation_url(token: str) -> str:
    """The absolute public link of a placement, as printed and encoded in its QR code."""
    return settings.PLAKATS_BASE_URL + reverse("confirm", args=[token])


def _name_key(name: str) -> list[tuple]:
    """Sort key for names in Latvian alphabet order (ā right after a, č after c, …),
    with numbers by value ("Nr. 2" before "Nr. 12")."""
    key = []
    for part in _DIGITS.split(name.casefold()):
        if part.isdigit():
            key.append((0, int(part), ""))
        else:
            key.extend((1, unicodedata.normalize("NFD", c)[0], c) for c in part)
    return key


_DIGITS = re.compile(r"(\d+)")


def venue_sheets(placements: Iterable[Placement]) -> list[VenueSheet]:
    """Group placements by venue (each venue's placements oldest first), venues by name."""
    sheets: dict[int, VenueSheet] = {}
    for placement in placements:
        sheet = sheets.setdefault(placement.venue_id, VenueSheet(placement.venue))
        sheet.placements.append(placement)
    for sheet in sheets.values():
        sheet.placements.sort(key=lambda p: p.pk)
    return sorted(sheets.values(), key=lambda s: (_name_key(s.venue.name), s.venue.pk))


# Building the pack ----------------------------------------------------------------------


def dispatch_placements(dispatch: Dispatch):
    return dispatch.placements.select_related(
        "venue__municipality", "venue__place", "edition__material"
    ).order_by("pk")


def dispatch_print_pack(
    dispatch: Dispatch,
    *,
    layout: str = DEFAULT_LAYOUT,
    labels: bool = True,
    letters: bool = True,
    on: date | None = None,
) -> bytes:
    """Return the print pack of ``dispatch`` as PDF bytes (three queries)."""
    return build_print_pack(
        dispatch_placements(dispatch),
        layout=layout,
        labels=labels,
        letters=letters,
        on=on,
        title=dispatch.name,
        replaces=replaced_editions(dispatch),
    )


def replaced_editions(dispatch: Dispatch) -> dict[int, str]:
    """For a replacement dispatch (a recall): new placement id → the outdated one to take down."""
    from .models import RecallLine  # recall lines are only read here

    lines = RecallLine.objects.filter(new_placement__dispatch=dispatch).select_related(
        "old_placement__edition__material"
    )
    return {
        line.new_placement_id: f"• {line.old_placement.edition} ({line.old_placement.code})"
        for line in lines
    }


def build_print_pack(
    placements: Iterable[Placement],
    *,
    layout: str = DEFAULT_LAYOUT,
    labels: bool = True,
    letters: bool = True,
    templates: Mapping[str, LetterTemplate] | None = None,
    on: date | None = None,
    title: str = "",
    replaces: Mapping[int, str] | None = None,
) -> bytes:
    """Return a PDF: label sheets, then one letter per venue, then the venues not printed.

    ``templates`` maps a language to its letter (read from the database when
    not given). ``replaces`` maps a placement id to the outdated edition it
    replaces: such a venue gets the letter's replacement text (take the old one
    down, put the new one up). Raises ``DomainError`` when there is nothing to
    print or no letter to print with.
    """
    if layout not in LAYOUTS:
        raise DomainError(_("Choose a label sheet: %(layouts)s.") % {"layouts": ", ".join(LAYOUTS)})
    sheets = venue_sheets(placements)
    if not sheets:
        raise DomainError(_("This dispatch has no placements to print."))
    if not (labels or letters):
        raise DomainError(_("Choose labels, letters or both."))
    printable = [s for s in sheets if s.has_postal_address]
    skipped = [s for s in sheets if not s.has_postal_address]
    if letters and printable and templates is None:
        templates = {t.language: t for t in LetterTemplate.objects.all()}
    pack = _Pack(title or _("Print pack"))
    if labels:
        pack.labels(printable, LAYOUTS[layout])
    if letters:
        writer = _LetterWriter(pack.canvas, templates or {}, on or timezone.localdate())
        writer.replaces = replaces or {}
        for sheet in printable:
            writer.letter(sheet)
    if skipped or not printable:
        pack.not_printed(skipped)
    return pack.finish()


def label_test_print(layout: str = DEFAULT_LAYOUT) -> bytes:
    """Return one A4 page with every label's border, number, row, column and position."""
    grid = LAYOUTS[layout]
    pack = _Pack(_("Label test print %(layout)s") % {"layout": grid.label})
    c = pack.canvas
    c.setLineWidth(0.4)
    for index in range(grid.per_page):
        x, y = grid.origin(index)
        row, column = divmod(index, grid.columns)
        c.setStrokeColor(black)
        c.rect(x, y, grid.width, grid.height)
        c.setStrokeColor(GREY)
        c.rect(
            x + grid.padding_x,
            y + grid.padding_y,
            grid.width - 2 * grid.padding_x,
            grid.height - 2 * grid.padding_y,
        )
        lines = [
            (f"{index + 1}", BOLD, 14),
            (
                _("row %(row)d, column %(column)d") % {"row": row + 1, "column": column + 1},
                REGULAR,
                8,
            ),
            (
                _("from the top left: %(x)s mm, %(y)s mm")
                % {"x": _mm(x), "y": _mm(PAGE_HEIGHT - y - grid.height)},
                REGULAR,
                7,
            ),
            (grid.label, REGULAR, 7),
        ]
        cy = y + grid.height / 2 + 12
        for text, font, size in lines:
            c.setFont(font, size)
            c.drawCentredString(x + grid.width / 2, cy, text)
            cy -= size + 4
    c.showPage()
    return pack.finish()


class _Pack:
    """One PDF being drawn on a single canvas."""

    def __init__(self, title: str):
        register_fonts()
        self.buffer = BytesIO()
        self.canvas = Canvas(self.buffer, pagesize=A4, pageCompression=1)
        self.canvas.setTitle(title)
        self.canvas.setAuthor(settings.PLAKATS_ORGANISATION)
        self.canvas.setCreator("Plakats")

    def finish(self) -> bytes:
        self.canvas.save()
        return self.buffer.getvalue()

    def labels(self, sheets: list[VenueSheet], grid: LabelLayout) -> None:
        c = self.canvas
        c.setFillColor(black)
        for index, sheet in enumerate(sheets):
            if index and index % grid.per_page == 0:
                c.showPage()
            x, y = grid.origin(index)
            draw_label(
                c,
                x,
                y,
                grid,
                [(sheet.venue.name, True)] + [(line, False) for line in sheet.address_lines()],
            )
        if sheets:
            c.showPage()

    def not_printed(self, sheets: list[VenueSheet]) -> None:
        heading = ParagraphStyle("heading", fontName=BOLD, fontSize=14, leading=18, spaceAfter=8)
        text = ParagraphStyle("text", fontName=REGULAR, fontSize=10, leading=13, spaceAfter=3)
        story = [Paragraph(escape(_("Not printed: no postal address")), heading)]
        if sheets:
            story.append(
                Paragraph(
                    escape(
                        _(
                            "These venues have no postal address, so neither a label nor a "
                            "letter was printed for them."
                        )
                    ),
                    text,
                )
            )
        else:
            story.append(
                Paragraph(escape(_("No venue of this dispatch has a postal address.")), text)
            )
        for sheet in sheets:
            codes = ", ".join(p.code for p in sheet.placements)
            story.append(Paragraph(f"{escape(sheet.venue.name)} — {escape(codes)}", text))
        while story:
            frame = Frame(20 * mm, 20 * mm, PAGE_WIDTH - 40 * mm, PAGE_HEIGHT - 40 * mm)
            frame.addFromList(story, self.canvas)
            self.canvas.showPage()


MAX_LABEL_FONT = 10.5
MIN_LABEL_FONT = 5.0


def fit_label(lines: list[tuple[str, bool]], width: float, height: float):
    """Return (font size, wrapped lines) so the text fits ``width`` × ``height``.

    Lines wrap at spaces first; the font shrinks in half points down to
    ``MIN_LABEL_FONT``. Past that the name (the bold lines) is cut short with
    "…" so that the address lines still fit, and any line still too wide is cut.
    """
    size = MAX_LABEL_FONT
    while size >= MIN_LABEL_FONT:
        wrapped = _wrap(lines, size, width)
        if len(wrapped) * size * 1.2 <= height and all(
            pdfmetrics.stringWidth(text, BOLD if bold else REGULAR, size) <= width
            for text, bold in wrapped
        ):
            return size, wrapped
        size -= 0.5
    size = MIN_LABEL_FONT
    capacity = max(1, int(height // (size * 1.2)))
    wrapped = _wrap(lines, size, width)
    name = [line for line in wrapped if line[1]]
    rest = [line for line in wrapped if not line[1]]
    keep = max(1, capacity - len(rest))
    if len(name) > keep:
        name = name[:keep]
        name[-1] = (name[-1][0] + "…", True)
    return size, [
        (_cut(text, BOLD if bold else REGULAR, size, width), bold)
        for text, bold in (name + rest)[:capacity]
    ]


def _wrap(lines, size, width):
    wrapped = []
    for text, bold in lines:
        parts = simpleSplit(text, BOLD if bold else REGULAR, size, width) or [""]
        wrapped.extend((part, bold) for part in parts)
    return wrapped


def _cut(text: str, font: str, size: float, width: float) -> str:
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    text = text.removesuffix("…")
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def draw_label(c: Canvas, x: float, y: float, grid: LabelLayout, lines) -> None:
    """Draw ``lines`` ((text, bold) pairs) centred vertically in the label at (x, y)."""
    width = grid.width - 2 * grid.padding_x
    height = grid.height - 2 * grid.padding_y
    size, wrapped = fit_label(lines, width, height)
    leading = size * 1.2
    block = len(wrapped) * leading
    baseline = y + grid.height / 2 + block / 2 - size
    for text, bold in wrapped:
        c.setFont(BOLD if bold else REGULAR, size)
        c.drawString(x + grid.padding_x, baseline, text)
        baseline -= leading


# Letters ---------------------------------------------------------------------------------

MARGIN = 20 * mm
QR_SIZE = 36 * mm
QR_ZONE = QR_SIZE + 6 * mm


QR_BORDER = 4
QR_SCALE = 8


@functools.lru_cache(maxsize=4096)
def qr_modules(url: str) -> tuple[int, bytes]:
    """The QR code of ``url``: its width in modules and one byte a module (0 dark, 255 light).

    Encoding (segno picks the best of eight masks in pure Python) is most of a
    letter's cost, so the last few thousand codes are kept (a few kB each): the
    same pack downloaded again with another label layout reuses them.
    """
    matrix = segno.make(url, error="m", micro=False).matrix
    return len(matrix), bytes(0 if module else 255 for row in matrix for module in row)


def qr_image(url: str) -> Image.Image:
    """The QR code of ``url`` as a greyscale image: 8 pixels a module, a quiet zone of 4.

    Drawn with Pillow from segno's matrix rather than through segno's PNG
    writer, which is pure Python and several times slower.
    """
    modules, pixels = qr_modules(url)
    dark = Image.frombytes("L", (modules, modules), pixels)
    side = modules + 2 * QR_BORDER
    image = Image.new("L", (side, side), 255)
    image.paste(dark, (QR_BORDER, QR_BORDER))
    return image.resize((side * QR_SCALE, side * QR_SCALE), Image.Resampling.NEAREST)


class _LetterWriter:
    """Draws cover letters; styles, dates and the chosen template per language are made once."""

    def __init__(self, canvas: Canvas, templates: Mapping[str, LetterTemplate], on: date):
        self.canvas = canvas
        self.templates = templates
        self.on = on
        self.dates: dict[str, str] = {}
        self.replaces: Mapping[int, str] = {}
        self.venue_style = ParagraphStyle("venue", fontName=REGULAR, fontSize=10.5, leading=14)
        self.title_style = ParagraphStyle(
            "title", fontName=BOLD, fontSize=13, leading=17, spaceBefore=10 * mm, spaceAfter=4 * mm
        )
        self.body_style = ParagraphStyle(
            "body", fontName=REGULAR, fontSize=10.5, leading=14.5, spaceAfter=3 * mm
        )

    def template_for(self, language: str) -> LetterTemplate:
        template = self.templates.get(language) or self.templates.get(DEFAULT_LANGUAGE)
        if template is None:
            template = next(iter(self.templates.values()), None)
        if template is None:
            raise DomainError(_("There is no cover letter to print with; add one first."))
        return template

    def date_text(self, language: str) -> str:
        if language not in self.dates:
            with translation.override(language):
                self.dates[language] = formats.date_format(self.on, "DATE_FORMAT")
        return self.dates[language]

    def values(self, sheet: VenueSheet, template: LetterTemplate) -> dict[str, str]:
        return {
            "venue": sheet.venue.name,
            "address": ", ".join(sheet.address_lines()),
            "code": sheet.first.code,
            "link": confirmation_url(sheet.first.token),
            "materials": "\n".join(sheet.materials()),
            "organisation": settings.PLAKATS_ORGANISATION,
            "contact": settings.PLAKATS_CONTACT,
            "date": self.date_text(template.language),
            "replaces": "\n".join(self.replaced(sheet)),
        }

    def replaced(self, sheet: VenueSheet) -> list[str]:
        return [self.replaces[p.pk] for p in sheet.placements if p.pk in self.replaces]

    def letter(self, sheet: VenueSheet) -> None:
        template = self.template_for(sheet.venue.language)
        if template.recall_body and self.replaced(sheet):
            template = LetterTemplate(
                language=template.language,
                title=template.recall_title or template.title,
                body=template.recall_body,
            )
        self.draw(
            template, self.values(sheet, template), [sheet.venue.name, *sheet.address_lines()]
        )

    def draw(self, template: LetterTemplate, values: dict[str, str], recipient: list[str]) -> None:
        c = self.canvas
        top = PAGE_HEIGHT - MARGIN
        c.setFillColor(black)
        c.setFont(BOLD, 12)
        c.drawString(MARGIN, top - 12, values["organisation"])
        c.setFont(REGULAR, 9)
        c.setFillColor(GREY)
        c.drawString(MARGIN, top - 25, values["contact"])
        c.setFillColor(black)
        c.setFont(REGULAR, 10)
        c.drawRightString(PAGE_WIDTH - MARGIN, top - 12, values["date"])

        story = [Spacer(1, 12 * mm)]
        lines = [f"<b>{escape(recipient[0])}</b>", *(escape(line) for line in recipient[1:])]
        story.append(Paragraph("<br/>".join(lines), self.venue_style))
        story.append(Paragraph(_markup(template.title, values), self.title_style))
        for paragraph in split_paragraphs(template.body):
            story.append(Paragraph(_markup(paragraph, values), self.body_style))
        body_top = top - 30
        body_bottom = MARGIN + QR_ZONE
        width = PAGE_WIDTH - 2 * MARGIN
        _draw_fitted(c, story, MARGIN, body_bottom, width, body_top - body_bottom)

        self.draw_confirmation(values["code"], values["link"])
        c.showPage()

    def draw_confirmation(self, code: str, link: str) -> None:
        """The QR code with the short code and the link beside it, at the foot of the page."""
        c = self.canvas
        c.setStrokeColor(GREY)
        c.setLineWidth(0.5)
        c.line(MARGIN, MARGIN + QR_ZONE - 2 * mm, PAGE_WIDTH - MARGIN, MARGIN + QR_ZONE - 2 * mm)
        c.drawImage(ImageReader(qr_image(link)), MARGIN, MARGIN, QR_SIZE, QR_SIZE)
        text_x = MARGIN + QR_SIZE + 6 * mm
        c.setFillColor(black)
        c.setFont(BOLD, 26)
        c.drawString(text_x, MARGIN + QR_SIZE / 2 + 2 * mm, code)
        room = PAGE_WIDTH - MARGIN - text_x
        size = 10.0
        while size > 6 and pdfmetrics.stringWidth(link, REGULAR, size) > room:
            size -= 0.5
        c.setFont(REGULAR, size)
        baseline = MARGIN + QR_SIZE / 2 - 8 * mm
        c.drawString(text_x, baseline, link)
        link_width = pdfmetrics.stringWidth(link, REGULAR, size)
        c.linkURL(link, (text_x, baseline - 2, text_x + link_width, baseline + size), relative=0)


def _draw_fitted(c: Canvas, story: list, x: float, y: float, width: float, height: float) -> None:
    """Draw ``story`` top-down in the box; a story too long for it is shrunk to fit.

    Each flowable is wrapped once; only an overlong letter pays for
    ``KeepInFrame``'s second layout.
    """
    sizes = [flowable.wrap(width, height) for flowable in story]
    spaces = [
        (flowable.getSpaceBefore() if i else 0) + flowable.getSpaceAfter()
        for i, flowable in enumerate(story)
    ]
    if sum(h for _w, h in sizes) + sum(spaces) > height:
        frame = Frame(x, y, width, height, 0, 0, 0, 0)
        frame.addFromList([KeepInFrame(width, height, story, mode="shrink")], c)
        return
    top = y + height
    for i, (flowable, (_w, h)) in enumerate(zip(story, sizes, strict=True)):
        if i:
            top -= flowable.getSpaceBefore()
        flowable.drawOn(c, x, top - h)
        top -= h + flowable.getSpaceAfter()


def split_paragraphs(body: str) -> list[str]:
    """Split plain text into paragraphs at blank lines."""
    blocks, current = [], []
    for line in body.replace("\r\n", "\n").split("\n"):
        if line.strip():
            current.append(line.rstrip())
        elif current:
            blocks.append("\n".join(current))
            current = []
    if current:
        blocks.append("\n".join(current))
    return blocks


def _markup(text: str, values: dict[str, str]) -> str:
    """Paragraph markup of template text: escaped, line breaks kept, the link clickable."""
    escaped = {name: escape(value).replace("\n", "<br/>") for name, value in values.items()}
    link = escape(values["link"], {'"': "&quot;"})
    escaped["link"] = f'<a href="{link}">{escape(values["link"])}</a>'
    return fill(escape(text).replace("\n", "<br/>"), escaped)


# The sample venue of the letter preview -------------------------------------------------

SAMPLE_PATH = "sample-link-for-the-preview"


def sample_values(language: str, on: date | None = None) -> dict[str, str]:
    """Placeholder values for a made-up venue, for previews of a letter."""
    on = on or timezone.localdate()
    with translation.override(language):
        day = formats.date_format(on, "DATE_FORMAT")
        materials = [f"• {_('A2 poster: Safe work abroad')} × 2", f"• {_('Leaflet: Hotline')} × 30"]
    return {
        "venue": "Rēzeknes 1. vidusskola",
        "address": "Atbrīvošanas aleja 93, Rēzekne, LV-4601",
        "code": "K7M-2QX",
        "link": confirmation_url(SAMPLE_PATH),
        "materials": "\n".join(materials),
        "organisation": settings.PLAKATS_ORGANISATION,
        "contact": settings.PLAKATS_CONTACT,
        "date": day,
        "replaces": f"• {_('A2 poster: Safe work abroad')} (H4K-7PQ)",
    }


def sample_letter(template: LetterTemplate, on: date | None = None) -> bytes:
    """Return a one-page PDF of ``template`` filled for the sample venue."""
    pack = _Pack(template.title)
    writer = _LetterWriter(pack.canvas, {template.language: template}, on or timezone.localdate())
    values = sample_values(template.language, on)
    writer.draw(template, values, [values["venue"], "Atbrīvošanas aleja 93, Rēzekne", "LV-4601"])
    return pack.finish()
