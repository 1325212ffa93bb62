"""Parsed values made to fit the columns they go into."""

from __future__ import annotations


def cut(model, field_name: str, value: str | None) -> str:
    """Stripped, and no longer than the column: a parser's guess never fails an insert."""
    value = (value or "").strip()
    limit = model._meta.get_field(field_name).max_length
    return value[:limit] if limit else value


def span(value) -> tuple[int | None, int | None]:
    """A source span as (start, end), never ending before it starts."""
    if not value:
        return None, None
    start, end = value
    return start, max(start, end)
