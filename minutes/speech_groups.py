"""Speeches shown together on the meeting page.

``程建設、張西亞、柴渭三位同志分別作了表態發言`` is one speech per speaker in the archive (the
extraction format says so, and each speaker's page lists it), but it was said once: the page shows
consecutive speeches with the same kind, words and place in the source as one, with all speakers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from minutes.models import Speech


@dataclass
class SpeechGroup:
    speeches: list[Speech] = field(default_factory=list)

    @property
    def first(self) -> Speech:
        return self.speeches[0]

    @property
    def others(self) -> list[Speech]:
        return self.speeches[1:]


def _said_together(a: Speech, b: Speech) -> bool:
    return (a.kind, a.text.strip(), a.span_start, a.span_end) == (
        b.kind,
        b.text.strip(),
        b.span_start,
        b.span_end,
    )


def joint_speeches(speeches: Iterable[Speech]) -> list[SpeechGroup]:
    """``speeches`` in order, runs said together merged into one group each."""
    groups: list[SpeechGroup] = []
    for speech in speeches:
        if groups and _said_together(groups[-1].speeches[-1], speech):
            groups[-1].speeches.append(speech)
        else:
            groups.append(SpeechGroup([speech]))
    return groups
