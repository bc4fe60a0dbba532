"""Name checks: wrong renderings, source-script names, consistency, house style, unknown names."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from functools import cache

import regex

from .. import regexcache
from ..detectors.base import Detector, RuleInfo
from ..findings import Severity
from .context import cue_matches, glossary_for, mentions
from .loader import BUNDLED
from .matcher import CANONICAL, SOURCE, VARIANT, WRONG
from .spans import Spans
from .translit import RUSSIAN_FORMS_OF_UKRAINIAN_NAMES

_UA_SURNAME = r"\p{Lu}\p{Ll}+(?:enko|chuk|chyk|yuk|iuk|ych|nyk|iv|skyi|skyy|tskyi|tska|ska|yak|iak|uk)"
_FIRST_NAMES = "|".join(sorted(RUSSIAN_FORMS_OF_UKRAINIAN_NAMES, key=len, reverse=True))
_UNSEEN = object()


@cache
def _unknown_ua():
    return regexcache.compile(rf"\b(?P<first>{_FIRST_NAMES}) (?P<last>{_UA_SURNAME})\b")


@cache
def _name_pair():
    return regexcache.compile(r"(?<![\p{L}.])(\p{Lu}\p{Ll}{2,}) (\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)(?!\p{L})")


@cache
def _is_cyrillic(form: str) -> bool:
    return regex.search(r"\p{Cyrillic}", form) is not None


def _surname(form: str) -> str:
    return form.split()[-1]


class GlossaryNames(Detector):
    name = "glossary-names"
    rules = {
        "glossary.name.wrong": RuleInfo(
            message="Known wrong rendering of a name",
            category="terminology/name",
            severity=Severity.MAJOR,
            description="A rendering the glossary lists as wrong (with its reason), or a Ukrainian citizen's name "
            "spelled by Russian rules (Alexei for Oleksiy), which the glossary derives from the Russian source form.",
            examples={
                "flag": [
                    {"text": "He phoned US Secretary of State Anthony Blinken.", "suggestion": "Antony Blinken"},
                    {"text": "NSDC secretary Alexei Danilov said so.", "suggestion": "Oleksiy Danilov"},
                    {"text": "Explosions were heard in Kiev on Monday.", "suggestion": "Kyiv"},
                    {"text": "KIEV, March 3 - Talks began.", "suggestion": "KYIV"},
                    {"text": "The OON condemned the strike.", "suggestion": "UN"},
                    {"text": "The Cabmin approved the decree.", "suggestion": "Cabinet of Ministers of Ukraine"},
                ],
                "pass": [
                    "He phoned US Secretary of State Antony Blinken.",
                    "NSDC Secretary Oleksiy Danilov said so.",
                    "Kyiv and Kharkiv came under attack.",
                    "The Kievan Rus period is studied in Kyiv.",
                ],
            },
        ),
        "glossary.name.source-script": RuleInfo(
            message="Name left in the source script",
            category="accuracy/untranslated",
            severity=Severity.MAJOR,
            description="A known name written in Cyrillic inside English text.",
            examples={
                "flag": [{"text": "The talks were hosted by Зеленский in the capital.", "suggestion": "Volodymyr Zelenskyy"}],
                "pass": ["The talks were hosted by Zelenskyy in the capital.", "Зеленский."],
            },
        ),
        "glossary.name.inconsistent": RuleInfo(
            message="The same name is spelled two ways in this article",
            category="terminology/name",
            severity=Severity.MINOR,
            description="Two accepted spellings of one entity (Zelensky and Zelenskyy) in one article; keep one.",
            examples={
                "flag": [
                    {"text": "Zelenskyy met Biden. Later Zelenskyy left. Zelensky said it went well.", "suggestion": "Zelenskyy"}
                ],
                "pass": ["Volodymyr Zelenskyy met Joe Biden. Zelenskyy said it went well.", "Zelensky met Biden. Zelensky left."],
            },
        ),
        "glossary.name.house-style": RuleInfo(
            message="House style prefers another spelling",
            category="style",
            severity=Severity.MINOR,
            description="Only when a house glossary sets `house_style: prefer:` for the entity.",
            examples={
                "flag": [
                    {"text": "Zelenskyy met Biden.", "suggestion": "Zelensky"},
                    {"text": "Volodymyr Zelenskiy met Biden.", "suggestion": "Volodymyr Zelensky"},
                ],
                "pass": ["Zelensky met Biden.", "Volodymyr Zelensky met Joe Biden."],
            },
            example_options={"glossaries": (str(BUNDLED / "examples" / "house-style.yml"),)},
        ),
        "glossary.name.unknown": RuleInfo(
            message="Check the spelling of this name",
            category="terminology/name",
            severity=Severity.MINOR,
            description="A name not in the glossary that looks like a Ukrainian name spelled by Russian rules "
            "(Russian first-name form with a Ukrainian surname, in an article whose glossary mentions of Ukrainian "
            "entities outnumber those of Russian ones: many Russians have such surnames), or one letter away from "
            "a known person.",
            examples={
                "flag": [
                    {"text": "The Kharkiv mayor, Nikolai Tkachenko, said the city had power.", "suggestion": "Mykola Tkachenko"},
                    {"text": "Secretary of State Antony Blinkin arrived.", "suggestion": "Antony Blinken"},
                ],
                "pass": [
                    "The mayor, Mykola Tkachenko, said the city had power.",
                    "Nikolai Silaev, a researcher, commented.",
                    "The Kharkiv mayor, Mykola Tkachenko, said the city had power.",
                    "The Kremlin said Russian cosmonaut Oleg Kononenko had spent a thousand days in space.",
                    "The US sanctioned Oleg Deripaska, Viktor Vekselberg and the Russian aluminium giant Rusal.",
                    "Kyiv and Kharkiv were shelled. Ukraine said Bucha was hit.\n\n"
                    "In Moscow, Olga Dyachuk, press secretary of a court in Russia, said the case was closed.",
                    "Secretary of State Antony Blinken arrived.",
                    "The United States and Great Britain agreed.",
                ],
            },
        ),
        "glossary.name.quoted": RuleInfo(
            message="Name of an organisation or outlet in quotation marks (Russian/Ukrainian convention)",
            category="fluency/punctuation",
            severity=Severity.MINOR,
            description="Russian and Ukrainian put the names of companies, agencies and outlets in quotation marks "
            "(«Укрэнерго», «112 Украина», «Главком»); MT keeps them. English writes the name bare. Any organisation "
            "or outlet the glossary knows, with the marks right around it, is flagged; an abbreviation in capitals "
            "is left alone (\"NATO\" shells: scare quotes).",
            examples={
                "flag": [
                    {"text": "The channel said this on “112 Ukraine” on Monday.", "suggestion": "112 Ukraine"},
                    {"text": "He said it citing information from 'Glavkom'.", "suggestion": "Glavkom"},
                ],
                "pass": [
                    "He said it on 112 Ukraine on Monday.",
                    "“TASS reported the strike,” he said.",
                    "Separatists blamed shells from “NATO” artillery.",
                ],
            },
        ),
    }

    def find(self, doc):
        found = mentions(doc, self.options)
        glossary = glossary_for(self.options)
        yield from self._wrong(doc, found)
        yield from self._consistency(doc, found)
        yield from self._unknown(doc, found, glossary)
        yield from self._quoted(doc, found)

    def _quoted(self, doc, found):
        text = doc.text
        for m in found:
            if m.entity.type not in _QUOTABLE or not m.start or m.end >= len(text):
                continue
            close = _QUOTE_PAIRS.get(text[m.start - 1])
            if close and text[m.end] in close and m.kind in (CANONICAL, VARIANT) and not m.form.isupper():  # "NATO": scare quotes
                yield self.finding("glossary.name.quoted", doc, m.start - 1, m.end + 1, [text[m.start : m.end]])

    def _wrong(self, doc, found):
        for m in found:
            e = m.entity
            if m.kind == WRONG:
                suggestion = _fix_for_wrong(e, m.form)
                reason = m.reason or "not the accepted rendering"
                yield self.finding(
                    "glossary.name.wrong", doc, m.start, m.end, [suggestion], message=f"{m.form!r} → {suggestion!r}: {reason}"
                )
            elif m.kind == SOURCE and _is_cyrillic(m.form):
                sent = doc.sentence_at(m.start)
                if sent and sent.end - sent.start <= m.end - m.start + 1:
                    continue  # the whole sentence is Cyrillic: the untranslated-text check reports it
                yield self.finding(
                    "glossary.name.source-script",
                    doc,
                    m.start,
                    m.end,
                    [e.canonical],
                    message=f"Cyrillic {m.form!r} left in English: write {e.canonical!r}",
                )

    def _consistency(self, doc, found):
        by_entity = defaultdict(list)
        for m in found:
            if m.kind in (CANONICAL, VARIANT) and m.entity.is_person:
                by_entity[m.entity.id].append(m)
        for ms in by_entity.values():
            e = ms[0].entity
            if e.preferred:
                want = _surname(e.preferred)
                for m in ms:
                    if _surname(m.form) != want:
                        fix = e.preferred if len(m.form.split()) > 1 else want
                        yield self.finding(
                            "glossary.name.house-style", doc, m.start, m.end, [fix], message=f"House style writes {fix!r}"
                        )
                continue
            if len({_surname(form) for form in {m.form for m in ms}}) < 2:
                continue  # one spelling
            spellings = Counter(_surname(m.form) for m in ms)
            if not _close_spellings(spellings):
                continue
            top = max(spellings, key=lambda s: (spellings[s], s == _surname(e.canonical)))
            for m in ms:
                if _surname(m.form) != top:
                    fix = m.form[: -len(_surname(m.form))] + top
                    yield self.finding(
                        "glossary.name.inconsistent",
                        doc,
                        m.start,
                        m.end,
                        [fix],
                        message=f"{e.canonical} is spelled {top!r} elsewhere in this article",
                    )

    def _unknown(self, doc, found, glossary):
        spans = Spans(found)
        known = spans.overlaps

        by_country = Counter(m.entity.country for m in found)
        about_ukraine = by_country["UA"] > by_country["RU"]
        for m in cue_matches(doc, self.options, _unknown_ua, RUSSIAN_FORMS_OF_UKRAINIAN_NAMES) if about_ukraine else ():
            if known(m.start(), m.end()) or _russian_paragraph(doc, found, m.start()):
                continue
            fix = f"{RUSSIAN_FORMS_OF_UKRAINIAN_NAMES[m.group('first')]} {m.group('last')}"
            spans.add(m.start(), m.end())
            yield self.finding(
                "glossary.name.unknown",
                doc,
                m.start(),
                m.end(),
                [fix],
                message=f"{m.group(0)!r} looks like a Ukrainian name spelled by Russian rules: check it ({fix}?)",
            )
        index = _person_index(glossary)
        if not index:
            return
        closest = glossary.derived("closest-person", lambda g: {})  # names repeat: look each up once
        if len(closest) > 50_000:
            closest.clear()
        for m in _name_pair().finditer(doc.text, overlapped=True):
            first, last = m.group(1, 2)
            candidates = index.get((first[0], last[0]))
            if not candidates or known(m.start(), m.end()):
                continue
            name = m.group(0)
            best = closest.get(name, _UNSEEN)
            if best is _UNSEEN:
                best = closest[name] = _closest_person(name, last, candidates)
            if best:
                yield self.finding(
                    "glossary.name.unknown",
                    doc,
                    m.start(),
                    m.end(),
                    [best],
                    message=f"{name!r} is not in the glossary; did you mean {best!r}?",
                )


def _russian_paragraph(doc, found, pos: int) -> bool:
    """Whether the paragraph around ``pos`` mentions Russian entities more than Ukrainian ones ("Olga Dyachuk,
    press secretary of a court in Russia's Tula region" in an article about Ukraine)."""
    paras = doc.paragraphs
    i = bisect_right([p.start for p in paras], pos) - 1
    if i < 0 or pos >= paras[i].end:
        return False
    lo, hi = paras[i].start, paras[i].end
    by_country = Counter(m.entity.country for m in found if lo <= m.start < hi)
    return by_country["RU"] > by_country["UA"]


def _fix_for_wrong(e, form: str) -> str:
    """The rendering to suggest for a wrong ``form`` of entity ``e``.

    A person's one-word form gets the surname (Zelenskiy → Zelensky); an abbreviation gets the entity's
    English abbreviation when it has one (OON → UN); a place name in capitals stays in capitals (a
    dateline: KIEV → KYIV); a wrong adjective gets the entity's adjective (Moldavian → Moldovan); anything else
    gets the full name (Cabmin → Cabinet of Ministers of Ukraine).
    """
    words = form.split()
    if e.is_person:
        return e.canonical if len(words) > 1 or len(e.canonical.split()) == 1 else _surname(e.canonical)
    if _is_abbreviation(form):
        short = next((v for v in e.accepted() if _is_abbreviation(v)), None)
        if short:
            return short
    if form.isupper() and len(form) > 3 and e.type in _PLACES:
        return e.canonical.upper()
    if e.adjective and len(words) == 1 and form[-2:] == e.adjective[-2:] != e.canonical[-2:]:
        return e.adjective  # a wrong adjective (Moldavian) gets the adjective (Moldovan), not the country
    return e.canonical


_PLACES = frozenset({"country", "region", "city"})
_QUOTABLE = frozenset({"org", "outlet"})
_QUOTE_PAIRS = {"“": "”\"", '"': '"”', "«": "»", "„": "“”", "'": "'’", "‘": "’'"}


def _is_abbreviation(form: str) -> bool:
    """One short word of capitals: an acronym (UN, SNBO, DPRK), or a place name in a dateline (KIEV)."""
    letters = form.replace("-", "").replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


def _closest_person(name: str, last: str, candidates: list[str]) -> str | None:
    """A known person's name one letter or so away from ``name`` (surname ``last``), if any."""
    from rapidfuzz import fuzz, process

    best = process.extractOne(name, candidates, scorer=fuzz.ratio, score_cutoff=88)
    if best and best[0] != name and fuzz.ratio(last, _surname(best[0])) >= 75:
        return best[0]
    return None


def _close_spellings(spellings) -> bool:
    """Two spellings of one surname (Zelensky/Zelenskyy), not a surname and a nickname."""
    from rapidfuzz import fuzz

    forms = list(spellings)
    return any(fuzz.ratio(a, b) >= 80 for i, a in enumerate(forms) for b in forms[i + 1 :])


def _person_index(glossary) -> dict[tuple[str, str], list[str]]:
    """Two-word accepted person names keyed by first-name and surname initials."""
    return glossary.derived("person-index", _build_person_index)


def _build_person_index(glossary) -> dict[tuple[str, str], list[str]]:
    idx = defaultdict(list)
    for e in glossary.entities.values():
        if e.is_person:
            for form in e.accepted():
                parts = form.split()
                if len(parts) == 2:
                    idx[(parts[0][0], parts[1][0])].append(form)
    return dict(idx)
