"""Regex syntax that the literal prefilter and the Hyperscan gate both read from rule patterns."""

from __future__ import annotations

import re

# ``regex``-module syntax with no equivalent in the stdlib parser both of them analyse patterns with
REGEX_ONLY = ("(?V", "(?r", "(?f", "(?w", "(?b", "(?e", "(?p", "{e", "\\m", "\\M", "\\G", "\\L<", "(?|", "\\K")
INLINE_FLAGS = re.compile(r"\(\?([aimsux]+)\)")  # a global inline flag group such as (?i) or (?ms)


def escaped(source: str, i: int) -> bool:
    """Whether the character at ``i`` follows an odd number of backslashes."""
    n = 0
    while i - n - 1 >= 0 and source[i - n - 1] == "\\":
        n += 1
    return n % 2 == 1
