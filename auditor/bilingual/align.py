"""Length-based sentence alignment (Gale & Church 1993), paragraphs first, with anchor constraints.

Gale–Church scores a *bead* (i source sentences against j target sentences, i, j ≤ 2) by

    cost = -log P(bead type) - log 2(1 - Φ(|δ|)),   δ = (c·ls - lt) / sqrt(s² · (ls + lt/c) / 2)

with the standard priors P(1-1) = 0.89, P(1-0) = P(0-1) = 0.0099, P(2-1) = P(1-2) = 0.089,
P(2-2) = 0.011 and variance s² = 6.8. One deliberate change: a deletion/insertion bead (1-0, 0-1) costs
its prior only, because the length term of an empty side measures nothing and, left in, makes the
programme absorb every dropped sentence into a 2-1 merge — and finding omissions is the point here. The expected ratio ``c`` (target characters per source
character) is estimated on the file itself. Anchors — numbers (by value) and glossary entities found
on both sides — add a cost for every anchor a bead leaves unmatched, which keeps the path on
sentences that share them. The dynamic programme runs in a diagonal band, so long files stay linear.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..segment import Span

PRIORS: dict[tuple[int, int], float] = {
    (1, 1): 0.89,
    (1, 0): 0.0099,
    (0, 1): 0.0099,
    (2, 1): 0.089,
    (1, 2): 0.089,
    (2, 2): 0.011,
}
VARIANCE = 6.8
PRIOR_RATIO = 1.0  # English characters per Russian/Ukrainian character (measured ≈ 1.0–1.1 on news)
PRIOR_WEIGHT = 400  # characters of evidence the prior is worth when the ratio is estimated on a file
ANCHOR_WEIGHT = 1.5  # cost (nats) per anchor a bead leaves unmatched
_LOG_PRIOR = {k: -math.log(v) for k, v in PRIORS.items()}

Bead = tuple[tuple[int, ...], tuple[int, ...]]


def _norm_sf2(z: float) -> float:
    """2·(1 − Φ(|z|)): two-sided tail of the standard normal."""
    return math.erfc(abs(z) / math.sqrt(2.0))


def length_cost(ls: int, lt: int, c: float = 1.0, s2: float = VARIANCE) -> float:
    """-log P(δ) of a bead whose sides have ``ls`` and ``lt`` characters."""
    if ls == 0 and lt == 0:
        return 0.0
    mean = (ls + lt / c) / 2.0
    z = (c * ls - lt) / math.sqrt(max(mean, 1e-9) * s2)
    p = _norm_sf2(z)
    return -math.log(p) if p > 1e-300 else 690.0


def estimate_ratio(ls: int, lt: int) -> float:
    """Target/source character ratio of a file, shrunk towards PRIOR_RATIO for short texts."""
    c = (lt + PRIOR_RATIO * PRIOR_WEIGHT) / (ls + PRIOR_WEIGHT)
    return min(max(c, 0.3), 3.0)


def gale_church(
    src_lens: Sequence[int],
    tgt_lens: Sequence[int],
    *,
    c: float | None = None,
    s2: float = VARIANCE,
    src_anchors: Sequence[frozenset] | None = None,
    tgt_anchors: Sequence[frozenset] | None = None,
    anchor_weight: float = ANCHOR_WEIGHT,
    band: int | None = None,
) -> list[Bead]:
    """Align two sequences of segment lengths; return beads as (source indices, target indices)."""
    n, m = len(src_lens), len(tgt_lens)
    if n == 0 or m == 0:
        return [((i,), ()) for i in range(n)] + [((), (j,)) for j in range(m)]
    if c is None:
        c = estimate_ratio(sum(src_lens), sum(tgt_lens))
    if band is None:
        band = max(20, 2 * abs(n - m) + 10)
    use_anchors = src_anchors is not None and tgt_anchors is not None
    inf = float("inf")

    def lo_hi(i: int) -> tuple[int, int]:
        centre = i * m / n
        return max(0, int(centre) - band), min(m, int(math.ceil(centre)) + band)

    # cost[i] is a dict j -> (cost, back) for the reachable band of row i.
    cost: list[dict[int, tuple[float, tuple[int, int] | None]]] = [dict() for _ in range(n + 1)]
    cost[0][0] = (0.0, None)
    for i in range(n + 1):
        lo, hi = lo_hi(i)
        row = cost[i]
        for j in range(lo, hi + 1):
            if i == 0 and j == 0:
                continue
            best, back = inf, None
            for (di, dj), prior in _LOG_PRIOR.items():
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0:
                    continue
                prev = cost[pi].get(pj)
                if prev is None:
                    continue
                ls = sum(src_lens[pi:i])
                lt = sum(tgt_lens[pj:j])
                # A deletion or insertion bead costs its prior only: the length term of an empty side says
                # nothing about a match, and charging it would make every omission look like a merge.
                total = prev[0] + prior + (length_cost(ls, lt, c, s2) if di and dj else 0.0)
                if use_anchors:
                    a_s = frozenset().union(*src_anchors[pi:i]) if di else frozenset()
                    a_t = frozenset().union(*tgt_anchors[pj:j]) if dj else frozenset()
                    if a_s or a_t:
                        total += anchor_weight * len(a_s ^ a_t)
                if total < best:
                    best, back = total, (pi, pj)
            if back is not None:
                row[j] = (best, back)
    if m not in cost[n]:  # the band missed the corner (should not happen); fall back to a wider band
        return gale_church(src_lens, tgt_lens, c=c, s2=s2, src_anchors=src_anchors, tgt_anchors=tgt_anchors,
                           anchor_weight=anchor_weight, band=max(n, m))  # fmt: skip
    beads: list[Bead] = []
    i, j = n, m
    while (i, j) != (0, 0):
        _, back = cost[i][j]
        assert back is not None
        pi, pj = back
        beads.append((tuple(range(pi, i)), tuple(range(pj, j))))
        i, j = pi, pj
    beads.reverse()
    return beads


# --------------------------------------------------------------------------- document alignment


@dataclass(frozen=True)
class Pair:
    """Aligned sentences: spans into ``Document.source`` and ``Document.text`` (either side may be empty)."""

    source: tuple[Span, ...]
    target: tuple[Span, ...]
    paragraph: int = 0  # index of the aligned paragraph group (or unit) this pair belongs to
    unit: str | None = None

    @property
    def kind(self) -> str:
        return f"{len(self.source)}-{len(self.target)}"


@dataclass(frozen=True)
class Unit:
    """One translation unit of a translation file: its id and its spans in the joined texts."""

    id: str
    source: Span
    target: Span
    note: str = ""


@dataclass
class Alignment:
    pairs: list[Pair] = field(default_factory=list)
    # Aligned paragraph groups: (source paragraph spans, target paragraph spans).
    paragraphs: list[tuple[tuple[Span, ...], tuple[Span, ...]]] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    ratio: float = 1.0  # target/source characters over the file

    def source_of(self, start: int, end: int | None = None) -> list[Pair]:
        """Pairs whose target sentences overlap ``doc.text[start:end]``."""
        end = start + 1 if end is None or end <= start else end
        return [p for p in self.pairs if any(s.start < end and start < s.end for s in p.target)]

    def pair_index(self) -> dict[int, int]:
        """Target sentence start offset -> pair index."""
        return {s.start: k for k, p in enumerate(self.pairs) for s in p.target}


def _lens(text: str, spans: Sequence[Span]) -> list[int]:
    return [len("".join(text[s.start : s.end].split())) for s in spans]


def align_spans(
    src_text: str,
    src_spans: Sequence[Span],
    tgt_text: str,
    tgt_spans: Sequence[Span],
    *,
    c: float,
    src_anchor=None,
    tgt_anchor=None,
) -> list[Bead]:
    """Gale–Church over two span lists (characters without whitespace), with anchors when given."""
    sa = [src_anchor(s) for s in src_spans] if src_anchor else None
    ta = [tgt_anchor(s) for s in tgt_spans] if tgt_anchor else None
    return gale_church(_lens(src_text, src_spans), _lens(tgt_text, tgt_spans), c=c, src_anchors=sa, tgt_anchors=ta)


def align_document(
    source: str,
    src_paragraphs: Sequence[Span],
    src_sentences: Sequence[Span],
    target: str,
    tgt_paragraphs: Sequence[Span],
    tgt_sentences: Sequence[Span],
    *,
    src_anchor=None,
    tgt_anchor=None,
) -> Alignment:
    """Paragraphs first, then sentences inside each aligned paragraph group."""
    c = estimate_ratio(sum(_lens(source, src_paragraphs)), sum(_lens(target, tgt_paragraphs)))
    src_by_para = _group(src_sentences, src_paragraphs)
    tgt_by_para = _group(tgt_sentences, tgt_paragraphs)

    def para_anchor(anchor, by_para):
        if anchor is None:
            return None
        cache = {}
        for k, sents in by_para.items():
            cache[k] = frozenset().union(*(anchor(s) for s in sents)) if sents else frozenset()
        return cache

    pa_s, pa_t = para_anchor(src_anchor, src_by_para), para_anchor(tgt_anchor, tgt_by_para)
    sp_index = {p: k for k, p in enumerate(src_paragraphs)}
    tp_index = {p: k for k, p in enumerate(tgt_paragraphs)}
    para_beads = gale_church(
        _lens(source, src_paragraphs),
        _lens(target, tgt_paragraphs),
        c=c,
        src_anchors=[pa_s[k] for k in range(len(src_paragraphs))] if pa_s is not None else None,
        tgt_anchors=[pa_t[k] for k in range(len(tgt_paragraphs))] if pa_t is not None else None,
    )
    out = Alignment(ratio=c)
    for g, (ps, pt) in enumerate(para_beads):
        s_paras = tuple(src_paragraphs[i] for i in ps)
        t_paras = tuple(tgt_paragraphs[j] for j in pt)
        out.paragraphs.append((s_paras, t_paras))
        s_sents = [s for i in ps for s in src_by_para[sp_index[src_paragraphs[i]]]]
        t_sents = [s for j in pt for s in tgt_by_para[tp_index[tgt_paragraphs[j]]]]
        out.pairs.extend(_sentence_pairs(source, s_sents, target, t_sents, c, src_anchor, tgt_anchor, g))
    return out


def align_units(source: str, target: str, units: Sequence[Unit], segmenter, *, src_anchor=None, tgt_anchor=None) -> Alignment:
    """Translation files: units are aligned by construction; sentences are aligned inside each unit."""
    ls = sum(u.source.end - u.source.start for u in units)
    lt = sum(u.target.end - u.target.start for u in units)
    c = estimate_ratio(ls, lt)
    out = Alignment(units=list(units), ratio=c)
    for g, u in enumerate(units):
        s_sents = segmenter(source, u.source)
        t_sents = segmenter(target, u.target)
        out.paragraphs.append(((u.source,) if u.source.end > u.source.start else (), (u.target,) if u.target.end > u.target.start else ()))
        out.pairs.extend(_sentence_pairs(source, s_sents, target, t_sents, c, src_anchor, tgt_anchor, g, unit=u.id))
    return out


def _sentence_pairs(source, s_sents, target, t_sents, c, src_anchor, tgt_anchor, g, unit=None) -> list[Pair]:
    if len(s_sents) == 1 and len(t_sents) == 1:
        return [Pair((s_sents[0],), (t_sents[0],), g, unit)]
    beads = align_spans(source, s_sents, target, t_sents, c=c, src_anchor=src_anchor, tgt_anchor=tgt_anchor)
    return [Pair(tuple(s_sents[i] for i in bs), tuple(t_sents[j] for j in bt), g, unit) for bs, bt in beads]


def _group(sentences: Sequence[Span], paragraphs: Sequence[Span]) -> dict[int, list[Span]]:
    out: dict[int, list[Span]] = {k: [] for k in range(len(paragraphs))}
    k = 0
    for s in sentences:
        while k < len(paragraphs) - 1 and s.start >= paragraphs[k].end:
            k += 1
        out[k].append(s)
    return out
