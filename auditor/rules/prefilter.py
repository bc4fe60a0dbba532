"""Literal prefilter: run a rule's regex only where it can possibly match.

For every pattern we derive, once, from its syntax tree:

- ``literals``: a set of words one of which every match must contain (``after\\s+which`` needs
  "after" and "which"; an alternation needs one word of each branch). A pattern whose literal
  never occurs in a document (case-folded) cannot match it and is not run at all.
- ``separator``: a character (``.``, newline, ``;``…) that no part of the pattern — lookaheads
  included — can match, and the pattern cannot match the empty string (lookbehinds may test it: a
  search from a window's start still sees the text before it). A match then lies inside
  one separator-free segment, so only the segments around the rarest literal are searched.
- ``lead``: words one of which every match starts with (``(?:[Tt]he )?Kremlin said`` starts with "the
  kremlin said" or "kremlin said"). The pattern is then matched, anchored, only where one of them
  occurs, instead of being searched through windows, unless they are ``LEAD_DENSITY`` times as
  frequent as the rarest literal. When all of them are capitalised words of a case-sensitive pattern
  ("In ", "About this"), the regex engine searches the regions itself (once the literals are present):
  it finds such a start faster than the index can list the places.

Per document, one automaton pass finds which rare literals occur and where, unless looking the few
words asked about up with ``str`` methods is cheaper (``DocIndex``); frequent literals
(``data/frequent-literals.txt``) are looked up with ``str`` methods only when needed. A rule none of
whose patterns can match is not called at all (``gate``/``active``: the literal sets present are
counted per rule alternative).

Where the Hyperscan gate applies (``hsgate.py``), it decides first: a rule runs only when every
pattern of one of its alternatives can match the document, a pattern searches only when it can, and
the literal sets decide only for rules the gate does not cover.

Both are conservative: a pattern the analyser does not fully understand gets ``literals=None``
and is always run over its whole region, so findings are exactly those of a full scan
(``tests/test_performance_equivalence.py`` checks this on the corpora). Regex compilation is
lazy (``LazyPattern``): a rule whose literal never occurs is never compiled, which keeps a cold
``auditor check`` of one article fast. Analyses are cached on disk (``auditor.cache``).
"""

from __future__ import annotations

import functools
import os
import threading
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from pathlib import Path

import regex

from .. import cache, regexcache
from . import hsgate
from .syntax import INLINE_FLAGS, REGEX_ONLY, escaped

SAMPLE = 20_000  # characters in which frequent words are counted to estimate their frequency
MIN_LITERAL = 3  # a required word shorter than this filters too little to be worth it
# Characters that rare words looked up one by one (``in``) may read in a document before the automaton
# pass (about 150 µs for an article) is the cheaper way: some 150 lookups in a 2.6 kB article, none in 1 MB.
LAZY_CHARS = 400_000
LEAD_DENSITY = 4  # leading words this many times more frequent than the rarest literal: search windows instead
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
    lead: frozenset[str] | None = None  # case-folded words one of which every match starts with
    lead_cased: frozenset[str] | None = None  # the same words as the (case-sensitive) pattern writes them

    @property
    def words(self) -> set[str]:
        words = set().union(*self.literals) if self.literals else set()
        return words | self.lead if self.lead else words


_UNFILTERED = PatternInfo()


_UNREGISTERED = -2  # ``hs`` of a pattern kept out of the gate and the literal index (a rule's exceptions)


class LazyPattern:
    """A regex compiled on first use; ``info`` says where it can match."""

    __slots__ = ("source", "flags", "info", "hs", "_compiled")

    def __init__(self, source: str, flags: int, *, validate: bool = False, register: bool = True) -> None:
        self.source = source
        self.flags = flags
        self._compiled = None
        self.info = analysis(source, flags)
        self.hs = hsgate.register(source, flags) if register else _UNREGISTERED  # its id in the Hyperscan gate
        if register and self.info.literals:
            _AUTOMATON.add(self.info.words)
        if validate and not _known(source, flags):
            self._compiled = regex.compile(source, flags)  # raises regex.error for a bad pattern
            _remember(source, flags)

    @property
    def compiled(self):
        if self._compiled is None:
            self._compiled = regexcache.compile(self.source, self.flags)
        return self._compiled

    @property
    def pattern(self) -> str:
        return self.source

    def __getattr__(self, name):  # finditer, search, fullmatch, sub…
        return getattr(self.compiled, name)

    def __getstate__(self):
        return (self.source, self.flags, self.info, self.hs)

    def __setstate__(self, state) -> None:
        """Register again as ``__init__`` did (gate ids differ between processes)."""
        self.source, self.flags, self.info, hs = state
        self._compiled = None
        if hs == _UNREGISTERED:
            self.hs = hs
            return
        self.hs = hsgate.register(self.source, self.flags) if hs >= 0 else -1
        if self.info.literals:
            _AUTOMATON.add(self.info.words)


# -- analysis (cached on disk) ---------------------------------------------------------------
_LOCK = threading.Lock()


def _cache_key() -> str:
    import hashlib

    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]  # the analyser's own version
    return f"{regex.__version__}-{code}"


# (source, flags) -> (PatternInfo, validated by a compile with this regex version)
ANALYSES = cache.Table("patterns", _cache_key, limit=20_000)


def _known(source: str, flags: int) -> bool:
    entry = ANALYSES.get((source, flags))
    return entry is not None and entry[1]


def _remember(source: str, flags: int) -> None:
    info = ANALYSES.get((source, flags), (None, False))[0] or _analyse(source, flags)
    ANALYSES.put((source, flags), (info, True))


def analysis(source: str, flags: int) -> PatternInfo:
    entry = ANALYSES.get((source, flags))
    if entry is None:
        entry = (_analyse(source, flags), False)
        with _LOCK:
            ANALYSES.put((source, flags), entry)
    return entry[0]


def save() -> None:
    """Persist analyses and validations made in this process (called after rules are loaded)."""
    ANALYSES.save()


_PROP = regexcache.compile(r"\\([pP])\{\^?([\w:=&]+)\}|\\([pP])([A-Z])")
_SAFE_PROPS = {
    "l", "lu", "ll", "lt", "lm", "lo", "letter", "uppercaseletter", "lowercaseletter", "n", "nd", "nl", "no",
    "number", "m", "mn", "mc", "me", "mark", "alpha", "alphabetic", "alnum", "cyrillic", "latin", "greek",
    "script=cyrillic", "script=latin", "sc=cyrillic", "sc=latin", "upper", "lower", "uppercase", "lowercase",
}
_PLACEHOLDER = "\ue000"  # stands for a class of letters/digits/marks: matches no separator
_PLACEHOLDER_ORD = ord(_PLACEHOLDER)


def _translate(source: str) -> str | None:
    """Rewrite regex-module syntax into Python ``re`` syntax with the same widths, or None."""
    if any(t in source for t in REGEX_ONLY):
        return None
    out = []
    pos = 0
    for m in _PROP.finditer(source):
        kind, name = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if kind == "P" or "^" in m.group(0) or name.lower() not in _SAFE_PROPS:
            return None
        if escaped(source, m.start()):
            continue
        out.append(source[pos : m.start()])
        out.append(_PLACEHOLDER)
        pos = m.end()
    out.append(source[pos:])
    text = _hoist_flags("".join(out))
    if text is None:
        return None
    if "[[" in text or "--" in text and "[" in text or "&&" in text or "||" in text:
        return None  # V1 set operations
    return text


def _hoist_flags(text: str) -> str | None:
    """Move inline flags such as ``(?m)`` met mid-pattern to the front, where ``re`` wants them.

    Widening ``m``/``s``/``i`` to the whole pattern only makes the analysis more conservative;
    ``x`` would change how the text before it parses, so such patterns are not analysed.
    """
    found = [m for m in INLINE_FLAGS.finditer(text) if not escaped(text, m.start())]
    if not found or (len(found) == 1 and found[0].start() == 0):
        return text
    flags = set("".join(m.group(1) for m in found))
    if "x" in flags:
        return None
    for m in reversed(found):
        text = text[: m.start()] + text[m.end() :]
    return "(?" + "".join(sorted(flags)) + ")" + text


def fold(text: str) -> str:
    """Case folding for literals and documents: ``str.casefold`` with the dotted and dotless i folded to
    ``i``, as the ``regex`` module's case-insensitive matching pairs ``I``/``ı`` and ``İ``/``i``."""
    return _fold_i(text.casefold())


def _fold_i(cased: str) -> str:
    if "ı" in cased or "\u0307" in cased:
        cased = cased.replace("i\u0307", "i").replace("ı", "i")
    return cased


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
    multiline = bool(flags & regex.MULTILINE) or bool(tree.state.flags & C.SRE_FLAG_MULTILINE)
    seps = [s for s in SEPARATORS if tree.getwidth()[0] > 0 and _safely_avoids(tree, s, dotall, C, multiline)]
    sets = sorted({frozenset(fold(w) for w in r) for r in reqs if _usable(r)}, key=_rank)
    lead = lead_cased = None
    try:
        starts = _lead(list(tree), C) if sets else None
    except _Unsupported:
        starts = None
    if starts and _usable(frozenset(starts)):
        lead = frozenset(fold(w) for w in starts)
        ignorecase = flags & regex.IGNORECASE or tree.state.flags & C.SRE_FLAG_IGNORECASE or _INLINE_I.search(source)
        if not ignorecase:  # the words as the pattern writes them
            try:
                cased = _lead(list(tree), C, exact=True)
            except _Unsupported:
                cased = None
            if cased and {fold(w) for w in cased} == lead:
                lead_cased = frozenset(cased)
    return PatternInfo(tuple(sets[:MAX_SETS]) or None, "".join(seps) or None, lead, lead_cased)


# An inline flag group that mentions ``i`` (``(?i)``, ``(?mi)``, ``(?si:…)``, ``(?-i:…)``): some part of
# the pattern may match case-insensitively, so its leading words are not kept in the pattern's case.
_INLINE_I = regexcache.compile(r"\(\?[a-zA-Z-]*i")


class _Unsupported(Exception):
    pass


MAX_SETS = 4  # the document's counts pick the rarest at run time
_COMMON = frozenset(
    ["the", "and", "for", "are", "was", "were", "has", "have", "had", "not", "but", "with", "from", "this", "that", "its", "his", "her", "their", "they", "who", "which", "said", "says", "also", "been", "will", "would", "about", "after", "into", "than", "then", "there"]
)


def _rank(words: frozenset[str]) -> tuple:
    """Rarer first: no common word, longer shortest word, fewer alternatives."""
    return (any(w.strip() in _COMMON for w in words), -min(len(w.strip()) for w in words), len(words), sorted(words))


def _usable(words: frozenset[str]) -> bool:
    """Long enough to filter: three characters, or two when one is punctuation (`` ,`` ``.”``)."""
    return all(len(w) >= MIN_LITERAL or (len(w) == 2 and any(not c.isalnum() and not c.isspace() for c in w)) for w in words)


def _best(reqs: list[frozenset[str]]) -> frozenset[str] | None:
    usable = [r for r in reqs if _usable(r)]
    return min(usable, key=_rank) if usable else None


MAX_ALTERNATIVES = 16  # [ \t][,;] makes 4 required strings; longer products are cut into parts


def _chars(op, av, C, exact: bool = False) -> list[str] | None:
    """The characters one item matches when it is a literal or a small class of literals."""
    if op is C.LITERAL and av != _PLACEHOLDER_ORD:
        return [chr(av)]
    if op is C.SUBPATTERN and len(av[3]) == 1:  # a group around one character: ([,;])
        return _chars(*av[3][0], C, exact)
    if op is C.IN and av and len(av) <= 6 and all(o is C.LITERAL and v != _PLACEHOLDER_ORD for o, v in av):
        if exact:  # the characters as written (case-sensitive patterns)
            return sorted({chr(v) for _, v in av})
        return sorted({fold(chr(v)) for _, v in av})  # literals are matched case-folded
    return None


def _requirements(seq, C) -> list[frozenset[str]]:
    """Sets of words; a match contains (at least) one word of every set."""
    reqs: list[frozenset[str]] = []
    run = [""]  # the alternatives of the literal text read so far

    def flush() -> None:
        nonlocal run
        if run != [""]:
            reqs.append(frozenset(run))
        run = [""]

    for op, av in seq:
        chars = _chars(op, av, C)
        if chars is not None:
            if len(run) * len(chars) > MAX_ALTERNATIVES:
                flush()
            run = [r + c for r in run for c in chars]
            continue
        if op is C.BRANCH and run != [""]:  # the parser factors common prefixes out: RS(?:ZV|SU) needs rszv or rssu
            joined = {r + lead for r in run for branch in av[1] for lead in _leading(branch, C)}
            if len(joined) <= 4 * MAX_ALTERNATIVES:
                reqs.append(frozenset(joined))
        flush()
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and av[0] >= 1 and len(av[2]) == 1:
            chars = _chars(*av[2][0], C)
            if chars is not None:  # x+ : its last repetition touches what follows
                run = chars
                continue
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
        elif op is C.ASSERT and av[0] > 0:  # a lookahead's text follows the match in the same window
            reqs.extend(_requirements(av[1], C))
        # IN, ANY, CATEGORY, NOT_LITERAL, AT, lookbehinds, ASSERT_NOT, GROUPREF(_EXISTS): no literal requirement
    flush()
    return reqs


def _leading(seq, C) -> list[str]:
    """The literal text a sequence starts with, as alternatives ("" when it starts otherwise)."""
    out = [""]
    for op, av in seq:
        chars = _chars(op, av, C)
        if chars is None or len(out) * len(chars) > MAX_ALTERNATIVES:
            break
        out = [o + c for o in out for c in chars]
    return out


def _lead(seq, C, prefixes: tuple[str, ...] = ("",), exact: bool = False) -> set[str] | None:
    """Words one of which every match starts with, or None. Zero-width items are stepped over; groups,
    branches and an optional item (``(?:the )?``) are followed into what comes after them. ``exact``: the
    words in the case the pattern matches (no folding of character classes)."""
    out = list(prefixes)
    for i, (op, av) in enumerate(seq):
        chars = _chars(op, av, C, exact)
        if chars is not None:
            if len(out) * len(chars) > 4 * MAX_ALTERNATIVES:
                break
            out = [p + c for p in out for c in chars]
            continue
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue  # zero width: the matched text runs on
        rest = list(seq[i + 1 :])
        if op is C.SUBPATTERN:
            return _lead(list(av[3]) + rest, C, tuple(out), exact)
        if op is C.ATOMIC_GROUP:
            return _lead(list(av) + rest, C, tuple(out), exact)
        options = None
        if op is C.BRANCH:
            options = [list(branch) + rest for branch in av[1]]
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT) and av[0] == 0 and av[1] == 1:
            options = [list(av[2]) + rest, rest]
        if options is not None:
            found = [_lead(o, C, tuple(out), exact) for o in options]
            if all(found):
                union = set().union(*found)
                if len(union) <= 4 * MAX_ALTERNATIVES:
                    return union
        break
    return set(out) if out != [""] else None


_AT_OK = None
_AT_START = set()  # ^ \A (?m)^: the regex module tests them against the real string, not the window


def _safely_avoids(tree, sep: str, dotall: bool, C, multiline: bool) -> bool:
    try:
        return _avoids(tree, sep, dotall, C, multiline)
    except _Unsupported:
        return False


def _avoids(seq, sep: str, dotall: bool, C, multiline: bool = False) -> bool:
    """True when nothing in the pattern (lookaheads included; lookbehinds may) can match ``sep``.

    ``(?m)$`` is fine with ``\n``: a window ends at a newline or at the region's end, where it matches anyway.
    """
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
            end_line = av is C.AT_END_LINE or (av is C.AT_END and multiline)
            if av not in _AT_OK and not (av in _AT_START or (end_line and sep == "\n")):
                raise _Unsupported  # ^ $ \A \Z behave differently at a window edge
        elif op is C.SUBPATTERN:
            if av[1] & C.SRE_FLAG_DOTALL and sep == "\n":
                return False
            if not _avoids(av[3], sep, dotall, C, multiline):
                return False
        elif op is C.ATOMIC_GROUP:
            if not _avoids(av, sep, dotall, C, multiline):
                return False
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            if not _avoids(av[2], sep, dotall, C, multiline):
                return False
        elif op is C.BRANCH:
            if not all(_avoids(b, sep, dotall, C, multiline) for b in av[1]):
                return False
        elif op in (C.ASSERT, C.ASSERT_NOT):
            # A lookbehind reads the real text before the window too (``regex`` searches with pos see
            # it), so it may test a separator; a lookahead stops at the window's end and may not,
            # unless it holds there either way (``(?=\s|$)``: ``\s`` at the separator, ``$`` at the end).
            if av[0] > 0 and not _lookahead_avoids(op, av[1], sep, dotall, C, multiline):
                return False
        elif op is C.GROUPREF:
            pass  # repeats text a group matched, which cannot contain sep
        elif op is C.GROUPREF_EXISTS:
            _, yes, no = av
            if not _avoids(yes, sep, dotall, C, multiline) or (no is not None and not _avoids(no, sep, dotall, C, multiline)):
                return False
        else:
            raise _Unsupported
    return True


def _lookahead_avoids(op, seq, sep: str, dotall: bool, C, multiline: bool) -> bool:
    """A lookahead that a window ending at ``sep`` reads as the whole text does."""
    if op is C.ASSERT and _holds_at_edge(seq, sep, dotall, C, multiline):
        return True
    return _avoids(seq, sep, dotall, C, multiline)


def _holds_at_edge(seq, sep: str, dotall: bool, C, multiline: bool) -> bool:
    """A lookahead true both on ``sep`` in the text and at a window's end, and read alike before them:
    one branch is a single character class holding ``sep`` (and newline, for ``$``), one an end anchor,
    and every other branch avoids ``sep``."""
    items = list(seq)
    branches = items[0][1][1] if len(items) == 1 and items[0][0] is C.BRANCH else [items]
    char = end = None
    rest = []
    for b in branches:
        b = list(b)
        if len(b) == 1 and b[0][0] is C.IN and char is None and _in_class(b[0][1], sep, C):
            char = b[0][1]
        elif len(b) == 1 and b[0][0] is C.AT and b[0][1] in (C.AT_END, C.AT_END_STRING, C.AT_END_LINE) and end is None:
            end = b[0][1]
        else:
            rest.append(b)
    if char is None or end is None or (end is C.AT_END and not multiline and not _in_class(char, "\n", C)):
        return False
    try:
        return all(_avoids(b, sep, dotall, C, multiline) for b in rest)
    except _Unsupported:
        return False


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
    """Rare literals of every registered pattern; frequent ones are only listed in ``skipped``."""

    def __init__(self) -> None:
        self.words: set[str] = set()
        self.skipped: frozenset[str] = frozenset()
        self.automaton = None
        self.generation = 0

    def add(self, words) -> None:
        unseen = set(words) - self.words - self.skipped
        if not unseen:
            return
        common = {w for w in unseen if _is_frequent(w)}
        with _LOCK:
            self.words |= unseen - common
            if common:
                self.skipped = self.skipped | common
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


@functools.cache
def frequent() -> frozenset[str]:
    """Literals found in most English news articles (data/frequent-literals.txt): not worth indexing."""
    path = Path(__file__).with_name("data") / "frequent-literals.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line[1:-1] for line in lines if line.startswith("|"))


_AUTOMATON = _Automaton()


class DocIndex:
    """Where the rules' literals occur in one document (case-folded), and separator positions.

    Rare words and their positions come from one Aho-Corasick pass. Frequent words (``skipped``:
    ``_COMMON`` and the frequent-literals list) are left out of the automaton, which would spend
    most of its time reporting them; whether one occurs, and where, is found with ``str`` methods
    only when a rule that passed on its rare words needs it.

    The pass itself waits until it pays: with the Hyperscan gate on, an article's three or so
    remaining rules ask about some forty rare words, which ``str`` methods answer one by one for less
    (``LAZY_CHARS``). Either way a word counts only if it is an automaton word, as the pass reports.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.generation = _AUTOMATON.generation
        cased = text.casefold()
        self.folded = folded = _fold_i(cased)
        self.aligned = _aligned(text, cased, folded)
        self.occ: dict[str, list[int]] = {}  # word -> start positions, overlapping ones included
        self._found: frozenset[str] | None = None  # rare words that occur, once the automaton has run
        self._rare: dict[str, bool] = {}  # rare word -> occurs, looked up one by one before that
        self._budget = LAZY_CHARS  # characters one-by-one lookups may still read before the pass is cheaper
        self.skipped = _AUTOMATON.skipped  # frequent words: looked up when asked
        self._counts: dict[str, int] = {}
        self._frequent: dict[str, bool] = {}  # frequent word -> occurs (looked up when a rule needs it)
        self._sets: dict[int, bool] = {}  # literal set id -> has a word in the document
        self._seps: dict[str, list[int]] = {}

    @property
    def found(self) -> frozenset[str]:
        """Rare words that occur (runs the automaton pass)."""
        if self._found is None:
            occ: dict[str, list[int]] = {}
            if _AUTOMATON.words:
                for end, word in _AUTOMATON.get().iter(self.folded):
                    lst = occ.get(word)
                    if lst is None:
                        occ[word] = [end - len(word) + 1]
                    else:
                        lst.append(end - len(word) + 1)
            self._found = frozenset(occ)
            for word, starts in occ.items():
                self.occ.setdefault(word, starts)
        return self._found

    def _hits(self, words) -> set[str] | frozenset[str]:
        """The rare words of ``words`` that occur: ``words & found``, looked up one by one while that is cheaper."""
        if self._found is None:
            cost = len(words) * len(self.folded)
            if cost <= self._budget:
                self._budget -= cost
                rare, automaton, folded = self._rare, _AUTOMATON.words, self.folded
                out = set()
                for w in words:
                    got = rare.get(w)
                    if got is None:
                        got = rare[w] = w in automaton and w in folded
                    if got:
                        out.add(w)
                return out
        return words & self.found

    def present_sets(self) -> set[int]:
        """Ids of the registered literal sets with a rare word in the document."""
        n, got = self.__dict__.get("_present", (-1, None))
        if n != len(_SETS):  # sets registered since (another Auditor's rules) need a recount
            got = set()
            get = _WORD_SETS.get
            for w in self.found:
                ids = get(w)
                if ids:
                    got.update(ids)
            self._present = (len(_SETS), got)
        return got

    def has_set(self, i: int) -> bool:
        """Whether literal set ``i`` has a word in the document (its frequent words looked up once each)."""
        got = self._sets.get(i)
        if got is None:
            got = self._sets[i] = i in self.present_sets() or any(map(self.has, _frequent_part(_SETS[i])))
        return got

    def has(self, word: str) -> bool:
        """Whether ``word`` (rare or frequent) occurs in the document."""
        if word not in self.skipped:
            return bool(self._hits({word}))
        got = self._frequent.get(word)
        if got is None:
            got = self._frequent[word] = word in self.folded
        return got

    def present(self, words) -> set[str]:
        """Those of ``words`` that occur in the document."""
        return self._hits(words).union(w for w in _frequent_part(words) if self.has(w))

    def rarest(self, literals: tuple[frozenset[str], ...]) -> frozenset[str] | None:
        """The least frequent of ``literals`` in the document, preferring sets the automaton counted
        exactly; None when one of them has no word in the document."""
        best, best_n = None, -1
        frequent_sets = []
        for words in literals:
            hit = self._hits(words)
            frequent = _frequent_part(words)
            if frequent:
                if not hit and not any(map(self.has, frequent)):
                    return None
                frequent_sets.append(words)
            elif not hit:
                return None
            else:
                n = sum(len(self.positions(w)) for w in hit)
                if best is None or n < best_n:
                    best, best_n = words, n
        if best is None:
            best = frequent_sets[0] if len(frequent_sets) == 1 else min(frequent_sets, key=self.count)
        return best

    def positions(self, word: str) -> list[int]:
        got = self.occ.get(word)
        if got is None:
            if self._found is None and word not in self.skipped:  # a rare word before the pass: one loop of finds
                got = _find_all(self.folded, word) if word in _AUTOMATON.words else []
                self._rare[word] = bool(got)
            else:
                got = _find_all(self.folded, word) if self.has(word) else []
            self.occ[word] = got
        return got

    def count(self, words: frozenset[str]) -> int:
        """About how often ``words`` occur (frequent words: estimated from a sample; enough to pick the rarest set)."""
        n = sum(len(self.positions(w)) for w in self._hits(words))
        for w in _frequent_part(words):
            if not self.has(w):
                continue
            c = self._counts.get(w)
            if c is None:
                c = self._counts[w] = self._estimate(w)
            n += c
        return n

    def _estimate(self, word: str) -> int:
        """How often a frequent word occurs: counted in the first ``SAMPLE`` characters, scaled to the text."""
        size = len(self.folded)
        if size <= SAMPLE:
            return self.folded.count(word)
        return self.folded.count(word, 0, SAMPLE) * size // SAMPLE

    def occurrences(self, words: frozenset[str]) -> list[tuple[int, int]]:
        """Sorted (start, end) of every occurrence of any of ``words``."""
        got: list[tuple[int, int]] = []
        k = 0
        for w in self._hits(words).union(_frequent_part(words)):
            pos = self.positions(w)
            if pos:
                n = len(w)
                got.extend((s, s + n) for s in pos)
                k += 1
        if k > 1:
            got.sort()
        return got

    def separators(self, chars: str) -> list[int]:
        """Sorted positions of any of ``chars``."""
        got = self._seps.get(chars)
        if got is None:
            one = len(chars) == 1
            got = _find_all(self.text, chars) if one else sorted(i for c in chars for i in self.separators(c))
            self._seps[chars] = got
        return got


def _aligned(text: str, cased: str, folded: str) -> bool:
    """Whether every character of ``text`` folds to exactly one character, so that a position in ``folded`` is
    the same position in ``text`` (``cased`` is ``text.casefold()``, ``folded`` the result of ``fold``). Equal
    lengths are not enough: an expansion (``ß`` → ``ss``, ``ﬁ`` → ``fi``) can be made up for by a contraction
    further on (``i`` + U+0307 → ``i``), which shifts the positions between."""
    if len(folded) != len(text):
        return False
    if len(cased) == len(text):
        return True  # no expansion, so no contraction either
    n = text.count("İ")  # casefolds to i + U+0307, which fold() turns back into one i
    return len(cased) == len(text) + n and cased.count("i\u0307") == n


def _is_frequent(word: str) -> bool:
    return word.strip() in _COMMON or word in frequent()


@functools.cache
def _frequent_part(words: frozenset[str]) -> tuple[str, ...]:
    """The frequent words of a literal set (those looked up with ``str`` methods, not the automaton)."""
    return tuple(w for w in words if _is_frequent(w))


@functools.cache
def _capitalised(words: frozenset[str]) -> bool:
    return all(w[:1].isupper() for w in words)


def _find_all(text: str, word: str) -> list[int]:
    """Start of every occurrence, overlapping ones included (as Aho-Corasick reports them)."""
    find = text.find
    out = []
    i = find(word)
    while i >= 0:
        out.append(i)
        i = find(word, i + 1)
    return out


def register(words) -> None:
    """Index these case-folded literals too, for code checks that look them up with ``DocIndex.positions``
    (only words rare in English: every occurrence costs a step of the automaton pass)."""
    _AUTOMATON.add(words)


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
    rarest = idx.rarest(info.literals)  # every set is required: search around the rarest
    if rarest is None:  # a required set with no word in the document
        return []
    if not idx.aligned:  # case folding changed lengths: positions unusable, search the whole regions
        return [(i, lo, hi) for i, (lo, hi) in enumerate(regions)]
    occ = idx.occurrences(rarest)
    seps = idx.separators(info.separator) if info.separator else None  # a match contains none of them
    if len(regions) == 1:
        return _windows_in(occ, seps, regions[0], len(idx.text))
    starts = [r[0] for r in regions]
    out: list[tuple[int, int, int]] = []
    last = None
    n = len(regions)
    text_len = len(idx.text)
    for s, e in occ:
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
            b = seps[k] if k < len(seps) else text_len
            if e > b:
                continue  # the literal spans a separator: no match contains it
            a, b = max(a, lo), min(b, hi)
        elif last is not None and last[0] == ri:
            continue  # no separator: the window is the whole region, already taken
        else:
            a, b = lo, hi
        key = (ri, a, b)
        if key != last:
            if last is not None and last[0] == ri and a < last[2]:
                continue  # same window as before (occurrences are sorted)
            out.append(key)
            last = key
    return out


def _windows_in(occ, seps, region: tuple[int, int], text_len: int) -> list[tuple[int, int, int]]:
    """``windows`` for a single region (scope ``text``, the common case)."""
    lo, hi = region
    if seps is None:
        return [(0, lo, hi)] if any(lo <= s and e <= hi for s, e in occ) else []
    out = []
    last_end = -1
    n = len(seps)
    for s, e in occ:
        if s < last_end or s < lo or e > hi:
            continue  # inside the last window, or outside the region
        k = bisect_left(seps, s)
        b = seps[k] if k < n else text_len
        if e > b:
            continue  # the literal spans a separator: no match contains it
        a = seps[k - 1] + 1 if k else 0
        out.append((0, max(a, lo), min(b, hi)))
        last_end = b
    return out


# -- rule gating: skip a whole rule when a word it needs is absent ------------------------------
_SET_IDS: dict[frozenset[str], int] = {}  # literal set -> its id (its bit in requirement masks)
_SETS: list[frozenset[str]] = []  # id -> literal set
_WORD_SETS: dict[str, tuple[int, ...]] = {}  # word -> ids of the literal sets that contain it


def requirement(patterns) -> int:
    """Bit mask of the literal sets that must all be present for every one of ``patterns`` to match."""
    mask = 0
    with _LOCK:
        for p in patterns:
            for words in p.info.literals or ():
                i = _SET_IDS.get(words)
                if i is None:
                    i = _SET_IDS[words] = len(_SETS)
                    _SETS.append(words)
                    for w in words:
                        _WORD_SETS[w] = (*_WORD_SETS.get(w, ()), i)
                mask |= 1 << i
    return mask


def _bits(mask: int) -> list[int]:
    """Positions of the set bits of ``mask`` (a few among hundreds)."""
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


class Gated(list):
    """``gate``'s (rule, alternatives) pairs, with a plan of which literal sets each alternative needs."""

    _plan = None

    def plan(self) -> _Plan:
        if self._plan is None:  # the rules' sets and their ids never change once registered
            self._plan = _Plan(self)
        return self._plan


class _Plan:
    """How ``active`` picks a document's rules: by the Hyperscan gate's ids where it covers every pattern of a
    rule (``hs_open``: the rules it does not cover), by literal sets otherwise (``literal``, and
    ``literal_open`` for the ``hs_open`` rules alone)."""

    def __init__(self, gated) -> None:
        self.hs_open: list[int] = []  # rules the gate cannot rule out (a pattern not in it)
        self.hs_alts: list[tuple[int, int]] = []  # (rule, number of distinct ids) per alternative
        self.hs_by_id: dict[int, list[int]] = {}  # Hyperscan id -> the alternatives that need it
        for ri, (rule, _) in enumerate(gated):
            alts = rule.requirements() if hasattr(rule, "requirements") else None
            if alts is None or any(p.hs < 0 for alt in alts for p in alt):
                self.hs_open.append(ri)
                continue
            for alt in alts:
                ids = {p.hs for p in alt}
                for i in ids:
                    self.hs_by_id.setdefault(i, []).append(len(self.hs_alts))
                self.hs_alts.append((ri, len(ids)))
        self._gated = gated
        self.literal_open = _LiteralPlan(gated, self.hs_open)

    @functools.cached_property
    def literal(self) -> _LiteralPlan:
        """Every rule's literal sets: for documents the gate does not apply to (built when one comes)."""
        return _LiteralPlan(self._gated, range(len(self._gated)))


class _LiteralPlan:
    """Alternatives of some of the gated rules as (rule index, sets with a frequent word, number of rare-only
    sets), and per rare-only set the alternatives that need it: a document's rare sets are counted, not every
    mask tested."""

    def __init__(self, gated, rule_indexes) -> None:
        self.alternatives: list[tuple[int, tuple[int, ...], int]] = []
        self.by_set: dict[int, list[int]] = {}
        self.unconditional: list[int] = []  # alternatives with no rare-only set
        self.always: set[int] = set()  # rules without literal requirements
        for ri in rule_indexes:
            req = gated[ri][1]
            if req is None:
                self.always.add(ri)
                continue
            for mask in req:
                ids = _bits(mask)
                frequent = tuple(i for i in ids if _frequent_part(_SETS[i]))
                rare = [i for i in ids if i not in frequent]
                k = len(self.alternatives)
                self.alternatives.append((ri, frequent, len(rare)))
                for i in rare:
                    self.by_set.setdefault(i, []).append(k)
                if not rare:
                    self.unconditional.append(k)


def gate(rules) -> Gated:
    """(rule, alternatives): a rule runs when one alternative's sets are all present; None: always."""
    out = Gated()
    for rule in rules:
        alts = rule.requirements() if hasattr(rule, "requirements") else None
        req = None if alts is None else tuple(requirement(a) for a in alts)
        out.append((rule, None if req is None or 0 in req else req))
    return out


def active(doc, gated: list[tuple]) -> list:
    """The rules of ``gated`` that can find something in ``doc``."""
    if not _ENABLED:
        return [r for r, _ in gated]
    plan = gated.plan() if isinstance(gated, Gated) else _Plan(gated)
    hits = gate_hits(doc)
    if hits is None:
        chosen = _literal_chosen(doc, plan.literal)
    else:  # the rules the Hyperscan gate lets through; literal sets decide only for rules it does not cover
        counts: dict[int, int] = {}
        by_id = plan.hs_by_id
        for i in hits:
            for k in by_id.get(i, ()):
                counts[k] = counts.get(k, 0) + 1
        alts = plan.hs_alts
        chosen = {alts[k][0] for k, n in counts.items() if n == alts[k][1]}
        if plan.hs_open:
            chosen |= _literal_chosen(doc, plan.literal_open)
    return [gated[ri][0] for ri in sorted(chosen)]  # in load order


def _literal_chosen(doc, plan: _LiteralPlan) -> set[int]:
    """Indexes of the plan's rules whose required literal sets are all present in ``doc``."""
    idx = doc_index(doc)
    counts: dict[int, int] = {}
    by_set = plan.by_set
    for i in idx.present_sets() if by_set else ():  # present_sets() needs the automaton pass
        for k in by_set.get(i, ()):
            counts[k] = counts.get(k, 0) + 1
    alternatives = plan.alternatives
    chosen = set(plan.always)
    for k in [k for k, n in counts.items() if n == alternatives[k][2]] + plan.unconditional:
        ri, frequent, _ = alternatives[k]
        if ri not in chosen and all(map(idx.has_set, frequent)):
            chosen.add(ri)
    return chosen


def gate_hits(doc) -> set[int] | None:
    """The Hyperscan gate's ids that match somewhere in ``doc`` (computed once per document), or None."""
    got = doc.__dict__.get("_hs_hits")
    if got is None or got[0] != hsgate.GATE.size() or got[1] is not doc.text:
        got = (hsgate.GATE.size(), doc.text, hsgate.hits(doc.text) if hsgate.available() else None)
        doc.__dict__["_hs_hits"] = got
    return got[2]


def may_match(pattern: LazyPattern, doc) -> bool:
    """False when the Hyperscan gate shows ``pattern`` cannot match anywhere in ``doc``."""
    if pattern.hs < 0 or not _ENABLED:
        return True
    hits = gate_hits(doc)
    return hits is None or pattern.hs in hits


def finditer(pattern: LazyPattern, doc, regions: list[tuple[int, int]], timeout: float):
    """Matches of ``pattern`` in ``regions`` of ``doc.text``, exactly as a full scan finds them."""
    text = doc.text
    info = pattern.info
    if not may_match(pattern, doc):
        return
    if info.lead is not None and _ENABLED:
        if info.lead_cased and _capitalised(info.lead_cased):
            # every match starts with a capitalised word: the regex engine finds those faster on its own
            if doc_index(doc).rarest(info.literals) is None:
                return
            compiled = pattern.compiled
            for lo, hi in regions:
                yield from compiled.finditer(text, lo, hi, timeout=timeout)
            return
        starts = _starts(doc, info, regions)
        if starts is not None:
            seps = doc_index(doc).separators(info.separator) if info.separator and starts else None
            yield from _anchored(pattern, text, starts, timeout, seps)
            return
    compiled = None
    for _, a, b in windows(doc, pattern.info, regions):
        if compiled is None:
            compiled = pattern.compiled
        yield from compiled.finditer(text, a, b, timeout=timeout)


def _starts(doc, info: PatternInfo, regions: list[tuple[int, int]]) -> list[tuple[int, int]] | None:
    """(start, region end) of every occurrence of a leading word inside ``regions``; None when windows
    are the better plan: the leading words are ``LEAD_DENSITY`` times as frequent as the rarest required
    literal, or case folding changed the text's length."""
    idx = doc_index(doc)
    if not idx.aligned:
        return None
    rarest = idx.rarest(info.literals)
    if rarest is None:
        return []
    lead, cased, text = info.lead, info.lead_cased, idx.text
    dense = None if rarest == lead else LEAD_DENSITY * idx.count(rarest)  # more starts than this: windows
    if dense is not None and idx.count(lead) > 2 * dense:
        return None  # far too many starts (an estimate, before listing them all)
    words = idx.present(lead)
    if cased:  # case-sensitive: only where the text has the words as the pattern writes them
        found = sorted({s for w in words for s in idx.positions(w) if text[s : s + len(w)] in cased})
    else:
        found = sorted({s for w in words for s in idx.positions(w)})
    if dense is not None and len(found) > dense:
        return None
    if len(regions) == 1:
        lo, hi = regions[0]
        return [(s, hi) for s in found if lo <= s < hi]
    starts = [r[0] for r in regions]
    out = []
    for s in found:
        ri = bisect_right(starts, s) - 1
        if ri >= 0 and s < regions[ri][1]:
            out.append((s, regions[ri][1]))
    return out


def _anchored(pattern: LazyPattern, text: str, starts: list[tuple[int, int]], timeout: float, seps: list[int] | None = None):
    """What ``finditer`` finds when every match starts at one of ``starts``: one anchored ``match`` at each
    start not inside the previous match (a search would reach each of them in the same order).

    Each match ends at the next of ``seps`` (separators no match contains): ``regex`` looks for a
    pattern's required substring up to the end position before it tries a match, so a far end costs
    a scan of the rest of the text at every start."""
    compiled = None
    last_end, last_hi = -1, -1
    n = len(seps) if seps else 0
    for s, hi in starts:
        if s < last_end and hi == last_hi:
            continue
        if compiled is None:
            compiled = pattern.compiled
        end = hi
        if n:
            k = bisect_left(seps, s)
            if k < n and seps[k] < hi:
                end = seps[k]
        m = compiled.match(text, s, end, timeout=timeout)
        if m is not None:
            yield m
            last_end, last_hi = m.end(), hi
