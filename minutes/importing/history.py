"""History rows for what the importer writes: change reason 匯入 or 匯入（修訂）, its user and time."""

from __future__ import annotations

IMPORT_REASON = "匯入"
REVISION_REASON = "匯入（修訂）"


def bulk_create(model, objs: list, *, user, reason: str, stamp) -> list:
    """``bulk_create`` plus one "+" history row each, through simple-history's own
    ``bulk_history_create`` (the same rows its signals would write, one INSERT per model)."""
    if not objs:
        return objs
    objs = model.objects.bulk_create(objs)
    model.history.bulk_history_create(
        objs, batch_size=500, default_user=user, default_change_reason=reason, default_date=stamp
    )
    return objs


def stamp(obj, *, reason: str, user, date):
    """Give the history row the next ``save()``/``delete()`` writes the import's reason, user and
    time (one time for the whole file, as the bulk-created rows have)."""
    obj._change_reason = reason
    obj._history_user = user
    obj._history_date = date
    return obj
