"""Ukrainian settlements spelled from their Russian names (Masyutovka for Masiutivka, Shirokaya Balka for
Shyroka Balka), found by a spelling key on which both romanizations of one place agree, looked up in
the official list of Ukraine's cities, towns and villages (``glossaries/gazetteer/ua-settlements.tsv``)."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import regex

from .. import cache, regexcache
from ..detectors.base import Detector, RuleInfo
from ..findings import Severity
from ..rules import prefilter
from .context import mentions
from .loader import BUNDLED
from .spans import Spans

GAZETTEER = BUNDLED / "gazetteer" / "ua-settlements.tsv"

# Per word, Russian-based and Ukrainian-based endings that name the same place; adjective endings become
# capitals, which the vowel folding keeps, so that Zaluzhnyi (-yi) and Zaluzhne (-e) stay apart.
_ENDINGS = (
    (regexcache.compile(r"(?:y?o|y?e|i|yi|ii|ie)vk([a-z]?)$"), r"ivk\1"),  # Pavlovka, Pavlivka
    (regexcache.compile(r"(?:ovo|ovoye|ovoe|ove)$"), "ove"),  # Kurakhovo, Kurakhove
    (regexcache.compile(r"(?:evo|eve|yevo)$"), "eve"),
    (regexcache.compile(r"(?:ino|yno|ine|yne)$"), "ine"),  # Sokolino, Sokolyne
    (regexcache.compile(r"(?<=[^aeiouy])(?:oye|oe|oie|ye|e)$"), "E"),  # Novoye, Nove
    (regexcache.compile(r"(?:y|i)?a(?:y|i)a$"), "a"),  # Shirokaya, Shyroka; Verkhnyaya, Verkhnia
    (regexcache.compile(r"(?:yy|iy|yi|ii|oy|oi|ij|yj|y|i)$"), "Y"),  # Krasny, Krasnyi; Peski, Pisky
    (regexcache.compile(r"p[oi]l$"), "pL"),  # Alexandropol, Oleksandropil
)
_CLOSED = regexcache.compile(r"[oe]vsk")  # Ivanovske, Ivanivske
# Stems of first names that places are named after, Russian → Ukrainian.
_STEMS = (("nikol", "mykol"), ("aleks", "oleks"), ("alex", "oleks"), ("vladimir", "volodymyr"), ("georgi", "heorhi"), ("yelizavet", "yelyzavet"))
_PREFIX = regexcache.compile(r"(?:novo|staro|velyko|veliko|malo|verkhnio|verkhne|nyzhnio|nizhne)(?=[a-z]{4})")  # Novo|aleksandrovka
_VOWEL_RUN = regexcache.compile(r"[ieyj]+")
_SEPARATORS = regexcache.compile(r"[\s-]+")
_Y_ENDING = regexcache.compile(r"(?:yi|iy|yy)\b")
_I_RUN = regexcache.compile(r"i+")
_TOKEN = regexcache.compile(r"\S+")
_IOTATED = regexcache.compile(r"y(?=[aeiou])")

# A capitalised name of one to three words, each possibly hyphenated.
_WORD = r"\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}?[\p{Ll}'’]+)*"
_NAME = rf"{_WORD}(?:\s{_WORD}){{0,2}}"
# Where a name is a place: after a word that introduces settlements, in a list of three or more names two
# of which are official settlement names, or with a settlement ending. The endings are rare in English, so
# the rules' literal index (one automaton pass for all rules) finds them; cue words are looked up there too.
CUES = ("village", "settlement", "town", "hamlet", "near", "outskirts", "vicinity")
ENDINGS = ("ovka", "evka", "ivka", "ovo", "oye", "skoe", "aya", "opol", "ino")
_NOUN_ENDING = regexcache.compile(r"(?:ovka|evka|ivka|ovo|opol)$")  # a name that can end before another capitalised word
prefilter.register(ENDINGS + CUES)
_CUED = rf"(?:villages?|settlements?|towns?|hamlets?|near|outskirts|vicinity)\s+(?:of\s+)?(?P<names>{_NAME}(?:(?:,\s|,?\s(?:and|or)\s){_NAME})*)"
_COMMA_LIST = rf"(?P<names>{_NAME}(?:,\s{_NAME}){{2,}}(?:,?\s(?:and|or)\s{_NAME})?)"
# Russian regions and cities near the border: names there are Russian places, not misspelt Ukrainian ones.
# A document about them (the Kursk incursion) names Russian villages, so it is skipped; a sentence is
# skipped when it mentions Moscow or Russia as a place.
_RUSSIAN_REGIONS = (
    "kursk", "belgorod", "bryansk", "voronezh", "rostov", "krasnodar", "volgograd", "saratov", "novgorod",
    "russian region", "russian territory", "russian village", "russian town", "russian city",
)
_RUSSIAN_SENTENCE = regexcache.compile(r"\b(?:Moscow|in Russia)\b")


class _Rx:
    """Compiled on first use."""

    def __init__(self) -> None:
        self.cue = regexcache.compile(rf"\b(?:{'|'.join(CUES)})", regex.I)
        self.cued = regexcache.compile(_CUED, regex.I)
        self.ending = regexcache.compile(rf"\b(?P<prev>{_WORD}\s)?\p{{Lu}}[\p{{Ll}}'’-]*(?:{'|'.join(ENDINGS)})\b(?:\s{_WORD})?")
        self.comma_list = regexcache.compile(_COMMA_LIST)
        self.comma = regexcache.compile(r",\s\p{Lu}")
        self.name_before = regexcache.compile(rf"(?<![\p{{L}}'’-]){_NAME}$", regex.REVERSE)
        self.word_before = regexcache.compile(r"(?<![\p{L}'’-])[\p{L}'’-]+$", regex.REVERSE)
        self.word_and_space_before = regexcache.compile(rf"(?<![\p{{L}}'’-]){_WORD}\s$", regex.REVERSE)
        self.space_and_word = regexcache.compile(rf"\s{_WORD}(?![\p{{L}}'’-])")
        self.names = regexcache.compile(_NAME)


_RX: _Rx | None = None


def _rx() -> _Rx:
    global _RX
    if _RX is None:
        _RX = _Rx()
    return _RX


def skeleton(name: str) -> str:
    """A key on which Russian- and Ukrainian-based romanizations of one place name agree."""
    words = []
    for word in _SEPARATORS.split(name.lower().replace("’", "").replace("'", "")):
        prefix = _PREFIX.match(word)
        head, word = (word[: prefix.end()], word[prefix.end() :]) if prefix else ("", word)
        for stem, uk in _STEMS:
            if word.startswith(stem):
                word = uk + word[len(stem) :]
        word = head + word
        for pattern, repl in _ENDINGS:
            word, n = pattern.subn(repl, word)
            if n:
                break
        word = _CLOSED.sub("ivsk", word.replace("zgh", "zh").replace("g", "h"))
        words.append(_VOWEL_RUN.sub("i", word))
    return " ".join(words)


def variant_key(name: str) -> str:
    """``name`` with differences between Ukrainian romanizations removed (Kupyansk, Kupiansk; Makiyivka, Makiivka;
    Seredyna Buda, Seredyna-Buda)."""
    word = _IOTATED.sub("i", name.lower().replace("’", "").replace("'", "").replace("-", " "))
    return _I_RUN.sub("i", _Y_ENDING.sub("i", word))


class Gazetteer:
    """Official names by spelling key (a key some names share)."""

    def __init__(self, path: Path = GAZETTEER) -> None:
        data = path.read_bytes()
        key = hashlib.sha1(data + _key_source()).hexdigest()[:16]
        cached = cache.load("gazetteer", key)
        if cached is None:
            cached = self._build(data.decode("utf-8"))
            cache.store("gazetteer", key, cached)
        self.official, self.by_key = cached

    @staticmethod
    def _build(text: str) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
        official: dict[str, str] = {}
        by_key: dict[str, tuple[str, ...]] = {}
        for line in text.splitlines():
            if not line or line.startswith("#"):
                continue
            name, _kinds, oblasts = line.split("\t")
            official[name] = oblasts
            k = skeleton(name)
            by_key[k] = (*by_key.get(k, ()), name)
        return official, by_key

    def lookup(self, name: str) -> tuple[str, ...]:
        """The official names ``name`` may be a Russian-based spelling of; none when it is official or a
        Ukrainian-based variant of one (Kupyansk for Kupiansk)."""
        if name in self.official:
            return ()
        found = self.by_key.get(skeleton(name), ())
        key = variant_key(name)
        return () if any(variant_key(f) == key for f in found) else found


def _key_source() -> bytes:
    return repr((_FORMAT, _ENDINGS, _STEMS, _PREFIX.pattern, _VOWEL_RUN.pattern)).encode()


_FORMAT = 4  # bump when the cached tables change shape
_LOCK = threading.Lock()
_GAZETTEER: Gazetteer | None = None


def gazetteer() -> Gazetteer:
    global _GAZETTEER
    with _LOCK:
        if _GAZETTEER is None:
            _GAZETTEER = Gazetteer()
        return _GAZETTEER


class GlossaryPlaces(Detector):
    name = "glossary-places"
    rules = {
        "glossary.place.russian-form": RuleInfo(
            message="Ukrainian place spelled from its Russian name",
            category="terminology/name",
            severity=Severity.MINOR,
            description="A settlement name that is not in the official list of Ukraine's cities, towns and villages but "
            "is a Russian-based spelling of one in it (Masyutovka for Masiutivka, Shirokaya Balka for Shyroka Balka). "
            "Only names with a settlement ending (-ovka, -ivka, -ovo, -oye, -ino…), after 'village of', 'near' and the "
            "like, or in a list with two official settlement names are looked up; documents that name a Russian "
            "border region (Kursk, Belgorod…) are skipped.",
            examples={
                "flag": [
                    {"text": "Russian troops shelled Masyutovka overnight.", "suggestion": "Masiutivka"},
                    {"text": "Fighting continues near Shirokaya Balka.", "suggestion": "Shyroka Balka"},
                    {"text": "The villages of Burgunka and Sinkovka were hit.", "suggestion": "Burhunka"},
                    {"text": "Militants shelled strongholds in the area of Shirokino.", "suggestion": "Shyrokyne"},
                    {"text": "Mortars fired at Novoaleksandrovka twice.", "suggestion": "Novooleksandrivka"},
                ],
                "pass": [
                    "Russian troops shelled Masiutivka overnight.",
                    "Fighting continues near Shyroka Balka.",
                    "Residents of Kupyansk were evacuated.",
                    "Drones hit Glushkovo in the Kursk region.",
                    "Ivan Pavlov met reporters near Kyiv.",
                    "The Filipino workers left the casino in Valentino.",
                ],
            },
        ),
    }

    def find(self, doc):
        text = doc.text
        candidates = _candidates(doc)
        folded = prefilter.doc_index(doc).folded
        if not candidates or any(region in folded for region in _RUSSIAN_REGIONS):
            return
        known = Spans(mentions(doc, self.options))
        g = gazetteer()
        for start, end, must in candidates:
            hit = _lookup(text[start:end], must)
            if hit is None:
                continue
            (a, b), names = hit
            if known.overlaps(start + a, start + b):
                continue  # the glossary knows this name
            sent = doc.sentence_at(start + a)
            if sent is not None and _RUSSIAN_SENTENCE.search(text, sent.start, sent.end):
                continue
            written = text[start + a : start + b]
            if len(names) > 1:
                names = _ranked(g, names, written, folded)
            places = " or ".join(f"{n!r} ({_oblasts(g, n)})" for n in names)
            if all(_vowels_only(written, n) for n in names):
                message = f"{written!r} is not the official romanization: {places}"
            else:
                message = f"{written!r} looks like the Russian-based spelling of {places}"
            yield self.finding("glossary.place.russian-form", doc, start + a, start + b, names, message=message)


def _candidates(doc) -> list[tuple[int, int, int]]:
    """(start, end, ``must``: see ``_lookup``) of the names in ``doc`` that may be
    places: a capitalised word with a Russian settlement ending (with the capitalised words on either side),
    names after a cue word, and the names of a comma list in which two are official settlement names."""
    text, rx = doc.text, _rx()
    idx = prefilter.doc_index(doc)
    found: dict[tuple[int, int], int] = {}
    for ending in ENDINGS if idx.aligned else ():
        for p in idx.positions(ending):
            end = p + len(ending)
            if end < len(text) and (text[end].isalnum() or text[end] in "'’-"):
                continue
            w = rx.word_before.match(text, max(0, end - 40), end)
            if w is None or p - w.start() < 3 or not text[w.start()].isupper():
                continue  # a short stem: Novo, Ino
            prev = rx.word_and_space_before.match(text, 0, w.start())
            nxt = rx.space_and_word.match(text, end)
            found.setdefault((prev.start() if prev else w.start(), nxt.end() if nxt else end), 1 if prev else 0)
    if idx.aligned:
        cues = sorted(p for word in CUES for p in idx.positions(word) if p == 0 or not text[p - 1].isalpha())
    else:
        cues = [m.start() for m in rx.cue.finditer(text)]
        for m in rx.ending.finditer(text):
            found.setdefault(m.span(), 1 if m.group("prev") else 0)
    for p in cues:
        m = rx.cued.match(text, p)
        if m:
            for n in rx.names.finditer(text, m.start("names"), m.end("names")):
                found.setdefault(n.span(), -1)
    list_end = -1
    for c in rx.comma.finditer(text):
        before = c.start() >= list_end and rx.name_before.match(text, max(0, c.start() - 80), c.start())
        m = before and rx.comma_list.match(text, before.start())
        if not m:
            continue
        list_end = m.end()
        spans = [n.span() for n in rx.names.finditer(text, m.start("names"), m.end("names"))]
        official = gazetteer().official
        if sum(text[a:b] in official for a, b in spans) >= 2:
            for span in spans:
                found.setdefault(span, -1)
    return sorted((a, b, must) for (a, b), must in found.items())


def _vowels_only(written: str, official: str) -> bool:
    """Whether the two spellings differ only in the letters i, y and e (Lyubimivka, Liubymivka)."""
    return _VOWEL_RUN.sub("i", variant_key(written)) == _VOWEL_RUN.sub("i", variant_key(official))


def _ranked(g: Gazetteer, names: tuple[str, ...], written: str, folded: str) -> tuple[str, ...]:
    """Candidates in an oblast the document names first, then the closest in spelling."""
    from rapidfuzz.distance import Levenshtein

    def score(name: str):
        named = any(region.lower() in folded for region in g.official[name].split(",") if region != "Kyiv city")
        return (not named, Levenshtein.distance(written.lower(), name.lower()), name)

    return tuple(sorted(names, key=score))


def _oblasts(g: Gazetteer, name: str) -> str:
    regions = g.official[name].split(",")
    if len(regions) > 3:
        regions = [*regions[:3], f"{len(regions) - 3} more"]
    return ", ".join(r if r.endswith("city") or r == "Crimea" else f"{r} Oblast" for r in regions)


def _lookup(name: str, must: int):
    """((start, end) within ``name``, official names) for the longest run of its words that is a Russian-based
    spelling of a settlement. With ``must`` -1 the run ends the name; otherwise it contains word ``must`` and
    ends the name or, when that word has a noun ending (-ovka, -ovo), ends with it (Nelipovka in "the
    Nelipovka Toretsk community"). None when there is none, or when a longer run is an official name."""
    words = [m.span() for m in _TOKEN.finditer(name)]
    g = gazetteer()
    early = must >= 0 and bool(_NOUN_ENDING.search(name, *words[must]))
    for n in range(len(words), 0, -1):
        for i in range(len(words) - n + 1):
            last = i + n - 1
            if must >= 0 and not i <= must <= last:
                continue
            if last != len(words) - 1 and not (early and last == must):
                continue
            span = (words[i][0], words[i + n - 1][1])
            part = name[span[0] : span[1]]
            if part in g.official:
                return None
            found = g.lookup(part)
            if found:
                return span, found
    return None
