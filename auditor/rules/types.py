"""The fixed set of rule types. A YAML rule picks one with ``extends`` and fills it in."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar

import regex

from .. import regexcache
from ..bytetext import pieces
from ..document import Document
from ..findings import Finding, Severity
from ..spans import SpanSet
from . import prefilter, repetition
from .casing import case_of_match, has_case, preserve_case, sentence_initial, to_case
from .prefilter import LazyPattern
from .repetition import may_repeat

MATCH_TIMEOUT = 2.0  # seconds one rule may spend on one document before it is reported


class RuleTimeout(Exception):
    def __init__(self, rule: str) -> None:
        super().__init__(rule)
        self.rule = rule


def bounded(pattern: str, nonword: bool) -> str:
    """Wrap a pattern so it matches whole words only (also next to punctuation)."""
    return pattern if nonword else rf"(?<![\w])(?:{pattern})(?![\w])"


def dollar_groups(template: str) -> str:
    r"""Accept Vale-style ``$1`` group references as well as ``\1``."""
    return regex.sub(r"\$(\d+)", r"\\g<\1>", template) if "$" in template else template


def format_message(message: str, match: str, suggestions: list[str]) -> str:
    """Fill ``%s`` with the default rendering and name the other renderings, first one default."""
    filler = suggestions[0] if suggestions else match
    text = message.replace("%s", filler or "(delete)").replace("{match}", match)
    others = [s for s in dict.fromkeys(suggestions[1:]) if s != filler and f"'{s}'" not in text]
    if others:
        text += " (or: " + ", ".join(f"'{s}'" if s else "(delete)" for s in others) + ")"
    return text


@dataclass
class Rule:
    """Common fields of every rule type; subclasses implement ``find``.

    Subclasses add no fields, so they are not dataclasses themselves: they inherit ``__init__``,
    ``__eq__`` and ``__repr__`` (which name the subclass) and import faster.
    """

    kind: ClassVar[str] = ""
    TYPE_FIELDS: ClassVar[dict[str, type | tuple]] = {}

    id: str
    message: str
    category: str
    severity: Severity
    path: str = ""
    line: int = 1
    description: str = ""
    link: str = ""
    scope: str = "text"
    ignorecase: bool = False
    nonword: bool = False
    suggestions: tuple[str, ...] = ()
    exceptions: tuple = ()
    examples: dict = field(default_factory=dict)
    spec: dict = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.flags = regex.V1 | (regex.IGNORECASE if self.ignorecase else 0)
        self._exceptions = [LazyPattern(p, self.flags, validate=True, register=False) for p in self.exceptions]
        self.compile()

    # -- hooks -------------------------------------------------------------------------
    def compile(self) -> None:
        """Compile patterns once; called at load time."""

    def find(self, doc: Document) -> Iterator[tuple[int, int, list[str], str | None]]:
        """Yield (start, end, suggestions, message-or-None) in ``doc.text`` offsets."""
        raise NotImplementedError

    # -- shared machinery --------------------------------------------------------------
    def check(self, doc: Document) -> Iterator[Finding]:
        try:
            for start, end, suggestions, message in self.find(doc):
                matched = doc.text[start:end]
                if self._excepted(doc, start, end):
                    continue
                yield Finding(
                    rule=self.id,
                    category=self.category,
                    severity=self.severity,
                    start=start,
                    end=end,
                    text=matched,
                    message=message or format_message(self.message, matched, suggestions),
                    suggestions=tuple(suggestions),
                    source="rules",
                )
        except TimeoutError:
            raise RuleTimeout(self.id) from None

    def _excepted(self, doc: Document, start: int, end: int) -> bool:
        if not self._exceptions:
            return False
        sent = doc.sentence_at(start)
        lo, hi = (sent.start, sent.end) if sent else (max(0, start - 200), end + 200)
        for pattern in self._exceptions:
            for m in pattern.finditer(doc.text, lo, hi, timeout=MATCH_TIMEOUT):
                if m.start() < end and start < m.end():
                    return True
        return False

    def regions(self, doc: Document) -> list[tuple[int, int]]:
        """Text regions the rule looks at, by scope."""
        if self.scope == "text":
            return [(0, len(doc.text))]
        if self.scope == "sentence":
            return list(doc.sentences)
        if self.scope == "paragraph":
            return list(doc.paragraphs)
        if self.scope == "heading":
            return list(doc.headings)
        if self.scope == "body":
            heads = set(doc.headings)
            return [p for p in doc.paragraphs if p not in heads]
        if self.scope == "unquoted":
            from ..quotations import outside

            return outside(doc.text, doc.quotations)
        raise ValueError(self.scope)

    def finditer(self, pattern, doc: Document):
        if isinstance(pattern, LazyPattern):  # only where a required literal occurs (see prefilter.py)
            yield from prefilter.finditer(pattern, doc, self.regions(doc), MATCH_TIMEOUT)
            return
        for lo, hi in self.regions(doc):
            yield from pattern.finditer(doc.text, lo, hi, timeout=MATCH_TIMEOUT)

    def requirements(self) -> list[list[LazyPattern]] | None:
        """Alternatives, each a list of patterns that must all be able to match for the rule to find
        anything (see prefilter.py); None: the rule cannot be ruled out by literals."""
        return None

    def fixed_suggestions(self, m) -> list[str]:
        return [case_of_match(m, m.expand(dollar_groups(s))) if s else "" for s in self.suggestions]

    def patterns(self) -> list[str]:
        """Every regex the rule compiles (for vetting)."""
        return []


def _token_pattern(spec: dict, key: str = "tokens") -> str:
    items = spec[key]
    items = [items] if isinstance(items, str) else items
    return "|".join(f"(?:{t})" for t in items)


class Existence(Rule):
    """Flag every match of the listed tokens or patterns."""

    kind: ClassVar[str] = "existence"
    TYPE_FIELDS: ClassVar = {"tokens": (list, str)}

    def compile(self) -> None:
        self._source = bounded(_token_pattern(self.spec), self.nonword)
        self._re = LazyPattern(self._source, self.flags, validate=True)

    def patterns(self) -> list[str]:
        return [self._source]

    def requirements(self):
        return [[self._re]]

    def find(self, doc):
        for m in self.finditer(self._re, doc):
            yield m.start(), m.end(), self.fixed_suggestions(m), None


class Substitution(Rule):
    """Pattern → replacement(s); groups (``\\1`` or ``$1``) and case are carried over."""

    kind: ClassVar[str] = "substitution"
    TYPE_FIELDS: ClassVar = {"swap": dict}

    def compile(self) -> None:
        self._swaps = []
        for pattern, replacement in self.spec["swap"].items():
            reps = replacement if isinstance(replacement, list) else [replacement]
            source = bounded(str(pattern), self.nonword)
            self._swaps.append((source, LazyPattern(source, self.flags, validate=True), [dollar_groups(str(r)) for r in reps]))

    def patterns(self) -> list[str]:
        return [s for s, _, _ in self._swaps]

    def requirements(self):
        return [[p] for _, p, _ in self._swaps]

    def find(self, doc):
        taken = SpanSet()
        for _, pattern, reps in self._swaps:
            for m in self.finditer(pattern, doc):
                start, end = m.span()
                if taken.overlaps(start, end):
                    continue  # an earlier (longer) swap already covers this text
                taken.add((start, end))
                yield start, end, [case_of_match(m, m.expand(r)) for r in reps], None


class Occurrence(Rule):
    """Flag occurrences past ``max`` within each scope region (overuse)."""

    kind: ClassVar[str] = "occurrence"
    TYPE_FIELDS: ClassVar = {"tokens": (list, str), "max": int}

    def compile(self) -> None:
        self._source = bounded(_token_pattern(self.spec), self.nonword)
        self._re = LazyPattern(self._source, self.flags, validate=True)
        self.max = int(self.spec["max"])

    def patterns(self) -> list[str]:
        return [self._source]

    def requirements(self):
        return [[self._re]]

    def find(self, doc):
        if not prefilter.may_match(self._re, doc):
            return
        counts: dict[int, int] = {}
        regions = self.regions(doc)
        for region, a, b in prefilter.windows(doc, self._re.info, regions):
            for m in self._re.finditer(doc.text, a, b, timeout=MATCH_TIMEOUT):
                i = counts[region] = counts.get(region, -1) + 1
                if i >= self.max:
                    yield m.start(), m.end(), self.fixed_suggestions(m), None


class Consistency(Rule):
    """Two variants must not both appear: flag the less frequent, suggest the other."""

    kind: ClassVar[str] = "consistency"
    TYPE_FIELDS: ClassVar = {"either": dict}

    def compile(self) -> None:
        self._pairs = []
        for a, b in self.spec["either"].items():
            sa, sb = bounded(str(a), self.nonword), bounded(str(b), self.nonword)
            self._pairs.append((sa, sb, LazyPattern(sa, self.flags, validate=True), LazyPattern(sb, self.flags, validate=True)))

    def patterns(self) -> list[str]:
        return [p for sa, sb, _, _ in self._pairs for p in (sa, sb)]

    def requirements(self):
        return [[a, b] for _, _, a, b in self._pairs]

    def find(self, doc):
        for _, _, ra, rb in self._pairs:
            ma, mb = list(self.finditer(ra, doc)), list(self.finditer(rb, doc))
            if not ma or not mb:
                continue
            minority, majority = (mb, ma) if len(ma) >= len(mb) else (ma, mb)
            preferred = Counter(m.group(0) for m in majority).most_common(1)[0][0]
            for m in minority:
                yield m.start(), m.end(), [case_of_match(m, preferred)], None


class Conditional(Rule):
    """Flag ``first`` when ``second`` does not occur anywhere in the document."""

    kind: ClassVar[str] = "conditional"
    TYPE_FIELDS: ClassVar = {"first": str, "second": str}

    def compile(self) -> None:
        self._first_src = bounded(self.spec["first"], self.nonword)
        self._second_src = bounded(self.spec["second"], self.nonword)
        self._first = LazyPattern(self._first_src, self.flags, validate=True)
        self._second = LazyPattern(self._second_src, self.flags, validate=True)

    def patterns(self) -> list[str]:
        return [self._first_src, self._second_src]

    def requirements(self):
        return [[self._first]]

    def find(self, doc):
        if next(prefilter.finditer(self._second, doc, [(0, len(doc.text))], MATCH_TIMEOUT), None):
            return
        for m in self.finditer(self._first, doc):
            yield m.start(), m.end(), self.fixed_suggestions(m), None


_TOKEN = r"\p{L}[\p{L}\p{M}\p{N}'’\-]*(?:\.\p{L}[\p{L}\p{M}\p{N}'’\-]*)*|\p{N}+(?:[.,]\p{N}+)*|[^\s\p{L}\p{N}]"


def tokens_of(doc: Document) -> list[tuple[int, int]]:
    """Word and punctuation tokens of the document, computed once."""
    cached = doc.__dict__.get("_tokens")
    if cached is None:
        cached = [m.span() for m in regexcache.compile(_TOKEN).finditer(doc.text)]
        doc.__dict__["_tokens"] = cached
    return cached


class Sequence(Rule):
    """Token patterns in a row, each with optional conditions; flags the marked tokens.

    Each step: ``pattern`` (full-token regex), optional ``negate``, ``case``
    (lower/upper/title/capitalized), ``optional``, ``skip`` (up to N tokens may come before it).
    Suggestions may use ``{0}``, ``{1}``… for the text of matched steps.
    """

    kind: ClassVar[str] = "sequence"
    TYPE_FIELDS: ClassVar = {"tokens": list}
    STEP_FIELDS: ClassVar = {"pattern", "negate", "case", "optional", "skip"}

    def compile(self) -> None:
        self._steps = []
        for step in self.spec["tokens"]:
            step = {"pattern": step} if isinstance(step, str) else dict(step)
            pat = step.get("pattern")
            step["re"] = regexcache.compile(f"(?:{pat})", self.flags) if pat else None
            self._steps.append(step)
        self._mark = self.spec.get("mark")

    def patterns(self) -> list[str]:
        return [s["pattern"] for s in self._steps if s.get("pattern")]

    @staticmethod
    def _step_ok(step: dict, token: str) -> bool:
        ok = True
        if step["re"] is not None:
            ok = step["re"].fullmatch(token, timeout=MATCH_TIMEOUT) is not None
        if ok and step.get("case"):
            ok = token[:1].isalpha() and has_case(token, step["case"])
        return ok != bool(step.get("negate"))

    def _match(self, text: str, toks: list, i: int, hi: int, k: int, got: list) -> list | None:
        if k == len(self._steps):
            return got
        step = self._steps[k]
        for skip in range(int(step.get("skip", 0)) + 1):
            j = i + skip
            if j < len(toks) and toks[j][1] <= hi and self._step_ok(step, text[toks[j][0] : toks[j][1]]):
                found = self._match(text, toks, j + 1, hi, k + 1, got + [j])
                if found is not None:
                    return found
        if step.get("optional"):
            return self._match(text, toks, i, hi, k + 1, got + [None])
        return None

    def find(self, doc):
        text, toks = doc.text, tokens_of(doc)
        starts = [t[0] for t in toks]
        for lo, hi in self.regions(doc):
            i = bisect_left(starts, lo)
            while i < len(toks) and toks[i][1] <= hi:
                got = self._match(text, toks, i, hi, 0, [])
                if got is None:
                    i += 1
                    continue
                idx = [j for j in got if j is not None]
                texts = [text[toks[j][0] : toks[j][1]] if j is not None else "" for j in got]
                a, b = self._mark if self._mark else (0, len(got) - 1)
                marked = [j for j in got[a : b + 1] if j is not None] or idx
                start, end = toks[marked[0]][0], toks[marked[-1]][1]
                initial = sentence_initial(text, start)
                sugg = [preserve_case(text[start:end], _fill(s, texts), initial) for s in self.suggestions]
                yield start, end, sugg, None
                i = idx[-1] + 1


def _fill(template: str, texts: list[str]) -> str:
    return regex.sub(r"\{(\d+)\}", lambda m: texts[int(m.group(1))] if int(m.group(1)) < len(texts) else "", template)


class Capitalization(Rule):
    """Spans (``tokens``, or whole headings) must follow a case style (``match``)."""

    kind: ClassVar[str] = "capitalization"
    TYPE_FIELDS: ClassVar = {"match": str, "tokens": (list, str)}
    STYLES: ClassVar = ("lower", "upper", "title", "sentence", "capitalized")

    def compile(self) -> None:
        self.style = self.spec["match"]
        self._source = bounded(_token_pattern(self.spec), self.nonword) if "tokens" in self.spec else None
        self._re = LazyPattern(self._source, self.flags, validate=True) if self._source else None

    def patterns(self) -> list[str]:
        return [self._source] if self._source else []

    def requirements(self):
        return [[self._re]] if self._re is not None else None

    def find(self, doc):
        if self._re is None:
            spans = [(lo, hi) for lo, hi in self.regions(doc)]
        else:
            spans = [(m.start(), m.end()) for m in self.finditer(self._re, doc)]
        for start, end in spans:
            span = doc.text[start:end]
            if not has_case(span, self.style):
                yield start, end, [to_case(span, self.style)], None


class Repetition(Rule):
    """Flag a word repeated after spaces or tabs on one line ("the the"); the suggestion keeps one.

    A word is a whole run of letters; the repeat must end the word too and not start a hyphenated
    compound ("the the-word"). ``ignorecase`` uses simple case folding. Texts with no repeated
    word at all are recognised without a regex search (``repetition.may_repeat``).
    """

    kind: ClassVar[str] = "repetition"
    TYPE_FIELDS: ClassVar = {}
    PATTERN: ClassVar[str] = r"(?-f)\b(\p{L}++)[ \t]+\1(?!-)(?!\w)"

    def compile(self) -> None:
        self._re = LazyPattern(self.PATTERN, self.flags, validate=True)

    def patterns(self) -> list[str]:
        return [self.PATTERN]

    def find(self, doc):
        text = doc.text
        if not prefilter.enabled():
            yield from self._found(self.finditer(self._re, doc))
            return
        spans = [(a, b) for a, b in pieces(text, repetition.PIECE) if may_repeat(text[a:b])]  # no match crosses a newline
        for lo, hi in self.regions(doc) if spans else ():
            for a, b in spans:
                a, b = max(a, lo), min(b, hi)
                if a < b:
                    yield from self._found(self._re.finditer(text, a, b, timeout=MATCH_TIMEOUT))

    @staticmethod
    def _found(matches):
        for m in matches:
            yield m.start(), m.end(), [case_of_match(m, m.group(1))], None


RULE_TYPES: dict[str, type[Rule]] = {
    cls.kind: cls for cls in (Existence, Substitution, Occurrence, Consistency, Conditional, Sequence, Capitalization, Repetition)
}
