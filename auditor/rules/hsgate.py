"""Hyperscan gate: one scan of a document says which rule patterns can match in it at all.

Every registered pattern is rewritten, once, into a byte-level Hyperscan expression that matches
(at least) wherever the pattern matches:

- ``_core``: what a match must contain. Anchors, ``\\b`` and negative lookarounds are dropped; a
  positive lookbehind at the start or lookahead at the end becomes text sought; optional items at
  either end are dropped and repeated ones sought once.
- Every character class, case-insensitive letters included, becomes the UTF-8 bytes of the code points
  the ``regex`` module itself matches within ``universe()`` (the Latin, Greek and Cyrillic letters,
  punctuation and symbols news is written in); a class with many non-ASCII characters stands for any
  non-ASCII character. Back-references become ``.*``; long bounded repeats become open ones.

A document made only of ``universe()`` characters (``usable``) is scanned once with every expression
(``HS_FLAG_SINGLEMATCH``). A rule none of whose patterns is reported is not run; a pattern not
reported is not searched. Other documents, and patterns the rewrite does not cover,
take the literal prefilter's path alone (``prefilter.py``), so findings never change:
``tests/test_hsgate.py`` checks rewrites against ``regex`` (property test) and every bundled pattern
on corpus articles. Without Hyperscan installed, where it cannot run (the gate then switches itself
off), or with ``AUDITOR_HYPERSCAN=0``, the literal prefilter alone is used. Rewrites and compiled
databases are cached on disk.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
import re
import re._constants as C
import re._parser as P
import sys
import threading
from bisect import bisect_right
from pathlib import Path

import regex

from .. import cache
from ..bytetext import non_ascii
from .syntax import INLINE_FLAGS, REGEX_ONLY, escaped

_ENABLED = os.environ.get("AUDITOR_HYPERSCAN", "1").lower() not in ("0", "off", "no", "false")
MAX_BOUND = 30  # a bounded repeat above this becomes * or + (smaller automaton, larger language)
MAX_RANGE = 0x3000  # a case-insensitive class range wider than this is not rewritten

# Code points a document may contain for the gate to apply; none of them case-folds to several.
_BLOCKS = (
    (0x00, 0x24F),  # Basic Latin to Latin Extended-B
    (0x250, 0x36F),  # IPA, spacing modifiers, combining diacritics
    (0x370, 0x52F),  # Greek, Cyrillic and its supplement
    (0x1E00, 0x1FFF),  # Latin Extended Additional, Greek Extended
    (0x2000, 0x2BFF),  # punctuation, currency, letterlike, arrows, maths, box drawing, symbols
    (0x3000, 0x303F),  # CJK punctuation
    (0xFB00, 0xFB06),  # ligatures (filtered out below: they fold to several letters)
    (0xFE00, 0xFE0F),  # variation selectors
    (0xFEFF, 0xFEFF),  # byte-order mark
    (0xFF01, 0xFF5E),  # full-width forms
    (0xFFFD, 0xFFFD),  # replacement character
    (0x1F000, 0x1FAFF),  # emoji and pictographs
)


@functools.cache
def universe() -> str:
    """The characters a document may contain for the gate to apply (built on first use, not at import)."""
    return "".join(c for lo, hi in _BLOCKS for c in map(chr, range(lo, hi + 1)) if _in_universe(c))


@functools.lru_cache(maxsize=65536)
def _in_universe(c: str) -> bool:
    """``c`` is in a block of ``_BLOCKS`` and case-folds to one character. Left out as well: the long s and the
    Kelvin sign, whose case mates are ASCII letters (so that case-insensitive ASCII letters stay plain byte
    pairs, which Hyperscan searches fastest), and the dotted capital I."""
    p = ord(c)
    k = bisect_right(_BLOCK_STARTS, p) - 1
    return k >= 0 and p <= _BLOCKS[k][1] and len(c.casefold()) == 1 and c not in "\u0130\u017f\u212a"


_BLOCK_STARTS = [lo for lo, _ in _BLOCKS]


def _ranges(points: list[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for p in sorted(points):
        if out and p == out[-1][1] + 1:
            out[-1] = (out[-1][0], p)
        else:
            out.append((p, p))
    return out


def usable(text: str) -> bool:
    """Whether every character of ``text`` is in ``universe()`` (its distinct non-ASCII ones tested)."""
    return text.isascii() or all(map(_in_universe, non_ascii(text.encode("utf-8", "surrogatepass"))))


# -- rewriting a pattern -----------------------------------------------------------------------
class _Unsupported(Exception):
    pass


_REJECT = (*REGEX_ONLY, "(?x", "(?a", "(?L")
_PROP = re.compile(r"\\[pP]\{[\w:=&^ -]+\}|\\[pP][A-Z]")
_PUA = 0xF0000  # placeholders for \p{…} start here (plane 15, never in the universe)


def _prepare(source: str) -> tuple[str, list[str]]:
    """``source`` in Python ``re`` syntax with the same language, and the ``\\p{…}`` its placeholders stand for."""
    if any(t in source for t in _REJECT) or any(ord(c) >= _PUA for c in source):
        raise _Unsupported
    if "--" in source and "[" in source or "&&" in source or "||" in source or "~~" in source:
        raise _Unsupported  # V1 set operations
    props: list[str] = []
    out, pos = [], 0
    for m in _PROP.finditer(source):
        if escaped(source, m.start()):
            continue
        if not _is_property(m.group(0)):
            raise _Unsupported  # regex reads it as literal text
        out += [source[pos : m.start()], chr(_PUA + len(props))]
        props.append(m.group(0))
        pos = m.end()
    text = "".join(out) + source[pos:]
    flags = _outside_classes(text)
    if flags and not (len(flags) == 1 and flags[0][0] == 0):  # mid-pattern flags: s and m only widen
        letters = set("".join(f for _, _, f in flags))
        if letters - set("smu"):
            raise _Unsupported  # a later (?i) is not a superset: [^a](?i) excludes A as well
        for start, end, _ in reversed(flags):
            text = text[:start] + text[end:]
        text = "(?" + "".join(sorted(letters)) + ")" + text
    elif flags and set(flags[0][2]) - set("imsu"):
        raise _Unsupported
    return text, props


_QUANTIFIER = re.compile(r"\{\d*(?:,\d*)?\}")


def _outside_classes(text: str) -> list[tuple[int, int, str]]:
    """(start, end, letters) of the inline flag groups of ``text`` outside character classes. Raises
    ``_Unsupported`` for what ``re`` and ``regex`` V1 read differently: a ``[`` inside a class (nested
    sets, POSIX classes) and a ``{`` that is not a repeat count (fuzzy matching)."""
    found = []
    i, n = 0, len(text)
    in_class, class_start = False, 0
    while i < n:
        c = text[i]
        if c == "\\":
            if text[i + 1 : i + 2] == "N" and text[i + 2 : i + 3] == "{":
                i = text.index("}", i) + 1
            else:
                i += 2
            continue
        if in_class:
            if c == "[":
                raise _Unsupported
            if c == "]" and i > class_start:
                in_class = False
        elif c == "[":
            in_class = True
            class_start = i + 1 + (text[i + 1 : i + 2] == "^")  # a ] right after [ or [^ is a member
        elif c == "{" and not _QUANTIFIER.match(text, i):
            raise _Unsupported
        elif c == "(" and text.startswith("(?", i):
            m = INLINE_FLAGS.match(text, i)
            if m:
                found.append((m.start(), m.end(), m.group(1)))
        i += 1
    return found


@functools.cache
def _is_property(text: str) -> bool:
    """Whether ``regex`` reads ``text`` (``\\p{…}``, ``\\pL``…) as a Unicode property, not as letters."""
    try:
        compiled = regex.compile(text, regex.V1)
    except regex.error:
        return False
    return compiled.fullmatch(text[1:]) is None


class _Rewriter:
    """Emits the byte-level expression of a parsed pattern; ``props`` are the ``\\p{…}`` its placeholders stand for."""

    def __init__(self, props: list[str]) -> None:
        self.props = props

    def _char(self, c: int) -> str:
        if c >= _PUA:
            return self.props[c - _PUA]
        return f"\\U{c:08x}"

    def _check_fold(self, c: int, ci: bool) -> None:
        if ci and c < _PUA and len(chr(c).casefold()) > 1:
            raise _Unsupported  # full case folding could match several characters

    def emit(self, seq, ci: bool, dotall: bool) -> str:
        out = []
        for op, av in seq:
            if op is C.LITERAL:
                self._check_fold(av, ci)
                if av >= _PUA or ci or av >= 0x80:
                    out.append(_members(self._char(av), ci))
                else:
                    out.append(_byte(av))
            elif op is C.NOT_LITERAL:
                self._check_fold(av, ci)
                out.append(_members(f"[^{self._char(av)}]", ci))
            elif op is C.ANY:
                out.append(_members("(?s:.)" if dotall else ".", False))
            elif op is C.IN:
                out.append(_members(self._class(av, ci), ci))
            elif op is C.BRANCH:
                out.append("(?:" + "|".join(self.emit(b, ci, dotall) for b in av[1]) + ")")
            elif op is C.SUBPATTERN:
                sub_ci, sub_dot = _group_flags(av, ci, dotall)
                out.append("(?:" + self.emit(av[3], sub_ci, sub_dot) + ")")
            elif op in _REPEATS:
                lo, hi, p = av
                inner = self.emit(p, ci, dotall)
                if not inner:
                    continue
                if hi is C.MAXREPEAT or hi > MAX_BOUND or (hi > 3 and not _simple(p)):
                    q = "*" if lo == 0 else "+"  # (large open counts of a group can crash Hyperscan's scan)
                else:
                    q = f"{{{lo},{hi}}}"
                out.append(f"(?:{inner}){q}")
            elif op is C.ATOMIC_GROUP:
                out.append("(?:" + self.emit(av, ci, dotall) + ")")
            elif op in (C.AT, C.ASSERT, C.ASSERT_NOT):
                continue
            elif op is C.GROUPREF:
                out.append("(?s:.)*")  # any bytes
            elif op is C.GROUPREF_EXISTS:
                _, yes, no = av
                out.append("(?:" + self.emit(yes, ci, dotall) + "|" + (self.emit(no, ci, dotall) if no else "") + ")")
            else:
                raise _Unsupported
        return "".join(out)

    def _class(self, items, ci: bool) -> str:
        parts = []
        for op, av in items:
            if op is C.NEGATE:
                parts.insert(0, "^")
            elif op is C.LITERAL:
                self._check_fold(av, ci)
                parts.append(self._char(av))
            elif op is C.RANGE:
                a, b = av
                if a >= _PUA or b >= _PUA:
                    raise _Unsupported  # [\\p{L}-\\p{N}] is a union in regex, a range here
                if ci:
                    if b - a > MAX_RANGE:
                        raise _Unsupported
                    for c in range(a, b + 1):
                        self._check_fold(c, ci)
                parts.append(f"\\U{a:08x}-\\U{b:08x}")
            elif op is C.CATEGORY:
                parts.append(_CATEGORIES[av])
            else:
                raise _Unsupported
        return "[" + "".join(parts) + "]"


def _group_flags(av, ci: bool, dotall: bool) -> tuple[bool, bool]:
    """Case-insensitivity and dot-all inside a group (``av`` of a SUBPATTERN) with its ``(?i-s:…)`` flags."""
    _, add, dele, _ = av
    ci = (ci or bool(add & C.SRE_FLAG_IGNORECASE)) and not dele & C.SRE_FLAG_IGNORECASE
    dotall = (dotall or bool(add & C.SRE_FLAG_DOTALL)) and not dele & C.SRE_FLAG_DOTALL
    return ci, dotall


_CATEGORIES = {
    C.CATEGORY_DIGIT: "\\d",
    C.CATEGORY_NOT_DIGIT: "\\D",
    C.CATEGORY_SPACE: "\\s",
    C.CATEGORY_NOT_SPACE: "\\S",
    C.CATEGORY_WORD: "\\w",
    C.CATEGORY_NOT_WORD: "\\W",
}
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT)
_MEMBERS: dict[tuple[str, bool], str] = {}


def _members(cls: str, ci: bool) -> str:
    key = (cls, ci)
    got = _MEMBERS.get(key)
    if got is None:
        flags = regex.V1 | (regex.IGNORECASE if ci else 0)
        points = set()
        for m in regex.finditer(cls, universe(), flags):
            if len(m.group()) != 1:
                raise _Unsupported
            points.add(ord(m.group()))
        got = _MEMBERS[key] = _atom(points)
    return got


MAX_SPELLED = 6  # UTF-8 lead sequences of a class's non-ASCII characters spelled out; more: any non-ASCII character


def _byte(b: int) -> str:
    return f"\\x{b:02x}"


def _byte_class(ranges: list[tuple[int, int]]) -> str:
    return "[" + "".join(_byte(a) if a == b else _byte(a) + "-" + _byte(b) for a, b in ranges) + "]"


def _atom(points: set[int]) -> str:
    """A byte-level expression that matches the UTF-8 encoding of each of ``points`` (and, for classes
    with many non-ASCII characters, of any non-ASCII character)."""
    ascii_part = sorted(p for p in points if p < 0x80)
    wide = sorted(p for p in points if p >= 0x80)
    alts = []
    if ascii_part:
        ranges = _ranges(ascii_part)
        alts.append(_byte_class(ranges))
    by_prefix: dict[bytes, list[int]] = {}
    for p in wide:
        enc = chr(p).encode("utf-8")
        by_prefix.setdefault(enc[:-1], []).append(enc[-1])
    if len(by_prefix) > MAX_SPELLED:
        alts.append("[\\xc2-\\xf4][\\x80-\\xbf]{1,3}")
    else:
        for prefix, lasts in by_prefix.items():
            tail = _ranges(lasts)
            alts.append("".join(map(_byte, prefix)) + _byte_class(tail))
    if not alts:
        return "\\xff"  # no UTF-8 text contains this byte: matches nothing
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


def _core(seq: list, ci: bool, dotall: bool) -> tuple[list, bool, bool]:
    """Items a document must contain, in order, for the pattern to match. At either end: a negative
    lookaround is dropped; a positive one looking outwards (a lookbehind first, a lookahead last)
    becomes part of the text sought, one looking inwards replaces the rest when only it holds a rare
    word; an optional item is dropped; a repeated one is sought once; a lone group is unwrapped. Inside,
    a positive lookaround with a rare word is made part of the text sought (``_inner_lookaround``).
    A match of the whole then contains a match of what is left."""
    while True:
        changed = True
        while changed and seq:
            changed = False
            for end in (0, -1):
                if not seq:
                    break
                op, av = seq[end]
                if op in (C.AT, C.ASSERT_NOT, C.GROUPREF) or (op in _REPEATS and av[0] == 0):
                    seq = seq[1:] if end == 0 else seq[:-1]
                elif op is C.ASSERT and (av[0] < 0) == (end == 0):
                    seq = list(av[1]) + seq[1:] if end == 0 else seq[:-1] + list(av[1])
                elif op is C.ASSERT:  # looking inwards: its text alone when only it holds a rare word
                    rest = seq[1:] if end == 0 else seq[:-1]
                    seq = list(av[1]) if _rare(av[1]) and not _rare(rest) else rest
                elif op in _REPEATS and av[1] != 1:
                    item = (C.SUBPATTERN, (None, 0, 0, av[2]))
                    seq = [item] + seq[1:] if end == 0 else seq[:-1] + [item]
                else:
                    continue
                changed = True
        inner = _inner_lookaround(seq)
        if inner is not None:
            seq = inner
            continue
        if len(seq) != 1 or seq[0][0] is not C.SUBPATTERN:
            return seq, ci, dotall
        ci, dotall = _group_flags(seq[0][1], ci, dotall)
        seq = list(seq[0][1][3])


def _inner_lookaround(seq: list) -> list | None:
    """A positive lookaround inside ``seq`` whose text holds a rare word, made part of the text sought:
    ``A(?<=B)C`` becomes ``BC`` (B ends where C starts) and ``A(?=B)C`` becomes ``AB``; None when none."""
    for k, (op, av) in enumerate(seq):
        if op is C.ASSERT and av[0] < 0 and k > 0 and _rare(av[1]):
            return list(av[1]) + seq[k + 1 :]
    for k, (op, av) in enumerate(seq):
        if op is C.ASSERT and av[0] > 0 and k < len(seq) - 1 and _rare(av[1]) and not _rare(seq[:k]):
            return seq[:k] + list(av[1])
    return None


def _rare(seq) -> bool:
    """Whether every match of ``seq`` contains a word of three or more letters that is not a frequent one."""
    for text, op, av in _pieces(seq):
        if text is not None:
            if any(len(w) >= 3 and w.lower() not in _WEAK for w in text.split()):
                return True
        elif op is C.SUBPATTERN and _rare(av[3]) or op is C.BRANCH and all(_rare(b) for b in av[1]) or op in _REPEATS and av[0] > 0 and _rare(av[2]):
            return True
    return False


def _pieces(seq):
    """The items of ``seq`` in order as (text, None, None) for a run of literal letters, else (None, op, av)."""
    run: list[str] = []
    for op, av in seq:
        c = _letter(op, av)
        if c is not None:
            run.append(c)
            continue
        if run:
            yield "".join(run), None, None
            run = []
        yield None, op, av
    if run:
        yield "".join(run), None, None


def _reduce(rewriter: _Rewriter, seq: list, ci: bool, dotall: bool) -> str:
    """The expression for what a match of ``seq`` must contain; an alternation is reduced branch by
    branch. Empty: nothing to seek (the pattern is not covered)."""
    seq, ci, dotall = _core(seq, ci, dotall)
    if len(seq) == 1 and seq[0][0] is C.BRANCH:
        parts = [_reduce(rewriter, list(b), ci, dotall) for b in seq[0][1][1]]
        return "(?:" + "|".join(parts) + ")" if all(parts) else ""
    return rewriter.emit(_without_weak_lead(seq), ci, dotall)


# Words too frequent to begin the text sought: leading ones are dropped (Hyperscan is slowest on them).
_WEAK = frozenset(
    ["a", "an", "the", "in", "on", "at", "of", "to", "for", "by", "as", "and", "or", "but", "is", "are", "was", "were", "be", "been", "has", "have", "had", "it", "its", "this", "that", "these", "those", "with", "from", "into", "over", "after", "about", "during", "within", "what", "who", "which", "not", "no"]
)


def _letter(op, av) -> str | None:
    """The character an item matches when it is one literal or a class of one letter's two cases."""
    if op is C.LITERAL and av < _PUA:
        return chr(av)
    if op is C.IN and len(av) == 2 and all(o is C.LITERAL for o, _ in av):
        a, b = (chr(x) for _, x in av)
        if a != b and a.lower() == b.lower():
            return a.lower()
    return None


def _weak(seq) -> bool:
    """Whether ``seq`` matches only frequent words and white space."""
    for text, op, av in _pieces(seq):
        if text is not None:
            if any(w.lower() not in _WEAK for w in text.split()):
                return False
        elif op is C.IN and all(o is C.CATEGORY and a == C.CATEGORY_SPACE or o is C.LITERAL and chr(a).isspace() for o, a in av) or op is C.BRANCH and all(_weak(b) for b in av[1]) or op is C.SUBPATTERN and _weak(av[3]) or op in _REPEATS and _weak(av[2]):
            continue
        else:
            return False
    return True


def _without_weak_lead(seq: list) -> list:
    """``seq`` without the frequent words and white space it starts with, when a literal follows them."""
    i = 0
    while i < len(seq):
        j = i + 1
        if _letter(*seq[i]) is not None:  # a literal run counts as a whole
            while j < len(seq) and _letter(*seq[j]) is not None:
                j += 1
        if not _weak(seq[i:j]):
            break
        i = j
    rest = seq[i:]
    return rest if i and any(op is C.LITERAL and av < _PUA for op, av in rest) else seq


def _simple(seq) -> bool:
    return len(seq) == 1 and seq[0][0] in (C.IN, C.LITERAL, C.NOT_LITERAL, C.ANY)


def rewrite(source: str, flags: int) -> str | None:
    """The Hyperscan expression for ``source`` (compiled with ``regex`` ``flags``), or None when not covered."""
    if flags & (regex.ASCII | regex.LOCALE | regex.VERBOSE | regex.WORD | regex.REVERSE) or not flags & regex.V1:
        return None  # class members are computed with V1 semantics
    try:
        text, props = _prepare(source)
        tree = P.parse(text, (C.SRE_FLAG_IGNORECASE if flags & regex.IGNORECASE else 0) | C.SRE_FLAG_UNICODE)
        gflags = tree.state.flags
        if gflags & (C.SRE_FLAG_VERBOSE | C.SRE_FLAG_ASCII):
            return None
        ci = bool(flags & regex.IGNORECASE or gflags & C.SRE_FLAG_IGNORECASE)
        dotall = bool(flags & regex.DOTALL or gflags & C.SRE_FLAG_DOTALL)
        out = _reduce(_Rewriter(props), list(tree), ci, dotall)
    except Exception:  # noqa: BLE001 - anything not understood (_Unsupported included) keeps the literal prefilter
        return None
    return out or None


# -- the database ------------------------------------------------------------------------------
def _cache_key() -> str:
    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    return f"{regex.__version__}-{code}-py{sys.version_info[0]}.{sys.version_info[1]}"


REWRITES = cache.Table("hyperscan-rewrites", _cache_key, limit=20_000)
_LOCK = threading.Lock()
# The bundled rules' database takes about 2.5 s to compile and saves about 1 ms per article, so a process
# compiles an uncached database of more than SMALL_SEGMENT expressions only once it has been given
# BUILD_AFTER bytes of text (a batch, a long document); a one-article run uses the cached one or none.
SMALL_SEGMENT = 50
BUILD_AFTER = int(os.environ.get("AUDITOR_HYPERSCAN_BUILD_AFTER", 1_000_000))


class _Gate:
    """Expressions of the registered patterns, compiled in segments: the patterns registered before a
    scan form one database (cached on disk), those registered later (house rules) another."""

    def __init__(self) -> None:
        self.expressions: list[str] = []
        self.ids: dict[str, int] = {}
        self.segments: list = []  # Hyperscan databases, each for the next run of expressions
        self.compiled = 0  # expressions in ``segments``
        self.refused: set[int] = set()  # expressions Hyperscan would not compile: always reported
        self.seen = 0  # bytes scanned or offered in this process
        self.missed = 0  # size of the pending segment last looked for in the cache in vain
        self.vouchers: dict = {}  # key → samples() of (expression id, text): see vouch_with

    def size(self) -> int:
        return len(self.expressions)

    def add(self, source: str, flags: int) -> int:
        """The id of the pattern's expression, or -1 when it is not covered."""
        key = (source, flags)
        expr = REWRITES.get(key, False)
        if expr is False:
            expr = rewrite(source, flags)
            with _LOCK:
                REWRITES.put(key, expr)
        if expr is None:
            return -1
        with _LOCK:
            i = self.ids.get(expr)
            if i is None:
                i = self.ids[expr] = len(self.expressions)
                self.expressions.append(expr)
            return i

    def scan(self, data: bytes) -> set[int] | None:
        """Ids reported in ``data``; None while a large uncached database is not worth compiling yet."""
        with _LOCK:
            self.seen += len(data)
            if self.compiled < len(self.expressions):
                ids = list(range(self.compiled, len(self.expressions)))
                exprs = [self.expressions[i] for i in ids]
                wait = len(ids) > SMALL_SEGMENT and self.seen < BUILD_AFTER
                if wait and self.missed == len(ids):
                    return None  # not in the cache a moment ago either
                built = _compile(exprs, ids, cached_only=wait, vouchers=self.vouchers)
                if built is None:
                    self.missed = len(ids)
                    return None
                db, refused = built
                if db is not None:
                    self.segments.append(db)
                self.refused.update(refused)
                self.compiled = len(self.expressions)
            got = set(self.refused)
            add = got.add
            for db in self.segments if data else ():
                db.scan(data, match_event_handler=lambda i, a, b, f, c: add(i))
        return got


_DB_FORMAT = "vouched"  # part of a cached database's key: databases compiled before vouching are not reused


def vouch_with(key, samples) -> None:
    """Register ``samples()``: (expression id, text) pairs, each a text the expression's pattern matches.
    A newly compiled database is scanned over them, and an expression it does not report in its own
    sample is refused (its pattern then always runs): a guard against Hyperscan bugs such as the one
    that misses '(?:[Oo]n|[Uu]pon|[Bb]y|[Ii]n connection with) the fact of (?:the |a )?[a-z]' in
    'A criminal case was opened on the fact of the explosion.'"""
    GATE.vouchers[key] = samples


def _unvouched(db, ids: list[int], vouchers: dict) -> set[int]:
    """Expressions of ``ids`` that ``db`` fails to report in one of their samples."""
    wanted = set(ids)
    texts: dict[str, set[int]] = {}
    for samples in list(vouchers.values()):
        for i, text in samples():
            if i in wanted and usable(text):
                texts.setdefault(text, set()).add(i)
    bad: set[int] = set()
    for text, expected in texts.items():
        got: set[int] = set()
        db.scan(data(text), match_event_handler=lambda i, a, b, f, c, got=got: got.add(i))
        bad |= expected - got
    return bad


def _compile(expressions: list[str], ids: list[int], cached_only: bool = False, vouchers: dict | None = None):
    """A database of ``expressions`` with ``ids`` (cached on disk), and the ids Hyperscan refused; None
    when ``cached_only`` and the cache does not have it."""
    import hyperscan

    key = hashlib.sha256(("\0".join(expressions) + repr(ids[:1]) + _DB_FORMAT).encode()).hexdigest()[:24]
    got = cache.load("hyperscan-db", f"{hyperscan.__version__}-{key}")
    if isinstance(got, tuple) and len(got) == 2:
        try:
            db = hyperscan.loadb(got[0], hyperscan.HS_MODE_BLOCK) if got[0] else None
            if db is not None:
                db.scratch = hyperscan.Scratch(db)  # a loaded database comes without one
            return db, set(got[1])
        except Exception:  # noqa: BLE001 - a stale or foreign database is rebuilt
            pass
    if cached_only:
        return None
    flag = hyperscan.HS_FLAG_SINGLEMATCH

    def build(idx):
        db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        db.compile(expressions=[expressions[k].encode() for k in idx], ids=[ids[k] for k in idx], elements=len(idx), flags=[flag] * len(idx))
        return db

    good = list(range(len(expressions)))
    refused: set[int] = set()
    try:
        db = build(good)
    except hyperscan.HyperscanError:  # find the ones it refuses, one by one, and build without them
        for k in list(good):
            try:
                build([k])
            except hyperscan.HyperscanError:
                good.remove(k)
                refused.add(ids[k])
        db = build(good) if good else None
    if db is not None and vouchers:
        refused |= _unvouched(db, ids, vouchers)
    cache.store("hyperscan-db", f"{hyperscan.__version__}-{key}", (hyperscan.dumpb(db) if db else b"", sorted(refused)))
    return db, refused


GATE = _Gate()


def available() -> bool:
    """Whether the gate is on: Hyperscan is installed and ``AUDITOR_HYPERSCAN`` does not turn it off."""
    return _ENABLED and _installed()


@functools.cache
def _installed() -> bool:
    return importlib.util.find_spec("hyperscan") is not None


def set_enabled(value: bool) -> None:
    """Switch the gate off (or on) for this process; the literal prefilter alone is the reference."""
    global _ENABLED
    _ENABLED = bool(value)


def register(source: str, flags: int) -> int:
    """The gate's id for a rule pattern, or -1 when the pattern is always run."""
    return GATE.add(source, flags) if available() else -1


def hits(text: str) -> set[int] | None:
    """Ids of the expressions that match somewhere in ``text``; None when the gate does not apply to it."""
    if not GATE.expressions or not usable(text):
        return None
    try:
        return GATE.scan(data(text))
    except Exception:  # noqa: BLE001 - Hyperscan unusable here (CPU without SSSE3, broken install): prefilter alone
        set_enabled(False)
        return None


def data(text: str) -> bytes:
    """What is scanned: the UTF-8 text and a closing byte no UTF-8 text has. Hyperscan 5.4 misses some
    matches that end at the very end of the buffer (and with them other expressions' matches); a byte
    more can only add matches, never lose one."""
    return text.encode("utf-8") + b"\xff"
