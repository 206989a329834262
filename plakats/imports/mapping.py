"""Which column of a file holds what: header detection, mapping, and remembered layouts.

Headers are compared normalised (casefolded, without diacritics and
punctuation), so "Reģ. Nr.", "REG NR" and "reg.nr" are one name. A file's
header row need not be the first: the first row that names enough known
columns is the header, the title rows above it are ignored.

Columns that hold personal data (a director's name, a contact person) are
recognised but never mapped by default: the user has to map them on purpose.
A confirmed mapping is remembered per kind, source and header layout, and
offered again for the next file of the same layout.
"""

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import ColumnMapping, ImportKind
from .reading import Cell, ImportFileError, Sheet, cell_text

HEADER_SEARCH_ROWS = 30
MIN_HEADER_MATCHES = 2
SHORTEST_CONTAINED_ALIAS = 5
MIN_COLUMNS_FOR_NOTES = 3
NON_WORD = re.compile(r"[\W_]+")


def _folding_table() -> dict[int, str]:
    """Latin letters with diacritics -> their base letters ("ķ" -> "k"), for str.translate."""
    table = {}
    for code in range(0x00C0, 0x0250):
        decomposed = unicodedata.normalize("NFKD", chr(code))
        base = "".join(c for c in decomposed if not unicodedata.combining(c))
        if base != chr(code) and base.isascii():
            table[code] = base
    return table


FOLD = _folding_table()


def normalise_header(text: object) -> str:
    """ "Reģ. Nr." -> "reg nr"; "E-pasts" -> "e pasts"."""
    folded = str(text or "").casefold().translate(FOLD)
    if not folded.isascii():
        decomposed = unicodedata.normalize("NFKD", folded)
        folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return NON_WORD.sub(" ", folded).strip()


@dataclass(frozen=True)
class FieldSpec:
    """A field a column can go to, with the header names that mean it."""

    key: str
    label: Promise
    aliases: tuple[str, ...]
    personal: bool = False
    model_field: str = ""


def _spec(key, label, aliases, *, personal=False, model_field=""):
    return FieldSpec(
        key, label, tuple(normalise_header(a) for a in aliases.split("|")), personal, model_field
    )


VENUE_FIELDS: tuple[FieldSpec, ...] = (
    _spec(
        "name",
        gettext_lazy("name"),
        "Iestādes nosaukums|Nosaukums|Name|Venue|Venue name|Iestāde|Skolas nosaukums"
        "|Izglītības iestādes nosaukums|Izglītības iestāde|Organizācija|Institution"
        "|Institution name",
        model_field="name",
    ),
    _spec(
        "kind",
        gettext_lazy("kind"),
        "Tips|Kind|Type|Veids|Iestādes veids|Iestādes tips|Venue kind",
        model_field="kind",
    ),
    _spec(
        "address",
        gettext_lazy("address"),
        "Adrese|Address|Juridiskā adrese|Faktiskā adrese|Iestādes adrese|Īstenošanas vietas adrese"
        "|Street address|Adrese (juridiskā)",
        model_field="address",
    ),
    _spec(
        "postal_code",
        gettext_lazy("postal code"),
        "Pasta indekss|Indekss|Postal code|Postcode|Post code|Zip|Zip code",
        model_field="postal_code",
    ),
    _spec(
        "municipality",
        gettext_lazy("municipality"),
        "Novads/valstspilsēta|Novads|Pašvaldība|Municipality|Valstspilsēta/novads"
        "|Administratīvā teritorija|Novads vai valstspilsēta|Pilsēta/novads|Teritorija",
        model_field="municipality",
    ),
    _spec(
        "municipality_code",
        gettext_lazy("municipality code (ATVK)"),
        "ATVK|ATVK kods|Municipality code|Teritorijas kods|Pašvaldības kods|Novada kods",
    ),
    _spec(
        "external_id",
        gettext_lazy("external id (registration number)"),
        "Reģistrācijas Nr.|Reģ. Nr.|Reģ. numurs|Reģistrācijas numurs|Reģistrācijas kods"
        "|Registration number|Registration no|Registration code|External id|Iestādes kods"
        "|Reģistrācijas Nr|Nodokļu maksātāja reģistrācijas kods|Uzņēmuma reģistrācijas numurs",
        model_field="external_id",
    ),
    _spec(
        "external_source",
        gettext_lazy("external register"),
        "External register|Ārējais reģistrs|Reģistrs|Register",
        model_field="external_source",
    ),
    _spec(
        "email",
        gettext_lazy("e-mail"),
        "E-pasts|Epasts|E-pasta adrese|Email|E-mail|E-mail address|Email address",
        model_field="email",
    ),
    _spec(
        "phone",
        gettext_lazy("phone"),
        "Tālrunis|Tālr.|Tālruņa nr.|Telefons|Tel.|Tālrunis, fakss|Phone|Telephone|Phone number",
        model_field="phone",
    ),
    _spec(
        "url",
        gettext_lazy("web address"),
        "Tīmekļa vietne|Mājaslapa|Mājas lapa|Interneta vietne|Website|Web address|URL|WWW",
        model_field="url",
    ),
    _spec(
        "language",
        gettext_lazy("language"),
        "Valoda|Mācību valoda|Language|Language of instruction",
        model_field="language",
    ),
    _spec(
        "network",
        gettext_lazy("network"),
        "Tīkls|Network",
        model_field="network",
    ),
    _spec(
        "latitude",
        gettext_lazy("latitude"),
        "Platums|Ģeogrāfiskais platums|Latitude|Lat",
        model_field="latitude",
    ),
    _spec(
        "longitude",
        gettext_lazy("longitude"),
        "Garums|Ģeogrāfiskais garums|Longitude|Lon|Lng",
        model_field="longitude",
    ),
    _spec(
        "contact_name",
        gettext_lazy("contact person (personal data)"),
        "Direktors|Direktore|Vadītājs|Vadītāja|Iestādes vadītājs|Vārds, uzvārds|Vārds uzvārds"
        "|Kontaktpersona|Kontaktpersonas vārds|Contact person|Contact name|Director|Head",
        personal=True,
        model_field="contact_name",
    ),
)

PLACEMENT_FIELDS: tuple[FieldSpec, ...] = (
    _spec(
        "venue_external_id",
        gettext_lazy("venue's external id"),
        "Reģistrācijas Nr.|Reģ. Nr.|Reģistrācijas numurs|Registration number|External id"
        "|Venue external id|Iestādes kods",
    ),
    _spec(
        "venue_name",
        gettext_lazy("venue's name"),
        "Iestāde|Iestādes nosaukums|Nosaukums|Venue|Venue name|Name|Vieta",
    ),
    _spec(
        "municipality",
        gettext_lazy("municipality"),
        "Novads/valstspilsēta|Novads|Pašvaldība|Municipality",
    ),
    _spec(
        "municipality_code",
        gettext_lazy("municipality code (ATVK)"),
        "ATVK|ATVK kods|Municipality code",
    ),
    _spec("address", gettext_lazy("address"), "Adrese|Address"),
    _spec(
        "edition",
        gettext_lazy("edition (material / language / version)"),
        "Izdevums|Edition|Materiāls / valoda / versija|Material / language / version",
    ),
    _spec("edition_id", gettext_lazy("edition id"), "Edition id|Izdevuma id|Izdevuma ID"),
    _spec("material", gettext_lazy("material"), "Materiāls|Material"),
    _spec("language", gettext_lazy("language"), "Valoda|Language"),
    _spec("version", gettext_lazy("version"), "Versija|Version"),
    _spec(
        "quantity",
        gettext_lazy("quantity"),
        "Skaits|Daudzums|Eksemplāri|Eks.|Quantity|Qty|Copies",
    ),
    _spec("date", gettext_lazy("date"), "Datums|Date|Nosūtīšanas datums|Date sent"),
    _spec(
        "delivery",
        gettext_lazy("delivery"),
        "Piegāde|Piegādes statuss|Delivery|Delivery status",
    ),
    _spec(
        "display",
        gettext_lazy("display"),
        "Izvietojums|Izvietots|Izvietošana|Display|Display status|Displayed",
    ),
    _spec(
        "status",
        gettext_lazy("status (delivery or display)"),
        "Statuss|Status|Stāvoklis",
    ),
    _spec(
        "location_note",
        gettext_lazy("where it hangs"),
        "Kur izvietots|Vieta telpās|Where it hangs|Location note",
    ),
)

FIELDS_OF_KIND = {ImportKind.VENUES: VENUE_FIELDS, ImportKind.PLACEMENTS: PLACEMENT_FIELDS}


@lru_cache(maxsize=8)
def _alias_table(kind: str) -> dict[str, str]:
    """Normalised header name -> field key, with the fields' labels in every UI language."""
    table: dict[str, str] = {}
    for spec in FIELDS_OF_KIND[kind]:
        for alias in spec.aliases:
            table.setdefault(alias, spec.key)
    for spec in FIELDS_OF_KIND[kind]:
        for language in ("en", "lv"):
            with translation.override(language):
                table.setdefault(normalise_header(str(spec.label)), spec.key)
    return table


def field_of_header(kind: str, header: object) -> str:
    """Return the field a header names ("" when none): exactly, or by a long alias inside it."""
    name = normalise_header(header)
    if not name:
        return ""
    table = _alias_table(kind)
    if name in table:
        return table[name]
    padded = f" {name} "
    contained = [
        (len(alias), key)
        for alias, key in table.items()
        if len(alias) >= SHORTEST_CONTAINED_ALIAS and f" {alias} " in padded
    ]
    return max(contained)[1] if contained else ""


def find_header(rows: Sequence[tuple[int, list[Cell]]], kind: str) -> int:
    """Return the index (in ``rows``) of the header row: the first naming enough known columns."""
    scores = [
        sum(1 for cell in cells if isinstance(cell, str) and field_of_header(kind, cell))
        for _number, cells in rows[:HEADER_SEARCH_ROWS]
    ]
    if not scores:
        return 0
    enough = min(MIN_HEADER_MATCHES, max(scores))
    if enough == 0:
        return 0
    return next(index for index, score in enumerate(scores) if score >= enough)


def specs(kind: str) -> dict[str, FieldSpec]:
    return {spec.key: spec for spec in FIELDS_OF_KIND[kind]}


def detect_mapping(kind: str, headers: Sequence[str]) -> tuple[list[str], list[int]]:
    """Map each column to a field; return the mapping and the personal-data columns left out.

    A field goes to the first column that names it; a personal-data column is
    reported and left unmapped.
    """
    by_key = specs(kind)
    mapping: list[str] = []
    personal: list[int] = []
    taken: set[str] = set()
    for index, header in enumerate(headers):
        key = field_of_header(kind, header)
        if key and by_key[key].personal:
            personal.append(index)
            key = ""
        if key in taken:
            key = ""
        taken.add(key)
        mapping.append(key)
    return mapping, personal


def header_signature(headers: Sequence[str]) -> str:
    joined = "\x1f".join(normalise_header(header) for header in headers)
    return hashlib.sha256(joined.encode()).hexdigest()


def remembered_mapping(kind: str, source: str, headers: Sequence[str]) -> list[str] | None:
    row = ColumnMapping.objects.filter(
        kind=kind, source=source, signature=header_signature(headers)
    ).first()
    if row is None or len(row.fields) != len(headers):
        return None
    known = specs(kind)
    return [key if key in known else "" for key in row.fields]


def remember_mapping(kind: str, source: str, headers: Sequence[str], fields: Sequence[str], user):
    ColumnMapping.objects.update_or_create(
        kind=kind,
        source=source,
        signature=header_signature(headers),
        defaults={
            "headers": list(headers),
            "fields": list(fields),
            "updated_by": user if user is not None and user.is_authenticated else None,
        },
    )


def check_mapping(kind: str, fields: Sequence[str], *, default_kind: str = "") -> list[str]:
    """Return what is wrong with a mapping (empty when it can be used)."""
    known = specs(kind)
    problems = []
    used = [key for key in fields if key]
    for key in sorted({key for key in used if used.count(key) > 1}):
        problems.append(
            _("Two columns are mapped to “%(field)s”; choose one.") % {"field": known[key].label}
        )
    for key in used:
        if key not in known:
            problems.append(_("“%(field)s” is not a field of this import.") % {"field": key})
    if kind == ImportKind.VENUES:
        if "name" not in used:
            problems.append(_("Choose the column that holds the venue's name."))
        if "kind" not in used and not default_kind:
            problems.append(
                _("The file has no column for the kind of venue: choose one for the whole file.")
            )
    else:
        if "venue_external_id" not in used and "venue_name" not in used:
            problems.append(_("Choose the column that identifies the venue (external id or name)."))
        if not {"edition", "edition_id", "material"} & set(used):
            problems.append(_("Choose the column that identifies the edition."))
    return problems


@dataclass
class Layout:
    """Where a sheet's header is, what its columns are called, and where each column goes.

    ``notes`` are the row numbers of one-cell rows below the table (a merged
    footnote, a total) that were left out; the import reports them.
    """

    kind: str
    header_row: int
    headers: list[str]
    rows: list[tuple[int, list[Cell]]]
    mapping: list[str]
    personal: list[int]
    remembered: bool = False
    notes: list[int] = field(default_factory=list)

    def column_label(self, index: int) -> str:
        header = self.headers[index] if index < len(self.headers) else ""
        return header or _("column %(letter)s") % {"letter": column_letter(index)}

    def samples(self, index: int, count: int = 3) -> list[str]:
        values = []
        for _number, cells in self.rows:
            if index < len(cells) and cells[index] is not None:
                values.append(cell_text(cells[index]))
                if len(values) == count:
                    break
        return values


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def layout_of(
    sheet: Sheet, kind: str, *, source: str = "", mapping: Sequence[str] | None = None
) -> Layout:
    """Find the header and the mapping: the one given, else the remembered one, else detected."""
    if not sheet.rows:
        raise ImportFileError(_("The file has no rows."))
    index = find_header(sheet.rows, kind)
    header_number, header_cells = sheet.rows[index]
    data = sheet.rows[index + 1 :]
    width = max([len(header_cells), *(len(cells) for _n, cells in data[:200])])
    headers = [cell_text(cell) for cell in header_cells] + [""] * (width - len(header_cells))
    detected, personal = detect_mapping(kind, headers)
    remembered = False
    if mapping is not None and len(mapping) == len(headers):
        fields = list(mapping)
    else:
        fields = remembered_mapping(kind, source, headers)
        remembered = fields is not None
        if fields is None:
            fields = detected
    rows, notes = _split_trailing_notes(data, sum(1 for h in headers if h))
    return Layout(kind, header_number, headers, rows, fields, personal, remembered, notes)


def _split_trailing_notes(rows, named_columns: int):
    """Split off trailing rows with one filled cell below a table of three or more columns."""
    if named_columns < MIN_COLUMNS_FOR_NOTES:
        return rows, []
    end = len(rows)
    while end and sum(1 for cell in rows[end - 1][1] if cell is not None) <= 1:
        end -= 1
    return rows[:end], [number for number, _cells in rows[end:]]
