"""The date an article speaks from: explicit (front matter, --date) or a lower bound read from the text."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import regex

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
_DATES = regex.compile(
    rf"\b(?:(?P<day>\d{{1,2}}) {_MONTH} (?P<year>(?:19|20)\d\d)"
    rf"|{_MONTH.replace('month', 'month2')} (?:(?P<day2>\d{{1,2}}), )?(?P<year2>(?:19|20)\d\d))\b"
)


@dataclass(frozen=True)
class ArticleDate:
    """``exact`` when the publication date is known; otherwise ``date`` is only a lower bound."""

    date: dt.date
    exact: bool


def article_date(doc, default: dt.date | None = None) -> ArticleDate | None:
    if doc.meta.date:
        return ArticleDate(doc.meta.date, True)
    if default:
        return ArticleDate(default, True)
    bound = latest_mentioned_date(doc.text)
    return ArticleDate(bound, False) if bound else None


def latest_mentioned_date(text: str, today: dt.date | None = None) -> dt.date | None:
    """Latest full or month-year date the text mentions (not after today): the article is no older."""
    today = today or dt.date.today()
    best = None
    for m in _DATES.finditer(text):
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
