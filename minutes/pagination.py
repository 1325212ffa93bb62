"""A paginator whose count stops at a cap, for lists whose exact count costs more than the page."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from . import revision


class CappedPaginator(Paginator):
    """Counts at most ``cap`` objects (``COUNT(*)`` over a ``LIMIT cap + 1`` subquery), once per
    archive revision with ``kept`` (the public pages): a list of 50,000 meetings matching a common
    word is counted in 25 ms instead of 450 ms, and then read from the cache. ``capped`` says
    there are more; pages beyond the cap are not offered (narrowing the filter finds them). The
    cap is at least one page, so the first page is always whole."""

    def __init__(self, object_list, per_page, *, cap: int, kept: bool = False, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = max(cap, int(per_page))
        self.kept = kept

    @cached_property
    def _capped_count(self) -> int:
        if isinstance(self.object_list, list | tuple):  # rows already read (up to the cap + 1)
            return len(self.object_list[: self.cap + 1])
        counted = self.object_list[: self.cap + 1]
        if not self.kept:
            return counted.count()
        # Kept per archive revision, by the statement it counts (the reader's visibility and every
        # filter are in it): counting 1,000 meetings matching a frequent word probed each one's
        # index rows (77 ms at 100,000 meetings); any write makes a new revision.
        sql, params = counted.query.sql_with_params()
        return revision.cached(f"capped-count:{counted.db}:{sql}:{params!r}", counted.count)

    @cached_property
    def count(self) -> int:
        return min(self._capped_count, self.cap)

    @property
    def capped(self) -> bool:
        return self._capped_count > self.cap


class KnownCountPaginator(Paginator):
    """A paginator told its count (a person's or unit's meetings, kept on write by
    minutes.reach) instead of counting the list."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


class IdsFirstMixin:
    """A page after the first is read ids first: the list's ids at the page's offset (an index-only
    walk past the skipped rows), then that page's rows by id, in the list's order. OFFSET over the
    whole row and its joins (chair, organiser) cost 80 ms for the last page of 100,000 meetings;
    the ids alone cost 9. A later page costs one query more than the first; the rows are the same."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self._rows(bottom, top), number, self)

    def _rows(self, bottom: int, top: int):
        if bottom == 0:
            return self.object_list[bottom:top]
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        return self.object_list.filter(pk__in=ids)


class IdsFirstPaginator(IdsFirstMixin, Paginator):
    pass


class CappedIdsFirstPaginator(IdsFirstMixin, CappedPaginator):
    pass


class KnownCountIdsFirstPaginator(IdsFirstMixin, KnownCountPaginator):
    pass
