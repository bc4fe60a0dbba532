"""Segmentation artifacts: duplicated sentences, verbless fragments, split words."""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from functools import cache
from types import SimpleNamespace

from .. import regexcache
from ..document import Document
from ..findings import Finding, Severity
from .base import Detector, RuleInfo


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


@cache
def _rx() -> SimpleNamespace:
    """The detector's patterns, compiled on first use."""
    return SimpleNamespace(
        word=regexcache.compile(r"\p{L}[\p{L}\p{M}'’\-]*|\p{N}+(?:[.,:]\p{N}+)*"),
        spaced_hyphen=regexcache.compile(r"(?<=\b\p{Ll}{2,}) -(?=\p{Ll}{3,}\b)"),
        drop_quotes=re.compile("[“”\"«»„‘’'()\\[\\]]"),
        not_prose=re.compile('[:;—–“”"(]'),
    )


# Finite verbs, auxiliaries and frequent irregular forms. Any -ed/-ing word also counts as a verb.
_VERB_WORDS = _wordset(
    """
    is are was were be been being am 's 're 've 'd has have had do does did done will would shall should can
    could may might must ought need needs dare isn't aren't wasn't weren't hasn't haven't hadn't don't doesn't
    didn't won't wouldn't can't cannot couldn't shouldn't mustn't let lets say says said tell tells told go
    goes went gone get gets got make makes made take takes took taken give gives gave given come comes came
    see sees saw seen know knows knew known think thinks thought find finds found become becomes became keep
    keeps kept leave leaves left put puts run runs ran set sets seem seems hold holds held bring brings
    brought begin begins began begun show shows showed shown hear hears heard meet meets met pay pays paid
    lead leads led stand stands stood lose loses lost fall falls fell fallen build builds built send sends
    sent spend spends spent win wins won fight fights fought hit hits cut cuts rise rises rose risen grow
    grows grew grown draw draws drew drawn speak speaks spoke spoken break breaks broke broken choose chooses
    chose chosen write writes wrote written drive drives drove driven flee flees fled shoot shoots shot seek
    seeks sought sell sells sold buy buys bought catch catches caught teach teaches taught strike strikes
    struck hide hides hid hang hangs hung lie lies lay feel feels felt mean means meant read reads sit sits
    sat sleep sleeps slept wake wakes woke bear bears bore borne forbid forbids forbade forgive forgave freeze
    froze frozen undergo underwent withdraw withdraws withdrew withdrawn overcome overcame arise arose remain
    remains want wants call calls ask asks try tries use uses work works look looks turn turns move moves live
    lives believe believes happen happens include includes continue continues change changes follow follows
    stop stops create creates allow allows add adds expect expects offer offers serve serves die dies kill
    kills suggest suggests report reports plan plans agree agrees support supports hope hopes claim claims
    deny denies accuse accuses warn warns urge urges face faces note notes stress stresses insist insists
    there's it's that's he's she's what's who's beaten eaten forgotten hidden stolen shaken sworn proven
    ridden bitten swing swung cost costs spread sprang spring sprung sink sank sunk swim swam throw threw
    thrown blow blew blown fly flew flown wear wore worn tear tore torn shake shook bind bound feed fed light
    lit lend lent bend bent beat bet quit shut split burst cast hurt slide slid stick stuck sting stung swear
    swore sweep swept weep wept dig dug deal dealt laid mislead misled ride rode shine shone shrink shrank
    stink stank strive strove account accounts appear appears reach reaches stay stays vote votes lain
    """
)


class SegmentationDetector(Detector):
    """Sentence-level artifacts of segment-by-segment machine translation."""

    name = "segmentation"
    rules = {
        "segmentation.duplicate-sentence": RuleInfo(
            message="This sentence already appears earlier in the article",
            category="fluency/grammar",
            severity=Severity.MINOR,
            description="Exact repeats (case, spacing and quote marks ignored) of a sentence longer than six words. "
            "Headlines repeated at the top of the body and short repeated phrases are not flagged.",
            examples={
                "flag": [
                    {
                        "text": "The talks in Istanbul ended without any agreement on Tuesday. Both sides left. "
                        "The talks in Istanbul ended without any agreement on Tuesday.",
                        "suggestion": "",
                    },
                    "Russian troops shelled the city of Kharkiv again overnight.\n\n"
                    "Officials said two people died.\n\nRussian troops shelled the city of Kharkiv again overnight.",
                ],
                "pass": [
                    "The talks in Istanbul ended without any agreement on Tuesday. Both sides left.",
                    "Sirens sounded again. Then they stopped. Sirens sounded again.",
                    "Ukraine war: talks in Istanbul end without agreement\n\nUkraine war: talks in Istanbul end without agreement",
                ],
            },
        ),
        "segmentation.fragment": RuleInfo(
            message="This sentence has no verb: a clause may have been lost in translation",
            category="fluency/grammar",
            severity=Severity.MINOR,
            description="A sentence of more than six words ending in a period with no word that can be a verb "
            "(auxiliaries, common verbs, -ed/-ing forms). Headlines, captions, datelines, one-sentence paragraphs "
            "and lists after a colon are skipped.",
            examples={
                "flag": [
                    "The army shelled the city. Then in the breakaway republic a new front with heavy artillery. "
                    "The ministry denied it.",
                    "Officials confirmed the figure. The parties to the conflict different interpretations "
                    "of the document on a truce. Talks resumed on Monday.",
                ],
                "pass": [
                    "The army shelled the city. Then the republic declared martial law. The ministry denied it.",
                    "KYIV, Ukraine — Russian drones hit the capital overnight. Two people died.",
                    "Smoke over the Kerch Strait bridge after the explosion on Oct. 8, 2022.",
                    "Casualties rose. Among the dead: two children, a teacher and a retired engineer from Kharkiv. "
                    "Rescuers worked all night.",
                ],
            },
        ),
        "segmentation.split-hyphen": RuleInfo(
            message="A space splits a hyphenated word",
            category="fluency/punctuation",
            severity=Severity.MINOR,
            description="'full -scale' and 'large -caliber': the translation engine split a compound at the hyphen.",
            examples={
                "flag": [
                    {"text": "During a full -scale war, the army advanced.", "suggestion": "-"},
                    "They used large -caliber weapons.",
                ],
                "pass": [
                    "During a full-scale war, the army advanced.",
                    "Temperatures fell to -5 degrees.",
                    "Pre- and post-war figures differ.",
                ],
            },
        ),
        "segmentation.glued-words": RuleInfo(
            message="Two words run together: a space was lost",
            category="fluency/spelling",
            severity=Severity.MINOR,
            description="Scraped and machine-translated pages lose spaces at tag and line boundaries: 'writesthat', "
            "'aboutthat'. No English word ends in 'that', 'which' or 'this', so a word that does is two words.",
            examples={
                "flag": [
                    {"text": "The agency writesthat the talks failed.", "suggestion": "writes that"},
                    "He spoke aboutthat they will call up reservists.",
                ],
                "pass": [
                    "He said that this was the plan, which failed.",
                    "Thatcher and Whitney spoke.",
                    "The sandwich shop closed.",
                ],
            },
        ),
    }

    def find(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        keys = _Memo(_sentence_key)  # per distinct sentence text
        verbless = _Memo(_is_verbless)
        headings = set(doc.headings)
        heading_keys = {keys[text[h.start : h.end]] for h in headings}
        shared = _sharing_paragraph(doc)  # a sentence alone in its paragraph skips the costlier verb test
        seen: set[str] = set()
        for span in doc.sentences:
            if span in headings:
                continue
            start, end = span
            chunk = text[start:end]
            key = keys[chunk]
            if not key:
                continue
            if key in seen and key not in heading_keys:
                yield self.finding("segmentation.duplicate-sentence", doc, start, end, ("",))
            seen.add(key)
            if start in shared and verbless[chunk]:
                yield self.finding("segmentation.fragment", doc, start, end)
        pos = text.find(" -")
        while pos >= 0:
            m = _rx().spaced_hyphen.match(text, pos)
            if m:
                yield self.finding("segmentation.split-hyphen", doc, m.start(), m.end(), ["-"])
            pos = text.find(" -", pos + 2)
        yield from self._glued(doc)

    def _glued(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for tail in _GLUED_TAILS:
            pos = text.find(tail, 1)
            while pos > 0:
                end = pos + len(tail)
                if text[pos - 1].isalpha() and text[pos - 1].islower() and not (end < len(text) and text[end].isalnum()):
                    start = pos - 1
                    while start > 0 and pos - start < 40 and text[start - 1].isalpha():
                        start -= 1
                    if pos - start >= 2 and not (start and text[start - 1] in "-’'"):
                        yield self.finding("segmentation.glued-words", doc, start, end, [f"{text[start:pos]} {tail}"])
                pos = text.find(tail, end)


_GLUED_TAILS = ("that", "which", "this")  # no English word ends in one of them


class _Memo(dict):
    """A dict that fills itself with fn(key)."""

    def __init__(self, fn) -> None:
        super().__init__()
        self.fn = fn

    def __missing__(self, key):
        value = self[key] = self.fn(key)
        return value


def _norm(s: str) -> str:
    s = _rx().drop_quotes.sub("", s).casefold()
    if s.isprintable() and "  " not in s and s[:1] != " " and s[-1:] != " ":  # no whitespace but single inner spaces
        return s
    return " ".join(s.split())


def _sentence_key(chunk: str) -> str:
    """The duplicate key of a sentence, or "" under seven words."""
    key = _norm(chunk)
    return key if key.count(" ") >= 6 else ""


def _maybe_fragment(chunk: str) -> bool:
    stripped = chunk.rstrip("”\"’) ")
    return stripped.endswith(".") and not stripped.endswith("..") and not _rx().not_prose.search(chunk)


def _sharing_paragraph(doc: Document) -> set[int]:
    """Starts of the sentences whose paragraph has other sentences."""
    starts = doc.sentence_starts
    out: set[int] = set()
    for p in doc.paragraphs:
        lo = bisect_left(starts, p.start)
        hi = bisect_left(starts, p.end, lo)
        if hi - lo > 1:
            out.update(starts[lo:hi])
    return out


_DETERMINERS = _wordset(
    """
    the a an this that these those its their his her our my your some many several all both few various other
    such no any each every two three four five six seven eight nine ten dozens hundreds thousands millions
    """
)
_FUNCTION = _wordset(
    """
    of in on at to for with by from and or but as into over under after before about against between during
    near since than through across along amid among per via without within upon
    """
)
_SUBJECTS = frozenset(["they", "we", "you", "i", "who", "which", "that", "he", "she", "it"])
_NOUN_S = ("ss", "us", "is", "ous", "ics", "tions", "sions", "ments", "ities", "nesses", "ships", "isms", "ists", "ians")


def _verb_like(lw: str, prev: str) -> bool:
    if lw in _VERB_WORDS or lw.endswith(("ed", "ing")) or "'" in lw or "’" in lw or prev in _SUBJECTS:
        return True
    if lw.endswith("s") and len(lw) > 3 and not lw.endswith(_NOUN_S) and prev not in _DETERMINERS and prev not in _FUNCTION:
        return True
    return prev.endswith("s") and len(prev) > 3 and lw.isalpha() and lw not in _FUNCTION and lw not in _DETERMINERS


_EDGE = '.,;:!?()[]"…'


def _has_plain_verb(chunk: str) -> bool:
    """A fast, sound pre-test: some plain ASCII word of chunk is a verb whatever precedes it.

    Spaces and _EDGE punctuation never belong to a word, so an ASCII-letter token between them is one word.
    """
    for t in chunk.split():
        w = t.strip(_EDGE)
        if w.isascii() and w.isalpha():
            lw = w.lower()
            if lw in _VERB_WORDS or lw.endswith(("ed", "ing")):
                return True
    return False


def _is_verbless(chunk: str) -> bool:
    """The sentence qualifies as a segmentation.fragment (paragraph aside)."""
    if not _maybe_fragment(chunk) or _has_plain_verb(chunk):
        return False
    words = _rx().word.findall(chunk)
    return len(words) > 6 and _is_fragment(chunk, words)


def _is_fragment(chunk: str, words: list[str]) -> bool:
    stripped = chunk.rstrip("”\"’) ")
    if not stripped.endswith(".") or stripped.endswith(".."):
        return False
    if any(c in chunk for c in ":;—–“”\"(") or chunk[:1].isdigit():
        return False
    prev = ""
    for w in words:
        lw = w.lower()
        if _verb_like(lw, prev):
            return False
        prev = lw
    letters = [w for w in words if w[0].isalpha()]
    return sum(w[0].isupper() for w in letters) <= len(letters) / 2  # not a title-case line or a list of names
