"""Text as one ASCII byte per character, so that stdlib byte operations (translate, count, split,
``re`` on bytes) can scan it at C speed where the ``regex`` module would build a token list."""

from __future__ import annotations

_ASCII = bytes(range(128))


def ascii_stand_ins(text: str, stand_in, kinds: int = 24) -> bytes | None:
    """``text`` as UTF-8, each non-ASCII character replaced as ``stand_in(char)`` says ((its bytes, one ASCII byte));
    None when there are more than ``kinds`` distinct such characters."""
    data = text.encode("utf-8", "surrogatepass")
    if len(data) > len(text):
        odd = set(data.translate(None, _ASCII).decode("utf-8", "surrogatepass"))
        if len(odd) > kinds:
            return None
        for c in odd:
            data = data.replace(*stand_in(c))
    return data
