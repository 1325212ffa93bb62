"""People named in meeting records and the posts they held over time."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from minutes.chinese import (
    initials_of,
    looks_like_pinyin,
    normalize_pinyin_query,
    pinyin_keys,
    pinyin_name,
    pinyin_of,
    strip_nul,
    to_simplified,
    to_traditional,
)
from minutes.reach import KEPT_COUNTS, without_kept_counts


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user):
        """People ``user`` may know of: named in at least one meeting the user may see. Everyone
        else (named only in drafts or, for anonymous readers, internal meetings) does not exist
        on the public pages, feeds, search and counts.

        Read from the counts minutes.reach keeps on every write (indexed), not from the ties:
        the OR of one EXISTS per tie cost 643 ms per count at 20,000 meetings."""
        if user is not None and user.is_authenticated:
            return self.filter(meetings_signed_in__gt=0)
        return self.filter(meetings_public__gt=0)

    def matching(self, query: str):
        """People whose name matches ``query`` typed in Traditional, Simplified or pinyin
        (full, spaced or not, tone marks or not, initials, surname + initials)."""
        query = strip_nul(query).strip()
        if not query:
            return self.none()
        if looks_like_pinyin(query):
            key = normalize_pinyin_query(query)
            if not key:
                return self.none()
            return self.filter(pinyin_keys__key__startswith=key).distinct()
        return self.filter(name_simplified__contains=to_simplified(query))

    def with_name(self, name: str):
        """Exact name in either script."""
        return self.filter(name_simplified=to_simplified(name.strip()))


class Person(models.Model):
    """A named individual, with the normalised forms used to find them."""

    name = models.CharField(_("姓名"), max_length=50, help_text=_("按原文書寫"))
    name_traditional = models.CharField(_("繁體姓名"), max_length=50, editable=False)
    name_simplified = models.CharField(_("簡體姓名"), max_length=50, db_index=True, editable=False)
    # The preferred reading, lower case and spaced: the people list sorts by it.
    pinyin = models.CharField(_("拼音"), max_length=200, blank=True, editable=False, db_index=True)
    initials = models.CharField(_("拼音首字母"), max_length=20, blank=True, editable=False)
    notes = models.TextField(_("備註"), blank=True)
    created_at = models.DateTimeField(_("建立時間"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新時間"), auto_now=True)
    # Kept by minutes.reach on every write: the meetings each kind of reader may see them in.
    meetings_public = models.PositiveIntegerField(_("公開會議數"), default=0, editable=False, db_index=True)
    meetings_signed_in = models.PositiveIntegerField(
        _("登入可見會議數"), default=0, editable=False, db_index=True
    )

    history = HistoricalRecords(excluded_fields=KEPT_COUNTS)
    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("人員")
        verbose_name_plural = _("人員")
        # By reading, as Chinese readers look names up; code-point order scatters a surname.
        ordering = ["pinyin", "name_simplified", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="person_name_not_empty"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = self.name.strip()
        self.name_simplified = to_simplified(self.name)
        self.name_traditional = to_traditional(self.name_simplified)
        # Derived columns are cut to their length: a long Latin-script name (its words are kept
        # whole) or a long Chinese one would not fit them and failed the save on PostgreSQL.
        self.pinyin = pinyin_of(self.name)[: self._meta.get_field("pinyin").max_length]
        self.initials = initials_of(self.name)[: self._meta.get_field("initials").max_length]
        super().save(*args, **without_kept_counts(self, kwargs))
        self.refresh_pinyin_keys()

    def get_absolute_url(self):
        return reverse("people:person_detail", args=[self.pk])

    @property
    def pinyin_name(self) -> str:
        """The reading as a name is written (Zhang Maizeng); empty for a non-Chinese name."""
        return pinyin_name(self.name)

    def refresh_pinyin_keys(self):
        """Rewrite this person's lookup keys (called on every save)."""
        longest = PersonPinyinKey._meta.get_field("key").max_length
        wanted = {key[:longest] for key in pinyin_keys(self.name)}
        existing = set(self.pinyin_keys.values_list("key", flat=True))
        if wanted == existing:
            return
        self.pinyin_keys.exclude(key__in=wanted).delete()
        PersonPinyinKey.objects.bulk_create(
            [PersonPinyinKey(person=self, key=key) for key in sorted(wanted - existing)]
        )


class PersonPinyinKey(models.Model):
    """One pinyin lookup key of a person: zhangmaizeng, zmz, zhangmz …"""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="pinyin_keys")
    key = models.CharField(max_length=80)

    class Meta:
        verbose_name = _("拼音索引")
        verbose_name_plural = _("拼音索引")
        constraints = [
            models.UniqueConstraint(fields=["person", "key"], name="personpinyinkey_person_key_unique"),
        ]
        indexes = [models.Index(fields=["key"], name="personpinyinkey_key_idx")]

    def __str__(self):
        return f"{self.key} → {self.person_id}"


class PostQuerySet(models.QuerySet):
    def held_on(self, day):
        """Posts held on ``day`` (open-ended bounds count as held)."""
        return self.filter(Q(start_date__isnull=True) | Q(start_date__lte=day)).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=day)
        )


class Post(models.Model):
    """A title or post a person held, over time (a Popolo membership)."""

    class Source(models.TextChoices):
        APPOINTMENT = "appointment", _("任命")
        MENTION = "mention", _("報道中提及")
        MANUAL = "manual", _("人工錄入")

    person = models.ForeignKey(Person, verbose_name=_("人員"), on_delete=models.CASCADE, related_name="posts")
    title = models.CharField(_("職務"), max_length=100, help_text=_("按原文書寫，如「校黨委書記」"))
    unit = models.ForeignKey(
        "orgunits.OrgUnit",
        verbose_name=_("單位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
    )
    start_date = models.DateField(_("起始日期"), null=True, blank=True)
    end_date = models.DateField(_("結束日期"), null=True, blank=True)
    source = models.CharField(_("來源"), max_length=20, choices=Source.choices, default=Source.MANUAL)
    source_meeting = models.ForeignKey(
        "minutes.Meeting",
        verbose_name=_("見於會議"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts_seen",
    )

    history = HistoricalRecords()
    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("職務")
        verbose_name_plural = _("任職經歷")
        ordering = ["person", "start_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="post_title_not_empty"),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="post_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["person", "start_date"], name="post_person_start_idx")]

    def __str__(self):
        return f"{self.person} · {self.title}"

    @property
    def title_after_unit(self) -> str:
        """The title without the unit's name it starts with (組織部部長 of 組織部 → 部長), for pages
        that show the unit beside the title; the whole title otherwise."""
        if self.unit_id is None:
            return self.title
        name = self.unit.name_simplified
        if name and to_simplified(self.title).startswith(name) and len(self.title) > len(name):
            return self.title[len(name) :]
        return self.title
