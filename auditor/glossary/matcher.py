"""Find every glossary form in a text at once (Aho-Corasick automaton, built once per glossary)."""

from __future__ import annotations

from typing import NamedTuple

from .dates import MONTH_NAMES
from .model import Entity, Glossary
from .translit import RUSSIAN_FORMS_OF_UKRAINIAN_NAMES

# Kinds of surface form, from most to least trusted.
CANONICAL, VARIANT, WRONG, SOURCE = "canonical", "variant", "wrong", "source"

# The automaton looks up a state's transitions one by one, and ordinary text mostly restarts at the root:
# giving the root the commonest characters first (through keys that cannot match) makes scanning ~2x faster.
_COMMON = (
    " etaoinsrhldcumfpgwybvk,.xjqz\n'’\"“”-–0123456789()TSAICMBPRDHNWFLGEOKUVJYZQX;:—‘%$?!/…"
    "оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъёієїґ"
)
_NEVER = "\uffff"
_FILLER = (0, "", ())
# Words other checks look for, found in the same pass as the forms: month names (dates), Russian first
# names (names), and what the pronouns checked for gender begin with (pronouns).
PRONOUN_CUES = ("his", "her", "him", "His", "Her")
CUES = frozenset((*MONTH_NAMES, *RUSSIAN_FORMS_OF_UKRAINIAN_NAMES, *PRONOUN_CUES))
_new_tuple = tuple.__new__


class Mention(NamedTuple):
    start: int
    end: int
    entity: Entity
    kind: str
    form: str
    reason: str = ""


_DATELINE_TYPES = frozenset(["country", "region", "city"])


def _datelines(glossary: Glossary, table: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    """Capitalised place names ("KIEV, June 1", a dateline), claimed as their written forms are."""
    out: dict[str, list[tuple]] = {}
    for e in glossary.entities.values():
        if e.type not in _DATELINE_TYPES:
            continue
        forms = [(f, VARIANT, "") for f in e.accepted()] + [(w.form, WRONG, w.reason) for w in e.wrong]
        for form, kind, reason in forms:
            upper = form.upper()
            if len(form) >= 4 and upper != form and upper not in table:
                out.setdefault(upper, []).append((e, kind, reason))
    return out


def forms_table(glossary: Glossary) -> dict[str, tuple]:
    """Every surface form -> the automaton's value for it: (length, form, claims reported)."""
    table: dict[str, list[tuple]] = {}  # form -> (entity, kind, reason) for each entity that has it
    for e in glossary.entities.values():
        for form in e.accepted():
            table.setdefault(form, []).append((e, CANONICAL if form == e.canonical else VARIANT, ""))
        for w in e.wrong:
            table.setdefault(w.form, []).append((e, WRONG, w.reason))
        for forms in e.source_forms.values():
            for form in forms:
                table.setdefault(form, []).append((e, SOURCE, ""))
    for form, claims in _datelines(glossary, table).items():
        table[form] = claims
    return {form: (len(form), form, _reported(claims)) for form, claims in table.items()}


class Matcher:
    def __init__(self, glossary: Glossary) -> None:
        import ahocorasick

        self.glossary = glossary
        table = glossary.derived("matcher-forms", forms_table)  # cached on disk with the glossary
        self.automaton = ahocorasick.Automaton()
        for ch in _COMMON:
            self.automaton.add_word(ch + _NEVER, _FILLER)
        for word in CUES - table.keys():
            self.automaton.add_word(word, (0, word, ()))
        for form, value in table.items():
            self.automaton.add_word(form, value)
        self.automaton.make_automaton()

    def mentions(self, text: str) -> list[Mention]:
        """Longest non-overlapping whole-word mentions, leftmost first.

        A form claimed by several entities (e.g. a surname) is reported for each of them only if
        none of them accepts it as correct; otherwise it counts as correct.
        """
        return self.scan(text)[0]

    def scan(self, text: str) -> tuple[list[Mention], dict[str, list[int]]]:
        """``mentions(text)``, and the start offsets of every occurrence of each word in ``CUES`` found."""
        n = len(text)
        cues: dict[str, list[int]] = {}
        longest: dict[int, tuple] = {}  # start -> (length, form, reported) of the longest whole-word form there
        get = longest.get
        for end_idx, value in self.automaton.iter(text):
            length, form = value[0], value[1]
            if form in CUES:
                cues.setdefault(form, []).append(end_idx + 1 - len(form))
                if not length:
                    continue
            start = end_idx - length + 1
            if length <= get(start, _FILLER)[0]:
                continue
            end = end_idx + 1
            if (start and text[start - 1].isalnum()) or (end < n and text[end].isalnum()):
                continue
            longest[start] = value
        out: list[Mention] = []
        last_end = -1
        for start in sorted(longest):
            if start < last_end:
                continue
            length, form, reported = longest[start]
            last_end = end = start + length
            for entity, kind, reason in reported:
                out.append(_new_tuple(Mention, (start, end, entity, kind, form, reason)))  # = Mention(...), faster
        return out, cues


def _reported(claims: list[tuple]) -> tuple:
    """Which of the (entity, kind, reason) ``claims`` on one form to report.

    A form that is correct for one entity is not wrong for another; an ambiguous correct form is reported once.
    """
    if len(claims) == 1:
        return tuple(claims)
    accepted = {c[1] for c in claims} & {CANONICAL, VARIANT}
    ambiguous = len({c[0].id for c in claims}) > 1
    out = []
    for claim in claims:
        if accepted and claim[1] not in accepted:
            continue
        out.append(claim)
        if claim[1] in (CANONICAL, VARIANT) and ambiguous:
            break
    return tuple(out)


def matcher_for(glossary: Glossary) -> Matcher:
    """One automaton per loaded glossary."""
    return glossary.derived("matcher", Matcher)
