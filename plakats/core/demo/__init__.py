"""Illustrative demo data: a made-up reconstruction of the 2013-2015 campaign in DESIGN.md.

``build_demo(seed)`` creates it (``manage.py load_demo``), ``flush_demo()``
removes it again, ``fingerprint()`` summarises it for comparing two builds.
Nothing in it is a real person's data or a fact about a real organisation.
"""

from .builder import DEFAULT_SEED, Summary, build_demo
from .cleanup import fingerprint, flush_demo
from .names import DEMO_PASSWORD, DEMO_USERS
from .users import demo_logins

__all__ = [
    "DEFAULT_SEED",
    "DEMO_PASSWORD",
    "DEMO_USERS",
    "Summary",
    "build_demo",
    "demo_logins",
    "fingerprint",
    "flush_demo",
]
