"""Literal prefilter: run a rule's regex only where it can possibly match.

For every pattern we derive, once, from its syntax tree:

- ``literals``: a set of words one of which every match must contain (``after\\s+which`` needs
  "after" and "which"; an alternation needs one word of each branch). A pattern whose literal
  never occurs in a document (case-folded) cannot match it and is not run at all.
- ``separator``: a character (``.``, newline, ``;``…) that no part of the pattern — lookarounds
  included — can match, and the pattern cannot match the empty string. A match then lies inside
  one separator-free segment, so on large texts only the segments around a literal are searched.

Both are conservative: a pattern the analyser does not fully understand gets ``literals=None``
and is always run over its whole region, so findings are exactly those of a full scan
(``tests/test_performance_equivalence.py`` checks this on the corpora). Regex compilation is
lazy (``LazyPattern``): a rule whose literal never occurs is never compiled, which keeps a cold
``auditor check`` of one article fast. Analyses are cached on disk (``auditor.cache``).
"""

from __future__ import annotations

import os
import threading
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from pathlib import Path

import regex

SMALL_TEXT = 20_000  # characters: below this a pattern whose words all occur scans the whole region
MIN_LITERAL = 3  # a required word shorter than this filters too little to be worth it
SEPARATORS = (".", "\n", ";", "!", "?")
_ENABLED = os.environ.get("AUDITOR_PREFILTER", "1").lower() not in ("0", "off", "no", "false")


def enabled() -> bool:
    return _ENABLED


def set_enabled(value: bool) -> None:
    """Switch the prefilter off (or on) for this process; the unoptimised path is the reference."""
    global _ENABLED
    _ENABLED = bool(value)


@dataclass(frozen=True)
class PatternInfo:
    # Case-folded word sets; every match contains a word of each set. None: cannot filter.
    literals: tuple[frozenset[str], ...] | None = None
    separator: str | None = None  # characters no match contains (any one of them splits the text)

    @property
    def words(self) -> set[str]:
        return set().union(*self.literals) if self.literals else set()


_UNFILTERED = PatternInfo()


class LazyPattern:
    """A regex compiled on first use; ``info`` says where it can match."""

    __slots__ = ("source", "flags", "info", "_compiled")

    def __init__(self, source: str, flags: int, *, validate: bool = False, register: bool = True) -> None:
        self.source = source
        self.flags = flags
        self._compiled = None
        self.info = analysis(source, flags)
        if register and self.info.literals:
            _AUTOMATON.add(self.info.words)
        if validate and not _known(source, flags):
            self._compiled = regex.compile(source, flags)  # raises regex.error for a bad pattern
            _remember(source, flags)

    @property
    def compiled(self):
        if self._compiled is None:
            self._compiled = regex.compile(self.source, self.flags)
        return self._compiled

    @property
    def pattern(self) -> str:
        return self.source

    def __getattr__(self, name):  # finditer, search, fullmatch, sub…
        return getattr(self.compiled, name)

    def __getstate__(self):
        return (self.source, self.flags, self.info)

    def __setstate__(self, state) -> None:
        self.source, self.flags, self.info = state
        self._compiled = None
        if self.info.literals:
            _AUTOMATON.add(self.info.words)


# -- analysis (cached on disk) ---------------------------------------------------------------
_LOCK = threading.Lock()
_CACHE: dict | None = None
_DIRTY = False


def _cache_key() -> str:
    import hashlib

    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]  # the analyser's own version
    return f"{regex.__version__}-{code}"


def _table() -> dict:
    global _CACHE
    if _CACHE is None:
        from .. import cache

        _CACHE = cache.load("patterns", _cache_key()) or {}
    return _CACHE


def _known(source: str, flags: int) -> bool:
    entry = _table().get((source, flags))
    return entry is not None and entry[1]


def _remember(source: str, flags: int) -> None:
    global _DIRTY
    table = _table()
    info = table.get((source, flags), (None, False))[0] or _analyse(source, flags)
    table[(source, flags)] = (info, True)
    _DIRTY = True


def analysis(source: str, flags: int) -> PatternInfo:
    global _DIRTY
    table = _table()
    entry = table.get((source, flags))
    if entry is None:
        entry = (_analyse(source, flags), False)
        with _LOCK:
            table[(source, flags)] = entry
            _DIRTY = True
    return entry[0]


def save() -> None:
    """Persist analyses and validations made in this process (called after rules are loaded)."""
    global _DIRTY
    if _DIRTY and _CACHE is not None:
        from .. import cache

        cache.store("patterns", _cache_key(), dict(_CACHE))
        _DIRTY = False


_PROP = regex.compile(r"\\([pP])\{\^?([\w:=&]+)\}|\\([pP])([A-Z])")
_SAFE_PROPS = {
    "l", "lu", "ll", "lt", "lm", "lo", "letter", "uppercaseletter", "lowercaseletter", "n", "nd", "nl", "no",
    "number", "m", "mn", "mc", "me", "mark", "alpha", "alphabetic", "alnum", "cyrillic", "latin", "greek",
    "script=cyrillic", "script=latin", "sc=cyrillic", "sc=latin", "upper", "lower", "uppercase", "lowercase",
}
_PLACEHOLDER = "\ue000"  # stands for a class of letters/digits/marks: matches no separator
_PLACEHOLDER_ORD = ord(_PLACEHOLDER)


def _translate(source: str) -> str | None:
    """Rewrite regex-module syntax into Python ``re`` syntax with the same widths, or None."""
    if any(t in source for t in ("(?V", "(?r", "(?f", "(?w", "(?b", "(?e", "(?p", "{e", "\\m", "\\M", "\\G", "\\L<", "(?|", "\\K")):
        return None
    out = []
    pos = 0
    for m in _PROP.finditer(source):
        kind, name = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if kind == "P" or "^" in m.group(0) or name.lower() not in _SAFE_PROPS:
            return None
        if _escaped(source, m.start()):
            continue
        out.append(source[pos : m.start()])
        out.append(_PLACEHOLDER)
        pos = m.end()
    out.append(source[pos:])
    text = "".join(out)
    if "[[" in text or "--" in text and "[" in text or "&&" in text or "||" in text:
        return None  # V1 set operations
    return text


def _escaped(source: str, i: int) -> bool:
    n = 0
    while i - n - 1 >= 0 and source[i - n - 1] == "\\":
        n += 1
    return n % 2 == 1


def _analyse(source: str, flags: int) -> PatternInfo:
    translated = _translate(source)
    if translated is None:
        return _UNFILTERED
    import re._constants as C
    import re._parser as P

    try:
        tree = P.parse(translated, (regex.IGNORECASE & flags and 2) | 32)  # re.I | re.U
    except Exception:  # noqa: BLE001 - anything the stdlib parser does not take is left unfiltered
        return _UNFILTERED
    dotall = bool(flags & regex.DOTALL) or bool(tree.state.flags & C.SRE_FLAG_DOTALL)
    try:
        reqs = _requirements(tree, C)
    except _Unsupported:
        return _UNFILTERED
    try:
        lo, _ = tree.getwidth()
        seps = [s for s in SEPARATORS if lo > 0 and _avoids(tree, s, dotall, C)]
    except _Unsupported:
        seps = []
    sets = sorted({frozenset(w.casefold() for w in r) for r in reqs if min(len(w) for w in r) >= MIN_LITERAL}, key=_rank)
    sets = [r for r in sets if not r <= _COMMON] or sets[:1]  # "the" only when nothing rarer is required
    return PatternInfo(tuple(sets[:MAX_SETS]) or None, "".join(seps) or None)


class _Unsupported(Exception):
    pass


MAX_SETS = 3
_COMMON = frozenset(
    ["the", "and", "for", "are", "was", "were", "has", "have", "had", "not", "but", "with", "from", "this", "that", "its", "his", "her", "their", "they", "who", "which", "said", "says", "also", "been", "will", "would", "about", "after", "into", "than", "then", "there"]
)


def _rank(words: frozenset[str]) -> tuple:
    """Rarer first: no common word, longer shortest word, fewer alternatives."""
    return (any(w.strip() in _COMMON for w in words), -min(len(w.strip()) for w in words), len(words), sorted(words))


def _best(reqs: list[frozenset[str]]) -> frozenset[str] | None:
    if not reqs:
        return None
    return min(reqs, key=_rank)


def _requirements(seq, C) -> list[frozenset[str]]:
    """Sets of words; a match contains (at least) one word of every set."""
    reqs: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            reqs.append(frozenset(["".join(run)]))
            run.clear()

    for op, av in seq:
        if op is C.LITERAL and av != _PLACEHOLDER_ORD:
            run.append(chr(av))
            continue
        if op is C.IN and av and all(o is C.LITERAL for o, _ in av) and len({chr(v).casefold() for _, v in av}) == 1:
            run.append(chr(av[0][1]))  # [Tt]: one letter in either case (literals are matched case-folded)
            continue
        flush()
        if op is C.SUBPATTERN:
            reqs.extend(_requirements(av[3], C))
        elif op is C.ATOMIC_GROUP:
            reqs.extend(_requirements(av, C))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            if av[0] >= 1:
                reqs.extend(_requirements(av[2], C))
        elif op is C.BRANCH:
            union: set[str] = set()
            for branch in av[1]:
                best = _best(_requirements(branch, C))
                if best is None:
                    union = set()
                    break
                union |= best
            if union:
                reqs.append(frozenset(union))
        elif op is C.GROUPREF_EXISTS:
            pass
        # IN, ANY, CATEGORY, NOT_LITERAL, AT, ASSERT(_NOT), GROUPREF: no literal requirement
    flush()
    return reqs


_AT_OK = None
_AT_START = set()  # ^ \A (?m)^: the regex module tests them against the real string, not the window


def _avoids(seq, sep: str, dotall: bool, C) -> bool:
    """True when nothing in the pattern (lookarounds included) can match ``sep``."""
    global _AT_OK
    if _AT_OK is None:
        _AT_START.update({C.AT_BEGINNING, C.AT_BEGINNING_STRING, C.AT_BEGINNING_LINE})
        _AT_OK = {C.AT_BOUNDARY, C.AT_NON_BOUNDARY, C.AT_UNI_BOUNDARY, C.AT_UNI_NON_BOUNDARY, C.AT_LOC_BOUNDARY, C.AT_LOC_NON_BOUNDARY}
    for op, av in seq:
        if op is C.LITERAL:
            if chr(av) == sep:
                return False
        elif op is C.NOT_LITERAL:
            if chr(av) != sep:
                return False
        elif op is C.ANY:
            if sep != "\n" or dotall:
                return False
        elif op is C.IN:
            if _in_class(av, sep, C):
                return False
        elif op is C.CATEGORY:
            if _category(av, sep, C):
                return False
        elif op is C.AT:
            if av not in _AT_OK and not (av in _AT_START or (av is C.AT_END_LINE and sep == "\n")):
                raise _Unsupported  # ^ $ \A \Z behave differently at a window edge
        elif op is C.SUBPATTERN:
            if av[1] & C.SRE_FLAG_DOTALL and sep == "\n":
                return False
            if not _avoids(av[3], sep, dotall, C):
                return False
        elif op is C.ATOMIC_GROUP:
            if not _avoids(av, sep, dotall, C):
                return False
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            if not _avoids(av[2], sep, dotall, C):
                return False
        elif op is C.BRANCH:
            if not all(_avoids(b, sep, dotall, C) for b in av[1]):
                return False
        elif op in (C.ASSERT, C.ASSERT_NOT):
            if not _avoids(av[1], sep, dotall, C):
                return False
        elif op is C.GROUPREF:
            pass  # repeats text a group matched, which cannot contain sep
        elif op is C.GROUPREF_EXISTS:
            _, yes, no = av
            if not _avoids(yes, sep, dotall, C) or (no is not None and not _avoids(no, sep, dotall, C)):
                return False
        else:
            raise _Unsupported
    return True


def _in_class(items, sep: str, C) -> bool:
    negate = False
    hit = False
    for op, av in items:
        if op is C.NEGATE:
            negate = True
        elif op is C.LITERAL:
            hit |= chr(av) == sep
        elif op is C.RANGE:
            hit |= av[0] <= ord(sep) <= av[1]
        elif op is C.CATEGORY:
            hit |= _category(av, sep, C)
        else:
            raise _Unsupported
    return hit != negate


def _category(cat, sep: str, C) -> bool:
    word = sep.isalnum() or sep == "_"
    table = {
        C.CATEGORY_DIGIT: sep.isdigit(),
        C.CATEGORY_NOT_DIGIT: not sep.isdigit(),
        C.CATEGORY_SPACE: sep.isspace(),
        C.CATEGORY_NOT_SPACE: not sep.isspace(),
        C.CATEGORY_WORD: word,
        C.CATEGORY_NOT_WORD: not word,
        C.CATEGORY_LINEBREAK: sep == "\n",
        C.CATEGORY_NOT_LINEBREAK: sep != "\n",
    }
    if cat not in table:
        raise _Unsupported
    return table[cat]


# -- per-document index ----------------------------------------------------------------------
class _Automaton:
    def __init__(self) -> None:
        self.words: set[str] = set()
        self.automaton = None
        self.generation = 0

    def add(self, words) -> None:
        new = set(words) - self.words
        if new:
            with _LOCK:
                self.words |= new
                self.automaton = None
                self.generation += 1

    def get(self):
        if self.automaton is None:
            import ahocorasick

            a = ahocorasick.Automaton()
            for w in self.words:
                a.add_word(w, w)
            a.make_automaton()
            self.automaton = a
        return self.automaton


_AUTOMATON = _Automaton()


def register(infos) -> None:
    """Add the literals of compiled patterns to the shared automaton (at rule load)."""
    words: set[str] = set()
    for info in infos:
        words |= info.words
    _AUTOMATON.add(words)


class DocIndex:
    """Where every registered literal occurs in one document (case-folded), and separator positions."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.generation = _AUTOMATON.generation
        folded = text.casefold()
        self.aligned = len(folded) == len(text)
        occ: dict[str, list[int]] = {}
        if _AUTOMATON.words:
            for end, word in _AUTOMATON.get().iter(folded):
                lst = occ.get(word)
                if lst is None:
                    occ[word] = [end - len(word) + 1]
                else:
                    lst.append(end - len(word) + 1)
        self.occ = occ
        self.present = frozenset(occ)
        self._seps: dict[str, list[int]] = {}
        self._merged: dict[frozenset, list[tuple[int, int]]] = {}

    def occurrences(self, literals: frozenset[str]) -> list[tuple[int, int]]:
        got = self._merged.get(literals)
        if got is None:
            got = []
            for w in literals:
                n = len(w)
                got.extend((s, s + n) for s in self.occ.get(w, ()))
            if len(literals) > 1:
                got.sort()
            self._merged[literals] = got
        return got

    def separators(self, sep: str) -> list[int]:
        got = self._seps.get(sep)
        if got is None:
            find = self.text.find
            got = []
            i = find(sep)
            while i >= 0:
                got.append(i)
                i = find(sep, i + 1)
            self._seps[sep] = got
        return got


def doc_index(doc) -> DocIndex:
    idx = doc.__dict__.get("_prefilter_index")
    if idx is None or idx.generation != _AUTOMATON.generation or idx.text is not doc.text:
        idx = DocIndex(doc.text)
        doc.__dict__["_prefilter_index"] = idx
    return idx


def windows(doc, info: PatternInfo, regions: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """(region number, start, end) spans to search, in order; the whole regions when not filterable."""
    if not _ENABLED or info.literals is None:
        return [(i, lo, hi) for i, (lo, hi) in enumerate(regions)]
    idx = doc_index(doc)
    present = idx.present
    for words in info.literals:  # cheap test first: a required set with no word in the document
        if present.isdisjoint(words):
            return []
    if len(idx.text) <= SMALL_TEXT:  # windows pay off only on long texts
        return [(i, lo, hi) for i, (lo, hi) in enumerate(regions)]
    occ = None
    for words in info.literals:  # every set is required: one absent set rules the pattern out
        got = idx.occurrences(words)
        if not got:
            return []
        if occ is None or len(got) < len(occ):
            occ = got
    if not idx.aligned:  # case folding changed lengths: positions unusable, keep whole regions
        return [(i, lo, hi) for i, (lo, hi) in enumerate(regions)]
    seps = max((idx.separators(c) for c in info.separator), key=len) if info.separator else None  # most segments
    starts = [r[0] for r in regions] if len(regions) > 1 else None
    out: list[tuple[int, int, int]] = []
    last = None
    n = len(regions)
    for s, e in occ:
        if starts is None:
            ri = 0
        else:
            ri = bisect_right(starts, s) - 1
            if ri < 0:
                continue
        if ri >= n:
            continue
        lo, hi = regions[ri]
        if s < lo or e > hi:
            continue
        if seps is not None:
            k = bisect_left(seps, s)
            a = seps[k - 1] + 1 if k > 0 else 0
            b = seps[k] if k < len(seps) else len(idx.text)
            if e > b:
                continue  # the literal spans a separator: no match contains it
            a, b = max(a, lo), min(b, hi)
        else:
            a, b = lo, hi
        key = (ri, a, b)
        if key != last:
            if last is not None and last[0] == ri and a < last[2]:
                continue  # same window as before (occurrences are sorted)
            out.append(key)
            last = key
    return out


def finditer(pattern: LazyPattern, doc, regions: list[tuple[int, int]], timeout: float):
    """Matches of ``pattern`` in ``regions`` of ``doc.text``, exactly as a full scan finds them."""
    text = doc.text
    compiled = None
    for _, a, b in windows(doc, pattern.info, regions):
        if compiled is None:
            compiled = pattern.compiled
        yield from compiled.finditer(text, a, b, timeout=timeout)
