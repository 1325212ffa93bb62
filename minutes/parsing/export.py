"""ParsedFile list → the ``minutes-extraction/1`` JSON document (names as written)."""

from __future__ import annotations

import os

from .model import YEAR_INFERRED, ParsedFile, ParsedReport

FORMAT = "minutes-extraction/1"


def report_dict(r: ParsedReport) -> dict:
    """One REPORT object of the extraction format."""
    m = r.meeting
    return {
        "source": {"file": os.path.basename(r.file), "index": r.index, "title": r.title},
        "meeting": {
            "name": m.name,
            "date": m.iso_date,
            "date_text": m.date_text,
            "year_inferred": m.year_source == YEAR_INFERRED,
            "time_of_day": m.time_of_day,
            "venue": m.venue,
            "chair": m.chair,
        },
        "people": [{"name": p.name, "titles": list(p.titles)} for p in r.people],
        "attendees": list(r.attendees),
        "attendee_groups": list(r.attendee_groups),
        "org_units": list(r.org_units),
        "speeches": [
            {"speaker": s.speaker, "speaker_unit": s.speaker_unit, "kind": s.kind, "text": s.text}
            for s in r.speeches
        ],
        "directives": [{"issuer": d.issuer, "number": d.number, "text": d.text} for d in r.directives],
        "appointments": [
            {"person": a.person, "post": a.post, "unit": a.unit, "announced_by": a.announced_by}
            for a in r.appointments
            if not a.removal
        ],
        "decisions": [{"title": d.title, "read_by": d.read_by} for d in r.decisions],
        "tasks": [{"text": t.text, "due": t.due} for t in r.tasks],
    } | (
        {"review": [{"code": f.code, "field": f.field, "detail": f.detail} for f in r.review]}
        if r.review
        else {}
    )


def extraction_document(files: list[ParsedFile]) -> dict:
    """The whole document for a list of parsed files, in order."""
    return {"format": FORMAT, "reports": [report_dict(r) for f in files for r in f.reports]}
