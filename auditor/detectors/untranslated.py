"""Untranslated residue: non-Latin script, look-alike Cyrillic letters, transliterated words, whole sentences."""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache
from pathlib import Path

import regex

from .. import regexcache
from ..bilingual.numbers import MONTHS_EN, MONTHS_SRC
from ..document import Document
from ..findings import Finding, Severity
from .base import Detector, RuleInfo


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())

DATA = Path(__file__).with_name("data") / "transliterations.yml"

_FOREIGN = r"\p{Cyrillic}\p{Greek}\p{Armenian}\p{Georgian}\p{Arabic}\p{Hebrew}\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}"
_WORD_RE = rf"[\p{{L}}\p{{M}}'’\-]*[{_FOREIGN}][\p{{L}}\p{{M}}'’\-]*"
# Cyrillic letters that look like Latin ones (a mixed-script word is a typing or OCR artifact).
HOMOGLYPHS = str.maketrans("аеорсухіјѕԁԛԝАВЕКМНОРСТХІЈЅ", "aeopcyxijsdqwABEKMHOPCTXIJS")
_HOMOGLYPH_SET = frozenset("аеорсухіјѕԁԛԝАВЕКМНОРСТХІЈЅ")

EN_FUNCTION = _wordset(
    """
    the a an of to in on at for with by from and or but is are was were be been being has have had it its he she they
    we i you his her their our this that these those not no as which who whom whose will would can could may might
    should must do does did said says than there then if after before over under against despite including into about
    up down out also more most other new such only all any some both each between during without within while because
    since until when where what how why so very just still even again further per via among amid across along
    """
)
# Non-ASCII characters that match an ASCII letter case-insensitively.
_CASE_ODD = ("\u0130", "\u017f", "\u212a")
# Byte table: ASCII letters and digits stay, every other byte becomes a space.
_ALNUM_ONLY = bytes(c if chr(c).isascii() and chr(c).isalnum() else 32 for c in range(256))


class _Rx:
    """Compiled patterns, built on first use to keep the import cheap."""

    def __init__(self) -> None:
        self.run = regexcache.compile(rf"{_WORD_RE}(?:[^\p{{L}}\n]{{1,3}}{_WORD_RE})*")
        self.foreign_one = regexcache.compile(rf"[{_FOREIGN}]")
        self.word_before = regexcache.compile(r"[\p{L}\p{M}'’\-]*", regex.REVERSE)
        self.latin = regexcache.compile(r"\p{Latin}")
        # Anything outside Latin, combining marks and common punctuation/symbol blocks: a cheap pre-check.
        self.foreign_char = regexcache.compile(r"[^\x00-\u036f\u1e00-\u1eff\u2000-\u20cf\u2100-\u214f\u2190-\u22ff]")
        self.scripts = tuple(
            (name, regexcache.compile(rf"\p{{{name}}}")) for name in ("Cyrillic", "Greek", "Armenian", "Georgian")
        )
        self.token = regexcache.compile(r"\p{L}[\p{L}'’]*")
        self.preposition_before = regexcache.compile(
            r"(?:^|[.!?]\s+|\b(?:to|of|from|by|with|in|at|for|on|about|against|according to|under|near|said|told|and|that)\s+)$",
            regex.I,
        )
        self.sentence_start = regexcache.compile(r"(?:^|[.!?][\"”’]?\s+)$")
        self.source_label = regexcache.compile(r"(?:Источники?|Джерела?)\s*:?\s*")


@cache
def _rx() -> _Rx:
    return _Rx()


@lru_cache(maxsize=1)
def _terms() -> tuple[list[dict], re.Pattern | None]:
    """The curated list and the terms' literal starts (see ``_needles``)."""
    from ..rules.yamlio import read_yaml  # libyaml, parse cached on disk

    entries = read_yaml(DATA) or []
    for e in entries:
        e["_after"] = regexcache.compile(e["after"]) if e.get("after") else None
    return entries, _needles(entries)


@lru_cache(maxsize=1)
def _term_pattern() -> regex.Pattern:
    """The curated list compiled into one alternation (group ``t<i>`` = entry i)."""
    parts = []
    for i, e in enumerate(_terms()[0]):
        body = e["term"] if e.get("case") else f"(?i:{e['term']})"
        parts.append(f"(?P<t{i}>{body})")
    return regexcache.compile(rf"\b(?<![\p{{N}}\-])(?:{'|'.join(parts)})(?![\p{{L}}\p{{N}}\-])")


def _needles(entries: list[dict]) -> re.Pattern | None:
    """A bytes pattern: a space, then the lowered literal start of any term; None when unsure."""
    if any(re.search(r"\(\?[\^\w-]+\)", e["term"]) for e in entries):
        return None  # a global inline flag changes every term
    starts = [_literal_start(e["term"]).lower() for e in entries]
    if not all(starts):
        return None
    by_first: dict[str, list[str]] = {}
    for w in sorted(set(starts)):
        by_first.setdefault(w[0], []).append(w[1:])
    body = "|".join(f"{c}(?:{'|'.join(rest)})" for c, rest in by_first.items())
    return re.compile(f" (?:{body})".encode())


def _literal_start(term: str) -> str:
    """ASCII letters and digits every match of ``term`` begins with ('' when unsure)."""
    n = 0
    while n < len(term) and term[n].isascii() and term[n].isalnum():
        n += 1
    if term[n : n + 1] in ("?", "*", "+", "{"):
        n -= 1
    if n <= 0 or _may_branch(term):
        return ""
    return term[:n]


def _may_branch(term: str) -> bool:
    """Whether ``term`` may hold a top-level ``|`` or an unbalanced ``)``."""
    if not any(c in term for c in "|()"):
        return False
    if "\\" in term or "[" in term:
        return True
    depth = 0
    for c in term:
        depth += (c == "(") - (c == ")")
        if depth < 0 or (c == "|" and depth == 0):
            return True
    return False


def _term_matches(text: str, needles: re.Pattern | None) -> Iterator[regex.Match]:
    """``_term_pattern().finditer(text)``, tried only where a term's literal start begins a word."""
    starts = _term_starts(text, needles) if needles else None
    if starts is None:
        yield from _term_pattern().finditer(text)
        return
    end = 0
    for p in starts:
        if p >= end and (m := _term_pattern().match(text, p)):
            end = m.end()
            yield m


def _term_starts(text: str, needles: re.Pattern) -> list[int] | None:
    """Offsets where a literal start (any case) follows a non-alphanumeric: a superset of the match starts."""
    if any(c in text for c in _CASE_ODD):
        return None
    # One byte per character after a leading space, so a match of " word" starts at the word's offset in text.
    data = (b" " + text.encode("latin-1", "replace")).lower().translate(_ALNUM_ONLY)
    return [m.start() for m in needles.finditer(data)]


def _runs(text: str) -> Iterator[regex.Match]:
    """``run.finditer(text)``, started only at words that hold a non-Latin letter."""
    rx = _rx()
    pos = 0
    while k := rx.foreign_one.search(text, pos):
        start = rx.word_before.match(text, pos, k.start()).start()
        m = rx.run.search(text, start)
        if m is None:
            return
        yield m
        pos = m.end()


def _plainly_english(chunk: str) -> bool:
    """Two function words between spaces: a cheap test that ``_sentences`` would skip ``chunk`` too."""
    return " the " in chunk and (
        " of " in chunk or " to " in chunk or " and " in chunk or " in " in chunk or " a " in chunk
        or " on " in chunk or " for " in chunk or " said " in chunk or " was " in chunk or " with " in chunk
    )  # fmt: skip


@lru_cache(maxsize=1)
def _factory():
    from langdetect import detector_factory

    detector_factory.init_factory()
    return detector_factory._factory


def detect_language(text: str, candidates: tuple[str, ...] | None = None) -> tuple[str, float]:
    """Most probable language of ``text`` (langdetect, seeded), optionally among ``candidates``."""
    from langdetect.lang_detect_exception import LangDetectException

    det = _factory().create()
    det.seed = 0
    if candidates:
        det.set_prior_map({c: 1.0 / len(candidates) for c in candidates})
    det.append(text)
    try:
        best = det.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return "unknown", 0.0
    return best.lang, best.prob


def transliterate(text: str) -> str:
    from unidecode import unidecode

    return unidecode(text)


class UntranslatedDetector(Detector):
    """Source-language text the translation left in place."""

    name = "untranslated"
    rules = {
        "untranslated.script": RuleInfo(
            message="Non-Latin text left untranslated in English copy",
            category="accuracy/untranslated",
            severity=Severity.MAJOR,
            description="Cyrillic (or Greek, Armenian, Georgian, Arabic, Hebrew, CJK) words inside English text. The "
            "message gives a transliteration as a hint only; a month after a day number gets its English name, and a "
            "short line of nothing else (a caption, a site label) deletion. An original given in parentheses or "
            "followed by a gloss in parentheses is not flagged.",
            examples={
                "flag": [
                    "The governor of the область said the shelling stopped.",
                    "He called it a провокация on Monday.",
                    {"text": "Posted 24 мая 2022, 11:58", "suggestion": "May"},
                    {"text": "The talks failed.\n\nПодписаться на новости", "suggestion": ""},
                    {"text": "The talks failed.\n\nИсточник www.mk.ru", "suggestion": "Source:"},
                ],
                "pass": [
                    "The Holodomor (Голодомор) killed millions of Ukrainians.",
                    "The slogan Слава Україні (Glory to Ukraine) was chanted.",
                    "The oblast governor said the shelling stopped.",
                ],
            },
        ),
        "untranslated.homoglyph": RuleInfo(
            message="This word mixes Latin and look-alike Cyrillic letters",
            category="fluency/spelling",
            severity=Severity.MAJOR,
            description="A Cyrillic 'а', 'о', 'с', 'і' inside a Latin word looks right but breaks search, spelling "
            "and name matching. The suggestion replaces the Cyrillic letters with their Latin twins.",
            examples={
                "flag": [
                    {"text": "The mayor of Kharkіv said.", "suggestion": "Kharkiv"},
                    "Russian trоops withdrew.",
                ],
                "pass": ["The mayor of Kharkiv said.", "Russian troops withdrew.", "Мир means peace."],
            },
        ),
        "untranslated.transliteration": RuleInfo(
            message="Transliterated Russian/Ukrainian word left untranslated",
            category="accuracy/untranslated",
            severity=Severity.MINOR,
            description="Words from a curated list (auditor/detectors/data/transliterations.yml) such as 'ukaz', "
            "'deputat', 'OVA', 'voenkomat'. Terms English news has adopted (oblast, raion, hromada, siloviki, "
            "Verkhovna Rada) are not listed. A word explained in parentheses is not flagged.",
            examples={
                "flag": [
                    {"text": "According to OVA, the tragedy occurred on July 26.", "suggestion": "the regional military administration"},
                    {"text": "Putin signed an ukaz on Monday.", "suggestion": "decree"},
                    "The deputat voted against the bill.",
                ],
                "pass": [
                    "According to the regional military administration, the tragedy occurred on July 26.",
                    "The oblast governor met hromada leaders and the siloviki.",
                    "The Verkhovna Rada passed the law.",
                    "Kyivoblenergo restored power.",
                    "The ukaz (decree) was published on Monday.",
                ],
            },
        ),
        "untranslated.sentence": RuleInfo(
            message="This sentence was not translated into English",
            category="accuracy/untranslated",
            severity=Severity.MAJOR,
            description="A sentence of six or more words with almost no English function words, identified by "
            "langdetect (restricted to English, Russian and Ukrainian for Cyrillic text; seeded).",
            examples={
                "flag": [
                    "The ministry said. Российские войска обстреляли город ночью и утром. Two died.",
                    "Two people died. Вночі російські війська знову обстріляли місто Харків. The mayor said.",
                    "The minister spoke. Les troupes russes ont bombardé la ville pendant toute la nuit dernière. He left.",
                ],
                "pass": [
                    "Russian troops shelled the city overnight and in the morning.",
                    "Goris, Sotk, Jermuk, Vardenis, Kapan, Artanish and Ishkhanasar were hit.",
                    "Мир.",
                    "- Ternopil region: 16:00-18:00 - first queue, 18:00-20:00 - second queue, 20:00-22:00 - third queue.",
                ],
            },
        ),
    }

    def find(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        skip: list[tuple[int, int]] = []
        for f in self._sentences(doc):
            skip.append((f.start, f.end))
            yield f
        if _rx().foreign_char.search(text):
            for m in _runs(text):
                if any(a <= m.start() < b for a, b in skip):
                    continue
                yield from self._run(doc, m)
        entries, needles = _terms()
        for m in _term_matches(text, needles):
            f = self._term(doc, m, entries)
            if f is not None:
                yield f

    def _run(self, doc: Document, m) -> Iterator[Finding]:
        text = doc.text
        rx = _rx()
        span = m[0]
        if rx.latin.search(span):
            for w in rx.token.finditer(span):
                word = w[0]
                if rx.latin.search(word) and any(c in _HOMOGLYPH_SET for c in word):
                    fixed = word.translate(HOMOGLYPHS)
                    if not rx.run.search(fixed):
                        s = m.start() + w.start()
                        yield self.finding("untranslated.homoglyph", doc, s, s + len(word), [fixed])
                        continue
            if not rx.run.search(span.translate(HOMOGLYPHS)):
                return
        before = text[max(0, m.start() - 2) : m.start()]
        after = text[m.end() : m.end() + 3]
        if "(" in before or regex.match(r"[\"”’»]?\s?\(", after) or sum(c.isalpha() for c in span) < 2:
            return
        script = next((name for name, p in rx.scripts if p.search(span)), "Non-Latin")
        hint = transliterate(span).strip()
        message = f"{script} text left untranslated in English copy (reads '{hint}')"
        yield self.finding("untranslated.script", doc, m.start(), m.end(), _script_fix(text, m.start(), m.end(), span), message=message)

    def _term(self, doc: Document, m, entries: list[dict]) -> Finding | None:
        text = doc.text
        e = entries[int(m.lastgroup[1:])]
        before = text[max(0, m.start() - 40) : m.start()]
        after = text[m.end() : m.end() + 3]
        if before.endswith(("(", "“", '"', "'")) or regex.match(r"[\"”’]?\s?\(", after):
            return None
        if e["_after"] is not None and not e["_after"].search(before):
            return None
        english = e["english"]
        if e.get("article") and _rx().preposition_before.search(before):
            english = "the " + english
        if _rx().sentence_start.search(before) or (m[0][:1].isupper() and not e.get("case")):
            english = english[:1].upper() + english[1:]
        return self.finding("untranslated.transliteration", doc, m.start(), m.end(), [english])

    def _sentences(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        headings = {(h.start, h.end) for h in doc.headings}
        rx = _rx()
        for s in doc.sentences:
            chunk = text[s.start : s.end]
            if _plainly_english(chunk):
                continue
            lowered = chunk.lower().split()
            if len(lowered) < 6 or len(EN_FUNCTION.intersection(lowered)) >= 2:
                continue
            tokens = rx.token.findall(chunk)
            if len(tokens) < 6:
                continue
            n_function = sum(t.lower() in EN_FUNCTION for t in tokens)
            if n_function >= 2:
                continue
            letters = "".join(filter(str.isalpha, chunk))
            foreign = len(letters) - len(rx.latin.findall(letters))
            if foreign * 2 > len(letters):
                lang, prob = detect_language(chunk, ("en", "ru", "uk"))
                if lang in ("ru", "uk"):
                    name = {"ru": "Russian", "uk": "Ukrainian"}[lang]
                    yield self.finding("untranslated.sentence", doc, s.start, s.end, message=f"{name} sentence left untranslated")
            elif (
                n_function == 0 and len(tokens) >= 8 and (s.start, s.end) not in headings
                and sum(t[0].islower() for t in tokens) * 2 >= len(tokens)
                and len(letters) * 4 >= 3 * (len(chunk) - chunk.count(" "))  # prose, not a list of times or figures
            ):
                lang, prob = detect_language(chunk)
                if lang not in ("en", "unknown") and prob >= 0.99:
                    yield self.finding(
                        "untranslated.sentence", doc, s.start, s.end, message=f"This sentence reads as '{lang}', not English"
                    )


def _script_fix(text: str, start: int, end: int, span: str) -> list[str]:
    """A source label in English ('Источник: Зеркало недели' → 'Source: Zerkalo nedeli'); a month name after a
    day number ('24 мая 2022' → May); deletion for a short line of nothing else (a caption or a site label:
    'Подписаться на новости'); otherwise none (it needs translating)."""
    source = _rx().source_label.match(span)
    if source:  # 'Источник: Зеркало недели' → 'Source: Zerkalo nedeli' (a source line is kept, in English)
        rest = transliterate(span[source.end() :]).strip()
        return [f"Source: {rest}" if rest else "Source:"]
    month = MONTHS_SRC.get(span.strip().lower())
    if month and text[max(0, start - 4) : start].rstrip()[-1:].isdigit():
        return [MONTHS_EN[month - 1]]
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    hi = len(text) if hi < 0 else hi
    if not text[lo:start].strip() and not text[end:hi].strip(" \t.:") and len(span.split()) <= 6:
        return [""]
    return []
