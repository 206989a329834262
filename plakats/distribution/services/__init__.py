"""The functions that change distribution state; each rule lives in exactly one of them.

``placements`` holds the placement axes' transitions, dispatch creation and
edits; further modules hold confirmations, field visits and reminders.
"""

from .confirmations import record_confirmation
from .placements import (
    EVIDENCE_OF_SOURCE,
    Line,
    TransitionRefused,
    add_placement,
    allowed_next,
    bulk_change_status,
    change_status,
    create_dispatch,
    record_evidence,
    undo_batch,
    update_placement,
)
from .reminders import queue_reminders
from .visits import record_visit

__all__ = [
    "EVIDENCE_OF_SOURCE",
    "Line",
    "TransitionRefused",
    "add_placement",
    "allowed_next",
    "bulk_change_status",
    "change_status",
    "create_dispatch",
    "queue_reminders",
    "record_confirmation",
    "record_evidence",
    "record_visit",
    "undo_batch",
    "update_placement",
]
