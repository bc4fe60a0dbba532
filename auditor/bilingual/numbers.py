"""Numbers and dates in Russian/Ukrainian source text and in English target text, as comparable values.

``6,5 тыс.`` = 6,500; ``25-30 тысяч`` = 25,000 and 30,000; ``1,2 млрд грн`` = 1.2e9; ``13 сентября`` =
the date 13 September. On the English side ``6,500``, ``6.5 thousand``, ``25,000-30,000``, ``$1.2 billion``
and ``September 13`` / ``13 September`` give the same values. Numbers written as words (``два``,
``two``) are *soft*: they can match a value but are never reported missing or extra.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import regex

from .. import regexcache

_SEP = r"[ \u00a0\u202f\u2009]"
_SRC_NUM = rf"(?<![\p{{N}}.,])(?:\d{{1,3}}(?:{_SEP}\d{{3}})+(?:,\d+)?|\d+(?:[.,]\d+)?)(?![\p{{N}}])"
_TGT_NUM = r"(?<![\p{N}.,])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\p{N}])"

_SRC_MULT = {
    "тыс": 1e3, "тис": 1e3, "тысяч": 1e3, "тисяч": 1e3,
    "млн": 1e6, "миллион": 1e6, "мільйон": 1e6, "милион": 1e6,
    "млрд": 1e9, "миллиард": 1e9, "мільярд": 1e9,
    "трлн": 1e12, "триллион": 1e12, "трильйон": 1e12,
}  # fmt: skip
_SRC_MULT_RE = r"(?P<mult>тыс(?:яч\p{L}*)?\.?|тис(?:яч\p{L}*)?\.?|млн\.?|милл?ион\p{L}*|мільйон\p{L}*|млрд\.?|миллиард\p{L}*|мільярд\p{L}*|трлн\.?|триллион\p{L}*|трильйон\p{L}*)(?!\p{L})"
_TGT_MULT = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mln": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}
_TGT_MULT_RE = r"(?P<mult>thousands?|millions?|billions?|trillions?|mln|bn|mn|k|m)(?![\p{L}\p{N}])"

MONTHS_SRC = {
    **dict.fromkeys(("января", "январь", "січня", "січень"), 1),
    **dict.fromkeys(("февраля", "февраль", "лютого", "лютий"), 2),
    **dict.fromkeys(("марта", "март", "березня", "березень"), 3),
    **dict.fromkeys(("апреля", "апрель", "квітня", "квітень"), 4),
    **dict.fromkeys(("мая", "май", "травня", "травень"), 5),
    **dict.fromkeys(("июня", "июнь", "червня", "червень"), 6),
    **dict.fromkeys(("июля", "июль", "липня", "липень"), 7),
    **dict.fromkeys(("августа", "август", "серпня", "серпень"), 8),
    **dict.fromkeys(("сентября", "сентябрь", "вересня", "вересень"), 9),
    **dict.fromkeys(("октября", "октябрь", "жовтня", "жовтень"), 10),
    **dict.fromkeys(("ноября", "ноябрь", "листопада", "листопад"), 11),
    **dict.fromkeys(("декабря", "декабрь", "грудня", "грудень"), 12),
}
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
_EN_MONTH = {m.lower(): i + 1 for i, m in enumerate(MONTHS_EN)}
_EN_MONTH.update({m.lower()[:3]: i + 1 for i, m in enumerate(MONTHS_EN) if m != "May"})
_EN_MONTH["sept"] = 9
_EN_MONTH_RE = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"

_SRC_DATE = rf"(?<![\p{{N}}])(?P<day>\d{{1,2}})(?:-?(?:го|е|ого))?\s+(?P<month>{'|'.join(MONTHS_SRC)})(?!\p{{L}})"
_TGT_DATE = (
    rf"(?:(?<![\p{{L}}]){_EN_MONTH_RE}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?![\p{{N}}])"
    rf"|(?<![\p{{N}}])(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month2>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?(?!\p{{L}}))"
)
_SRC_NUMBER = rf"(?P<num>{_SRC_NUM})(?:-\p{{L}}{{1,12}})?(?:\s*(?:%|відсот\p{{L}}*|процент\p{{L}}*))?(?:\s*{_SRC_MULT_RE})?"
_TGT_NUMBER = rf"(?P<num>{_TGT_NUM})(?:st|nd|rd|th|-\p{{L}}+)?(?:\s*%)?(?:\s*{_TGT_MULT_RE})?"
_SRC_RANGE = r"\s*(?:[-–—]|до|або|или|чи|і|и|та)\s*$"
_TGT_RANGE = r"\s*(?:[-–—]|to|or|and)\s*$"

_SRC_WORDS = {
    1: "один одна одно одного одну одним одній одної однієї", 2: "два две двух двум двумя двома двох дві двоє двое",
    3: "три трех трёх трьох троє трое", 4: "четыре четырех четырёх чотири чотирьох", 5: "пять пяти п'ять п’ять п'яти п’яти",
    6: "шесть шести шість", 7: "семь семи сім", 8: "восемь восьми вісім", 9: "девять девяти дев'ять дев’ять дев'яти",
    10: "десять десяти", 100: "сто", 12: "дюжина",
}  # fmt: skip
_SRC_WORD = {w: v for v, ws in _SRC_WORDS.items() for w in ws.split()}
_EN_WORDS = {
    w: i
    for i, w in enumerate(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]
    )
}
_EN_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90})
_EN_WORDS.update({"hundred": 100, "dozen": 12, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5})
_WORD_RE = r"(?<![\p{L}'’])[\p{L}'’]+(?![\p{L}'’])"


@cache
def _patterns(source: bool) -> tuple[regex.Pattern, ...]:
    """(date, number, range, word) patterns of one side, compiled on first use to keep the import cheap."""
    word = regexcache.compile(_WORD_RE)
    if source:
        return (
            regexcache.compile(_SRC_DATE, regex.I),
            regexcache.compile(_SRC_NUMBER, regex.I),
            regexcache.compile(_SRC_RANGE),
            word,
        )
    return (
        regexcache.compile(_TGT_DATE),
        regexcache.compile(_TGT_NUMBER, regex.I),
        regexcache.compile(_TGT_RANGE, regex.I),
        word,
    )


@dataclass(frozen=True, slots=True)
class Value:
    """A number (``kind="num"``, ``value`` a float) or a day date (``kind="date"``, ``value`` (month, day))."""

    kind: str
    value: float | tuple[int, int]
    start: int
    end: int
    text: str
    soft: bool = False  # written as a word: may match, never reported

    def same(self, other: Value) -> bool:
        if self.kind != other.kind:
            return False
        if self.kind == "date":
            return self.value == other.value
        a, b = float(self.value), float(other.value)
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)

    def english(self) -> str:
        """How English news writes this value."""
        if self.kind == "date":
            month, day = self.value
            return f"{MONTHS_EN[month - 1]} {day}"
        return format_english(float(self.value))


def format_english(v: float) -> str:
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(v) >= size:
            q = v / size
            return f"{_trim(q)} {word}"
    if v == int(v):
        return f"{int(v):,}"
    return _trim(v)


def _trim(v: float) -> str:
    return f"{v:.3f}".rstrip("0").rstrip(".")


def _src_float(text: str) -> float:
    return float(regex.sub(_SEP, "", text).replace(",", "."))


def _tgt_float(text: str) -> float:
    return float(text.replace(",", ""))


def _mult(word: str | None, table: dict[str, float]) -> float:
    if not word:
        return 1.0
    w = word.lower().rstrip(".")
    for key in sorted(table, key=len, reverse=True):
        if w.startswith(key) and (len(key) > 2 or w == key):
            return table[key]
    return 1.0


def source_values(text: str, start: int = 0, end: int | None = None) -> list[Value]:
    """Values in Russian/Ukrainian text between ``start`` and ``end`` (offsets into ``text``)."""
    return _values(text, start, len(text) if end is None else end, source=True)


def target_values(text: str, start: int = 0, end: int | None = None) -> list[Value]:
    """Values in English text between ``start`` and ``end``."""
    return _values(text, start, len(text) if end is None else end, source=False)


def _values(text: str, start: int, end: int, *, source: bool) -> list[Value]:
    out: list[Value] = []
    taken: list[tuple[int, int]] = []
    date_re, num_re, range_re, word_re = _patterns(source)
    for m in date_re.finditer(text, start, end):
        if source:
            day, month = int(m.group("day")), MONTHS_SRC[m.group("month").lower()]
        else:
            day = int(m.group("day") or m.group("day2"))
            month = _EN_MONTH[(m.group("month") or m.group("month2")).lower().rstrip(".")]
        if 1 <= day <= 31:
            out.append(Value("date", (month, day), m.start(), m.end(), m.group()))
            taken.append((m.start(), m.end()))
    nums: list[tuple[regex.Match, float, float]] = []
    for m in num_re.finditer(text, start, end):
        if any(a <= m.start() < b for a, b in taken):
            continue
        base = _src_float(m.group("num")) if source else _tgt_float(m.group("num"))
        mult_word = m.group("mult")
        if not source and mult_word and mult_word.lower() in ("m", "k") and not _after_currency(text, m.start()):
            base_mult = 1.0  # "5 m" is five metres unless money
        else:
            base_mult = _mult(mult_word, _SRC_MULT if source else _TGT_MULT)
        nums.append((m, base, base_mult))
    # A multiplier after a range applies to both ends: "25-30 тысяч", "25 to 30 million".
    mults = [n[2] for n in nums]
    for i in range(len(nums) - 2, -1, -1):
        m, _, mult = nums[i]
        nxt = nums[i + 1][0]
        if mult == 1.0 and mults[i + 1] != 1.0 and range_re.search(text[m.end() : nxt.start()]) and nxt.start() - m.end() <= 6:
            mults[i] = mults[i + 1]
    for (m, base, _), mult in zip(nums, mults, strict=True):
        out.append(Value("num", base * mult, m.start(), m.end(), m.group()))
    words = _SRC_WORD if source else _EN_WORDS
    for m in word_re.finditer(text, start, end):
        v = words.get(m.group().lower())
        if v is not None:
            out.append(Value("num", float(v), m.start(), m.end(), m.group(), soft=True))
    out.sort(key=lambda v: v.start)
    return out


def _after_currency(text: str, pos: int) -> bool:
    return bool(regex.search(r"[$€£₴]\s*$|(?:USD|EUR|UAH)\s*$", text[max(0, pos - 5) : pos]))


def match(src: list[Value], tgt: list[Value]) -> tuple[list[Value], list[Value]]:
    """Pair equal values; return (unmatched source values, unmatched target values)."""
    left = list(tgt)
    missing: list[Value] = []
    for hard_first in (True, False):
        for s in [v for v in src if (not v.soft) == hard_first]:
            # Prefer a hard target value; a word ("two") may stand for a digit.
            pick = next((t for t in left if not t.soft and s.same(t)), None) or next((t for t in left if s.same(t)), None)
            if pick is not None:
                left.remove(pick)
            else:
                missing.append(s)
    return missing, left
