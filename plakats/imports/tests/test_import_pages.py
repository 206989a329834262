"""Import pages: upload, preview with mapping and duplicates, confirm, result; coordinators only."""

from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plakats.core.tests import factory
from plakats.imports.models import ColumnMapping, ImportRun
from plakats.venues.models import Venue

from .import_files import SCHOOLS, SCHOOLS_HEADER, csv_bytes

pytestmark = pytest.mark.django_db

ROWS = [[*SCHOOLS_HEADER, "Direktors"], *[[*row, "Vārds Uzvārds"] for row in SCHOOLS]]


def upload(client, data, name="skolas.csv", **fields):
    fields.setdefault("default_kind", "school")
    fields.setdefault("source", "VIIS")
    return client.post(
        reverse("imports:import_new"), {"file": SimpleUploadedFile(name, data), **fields}
    )


@pytest.mark.parametrize("role", ["admin", "coordinator"])
def test_it_lets_coordinators_and_admins_import(client_for, role):
    client = client_for(role)
    assert client.get(reverse("imports:import_list")).status_code == 200
    assert client.get(reverse("imports:import_new")).status_code == 200
    assert upload(client, csv_bytes(ROWS)).status_code == 302


@pytest.mark.parametrize("role", ["regional", "viewer"])
def test_it_refuses_imports_to_everyone_else(client_for, users, role):
    client = client_for(role)
    assert client.get(reverse("imports:import_list")).status_code == 403
    assert client.get(reverse("imports:import_new")).status_code == 403
    assert upload(client, csv_bytes(ROWS)).status_code == 403
    run = ImportRun.objects.create(
        kind="venues",
        file_name="x.csv",
        sha256="0" * 64,
        status="previewed",
        created_by=users["coordinator"],
    )
    for name in ("import_detail", "import_progress"):
        assert client.get(reverse(f"imports:{name}", args=[run.pk])).status_code == 403
    for name in ("import_mapping", "import_commit"):
        assert client.post(reverse(f"imports:{name}", args=[run.pk])).status_code == 403
    assert ImportRun.objects.count() == 1


def test_it_previews_then_imports_a_register(client_for, users):
    client = client_for("coordinator")
    response = upload(client, csv_bytes(ROWS))
    run = ImportRun.objects.get()
    assert response["Location"] == reverse("imports:import_detail", args=[run.pk])
    page = client.get(response["Location"]).content.decode()
    assert "New venues</dt><dd>3</dd>" in page
    assert "Looks like personal data" in page
    assert "e.g. Ķekavas vidusskola · Rēzeknes Valsts poļu ģimnāzija · Līvānu 1. vidusskola" in page
    assert Venue.objects.count() == 0

    response = client.post(reverse("imports:import_commit", args=[run.pk]))
    assert response.status_code == 302
    result = client.get(response["Location"]).content.decode()
    assert "Imported: 3 created, 0 updated, 0 unchanged, 0 skipped." in result
    run.refresh_from_db()
    assert (run.status, run.created, bytes(run.content)) == ("committed", 3, b"")
    venue = Venue.objects.get(external_id="0004123")
    assert venue.contact_name == ""
    record = venue.history.get()
    assert (record.history_user, record.history_change_reason) == (
        users["coordinator"],
        "Import skolas.csv",
    )
    assert ColumnMapping.objects.get(source="VIIS").fields == [
        "external_id",
        "name",
        "address",
        "municipality",
        "email",
        "",
    ]


def test_it_shows_a_bad_file_as_a_form_error(client_for):
    response = upload(client_for("coordinator"), b"\x00\x01\x02" * 400, name="skolas.xlsx")
    assert response.status_code == 200
    assert "This is not a CSV, XLSX or ODS file." in response.content.decode()
    assert ImportRun.objects.count() == 0


def test_it_refuses_a_file_over_the_cap(client_for, settings):
    settings.PLAKATS_IMPORT_MAX_BYTES = 100
    response = upload(client_for("coordinator"), csv_bytes(ROWS))
    assert "files of at most 100" in response.content.decode()
    assert ImportRun.objects.count() == 0


def test_it_needs_consent_to_leave_rows_with_errors_out(client_for):
    client = client_for("coordinator")
    upload(client, csv_bytes([*ROWS, ["0004126", "", "Iela 1, Cēsis", "", "", ""]]))
    run = ImportRun.objects.get()
    response = client.post(reverse("imports:import_commit", args=[run.pk]))
    assert response.status_code == 400
    assert "1 row has errors" in response.content.decode()
    assert Venue.objects.count() == 0
    client.post(reverse("imports:import_commit", args=[run.pk]), {"skip_errors": "on"})
    run.refresh_from_db()
    assert (run.status, run.created, run.skipped) == ("committed", 3, 1)


def test_it_lets_the_user_choose_what_happens_to_a_likely_duplicate(client_for):
    typed = factory.make_venue(
        name="Ķekavas vidusskola", municipality=factory.municipality("Ķekavas novads")
    )
    client = client_for("coordinator")
    upload(client, csv_bytes(ROWS))
    run = ImportRun.objects.get()
    page = client.get(run.get_absolute_url()).content.decode()
    assert f'value="merge:{typed.pk}"' in page
    assert "Merge into “Ķekavas vidusskola” (100% alike)" in page
    client.post(reverse("imports:import_commit", args=[run.pk]), {"dup_2": "skip"})
    run.refresh_from_db()
    assert (run.created, run.updated, run.skipped) == (2, 0, 1)
    typed.refresh_from_db()
    assert typed.external_id == ""


def test_it_checks_again_with_the_mapping_the_user_chose(client_for):
    client = client_for("coordinator")
    upload(client, csv_bytes(ROWS))
    run = ImportRun.objects.get()
    mapping = {f"col_{i}": key for i, key in enumerate(run.mapping)} | {"col_5": "contact_name"}
    response = client.post(
        reverse("imports:import_mapping", args=[run.pk]),
        mapping | {"source": "VIIS", "default_kind": "school"},
    )
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.mapping[5] == "contact_name"
    client.post(reverse("imports:import_commit", args=[run.pk]))
    assert set(Venue.objects.values_list("contact_name", flat=True)) == {"Vārds Uzvārds"}


def test_it_refuses_a_mapping_without_a_name(client_for):
    client = client_for("coordinator")
    upload(client, csv_bytes(ROWS))
    run = ImportRun.objects.get()
    response = client.post(
        reverse("imports:import_mapping", args=[run.pk]),
        {"col_0": "external_id", "default_kind": "school"},
    )
    assert response.status_code == 400
    assert "Choose the column that holds the venue&#x27;s name." in response.content.decode()


def test_it_does_not_import_a_run_twice(client_for):
    client = client_for("coordinator")
    upload(client, csv_bytes(ROWS))
    run = ImportRun.objects.get()
    client.post(reverse("imports:import_commit", args=[run.pk]))
    response = client.post(reverse("imports:import_commit", args=[run.pk]), follow=True)
    assert "This import is not waiting for confirmation." in response.content.decode()
    assert Venue.objects.count() == 3


DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_it_checks_a_large_file_in_the_background_and_polls_its_progress(client_for, settings):
    settings.TASKS = DUMMY
    client = client_for("coordinator")
    with mock.patch("plakats.imports.runs.INLINE_ROWS", 2):
        upload(client, csv_bytes(ROWS))
    run = ImportRun.objects.get()
    assert run.status == "analysing"
    page = client.get(run.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert "0 of 4 rows checked" in page
    ImportRun.objects.filter(pk=run.pk).update(rows_done=2)
    partial = client.get(reverse("imports:import_progress", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert "2 of 4 rows checked" in partial.content.decode()
    assert "left" in partial.content.decode()


def test_it_imports_a_large_file_in_the_background(client_for, settings):
    settings.TASKS = IMMEDIATE
    client = client_for("coordinator")
    with mock.patch("plakats.imports.runs.INLINE_ROWS", 2):
        upload(client, csv_bytes(ROWS))
        run = ImportRun.objects.get()
        assert run.status == "previewed"
        client.post(reverse("imports:import_commit", args=[run.pk]))
    run.refresh_from_db()
    assert (run.status, run.created, run.rows_done, run.rows_total) == ("committed", 3, 3, 3)
    done = client.get(reverse("imports:import_progress", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert (done.status_code, done["HX-Redirect"]) == (204, run.get_absolute_url())


def test_it_lists_imports_with_a_fixed_number_of_queries(client_for, users):
    client = client_for("coordinator")

    def make(count):
        ImportRun.objects.all().delete()
        for n in range(count):
            ImportRun.objects.create(
                kind="venues", file_name=f"f{n}.csv", sha256="0" * 64, created_by=users["admin"]
            )

    make(3)
    client.get(reverse("imports:import_list"))
    with CaptureQueriesContext(connection) as three:
        assert "f2.csv" in client.get(reverse("imports:import_list")).content.decode()
    make(30)
    with CaptureQueriesContext(connection) as thirty:
        assert "f29.csv" in client.get(reverse("imports:import_list")).content.decode()
    assert len(thirty.captured_queries) == len(three.captured_queries)


def test_it_fails_cleanly_when_the_register_changed_since_the_preview(client_for):
    client = client_for("coordinator")
    upload(client, csv_bytes(ROWS))
    run = ImportRun.objects.get()
    factory.make_venue(
        name="Ķekavas vidusskola", municipality=factory.municipality("Ķekavas novads")
    )
    client.post(reverse("imports:import_commit", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == "failed"
    assert "likely duplicates in rows 2" in run.error_text
    page = client.get(run.get_absolute_url()).content.decode()
    assert "Nothing was imported." in page
    assert "Check the file again" in page
    assert Venue.objects.count() == 1
    again = {f"col_{i}": key for i, key in enumerate(run.mapping)}
    client.post(
        reverse("imports:import_mapping", args=[run.pk]),
        again | {"source": "VIIS", "default_kind": "school"},
    )
    run.refresh_from_db()
    assert (run.status, run.preview["counts"]["duplicate"]) == ("previewed", 1)


def test_it_records_a_crash_in_the_background_as_a_failed_import(client_for, settings):
    settings.TASKS = IMMEDIATE
    client = client_for("coordinator")
    with (
        mock.patch("plakats.imports.runs.INLINE_ROWS", 2),
        mock.patch("plakats.imports.runs.analyse_venues", side_effect=RuntimeError("boom")),
    ):
        upload(client, csv_bytes(ROWS))
    run = ImportRun.objects.get()
    assert run.status == "failed"
    assert run.error_text == (
        "The import stopped because of an unexpected error; nothing was written."
    )


def test_it_shows_import_runs_read_only_in_the_admin(client_for):
    client = client_for("admin")
    upload(client, csv_bytes(ROWS))
    run = ImportRun.objects.get()
    assert client.get(reverse("admin:imports_importrun_changelist")).status_code == 200
    page = client.get(reverse("admin:imports_importrun_change", args=[run.pk]))
    assert page.status_code == 200
    assert "File content" not in page.content.decode()
    assert "skolas.csv" in page.content.decode()
    assert client.get(reverse("admin:imports_importrun_add")).status_code == 403
