"""Models of the outreach app, one module per concept (web checks: ``webchecks.py``)."""

from .events import EventMaterial, OutreachEvent
from .hotline import HeardFrom, HotlineContact, Topic
from .webchecks import WebCheck, WebCheckResult, WebRequirement  # noqa: F401

__all__ = ["EventMaterial", "HeardFrom", "HotlineContact", "OutreachEvent", "Topic"]
