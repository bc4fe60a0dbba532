"""Number, date and unit formats that ru/uk→en machine translation carries over from the source."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from functools import cache

import regex

from .. import regexcache
from ..document import Document
from ..findings import Finding, Severity
from .base import Detector, RuleInfo

SCALES = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12}
_ABBREV_SCALE = {"ths": 3, "thous": 3, "thsd": 3, "tys": 3, "mln": 6, "mn": 6, "bln": 9, "mlrd": 9, "bn": 9, "trln": 12}
_ABBREV_WORD = {3: "thousand", 6: "million", 9: "billion", 12: "trillion"}
_GROUP_SEP = " \u00a0\u202f\u2009"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
DATE_STYLES = ("mdy", "dmy")

_NUM = r"\d+(?:[.,]\d+)?"
_RANGE_DASH = r"[ \t]?[-–][ \t]?"
_UNITS = (
    r"%|per[ ]?cent|percent|percentage[ ]points?|times|degrees?|°|points?|km|kilomet(?:er|re)s?|kg|kilograms?|tons?|tonnes?|"
    r"met(?:er|re)s?|m|cm|mm|hectares?|ha|hours?|minutes?|years?|months?|days?|hryvnias?|hryvnas?|UAH|rubles?|roubles?|"
    r"dollars?|euros?|USD|EUR|RUB|liters?|litres?|GW|MW|kW|bcm|cubic"
)

_SCAN = (
    rf"""
    (?=[\d+Ff])
    (?:(?P<from>\b[Ff]rom[ \t](?P<fa>{_NUM}){_RANGE_DASH}(?P<fb>{_NUM})\b(?![-–.,]?\d)
        (?:[ \t](?P<fscale>thousand|million|billion)\b(?!s))?(?![ \t]+(?:down|up|deficit|lead|win|victory|defeat|loss)\b))
  | (?P<hyb>(?<![\d.,])(?P<ha>\d{{1,3}}\.\d{{1,2}})(?P<hz>(?:,000)+)(?![\d,.]\d))
  | (?P<tmix>(?<![\d.,])(?P<ma>\d{{1,3}})[ \t\u00a0]+thousand[ \t\u00a0]+(?:(?P<mc1>UAH|hryvnias?|rubles?|roubles?)[ \t\u00a0]+)?(?P<mb>\d{{3}})\b(?![.,]\d)(?:[ \t\u00a0]+(?P<mc2>UAH|hryvnias?|rubles?|roubles?)\b)?)
  | (?P<thou>(?<![\d.,])(?P<ta>{_NUM})(?:{_RANGE_DASH}(?P<tb>{_NUM}))?[ \t\u00a0]+thousand\b(?!s))
  | (?P<dscale>(?<![\d.,])(?P<da>\d+,\d{{1,2}})[ \t\u00a0]+(?P<dsw>million|billion|trillion)\b)
  | (?P<abbr>(?<![\d.,])(?P<aa>{_NUM})[ \t\u00a0]?(?P<aw>ths|thous|thsd|tys|mln|mlrd|bln|trln)(?:\.|\b))
  | (?P<cur>(?<![\d.,])(?P<ca>\d{{1,3}}(?:[,\u00a0 ]\d{{3}})+(?:\.\d+)?|\d+(?:[.,]\d+)?)(?:[ \t\u00a0](?P<cs>million|billion))?[ \t\u00a0]?(?:(?P<cw>UAH)\b|(?P<cw>hrn|grn|hryv|rub)(?:\.|\b))(?![ \t]?\d))
  | (?P<dec>(?<![\d.,])(?P<dn>\d+),(?P<dd>\d{{1,2}}|\d{{4,}})(?![\d.,]*\d)(?=[ \t\u00a0]?(?:{_UNITS})\b|[ \t\u00a0]?[%°])
      | (?<![\d.,]|(?i:articles?|points?|items?|paragraphs?|pages?|parts?|clauses?|nos?\.?)[ \t])(?P<dn>[1-9]\d{{1,2}}),(?P<dd>\d)
        (?![\d.,]*\d|[ \t]*(?:and|or|&)[ \t]*\d))
  | (?P<date>(?<![\d.,/:]|\b[Vv](?:ersion|er\.?)?[ \t]?)(?P<dy>\d{{1,2}})\.(?P<dm>\d\d)\.(?P<dyr>(?:19|20)\d\d)(?![\d.]\d|\.\d))
  | (?P<grp>(?<![\d.,:/\-–\p{{L}}]|\d[ \t\u00a0])(?P<ga>\d{{1,3}})(?P<gr>(?:[\u00a0\u202f\u2009 ]\d{{3}})+)(?![\d.,:/\-–]\d|\d|[ \t\u00a0]\d))
  | (?P<temp>(?<![\w\-–+])\+(?P<tv>\d+(?:[.,]\d)?)(?:(?:[ \t]?(?:\.\.\.?|…|–|-)[ \t]?|[ \t])\+(?P<tv2>\d+(?:[.,]\d)?))?(?=[ \t\u00a0]?°|[ \t]degrees?\b))
  | (?P<clock>(?<![\d.,:/])(?P<kh>[01]\d|2[0-3])\.(?P<km>[0-5]\d)(?![.,]?\d|[ \t\u00a0]?(?:{_UNITS}|million|billion|thousand|UTC|GMT|[A-Z][A-Z]?[SD]T)\b|[ \t\u00a0]?[%°$€₴₽])))
    """
)
_PCT = r"(?<=\d)[ \t\u00a0]+%"
_NEGATIVE_TEMP = r"(?:^|[\s(])(?:-|−|–|minus[ \t])\d|\bbelow (?:zero|freezing)\b|\bfrosts?\b"
_GROUP_BLOCKERS = (
    r"(?:\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\p{L}*\.?|\b(?:No|Nos|Article|Art|Flight|Resolution|"
    r"Route|Unit|Brigade|Regiment|Battalion|Division|number|page|pp?)\.?|\d)[ \t\u00a0]*$"
)


class _Rx:
    """Compiled patterns, built on first use to keep the import cheap."""

    def __init__(self) -> None:
        self.scan = regexcache.compile(_SCAN, regex.X)
        self.pct = regexcache.compile(_PCT)
        self.negative_temp = regexcache.compile(_NEGATIVE_TEMP, regex.I)
        self.group_blockers = regexcache.compile(_GROUP_BLOCKERS)
        # A digit run (no digit before it) followed by what every digit-led alternative of ``scan`` needs next.
        self.number_start = regexcache.compile(
            r"(?<!\d)(?>\d+)(?=[.,]\d|[\u00a0\u202f\u2009 ]\d|[ \t]?[-–][ \t]?\d"
            r"|[ \t\u00a0]*+(?:thous|ths|tys|mln|mlrd|bln|trln|UAH|hrn|grn|hryv|rub)"
            r"|[ \t\u00a0](?:million|billion)[ \t\u00a0]?(?:UAH|hrn|grn|hryv|rub))"
        )
        self.spaces_before = regexcache.compile(r"[ \t\u00a0]*", regex.REVERSE)
        self.rate = regexcache.compile(r"(?:/|[ \t]per[ \t](?:one[ \t]|1[ \t])?(?:US[ \t])?)(?:dollar|euro|USD|EUR|\$|€)", regex.I)


@cache
def _rx() -> _Rx:
    return _Rx()


def parse_number(text: str) -> Decimal:
    """Parse a number written in Russian/Ukrainian style or English style.

    Spaces (also no-break and thin spaces) group thousands; a comma followed by exactly three
    digits groups thousands, any other comma is a decimal separator; a period is a decimal point.
    """
    s = text.strip()
    for ch in _GROUP_SEP:
        s = s.replace(ch, "")
    if not s or not regex.fullmatch(r"\d+(?:[.,]\d+)*", s):
        raise ValueError(f"not a number: {text!r}")
    parts = s.split(",")
    if len(parts) > 1 and all(len(p) == 3 for p in parts[1:-1]) and len(parts[-1].split(".")[0]) == 3:
        s = "".join(parts)  # English thousands separators
    elif len(parts) == 2 and "." not in s:
        s = parts[0] + "." + parts[1]  # decimal comma
    elif len(parts) > 1:
        raise ValueError(f"ambiguous number: {text!r}")
    if s.count(".") > 1:
        raise ValueError(f"ambiguous number: {text!r}")
    try:
        return Decimal(s)
    except InvalidOperation:
        raise ValueError(f"not a number: {text!r}") from None


def format_number(value: Decimal, keep_zeros: bool = False) -> str:
    """English news format: comma thousands separators, decimal point, no trailing zeros (unless
    ``keep_zeros``: an amount or a rate keeps the decimals written, 41.10)."""
    value = Decimal(value)
    if value == value.to_integral_value() and (not keep_zeros or value.as_tuple().exponent >= 0):
        return f"{int(value):,}"
    text = format(value if keep_zeros else value.normalize(), "f")
    whole, frac = text.split(".")
    return f"{int(whole):,}.{frac}"


def scaled(mantissa: str, power: int) -> str:
    return format_number(parse_number(mantissa).scaleb(power))


def format_date(day: int, month: int, year: int, style: str = "mdy") -> str:
    name = MONTHS[month - 1]
    return f"{day} {name} {year}" if style == "dmy" else f"{name} {day}, {year}"


class NumbersDetector(Detector):
    """Hybrid numbers, ``N thousand``, decimal commas, ``mln``/``ths.``, dd.mm.yyyy dates and more."""

    name = "numbers"
    rules = {
        "numbers.hybrid": RuleInfo(
            message="Hybrid of Russian and English number formats: the value is unreadable as printed",
            category="locale-convention",
            severity=Severity.MAJOR,
            description=(
                "Machine translation turns '6,5 тыс.' into '6.5,000' and '1,5 млн' into '1,5 million'. "
                "The suggestion is the value computed from the number. '1,500 million' and '6,500' are not flagged."
            ),
            examples={
                "flag": [
                    {"text": "After the war, 6.5,000 people died.", "suggestion": "6,500"},
                    {"text": "The city has 1,5 million residents.", "suggestion": "1.5 million"},
                    "Losses reached 2.25,000,000 hryvnias.",
                ],
                "pass": [
                    "After the war, 6,500 people died.",
                    "The city has 1.5 million residents.",
                    "The budget is 1,500 million euros.",
                    "Version 6.5 was released in 2,000 copies.",
                ],
            },
        ),
        "numbers.thousand": RuleInfo(
            message="English news writes thousands in figures, not 'N thousand'",
            category="locale-convention",
            severity=Severity.MINOR,
            description=(
                "Russian 'тыс.' after a figure ('25-30 тыс. человек') is rendered 'N thousand'; English news "
                "prints 25,000-30,000. Words ('thousands of people', 'tens of thousands', 'a thousand') and "
                "'1.5 million' are not flagged."
            ),
            examples={
                "flag": [
                    {"text": "Up to 25-30 thousand people died on both sides.", "suggestion": "25,000-30,000"},
                    {"text": "The fine is 5 thousand hryvnias.", "suggestion": "5,000"},
                    {"text": "About 6,5 thousand troops took part.", "suggestion": "6,500"},
                    "He was paid UAH 5 thousand.",
                    {"text": "The average salary was 19 thousand UAH 324.", "suggestion": "UAH 19,324"},
                    {"text": "The pension is 14 thousand 414 roubles.", "suggestion": "14,414 rubles"},
                ],
                "pass": [
                    "Up to 25,000-30,000 people died on both sides.",
                    "Tens of thousands of people fled.",
                    "Thousands of people protested.",
                    "About 1.5 million people left the region.",
                    "A thousand volunteers signed up.",
                ],
            },
        ),
        "numbers.abbreviation": RuleInfo(
            message="Russian unit abbreviation ('тыс.', 'млн', 'млрд') left in English: spell it out",
            category="locale-convention",
            severity=Severity.MINOR,
            description="'ths.', 'thous.', 'mln', 'bln', 'mlrd' are transliterated Russian abbreviations. "
            "'bn' and 'mn' (British financial style) are not flagged.",
            examples={
                "flag": [
                    {"text": "The damage is estimated at 3,5 mln hryvnias.", "suggestion": "3.5 million"},
                    {"text": "The bank lost 12 bln rubles.", "suggestion": "12 billion"},
                    {"text": "Some 15 ths. people attended.", "suggestion": "15,000"},
                ],
                "pass": [
                    "The damage is estimated at 3.5 million hryvnias.",
                    "The fund raised $2bn last year.",
                    "The bank lost 12 billion rubles.",
                ],
            },
        ),
        "numbers.decimal-comma": RuleInfo(
            message="Decimal comma: English uses a decimal point",
            category="locale-convention",
            severity=Severity.MAJOR,
            description="'3,5%' and '0,5 km' use the Russian decimal comma. A comma followed by exactly three digits "
            "('1,500 km') is an English thousands separator and is not flagged.",
            examples={
                "flag": [
                    {"text": "Inflation slowed to 3,5% in May.", "suggestion": "3.5"},
                    {"text": "The column stretched for 0,5 km.", "suggestion": "0.5"},
                    {"text": "The incidence was 873,5 per 100,000 people.", "suggestion": "873.5"},
                ],
                "pass": [
                    "Inflation slowed to 3.5% in May.",
                    "The column stretched for 1,500 km.",
                    "Articles 3,4 and 5 were amended.",
                    "The score was 2,3 and 4 in the three rounds.",
                    "Articles 12,4 and 15 were amended.",
                    "Villages 14,5 and 16 km from the border were shelled.",
                ],
            },
        ),
        "numbers.date-order": RuleInfo(
            message="Russian date format dd.mm.yyyy in English prose: write the month as a word",
            category="locale-convention",
            severity=Severity.MINOR,
            description="'13.09.2022' is read differently by American and British readers; news style names the "
            "month. The suggestion follows the house date style (default 'September 13, 2022'; option "
            "date_style='dmy' gives '13 September 2022').",
            examples={
                "flag": [
                    {"text": "The decree was signed on 13.09.2022 in Kyiv.", "suggestion": "September 13, 2022"},
                    "The law took effect on 01.03.2023.",
                ],
                "pass": [
                    "The decree was signed on September 13, 2022, in Kyiv.",
                    "The decree was signed on 13 September 2022.",
                    "Version 10.2.2022 of the app was released.",
                    "The vote share was 13.09 percent.",
                ],
            },
        ),
        "numbers.percent-space": RuleInfo(
            message="No space between a number and '%' in English",
            category="locale-convention",
            severity=Severity.MINOR,
            description="Russian typography puts a space before '%'; English news does not.",
            examples={
                "flag": [{"text": "Turnout was 50 % on Sunday.", "suggestion": "%"}, "Prices rose by 7,5 %."],
                "pass": ["Turnout was 50% on Sunday.", "Turnout was 50 percent.", "Prices rose 3.5%-4% a year."],
            },
        ),
        "numbers.digit-grouping": RuleInfo(
            message="Thousands grouped with spaces (Russian style): English uses commas",
            category="locale-convention",
            severity=Severity.MINOR,
            description="'12 500 people' or '1 000 000' with (no-break) spaces between digit groups. Years and "
            "unrelated adjacent numbers ('in 2022 100 people') are not flagged.",
            examples={
                "flag": [
                    {"text": "Some 12 500 people were evacuated.", "suggestion": "12,500"},
                    "The fund holds 1\u00a0000\u00a0000 euros.",
                ],
                "pass": [
                    "Some 12,500 people were evacuated.",
                    "In 2022 100 people were evacuated.",
                    "The score was 6 4, 6 3.",
                    "On May 5 200 people gathered.",
                    "The US sent M777 155 mm howitzers.",
                ],
            },
        ),
        "numbers.clock": RuleInfo(
            message="Time of day written with a full stop (Russian style): English uses a colon",
            category="locale-convention",
            severity=Severity.MINOR,
            description="'from 06.00 to 07.35', 'at 14.30 Moscow time' (в 14.30). A figure with a leading zero is "
            "taken as a time; 10.00 to 23.59 only after 'at', 'after', 'before', 'until' or 'since', or before "
            "'a.m.', 'hours' or 'local time'. Amounts with a unit are not times, nor a page's time stamp with a "
            "zone ('02.01 EDT'). British house styles write '8.30am': turn the rule off there.",
            examples={
                "flag": [
                    {"text": "From 06.00 to 07.35 the city was quiet.", "suggestion": "06:00"},
                    "The sirens sounded at 14.30 local time.",
                    "After 00.00 the shelling resumed.",
                ],
                "pass": [
                    "The index rose to 15.45 on Monday.",
                    "The rate was set at 41.25 hryvnias per dollar.",
                    "Shares fell from 18.20 to 17.90.",
                    "At 10:30 the talks began.",
                    "First published on Sun 28 May 2023 02.01 EDT",
                ],
            },
        ),
        "numbers.currency": RuleInfo(
            message="Currency abbreviation in Russian/Ukrainian position or spelling",
            category="locale-convention",
            severity=Severity.MINOR,
            description="'5,000 UAH', '5 grn.' and '300 rub.' follow the source order and abbreviations; English news "
            "writes 'UAH 5,000' or '5,000 hryvnias' and '300 rubles'. An exchange rate keeps its order ('29.3 UAH "
            "per dollar', '41.24-41.26 UAH/dollar').",
            examples={
                "flag": [
                    {"text": "The fine is 5,000 UAH for drivers.", "suggestion": "UAH 5,000"},
                    {"text": "Funds in the amount of 29 million UAH were seized.", "suggestion": "UAH 29 million"},
                    {"text": "A loaf costs 40 rub. now.", "suggestion": "40 rubles"},
                    {"text": "Pensions rose to 3 200 grn. a month.", "suggestion": "3,200 hryvnias"},
                    {"text": "The average price is 43.30 UAH.", "suggestion": "UAH 43.30"},
                    {"text": "A loaf costs 40 rub. Bread is dearer.", "suggestion": "40 rubles."},
                ],
                "pass": [
                    "The fine is UAH 5,000 for drivers.",
                    "The fine is 5,000 hryvnias ($135).",
                    "A loaf costs 40 rubles now.",
                    "The dollar traded at 41.24-41.26 UAH/dollar.",
                    "The budget assumes 29.3 UAH per dollar in 2018.",
                ],
            },
        ),
        "numbers.plus-temperature": RuleInfo(
            message="A plus sign before a temperature above zero is Russian style: drop it",
            category="locale-convention",
            severity=Severity.MINOR,
            description="'+5 degrees' (плюс пять) is written '5 degrees' in English, and a range '+4 +10 degrees' or "
            "'+4...+10°' is '4-10 degrees'. A plus sign is kept when the same sentence has temperatures below zero.",
            examples={
                "flag": [
                    {"text": "On Monday it will be +5 degrees in Kyiv.", "suggestion": "5"},
                    "Up to +30°C is expected.",
                    {"text": "During the day the air will warm up to +4 +10 degrees.", "suggestion": "4-10"},
                    {"text": "In the south it will be +12...+17°C.", "suggestion": "12-17"},
                ],
                "pass": [
                    "On Monday it will be 5 degrees in Kyiv.",
                    "Temperatures will range from -5 to +5 degrees.",
                    "The index rose +5 points.",
                ],
            },
        ),
        "numbers.from-range": RuleInfo(
            message="'from N-M' mixes two range styles: write 'from N to M'",
            category="locale-convention",
            severity=Severity.MINOR,
            description="Russian 'от 25 до 30' / 'с 25-30' becomes 'from 25-30'; English writes 'from 25 to 30' "
            "(or '25-30' without 'from'). Scores ('came back from 2-0 down') are not flagged.",
            examples={
                "flag": [
                    {"text": "Sentences range from 5-10 years.", "suggestion": "from 5 to 10"},
                    {"text": "Crowds grew from 25-30 thousand people.", "suggestion": "from 25,000 to 30,000"},
                ],
                "pass": [
                    "Sentences range from 5 to 10 years.",
                    "Sentences range between 5-10 years.",
                    "They came back from 2-0 down to win.",
                    "Data from 2014-2015 were used.",
                ],
            },
        ),
    }

    def __init__(self, options=None) -> None:
        super().__init__(options)
        style = getattr(options, "date_style", None) or (getattr(options, "detector_options", None) or {}).get("date_style")
        self.date_style = style if style in DATE_STYLES else "mdy"

    def find(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for m in _scan(text):
            kind = m.lastgroup
            f = getattr(self, "_" + kind)(doc, m)
            if f is not None:
                yield f
        if "%" in text:
            for m in _percent_spaces(text):
                yield self._pct(doc, m)

    # -- one handler per alternative ------------------------------------------------------
    def _from(self, doc, m):
        a, b, scale = m["fa"], m["fb"], m["fscale"]
        if _looks_like_years(a, b) and not scale:
            return None
        if scale == "thousand":
            new = f"from {scaled(a, 3)} to {scaled(b, 3)}"
        elif scale:
            new = f"from {format_number(parse_number(a))} to {format_number(parse_number(b))} {scale}"
        else:
            new = f"from {a} to {b}"
        return self.finding("numbers.from-range", doc, m.start(), m.end(), [new])

    def _clock(self, doc, m):
        """'at 07.35', 'from 06.00' (в 07.35): a time of day with a full stop. A number with a leading zero is a
        time; 10.00 to 23.59 only after at/after/before/until/since or before a time word."""
        text = doc.text
        hour = m["kh"]
        if hour[0] != "0":
            before = text[max(0, m.start() - 8) : m.start()].split()
            after = text[m.end() : m.end() + 14].lower()
            if not (before and before[-1].lower() in _CLOCK_BEFORE) and not after.startswith(_CLOCK_AFTER):
                return None
        return self.finding("numbers.clock", doc, m.start(), m.end(), [f"{hour}:{m['km']}"])

    def _hyb(self, doc, m):
        power = 3 * (len(m["hz"]) // 4)
        return self.finding("numbers.hybrid", doc, m.start(), m.end(), [scaled(m["ha"], power)])

    def _tmix(self, doc, m):
        """'19 thousand UAH 324', '14 thousand 414 roubles' (19 тыс. 324 грн): one amount in two parts."""
        value = format_number(int(m["ma"]) * 1000 + int(m["mb"]))
        unit = (m["mc1"] or m["mc2"] or "").lower()
        if unit == "uah":
            new = f"UAH {value}"
        elif unit:
            new = f"{value} {'hryvnias' if unit.startswith('hryvn') else 'rubles'}"
        else:
            new = value
        return self.finding("numbers.thousand", doc, m.start(), m.end(), [new])

    def _thou(self, doc, m):
        a, b = m["ta"], m["tb"]
        start = m.start()
        end = m.end()
        if b:
            dash = "-" if "–" not in m.group("thou") else "–"
            return self.finding("numbers.thousand", doc, start, end, [f"{scaled(a, 3)}{dash}{scaled(b, 3)}"])
        return self.finding("numbers.thousand", doc, start, end, [scaled(a, 3)])

    def _dscale(self, doc, m):
        return self.finding("numbers.hybrid", doc, m.start(), m.end(), [f"{m['da'].replace(',', '.')} {m['dsw']}"])

    def _abbr(self, doc, m):
        power = _ABBREV_SCALE[m["aw"]]
        a = m["aa"]
        new = scaled(a, 3) if power == 3 else f"{format_number(parse_number(a))} {_ABBREV_WORD[power]}"
        return self.finding("numbers.abbreviation", doc, m.start(), m.end(), [new])

    def _dec(self, doc, m):
        return self.finding("numbers.decimal-comma", doc, m.start(), m.end(), [f"{m['dn']}.{m['dd']}"])

    def _date(self, doc, m):
        day, month, year = int(m["dy"]), int(m["dm"]), int(m["dyr"])
        try:
            dt.date(year, month, day)
        except ValueError:
            return None
        return self.finding("numbers.date-order", doc, m.start(), m.end(), [format_date(day, month, year, self.date_style)])

    def _pct(self, doc, m):
        return self.finding("numbers.percent-space", doc, m.start(), m.end(), ["%"])

    def _grp(self, doc, m):
        if _rx().group_blockers.search(doc.text, max(0, m.start() - 16), m.start()):
            return None  # "May 5 200 people", "No. 3 500": two numbers side by side
        value = parse_number(m[0])
        return self.finding("numbers.digit-grouping", doc, m.start(), m.end(), [format_number(value)])

    def _cur(self, doc, m):
        raw, word = m["ca"], m["cw"]
        text = doc.text
        if _rx().rate.match(text, m.end()) or (m.start() > 1 and text[m.start() - 1] in "-–" and text[m.start() - 2].isdigit()):
            return None  # an exchange rate or a range of them ('41.24-41.26 UAH/dollar'): the quote's own order
        try:
            value = format_number(parse_number(raw), keep_zeros=True)
        except ValueError:
            return None
        if m["cs"]:
            value = f"{value} {m['cs']}"
        if word == "UAH":
            new = f"UAH {value}"
        elif word == "rub":
            if not m[0].endswith("."):
                return None
            new = f"{value} rubles"
        else:
            new = f"{value} hryvnias"
        if m[0].endswith(".") and word != "UAH" and _sentence_ends_after(text, m.end()):
            new += "."  # 'costs 40 rub.' at the end of a sentence: the period ends the sentence too
        return self.finding("numbers.currency", doc, m.start(), m.end(), [new])

    def _temp(self, doc, m):
        sent = doc.sentence_at(m.start())
        lo, hi = (sent.start, sent.end) if sent else (max(0, m.start() - 200), m.end() + 200)
        if _rx().negative_temp.search(doc.text, lo, hi):
            return None
        new = f"{m['tv']}-{m['tv2']}" if m["tv2"] else m["tv"]  # '+4 +10 degrees' → '4-10 degrees'
        return self.finding("numbers.plus-temperature", doc, m.start(), m.end(), [new])


def _sentence_ends_after(text: str, pos: int) -> bool:
    """Whether ``text`` ends at ``pos`` or goes on with a line break or a space and a capital."""
    rest = text[pos : pos + 3]
    return not rest or rest[0] == "\n" or (rest[0] == " " and rest[1:2].isupper())


_CLOCK_BEFORE = frozenset(["at", "after", "before", "until", "till", "since"])
_CLOCK_AFTER = (" a.m.", " p.m.", " am", " pm", " hours", " local time", " moscow time", " kyiv time", " kiev time", " o'clock")


def _scan(text: str) -> Iterator[regex.Match]:
    """``scan.finditer(text)``, tried only where a match can start: a digit run, a '+', a 'from '."""
    scan = _rx().scan
    end = 0
    for p in _scan_starts(text):
        if p >= end and (m := scan.match(text, p)):
            end = m.end()
            yield m


def _scan_starts(text: str) -> list[int]:
    """Offsets where a ``scan`` match may start (a superset): a number, '+' before a digit, 'from' before one."""
    starts = [m.start() for m in _rx().number_start.finditer(text)]
    if "+" in text:
        starts += [i for i in _occurrences(text, "+") if _maybe_digit(text, i + 1)]
    for rom in ("rom ", "rom\t"):
        starts += [i - 1 for i in _occurrences(text, rom) if i and text[i - 1] in "Ff" and _maybe_digit(text, i + 4)]
    return sorted(starts)


def _maybe_digit(text: str, i: int) -> bool:
    """False only when ``text[i]`` is surely no digit (missing, or ASCII other than 0-9)."""
    c = text[i : i + 1]
    return c.isdigit() or not c.isascii()


def _percent_spaces(text: str) -> Iterator[regex.Match]:
    """``pct.finditer(text)``: a match is the whole run of spaces before a '%'."""
    rx = _rx()
    for q in _occurrences(text, "%"):
        start = rx.spaces_before.match(text, 0, q).start()
        if start < q and (m := rx.pct.match(text, start)):
            yield m


def _occurrences(text: str, needle: str) -> list[int]:
    found = []
    i = text.find(needle)
    while i >= 0:
        found.append(i)
        i = text.find(needle, i + 1)
    return found


def _looks_like_years(a: str, b: str) -> bool:
    return len(a) == 4 and a.isdigit() and (len(b) in (2, 4)) and b.isdigit()
