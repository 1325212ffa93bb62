"""The search index: one row per searchable piece of text, denormalised for fast filtered queries.

The full-text part is not in the model because it differs per database and Django has no
portable field for it: on PostgreSQL a stored generated ``tsv`` tsvector column with a GIN index,
on SQLite an external-content FTS5 table ``search_fts`` kept in sync by triggers. Both are
created by migration 0002 for the database in use and queried in ``search.backends``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.IntegerChoices):
    """Who may see a row; a copy of the meeting's status/visibility so queries need no join."""

    HIDDEN = 0, _("不公開（草稿或已撤回）")
    INTERNAL = 1, _("內部")
    PUBLIC = 2, _("公開")


class SearchEntry(models.Model):
    """One indexed piece: a meeting's name, a chunk of a speech, a directive, a person's name …"""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("會議")
        SPEECH = "speech", _("發言")
        DIRECTIVE = "directive", _("工作要求")
        APPOINTMENT = "appointment", _("任免")
        DECISION = "decision", _("決定／文件")
        TASK = "task", _("工作任務")
        PERSON = "person", _("人員")
        UNIT = "unit", _("單位")

    kind = models.CharField(_("類型"), max_length=12, choices=Kind.choices)
    object_id = models.BigIntegerField(_("對象編號"))
    # Which piece of the object: 0 = its title/name row, 1… = body chunks (or aliases for units).
    part = models.PositiveSmallIntegerField(_("片段"), default=0)
    meeting = models.ForeignKey(
        "minutes.Meeting",
        verbose_name=_("會議"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="search_entries",
    )
    # 1 for a title or a name (ranked first), 0 for body text.
    rank = models.PositiveSmallIntegerField(_("權重"), default=0)
    visibility = models.PositiveSmallIntegerField(_("可見範圍"), choices=Visibility.choices)
    # yyyymmdd with unknown parts as 0, so meetings without a year sort after dated ones.
    sort_key = models.PositiveIntegerField(_("排序日期"), default=0)
    date = models.DateField(_("日期"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("年"), null=True, blank=True)
    month = models.PositiveSmallIntegerField(_("月"), null=True, blank=True)
    label = models.CharField(_("標籤"), max_length=200, blank=True)
    anchor = models.CharField(_("錨點"), max_length=40, blank=True)
    text = models.TextField(_("原文"))
    text_folded = models.TextField(_("比對文本"))
    bigrams = models.TextField(_("索引詞元"))

    class Meta:
        verbose_name = _("檢索索引")
        verbose_name_plural = _("檢索索引")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id", "part"], name="searchentry_piece_unique"),
        ]
        indexes = [
            models.Index(fields=["meeting"], name="searchentry_meeting_idx"),
            models.Index(fields=["rank", "sort_key", "id"], name="searchentry_rank_sort_idx"),
            models.Index(fields=["sort_key", "id"], name="searchentry_sort_idx"),
            models.Index(fields=["date"], name="searchentry_date_idx"),
            models.Index(fields=["year", "month"], name="searchentry_year_month_idx"),
        ]

    def __str__(self):
        return f"{self.kind}:{self.object_id}/{self.part}"
