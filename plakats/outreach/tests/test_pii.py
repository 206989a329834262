"""The personal-data guard refuses phone numbers, e-mail addresses and personal codes,
and lets dates, years, times, quantities and the organisation's own numbers through."""

from datetime import date, timedelta

import pytest
from django.test import override_settings
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from plakats.outreach.pii import (
    EMAIL,
    PERSONAL_CODE,
    PHONE,
    find_personal_data,
    personal_data_kinds,
    refusal_message,
)

OWN = ["28612120", "+371 67000000"]


@pytest.mark.parametrize(
    "text",
    [
        "She called from 29123456 yesterday",
        "mobile 2912 3456",
        "tel. 291 23 456",
        "ring 29-12-34-56 after six",
        "office 67123456",
        "free line 80012345",
        "+371 29123456",
        "+37129123456",
        "00371 29123456",
        "(+371) 291 23 456",
    ],
)
def test_it_refuses_latvian_phone_numbers(text):
    assert personal_data_kinds(text) == {PHONE}


@pytest.mark.parametrize(
    "text", ["+44 20 7946 0958", "+7 912 345 67 89", "0044 20 7946 0958", "+4915112345678"]
)
def test_it_refuses_foreign_phone_numbers(text):
    assert personal_data_kinds(text) == {PHONE}


@pytest.mark.parametrize(
    "text",
    [
        "write to janis.berzins@inbox.lv please",
        "Anna_B+hotline@example.org",
        "mail: someone @ gmail.com",
        "someone(at)example.lv",
    ],
)
def test_it_refuses_email_addresses(text):
    assert personal_data_kinds(text) == {EMAIL}


@pytest.mark.parametrize(
    "text",
    [
        "p.k. 290175-12345",
        "code 29017512345",
        "born 010203-21234 in Riga",
        "new form 321234-56789",
        "new form without dash 32123456789",
        "290200-12345",  # 29 Feb 2000 (a leap year)
    ],
)
def test_it_refuses_latvian_personal_codes(text):
    assert PERSONAL_CODE in personal_data_kinds(text)


@pytest.mark.parametrize("text", ["321299-12345 x", "310175-12345"])
def test_it_counts_both_code_forms_and_any_valid_date(text):
    assert PERSONAL_CODE in personal_data_kinds(text)


def test_it_does_not_take_an_impossible_date_for_a_personal_code():
    # 31 February never exists, and the code does not start with 32.
    assert PERSONAL_CODE not in personal_data_kinds("ref 310275-12345")


@pytest.mark.parametrize(
    "text",
    [
        "Workshop on 29.11.2026 at 10:30",
        "Next call planned 2026-11-29",
        "Dates 29-11-2026 and 1.12.2026",
        "Campaign 2013-2015, then 2016",
        "years 2014 2015",
        "120 posters and 46 leaflets",
        "3 x 50 leaflets, 1 200 stickers",
        "Called at 23:15, talked 25 minutes",
        "Room 214, 2nd floor",
        "Grade 9 pupils, age 15-17",
        "Reference number K7M-2QX on the poster",
        "",
    ],
)
def test_it_lets_ordinary_notes_through(text):
    assert find_personal_data(text) == []


@override_settings(PLAKATS_OWN_PHONE_NUMBERS=OWN)
@pytest.mark.parametrize(
    "text",
    [
        "Saw our number 28612120 on a poster",
        "Saw +371 28612120 on the banner",
        "The leaflet says 286 12 120",
        "Printed as 00371 28612120",
        "Landline +371 6700 0000",
    ],
)
def test_it_lets_the_organisations_own_numbers_through(text):
    assert find_personal_data(text) == []


@override_settings(PLAKATS_OWN_PHONE_NUMBERS=OWN)
def test_it_still_refuses_another_number_next_to_our_own():
    assert find_personal_data("our 28612120, hers 29123456") != []


def test_it_exempts_the_demo_hotline_numbers_by_default():
    from django.conf import settings as django_settings

    from plakats.core.demo.names import NEW_HOTLINE, OLD_HOTLINE

    assert set(django_settings.PLAKATS_OWN_PHONE_NUMBERS) == {OLD_HOTLINE, NEW_HOTLINE}
    assert find_personal_data(f"old {OLD_HOTLINE}, new 20001111") == []


def test_it_names_every_kind_found_in_the_message():
    reasons = find_personal_data("29123456, a@b.lv, 290175-12345")
    assert len(reasons) == 3
    message = refusal_message(reasons)
    assert "phone number" in message
    assert "e-mail address" in message
    assert "personal code" in message
    assert "29123456" not in message  # the message never repeats the data


# --- property tests ----------------------------------------------------------------------

# Random surrounding text; separated from the embedded item by a line break, as a note
# with several lines would be.
noise = st.text(max_size=40)


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_it_never_crashes_on_any_text(text):
    reasons = find_personal_data(text)
    assert isinstance(reasons, list)


@st.composite
def latvian_phones(draw) -> tuple[str, str, bool]:
    """(formatted number, its 8 national digits, whether it reads as two years)."""
    digits = draw(st.sampled_from("268")) + "".join(
        draw(st.lists(st.sampled_from("0123456789"), min_size=7, max_size=7))
    )
    layout = draw(st.sampled_from([(8,), (3, 2, 3), (2, 3, 3), (4, 4), (2, 2, 2, 2), (3, 5)]))
    separator = draw(st.sampled_from([" ", "-", "\u00a0"]))
    groups, at = [], 0
    for size in layout:
        groups.append(digits[at : at + size])
        at += size
    prefix = draw(st.sampled_from(["", "+371 ", "+371", "00371 ", "00371"]))
    two_years = not prefix and layout == (4, 4) and all(1900 <= int(g) <= 2099 for g in groups)
    return prefix + separator.join(groups), digits, two_years


@given(latvian_phones(), noise, noise)
@settings(max_examples=300, deadline=None)
def test_it_always_refuses_a_latvian_phone_number_in_any_text(phone, before, after):
    number, digits, two_years = phone
    assume(digits not in {"20000000", "20001111"})  # the default own numbers
    # The one deliberate gap: "2014 2015" or "2014-2015" reads as two years, not a number.
    assume(not two_years)
    assert PHONE in personal_data_kinds(f"{before}\n{number}\n{after}")


@st.composite
def foreign_phones(draw) -> str:
    country = draw(st.sampled_from(["44", "49", "7", "1", "353", "46"]))
    rest = "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=7, max_size=11)))
    cut = draw(st.integers(min_value=1, max_value=len(rest) - 1))
    return f"+{country} {rest[:cut]} {rest[cut:]}"


@given(foreign_phones(), noise, noise)
@settings(max_examples=200, deadline=None)
def test_it_always_refuses_a_foreign_phone_number_in_any_text(number, before, after):
    assert PHONE in personal_data_kinds(f"{before}\n{number}\n{after}")


@given(st.emails(), noise, noise)
@settings(max_examples=300, deadline=None)
def test_it_always_refuses_an_email_address_in_any_text(address, before, after):
    assert EMAIL in personal_data_kinds(f"{before}\n{address}\n{after}")


@st.composite
def personal_codes(draw) -> str:
    if draw(st.booleans()):
        born = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31)))
        century = "1" if born.year < 2000 else "2"
        head = f"{born:%d%m%y}"
        tail = century + "".join(
            draw(st.lists(st.sampled_from("0123456789"), min_size=4, max_size=4))
        )
    else:
        head = "32" + "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=4, max_size=4)))
        tail = "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=5, max_size=5)))
    return head + draw(st.sampled_from(["-", ""])) + tail


@given(personal_codes(), noise, noise)
@settings(max_examples=300, deadline=None)
def test_it_always_refuses_a_personal_code_in_any_text(code, before, after):
    assert PERSONAL_CODE in personal_data_kinds(f"{before}\n{code}\n{after}")


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)), st.integers(0, 9999))
@settings(max_examples=200, deadline=None)
def test_it_never_refuses_dates_or_quantities(day, quantity):
    text = (
        f"On {day:%d.%m.%Y} ({day.isoformat()}, {day:%d-%m-%Y}) we handed out {quantity} "
        f"posters; 3 x {quantity % 100} leaflets by {day + timedelta(days=1):%Y}."
    )
    assert find_personal_data(text) == []
