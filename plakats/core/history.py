"""The change history shown on every record's page (django-simple-history underneath)."""

from dataclasses import dataclass, field


@dataclass
class HistoryEntry:
    record: object
    changes: list[dict] = field(default_factory=list)


def history_entries(obj, limit: int = 50) -> list[HistoryEntry]:
    """Return the newest ``limit`` history records of ``obj`` with what each one changed.

    Two queries whatever the length: the records (with their users) and nothing
    else; the differences are computed between neighbouring records in memory.
    """
    records = list(
        obj.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    entries = []
    for newer, older in zip(records, [*records[1:], None], strict=False):
        if len(entries) == limit:
            break
        changes = []
        if older is not None:
            delta = newer.diff_against(older)
            for change in delta.changes:
                model_field = obj._meta.get_field(change.field)
                changes.append(
                    {
                        "label": model_field.verbose_name,
                        "old": _display(model_field, change.old),
                        "new": _display(model_field, change.new),
                    }
                )
        entries.append(HistoryEntry(newer, changes))
    return entries


def _display(model_field, value):
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    return value
