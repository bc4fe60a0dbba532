"""Cheap test for the ``repetition`` rule type: can the text contain a word repeated after spaces?

The text is read as bytes, one per character: ASCII letters lowered, a non-ASCII letter as the
ASCII letter it matches case-insensitively (``ſ`` → s, Kelvin sign → k, ``ı`` → i) or ``q``,
anything else a space. A repeated word (a whole run of letters, then spaces or tabs, then the same
letters case-insensitively, then no letter) is then two equal neighbours among the byte words, so
a text without such neighbours needs no regex search. The test may say yes wrongly (``q`` stands
for many letters; punctuation becomes a space), never no wrongly.
"""

from __future__ import annotations

import operator
from functools import lru_cache

from .. import regexcache
from ..bytetext import ascii_stand_ins

_WORD_BYTES = bytes((c | 0x20) if chr(c).isalpha() else 32 for c in range(128)) + b" " * 128
_LOWER = "abcdefghijklmnopqrstuvwxyz"
PIECE = 1024  # characters: a text is tested piece by piece, and only pieces that may repeat a word are searched


def may_repeat(text: str) -> bool:
    """False only when no word of ``text`` is immediately repeated after spaces or tabs."""
    data = ascii_stand_ins(text, _stand_in)
    if data is None:  # too many kinds of non-ASCII characters to map cheaply
        return True
    words = data.translate(_WORD_BYTES).split()
    return any(map(operator.eq, words, words[1:]))


@lru_cache(maxsize=4096)
def _stand_in(c: str) -> tuple[bytes, bytes]:
    if not regexcache.compile(r"\p{L}").match(c):
        return c.encode("utf-8", "surrogatepass"), b" "
    same = [x for x in _LOWER if regexcache.compile(r"(?i)(?-f)[" + x + x.upper() + "]").fullmatch(c)]
    return c.encode("utf-8", "surrogatepass"), same[0].encode() if same else b"q"
