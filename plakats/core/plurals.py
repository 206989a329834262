"""Corrections to Django's own Latvian catalogue.

Django's ``lv`` catalogue puts the plural forms of "N minutes / days / …" in the
wrong slots (it prints "1 minūšu" and "5 minūte"). The msgids are repeated here
so ``makemessages`` keeps them in the project's catalogue, which takes
precedence over Django's, with the forms in the right order.
"""

from django.utils.translation import ngettext_lazy

TIMESINCE_CHUNKS = [
    ngettext_lazy("%(num)d year", "%(num)d years", "num"),
    ngettext_lazy("%(num)d month", "%(num)d months", "num"),
    ngettext_lazy("%(num)d week", "%(num)d weeks", "num"),
    ngettext_lazy("%(num)d day", "%(num)d days", "num"),
    ngettext_lazy("%(num)d hour", "%(num)d hours", "num"),
    ngettext_lazy("%(num)d minute", "%(num)d minutes", "num"),
]
