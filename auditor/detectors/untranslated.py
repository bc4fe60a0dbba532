"""Untranslated residue: non-Latin script, look-alike Cyrillic letters, transliterated words, whole sentences."""
from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import regex

from ..document import Document
from ..findings import Finding, Severity
from .base import Detector, RuleInfo


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())

DATA = Path(__file__).with_name("data") / "transliterations.yml"

_FOREIGN = r"\p{Cyrillic}\p{Greek}\p{Armenian}\p{Georgian}\p{Arabic}\p{Hebrew}\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}"
_WORD_RE = rf"[\p{{L}}\p{{M}}'’\-]*[{_FOREIGN}][\p{{L}}\p{{M}}'’\-]*"
_RUN = regex.compile(rf"{_WORD_RE}(?:[^\p{{L}}\n]{{1,3}}{_WORD_RE})*")
_LATIN = regex.compile(r"\p{Latin}")
# Anything outside Latin, combining marks and common punctuation/symbol blocks: a cheap pre-check.
_FOREIGN_CHAR = regex.compile(r"[^\x00-\u036f\u1e00-\u1eff\u2000-\u20cf\u2100-\u214f\u2190-\u22ff]")
_SCRIPT_NAMES = (
    ("Cyrillic", regex.compile(r"\p{Cyrillic}")),
    ("Greek", regex.compile(r"\p{Greek}")),
    ("Armenian", regex.compile(r"\p{Armenian}")),
    ("Georgian", regex.compile(r"\p{Georgian}")),
)
# Cyrillic letters that look like Latin ones (a mixed-script word is a typing or OCR artifact).
HOMOGLYPHS = str.maketrans("аеорсухіјѕԁԛԝАВЕКМНОРСТХІЈЅ", "aeopcyxijsdqwABEKMHOPCTXIJS")
_HOMOGLYPH_SET = frozenset("аеорсухіјѕԁԛԝАВЕКМНОРСТХІЈЅ")

_TOKEN = regex.compile(r"\p{L}[\p{L}'’]*")
EN_FUNCTION = _wordset(
    """
    the a an of to in on at for with by from and or but is are was were be been being has have had it its he she they
    we i you his her their our this that these those not no as which who whom whose will would can could may might
    should must do does did said says than there then if after before over under against despite including into about
    up down out also more most other new such only all any some both each between during without within while because
    since until when where what how why so very just still even again further per via among amid across along
    """
)
_PREPOSITION_BEFORE = regex.compile(
    r"(?:^|[.!?]\s+|\b(?:to|of|from|by|with|in|at|for|on|about|against|according to|under|near|said|told|and|that)\s+)$", regex.I
)


_SENTENCE_START = regex.compile(r"(?:^|[.!?][\"”’]?\s+)$")


@lru_cache(maxsize=1)
def _terms() -> tuple[regex.Pattern, list[dict]]:
    """The curated list, compiled into one alternation (group ``t<i>`` = entry i)."""
    import yaml

    entries = yaml.safe_load(DATA.read_text(encoding="utf-8")) or []
    parts = []
    for i, e in enumerate(entries):
        body = e["term"] if e.get("case") else f"(?i:{e['term']})"
        parts.append(f"(?P<t{i}>{body})")
    pattern = regex.compile(rf"\b(?<![\p{{N}}\-])(?:{'|'.join(parts)})(?![\p{{L}}\p{{N}}\-])")
    for e in entries:
        e["_after"] = regex.compile(e["after"]) if e.get("after") else None
    return pattern, entries


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
            "message gives a transliteration as a hint only. An original given in parentheses or followed by a "
            "gloss in parentheses is not flagged.",
            examples={
                "flag": [
                    "The governor of the область said the shelling stopped.",
                    "He called it a провокация on Monday.",
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
                ],
                "pass": [
                    "Russian troops shelled the city overnight and in the morning.",
                    "Goris, Sotk, Jermuk, Vardenis, Kapan, Artanish and Ishkhanasar were hit.",
                    "Мир.",
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
        if _FOREIGN_CHAR.search(text):
            for m in _RUN.finditer(text):
                if any(a <= m.start() < b for a, b in skip):
                    continue
                yield from self._run(doc, m)
        pattern, entries = _terms()
        for m in pattern.finditer(text):
            f = self._term(doc, m, entries)
            if f is not None:
                yield f

    def _run(self, doc: Document, m) -> Iterator[Finding]:
        text = doc.text
        span = m[0]
        if _LATIN.search(span):
            for w in _TOKEN.finditer(span):
                word = w[0]
                if _LATIN.search(word) and any(c in _HOMOGLYPH_SET for c in word):
                    fixed = word.translate(HOMOGLYPHS)
                    if not _RUN.search(fixed):
                        s = m.start() + w.start()
                        yield self.finding("untranslated.homoglyph", doc, s, s + len(word), [fixed])
                        continue
            if not _RUN.search(span.translate(HOMOGLYPHS)):
                return
        before = text[max(0, m.start() - 2) : m.start()]
        after = text[m.end() : m.end() + 3]
        if "(" in before or regex.match(r"[\"”’»]?\s?\(", after) or sum(c.isalpha() for c in span) < 2:
            return
        script = next((name for name, rx in _SCRIPT_NAMES if rx.search(span)), "Non-Latin")
        hint = transliterate(span).strip()
        message = f"{script} text left untranslated in English copy (reads '{hint}')"
        yield self.finding("untranslated.script", doc, m.start(), m.end(), message=message)

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
        if e.get("article") and _PREPOSITION_BEFORE.search(before):
            english = "the " + english
        if _SENTENCE_START.search(before) or (m[0][:1].isupper() and not e.get("case")):
            english = english[:1].upper() + english[1:]
        return self.finding("untranslated.transliteration", doc, m.start(), m.end(), [english])

    def _sentences(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        headings = {(h.start, h.end) for h in doc.headings}
        for s in doc.sentences:
            chunk = text[s.start : s.end]
            lowered = chunk.lower().split()
            if len(lowered) < 6 or len(EN_FUNCTION.intersection(lowered)) >= 2:
                continue
            tokens = _TOKEN.findall(chunk)
            if len(tokens) < 6:
                continue
            n_function = sum(t.lower() in EN_FUNCTION for t in tokens)
            if n_function >= 2:
                continue
            letters = [c for c in chunk if c.isalpha()]
            foreign = sum(1 for c in letters if not _LATIN.match(c))
            if foreign * 2 > len(letters):
                lang, prob = detect_language(chunk, ("en", "ru", "uk"))
                if lang in ("ru", "uk"):
                    name = {"ru": "Russian", "uk": "Ukrainian"}[lang]
                    yield self.finding("untranslated.sentence", doc, s.start, s.end, message=f"{name} sentence left untranslated")
            elif n_function == 0 and len(tokens) >= 8 and (s.start, s.end) not in headings and sum(t[0].islower() for t in tokens) * 2 >= len(tokens):
                lang, prob = detect_language(chunk)
                if lang not in ("en", "unknown") and prob >= 0.99:
                    yield self.finding(
                        "untranslated.sentence", doc, s.start, s.end, message=f"This sentence reads as '{lang}', not English"
                    )
