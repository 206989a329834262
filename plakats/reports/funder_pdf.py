"""The funder report as a PDF (ReportLab), laid out from a ``Figures``.

Cover (campaign, funder, period, organisation, date), the summary indicators,
the map and the timeline chart, then one table per section and the definition
of "displayed" the figures used. Page numbers "n / total" on every page. The
fonts are the shipped DejaVu Sans of the print pack, so Latvian letters print.

The drawings come in as PNG bytes (``map_png``, ``chart_png``) so that this
module only lays out; ``plakats.reports.views_funder.render_pdf`` draws them.
"""

from io import BytesIO
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from plakats.distribution.printpack import BOLD, REGULAR, register_fonts

from .figures import INT, PERCENT, Figures, format_value

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
HEAD = colors.Color(0.16, 0.33, 0.5)
LIGHT = colors.Color(0.93, 0.95, 0.97)
GREY = colors.Color(0.35, 0.35, 0.35)


def _styles() -> dict[str, ParagraphStyle]:
    return {
        "title": ParagraphStyle("title", fontName=BOLD, fontSize=24, leading=30, spaceAfter=6),
        "subtitle": ParagraphStyle(
            "subtitle", fontName=REGULAR, fontSize=14, leading=19, textColor=GREY
        ),
        "h1": ParagraphStyle(
            "h1", fontName=BOLD, fontSize=15, leading=19, spaceBefore=10, spaceAfter=6
        ),
        "text": ParagraphStyle("text", fontName=REGULAR, fontSize=9.5, leading=12.5, spaceAfter=4),
        "small": ParagraphStyle("small", fontName=REGULAR, fontSize=8, leading=10, textColor=GREY),
        "cell": ParagraphStyle("cell", fontName=REGULAR, fontSize=8.5, leading=10.5),
        "head": ParagraphStyle(
            "head", fontName=BOLD, fontSize=8.5, leading=10.5, textColor=colors.white
        ),
        "big": ParagraphStyle("big", fontName=BOLD, fontSize=18, leading=22, textColor=HEAD),
    }


class _NumberedCanvas(Canvas):
    """A canvas that writes "page n / total" on every page once the total is known."""

    def __init__(self, *args, footer: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self._pages = []
        self._footer = footer

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.setFont(REGULAR, 8)
            self.setFillColor(GREY)
            self.drawString(MARGIN, 10 * mm, self._footer)
            self.drawRightString(
                PAGE_WIDTH - MARGIN,
                10 * mm,
                _("page %(page)d of %(total)d") % {"page": self._pageNumber, "total": total},
            )
            super().showPage()
        super().save()


def _p(text, style) -> Paragraph:
    return Paragraph(escape(str(text)), style)


def _image(png: bytes, max_width: float, max_height: float) -> Image:
    width, height = ImageReader(BytesIO(png)).getSize()
    scale = min(max_width / width, max_height / height)
    return Image(BytesIO(png), width=width * scale, height=height * scale)


def _table(columns, rows, styles, widths=None) -> Table:
    data = [[_p(c.label, styles["head"]) for c in columns]]
    for row in rows:
        data.append(
            [
                _p(format_value(value, c.kind), styles["cell"])
                for value, c in zip(row, columns, strict=True)
            ]
        )
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), HEAD),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.Color(0.8, 0.8, 0.8)),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    for i, c in enumerate(columns):
        if c.kind in (INT, PERCENT):
            style.append(("ALIGN", (i, 0), (i, -1), "RIGHT"))
    for r in range(2, len(data), 2):
        style.append(("BACKGROUND", (0, r), (-1, r), LIGHT))
    table.setStyle(TableStyle(style))
    return table


def _widths(columns) -> list[float]:
    """The first (label) column gets what the number columns leave over."""
    if len(columns) == 1:
        return [TEXT_WIDTH]
    number = min(28 * mm, TEXT_WIDTH * 0.6 / (len(columns) - 1))
    return [TEXT_WIDTH - number * (len(columns) - 1)] + [number] * (len(columns) - 1)


def render(figures: Figures, *, map_png: bytes | None, chart_png: bytes | None) -> bytes:
    """Return the report's PDF bytes (call inside ``translation.override(figures.lang)``)."""
    register_fonts()
    styles = _styles()
    buffer = BytesIO()
    title = _("Funder report")
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"{title}: {figures.campaign}",
        author=figures.organisation,
        creator="Plakats",
        lang=figures.lang,
    )
    story = _cover(figures, styles, title)
    story += _summary(figures, styles)
    story += _drawings(figures, styles, map_png, chart_png)
    for section in figures.sections:
        block = [_p(section.title, styles["h1"])]
        if section.note:
            block.append(_p(section.note, styles["text"]))
        if section.rows:
            block.append(_table(section.columns, section.rows, styles, _widths(section.columns)))
        else:
            block.append(_p(_("Nothing in this period."), styles["text"]))
        # Keep a short table with its heading; long ones may split (the header repeats).
        story.append(KeepTogether(block) if len(section.rows) < 25 else block[0])
        if len(section.rows) >= 25:
            story.extend(block[1:])
    story.append(_p(_("Definition used"), styles["h1"]))
    story.append(_p(figures.definition, styles["text"]))
    footer = f"{figures.organisation} · {figures.campaign} · {figures.period_label()}"
    doc.build(story, canvasmaker=lambda *a, **k: _NumberedCanvas(*a, footer=footer, **k))
    return buffer.getvalue()


def _cover(figures: Figures, styles, title: str) -> list:
    rows = [
        (_("Campaign"), figures.campaign),
        (_("Funder"), figures.funder or "—"),
        (_("Period"), figures.period_label()),
        (_("Area"), figures.region or _("the whole country")),
        (_("Prepared by"), figures.organisation),
        (_("Date"), figures.generated_label()),
    ]
    facts = Table(
        [[_p(k, styles["head"]), _p(v, styles["text"])] for k, v in rows],
        colWidths=[40 * mm, TEXT_WIDTH - 40 * mm],
        hAlign="LEFT",
    )
    facts.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (0, -1), HEAD),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.white),
            ]
        )
    )
    return [
        Spacer(1, 50 * mm),
        _p(title, styles["title"]),
        _p(figures.campaign, styles["subtitle"]),
        Spacer(1, 14 * mm),
        facts,
        Spacer(1, 10 * mm),
        _p(figures.definition, styles["small"]),
        PageBreak(),
    ]


def _summary(figures: Figures, styles) -> list:
    story = [_p(_("Summary indicators"), styles["h1"])]
    if not figures.indicators:
        return [*story, _p(_("Nothing in this period."), styles["text"])]
    data = [
        [
            _p(_("Indicator"), styles["head"]),
            _p(_("Reached"), styles["head"]),
            _p(_("Goal"), styles["head"]),
            _p(_("of goal"), styles["head"]),
        ]
    ]
    for ind in figures.indicators:
        percent = (ind.value or 0) / ind.goal if ind.goal else None
        data.append(
            [
                _p(ind.label, styles["cell"]),
                _p(format_value(ind.value, ind.kind), styles["big"]),
                _p(format_value(ind.goal, INT) if ind.goal else "", styles["cell"]),
                _p(format_value(percent, PERCENT) if ind.goal else "", styles["cell"]),
            ]
        )
    table = Table(data, colWidths=[TEXT_WIDTH - 90 * mm, 35 * mm, 27 * mm, 28 * mm])
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), HEAD),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.Color(0.8, 0.8, 0.8)),
            ]
        )
    )
    return [*story, table]


def _drawings(figures: Figures, styles, map_png, chart_png) -> list:
    story = []
    if map_png:
        story.append(
            KeepTogether(
                [
                    _p(figures.map_caption or _("Coverage by municipality"), styles["h1"]),
                    # The drawing carries the boundaries' attribution itself.
                    _image(map_png, TEXT_WIDTH, 95 * mm),
                ]
            )
        )
    if chart_png:
        story.append(
            KeepTogether(
                [
                    _p(_("Timeline per week: sent, delivered, displayed"), styles["h1"]),
                    _image(chart_png, TEXT_WIDTH, 65 * mm),
                ]
            )
        )
    return story
