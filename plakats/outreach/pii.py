"""The personal-data guard: free text in the hotline log and event notes must not hold
phone numbers, e-mail addresses or Latvian personal codes.

The hotline log is about possible victims of a crime, so it is anonymous by design.
``find_personal_data`` says what it found (never the data itself); the services
refuse to save such text. It is deliberately a little eager on phone numbers, but
lets through what notes normally hold: dates (29.11.2026, 2026-11-29), years and
year ranges (2013-2015), times, quantities ("120 posters", "3 x 50") and the
organisation's own hotline numbers (``settings.PLAKATS_OWN_PHONE_NUMBERS``).
"""

import re
from datetime import date

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PHONE = "phone"
EMAIL = "email"
PERSONAL_CODE = "personal_code"

REASONS = {
    PHONE: gettext_lazy("it contains what looks like a phone number"),
    EMAIL: gettext_lazy("it contains what looks like an e-mail address"),
    PERSONAL_CODE: gettext_lazy("it contains what looks like a Latvian personal code"),
}

# Digit groups separated by one space, no-break space or dash, optionally after "+".
# ASCII digits only: other scripts' digits are not phone numbers here.
_NUMBER_SPAN = re.compile(r"(?<![0-9])\+?[0-9]+(?:[ \u00a0\u202f-][0-9]+)*")
_GROUP_SEPARATOR = re.compile(r"[ \u00a0\u202f-]")
_EMAIL = re.compile(
    r"[^\s@]{1,64}\s?(?:@|\(at\)|\[at\])\s?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z][A-Za-z0-9-]+",
    re.IGNORECASE,
)
# DDMMYY-NNNNN (checked for a real date below) and the new 32NNNN-NNNNN form.
_OLD_CODE = re.compile(r"(?<![0-9])([0-9]{2})([0-9]{2})([0-9]{2})[- ]?[0-9]{5}(?![0-9])")
_NEW_CODE = re.compile(r"(?<![0-9])32[0-9]{4}[- ]?[0-9]{5}(?![0-9])")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_DMY_DATE = re.compile(r"([0-9]{1,2})-([0-9]{1,2})-([0-9]{4})")

LATVIA = "371"
NATIONAL_DIGITS = 8
# E.164: a full international number has at most 15 digits.
MAX_INTERNATIONAL_DIGITS = 15
MIN_INTERNATIONAL_DIGITS = 8


def _national(digits: str) -> str:
    """A Latvian number without its country code (``37128612120`` → ``28612120``)."""
    if digits.startswith("00"):
        digits = digits[2:]
    if len(digits) == len(LATVIA) + NATIONAL_DIGITS and digits.startswith(LATVIA):
        return digits[len(LATVIA) :]
    return digits


def own_numbers() -> set[str]:
    """The organisation's own numbers, reduced to their digits (Latvian ones nationally)."""
    return {
        _national(re.sub(r"[^0-9]", "", number))
        for number in getattr(settings, "PLAKATS_OWN_PHONE_NUMBERS", [])
    }


def _valid_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _is_date_or_years(text: str) -> bool:
    """True for 2026-11-29, 29-11-2026 and year pairs like 2013-2015 or "2014 2015"."""
    if (match := _ISO_DATE.fullmatch(text)) and _valid_date(*map(int, match.groups())):
        return True
    if (match := _DMY_DATE.fullmatch(text)) and _valid_date(*map(int, reversed(match.groups()))):
        return True
    groups = _GROUP_SEPARATOR.split(text)
    return len(groups) == 2 and all(len(g) == 4 and 1900 <= int(g) <= 2099 for g in groups)


def _phones_in_span(span: str, own: set[str]) -> bool:
    """Whether a run of digit groups holds a phone number that is not one of our own."""
    groups = _GROUP_SEPARATOR.split(span)
    i = 0
    while i < len(groups):
        group = groups[i]
        if group.startswith("+") or (group.startswith("00") and len(group) > 2):
            # International: "+371 2861 2120", "00371 28612120", "+44 20 7946 0958".
            digits, j = "", i
            while j < len(groups):
                candidate = digits + groups[j].lstrip("+")
                if len(candidate.removeprefix("00")) > MAX_INTERNATIONAL_DIGITS:
                    break
                digits, j = candidate, j + 1
                number = digits.removeprefix("00")
                if number.startswith(LATVIA) and len(number) == len(LATVIA) + NATIONAL_DIGITS:
                    break
            number = digits.removeprefix("00")
            if len(number) >= MIN_INTERNATIONAL_DIGITS and _national(number) not in own:
                return True
            i = max(j, i + 1)
            continue
        # National: groups adding up to exactly 8 digits, starting with 2, 6 or 8.
        digits, j, found = "", i, None
        while j < len(groups) and len(digits) < NATIONAL_DIGITS:
            digits += groups[j]
            j += 1
            if len(digits) == NATIONAL_DIGITS:
                found = j
        if found and digits[0] in "268":
            text = "-".join(groups[i:found])
            if digits not in own and not _is_date_or_years(text):
                return True
            i = found
            continue
        i += 1
    return False


def personal_data_kinds(text: str) -> set[str]:
    """The kinds of personal data the text seems to hold (``PHONE``, ``EMAIL``, ...)."""
    if not text:
        return set()
    kinds = set()
    if _EMAIL.search(text):
        kinds.add(EMAIL)
    if _NEW_CODE.search(text) or any(
        _valid_date(2000 + int(yy), int(mm), int(dd))
        or _valid_date(1900 + int(yy), int(mm), int(dd))
        for dd, mm, yy in _OLD_CODE.findall(text)
    ):
        kinds.add(PERSONAL_CODE)
    own = own_numbers()
    if any(_phones_in_span(m.group(), own) for m in _NUMBER_SPAN.finditer(text)):
        kinds.add(PHONE)
    return kinds


def find_personal_data(text: str) -> list[str]:
    """Why the text may not be saved: one reason per kind of personal data found (or [])."""
    kinds = personal_data_kinds(text)
    return [str(REASONS[kind]) for kind in (PHONE, EMAIL, PERSONAL_CODE) if kind in kinds]


def refusal_message(reasons: list[str]) -> str:
    """The user-facing refusal for ``find_personal_data``'s reasons."""
    return _(
        "This text cannot be saved: %(reasons)s. No personal data is allowed here "
        "(no names, phone numbers, e-mail addresses or personal codes): the records are "
        "about possible victims of a crime and must stay anonymous. Remove it and save again."
    ) % {"reasons": "; ".join(reasons)}
