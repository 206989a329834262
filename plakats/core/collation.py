"""Latvian sorting and diacritic-blind search, the same on SQLite and PostgreSQL.

Sorting follows ``latvian()``: on PostgreSQL it is the collation ``lv``, ICU's
Latvian collation (created by a migration from ``lv-x-icu``); on SQLite it is
``plakats_lv_key(name)``, the bytes of ``sort_key`` below (a function
registered on every connection), which compare as plain bytes in the order of
``latvian_key``. An index on that expression stores each name's key once, so
writing a venue calls Python once per index rather than once per comparison,
as an index in a Python collation would. Both follow the Latvian alphabet: Č
after C, Ģ after G, Ķ after K, Ļ after L, Ņ after N, Š after S, Ž after Z,
while Ā, Ē, Ī, Ū sort with their base letters (a word with the long vowel comes
after the same word without it) and Y after I, as ICU does.

Search folds both sides with ``plakats_fold`` (lower case, diacritics of the
Baltic and common European letters removed), a SQL function registered on
SQLite and created by the migration on PostgreSQL, so "cesu" finds "Cēsu":
``Q(name__fcontains="cesu")``.
"""

import functools
import unicodedata

from django.db.models import BinaryField, CharField, F, Func, Lookup, TextField, Transform

LATVIAN = "lv"
FOLD_FUNCTION = "plakats_fold"
SORT_KEY_FUNCTION = "plakats_lv_key"

# Letters and what they fold to; PostgreSQL's plakats_fold translates the same pairs.
FOLD_FROM = "āčēģīķļņōŗšūžąęėįųõäöüéèàáóíúñçåøĀČĒĢĪĶĻŅŌŖŠŪŽĄĘĖĮŲÕÄÖÜÉÈÀÁÓÍÚÑÇÅØ"
FOLD_TO = "acegiklnorsuzaeeiuoaoueeaaoiuncaoACEGIKLNORSUZAEEIUOAOUEEAAOIUNCAO"
_FOLD_TABLE = str.maketrans(FOLD_FROM, FOLD_TO)

# The Latvian alphabet as ICU orders it: each group is one primary letter, its
# members differ only at the secondary level (the plain letter first).
ALPHABET = "aā b c č d eē f g ģ h iī y j k ķ l ļ m n ņ oō p q rŗ s š t uū v w x z ž"
_GROUPS = ALPHABET.split()
_LETTERS: dict[str, tuple[int, int]] = {
    letter: (100 + primary, secondary)
    for primary, group in enumerate(_GROUPS)
    for secondary, letter in enumerate(group)
}


def fold(text: str | None) -> str | None:
    """Lower case without diacritics: ``fold("Cēsu")`` is ``"cesu"``."""
    if text is None:
        return None
    return text.translate(_FOLD_TABLE).lower()


def _weights(char: str) -> tuple[int, int, int]:
    lower = char.lower()
    tertiary = 0 if char == lower else 1
    if lower in _LETTERS:
        return (*_LETTERS[lower], tertiary)
    base = unicodedata.normalize("NFD", lower)[0]
    if base in _LETTERS:
        return (_LETTERS[base][0], 5, tertiary)
    if char.isspace():
        return (1, 0, 0)
    if char.isdigit():
        return (60 + unicodedata.digit(char, 0), 0, 0)
    if not char.isalnum():
        return (2, ord(char), 0)
    return (1000 + ord(lower), 0, tertiary)


@functools.lru_cache(maxsize=65536)
def latvian_key(text: str) -> tuple:
    """A sort key that orders strings as the Latvian ICU collation does for names."""
    weights = [_weights(char) for char in text]
    return (
        tuple(w[0] for w in weights),
        tuple(w[1] for w in weights),
        tuple(w[2] for w in weights),
    )


# Weights become characters: the separator between levels is chr(0), a weight below
# _WIDE is one character and a larger one two, after every one-character weight.
_WIDE = 0x100000


def _encode(weight: int) -> str:
    if weight < _WIDE:
        return chr(weight + 1)
    high, low = divmod(weight - _WIDE, 1024)
    return chr(_WIDE + 1 + high) + chr(low + 1)


class _Level(dict):
    """A ``str.translate`` table: a character's weight at one level, encoded (filled as met)."""

    def __init__(self, level: int):
        super().__init__()
        self.level = level

    def __missing__(self, code: int) -> str:
        self[code] = encoded = _encode(_weights(chr(code))[self.level])
        return encoded


_PRIMARY, _SECONDARY, _TERTIARY = _Level(0), _Level(1), _Level(2)
_LOWEST = _encode(0)


# A row's key goes into two indexes, one after the other: the second is a cache hit.
@functools.lru_cache(maxsize=256)
def sort_key(text: str | None) -> bytes | None:
    """``latvian_key`` as bytes: two texts' keys compare as bytes as their ``latvian_key``s do.

    The levels are joined by a zero, below every weight, so a shorter level
    sorts first as in tuples; UTF-8 keeps the order of the code points. Texts
    whose primary levels are equal have as many weights at every level, so
    the lowest weights at the end of the other two levels can be left off
    (most names' keys then hold little more than the primary level).
    """
    if text is None:
        return None
    return "\0".join(
        (
            text.translate(_PRIMARY),
            text.translate(_SECONDARY).rstrip(_LOWEST),
            text.translate(_TERTIARY).rstrip(_LOWEST),
        )
    ).encode("utf-8", "surrogatepass")


def _compare(a: str, b: str) -> int:
    key_a, key_b = latvian_key(a), latvian_key(b)
    return (key_a > key_b) - (key_a < key_b)


def install(raw_connection) -> None:
    """Give a ``sqlite3`` connection the ``lv`` collation, the sort key and the fold function.

    Indexes use the sort key (and, before ``venues/0004``, the collation), so
    any connection that checks or writes those tables needs them (Django's get
    them through ``register_sqlite``; the backup's own connections call this).
    """
    raw_connection.create_collation(LATVIAN, _compare)
    raw_connection.create_function(SORT_KEY_FUNCTION, 1, sort_key, deterministic=True)
    raw_connection.create_function(FOLD_FUNCTION, 1, fold, deterministic=True)


def register_sqlite(sender, connection, **kwargs) -> None:
    """Give every Django SQLite connection the collation and the functions of ``install``."""
    if connection.vendor == "sqlite":
        install(connection.connection)


class Latvian(Func):
    """A text in Latvian order: its sort key on SQLite, the ``lv`` collation on PostgreSQL."""

    function = SORT_KEY_FUNCTION
    output_field = BinaryField()

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return f"{sql} COLLATE {connection.ops.quote_name(LATVIAN)}", params


def latvian(field: str):
    """An ordering expression for a text field, in Latvian order."""
    return Latvian(F(field))


class Fold(Transform):
    """``name__fold__contains=fold(value)``: compare without case and diacritics."""

    lookup_name = "fold"
    function = FOLD_FUNCTION


class Folded(Func):
    function = FOLD_FUNCTION
    output_field = CharField()


class FoldedContains(Lookup):
    """``field__fcontains=text``: the text occurs in the field, ignoring case and diacritics."""

    lookup_name = "fcontains"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        pattern = f"%{connection.ops.prep_for_like_query(fold(str(self.rhs)))}%"
        escape = " ESCAPE '\\'" if connection.vendor == "sqlite" else ""
        return f"{FOLD_FUNCTION}({lhs}) LIKE %s{escape}", [*lhs_params, pattern]


for _field in (CharField, TextField):
    _field.register_lookup(Fold)
    _field.register_lookup(FoldedContains)

POSTGRES_SQL = f"""
CREATE COLLATION IF NOT EXISTS "{LATVIAN}" FROM "lv-x-icu";
CREATE OR REPLACE FUNCTION {FOLD_FUNCTION}(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT
    AS $$ SELECT lower(translate($1, '{FOLD_FROM}', '{FOLD_TO}')) $$;
"""
POSTGRES_REVERSE_SQL = f"""
DROP FUNCTION IF EXISTS {FOLD_FUNCTION}(text);
DROP COLLATION IF EXISTS "{LATVIAN}";
"""
