"""The functions that change distribution state; each rule lives in exactly one of them.

``placements`` holds the placement axes' transitions, dispatch creation and
edits; further modules hold confirmations, field visits and reminders.
"""

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

__all__ = [
    "EVIDENCE_OF_SOURCE",
    "Line",
    "TransitionRefused",
    "add_placement",
    "allowed_next",
    "bulk_change_status",
    "change_status",
    "create_dispatch",
    "record_evidence",
    "undo_batch",
    "update_placement",
]
