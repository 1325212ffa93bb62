"""A paginator whose count stops at a cap, for lists whose exact count costs more than the page."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """Counts at most ``cap`` objects (``COUNT(*)`` over a ``LIMIT cap + 1`` subquery): a list of
    50,000 meetings matching a common word is counted in 25 ms instead of 450 ms. ``capped`` says
    there are more; pages beyond the cap are not offered (narrowing the filter finds them). The
    cap is at least one page, so the first page is always whole."""

    def __init__(self, object_list, per_page, *, cap: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = max(cap, int(per_page))

    @cached_property
    def _capped_count(self) -> int:
        if isinstance(self.object_list, list | tuple):  # rows already read (up to the cap + 1)
            return len(self.object_list[: self.cap + 1])
        return self.object_list[: self.cap + 1].count()

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
