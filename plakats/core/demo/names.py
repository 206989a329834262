"""The fixed names and figures of the demo data.

Everything here is made up. Organisations, venues and stock locations carry
``DEMO_MARK`` in their names so nobody mistakes them for real ones and so
``flush_demo`` can find them again; addresses use plausible street names,
e-mails and websites use the reserved example domains, phone numbers are
obviously fictional (+371 20000xxx). The hotline numbers printed on the demo
editions are fictional too.
"""

from datetime import date

DEMO_MARK = "(demo)"
ILLUSTRATIVE = "Illustrative demo data"

CAMPAIGN_NAME = "Trust hotline campaign 2013–2015 (demo)"
CAMPAIGN_START = date(2013, 7, 1)
CAMPAIGN_END = date(2015, 12, 31)
CAMPAIGN_DESCRIPTION = (
    f"{ILLUSTRATIVE}: a made-up reconstruction of a 2013-2015 anti-trafficking campaign "
    "that opened a 24/7 trust hotline and put posters, banners and leaflets into employment "
    "agency branches, schools, youth centres and hostels. Every venue, partner, address, "
    "phone number and person in it is fictional; the hotline numbers on the editions are "
    "not real numbers."
)

OLD_HOTLINE = "+371 20000000"
NEW_HOTLINE = "+371 20001111"
CAMPAIGN_URL = "https://www.example.org/hotline"

DEMO_PASSWORD = "plakats-demo"  # noqa: S105 - printed on purpose; development only.
# username, role value, region code (regional users only), last name
DEMO_USERS = [
    ("admin", "admin", None, "Administrator"),
    ("coordinator", "coordinator", None, "Coordinator"),
    ("latgale", "regional", "latgale", "Latgale consultant"),
    ("viewer", "viewer", None, "Viewer"),
    ("hotline", "hotline", None, "Hotline operator"),
]

# The documented counts (the tests check them).
SCHOOLS = 612
YOUTH_CENTRES = 46
NVA_BRANCHES = 28
HOSTELS = 30
RIGA_HOSTELS = 15
COALITION_SIZE = 12

SCHOOL_REGISTER = "demo-school-register"

FUNDER = "EEA Grants NGO Fund (demo)"
PRINTER = "Labā druka SIA (demo)"
HOSTEL_ASSOCIATION = "Hosteļu asociācija (demo)"
NVA_NETWORK = "NVA filiāles (demo)"
HOSTEL_NETWORK = "Hosteļu asociācijas tīkls (demo)"
SOCIAL_PAGE = ("NGO page on Draugiem.lv (demo)", "https://www.draugiem.lv/demo-ngo-page")

# name, slug for the example.org sub-domain; the first six also have a website venue.
COALITION = [
    ("Jauniešu biedrība Alfa (demo)", "alfa"),
    ("Sieviešu atbalsta centrs Beta (demo)", "beta"),
    ("Migrantu padomu tīkls Gamma (demo)", "gamma"),
    ("Bērnu tiesību biedrība Delta (demo)", "delta"),
    ("Sociālo darbinieku apvienība Epsilon (demo)", "epsilon"),
    ("Latgales jauniešu forums Dzeta (demo)", "dzeta"),
    ("Kurzemes NVO centrs Eta (demo)", "eta"),
    ("Vidzemes kopienu biedrība Teta (demo)", "teta"),
    ("Zemgales jauniešu māja Jota (demo)", "jota"),
    ("Studentu brīvprātīgo tīkls Kapa (demo)", "kapa"),
    ("Draudzes sociālā kalpošana Lambda (demo)", "lambda"),
    ("Juristu pro bono grupa Mī (demo)", "mi"),
]
PARTNER_WEBSITES = 6

RIGA_OFFICE = "Riga office (demo)"
# region code, stock location name
CONSULTANTS = [
    ("latgale", "Consultant Latgale (demo)"),
    ("kurzeme", "Consultant Kurzeme (demo)"),
    ("vidzeme", "Consultant Vidzeme (demo)"),
    ("zemgale", "Consultant Zemgale (demo)"),
]

POSTER = "A2 poster: Safe work abroad"
BANNER = "A1 banner: Trust hotline"
LEAFLET = "Leaflet: Sham marriages"
WEB_BANNER = "Web banner 300×250"
# name, kind, size
MATERIALS = [
    (POSTER, "poster", "A2"),
    (BANNER, "banner", "A1"),
    (LEAFLET, "leaflet", "A5"),
    (WEB_BANNER, "web_banner", "300 x 250 px"),
]

STREETS = [
    "Brīvības iela",
    "Skolas iela",
    "Rīgas iela",
    "Dzirnavu iela",
    "Parka iela",
    "Liepu iela",
    "Ezera iela",
    "Meža iela",
    "Saules iela",
    "Dārza iela",
    "Ozolu iela",
    "Jaunā iela",
    "Baznīcas iela",
    "Stacijas iela",
    "Pils iela",
    "Lauku iela",
    "Upes iela",
    "Avotu iela",
    "Kalna iela",
    "Smilšu iela",
]
# Plausible first two digits of postal codes per planning region.
POSTAL_PREFIXES = {
    "riga": ["10", "20", "21"],
    "kurzeme": ["32", "34", "36", "38", "39"],
    "zemgale": ["30", "39", "50", "52"],
    "vidzeme": ["41", "42", "43", "47", "48"],
    "latgale": ["45", "46", "53", "54", "57"],
}
# school type, weight
SCHOOL_TYPES = [
    ("Pamatskola", 40),
    ("Vidusskola", 30),
    ("Sākumskola", 10),
    ("Ģimnāzija", 10),
    ("Profesionālā vidusskola", 6),
    ("Tehnikums", 4),
]
YOUTH_TYPES = [
    ("Jauniešu centrs", 3),
    ("Bērnu un jauniešu centrs", 2),
    ("Interešu izglītības centrs", 1),
]
