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
from .public import Confirmation, PartnerLink, Photo
from .recall import Recall, RecallKind, RecallLine
from .visits import FieldVisit

__all__ = [
    "CODE_ALPHABET",
    "Campaign",
    "Confirmation",
    "Dispatch",
    "FieldVisit",
    "LetterTemplate",
    "PartnerLink",
    "Photo",
    "Placement",
    "PlacementEvent",
    "PlacementQuerySet",
    "Recall",
    "RecallKind",
    "RecallLine",
    "Reminder",
    "Target",
    "new_code",
    "new_token",
]
