"""A database-independent JSON export of all domain data, and its import into an empty database.

The file is JSON Lines: a header line, one line per row in Django's serializer
format (``{"model": ..., "pk": ..., "fields": {...}}``), and an end line with
the number of rows of each model, so a truncated file is refused, not half
loaded. It moves data between SQLite and PostgreSQL in either direction.

What is in it: users (with their role and regions; password hashes only with
``include_passwords``), the venue register, materials and stock, campaigns,
dispatches, placements and everything recorded about them, every change
history, and the remembered import column mappings. What is not: sessions,
login throttling, background task rows, the cache, import runs (they hold
uploaded files), and uploaded media (artwork, photos), which live in
MEDIA_ROOT and are copied as files.

Rows keep their ids. References to rows an empty database already has from its
migrations (geography, role groups, permissions) are written by natural key
(a municipality by its code, a group by its name), so they resolve whatever
ids the target database gave those rows; geography the target lacks (another
country loaded by hand) is created. Timestamps are written to the
microsecond and loaded raw: nothing is re-stamped, no history row is added.
"""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, time
from typing import IO, Any

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management.color import no_style
from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.python import Deserializer as PythonDeserializer
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plakats.accounts.models import User
from plakats.core.errors import DomainError
from plakats.geo.models import GeoAlias, Municipality, Place, Region

FORMAT = "plakats-json"
VERSION = 1
DOMAIN_APPS = ("venues", "materials", "distribution")
EXTRA_MODELS = ("accounts.User", "imports.ColumnMapping")
UNUSABLE_PASSWORD = "!"  # noqa: S105 (Django's prefix of an unusable password)
BATCH = 500

# Rows the migrations make: referenced by natural key, never by id.
GEO_KEYS: dict[type[models.Model], tuple[str, ...]] = {
    Region: ("country", "code"),
    Municipality: ("code",),
    Place: ("code",),
    GeoAlias: ("kind", "value"),
}


# Rows a migration seeds (the default cover letters) that users may then edit:
# the file's rows replace them.
SEEDED_MODELS = ("distribution.LetterTemplate",)


class JsonDumpError(DomainError):
    """The file cannot be loaded (wrong format, other schema, not empty, broken references)."""


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, but keeping microseconds (it rounds to milliseconds)."""

    def default(self, o):
        if isinstance(o, datetime | time):
            return o.isoformat()
        return super().default(o)


def domain_models() -> list[type[models.Model]]:
    """The models whose rows the file carries, geography first and users before the rest."""
    found = [*GEO_KEYS, apps.get_model("accounts.User")]
    for label in DOMAIN_APPS:
        found.extend(apps.get_app_config(label).get_models())
    found.extend(apps.get_model(label) for label in EXTRA_MODELS if label != "accounts.User")
    return found


def field_names(model: type[models.Model]) -> list[str]:
    """The fields a model's rows carry; the header records them to detect another schema."""
    opts = model._meta
    return sorted(f.name for f in [*opts.local_concrete_fields, *opts.local_many_to_many])


def _natural_keys(using: str) -> dict[type[models.Model], dict[Any, list]]:
    """Map the ids of rows made by migrations to their natural keys (a few thousand rows)."""
    keys: dict[type[models.Model], dict[Any, list]] = {
        model: {pk: values for pk, *values in model.objects.using(using).values_list("pk", *names)}
        for model, names in GEO_KEYS.items()
    }
    keys[Group] = {pk: [name] for pk, name in Group.objects.using(using).values_list("pk", "name")}
    keys[Permission] = {
        p.pk: list(p.natural_key())
        for p in Permission.objects.using(using).select_related("content_type")
    }
    return keys


class _Serializer(jsonl.Serializer):
    """JSON Lines with references to migration-made rows written as natural keys."""

    def __init__(self, keys, include_passwords: bool):
        super().__init__()
        self.keys = keys
        self.include_passwords = include_passwords

    def end_object(self, obj):
        # json.dumps uses the C encoder; json.dump (what jsonl uses) is pure Python.
        self.stream.write(json.dumps(self.get_dump_object(obj), **self.json_kwargs) + "\n")
        self._current = None

    def handle_field(self, obj, field):
        if field.name == "password" and isinstance(obj, User) and not self.include_passwords:
            self._current["password"] = UNUSABLE_PASSWORD
            return
        super().handle_field(obj, field)

    def handle_fk_field(self, obj, field):
        keys = self.keys.get(field.related_model)
        if keys is None:
            super().handle_fk_field(obj, field)
            return
        value = getattr(obj, field.attname)
        # A history row may point at geography deleted since: nothing to point at.
        self._current[field.name] = None if value is None else keys.get(value)

    def handle_m2m_field(self, obj, field):
        keys = self.keys.get(field.related_model)
        if keys is None:
            super().handle_m2m_field(obj, field)
            return
        related = getattr(obj, "_prefetched_objects_cache", {}).get(field.name)
        if related is None:
            related = getattr(obj, field.name).all()
        self._current[field.name] = [keys[item.pk] for item in related]


@contextmanager
def _snapshot(using: str) -> Iterator[None]:
    """Read every table from one consistent state while the app may keep writing.

    PostgreSQL: a read-only repeatable-read transaction. SQLite: a deferred
    read transaction (Django's own would take the write lock and stop the app).
    """
    connection = connections[using]
    if connection.in_atomic_block:
        yield
        return
    if connection.vendor == "postgresql":
        with transaction.atomic(using=using):
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
        return
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
            try:
                yield
            finally:
                cursor.execute("COMMIT")
        return
    yield


def export_json(
    stream: IO[str], *, include_passwords: bool = False, using: str = DEFAULT_DB_ALIAS
) -> dict[str, int]:
    """Write every domain row to ``stream``; return the number of rows of each model."""
    counts: dict[str, int] = {}
    with _snapshot(using):
        keys = _natural_keys(using)
        selected = domain_models()
        header = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": timezone.now().isoformat(),
            "database": connections[using].vendor,
            "passwords": include_passwords,
            "models": {m._meta.label_lower: field_names(m) for m in selected},
        }
        stream.write(json.dumps(header, ensure_ascii=False) + "\n")
        for model in selected:
            queryset = model._base_manager.using(using).order_by("pk")
            m2m = [f.name for f in model._meta.local_many_to_many]
            if m2m:
                queryset = queryset.prefetch_related(*m2m)
            rows = _Counted(queryset.iterator(chunk_size=2000))
            serializer = _Serializer(keys, include_passwords)
            serializer.serialize(rows, stream=stream, cls=ExactJSONEncoder)
            counts[model._meta.label_lower] = rows.count
        stream.write(json.dumps({"format": FORMAT, "end": True, "counts": counts}) + "\n")
    return counts


class _Counted:
    def __init__(self, iterator):
        self.iterator = iterator
        self.count = 0

    def __iter__(self):
        for item in self.iterator:
            self.count += 1
            yield item


# Import -------------------------------------------------------------------------------


def _read_header(stream: IO[str]) -> dict:
    first = stream.readline()
    try:
        header = json.loads(first)
    except ValueError:
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise JsonDumpError(_("This is not a Plakats JSON export (its first line is no header)."))
    if header.get("version") != VERSION:
        raise JsonDumpError(
            _("This file is version %(file)s of the export format; this Plakats reads %(ours)s.")
            % {"file": header.get("version"), "ours": VERSION}
        )
    return header


def _check_schema(header: dict) -> list[type[models.Model]]:
    """The file's models, refused unless every one has exactly the fields it has here."""
    problems, found = [], []
    for label, names in header.get("models", {}).items():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            problems.append(_("%(model)s: no such model here") % {"model": label})
            continue
        if field_names(model) != names:
            missing = sorted(set(field_names(model)) - set(names))
            extra = sorted(set(names) - set(field_names(model)))
            problems.append(
                _("%(model)s: fields differ (here only: %(missing)s; file only: %(extra)s)")
                % {"model": label, "missing": missing, "extra": extra}
            )
        found.append(model)
    if problems:
        raise JsonDumpError(
            _(
                "The file was written by a different version of Plakats: %(problems)s. "
                "Load it with the version that wrote it."
            )
            % {"problems": "; ".join(problems)}
        )
    return found


def _check_empty(selected, using: str) -> None:
    seeded = {apps.get_model(label) for label in SEEDED_MODELS}
    filled = [
        f"{m._meta.verbose_name_plural} ({m._base_manager.using(using).count()})"
        for m in selected
        if m not in GEO_KEYS and m not in seeded and m._base_manager.using(using).exists()
    ]
    if filled:
        raise JsonDumpError(
            _(
                "The database is not empty: it already has %(rows)s. Load the file into a "
                "freshly migrated database (run only “migrate”, no demo data and no users), "
                "then log in with an imported account."
            )
            % {"rows": ", ".join(filled)}
        )


class _Loader:
    """Turns the file's lines into rows of the target database, in batches per model."""

    def __init__(self, selected, using: str):
        self.selected = set(selected)
        self.using = using
        self.keys = {
            model: {_freeze(key): pk for pk, key in keys.items()}
            for model, keys in _natural_keys(using).items()
        }
        self.counts: dict[str, int] = {}
        self.footer: dict | None = None
        self.line = 1

    def objects(self, stream: IO[str]) -> Iterator[dict]:
        """The rows of the file with natural keys replaced by this database's ids."""
        for text in stream:
            self.line += 1
            if not text.strip():
                continue
            if self.footer is not None:
                raise JsonDumpError(_("Line %(line)d: rows after the end line.") % self.at)
            try:
                obj = json.loads(text)
            except ValueError:
                obj = None
            if not isinstance(obj, dict):
                raise JsonDumpError(_("Line %(line)d is not a row of an export.") % self.at)
            if obj.get("end"):
                self.footer = obj
                continue
            model = self._model(obj)
            label = model._meta.label_lower
            self.counts[label] = self.counts.get(label, 0) + 1
            if model in GEO_KEYS:
                self._ensure_geo(model, obj["fields"])
                continue
            yield {**obj, "fields": self._resolve(model, obj["fields"])}

    @property
    def at(self) -> dict[str, int]:
        return {"line": self.line}

    def _model(self, obj) -> type[models.Model]:
        try:
            model = apps.get_model(obj["model"])
        except (KeyError, LookupError, ValueError, TypeError):
            raise JsonDumpError(_("Line %(line)d: unknown model.") % self.at) from None
        if model not in self.selected:
            raise JsonDumpError(
                _("Line %(line)d: %(model)s is not in the header.")
                % {**self.at, "model": obj["model"]}
            )
        return model

    def _target(self, model, value) -> int:
        try:
            return self.keys[model][_freeze(value)]
        except KeyError:
            raise JsonDumpError(
                _("Line %(line)d: %(model)s %(key)s does not exist in this database.")
                % {**self.at, "model": model._meta.verbose_name, "key": value}
            ) from None

    def _resolve(self, model, fields: dict) -> dict:
        resolved = dict(fields)
        for name, value in fields.items():
            field = model._meta.get_field(name)
            if not field.is_relation or field.related_model not in self.keys or value is None:
                continue
            if field.many_to_many:
                resolved[name] = [self._target(field.related_model, item) for item in value]
            else:
                resolved[name] = self._target(field.related_model, value)
        return resolved

    def _ensure_geo(self, model, fields: dict) -> None:
        names = GEO_KEYS[model]
        key = _freeze([fields[name] for name in names])
        if key in self.keys[model]:
            return
        resolved = self._resolve(model, fields)
        data = {}
        for name, value in resolved.items():
            field = model._meta.get_field(name)
            data[field.attname] = value
        created = model.objects.using(self.using).create(**data)
        self.keys[model][key] = created.pk


def _freeze(value):
    if isinstance(value, list | tuple):
        return tuple(_freeze(item) for item in value)
    return value


def _insert(model, objects: list, using: str) -> None:
    """Insert rows as they are, ids and timestamps included.

    ``bulk_create`` would re-stamp ``auto_now`` fields, so this uses the raw
    insert that ``Model.save_base(raw=True)`` (and so ``loaddata``) uses, in batches.
    """
    fields = model._meta.local_concrete_fields
    connection = connections[using]
    size = max(1, connection.ops.bulk_batch_size(fields, objects) or len(objects))
    for start in range(0, len(objects), size):
        model._base_manager._insert(
            objects[start : start + size], fields=fields, using=using, raw=True
        )


def import_json(stream: IO[str], *, using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Load an ``export_json`` file into an empty database, all or nothing.

    Returns the number of rows of each model. Raises ``JsonDumpError`` (and
    writes nothing) when the file is not an export, comes from another schema,
    is truncated or refers to missing rows, or when the database is not empty.
    """
    header = _read_header(stream)
    selected = _check_schema(header)
    connection = connections[using]
    with transaction.atomic(using=using):
        _check_empty(selected, using)
        with connection.cursor() as cursor:
            for label in SEEDED_MODELS:
                # Plain SQL: a model delete would add "deleted" history rows.
                table = connection.ops.quote_name(apps.get_model(label)._meta.db_table)
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608  # nosec B608 (a model table)
        loader = _Loader(selected, using)
        batch: list = []
        m2m: list = []
        current = None
        deserialized = PythonDeserializer(loader.objects(stream), using=using)
        try:
            for item in deserialized:
                model = type(item.object)
                if model is not current or len(batch) >= BATCH:
                    _flush(current, batch, m2m, using)
                    batch, m2m, current = [], [], model
                batch.append(item.object)
                if item.m2m_data:
                    m2m.append(item)
            _flush(current, batch, m2m, using)
        except JsonDumpError:
            raise
        except Exception as exc:  # a bad value in a row: report where, write nothing
            raise JsonDumpError(
                _("Near line %(line)d: %(error)s") % {**loader.at, "error": exc}
            ) from exc
        if loader.footer is None:
            raise JsonDumpError(_("The file ends before its end line: it is truncated."))
        expected = loader.footer.get("counts", {})
        if {k: v for k, v in expected.items() if v} != loader.counts:
            raise JsonDumpError(_("The file's rows do not match its end line: it is damaged."))
        tables = [m._meta.db_table for m in selected]
        try:
            connection.check_constraints(table_names=tables)
        except IntegrityError as exc:
            raise JsonDumpError(
                _("The file refers to rows it does not contain: %(error)s") % {"error": exc}
            ) from exc
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), selected):
                cursor.execute(statement)
    return loader.counts


def _flush(model, batch: list, m2m: list, using: str) -> None:
    if not batch:
        return
    _insert(model, batch, using)
    for item in m2m:
        for name, values in item.m2m_data.items():
            getattr(item.object, name).set(values)
