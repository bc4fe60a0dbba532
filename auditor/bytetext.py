"""Text as one ASCII byte per character, so that stdlib byte operations (translate, count, split,
``re`` on bytes) can scan it at C speed where the ``regex`` module would build a token list."""

from __future__ import annotations

_ASCII = bytes(range(128))


def ascii_stand_ins(text: str, stand_in, kinds: int = 24) -> bytes | None:
    """``text`` as UTF-8, each non-ASCII character replaced as ``stand_in(char)`` says ((its bytes, one ASCII byte));
    None when there are more than ``kinds`` distinct such characters."""
    data = text.encode("utf-8", "surrogatepass")
    if len(data) > len(text):
        odd = non_ascii(data)
        if len(odd) > kinds:
            return None
        for c in odd:
            data = data.replace(*stand_in(c))
    return data


def non_ascii(data: bytes) -> set[str]:
    """The distinct non-ASCII characters of ``data`` (UTF-8, lone surrogates allowed)."""
    return set(data.translate(None, _ASCII).decode("utf-8", "surrogatepass"))


PIECE = 8192  # characters: long texts are mapped piece by piece, so that few kinds of character meet at once


def pieces(text: str, size: int = PIECE) -> list[tuple[int, int]]:
    """(start, end) spans that cover ``text`` in order, each cut just after a newline once ``size`` characters long."""
    out, start, n = [], 0, len(text)
    while n - start > size:
        cut = text.find("\n", start + size)
        if cut < 0:
            break
        out.append((start, cut + 1))
        start = cut + 1
    out.append((start, n))
    return out
