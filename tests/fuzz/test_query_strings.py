"""10,000 generated query strings over every public GET route: no answer is a server error.

The routes come from the URLconf through the role matrix (``tests/roles/test_matrix.py``), which
also fills in their path arguments; hostile values go into the path arguments too. Values are
hostile: long strings, NUL and control characters, both Chinese scripts, full-width digits, huge
and negative numbers, reversed and malformed dates, repeated and unknown parameters, SQL and LIKE
metacharacters, markup, emoji, pinyin and percent-escapes that are not UTF-8.

Seeded: the seed is printed and given in the failure message; ``FUZZ_SEED=… pytest tests/fuzz``
replays a run.
"""

import os
import random
import re
import traceback
from collections import Counter
from urllib.parse import quote

from django.db import transaction
from django.test import Client

from minutes.filters import MeetingFilter
from search.forms import SearchForm
from tests.roles.test_matrix import PUBLIC_ROUTES, SPECS, archive, requests_for  # noqa: F401 (fixture)

REQUESTS = 10_000
SEED = int(os.environ.get("FUZZ_SEED", "20261204"))

# Every parameter a public page reads, from the forms themselves, and the pages' own.
KNOWN_PARAMS = sorted(
    set(MeetingFilter.base_filters) | set(SearchForm.base_fields) | {"page", "preview", "q", "sort"}
)
UNKNOWN_PARAMS = [
    "x",
    "q[]",
    "q.0",
    "__proto__",
    "page[]",
    "%00",
    "%FF",
    "名字",
    "ｑ",
    "Q",
    "q ",
    "utm_source",
]

LONG = ["會" * 201, "議" * 5000, "a" * 10_000, "a " * 3000, "%" * 1000, "9" * 400]
CONTROL = ["\x00", "a\x00b", "會\x00議", "\x01\x02\x1f\x7f", "\t\n\r", "\x0b\x0c", "\u0085\u2028\u2029"]
CHINESE = [
    "會議紀要",
    "会议纪要",
    "後勤保障部",
    "后勤保障部",
    "張國臣",
    "张国臣",
    "專屬詞彙",
    "發言",
    "发言",
    "祁",
]
FULL_WIDTH = ["２０２３", "２０２３－０７－１９", "２０２３年７月１９日", "７月１９號", "１２", "－１", "０"]
NUMBERS = [
    "0",
    "1",
    "2",
    "-1",
    "-0",
    "-2023",
    "99999999999999999999",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "1e308",
    "1e999",
    "inf",
    "nan",
    "0x10",
    "1.5",
    "01",
    "٣",
    "²",
    "2023",
    "1899",
    "2101",
    "13",
    "12",
]
DATES = [
    "2023-07-19",
    "2023-02-30",
    "2023-13-01",
    "2023-00-10",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "-2023-01-01",
    "2023/07/19",
    "19.07.2023",
    "2023-7-1",
    "2023年7月19日",
    "2023年13月",
    "2023年7月32日",
    "99999年1月",
    "7月19號",
    "0年0月0日",
    "二〇二三年七月十九日",
    "T",
    "2023-07-19T25:61:61",
]
METACHARACTERS = [
    "%",
    "_",
    "\\",
    "%_%",
    "\\%",
    "\\_",
    "'",
    '"',
    "' OR 1=1 --",
    "';--",
    ";",
    "*",
    "?",
    "[a-z]",
    "$1",
]
MARKUP = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7|add:7 }}",
    "{% debug %}",
    "&amp;&lt;",
    "<b>",
    "javascript:alert(1)",
]
EMOJI = ["😀", "👨‍👩‍👧", "🀄", "會議😀", "\U0010ffff", "\ufeff", "\u200b", "\u202e", "\u3000"]
PINYIN = ["zhang", "zhāng guó", "zgc", "zhangguochen", "lü", "nǚ", "ZHANG", "qny", "dou", "zh"]
CHOICES = ["work", "chaired", "spoke", "attended", "appointed", "directive", "name", "date", "-date"]
CHOICES += ["relevance", "meeting", "person", "unit", "on", "true", "false", "off", "yes", "no", "1", "0"]
# Percent-escapes that do not decode as UTF-8 (or decode to NUL or a surrogate), written raw.
BAD_ESCAPES = [
    "%FF",
    "%C3%28",
    "%E4%B8",
    "%ED%A0%80",
    "%F4%90%80%80",
    "%C0%80",
    "%00",
    "%",
    "%%",
    "%G1",
    "%E6%9C%83%FF",
]

FAMILIES = [
    LONG,
    CONTROL,
    CHINESE,
    FULL_WIDTH,
    NUMBERS,
    DATES,
    METACHARACTERS,
    MARKUP,
    EMOJI,
    PINYIN,
    CHOICES,
]
# Integers for <int:…> path arguments (the converter only lets digits through).
PATH_INTEGERS = [
    "0",
    "1",
    "00001",
    "9999",
    "10000",
    "99999999999999999999",
    "9223372036854775808",
    "2147483648",
]


def hostile_value(rng: random.Random, ids: list[str]) -> tuple[str, bool]:
    """A value and whether it is written raw into the query string (percent-escapes as they are)."""
    roll = rng.random()
    if roll < 0.08:
        return rng.choice(BAD_ESCAPES), True
    if roll < 0.14:
        return rng.choice(ids), False
    if roll < 0.2:  # a mixture of families
        return "".join(rng.choice(rng.choice(FAMILIES)) for _ in range(rng.randint(2, 4))), False
    return rng.choice(rng.choice(FAMILIES)), False


def encode(text: str, raw: bool) -> str:
    return text if raw else quote(text, safe="")


def hostile_query(rng: random.Random, ids: list[str]) -> str:
    """A query string of one to six parameters, known and unknown, some repeated."""
    pairs = []
    if rng.random() < 0.1:  # a reversed date range
        late, early = sorted(rng.sample(DATES[:3] + ["2024-01-01", "2020-05-05"], 2), reverse=True)
        pairs += [f"date_from={encode(late, False)}", f"date_to={encode(early, False)}"]
    for _ in range(rng.randint(1, 6)):
        if rng.random() < 0.85:
            name, raw_name = rng.choice(KNOWN_PARAMS), False
        elif rng.random() < 0.5:
            name, raw_name = rng.choice(UNKNOWN_PARAMS), True
        else:
            name, raw_name = hostile_value(rng, ids)
        value, raw = hostile_value(rng, ids)
        pair = f"{encode(name, raw_name)}={encode(value, raw)}"
        pairs += [pair] * (2 if rng.random() < 0.1 else 1)
        if rng.random() < 0.05:
            pairs.append(encode(name, raw_name))  # a name without "="
    rng.shuffle(pairs)
    return "&".join(pairs)


def path_variants(route, records) -> list[str]:
    """The matrix's paths for a route, plus its integer arguments filled with hostile numbers."""
    paths = [url for url, _, _ in requests_for(route, records)]
    if route.arguments:
        for number in PATH_INTEGERS:
            paths.append("/" + re.sub(r"<int:\w+>", number, route.pattern))
        if len(route.arguments) == 2:  # year and month
            paths += ["/archive/9999/12/", "/archive/1/1/", "/archive/2023/0/", "/archive/2023/13/"]
    return sorted(set(paths))


def test_hostile_query_strings_never_get_a_server_error(archive, editor):  # noqa: F811
    print(f"fuzz seed: {SEED} (replay with FUZZ_SEED={SEED})")
    rng = random.Random(SEED)
    routes = [route for route in PUBLIC_ROUTES if not SPECS[route.name].post_only]
    # Every route gets the same share of the requests, whatever its number of path variants.
    per_route = [path_variants(route, archive) for route in routes]
    ids = [str(obj.pk) for kind in ("meetings", "people", "units") for obj in archive[kind].values()]
    anonymous = Client(raise_request_exception=False)
    staff = Client(raise_request_exception=False)
    staff.force_login(editor)

    failures, statuses = [], Counter()
    for number in range(REQUESTS):
        variants = per_route[number % len(per_route)]
        path = variants[number // len(per_route) % len(variants)]
        url = f"{path}?{hostile_query(rng, ids)}"
        client = staff if rng.random() < 0.25 else anonymous
        # A failed statement aborts PostgreSQL's transaction (the test's): roll back to before it,
        # so one error is reported once instead of failing every request after it.
        savepoint = transaction.savepoint()
        response = client.get(url)
        statuses[response.status_code] += 1
        if response.status_code >= 500:
            transaction.savepoint_rollback(savepoint)
            error = "".join(traceback.format_exception(*response.exc_info)[-3:]) if response.exc_info else ""
            failures.append(f"{response.status_code} {url[:300]!r}\n{error}")
        else:
            transaction.savepoint_commit(savepoint)

    print(f"answers: {dict(sorted(statuses.items()))}")
    assert statuses.total() == REQUESTS
    # The values reach the pages: most requests are answered with a page, not all turned away.
    assert statuses[200] > REQUESTS // 2, statuses
    assert not failures, (
        f"{len(failures)} of {REQUESTS} requests got a server error (seed {SEED}); the first:\n"
        + "\n".join(failures[:10])
    )
