"""The date an article speaks from: explicit (front matter, --date) or a lower bound read from the text."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from .. import regexcache

MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        1,
    )
}
_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December)"
_DATES = (
    rf"\b(?:(?P<day>\d{{1,2}}) {_MONTH} (?P<year>(?:19|20)\d\d)"
    rf"|{_MONTH.replace('month', 'month2')} (?:(?P<day2>\d{{1,2}}), )?(?P<year2>(?:19|20)\d\d))\b"
)
MONTH_NAMES = tuple(m.capitalize() for m in MONTHS)


@cache
def _patterns():
    """The date pattern, and the month names every date contains (a cheap stdlib search)."""
    return regexcache.compile(_DATES), re.compile("|".join(MONTH_NAMES))


def _dates(text: str, months: list[int] | None = None):
    """``finditer`` of the date pattern, tried only where a month name is (``months``: their sorted start
    offsets, if known): a date starts at the month or at its day ("5 May", "15 May")."""
    pattern, month_names = _patterns()
    if months is None:
        months = [hit.start() for hit in month_names.finditer(text)]
    last = 0
    for q in months:
        for start in (q - 3, q - 2, q) if _after_day(text, q) else (q,):
            if start >= last and (m := pattern.match(text, start)):
                last = m.end()
                yield m
                break


def _after_day(text: str, q: int) -> bool:
    """Whether a day number can end right before the space before ``q``."""
    if q < 2 or text[q - 1] != " ":
        return False
    c = text[q - 2]
    return c.isdigit() or not c.isascii()  # ``\d`` is any decimal digit: leave non-ASCII to the pattern


@dataclass(frozen=True)
class ArticleDate:
    """``exact`` when the publication date is known; otherwise ``date`` is only a lower bound."""

    date: dt.date
    exact: bool


def article_date(doc, default: dt.date | None = None, month_starts=None) -> ArticleDate | None:
    """``month_starts()``, if given, returns the sorted offsets of the month names in the text."""
    if doc.meta.date:
        return ArticleDate(doc.meta.date, True)
    if default:
        return ArticleDate(default, True)
    bound = latest_mentioned_date(doc.text, months=month_starts() if month_starts else None)
    return ArticleDate(bound, False) if bound else None


def latest_mentioned_date(text: str, today: dt.date | None = None, months: list[int] | None = None) -> dt.date | None:
    """Latest full or month-year date the text mentions (not after today): the article is no older."""
    today = today or dt.date.today()
    best = None
    for m in _dates(text, months):
        month = MONTHS[(m.group("month") or m.group("month2")).lower()]
        year = int(m.group("year") or m.group("year2"))
        day = int(m.group("day") or m.group("day2") or 1)
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue
        if d <= today and (best is None or d > best):
            best = d
    return best
