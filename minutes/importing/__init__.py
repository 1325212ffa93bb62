"""The importing service: parsed reports (``minutes.parsing``) → meetings, people, units, posts.

The parser turns bytes into ``ParsedFile``/``ParsedReport`` dataclasses; this package writes them,
and is shared by ``manage.py import_reports`` and the admin's "new meeting from report text".
Entry points in ``service``; ``writer.FileWriter`` runs one file's steps in order, each step's
rules in its own module (``revisions``, ``staff_edits``, ``resolver``, ``posts``, ``children``,
``rows``, ``history``, ``locking``).

Rules, in the order they apply:

* **One transaction per file** (``service``). A file imports completely or not at all.
  ``dry_run`` runs the real writer and rolls the transaction back, so constraints are still checked.
* **Identity** (``revisions``). A report is the SHA-256 of its text (newlines normalised to
  ``\\n``). A report whose hash is already in the archive is *unchanged*: nothing is written and
  the summary says so. If that report's meeting was deleted (a draft staff removed) and no later
  revision replaced it, a new draft is written on the same ``SourceReport``, with a warning saying so.
* **Revisions.** A report with a new hash is a new revision of an earlier current report (one with
  no later revision) when, in this order: the same file has a report with the same title; or the
  same file has a report at the same position whose title is the same or missing; or exactly one
  report of another file has the same non-empty title and its meeting the same month and day.
  A new ``SourceReport`` is written with ``previous_revision`` set and the earlier meeting is updated.
* **What a revision does not overwrite** (``staff_edits``).
  - A meeting field listed in ``Meeting.locked_fields``, or whose current value differs from the
    value the last import wrote (read from the meeting's history row whose change reason starts with
    ``匯入``). Such a field is then added to ``locked_fields`` so later revisions keep it too.
  - A list of child records (``attendances``, ``speeches``, ``directives``, ``appointments``,
    ``decisions``, ``tasks``) when staff ever touched one of that meeting's rows of that kind: any
    history row not written by the importer (its change reason does not start with ``匯入``),
    including deletions and follow-up status changes. That relation's name also goes into
    ``locked_fields``. Untouched lists are replaced by the new revision's.
  - Everything kept is listed in the summary.
* **People** (``resolver``, ``posts``) are one per name in either script
  (``Person.name_simplified``); a homonym in the archive resolves to the oldest record. Titles
  become ``Post`` rows (source *mention*) unless that person already has a post with the same
  title; appointments create or take over a post (source *appointment*) and link it; a removal
  (免去) ends the person's matching open post on the meeting's date.
* **Units** resolve by name or alias in either script; missing ones are created with a kind guessed
  from the name; ``(name, alias)`` pairs become aliases unless the alias already names another unit.
* **Review flags.** Where the parser guessed (``ParsedReport.review``: an inferred year, a repaired
  or missing date, an unmatched speaker, broken numbering), and where the writer created a unit or a
  speaker the archive did not have, the meeting gets ``review_flags`` (``minutes/review.py``) for
  staff to check; saving the meeting in the admin clears them. A revision stores the new report's
  flags except those an earlier import already raised and staff have since cleared, and those on
  fields or lists kept as edited by staff.
* Every row the importer writes carries a history row with change reason ``匯入`` (or ``匯入（修訂）``),
  and the meeting is re-indexed for search inside the same transaction.
* **Speed.** A file's rows are built in memory first and inserted together (``rows.PendingRows``):
  one INSERT per model and change reason (history rows by simple-history's ``bulk_history_create``,
  search-index rows by ``executemany``), people, units and posts looked up once per file. The number of queries does not grow with the reports or
  speeches of a file (``manage.py bench_import`` measures it).
"""

from minutes.importing.files import parse_file
from minutes.importing.history import IMPORT_REASON
from minutes.importing.kinds import guess_meeting_kind, guess_unit_kind
from minutes.importing.revisions import content_hash
from minutes.importing.service import import_files, import_parsed_file, import_report_text

__all__ = [
    "IMPORT_REASON",
    "content_hash",
    "guess_meeting_kind",
    "guess_unit_kind",
    "import_files",
    "import_parsed_file",
    "import_report_text",
    "parse_file",
]
