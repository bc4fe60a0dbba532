"""Pronoun gender for non-persons: 'Azerbaijan … under his control' → 'its' (Russian grammatical gender)."""

from __future__ import annotations

from bisect import bisect_left
from functools import cache
from types import SimpleNamespace

import regex

from .. import regexcache
from ..detectors.base import Detector, RuleInfo
from ..findings import Severity
from .context import cue_matches, english_mentions, glossary_for
from .matcher import PRONOUN_CUES
from .model import NON_PERSON

_PRONOUNS = ("his", "her", "him", "himself", "herself", "His", "Her")
_FIX = {"his": "its", "her": "its", "him": "it", "himself": "itself", "herself": "itself"}
# Prepositions before an object pronoun: "him" after anything else is a verb's object, which cannot be the
# clause's subject ("The court fined him"), so it is not a country's pronoun.
_PREPOSITIONS = frozenset(
    ["to", "for", "with", "from", "against", "on", "at", "by", "about", "behind", "towards", "toward", "into", "onto",
     "upon", "over", "under", "of", "without", "between", "among", "near", "like", "around", "beside", "before", "after"]
)
# Singular nouns that can be the antecedent of he/she: a pronoun after one of them is not ours to judge.
_PERSON_NOUNS = (
    "he she He She him man woman president minister premier chancellor spokesman spokeswoman spokesperson leader "
    "secretary official commander general soldier officer expert analyst journalist correspondent reporter researcher "
    "chair chairman chairwoman mayor governor ambassador envoy lawmaker deputy MP senator citizen father mother son "
    "daughter wife husband boy girl king queen pope patriarch adviser advisor aide director head chief author "
    "writer poet actor actress player coach candidate prosecutor judge lawyer activist blogger businessman "
    "oligarch pilot driver victim resident prisoner witness student teacher doctor priest host singer "
    "detainee suspect defendant convict person individual employee worker volunteer rescuer serviceman fighter "
    "child patient passenger owner pensioner voter applicant sailor farmer entrepreneur banker diplomat "
    "violator offender investigator champion athlete winner runner-up tennis footballer boxer swimmer "
    "Mr mr Mrs mrs Ms ms Dr Sir Lady Lord"
)
_NOT_NAMES = frozenset(
    [
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "By",
        "For",
        "From",
        "With",
        "Without",
        "To",
        "Of",
        "And",
        "But",
        "Or",
        "Nor",
        "So",
        "Yet",
        "As",
        "After",
        "Before",
        "During",
        "Since",
        "Until",
        "While",
        "When",
        "Where",
        "Why",
        "How",
        "What",
        "Which",
        "Who",
        "Whom",
        "Whose",
        "This",
        "That",
        "These",
        "Those",
        "It",
        "Its",
        "They",
        "Their",
        "There",
        "Then",
        "Thus",
        "However",
        "Meanwhile",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "English",
        "Internet",
        "God",
        "Catholic",
        "Orthodox",
        "Muslim",
        "Christian",
        "Jewish",
        "Soviet",
        "Western",
        "Eastern",
        "Northern",
        "Southern",
        "European",
        "Asian",
        "African",
        "American",
        "Day",
        "Week",
        "Year",
        "Cup",
        "Games",
        "Olympics",
        "Prize",
    ]
)
_ORG_NOUN = (
    r"\b(?:the (?:ministry|army|government|agency|department|company|party|alliance|bloc|organi[sz]ation|committee|"
    r"council|parliament|court|bank|union|country|state|republic|city|region|kingdom|federation|commission|newspaper|"
    r"channel|outlet|regime|administration|office))\b"
)
# A country or organisation is only a likely antecedent as a subject: followed by a finite verb.
_VERB_AFTER = (
    r"\s+(?:(?:has|have|had|is|was|will|would|can|could|must|may|might|shall|should|did|does|also|then|now|again|"
    r"said|says|took|brought|gave|made|put|sent|kept|lost|won|began|became|went|told|got|held|left|set|found|"
    r"\p{Ll}+ed|\p{Ll}{3,}s)\b)"
)


@cache
def _patterns():
    """Compiled on first use."""
    return SimpleNamespace(
        # A capitalised word the glossary does not know may be a person ("Iryna", "Grigor Atanesyan").
        capitalised=regexcache.compile(r"(?<![\p{L}\p{N}’'.-])\p{Lu}\p{Ll}[\p{L}’'-]*"),
        words=regexcache.compile(r"\b\w+"),
        person_nouns=frozenset(_PERSON_NOUNS.split()),
        org_noun=regexcache.compile(_ORG_NOUN, regex.I),
        verb_after=regexcache.compile(_VERB_AFTER),
        adverb_verb=regexcache.compile(r"(?:\s+\p{Ll}+ly)?" + _VERB_AFTER),
    )


@cache
def _pronoun():
    return regexcache.compile(rf"\b(?:{'|'.join(_PRONOUNS)})\b")


def _adjectives(options) -> frozenset[str]:
    """Nationality adjectives from the glossary (Ukrainian, Azerbaijani), which are not names."""
    return glossary_for(options).derived(
        "adjectives", lambda g: frozenset(e.adjective for e in g.entities.values() if e.adjective)
    )


def _within(mentions, starts, lo: int, hi: int):
    """Mentions that start in [lo, hi) (``starts`` is sorted)."""
    return mentions[bisect_left(starts, lo) : bisect_left(starts, hi)]


def _after_preposition(text: str, start: int, skip: frozenset[str] = frozenset()) -> bool:
    """Whether the word before ``start`` (past any words in ``skip``) is a preposition."""
    before = text[max(0, start - 40) : start].split()
    while before and before[-1].lower() in skip:
        before.pop()
    return bool(before) and before[-1].lower() in _PREPOSITIONS


_DETERMINERS = frozenset(["the", "a", "an", "its", "their", "our", "this", "that"])


def _is_subject(text: str, end: int) -> bool:
    return _patterns().verb_after.match(text, end) is not None


def _object(text: str, p) -> bool:
    """Whether pronoun match ``p`` is an object: 'him', or 'her' before punctuation, a preposition or 'and'."""
    word = p.group(0).lower()
    if word == "him":
        return True
    if word != "her":
        return False
    after = text[p.end() : p.end() + 20].split(None, 1)
    return not after or not after[0][:1].isalpha() or after[0].lower().strip(".,;:!?") in _PREPOSITIONS | {"and", "or", "but"}


def _initial_subject(doc, sent, adjectives, known: list[int]) -> bool:
    """Whether the sentence opens with a capitalised word the glossary does not know (a bare surname:
    'Rybakina') that is its subject, followed by a verb. ``known``: sorted starts of glossary mentions."""
    m = _patterns().capitalised.match(doc.text, sent.start)
    if m is None:
        return False
    word = m.group(0).rstrip("’'")
    i = bisect_left(known, m.start())
    if word in _NOT_NAMES or word in adjectives or (i < len(known) and known[i] == m.start()):
        return False
    return _patterns().adverb_verb.match(doc.text, m.end()) is not None


class GlossaryPronouns(Detector):
    name = "glossary-pronouns"
    rules = {
        "glossary.pronoun": RuleInfo(
            message="A country or organisation is 'it', not 'he' or 'she'",
            category="fluency/grammar",
            severity=Severity.MAJOR,
            description="Russian and Ukrainian nouns have grammatical gender, and machine translation carries it over "
            "('Azerbaijan returned the regions under his control'). The nearest possible antecedent before the "
            "pronoun (in its sentence, else the previous one) decides; any person or person noun in between, or an "
            "unknown name, makes the pronoun ambiguous and it is not reported. A country counts only as a subject (not "
            "after a preposition); an object 'him'/'her' is never its own clause's subject; a sentence opened by an "
            "unknown name and a verb ('Rybakina donated …') is not searched past.",
            examples={
                "flag": [
                    {"text": "Azerbaijan returned the regions around Nagorno-Karabakh under his control.", "suggestion": "its"},
                    "Armenia brought half the world to his ears",
                    "Ukraine has rebuilt her army since 2014.",
                    "The ministry said his forces had repelled the attack.",
                ],
                "pass": [
                    "Azerbaijan's president said his country would respond.",
                    "Ukraine said its army had repelled the attack.",
                    "Putin told Russia his decision was final.",
                    "France's Macron said Armenia had his support.",
                    "BBC correspondent Grigor Atanesyan says Armenia is his home.",
                    "His sources in Armenia say the army is exhausted.",
                    "Ivan Petrov was detained. The court fined him and thanked him for his help.",
                    "The State Duma passed a bill under which a detainee may call his relatives within three hours.",
                    "Sergei fled to Kazakhstan. Russia filed a desertion case against him.",
                    "All regions of the country took part. Rybakina recently donated rackets to young players to become top players like her.",
                    "Police detained a curfew violator. Correspondence with the Russian military was found on his phone.",
                ],
            },
        )
    }

    def find(self, doc):
        mentions = english_mentions(doc, self.options)  # sorted by start
        starts = [m.start for m in mentions]
        adjectives = _adjectives(self.options)
        memo: dict[tuple[int, int], str | None] = {}

        def nearest(lo: int, hi: int) -> str | None:
            if (lo, hi) not in memo:
                memo[lo, hi] = self._nearest(doc, _within(mentions, starts, lo, hi), lo, hi, adjectives)
            return memo[lo, hi]

        for p in cue_matches(doc, self.options, _pronoun, PRONOUN_CUES):
            i = doc.sentence_index(p.start())
            if i is None:
                continue
            sent = doc.sentences[i]
            antecedent = nearest(sent.start, p.start())
            if antecedent is not None and _object(doc.text, p):
                continue  # "Russia filed a case against him": an object pronoun is not its own clause's subject
            if antecedent is None and _initial_subject(doc, sent, adjectives, starts):
                continue  # "Rybakina donated rackets to become top players like her"
            if antecedent is None:
                if i == 0 or nearest(sent.start, sent.end) == "person":
                    continue
                prev = doc.sentences[i - 1]
                antecedent = nearest(prev.start, prev.end)
            if antecedent != "non-person":
                continue
            word = p.group(0)
            if word == "him" and not _after_preposition(doc.text, p.start()):
                continue
            fix = _FIX[word.lower()]
            fix = fix.capitalize() if word[0].isupper() else fix
            yield self.finding(
                "glossary.pronoun",
                doc,
                p.start(),
                p.end(),
                [fix],
                message=f"'{word}' refers to a country or organisation here: write '{fix}'",
            )

    def _nearest(self, doc, mentions, lo: int, hi: int, adjectives) -> str | None:
        """'person' if any possible person antecedent is in text[lo:hi], else 'non-person' if a country or
        organisation is, else None. Any person makes the pronoun ambiguous: precision over recall."""
        text = doc.text
        pat = _patterns()
        found = None
        known_spans = []
        for m in mentions:
            if lo <= m.start and m.end <= hi:
                known_spans.append((m.start, m.end))
                if m.entity.type not in NON_PERSON:
                    return "person"
                if _is_subject(text, m.end) and not _after_preposition(text, m.start, _DETERMINERS):
                    found = "non-person"  # "correspondence with the Russian military was found": not the subject
        for m in pat.capitalised.finditer(text, lo, hi):  # before the person nouns: cheaper, and often decides
            word = m.group(0).rstrip("’'")
            if word in _NOT_NAMES or word in adjectives or any(s <= m.start() < e for s, e in known_spans):
                continue
            sent = doc.sentence_at(m.start())
            if sent and sent.start == m.start():
                continue  # sentence-initial capital says nothing
            return "person"
        if not pat.person_nouns.isdisjoint(pat.words.findall(text, lo, hi)):
            return "person"
        if found is None and any(
            _is_subject(text, m.end()) and not _after_preposition(text, m.start())
            for m in pat.org_noun.finditer(text, lo, hi)
        ):
            found = "non-person"
        return found
