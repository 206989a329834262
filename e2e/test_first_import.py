"""A coordinator's first venue import: a school list as Excel saves it, checked, then confirmed.

The file (``files/skolas-latgale.csv``: Windows-1257, semicolons, a title row
above the Latvian header) holds three new schools, one school the demo
register already has under another spelling, and one row with a broken e-mail.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from plakats.core.demo import DEMO_PASSWORD
from plakats.core.tests.browser import log_in, screenshot
from plakats.imports.models import ImportRun, ImportStatus
from plakats.venues.models import Venue

from .nav import go

SCHOOL_LIST = Path(__file__).parent / "files" / "skolas-latgale.csv"
DEMO_SCHOOL = "Pamatskola Nr. 1 (demo), Aizkraukle"
NEW_SCHOOLS = {
    "4312901001": ("Ezerkrastu pamatskola (e2e)", "Skolas iela 3, Preiļi", "Preiļu novads"),
    "4312901002": ("Rāznas vidusskola (e2e)", "Ezera iela 12, Kaunata", "Rēzeknes novads"),
    "4312901003": ("Ludzas Jaunā ģimnāzija (e2e)", "Raiņa iela 40, Ludza", "Ludzas novads"),
}


def _counts(page, selector: str) -> dict[str, str]:
    """A ``<dl>`` of figures as {term: value}."""
    terms = page.locator(f"{selector} dt").all_inner_texts()
    values = page.locator(f"{selector} dd").all_inner_texts()
    return dict(zip(terms, values, strict=True))


@pytest.mark.django_db(transaction=True)
def test_it_imports_a_school_list(demo, page, a11y):
    venues_before = Venue.objects.count()
    demo_school = Venue.objects.get(name=DEMO_SCHOOL)

    page.goto(f"{demo.url}/login/")
    a11y(page)
    log_in(page, demo.url, "coordinator", DEMO_PASSWORD)
    a11y(page)

    go(page, "Import")
    expect(page.get_by_role("heading", level=1)).to_have_text("Imports")
    a11y(page)
    page.get_by_role("button", name="Import venues").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import venues")
    a11y(page)

    page.get_by_label("File").set_input_files(SCHOOL_LIST)
    page.get_by_label("Source").fill("VIIS")
    screenshot(page, "guide-import-upload")
    page.get_by_role("button", name="Upload and check").click()

    # Preview: header found below the title row; 3 new, 1 likely duplicate, 1 error.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check “skolas-latgale.csv” before importing"
    )
    a11y(page)
    expect(page.locator("main")).to_contain_text("Header in row 2; 5 rows below it.")
    assert _counts(page, ".import-counts") == {
        "New venues": "3",
        "Venues updated": "0",
        "Unchanged": "0",
        "Likely duplicates to decide": "1",
        "Rows with errors": "1",
        "Warnings": "0",
    }
    errors = page.locator("section[aria-labelledby=errors-title] tbody tr")
    expect(errors).to_have_count(1)
    assert errors.locator("td").all_inner_texts() == [
        "7",
        "E-pasts",
        "“direktore(at)kraslava.lv” is not an e-mail address.",
    ]
    duplicate = page.get_by_role("group", name="Row 6: “Aizkraukles pamatskola Nr. 1 (demo)”")
    expect(duplicate).to_have_count(1)
    merge = duplicate.get_by_label(f"Merge into “{DEMO_SCHOOL}”")
    expect(merge).to_be_checked()
    screenshot(page, "guide-import-preview", full_page=True)

    # Importing with an error row left in is refused until the user chooses to leave it out.
    page.get_by_role("button", name="Import", exact=True).click()
    a11y(page)
    expect(page.locator("main [role=alert]").first).to_contain_text(
        "1 row has errors: correct the file and upload it again"
    )
    assert Venue.objects.count() == venues_before

    page.get_by_label("Import the valid rows and leave out the rows with errors").check()
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import of “skolas-latgale.csv”")
    a11y(page)
    expect(page.locator(".messages")).to_contain_text(
        "Imported: 3 created, 1 updated, 0 unchanged, 1 skipped."
    )
    assert _counts(page, ".import-counts") == {
        "Created": "3",
        "Updated": "1",
        "Unchanged": "0",
        "Skipped": "1",
        "Rows with errors (left out)": "1",
    }
    screenshot(page, "guide-import-done")

    run = ImportRun.objects.get()
    assert (run.status, run.file_name, run.source) == (
        ImportStatus.COMMITTED,
        "skolas-latgale.csv",
        "VIIS",
    )
    assert Venue.objects.count() == venues_before + 3
    created = Venue.objects.filter(external_source="VIIS").select_related("municipality")
    assert {v.external_id: (v.name, v.address, v.municipality.name) for v in created} == NEW_SCHOOLS
    assert {v.kind for v in created} == {"school"}
    assert not Venue.objects.filter(name__startswith="Krāslavas mūzikas skola").exists()
    # The likely duplicate was merged into the demo school: the file's spelling and address.
    demo_school.refresh_from_db()
    assert (demo_school.name, demo_school.address, demo_school.email) == (
        "Aizkraukles pamatskola Nr. 1 (demo)",
        "Upes iela 35, Aizkraukle",
        "school0263@example.org",
    )

    page.get_by_role("link", name="Go to the venues").click()
    a11y(page)
    page.get_by_label("Search").fill("(e2e)")
    page.get_by_label("Search").press("Enter")
    page.wait_for_url("**q=**")
    expect(page.locator("#list-results tbody tr")).to_have_count(3)
    a11y(page)
