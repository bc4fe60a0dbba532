"""Semantic calque matching: spans that mean what a rule's ``anchors`` say, in words it does not list.

A calque rule (``auditor/rules/packs/*/idioms/*.yml``) may carry ``anchors:``, canonical bad
phrasings ("brought half the world to its ears"), and a ``threshold``. This check embeds the
anchors once (cached on disk, keyed by the model's hash and the anchors' hash) and candidate spans
of every sentence (its clauses and word windows of a few sizes, bounded in number) with
all-MiniLM-L6-v2, and reports a span whose cosine similarity to an anchor reaches the rule's
threshold, is closer to the anchor than to the rule's own correct English (its suggestions), and
that the literal rule did not already flag. See docs/neural.md for the evaluation behind the
default threshold.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass

from .. import regexcache
from ..document import Document
from ..findings import Finding, Severity
from ..rules.types import format_message
from . import setting
from .base import NeuralDetector

# Chosen on corpora/neural (python -m auditor.neural.evaluate); a rule's ``threshold`` overrides it.
DEFAULT_THRESHOLD = 0.70  # precision 0.904, recall 0.766 on corpora/neural (docs/neural.md)
# A span must be at least this much closer to the bad anchor than to the rule's correct English.
MARGIN = 0.0
FLOOR = 0.3  # spans less similar than this to every anchor are never kept (evaluation floor)
WINDOWS = ((5, 2), (8, 3))  # (words, stride) of the sliding windows
MAX_SPANS_PER_SENTENCE = 40
MIN_WORDS, MAX_CLAUSE_WORDS = 3, 16

_WORD = regexcache.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’-]*")
_CLAUSE_BREAK = regexcache.compile(r"[,;:()\[\]\"“”«»]|\s[—–-]\s")
_BACKREF = regexcache.compile(r"\\(?:\d+|g<\w+>)|\$\d+")
_IRREGULAR_PAST = frozenset(
    {"hung", "brought", "put", "took", "threw", "thrown", "fell", "fallen", "came", "stuck", "sat", "made", "did", "done"}
    | {"knocked", "set", "got", "gave", "given", "stood", "stepped", "trod", "poured", "caught", "taught", "threw", "tossed"}
)


@dataclass(frozen=True)
class Anchor:
    rule: str
    text: str


def _form(word: str) -> str:
    w = word.lower()
    if w.endswith("ing") and len(w) > 4:
        return "ing"
    if (w.endswith("ed") and len(w) > 3) or w in _IRREGULAR_PAST:
        return "past"
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return "s"
    return "base"


def static_suggestions(rule) -> list[str]:
    """The rule's replacements that need no regex group (in rule order, without duplicates)."""
    out: list[str] = []
    values = list(rule.spec.get("swap", {}).values()) if isinstance(rule.spec.get("swap"), dict) else []
    values += list(rule.suggestions)
    for v in values:
        for s in v if isinstance(v, list) else [v]:
            s = str(s)
            if s and s not in out and not _BACKREF.search(s):
                out.append(s)
    return out


def adapt_suggestion(rule, span: str, before: str = "") -> str | None:
    """The rule's suggestion in the verb form the span uses (``hanging …`` → ``pulling …``), when it has
    one; ``before`` is the text just before the span (an auxiliary or the verb may stand there)."""
    options = static_suggestions(rule)
    if not options:
        return None
    forms = [_form(w) for w in _WORD.findall(before)[-3:] + _WORD.findall(span)[:3]]

    def first_form(s: str) -> str:
        first = _WORD.findall(s)[:1]
        return _form(first[0]) if first else "base"

    for wanted in ("ing", "past"):
        if wanted in forms:
            for s in options:
                if first_form(s) == wanted:
                    return s
            break
    return next((s for s in options if first_form(s) == "base"), options[0])


def candidate_spans(doc: Document) -> list[tuple[int, int]]:
    """Clauses and word windows of each sentence, in text order, at most MAX_SPANS_PER_SENTENCE each."""
    out: list[tuple[int, int]] = []
    text = doc.text
    for s_start, s_end in doc.sentences:
        words = [m.span() for m in _WORD.finditer(text, s_start, s_end)]
        if len(words) < MIN_WORDS:
            continue
        found: dict[tuple[int, int], None] = {}  # insertion-ordered set
        # Clauses between punctuation breaks (short enough to stay focused).
        cuts = [s_start, *(m.start() for m in _CLAUSE_BREAK.finditer(text, s_start, s_end)), s_end]
        for lo, hi in zip(cuts, cuts[1:], strict=False):
            inside = [w for w in words if w[0] >= lo and w[1] <= hi]
            if MIN_WORDS <= len(inside) <= MAX_CLAUSE_WORDS:
                found[(inside[0][0], inside[-1][1])] = None
        for size, stride in WINDOWS:
            if len(words) <= size:
                found[(words[0][0], words[-1][1])] = None
                continue
            starts = list(range(0, len(words) - size + 1, stride))
            if starts[-1] != len(words) - size:
                starts.append(len(words) - size)
            for i in starts:
                found[(words[i][0], words[i + size - 1][1])] = None
        spans = list(found)
        if len(spans) > MAX_SPANS_PER_SENTENCE:  # evenly thinned, deterministically
            step = len(spans) / MAX_SPANS_PER_SENTENCE
            spans = [spans[int(k * step)] for k in range(MAX_SPANS_PER_SENTENCE)]
        out.extend(spans)
    return out


def _sub_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The span trimmed by up to three words at either end (at least MIN_WORDS words left)."""
    words = [m.span() for m in _WORD.finditer(text, start, end)]
    out = []
    for left in range(min(4, len(words))):
        for right in range(min(4, len(words) - left)):
            kept = words[left : len(words) - right]
            if len(kept) >= MIN_WORDS:
                out.append((kept[0][0], kept[-1][1]))
    return out


class AnchorIndex:
    """Anchored rules, their anchors' and correct renderings' embeddings (one matrix each)."""

    def __init__(self, rules, encoder) -> None:
        import numpy as np

        from .. import cache

        self.rules = {r.id: r for r in rules if r.spec.get("anchors")}
        self.anchors = [Anchor(r.id, a) for r in self.rules.values() for a in r.spec["anchors"]]
        self.good = [Anchor(r.id, g) for r in self.rules.values() for g in static_suggestions(r)]
        payload = json.dumps([[a.rule, a.text] for a in self.anchors + self.good], ensure_ascii=False)
        self.key = hashlib.sha256(f"{encoder.hash}\0{payload}".encode()).hexdigest()[:40]
        cached = cache.load("anchors", self.key)
        if isinstance(cached, tuple) and len(cached) == 2 and cached[0].shape[0] == len(self.anchors):
            self.anchor_vecs, self.good_vecs = cached
        else:
            self.anchor_vecs = encoder.embed([a.text for a in self.anchors])
            self.good_vecs = encoder.embed([g.text for g in self.good])
            cache.store("anchors", self.key, (self.anchor_vecs, self.good_vecs))
        self.anchor_rule = np.array([a.rule for a in self.anchors], dtype=object)
        self.good_rule = np.array([g.rule for g in self.good], dtype=object)

    def threshold(self, rule_id: str, default: float) -> float:
        return float(self.rules[rule_id].spec.get("threshold", default))


@dataclass
class Hit:
    rule: str
    start: int
    end: int
    anchor: str
    similarity: float


class NeuralCalqueDetector(NeuralDetector):
    name = "neural-calques"
    rules = {
        "neural.calque": NeuralDetector.info(
            message="Reads like a known calque in other words",
            category="fluency/calque",
            severity=Severity.MINOR,
            description=(
                "Semantic match against the `anchors` of calque rules (all-MiniLM-L6-v2 over clause and "
                "word-window spans). Reports paraphrases the literal patterns miss, e.g. 'the news stood all "
                "of Europe on its ears'; the finding names the rule, the anchor and the similarity in "
                "`extra`. Enable with --neural."
            ),
            examples={
                "flag": ["The leak has literally lifted the entire continent up onto its ears."],
                "pass": ["The talks will resume in Geneva next week, the ministry said."],
            },
            example_options={"neural": True},
        )
    }

    def enabled(self) -> bool:
        return bool(setting(self.options, "neural", False))

    def _index(self) -> AnchorIndex:
        if getattr(self, "_anchor_index", None) is None:
            from ..rules.registry import load_rules

            opts = self.options
            rules = load_rules(setting(opts, "lang_pair", "auto"), tuple(setting(opts, "rule_dirs", ())))
            self._anchor_index = AnchorIndex(rules, self.model("encoder"))
        return self._anchor_index

    def find(self, doc: Document) -> Iterator[Finding]:
        if not self.enabled():
            return
        for hit in self.hits(doc):
            rule = self._index().rules[hit.rule]
            span = doc.text[hit.start : hit.end]
            sentence = doc.sentence_at(hit.start)
            before = doc.text[max(sentence[0] if sentence else 0, hit.start - 40) : hit.start]
            suggestion = adapt_suggestion(rule, span, before)
            base = format_message(rule.message, span, [suggestion] if suggestion is not None else [])
            if suggestion is None:
                base = base.rstrip(": ") if "%s" not in rule.message else rule.message.split(":")[0]
            message = f"{base} (close to '{hit.anchor}', similarity {hit.similarity:.2f})"
            yield self.finding(
                "neural.calque",
                doc,
                hit.start,
                hit.end,
                suggestions=(suggestion,) if suggestion else (),
                message=message,
                rule_id=hit.rule,
                anchor=hit.anchor,
                similarity=round(hit.similarity, 3),
            )

    def hits(self, doc: Document, threshold: float | None = None) -> list[Hit]:
        """Semantic hits at the rules' thresholds (or ``threshold``), one per group of overlapping spans."""
        index = self._index()
        default = DEFAULT_THRESHOLD if threshold is None else threshold
        raw = [
            h
            for h in self.scored_spans(doc)
            if h.similarity >= (index.threshold(h.rule, default) if threshold is None else threshold)
        ]
        return self._refine(doc, self._suppress(raw), index, self.model("encoder"))

    def scored_spans(self, doc: Document) -> list[Hit]:
        """Every candidate span with its best anchor per rule, closer to the anchor than to the rule's
        correct English and outside the literal rule's own matches (no threshold applied)."""
        import numpy as np

        index = self._index()
        spans = candidate_spans(doc)
        if not index.anchors or not spans:
            return []
        vecs = self.model("encoder").embed([doc.text[a:b] for a, b in spans])
        sims = vecs @ index.anchor_vecs.T
        good = vecs @ index.good_vecs.T if len(index.good) else None
        literal = self._literal_spans(doc, index)
        out: list[Hit] = []
        rows_all = np.arange(len(spans))
        for rule_id in index.rules:
            cols = np.flatnonzero(index.anchor_rule == rule_id)
            best_col = cols[np.argmax(sims[:, cols], axis=1)]
            best = sims[rows_all, best_col]
            gcols = np.flatnonzero(index.good_rule == rule_id) if good is not None else np.array([], dtype=int)
            closer = best - good[:, gcols].max(axis=1) >= MARGIN if len(gcols) else np.ones(len(spans), dtype=bool)
            for r in np.flatnonzero(closer & (best >= FLOOR)):
                a, b = spans[r]
                if any(a < y and x < b for x, y in literal.get(rule_id, ())):
                    continue
                out.append(Hit(rule_id, a, b, index.anchors[best_col[r]].text, float(best[r])))
        return out

    @staticmethod
    def _suppress(hits: list[Hit]) -> list[Hit]:
        """Keep the most similar hit of each group of overlapping spans (any rule)."""
        kept: list[Hit] = []
        for h in sorted(hits, key=lambda h: (-h.similarity, h.start, h.end, h.rule)):
            if not any(h.start < k.end and k.start < h.end for k in kept):
                kept.append(h)
        return sorted(kept, key=lambda h: (h.start, h.end))

    @staticmethod
    def _refine(doc: Document, hits: list[Hit], index: AnchorIndex, enc) -> list[Hit]:
        """Tighten each hit to its most similar sub-span (shorter wins within 0.01)."""
        if not hits:
            return hits
        import numpy as np

        groups = [_sub_spans(doc.text, h.start, h.end) for h in hits]
        flat = [s for g in groups for s in g]
        vecs = enc.embed([doc.text[a:b] for a, b in flat]) if flat else None
        out, k = [], 0
        for h, subs in zip(hits, groups, strict=True):
            cols = np.flatnonzero(index.anchor_rule == h.rule)
            best = (h.similarity, -(h.end - h.start), h.start, h.end, h.anchor)
            for a, b in subs:
                sim_row = vecs[k] @ index.anchor_vecs[cols].T
                j = int(np.argmax(sim_row))
                cand = (float(sim_row[j]), -(b - a), a, b, index.anchors[cols[j]].text)
                if cand[0] > best[0] + 0.01 or (
                    cand[0] >= best[0] - 0.01 and cand[1] > best[1] and cand[0] >= h.similarity - 0.01
                ):
                    best = cand
                k += 1
            out.append(
                Hit(h.rule, best[2], best[3], best[4], max(best[0], h.similarity) if best[2:4] == (h.start, h.end) else best[0])
            )
        return out

    @staticmethod
    def _literal_spans(doc: Document, index: AnchorIndex) -> dict[str, list[tuple[int, int]]]:
        out: dict[str, list[tuple[int, int]]] = {}
        for rule_id, rule in index.rules.items():
            try:
                out[rule_id] = [(f.start, f.end) for f in rule.check(doc)]
            except Exception:  # noqa: BLE001 - a timed-out literal rule is reported by the engine itself
                out[rule_id] = []
        return out
