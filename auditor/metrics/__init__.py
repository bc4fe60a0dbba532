"""Reference-based metrics (sacrebleu wrappers): BLEU, chrF, chrF++, TER and paired significance
tests. sacrebleu is imported inside the functions, so importing this package costs nothing."""

from .sacre import METRICS, compare, corpus_scores, read_segments, segment_scores

__all__ = ["METRICS", "compare", "corpus_scores", "read_segments", "segment_scores"]
