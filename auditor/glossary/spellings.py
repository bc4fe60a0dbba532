"""One name spelled two ways in an article ('Humenyuk' and 'Gumenyuk'), for names the glossary does not know."""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache

import regex

from ..detectors.base import Detector, RuleInfo
from ..findings import Severity
from .context import mentions
from .spans import Spans

# Romanised names only: a Latin capital and five letters or more. No word boundaries here (they halve the
# speed of the one findall per article); the rare words that share a key are then found as whole words.
_WORD = re.compile(r"[A-Z][a-z]{4,}")


_BETWEEN_VOWELS = regex.compile(r"(?<=[aeiou])i(?=[aeiou])")
_RUN_OF_I = regex.compile(r"i{2,}")
_SENTENCE_START = regex.compile(r"(?:^|[.!?:;\"“”«»(\[\n–—-])[ \t]*$")


@cache
def spelling_key(word: str) -> str:
    """What Russian- and Ukrainian-based romanisations of one name share: г as g or h, й/ы/і/и as y or i,
    a y between vowels or not (Humenyuk = Gumenyuk, Tatiana = Tatyana, Tokayev = Tokaev, Zhyvytskyi = Zhyvytsky)."""
    w = word.lower().replace("g", "h").replace("y", "i")
    return _RUN_OF_I.sub("i", _BETWEEN_VOWELS.sub("", w))


class GlossarySpellings(Detector):
    name = "spellings"
    rules = {
        "glossary.name.two-spellings": RuleInfo(
            message="This name is spelled differently elsewhere in the article",
            category="terminology/name",
            severity=Severity.MINOR,
            description="A capitalised word of five letters or more written in two romanisations in one article "
            "(Humenyuk / Gumenyuk, Zahorodnyi / Zahorodny, Tatiana / Tatyana): MT and copy-pasted sources mix "
            "Russian- and Ukrainian-based spellings. The less frequent spelling is flagged, with the other as the "
            "fix (the first written, on a tie). One of them must occur inside a sentence (a name, not a word "
            "capitalised at a sentence start), and names the glossary knows are left to its rules.",
            examples={
                "flag": [
                    {
                        "text": "Natalia Humenyuk said the enemy attacked twice. According to Gumenyuk, the drones "
                        "were shot down.",
                        "suggestion": "Humenyuk",
                    },
                    {
                        "text": "Governor Serhiy Lysak and Petro Zahorodnyi met on Monday. The next day "
                        "Zahorodny said two people were hurt, and Zahorodnyi added that power was back.",
                        "suggestion": "Zahorodnyi",
                    },
                ],
                "pass": [
                    "Natalia Humenyuk said the enemy attacked twice. According to Humenyuk, the drones were shot down.",
                    "The Ministry of Defence and the US Department of Defense signed the deal.",
                    "Russia said the Russians had left.",
                ],
            },
        ),
    }

    def find(self, doc):
        text = doc.text
        by_key: dict[str, list[str]] = defaultdict(list)
        for word in set(_WORD.findall(text)):
            by_key[spelling_key(word)].append(word)
        known = None
        for words in by_key.values():
            if len(words) < 2:
                continue
            spellings = {w: [m.start() for m in regex.finditer(rf"(?<![\w’'-]){w}(?!\w)", text)] for w in sorted(words)}
            spellings = {w: starts for w, starts in spellings.items() if starts}
            if len(spellings) < 2 or not any(_inside(text, s) for starts in spellings.values() for s in starts):
                continue
            if known is None:
                known = Spans(mentions(doc, self.options)).overlaps
            if any(known(s, s + len(w)) for w, starts in spellings.items() for s in starts):
                continue  # the glossary's rules speak for its names
            best = max(spellings, key=lambda w: (len(spellings[w]), -spellings[w][0]))
            for word, starts in spellings.items():
                if word != best:
                    for s in starts:
                        yield self.finding(
                            "glossary.name.two-spellings", doc, s, s + len(word), [best],
                            message=f"{word!r} is spelled {best!r} elsewhere in this article",
                        )


def _inside(text: str, start: int) -> bool:
    """Whether the word at ``start`` is inside a sentence (not its first word)."""
    return _SENTENCE_START.search(text, max(0, start - 3), start) is None
