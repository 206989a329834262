"""``export_json`` / ``import_json``: every domain row out, and back into an empty database.

The round trip runs on whichever database the tests use (SQLite by default,
PostgreSQL with DATABASE_URL), so both engines are covered.
"""

import io
import json
import uuid
from datetime import UTC, date, datetime

import pytest
from django.contrib.auth.hashers import is_password_usable
from django.core.management import CommandError, call_command
from django.db import connection

from plakats.accounts.models import User
from plakats.core.permissions import Role
from plakats.core.tests import factory
from plakats.distribution import services
from plakats.distribution.choices import Axis, Delivery, Display, Source
from plakats.distribution.models import Confirmation, FieldVisit, Photo, Reminder
from plakats.geo.models import Municipality
from plakats.imports.jsondump import (
    GEO_KEYS,
    JsonDumpError,
    domain_models,
    export_json,
    import_json,
)
from plakats.imports.models import ColumnMapping
from plakats.materials import services as stock
from plakats.venues.services import merge_venues

pytestmark = pytest.mark.django_db


def _build() -> None:
    """A small world touching every model, with history, events, m2m and self-references."""
    latgale = factory.region("Latgales")
    rita = factory.make_user(Role.REGIONAL, regions=[latgale], username="rita")
    carol = factory.make_user(Role.COORDINATOR, username="carol")
    partner = factory.make_partner(name="Latvijas Hosteļu asociācija", kind="association")
    network = factory.make_network(name="Hosteļi", partner=partner)
    partner.agreements.create(
        title="Posters in hostels", valid_from=date(2015, 3, 1), network=network
    )
    school = factory.make_venue(
        name="Rēzeknes Valsts ģimnāzija",
        municipality=factory.municipality("Rēzekne"),
        external_source="VIIS",
        external_id="0123",
        latitude="56.506200",
        longitude="27.331400",
        phone="+371 20000000",
    )
    school.address = "Atbrīvošanas aleja 1"
    school.save()
    duplicate = factory.make_venue(name="Rēzeknes ģimnāzija", municipality=school.municipality)
    hostel = factory.make_venue(name="Hostelis", kind="hostel", network=network)
    online = factory.make_venue(name="draugiem.lv", kind="social_page")
    old = factory.make_edition(version="2013")
    new = factory.make_edition(material=old.material, version="2015", supersedes=old)
    office = factory.make_location(name="Riga office")
    region = factory.make_location(name="Latgale", region=latgale, holder=rita)
    stock.receive_print_run(new, office, 500, user=carol)
    stock.transfer(new, office, region, 40, user=carol)
    campaign = factory.make_campaign(funder=partner)
    factory.make_target(campaign=campaign, regions=[latgale], venue_kinds=["school"])
    dispatch = factory.make_dispatch(campaign=campaign, stock_location=office, created_by=carol)
    placements = [
        factory.make_placement(dispatch=dispatch, venue=venue, edition=new)
        for venue in (school, duplicate, hostel, online)
    ]
    batch, moved, _refused = services.bulk_change_status(
        placements[:3], Axis.DELIVERY, Delivery.SENT, user=carol
    )
    assert moved == 3
    services.undo_batch(batch, user=carol)
    services.change_status(placements[0], Axis.DELIVERY, Delivery.DELIVERED, user=carol)
    services.change_status(
        placements[0], Axis.DISPLAY, Display.DISPLAYED, source=Source.VISIT, user=rita
    )
    merge_venues(school, duplicate, user=carol)
    photo = Photo.objects.create(
        placement=placements[0], image="photos/1/wall.jpg", width=640, height=480, source="venue"
    )
    Confirmation.objects.create(placement=placements[0], answer="displayed", photo=photo)
    FieldVisit.objects.create(
        client_id=uuid.uuid4(),
        placement=placements[0],
        sighting="displayed",
        visited_at=datetime(2015, 5, 4, 10, 15, 30, 123456, tzinfo=UTC),
        visited_by=rita,
    )
    reminder = Reminder.objects.create(venue=hostel, email="hostel@example.org", queued_by=carol)
    reminder.placements.set(placements[2:3])
    ColumnMapping.objects.create(
        kind="venues", source="VIIS", signature="abc", headers=["Nosaukums"], fields=["name"]
    )


def _snapshot() -> dict[str, list]:
    """Every row of every domain table (geography aside), and every m2m link, by id."""
    snapshot = {}
    for model in domain_models():
        if model in GEO_KEYS:
            continue
        snapshot[model._meta.label] = list(model._base_manager.order_by("pk").values())
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            columns = [f.attname for f in through._meta.local_concrete_fields if not f.primary_key]
            snapshot[through._meta.label] = sorted(through.objects.values_list(*columns))
    return snapshot


def _empty_domain_tables() -> None:
    """What a freshly migrated database has: geography and groups, no domain rows."""
    with connection.cursor() as cursor:
        for model in reversed(domain_models()):
            if model in GEO_KEYS:
                continue
            for field in model._meta.local_many_to_many:
                table = field.remote_field.through._meta.db_table
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608


def test_it_brings_back_every_domain_row_identically():
    _build()
    before = _snapshot()
    assert len(before["distribution.PlacementEvent"]) >= 9
    assert before["venues.VenueMerge"] and before["distribution.Reminder_placements"]
    buffer = io.StringIO()
    counts = export_json(buffer, include_passwords=True)
    assert counts["distribution.placement"] == 4

    _empty_domain_tables()
    assert User.objects.count() == 0
    buffer.seek(0)
    loaded = import_json(buffer)

    assert _snapshot() == before
    assert loaded["venues.venue"] == 4
    rita = User.objects.get(username="rita")
    assert list(rita.groups.values_list("name", flat=True)) == ["regional"]
    assert rita.check_password(factory.PASSWORD)


def test_it_leaves_password_hashes_out_unless_asked():
    _build()
    buffer = io.StringIO()
    export_json(buffer)
    assert factory.PASSWORD not in buffer.getvalue()
    _empty_domain_tables()
    buffer.seek(0)
    import_json(buffer)
    rita = User.objects.get(username="rita")
    assert not is_password_usable(rita.password)
    assert rita.regions.get().name.startswith("Latgales")


def test_it_writes_geography_by_code_and_creates_what_the_target_lacks():
    _build()
    buffer = io.StringIO()
    export_json(buffer)
    lines = [json.loads(line) for line in buffer.getvalue().splitlines()]
    school = next(
        obj for obj in lines if obj.get("model") == "venues.venue" and obj["fields"]["external_id"]
    )
    assert school["fields"]["municipality"] == [factory.municipality("Rēzekne").code]
    assert school["fields"]["phone"] == "+371 20000000"

    # A municipality the target database does not know, referenced by a venue.
    region = factory.region("Latgales")
    extra = {
        "model": "geo.municipality",
        "pk": 99999,
        "fields": {
            "region": [region.country, region.code],
            "code": "XX1",
            "name": "Newtown",
            "kind": "municipality",
        },
    }
    venue = {
        **school,
        "pk": 555,
        "fields": {**school["fields"], "municipality": ["XX1"], "external_id": "555"},
    }
    end = lines[-1]
    end["counts"]["geo.municipality"] += 1
    end["counts"]["venues.venue"] += 1
    body = [obj for obj in lines[1:-1]] + [extra, venue]
    body.sort(key=lambda obj: obj["model"] != "geo.municipality")
    text = "\n".join(json.dumps(obj) for obj in [lines[0], *body, end]) + "\n"

    _empty_domain_tables()
    import_json(io.StringIO(text))
    newtown = Municipality.objects.get(code="XX1")
    assert newtown.region == region
    assert newtown.venues.get().pk == 555


def test_it_refuses_a_database_that_is_not_empty():
    _build()
    buffer = io.StringIO()
    export_json(buffer)
    buffer.seek(0)
    with pytest.raises(JsonDumpError, match="not empty"):
        import_json(buffer)


def test_it_refuses_a_truncated_file_and_writes_nothing():
    _build()
    buffer = io.StringIO()
    export_json(buffer)
    lines = buffer.getvalue().splitlines()
    _empty_domain_tables()
    with pytest.raises(JsonDumpError, match="truncated"):
        import_json(io.StringIO("\n".join(lines[:-5]) + "\n"))
    assert User.objects.count() == 0


def test_it_refuses_a_file_of_another_schema():
    buffer = io.StringIO()
    export_json(buffer)
    lines = buffer.getvalue().splitlines()
    header = json.loads(lines[0])
    header["models"]["venues.venue"].append("favourite_colour")
    with pytest.raises(JsonDumpError, match=r"venues.venue: fields differ .*favourite_colour"):
        import_json(io.StringIO("\n".join([json.dumps(header), *lines[1:]])))


def test_it_refuses_files_that_are_not_exports(tmp_path):
    path = tmp_path / "venues.csv"
    path.write_text("name,kind\nSchool,school\n")
    with pytest.raises(CommandError, match="not a Plakats JSON export"):
        call_command("import_json", str(path))


def test_it_round_trips_through_the_commands(tmp_path, capsys):
    _build()
    before = _snapshot()
    path = tmp_path / "plakats.jsonl"
    call_command("export_json", str(path), "--with-passwords")
    assert "rows written to" in capsys.readouterr().out
    with pytest.raises(CommandError, match="exists"):
        call_command("export_json", str(path))
    _empty_domain_tables()
    call_command("import_json", str(path))
    assert _snapshot() == before
