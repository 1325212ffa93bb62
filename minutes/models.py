"""Meetings, the source reports they were imported from, and what was said and decided."""

import calendar
import datetime
from typing import NamedTuple

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from minutes.review import validate_review_flags


class SourceReport(models.Model):
    """The text of one imported report, kept verbatim so every record can point into it."""

    file_name = models.CharField(_("檔案名稱"), max_length=255)
    position = models.PositiveIntegerField(_("檔案內序號"), default=1)
    start_line = models.PositiveIntegerField(_("起始行"), default=1)
    title = models.CharField(_("標題行"), max_length=255, blank=True)
    text = models.TextField(_("全文"))
    content_hash = models.CharField(_("內容雜湊"), max_length=64, help_text=_("全文的 SHA-256"))
    encoding = models.CharField(_("檔案編碼"), max_length=30, blank=True)
    imported_at = models.DateTimeField(_("匯入時間"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("匯入者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    previous_revision = models.ForeignKey(
        "self",
        verbose_name=_("上一版本"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="later_revisions",
    )
    warnings = models.JSONField(_("匯入警告"), default=list, blank=True)

    class Meta:
        verbose_name = _("來源報道")
        verbose_name_plural = _("來源報道")
        ordering = ["-imported_at", "file_name", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_hash", "position"], name="sourcereport_hash_position_unique"
            ),
            models.CheckConstraint(condition=Q(position__gte=1), name="sourcereport_position_positive"),
        ]
        indexes = [
            models.Index(fields=["file_name", "position"], name="sourcereport_file_pos_idx"),
            # The importer looks up earlier revisions of a changed report by its title line.
            models.Index(fields=["title"], name="sourcereport_title_idx"),
        ]

    def __str__(self):
        return f"{self.file_name} #{self.position}" + (f" {self.title}" if self.title else "")

    def excerpt(self, start, end) -> str:
        if start is None or end is None:
            return ""
        return self.text[start:end]


# The meeting page's query parameter with which staff preview an unpublished meeting.
PREVIEW_PARAM = "preview"


def _matching(field: str, value) -> dict:
    """``field=value`` for one person/unit (or pk), ``field__in=value`` for a list or queryset."""
    if isinstance(value, models.QuerySet | list | tuple | set | frozenset):
        return {f"{field}__in": value}
    return {field: value}


class Tie(NamedTuple):
    """One way a record ties a person or unit to a meeting: rows of ``model`` whose ``field`` is
    the person/unit and whose ``meeting`` is the meeting (``pk`` on Meeting itself)."""

    model: str
    field: str
    role: str
    meeting: str = "meeting"
    where: tuple = ()

    @property
    def rows(self) -> models.QuerySet:
        model = apps.get_model(self.model)
        qs = model._default_manager.filter(**dict(self.where))
        if self.meeting != "pk" and model._meta.get_field(self.meeting).null:
            qs = qs.filter(**{f"{self.meeting}__isnull": False})  # a post entered by hand has none
        return qs


# The one definition of "the meetings involving a person / a unit": every record that names
# them in a meeting. Pages, counts, filters, calendars, search and visibility all read it.
PERSON_TIES = (
    Tie("minutes.Meeting", "chair", "chaired", meeting="pk"),
    Tie("minutes.Attendance", "person", "attended"),
    Tie("minutes.Speech", "person", "spoke"),
    Tie("minutes.Directive", "issuer", "directive"),
    Tie("minutes.Appointment", "person", "appointed"),
    Tie("minutes.Appointment", "announced_by", "announced"),
    Tie("minutes.Decision", "read_by", "read"),
    Tie("people.Post", "person", "post", meeting="source_meeting"),
)
UNIT_TIES = (
    Tie("minutes.Meeting", "organizer", "organized", meeting="pk"),
    Tie("minutes.Attendance", "unit", "attended"),
    Tie("minutes.Speech", "unit", "spoke"),
    Tie("minutes.Appointment", "unit", "appointed"),
    Tie("minutes.Task", "owner_unit", "task"),
    Tie("people.Post", "unit", "post", meeting="source_meeting"),
)
# Chairing, as the list's role filter means it, is also an attendance marked 主持.
CHAIRED_ATTENDANCE = Tie("minutes.Attendance", "person", "chaired", where=(("category", "chaired"),))


def person_ties(role: str | None = None) -> tuple[Tie, ...]:
    """The ties of PERSON_TIES in ``role`` (all of them when blank)."""
    if not role:
        return PERSON_TIES
    ties = tuple(tie for tie in PERSON_TIES if tie.role == role)
    if role == "chaired":
        ties += (CHAIRED_ATTENDANCE,)
    return ties


def meeting_id_queries(ties, value) -> list[models.QuerySet]:
    """One query of meeting ids per model among ``ties`` (an appointment's person and announcer
    are one query), each naming the meetings in which ``value`` has one of the model's ties."""
    by_model: dict[tuple, tuple[models.QuerySet, Q]] = {}
    for tie in ties:
        key = (tie.model, tie.meeting, tie.where)
        rows, fields = by_model.get(key, (tie.rows, Q()))
        by_model[key] = (rows, fields | Q(**_matching(tie.field, value)))
    return [rows.filter(fields).order_by().values(key[1]) for key, (rows, fields) in by_model.items()]


def involvement(ties, value, column: str = "pk", *, whole: bool = False) -> Q:
    """``column`` is a meeting in which ``value`` has any of ``ties``: a semi-join (IN subquery)
    per model, so a list needs no join and no DISTINCT; the meeting's own columns (chair,
    organiser) are plain conditions when ``column`` is the meeting's id.

    ``whole`` is for a caller that reads every such meeting (a person's timeline):
    the ties become one set of ids (UNION ALL) that the database gathers first and then looks up,
    rather than conditions tested on each meeting in turn (at 100,000 meetings, 70 → 13 ms for a
    person in 650 of them). A list that shows a page in date order keeps the conditions: walking
    the date index stops after a page."""
    condition = Q()
    others = []
    if whole:
        queries = meeting_id_queries(ties, value)
        return Q(
            **{f"{column}__in": queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]}
        )
    for tie in ties:
        if tie.model == "minutes.Meeting" and column == "pk" and not tie.where:
            condition |= Q(**_matching(tie.field, value))
        else:
            others.append(tie)
    for ids in meeting_id_queries(others, value):
        condition |= Q(**{f"{column}__in": ids})
    return condition


def visible_condition(user, through: str = "") -> Q:
    """``visible_to``'s rule as a condition, on a related meeting with ``through="meeting__"``: a
    list of directives filtered on its joined meeting walks the meeting list's order index
    (migration 0011), where ``meeting__in=visible_to(…)`` joins the meetings a second time."""
    condition = Q(**{f"{through}status": Meeting.Status.PUBLISHED})
    if user is None or not user.is_authenticated:
        condition &= Q(**{f"{through}visibility": Meeting.Visibility.PUBLIC})
    return condition


class MeetingQuerySet(models.QuerySet):
    def involving_person(self, person, role: str | None = None, *, whole: bool = False):
        """Meetings in which ``person`` (an instance, pk, list or queryset) had any tie (PERSON_TIES),
        or only ``role`` (chaired, spoke, attended, appointed, directive, …); ``whole``: see
        ``involvement``."""
        return self.filter(involvement(person_ties(role), person, whole=whole))

    def involving_unit(self, unit, *, whole: bool = False):
        """Meetings in which ``unit`` (an instance, pk, list or queryset) had any tie (UNIT_TIES)."""
        return self.filter(involvement(UNIT_TIES, unit, whole=whole))

    def published(self):
        return self.filter(status=Meeting.Status.PUBLISHED)

    def public(self):
        return self.filter(visibility=Meeting.Visibility.PUBLIC)

    def visible_to(self, user):
        """What pages, counts, feeds, search and exports may show this user: published
        meetings; internal ones only to signed-in users. Drafts never leave the admin."""
        return self.filter(visible_condition(user))

    def in_date_order(self):
        """Newest first; meetings without a known year after those with one, by month/day."""
        return self.order_by(
            F("date").desc(nulls_last=True),
            F("month").desc(nulls_last=True),
            F("day").desc(nulls_last=True),
            "-pk",
        )

    def needs_review(self):
        """Meetings with review flags the importer left that no one has cleared yet."""
        return self.exclude(review_flags=[])

    def for_list(self):
        return self.select_related("chair", "organizer").only(
            "pk",
            "name",
            "kind",
            "date",
            "year",
            "month",
            "day",
            "year_source",
            "date_text",
            "time_of_day",
            "venue",
            "status",
            "visibility",
            "chair__name",
            "chair_label",
            "organizer__name",
            "created_at",
        )

    def for_detail(self, children: tuple[str, ...] | None = None):
        """With everything a meeting's page shows; ``children`` limits the children prefetched
        (by related name) to those the caller does not read itself."""
        prefetches = [
            Prefetch("attendances", queryset=Attendance.objects.select_related("person", "unit")),
            Prefetch("speeches", queryset=Speech.objects.select_related("person", "unit")),
            Prefetch("directives", queryset=Directive.objects.select_related("issuer", "speech")),
            Prefetch(
                "appointments", queryset=Appointment.objects.select_related("person", "unit", "announced_by")
            ),
            Prefetch("decisions", queryset=Decision.objects.select_related("read_by")),
            Prefetch("tasks", queryset=Task.objects.select_related("owner_unit")),
        ]
        if children is not None:
            prefetches = [p for p in prefetches if p.prefetch_through in children]
        return self.select_related("chair", "organizer", "source_report").prefetch_related(*prefetches)


class Meeting(models.Model):
    """A meeting as recorded: when, where, who chaired, and its publication state."""

    class Kind(models.TextChoices):
        CADRE = "cadre", _("幹部大會")
        WORK = "work", _("工作會議")
        TALK = "talk", _("談話會／座談會")
        PROMOTION = "promotion", _("推進會／部署會")
        SUMMARY = "summary", _("總結表彰會")
        STUDY = "study", _("學習會")
        OTHER = "other", _("其他")

    class YearSource(models.TextChoices):
        TEXT = "text", _("原文給出")
        INFERRED = "inferred", _("由標題推斷")
        MANUAL = "manual", _("人工填寫")
        UNKNOWN = "unknown", _("年份不詳")

    class TimeOfDay(models.TextChoices):
        MORNING = "morning", _("上午")
        AFTERNOON = "afternoon", _("下午")
        EVENING = "evening", _("晚上")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已發佈")
        WITHDRAWN = "withdrawn", _("已撤回")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("公開")
        INTERNAL = "internal", _("內部")

    name = models.CharField(_("會議名稱"), max_length=200)
    kind = models.CharField(_("會議類型"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    # The date may lack a year: month/day are kept on their own and ``date`` only when the year is known.
    year = models.PositiveSmallIntegerField(_("年"), null=True, blank=True)
    month = models.PositiveSmallIntegerField(_("月"), null=True, blank=True)
    day = models.PositiveSmallIntegerField(_("日"), null=True, blank=True)
    year_source = models.CharField(
        _("年份來源"), max_length=10, choices=YearSource.choices, default=YearSource.UNKNOWN
    )
    date = models.DateField(
        _("日期"), null=True, blank=True, editable=False, help_text=_("年月日俱全時自動填寫")
    )
    date_text = models.CharField(_("原文日期"), max_length=100, blank=True)
    time_of_day = models.CharField(_("時段"), max_length=10, choices=TimeOfDay.choices, blank=True)
    start_time = models.TimeField(_("開始時間"), null=True, blank=True)
    venue = models.CharField(_("地點"), max_length=200, blank=True)
    chair = models.ForeignKey(
        "people.Person",
        verbose_name=_("主持人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings_chaired",
    )
    chair_label = models.CharField(_("主持人（原文）"), max_length=100, blank=True)
    organizer = models.ForeignKey(
        "orgunits.OrgUnit",
        verbose_name=_("主辦單位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings_organized",
    )
    summary = models.TextField(_("摘要"), blank=True)
    source_report = models.ForeignKey(
        SourceReport,
        verbose_name=_("來源報道"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
    )
    # Character spans of the meeting's own fields in the source text: {"name": [s, e], "date": …}.
    # The keys end up in HTML attributes; clean() holds them to SPAN_FIELDS.
    SPAN_FIELDS = ("name", "date", "venue", "chair")
    source_spans = models.JSONField(_("原文位置"), default=dict, blank=True)
    # Fields staff corrected by hand; a re-import of a changed report leaves them alone.
    locked_fields = models.JSONField(_("人工修訂欄位"), default=list, blank=True)
    # Where the importer guessed (minutes/review.py); staff clear them by saving the meeting.
    review_flags = models.JSONField(
        _("待核對事項"), default=list, blank=True, editable=False, validators=[validate_review_flags]
    )
    status = models.CharField(_("狀態"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    visibility = models.CharField(
        _("可見範圍"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    published_at = models.DateTimeField(_("發佈時間"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("發佈者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("建立時間"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新時間"), auto_now=True)

    history = HistoricalRecords()
    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("會議")
        verbose_name_plural = _("會議")
        ordering = [F("date").desc(nulls_last=True), "-month", "-day", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="meeting_name_not_empty"),
            models.CheckConstraint(
                condition=Q(month__isnull=True) | Q(month__gte=1, month__lte=12), name="meeting_month_valid"
            ),
            models.CheckConstraint(
                condition=Q(day__isnull=True) | Q(day__gte=1, day__lte=31), name="meeting_day_valid"
            ),
            models.CheckConstraint(
                condition=Q(day__isnull=True) | Q(month__isnull=False), name="meeting_day_needs_month"
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True, year_source="unknown")
                | Q(year__isnull=False) & ~Q(year_source="unknown"),
                name="meeting_year_source_consistent",
            ),
            models.CheckConstraint(
                condition=Q(date__isnull=True)
                | Q(year__isnull=False, month__isnull=False, day__isnull=False),
                name="meeting_date_needs_parts",
            ),
        ]
        indexes = [
            models.Index(fields=["date"], name="meeting_date_idx"),
            models.Index(fields=["month", "day"], name="meeting_month_day_idx"),
            models.Index(fields=["status", "visibility", "date"], name="meeting_visible_date_idx"),
            # The board and the statistics take one year of meetings (the year may be known without a day).
            models.Index(fields=["year", "month"], name="meeting_year_month_idx"),
            # (x, id): a person or unit filter reads its meeting ids from the index alone.
            models.Index(fields=["organizer", "id"], name="meeting_organizer_idx"),
            models.Index(fields=["chair", "id"], name="meeting_chair_idx"),
        ]

    def __str__(self):
        return f"{self.display_date} {self.name}".strip()

    def save(self, *args, **kwargs):
        self.date = self.full_date()
        self.settle_year_source()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("minutes:meeting_detail", args=[self.pk])

    def get_preview_url(self):
        """The public page as staff preview it: an unpublished meeting opens there, under a banner."""
        url = self.get_absolute_url()
        return url if self.is_published else f"{url}?{PREVIEW_PARAM}=1"

    def settle_year_source(self):
        """The year source that follows from the year (meeting_year_source_consistent): unknown
        without a year, and a year typed while the source said unknown was typed by hand."""
        if self.year is None:
            self.year_source = self.YearSource.UNKNOWN
        elif self.year_source == self.YearSource.UNKNOWN:
            self.year_source = self.YearSource.MANUAL

    def clean(self):
        """Refuse dates no calendar has, in the reader's words, before any constraint names them;
        settle the year source so a form never trips meeting_year_source_consistent."""
        super().clean()
        self.settle_year_source()
        errors = {}
        if self.month is not None and not 1 <= self.month <= 12:
            errors["month"] = _("月份須在 1 至 12 之間。")
        if message := self.source_spans_error():
            errors["source_spans"] = message
        if self.day is not None:
            if self.month is None:
                errors["day"] = _("填寫日時，請一併填寫月份。")
            elif "month" not in errors:
                # Without a year, 2月29日 may be a leap year's.
                last = calendar.monthrange(self.year or 2000, self.month)[1]
                if not 1 <= self.day <= last:
                    errors["day"] = self._no_such_day()
        if errors:
            raise ValidationError(errors)

    def source_spans_error(self) -> str | None:
        """Why ``source_spans`` is not ``{field: [start, end]}`` with a known field and a span
        inside the report text, or None when it is."""
        spans = self.source_spans
        if spans in (None, ""):
            return None
        if not isinstance(spans, dict):
            return _("原文位置須是「欄位: [起, 止]」的對照表。")
        length = len(self.source_report.text) if self.source_report_id else None
        for field, bounds in spans.items():
            if field not in self.SPAN_FIELDS:
                return _("原文位置只能標出這些欄位：%(fields)s。") % {"fields": "、".join(self.SPAN_FIELDS)}
            if not (
                isinstance(bounds, list)
                and len(bounds) == 2
                and all(type(b) is int for b in bounds)
                and 0 <= bounds[0] < bounds[1]
            ):
                return _("「%(field)s」的原文位置須是兩個整數 [起, 止]，起小於止。") % {"field": field}
            if length is not None and bounds[1] > length:
                return _("「%(field)s」的原文位置超出了來源報道的長度（%(length)s 字）。") % {
                    "field": field,
                    "length": length,
                }
        return None

    def _no_such_day(self) -> str:
        values = {"year": self.year, "month": self.month, "day": self.day}
        if self.year:
            return _("%(year)s年%(month)s月沒有%(day)s日。") % values
        return _("%(month)s月沒有%(day)s日。") % values

    def full_date(self) -> datetime.date | None:
        """The calendar date when year, month and day are all known and valid."""
        if self.year and self.month and self.day:
            try:
                return datetime.date(self.year, self.month, self.day)
            except ValueError:
                return None
        return None

    @property
    def year_known(self) -> bool:
        return self.year is not None

    @property
    def iso_date(self) -> str | None:
        """``YYYY-MM-DD``, or ``--MM-DD`` when the year is unknown (the extraction format)."""
        if not (self.month and self.day):
            return None
        if self.year:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        return f"--{self.month:02d}-{self.day:02d}"

    @property
    def display_date(self) -> str:
        """As Chinese readers write it: 2023年7月19日, or 7月19日 when the year is unknown."""
        parts = []
        if self.year:
            parts.append(f"{self.year}年")
        if self.month:
            parts.append(f"{self.month}月")
        if self.day:
            parts.append(f"{self.day}日")
        return "".join(parts)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class SourceSpan(models.Model):
    """Where in the source report's text a record came from (half-open character offsets)."""

    span_start = models.PositiveIntegerField(_("原文起點"), null=True, blank=True)
    span_end = models.PositiveIntegerField(_("原文終點"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def has_span(self) -> bool:
        return self.span_start is not None and self.span_end is not None

    def source_excerpt(self) -> str:
        report = self.meeting.source_report if self.meeting_id else None
        if report is None or not self.has_span:
            return ""
        return report.excerpt(self.span_start, self.span_end)


# Said by Attendance.clean and by the admin's attendance rows (the same person twice among them).
DUPLICATE_ATTENDEE = _("此人已在本次會議的出席名單中。")


def span_constraint(model_name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(span_start__isnull=True, span_end__isnull=True)
        | Q(span_start__isnull=False, span_end__isnull=False, span_end__gte=F("span_start")),
        name=f"{model_name}_span_valid",
    )


class Attendance(SourceSpan):
    """Someone present at a meeting: a named person or an unnamed group."""

    class Category(models.TextChoices):
        ATTENDED = "attended", _("出席")
        NONVOTING = "nonvoting", _("列席")
        CHAIRED = "chaired", _("主持")
        EXCUSED = "excused", _("請假")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("會議"), on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("人員"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    group_label = models.CharField(
        _("群體（無具名）"), max_length=200, blank=True, help_text=_("如「後勤系統各支部書記、主管以上幹部」")
    )
    unit = models.ForeignKey(
        "orgunits.OrgUnit",
        verbose_name=_("單位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attendances",
    )
    role = models.CharField(_("身份／職務"), max_length=100, blank=True)
    category = models.CharField(
        _("出席類別"), max_length=10, choices=Category.choices, default=Category.ATTENDED
    )
    order = models.PositiveIntegerField(_("順序"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("出席")
        verbose_name_plural = _("出席人員")
        ordering = ["meeting", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(group_label=""), name="attendance_person_or_group"
            ),
            models.UniqueConstraint(
                fields=["meeting", "person"], condition=Q(person__isnull=False), name="attendance_person_once"
            ),
            span_constraint("attendance"),
        ]
        indexes = [
            models.Index(fields=["person", "meeting"], name="attendance_person_idx"),
            models.Index(fields=["unit", "meeting"], name="attendance_unit_idx"),
        ]

    def __str__(self):
        return f"{self.person or self.group_label}（{self.get_category_display()}）"

    def clean(self):
        """attendance_person_or_group and attendance_person_once, in words (the admin's rows)."""
        super().clean()
        if self.person_id is None and not self.group_label.strip():
            raise ValidationError({"group_label": _("請選擇人員，或填寫群體（無具名）。")})
        if self.person_id is not None and self.meeting_id is not None:
            others = Attendance.objects.filter(meeting_id=self.meeting_id, person_id=self.person_id)
            if others.exclude(pk=self.pk).exists():
                raise ValidationError({"person": DUPLICATE_ATTENDEE})


class Speech(SourceSpan):
    """One speaker's turn, in order; the label is kept exactly as printed."""

    class Kind(models.TextChoices):
        OPENING = "opening", _("開場")
        REPORT = "report", _("匯報")
        STATEMENT = "statement", _("表態發言")
        ADDRESS = "address", _("講話")
        ANNOUNCEMENT = "announcement", _("宣讀")
        CLOSING = "closing", _("總結")
        OTHER = "other", _("其他")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("會議"), on_delete=models.CASCADE, related_name="speeches"
    )
    order = models.PositiveIntegerField(_("順序"))
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("發言人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="speeches",
    )
    speaker_label = models.CharField(
        _("發言人（原文）"), max_length=100, blank=True, help_text=_("如「張書記」「物業處領導」")
    )
    unit = models.ForeignKey(
        "orgunits.OrgUnit",
        verbose_name=_("發言單位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="speeches",
        help_text=_("單位負責人發言而未具名時"),
    )
    speaker_title = models.CharField(_("發言時職務"), max_length=100, blank=True)
    kind = models.CharField(_("類型"), max_length=15, choices=Kind.choices, default=Kind.OTHER)
    text = models.TextField(_("內容"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("發言")
        verbose_name_plural = _("發言")
        ordering = ["meeting", "order"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="speech_order_unique_in_meeting"),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(speaker_label="") | Q(unit__isnull=False),
                name="speech_has_speaker",
            ),
            span_constraint("speech"),
        ]
        indexes = [
            models.Index(fields=["person", "meeting"], name="speech_person_idx"),
            models.Index(fields=["unit", "meeting"], name="speech_unit_idx"),
        ]

    def __str__(self):
        return f"{self.order}. {self.speaker_display}（{self.get_kind_display()}）"

    def clean(self):
        """speech_has_speaker, in words."""
        super().clean()
        if self.person_id is None and self.unit_id is None and not self.speaker_label.strip():
            raise ValidationError({"speaker_label": _("請選擇發言人，或填寫發言人（原文）或單位。")})

    @property
    def speaker_display(self) -> str:
        if self.speaker_label:
            return self.speaker_label
        if self.person_id:
            return self.person.name
        return f"{self.unit.name}負責人" if self.unit_id else ""


class FollowUp(models.TextChoices):
    OPEN = "open", _("未落實")
    IN_PROGRESS = "in_progress", _("落實中")
    DONE = "done", _("已完成")


class FollowUpQuerySet(models.QuerySet):
    """Directives and tasks share their follow-up states."""

    def open(self):
        return self.exclude(status=FollowUp.DONE)


class Directive(SourceSpan):
    """A requirement a speaker laid down, numbered in its list or not, and its follow-up."""

    Status = FollowUp

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("會議"), on_delete=models.CASCADE, related_name="directives"
    )
    speech = models.ForeignKey(
        Speech,
        verbose_name=_("所屬發言"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="directives",
    )
    issuer = models.ForeignKey(
        "people.Person",
        verbose_name=_("提出人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="directives_issued",
    )
    issuer_label = models.CharField(_("提出人（原文）"), max_length=100, blank=True)
    number = models.PositiveSmallIntegerField(
        _("序號"), null=True, blank=True, help_text=_("列舉中的位置；未列舉則留空")
    )
    order = models.PositiveIntegerField(_("順序"), default=0)
    text = models.TextField(_("內容"))
    status = models.CharField(_("落實情況"), max_length=12, choices=FollowUp.choices, default=FollowUp.OPEN)
    status_note = models.TextField(_("落實說明"), blank=True)

    history = HistoricalRecords()
    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("工作要求")
        verbose_name_plural = _("工作要求")
        ordering = ["meeting", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="directive_text_not_empty"),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__gte=1), name="directive_number_positive"
            ),
            span_constraint("directive"),
        ]
        indexes = [
            models.Index(fields=["issuer", "status"], name="directive_issuer_status_idx"),
            models.Index(fields=["issuer", "meeting"], name="directive_issuer_meeting_idx"),
            models.Index(fields=["status"], name="directive_status_idx"),
        ]

    def __str__(self):
        prefix = f"{self.number}. " if self.number else ""
        return f"{prefix}{self.text[:40]}"

    def clean(self):
        """directive_number_positive, in words."""
        super().clean()
        if self.number is not None and self.number < 1:
            raise ValidationError({"number": _("序號須從 1 起；未列舉則留空。")})


class Appointment(SourceSpan):
    """A person appointed to (or removed from) a post, as announced at a meeting."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("會議"), on_delete=models.CASCADE, related_name="appointments"
    )
    person = models.ForeignKey(
        "people.Person", verbose_name=_("被任命人"), on_delete=models.PROTECT, related_name="appointments"
    )
    post = models.CharField(_("職務"), max_length=100, blank=True)
    unit = models.ForeignKey(
        "orgunits.OrgUnit",
        verbose_name=_("單位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appointments",
    )
    announced_by = models.ForeignKey(
        "people.Person",
        verbose_name=_("宣佈人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appointments_announced",
    )
    is_removal = models.BooleanField(_("免職"), default=False, help_text=_("「免去」而非任命"))
    post_held = models.ForeignKey(
        "people.Post",
        verbose_name=_("對應任職"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appointments",
    )
    order = models.PositiveIntegerField(_("順序"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("任免")
        verbose_name_plural = _("任免")
        ordering = ["meeting", "order", "pk"]
        constraints = [span_constraint("appointment")]
        indexes = [
            models.Index(fields=["person", "meeting"], name="appointment_person_idx"),
            models.Index(fields=["unit", "meeting"], name="appointment_unit_idx"),
        ]

    def __str__(self):
        verb = _("免去") if self.is_removal else _("任命")
        return f"{verb} {self.person} {self.post or ''}".strip()


class Decision(SourceSpan):
    """A formal decision or document read out or adopted at a meeting."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("會議"), on_delete=models.CASCADE, related_name="decisions"
    )
    title = models.CharField(_("標題"), max_length=300)
    read_by = models.ForeignKey(
        "people.Person",
        verbose_name=_("宣讀人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions_read",
    )
    read_by_label = models.CharField(_("宣讀人（原文）"), max_length=100, blank=True)
    order = models.PositiveIntegerField(_("順序"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("決定／文件")
        verbose_name_plural = _("決定／文件")
        ordering = ["meeting", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="decision_title_not_empty"),
            span_constraint("decision"),
        ]

    def __str__(self):
        return self.title


class Task(SourceSpan):
    """A work item with an expected completion, as written and, where resolvable, as a date."""

    Status = FollowUp

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("會議"), on_delete=models.CASCADE, related_name="tasks"
    )
    text = models.CharField(_("事項"), max_length=300)
    due_text = models.CharField(
        _("期限（原文）"), max_length=50, blank=True, help_text=_("如「8月底」「開學前」")
    )
    due_date = models.DateField(_("期限"), null=True, blank=True)
    owner_unit = models.ForeignKey(
        "orgunits.OrgUnit",
        verbose_name=_("負責單位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    status = models.CharField(_("落實情況"), max_length=12, choices=FollowUp.choices, default=FollowUp.OPEN)
    status_note = models.TextField(_("落實說明"), blank=True)
    order = models.PositiveIntegerField(_("順序"), default=0)

    history = HistoricalRecords()
    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("工作任務")
        verbose_name_plural = _("工作任務")
        ordering = ["meeting", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="task_text_not_empty"),
            span_constraint("task"),
        ]
        indexes = [
            models.Index(fields=["status", "due_date"], name="task_status_due_idx"),
            models.Index(fields=["owner_unit", "meeting"], name="task_owner_unit_idx"),
            # The API's task list order (due date, ASC is NULLS LAST in PostgreSQL): a page is a
            # walk of this index instead of a sort of every task.
            models.Index(fields=["due_date", "meeting", "order", "id"], name="task_due_order_idx"),
        ]

    def __str__(self):
        return f"{self.text}（{self.due_text}）" if self.due_text else self.text


class FollowUpLink(models.Model):
    """A directive or task that follows up an earlier one (落實上次會議第3條, a task repeated).

    Staff link items in the admin (accepted at once); the importer proposes links where a later
    report refers back or repeats a task of the same unit, as suggestions staff accept or reject.
    Only accepted links make an item's chain. Each end is a directive or a task: two nullable
    keys per end, exactly one of them set, so the database keeps the references whole.
    """

    class State(models.TextChoices):
        SUGGESTED = "suggested", _("待確認")
        ACCEPTED = "accepted", _("已確認")
        REJECTED = "rejected", _("已否決")

    later_directive = models.ForeignKey(
        Directive,
        verbose_name=_("後續工作要求"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="links_to_earlier",
    )
    later_task = models.ForeignKey(
        Task,
        verbose_name=_("後續工作任務"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="links_to_earlier",
    )
    earlier_directive = models.ForeignKey(
        Directive,
        verbose_name=_("所跟進的工作要求"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="links_to_later",
    )
    earlier_task = models.ForeignKey(
        Task,
        verbose_name=_("所跟進的工作任務"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="links_to_later",
    )
    state = models.CharField(_("狀態"), max_length=10, choices=State.choices, default=State.ACCEPTED)
    reason = models.CharField(_("依據"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("建立時間"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("跟進關係")
        verbose_name_plural = _("跟進關係")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(later_directive__isnull=False, later_task__isnull=True)
                | Q(later_directive__isnull=True, later_task__isnull=False),
                name="followuplink_one_later",
            ),
            models.CheckConstraint(
                condition=Q(earlier_directive__isnull=False, earlier_task__isnull=True)
                | Q(earlier_directive__isnull=True, earlier_task__isnull=False),
                name="followuplink_one_earlier",
            ),
            models.CheckConstraint(
                condition=~Q(later_directive=F("earlier_directive")) & ~Q(later_task=F("earlier_task")),
                name="followuplink_not_itself",
            ),
            *[
                models.UniqueConstraint(
                    fields=[later, earlier],
                    condition=Q(**{f"{later}__isnull": False, f"{earlier}__isnull": False}),
                    name=f"followuplink_unique_{later.split('_')[1][0]}{earlier.split('_')[1][0]}",
                )
                for later in ("later_directive", "later_task")
                for earlier in ("earlier_directive", "earlier_task")
            ],
        ]
        indexes = [
            models.Index(fields=["state", "created_at"], name="followuplink_state_idx"),
        ]

    def __str__(self):
        return f"{self.later} → {self.earlier}"

    @property
    def later(self):
        return self.later_directive if self.later_directive_id else self.later_task

    @property
    def earlier(self):
        return self.earlier_directive if self.earlier_directive_id else self.earlier_task

    def clean(self):
        """The link's shape (one item at each end, not the item itself, not a later meeting), in
        words for staff."""
        super().clean()
        if bool(self.later_directive_id) == bool(self.later_task_id):
            raise ValidationError(_("請選擇一項後續的工作要求或工作任務。"))
        if bool(self.earlier_directive_id) == bool(self.earlier_task_id):
            raise ValidationError(_("請選擇一項所跟進的工作要求或工作任務。"))
        later, earlier = self.later, self.earlier
        if type(later) is type(earlier) and later.pk == earlier.pk:
            raise ValidationError(_("一項工作不能跟進它自己。"))
        later_date, earlier_date = later.meeting.date, earlier.meeting.date
        if later_date and earlier_date and earlier_date > later_date:
            raise ValidationError(_("所跟進的事項須來自同一天或更早的會議。"))


class ArchiveRevision(models.Model):
    """One row whose number changes with every change to the archive's records (see
    ``minutes.revision``): pages that aggregate the whole archive cache their numbers under it, so
    each worker counts once per change instead of once per request, and a change (a meeting
    withdrawn, say) is seen by the next request in every worker."""

    number = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("檔案庫版本")
        verbose_name_plural = _("檔案庫版本")

    def __str__(self):
        return str(self.number)


class ImportBatch(models.Model):
    """One upload or import run: who, when, which file, how far it got and what it wrote.

    The admin's upload records every upload as a batch; a large one is run by
    ``manage.py run_import_batch`` outside the request (``minutes.import_batches``). The meetings a
    batch created, revised or found unchanged are linked, so the admin lists them as
    ``?import_batch=ID``.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("排隊中")
        RUNNING = "running", _("匯入中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失敗")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("匯入者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file_name = models.CharField(_("檔案名稱"), max_length=255)
    state = models.CharField(_("狀態"), max_length=10, choices=State.choices, default=State.QUEUED)
    created_at = models.DateTimeField(_("建立時間"), auto_now_add=True)
    started_at = models.DateTimeField(_("開始時間"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成時間"), null=True, blank=True)
    reports_total = models.PositiveIntegerField(_("報道篇數"), default=0)
    reports_done = models.PositiveIntegerField(_("已處理篇數"), default=0)
    written = models.PositiveIntegerField(_("寫入"), default=0)
    unchanged = models.PositiveIntegerField(_("未變"), default=0)
    failed = models.PositiveIntegerField(_("失敗"), default=0)
    messages = models.TextField(_("訊息"), blank=True)
    # Where a queued upload waits for the background run (under VAR_DIR); emptied when it ends.
    upload_path = models.CharField(_("暫存檔"), max_length=500, blank=True)
    meetings = models.ManyToManyField(
        "Meeting", verbose_name=_("會議"), related_name="import_batches", blank=True
    )

    class Meta:
        verbose_name = _("匯入批次")
        verbose_name_plural = _("匯入批次")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["queued", "running", "done", "failed"]), name="importbatch_state_valid"
            ),
        ]

    def __str__(self):
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})" if self.created_at else self.file_name

    @property
    def in_progress(self) -> bool:
        return self.state in {self.State.QUEUED, self.State.RUNNING}
