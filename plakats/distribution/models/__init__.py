"""Models of the distribution app, one module per concept."""

from .core import (
    CODE_ALPHABET,
    Campaign,
    Dispatch,
    Placement,
    PlacementEvent,
    PlacementQuerySet,
    Target,
    new_code,
    new_token,
)
from .followup import Reminder
from .printing import LetterTemplate
from .public import Confirmation, Photo
from .visits import FieldVisit

__all__ = [
    "CODE_ALPHABET",
    "Campaign",
    "Confirmation",
    "Dispatch",
    "FieldVisit",
    "LetterTemplate",
    "Photo",
    "Placement",
    "PlacementEvent",
    "PlacementQuerySet",
    "Reminder",
    "Target",
    "new_code",
    "new_token",
]
