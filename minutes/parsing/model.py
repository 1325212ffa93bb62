"""Plain dataclasses that carry a parsed report from the parser to the writer.

Every span is a half-open ``(start, end)`` pair of character offsets into
``ParsedReport.text`` (the report's own text, newlines normalised to ``\\n``),
so a page can highlight "where the text says so".
"""

from __future__ import annotations

from dataclasses import dataclass, field

Span = tuple[int, int]

# Speech kinds, as in the extraction format.
SPEECH_KINDS = ("opening", "report", "statement", "address", "announcement", "closing", "other")
TIMES_OF_DAY = ("morning", "afternoon", "evening")
# Where a meeting's year came from: the date itself, elsewhere (title line), or nowhere.
YEAR_FROM_TEXT = "text"
YEAR_INFERRED = "inferred"


@dataclass
class ParsedPerson:
    """A named individual and the posts the report gives them, each as written."""

    name: str
    titles: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)


@dataclass
class ParsedMeeting:
    """The meeting's own facts. ``year`` is None when unknown; never invented."""

    name: str | None = None
    name_span: Span | None = None
    year: int | None = None
    month: int | None = None
    day: int | None = None
    year_source: str | None = None  # YEAR_FROM_TEXT, YEAR_INFERRED or None
    date_text: str | None = None
    date_span: Span | None = None
    time_of_day: str | None = None  # one of TIMES_OF_DAY
    clock_time: str | None = None  # "08:30" when the text gives one
    venue: str | None = None
    venue_span: Span | None = None
    chair: str | None = None
    chair_span: Span | None = None
    organizer: str | None = None  # the unit that convened it, when stated

    @property
    def iso_date(self) -> str | None:
        """``YYYY-MM-DD``, ``--MM-DD`` when the year is unknown, or None."""
        if not (self.month and self.day):
            return None
        if self.year:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        return f"--{self.month:02d}-{self.day:02d}"


@dataclass
class ParsedSpeech:
    """One speaker's turn; ``speaker`` is None when a unit's unnamed leader spoke."""

    speaker: str | None
    speaker_label: str  # as printed: "張書記", "物業處領導", "趙軍武同志"
    speaker_unit: str | None
    kind: str  # one of SPEECH_KINDS
    text: str
    span: Span
    title: str | None = None  # the title the speaker held when speaking, if given


@dataclass
class ParsedDirective:
    """A requirement a speaker laid down; ``number`` is None when not enumerated."""

    issuer: str | None
    number: int | None
    text: str
    span: Span
    speech_index: int | None = None  # index into ParsedReport.speeches


@dataclass
class ParsedAppointment:
    """An appointment (or, with ``removal``, a 免去) announced at the meeting."""

    person: str
    post: str | None
    unit: str | None
    announced_by: str | None
    span: Span
    removal: bool = False


@dataclass
class ParsedDecision:
    """A formal decision or document read out or adopted."""

    title: str
    read_by: str | None
    span: Span


@dataclass
class ParsedTask:
    """A work item with an expected completion; ``due`` as written (``8月底``)."""

    text: str
    due: str | None
    span: Span
    owner_unit: str | None = None


@dataclass
class ParsedReport:
    """Everything extracted from one report of one file."""

    file: str
    index: int  # 1-based position in the file
    title: str | None
    text: str  # the report's own text, including its title line
    start_offset: int  # where ``text`` starts in the decoded file
    start_line: int  # 1-based line of the file where the report starts
    meeting: ParsedMeeting = field(default_factory=ParsedMeeting)
    people: list[ParsedPerson] = field(default_factory=list)
    attendees: list[str] = field(default_factory=list)
    attendee_groups: list[str] = field(default_factory=list)
    attendee_group_spans: list[Span] = field(default_factory=list)
    org_units: list[str] = field(default_factory=list)
    unit_aliases: list[tuple[str, str]] = field(default_factory=list)  # (name, alias) pairs
    speeches: list[ParsedSpeech] = field(default_factory=list)
    directives: list[ParsedDirective] = field(default_factory=list)
    appointments: list[ParsedAppointment] = field(default_factory=list)
    decisions: list[ParsedDecision] = field(default_factory=list)
    tasks: list[ParsedTask] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # "第 N 行：…", for people
    review: list[ReviewFlag] = field(default_factory=list)


# Why a report needs a person's look: where the importer guessed.  Codes are stable (the archive
# stores them and the admin words them in the reader's language); ``detail`` is the text concerned.
REVIEW_YEAR_INFERRED = "year_inferred"  # the year came from the title, dateline or meeting name
REVIEW_DATE_REPAIRED = "date_repaired"  # a garbled digit run (1021日) was read as a date
REVIEW_NO_DATE = "no_date"  # no meeting day found (近日, or none at all)
REVIEW_SPEAKER_UNMATCHED = "speaker_unmatched"  # a speech whose speaker is neither a person nor a unit
REVIEW_NUMBERING_BROKEN = "numbering_broken"  # an enumerated list skips or repeats a number
REVIEW_CODES = (
    REVIEW_YEAR_INFERRED,
    REVIEW_DATE_REPAIRED,
    REVIEW_NO_DATE,
    REVIEW_SPEAKER_UNMATCHED,
    REVIEW_NUMBERING_BROKEN,
)


@dataclass
class ReviewFlag:
    """One guess the importer made: what kind (a REVIEW_* code), on which field, about which text."""

    code: str
    field: str  # an extraction-format path: meeting.date, speeches[2], directives
    detail: str | None = None


@dataclass
class ParsedFile:
    """A decoded file and the reports found in it."""

    file: str
    encoding: str
    text: str
    reports: list[ParsedReport] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
