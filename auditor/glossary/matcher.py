"""Find every glossary form in a text at once (Aho-Corasick automaton, built once per glossary)."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Entity, Glossary

# Kinds of surface form, from most to least trusted.
CANONICAL, VARIANT, WRONG, SOURCE = "canonical", "variant", "wrong", "source"


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    entity: Entity
    kind: str
    form: str
    reason: str = ""


class Matcher:
    def __init__(self, glossary: Glossary) -> None:
        import ahocorasick

        self.glossary = glossary
        table: dict[str, list[tuple]] = {}
        for e in glossary.entities.values():
            for form in e.accepted():
                table.setdefault(form, []).append((e.id, CANONICAL if form == e.canonical else VARIANT, ""))
            for w in e.wrong:
                table.setdefault(w.form, []).append((e.id, WRONG, w.reason))
            for forms in e.source_forms.values():
                for form in forms:
                    table.setdefault(form, []).append((e.id, SOURCE, ""))
        self.automaton = ahocorasick.Automaton()
        for form, values in table.items():
            self.automaton.add_word(form, (form, tuple(values)))
        self.automaton.make_automaton()

    def mentions(self, text: str) -> list[Mention]:
        """Longest non-overlapping whole-word mentions, leftmost first.

        A form claimed by several entities (e.g. a surname) is reported for each of them only if
        none of them accepts it as correct; otherwise it counts as correct.
        """
        found = []
        entities = self.glossary.entities
        for end_idx, (form, values) in self.automaton.iter(text):
            start, end = end_idx - len(form) + 1, end_idx + 1
            if (start > 0 and _wordish(text[start - 1])) or (end < len(text) and _wordish(text[end])):
                continue
            found.append((start, end, form, values))
        found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
        out: list[Mention] = []
        last_end = -1
        for start, end, form, values in found:
            if start < last_end:
                continue
            last_end = end
            kinds = {v[1] for v in values}
            accepted = kinds & {CANONICAL, VARIANT}
            for entity_id, kind, reason in values:
                if accepted and kind not in accepted:
                    continue  # a form that is correct for one entity is not wrong for another
                out.append(Mention(start, end, entities[entity_id], kind, form, reason))
                if kind in (CANONICAL, VARIANT) and len({v[0] for v in values}) > 1:
                    break  # ambiguous correct form: one mention is enough
        return out


def _wordish(ch: str) -> bool:
    return ch.isalnum()


def matcher_for(glossary: Glossary) -> Matcher:
    """One automaton per loaded glossary."""
    return glossary.derived("matcher", Matcher)
