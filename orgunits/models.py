"""Organisational units (處、部、中心…), their aliases and hierarchy."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from minutes.chinese import strip_nul, to_simplified
from minutes.reach import KEPT_COUNTS, without_kept_counts


class OrgUnitQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Units ``user`` may know of: tied to at least one meeting the user may see; the others
        do not exist on the public pages, feeds, search and counts. Read from the counts
        minutes.reach keeps on every write (indexed)."""
        if user is not None and user.is_authenticated:
            return self.filter(meetings_signed_in__gt=0)
        return self.filter(meetings_public__gt=0)

    def matching_name(self, name: str):
        """Units whose name or an alias is ``name`` in either script."""
        key = to_simplified(strip_nul(name).strip())
        return self.filter(Q(name_simplified=key) | Q(aliases__alias_simplified=key)).distinct()

    def search(self, query: str):
        """Units whose name or alias contains ``query`` in either script."""
        key = to_simplified(strip_nul(query).strip())
        if not key:
            return self.none()
        return self.filter(
            Q(name_simplified__contains=key) | Q(aliases__alias_simplified__contains=key)
        ).distinct()


class OrgUnit(models.Model):
    """A unit of the university: a department, office, centre, section or committee."""

    class Kind(models.TextChoices):
        UNIVERSITY = "university", _("學校")
        COMMITTEE = "committee", _("黨委／委員會")
        DEPARTMENT = "department", _("部")
        OFFICE = "office", _("處／辦公室")
        CENTER = "center", _("中心")
        SECTION = "section", _("科／室")
        HOSPITAL = "hospital", _("醫院")
        OTHER = "other", _("其他")

    name = models.CharField(_("名稱"), max_length=100, unique=True)
    name_simplified = models.CharField(_("簡體名稱"), max_length=100, db_index=True, editable=False)
    kind = models.CharField(_("類型"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上級單位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    description = models.TextField(_("說明"), blank=True)
    created_at = models.DateTimeField(_("建立時間"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新時間"), auto_now=True)
    # Kept by minutes.reach on every write: the meetings each kind of reader may see them in.
    meetings_public = models.PositiveIntegerField(_("公開會議數"), default=0, editable=False, db_index=True)
    meetings_signed_in = models.PositiveIntegerField(
        _("登入可見會議數"), default=0, editable=False, db_index=True
    )

    history = HistoricalRecords(excluded_fields=KEPT_COUNTS)
    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("單位")
        verbose_name_plural = _("單位")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="orgunit_name_not_empty"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_simplified = to_simplified(self.name)
        super().save(*args, **without_kept_counts(self, kwargs))

    def get_absolute_url(self):
        return reverse("orgunits:unit_detail", args=[self.pk])

    def ancestors(self) -> list["OrgUnit"]:
        """Parents from the nearest up, stopping at a cycle staff may have entered."""
        chain, seen, node = [], {self.pk}, self.parent
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return chain


class OrgUnitAlias(models.Model):
    """Another name for a unit: 新校區建設辦公室 for 基建管理處, 保障部 for 後勤保障部."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("單位"), on_delete=models.CASCADE, related_name="aliases"
    )
    alias = models.CharField(_("別名"), max_length=100)
    alias_simplified = models.CharField(_("簡體別名"), max_length=100, db_index=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("單位別名")
        verbose_name_plural = _("單位別名")
        ordering = ["alias"]
        constraints = [
            models.UniqueConstraint(fields=["alias"], name="orgunitalias_alias_unique"),
            models.CheckConstraint(condition=~Q(alias=""), name="orgunitalias_alias_not_empty"),
        ]

    def __str__(self):
        return f"{self.alias} → {self.unit.name}"

    def save(self, *args, **kwargs):
        self.alias_simplified = to_simplified(self.alias)
        super().save(*args, **kwargs)
