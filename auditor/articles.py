"""Keep 'a'/'an' before a finding in agreement with its suggestion ('an accumulation' → 'a concentration')."""

from __future__ import annotations

import re

from .findings import Finding

_ARTICLE_BEFORE = re.compile(r"(?<![\w’'-])([Aa]n?) $")
_VOWEL_SOUND_EXCEPTIONS = ("eu", "ewe", "one", "once", "uni", "usu", "use", "uti", "ukr", "ura")


def article_for(word: str) -> str | None:
    """'a' or 'an' for a lower-case ``word``, when its first letter says so clearly; None otherwise
    (an h- or u- word, a capital or a digit: 'an hour', 'a unit', 'an MP')."""
    first = word[:1]
    if not first.isalpha() or not first.islower() or first in "hu" or word.startswith(_VOWEL_SOUND_EXCEPTIONS):
        return None
    return "an" if first in "aeio" else "a"


def agree(text: str, findings: list[Finding]) -> list[Finding]:
    """Findings whose first suggestion needs the other article than the one just before the span take
    that article into the span and into every non-empty suggestion."""
    out = []
    for f in findings:
        first = f.suggestions[0] if f.suggestions else ""
        m = _ARTICLE_BEFORE.search(text, max(0, f.start - 4), f.start) if first else None
        want = article_for(first.split(" ", 1)[0]) if m else None
        if not m or want is None or want == m.group(1).lower():
            out.append(f)
            continue
        start, article = m.start(1), m.group(1)
        out.append(Finding(f.rule, f.category, f.severity, start, f.end, text[start : f.end], f.message,
                           tuple(_with_article(s, article) for s in f.suggestions), f.source, f.line, f.column, f.extra))
    return out


def _with_article(suggestion: str, article: str) -> str:
    """``suggestion`` after the article it needs (the text's own when unclear), cased like ``article``."""
    if not suggestion:
        return suggestion
    art = article_for(suggestion.split(" ", 1)[0]) or article.lower()
    return f"{art.capitalize() if article[0].isupper() else art} {suggestion}"
