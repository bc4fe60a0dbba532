"""sacrebleu wrappers: corpus and segment scores with signatures, and paired significance tests.

Defaults are sacrebleu's own (BLEU 13a tokenisation with exp smoothing; chrF with β=2 and character
order 6; chrF++ is chrF with word order 2; TER without normalisation), so the numbers equal
``sacrebleu REF -i HYP -m bleu chrf ter`` (and ``--chrf-word-order 2``) on the same segments.
Segment-level BLEU uses effective order, as ``sacrebleu --sentence-level`` does.

Documents are segmented with auditor's sentence segmenter; when the hypothesis and a reference split
into different numbers of sentences, the reference's sentences are aligned to the hypothesis's with
the Gale–Church aligner (English–English) and multi-sentence beads are joined into one segment.
``lines=True`` takes one segment per line instead (the sacrebleu convention).
"""

from __future__ import annotations

from collections.abc import Sequence

METRICS = ("bleu", "chrf", "chrf++", "ter")


def make_metric(name: str, *, sentence: bool = False, references=None):
    """A sacrebleu metric object; ``references`` (reference streams) are cached in it when given."""
    from sacrebleu.metrics import BLEU, CHRF, TER

    if name == "bleu":
        return BLEU(effective_order=sentence, references=references)
    if name == "chrf":
        return CHRF(references=references)
    if name == "chrf++":
        return CHRF(word_order=2, references=references)
    if name == "ter":
        return TER(references=references)
    raise ValueError(f"unknown metric {name!r} (choose from {', '.join(METRICS)})")


def _result(metric, score) -> dict:
    return {
        "name": score.name,
        "score": float(score.score),
        "signature": str(metric.get_signature()),
        "formatted": score.format(width=2),
    }


def corpus_scores(hyps: Sequence[str], refs: Sequence[Sequence[str]], metrics: Sequence[str] = METRICS) -> dict[str, dict]:
    """Corpus-level scores: ``refs`` is a list of reference streams, each as long as ``hyps``."""
    _check_lengths(hyps, refs)
    out = {}
    for name in metrics:
        metric = make_metric(name)
        out[name] = _result(metric, metric.corpus_score(list(hyps), [list(r) for r in refs]))
    return out


def segment_scores(hyps: Sequence[str], refs: Sequence[Sequence[str]], metrics: Sequence[str] = METRICS) -> list[dict]:
    """Per-segment scores: one dict per segment, metric name -> score."""
    _check_lengths(hyps, refs)
    objs = {name: make_metric(name, sentence=True) for name in metrics}
    rows = []
    for i, hyp in enumerate(hyps):
        row: dict = {"segment": i + 1, "hypothesis": hyp, "references": [r[i] for r in refs]}
        for name, metric in objs.items():
            row[name] = float(metric.sentence_score(hyp, [r[i] for r in refs]).score)
        rows.append(row)
    return rows


def compare(
    systems: Sequence[tuple[str, Sequence[str]]],
    refs: Sequence[Sequence[str]],
    metrics: Sequence[str] = METRICS,
    *,
    test: str = "bs",
    n_samples: int = 0,
) -> dict:
    """Paired significance test of every system against the first (the baseline), through
    ``sacrebleu.significance.PairedTest``: ``test="bs"`` paired bootstrap resampling (mean and 95%
    confidence interval per system), ``"ar"`` paired approximate randomization (with bootstrap
    confidence intervals). Seed: sacrebleu's (``SACREBLEU_SEED``, default 12345)."""
    from sacrebleu.significance import PairedTest

    for _, hyps in systems:
        _check_lengths(hyps, refs)
    # The references are cached in the metric objects once, as sacrebleu's CLI does.
    objs = {name: make_metric(name, references=[list(r) for r in refs]) for name in metrics}
    ps = PairedTest([(n, list(h)) for n, h in systems], objs, references=None, test_type=test, n_samples=n_samples,
                    n_ar_confidence=0 if test == "ar" else -1)  # fmt: skip
    sigs, scores = ps()
    names = list(scores["System"])
    out: dict = {"test": test, "n_samples": ps.n_samples, "baseline": names[0], "systems": names, "metrics": {}}
    for key, results in scores.items():
        if key == "System":
            continue
        rows = []
        for name, r in zip(names, results, strict=True):
            rows.append({"system": name, "score": float(r.score), "mean": _f(r.mean), "ci": _f(r.ci), "p_value": _f(r.p_value)})
        out["metrics"][key] = {"signature": str(sigs[key]), "results": rows}
    return out


def _f(v):
    return None if v is None else float(v)


def _check_lengths(hyps, refs) -> None:
    if not refs:
        raise ValueError("at least one reference is needed")
    for r in refs:
        if len(r) != len(hyps):
            raise ValueError(f"the hypothesis has {len(hyps)} segments but a reference has {len(r)}")


# --------------------------------------------------------------------------- segmentation


def split_sentences(text: str) -> list[str]:
    from ..segment import paragraphs, sentences

    return [" ".join(text[s.start : s.end].split()) for s in sentences(text, paragraphs(text))]


def read_segments(hyp_text: str, ref_texts: Sequence[str], *, lines: bool = False) -> tuple[list[str], list[list[str]]]:
    """(hypothesis segments, reference streams) of equal length."""
    if lines:
        hyp = _lines(hyp_text)
        refs = [_lines(r) for r in ref_texts]
        _check_lengths(hyp, refs)
        return hyp, refs
    hyp = split_sentences(hyp_text)
    refs = [split_sentences(r) for r in ref_texts]
    return align_segments(hyp, refs)


def _lines(text: str) -> list[str]:
    out = text.split("\n")
    if out and out[-1] == "":
        out.pop()
    return out


def align_segments(hyp: list[str], refs: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    """Group hypothesis sentences so that every reference aligns to the groups (coarsest common cut)."""
    from ..bilingual.align import gale_church

    n = len(hyp)
    if n == 0:
        return [""], [[" ".join(r)] for r in refs]
    if all(len(r) == n for r in refs) and all(_plausible_one_to_one(hyp, r) for r in refs):
        return list(hyp), [list(r) for r in refs]
    cut_sets, assigns = [], []
    for r in refs:
        beads = gale_church([len(x) for x in hyp], [len(x) for x in r], c=_ratio(hyp, r))
        cuts, assign, pos = {0, n}, [], 0
        for bs, bt in beads:
            if bs:
                cuts.add(bs[0])
                pos = bs[0]
            assign.extend((min(pos, n - 1), j) for j in bt)
            if bs:
                pos = bs[-1] + 1
        cut_sets.append(cuts)
        assigns.append(assign)
    cuts = sorted(set.intersection(*cut_sets))
    groups = list(zip(cuts, cuts[1:], strict=False))
    hyp_out = [" ".join(hyp[a:b]) for a, b in groups]
    refs_out = []
    for r, assign in zip(refs, assigns, strict=True):
        refs_out.append([" ".join(r[j] for pos, j in assign if a <= pos < b) for a, b in groups])
    return hyp_out, refs_out


def _ratio(a: list[str], b: list[str]) -> float:
    la, lb = sum(map(len, a)), sum(map(len, b))
    return min(max(lb / la, 0.3), 3.0) if la and lb else 1.0


def _plausible_one_to_one(hyp: list[str], ref: list[str]) -> bool:
    from ..bilingual.align import gale_church

    beads = gale_church([len(x) for x in hyp], [len(x) for x in ref], c=_ratio(hyp, ref))
    return all(len(bs) == 1 and len(bt) == 1 for bs, bt in beads)
