"""A director's name in a register is imported only when the user maps that column on purpose."""

import io

import pytest
from django.core.management import call_command

from plakats.venues.models import Venue

from .import_files import csv_bytes, import_file

pytestmark = pytest.mark.django_db

ROWS = [
    ["Nosaukums", "Adrese", "Direktors"],
    ["Ķekavas vidusskola", "Gaismas iela 9, Ķekava", "Jānis Bērziņš"],
]


def test_it_leaves_the_directors_name_out_by_default():
    plan, _result = import_file(csv_bytes(ROWS))
    assert plan.layout.mapping == ["name", "address", ""]
    assert plan.layout.personal == [2]
    assert Venue.objects.get().contact_name == ""


def test_it_imports_the_directors_name_when_mapped_on_purpose():
    import_file(csv_bytes(ROWS), mapping=["name", "address", "contact_name"])
    assert Venue.objects.get().contact_name == "Jānis Bērziņš"


def test_it_imports_the_directors_name_from_the_command_line_only_with_map(tmp_path):
    path = tmp_path / "skolas.csv"
    path.write_bytes(csv_bytes(ROWS))
    out = io.StringIO()
    call_command("import_venues", str(path), kind="school", stdout=out)
    assert "Direktors: personal data, not imported (map it with --map)." in out.getvalue()
    assert Venue.objects.get().contact_name == ""
    call_command(
        "import_venues", str(path), kind="school", map=["Direktors=contact_name"], stdout=out
    )
    assert Venue.objects.get().contact_name == "Jānis Bērziņš"
