"""Latvian dates and numbers as Latvians write them.

Short dates end with a dot ("29.11.2026."), full ones read "2026. gada
29. novembris"; decimals take a comma and thousands a non-breaking space
("1 395,5"). What is not set here comes from Django's own Latvian formats.
"""

DATE_FORMAT = r"Y. \g\a\d\a j. F"
DATETIME_FORMAT = r"Y. \g\a\d\a j. F, H:i"
SHORT_DATE_FORMAT = "d.m.Y."
SHORT_DATETIME_FORMAT = "d.m.Y. H:i"
TIME_FORMAT = "H:i"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y.", "%d.%m.%Y", "%d.%m.%y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d.%m.%Y. %H:%M",
    "%d.%m.%Y %H:%M",
]
FIRST_DAY_OF_WEEK = 1
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
