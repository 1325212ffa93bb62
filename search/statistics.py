"""What PostgreSQL's ANALYZE knows of the index's tokens, read for the PostgreSQL backend's plan choice
(search/backends/postgres.py).

Two lists of most common tokens with their shares of the rows: over every index row (the ``tsv``
column's statistics, migration 0004) and over title and name rows alone (extended statistics on an
expression, 0006). A phrase is no more frequent than its rarest token, so they bound how many rows
a query can match; an unlisted token is rarer than every listed one.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import connection

from .models import SearchEntry

if TYPE_CHECKING:
    from .terms import Alternative, Word


# How long a process trusts the tsvector statistics it read: they change only when ANALYZE runs
# (autovacuum, or migration 0004), and they only choose a plan, never what a query finds.
STATS_TTL_SECONDS = 300


@dataclass
class TokenShares:
    """Most common tokens (token → share of the rows counted) and how many rows that is."""

    freqs: dict[str, float]
    rows: float
    _prefix_shares: dict[str, float] = field(default_factory=dict)

    def share(self, token: str, prefix: bool = False) -> float:
        # An unlisted token is rarer than every listed one: count it as rare (0), since walking for
        # a rare word reads the whole table (3-7 s at 1.5M rows), while the index plan for a word
        # wrongly judged rare costs at most the unlisted share's few thousand rows.
        if not prefix:
            return self.freqs.get(token, 0.0)
        if token not in self._prefix_shares:
            total = sum(f for t, f in self.freqs.items() if t.startswith(token))
            self._prefix_shares[token] = min(1.0, total)
        return self._prefix_shares[token]

    def estimated_rows(self, words: list[Word]) -> float:
        """An upper bound of the rows the words match: a phrase is no more frequent than its
        rarest token (PostgreSQL's own estimate multiplies them, as if independent, far too low)."""
        if not self.freqs:
            return 0.0

        def alternative_share(alt: Alternative) -> float:
            return min(
                self.share(t, p.prefix and i == len(p.tokens) - 1)
                for p in alt.phrases
                for i, t in enumerate(p.tokens)
            )

        share = min(min(1.0, sum(alternative_share(a) for a in w.alternatives)) for w in words)
        return share * self.rows


@dataclass
class TokenStats:
    """What ANALYZE keeps of the index's tokens: over all rows (the ``tsv`` column, 0004) and
    over title and name rows alone (extended statistics, 0006). Read once per process and
    ``STATS_TTL_SECONDS``: reading the 10,000-element lists costs 3-5 ms, more than many whole
    searches."""

    all_rows: TokenShares
    titles: TokenShares
    read_at: float


_token_stats: dict[str, TokenStats] = {}


def token_stats() -> TokenStats:
    key = connection.settings_dict["NAME"]
    cached = _token_stats.get(key)
    now = time.monotonic()
    if cached is not None and now - cached.read_at < STATS_TTL_SECONDS:
        return cached
    table = SearchEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.most_common_elems::text::text[], s.most_common_elem_freqs, c.reltuples, "
            "t.most_common_elems::text::text[], t.most_common_elem_freqs, t.null_frac "
            "FROM pg_class c "
            "LEFT JOIN pg_stats s ON s.tablename = c.relname AND s.attname = 'tsv' "
            "LEFT JOIN pg_stats_ext_exprs t ON t.tablename = c.relname "
            "AND t.statistics_name = 'searchentry_title_tsv_stats' "
            "WHERE c.relname = %s",
            [table],
        )
        row = cursor.fetchone() or (None, None, 0.0, None, None, None)
    elems, freqs, tuples, title_elems, title_freqs, null_frac = row
    tuples = max(0.0, float(tuples or 0.0))  # -1 before the first ANALYZE

    def listed(elems, freqs) -> dict[str, float]:
        # The element list is followed by three summary numbers (min, max, null share).
        elems = elems or []
        return dict(zip(elems, (freqs or [])[: len(elems)], strict=True))

    stats = TokenStats(
        TokenShares(listed(elems, freqs), tuples),
        TokenShares(listed(title_elems, title_freqs), tuples * (1.0 - float(null_frac or 0.0))),
        now,
    )
    _token_stats[key] = stats
    return stats


def forget_token_stats() -> None:
    """Read the statistics again at the next plan choice (after an ANALYZE this process ran)."""
    _token_stats.clear()
