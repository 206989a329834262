"""The starting contents of the hotline's configurable lists (Latvian, English).

Loaded by the data migration on the first migrate and again after a ``flush``
(see ``OutreachConfig``) when a list is empty; coordinators edit them in the admin.
"""

TOPICS = [
    ("Fiktīvas laulības", "Sham marriage"),
    ("Darbs ārzemēs", "Work abroad"),
    ("Droša ceļošana", "Safe travel"),
    ("Darba ekspluatācija", "Labour exploitation"),
    ("Seksuālā ekspluatācija", "Sexual exploitation"),
    ("Cits", "Other"),
]
HEARD_FROM = [
    ("Plakāts skolā", "Poster at school"),
    ("Nodarbinātības aģentūra", "Employment agency"),
    ("Hostelis", "Hostel"),
    ("Tīmekļa vietne", "Website"),
    ("Sociālais tīkls", "Social network"),
    ("Draugs", "Friend"),
    ("Mediji", "Media"),
    ("Cits", "Other"),
]


def seed_lists(topic_model, heard_from_model, using: str = "default") -> None:
    """Fill each list that is empty with its starting entries."""
    for model, rows in ((topic_model, TOPICS), (heard_from_model, HEARD_FROM)):
        if model.objects.using(using).exists():
            continue
        model.objects.using(using).bulk_create(
            model(name_lv=lv, name_en=en, position=10 * i) for i, (lv, en) in enumerate(rows, 1)
        )
