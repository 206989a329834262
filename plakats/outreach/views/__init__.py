"""Views of the outreach app: the hotline log and report, and outreach events."""
