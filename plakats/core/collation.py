"""Latvian sorting and diacritic-blind search, the same on SQLite and PostgreSQL.

Sorting uses a collation named ``lv`` in both databases: on PostgreSQL it is
ICU's Latvian collation (created by a migration from ``lv-x-icu``); on SQLite
it is ``latvian_key`` below, registered on every connection. Both follow the
Latvian alphabet: Č after C, Ģ after G, Ķ after K, Ļ after L, Ņ after N, Š
after S, Ž after Z, while Ā, Ē, Ī, Ū sort with their base letters (a word with
the long vowel comes after the same word without it) and Y after I, as ICU does.

Search folds both sides with ``plakats_fold`` (lower case, diacritics of the
Baltic and common European letters removed), a SQL function registered on
SQLite and created by the migration on PostgreSQL, so "cesu" finds "Cēsu":
``Q(name__fcontains="cesu")``.
"""

import functools
import unicodedata

from django.db.models import CharField, F, Func, Lookup, TextField, Transform
from django.db.models.functions import Collate

LATVIAN = "lv"
FOLD_FUNCTION = "plakats_fold"

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


def _compare(a: str, b: str) -> int:
    key_a, key_b = latvian_key(a), latvian_key(b)
    return (key_a > key_b) - (key_a < key_b)


def install(raw_connection) -> None:
    """Give a ``sqlite3`` connection the ``lv`` collation and the fold function.

    Indexes use the collation, so any connection that checks or writes those
    tables needs it (Django's get it through ``register_sqlite``; the backup's
    own connections call this).
    """
    raw_connection.create_collation(LATVIAN, _compare)
    raw_connection.create_function(FOLD_FUNCTION, 1, fold, deterministic=True)


def register_sqlite(sender, connection, **kwargs) -> None:
    """Give every Django SQLite connection the ``lv`` collation and the fold function."""
    if connection.vendor == "sqlite":
        install(connection.connection)


def latvian(field: str):
    """An ordering expression for a text field, in Latvian order."""
    return Collate(F(field), LATVIAN)


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
