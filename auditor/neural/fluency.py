"""Unusual phrasing: spans a local causal language model finds improbable, relative to the article.

``--lm PATH`` names any Hugging Face causal LM directory (GPT-2 style). Each token's surprisal
(bits) is computed over sentence-level windows that fit the model (consecutive sentences packed up
to its maximum length; a longer sentence is cut into chunks), summed per word, averaged over
phrases of PHRASE_WORDS words, and turned into z-scores against the article's own phrases. The
most improbable phrases (z ≥ Z_THRESHOLD, at most one per MAX_EVERY words) are reported as minor
"unusual phrasing". Phrases with digits or mid-sentence capitalised words (names, which are
improbable for any model) are not scored.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterator

from .. import regexcache
from ..document import Document
from ..findings import Finding, Severity
from . import setting
from .base import EXAMPLE_MODEL, NeuralDetector

PHRASE_WORDS = 3
Z_THRESHOLD = 2.5
MIN_PHRASES = 20  # fewer phrases than this: no distribution to compare against
MAX_EVERY = 150  # at most one finding per this many words (and at least one)

_WORD = regexcache.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’-]*")
# The examples' toy LM: 2 bits for these words, 12 for any other.
_EXAMPLE_COMMON = frozenset(
    str.split(
        "the a an and of to in on at for was were is are said that this it they he she we talks minister city people "
        "news day region good held would be then after with from by"
    )
)
_COMMON_TEXT = "the minister said that the talks in the city were held on the day and the people said that the news was good"


def sentence_windows(sentences: list[tuple[int, int]], lengths: list[int], room: int) -> list[tuple[int, int]]:
    """Pack consecutive sentences into windows of at most ``room`` tokens (a longer sentence stands alone)."""
    windows: list[tuple[int, int]] = []
    cur: tuple[int, int] | None = None
    used = 0
    for (a, b), n in zip(sentences, lengths, strict=True):
        if cur is not None and used + n <= room:
            cur, used = (cur[0], b), used + n
            continue
        if cur is not None:
            windows.append(cur)
        cur, used = (a, b), n
    if cur is not None:
        windows.append(cur)
    return windows


def word_surprisals(text: str, sentences, tokens: list[tuple[int, int, float]]) -> list[tuple[int, int, float, bool]]:
    """``(start, end, bits, sentence_initial)`` per word: the bits of the tokens that overlap it."""
    words: list[list] = []
    for a, b in sentences:
        for k, m in enumerate(_WORD.finditer(text, a, b)):
            words.append([m.start(), m.end(), 0.0, k == 0])
    starts = [w[0] for w in words]
    for a, b, bits in tokens:
        i = bisect_right(starts, max(a, b - 1)) - 1
        if i >= 0 and words[i][0] < b and a < words[i][1]:
            words[i][2] += bits
    return [tuple(w) for w in words]


def unusual_phrases(text: str, sentences, words, z_threshold: float = Z_THRESHOLD) -> list[tuple[int, int, float, float]]:
    """``(start, end, mean bits, z)`` of the most improbable phrases, non-overlapping, best first."""
    phrases: list[tuple[int, int, float]] = []
    sent_starts = [a for a, _ in sentences]
    by_sentence: dict[int, list] = {}
    for w in words:
        by_sentence.setdefault(bisect_right(sent_starts, w[0]) - 1, []).append(w)
    for ws in by_sentence.values():
        for i in range(0, max(0, len(ws) - PHRASE_WORDS + 1)):
            chunk = ws[i : i + PHRASE_WORDS]
            if any(any(c.isdigit() for c in text[w[0] : w[1]]) for w in chunk):
                continue
            if any(text[w[0]].isupper() and not w[3] for w in chunk):
                continue
            phrases.append((chunk[0][0], chunk[-1][1], sum(w[2] for w in chunk) / len(chunk)))
    if len(phrases) < MIN_PHRASES:
        return []
    scores = [p[2] for p in phrases]
    mu = sum(scores) / len(scores)
    sd = math.sqrt(sum((s - mu) ** 2 for s in scores) / len(scores))
    if sd <= 1e-9:
        return []
    n_words = len(words)
    budget = max(1, n_words // MAX_EVERY)
    out: list[tuple[int, int, float, float]] = []
    for a, b, s in sorted(phrases, key=lambda p: (-p[2], p[0])):
        z = (s - mu) / sd
        if z < z_threshold or len(out) >= budget:
            break
        if not any(a < y and x < b for x, y, _, _ in out):
            out.append((a, b, s, z))
    return sorted(out)


class FluencyDetector(NeuralDetector):
    name = "neural-fluency"
    rules = {
        "neural.fluency": NeuralDetector.info(
            message="Unusual phrasing",
            category="style",
            severity=Severity.MINOR,
            description=(
                "Phrases a local causal language model (--lm PATH) finds most improbable relative to the rest of "
                "the article (z-score of mean surprisal per word over three-word phrases). A hint for an editor, "
                "not a diagnosis: what is flagged depends on the model given."
            ),
            # Run with a toy LM (common words 2 bits, others 12): real results depend on the --lm model.
            examples={
                "flag": [f"{_COMMON_TEXT} for the region and then glorp vexil frumpt the minister said that it was good."],
                "pass": [f"{_COMMON_TEXT} for the region and then the minister said that it was good."],
            },
            example_options={"lm": EXAMPLE_MODEL},
        )
    }

    def enabled(self) -> bool:
        return bool(setting(self.options, "lm"))

    def find(self, doc: Document) -> Iterator[Finding]:
        if not self.enabled():
            return
        sentences = [(a, b) for a, b in doc.sentences if _WORD.search(doc.text, a, b)]
        if not sentences:
            return
        if setting(self.options, "lm") == EXAMPLE_MODEL:
            words = [
                (m.start(), m.end(), 2.0 if m.group().lower() in _EXAMPLE_COMMON else 12.0, k == 0)
                for a, b in sentences
                for k, m in enumerate(_WORD.finditer(doc.text, a, b))
            ]
            yield from self._report(doc, sentences, words)
            return
        lm = self.model("lm", setting(self.options, "lm"))
        lengths = [len(ids) for ids in lm.tokenizer([doc.text[a:b] for a, b in sentences], add_special_tokens=False)["input_ids"]]
        room = lm.max_length - (1 if lm.bos is not None else 0)
        windows = sentence_windows(sentences, lengths, room)
        tokens = lm.surprisals(doc.text, windows)
        yield from self._report(doc, sentences, word_surprisals(doc.text, sentences, tokens))

    def _report(self, doc: Document, sentences, words) -> Iterator[Finding]:
        for a, b, bits, z in unusual_phrases(doc.text, sentences, words):
            yield self.finding(
                "neural.fluency",
                doc,
                a,
                b,
                message=f"Unusual phrasing ({bits:.1f} bits per word, z = {z:.1f} against this article)",
                surprisal=round(bits, 2),
                z=round(z, 2),
            )
