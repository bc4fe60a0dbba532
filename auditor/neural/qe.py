"""Quality estimation hook: a local sequence-regression model scores each sentence.

``--qe-model PATH`` names a Hugging Face ``AutoModelForSequenceClassification`` directory with one
regression output (XLM-R style QE models such as TransQuest). Each sentence of the article is
scored on its own (truncated to the model's maximum length), as a (source, translation) pair when
the input is bilingual and the sentence is aligned, else as the translation alone. Sentences below
``--qe-threshold`` are reported; the article score, the word-weighted mean of the sentence
scores, goes into the file report's ``extra.qe``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .. import regexcache
from ..document import Document
from ..findings import Finding, Severity
from . import setting
from .base import EXAMPLE_MODEL, NeuralDetector

_WORD = regexcache.compile(r"[\p{L}\p{N}]+")
_CYRILLIC = regexcache.compile(r"\p{Cyrillic}")


def article_score(scores: list[float], weights: list[int]) -> float | None:
    """Length-weighted mean (weights: words per sentence)."""
    total = sum(weights)
    if not total:
        return None
    return sum(s * w for s, w in zip(scores, weights, strict=True)) / total


def source_for(doc: Document, start: int, end: int) -> str | None:
    """The aligned source sentence(s) of ``doc.text[start:end]`` in a bilingual document, if any."""
    alignment, source = getattr(doc, "alignment", None), getattr(doc, "source", None)
    if alignment is None or not source or not hasattr(alignment, "source_of"):
        return None
    parts = [source[s.start : s.end] for pair in alignment.source_of(start, end) for s in pair.source]
    text = " ".join(p.strip() for p in parts if p.strip())
    return text or None


class QualityEstimationDetector(NeuralDetector):
    name = "neural-qe"
    rules = {
        "neural.qe": NeuralDetector.info(
            message="Low estimated translation quality",
            category="accuracy/mistranslation",
            severity=Severity.MINOR,
            description=(
                "A sentence scored below --qe-threshold by the local quality-estimation model given with "
                "--qe-model (source + translation when the input is bilingual, else the translation alone). "
                "The article's word-weighted mean score is in the JSON report's file `extra.qe`."
            ),
            # Run with a toy scorer (share of words not in Cyrillic): real results depend on the --qe-model.
            examples={
                "flag": ["Міністр сказав, що переговори тривають in Kyiv."],
                "pass": ["The minister said the talks would continue in Kyiv."],
            },
            example_options={"qe_model": EXAMPLE_MODEL},
        )
    }

    def __init__(self, options=None) -> None:
        super().__init__(options)
        self._last: tuple[Document, dict] | None = None

    def enabled(self) -> bool:
        return bool(setting(self.options, "qe_model"))

    def find(self, doc: Document) -> Iterator[Finding]:
        self._last = None
        if not self.enabled():
            return
        path = setting(self.options, "qe_model")
        threshold = float(setting(self.options, "qe_threshold", 0.5))
        sentences = [(a, b) for a, b in doc.sentences if _WORD.search(doc.text, a, b)]
        texts = [doc.text[a:b] for a, b in sentences]
        sources = [source_for(doc, a, b) for a, b in sentences]
        if path == EXAMPLE_MODEL:
            scores = [sum(not _CYRILLIC.search(w) for w in _WORD.findall(t)) / max(1, len(_WORD.findall(t))) for t in texts]
        else:
            scores = self.model("regressor", path).score(texts, sources) if texts else []
        weights = [len(_WORD.findall(t)) for t in texts]
        overall = article_score(scores, weights)
        self._last = (
            doc,
            {
                "qe": {
                    "model": Path(str(path)).name,
                    "score": None if overall is None else round(overall, 4),
                    "threshold": threshold,
                    "sentences": len(scores),
                    "below": sum(s < threshold for s in scores),
                    "bilingual": any(sources),
                }
            },
        )
        for (a, b), s in zip(sentences, scores, strict=True):
            if s < threshold:
                yield self.finding(
                    "neural.qe",
                    doc,
                    a,
                    b,
                    message=f"Low estimated translation quality ({s:.3f} < {threshold:g})",
                    qe=round(s, 4),
                )

    def document_extra(self, doc: Document) -> dict:
        if self._last is not None and self._last[0] is doc:
            return self._last[1]
        return {}
