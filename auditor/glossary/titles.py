"""Title checks: non-standard titles before a known name, and titles the person no longer held."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import regex

from ..detectors.base import Detector, RuleInfo
from ..findings import Severity
from ..rules.yamlio import read_yaml
from .context import date_of, english_mentions
from .loader import BUNDLED

# The run of title words that English puts before a name ("State Department Senior Adviser for ...").
_TITLE_WORD = (
    r"\p{Lu}[\p{L}.'’-]*|of|for|the|on|in|to|chief|head|advis[eo]r|secretary|minister|president|ruler|leader|"
    r"spokes(?:man|woman|person)|deputy|senior|first|vice|prime|foreign|defen[cs]e|interior|state|general|commander|"
    r"chair(?:man|woman)?|speaker|ambassador|envoy|governor|mayor|director|press|main|top|affairs|security|council|"
    r"ministry|department|office|national|master|owner|boss|principal|special|acting|former|ex|then|late"
)
_TITLE_RUN = regex.compile(rf"(?:(?:{_TITLE_WORD})(?:[ ,]+|-))+$")
_ROLE_NOUNS = regex.compile(
    r"\b(president|prime minister|minister|secretary|advis[eo]r|spokes(?:man|woman|person)|chair(?:man|woman)?|speaker|"
    r"governor|mayor|ambassador|commander|director|envoy|chancellor|chief)\b",
    regex.I,
)
_NOT_CURRENT = regex.compile(
    r"\b(?:former|ex|then|late|outgoing|incoming|acting|future|new|newly|designate|elect|next|interim)\b", regex.I
)
_YEAR = regex.compile(r"\b(?:19|20)\d\d\b")
_KIND_MATCH = {
    "head-of-state": regex.compile(r"\bPresident\b|\bKing\b|\bSupreme Leader\b|\bHead of State\b", regex.I),
    "head-of-government": regex.compile(r"\bPrime Minister\b|\bChancellor\b|\bPremier\b", regex.I),
    "foreign-minister": regex.compile(
        r"Foreign (?:Minister|Secretary)|Minister of Foreign Affairs|Minister for Foreign Affairs", regex.I
    ),
    "defense-minister": regex.compile(
        r"Defen[cs]e (?:Minister|Secretary)|Minister of Defen[cs]e|Secretary of (?:Defen[cs]e|War)", regex.I
    ),
    "secretary-of-state": regex.compile(r"Secretary of State", regex.I),
    "adviser": regex.compile(r"Advis[eo]r", regex.I),
    "any": regex.compile(r"."),
}


@lru_cache(maxsize=1)
def wrong_titles() -> list[tuple]:
    data = read_yaml(BUNDLED / "titles-en.yml")
    return [(regex.compile(t["pattern"]), t["role"], t["reason"]) for t in data["titles"]]


def _norm_words(text: str) -> set[str]:
    text = text.lower().replace("advisor", "adviser").replace("defence", "defense")
    return set(regex.findall(r"\p{L}+", text)) - {"of", "for", "the", "and", "on", "in", "to"}


def title_run(text: str, lo: int, start: int) -> tuple[int, str]:
    """Start offset and text of the title words right before ``start`` (within [lo, start))."""
    m = _TITLE_RUN.search(text, max(lo, start - 160), start)
    if not m:
        return start, ""
    return m.start(), m.group(0)


class GlossaryTitles(Detector):
    name = "glossary-titles"
    rules = {
        "glossary.title.nonstandard": RuleInfo(
            message="Non-standard title before a known name",
            category="terminology/title",
            severity=Severity.MAJOR,
            description="Title phrases machine translation puts before names ('Russian ruler', 'head of the Kremlin', "
            "'chief adviser', 'head of the Foreign Ministry'), listed in glossaries/titles-en.yml; the suggestion is the "
            "person's title on the article's date.",
            examples={
                "flag": [
                    {"text": "Pashinyan phoned Russian ruler Vladimir Putin.", "suggestion": "Russian President Vladimir Putin"},
                    "The head of the Kremlin, Vladimir Putin, spoke.",
                    "State Department chief adviser for the Caucasus, Philip Reeker, has arrived in Baku.",
                ],
                "pass": [
                    "Pashinyan phoned Russian President Vladimir Putin.",
                    "Russian leader Vladimir Putin spoke on Tuesday.",
                    "State Department Senior Adviser for Caucasus Negotiations Philip Reeker arrived.",
                ],
            },
        ),
        "glossary.title.former": RuleInfo(
            message="The person no longer held this title on the article's date",
            category="terminology/title",
            severity=Severity.MAJOR,
            description="With the article date (front matter or --date), a title the person had left by then is "
            "flagged and 'former' suggested. Without a date, only titles left more than a year before the latest "
            "date the article mentions are flagged. Sentences that name a year up to the end of the role are "
            "treated as history and skipped.",
            examples={
                "flag": [
                    {
                        "text": "---\ndate: 2022-09-13\n---\nUkrainian President Petro Poroshenko called for calm.",
                        "suggestion": "Former Ukrainian President Petro Poroshenko",
                    },
                    "On 5 March 2023, Foreign Minister Pavlo Klimkin spoke in Kyiv.",
                ],
                "pass": [
                    "---\ndate: 2022-09-13\n---\nFormer President Petro Poroshenko called for calm.",
                    "---\ndate: 2016-09-13\n---\nPresident Petro Poroshenko called for calm.",
                    "---\ndate: 2022-09-13\n---\nIn 2015, President Petro Poroshenko signed the law.",
                    "Ukrainian President Petro Poroshenko called for calm.",
                ],
            },
        ),
    }

    def find(self, doc):
        when = date_of(doc, self.options)
        text = doc.text
        prev_end = 0
        for m in english_mentions(doc, self.options):
            e = m.entity
            if not e.is_person:
                continue
            boundary, prev_end = prev_end, m.end  # a title run never reaches back past another person
            if not e.roles:
                continue
            sent = doc.sentence_at(m.start)
            lo = max(sent.start if sent else m.start - 160, boundary)
            run_start, run = title_run(text, lo, m.start)
            if not run.strip(" ,-"):
                continue
            name = e.canonical if len(m.form.split()) > 1 else m.form
            flagged = self._nonstandard(doc, e, run_start, run, m, name, when)
            if flagged:
                yield flagged
                continue
            former = self._former(doc, e, run_start, run, m, name, when, text[lo : sent.end] if sent else run)
            if former:
                yield former

    def _nonstandard(self, doc, e, run_start, run, m, name, when):
        for pattern, kind, reason in wrong_titles():
            hit = pattern.search(run)
            if not hit:
                continue
            role = _pick_role(e, kind, run.replace(hit.group(0), " "), when)
            if role is None:
                return None
            suggestion = f"{role.phrase} {name}"
            return self.finding(
                "glossary.title.nonstandard", doc, run_start, m.end, [suggestion], message=f"{reason}: {suggestion!r}"
            )
        return None

    def _former(self, doc, e, run_start, run, m, name, when, sentence):
        if when is None or _NOT_CURRENT.search(run) or not _ROLE_NOUNS.search(run):
            return None
        words = _norm_words(run)
        scored = [(len(words & _norm_words(r.phrase + " " + r.title)), r) for r in e.roles]
        best = max((s for s, _ in scored), default=0)
        matching = [r for s, r in scored if s == best and s > 0]
        if not matching or not any(_ROLE_NOUNS.search(r.phrase + " " + r.title) for r in matching):
            return None
        on = when.date
        if any(r.possibly_held(on) or (r.start and r.start.latest > on) for r in matching):
            return None
        margin = dt.timedelta(days=0 if when.exact else 365)
        if not all(r.end and r.end.latest + margin < on for r in matching):
            return None
        last_end = max(r.end.year for r in matching)
        if any(int(y) <= last_end for y in _YEAR.findall(sentence)):
            return None  # the sentence is about the time the person held the role
        lead = "the former " if run.lower().startswith("the ") else "former "
        body = run[4:] if run.lower().startswith("the ") else run
        suggestion = f"{lead}{body}{doc.text[m.start : m.end] if len(m.form.split()) > 1 else name}"
        if run_start == (doc.sentence_at(m.start) or m).start:
            suggestion = suggestion[0].upper() + suggestion[1:]
        ended = max(matching, key=lambda r: r.end.latest)
        basis = "the article's date" if when.exact else "the latest date this article mentions"
        return self.finding(
            "glossary.title.former",
            doc,
            run_start,
            m.end,
            [suggestion],
            message=f"{e.canonical} left the post ({ended.title}) in {ended.end}, before {basis}: write 'former'",
        )


def _pick_role(e, kind, rest: str, when):
    """The role a wrong title stands for: held on the date (of the title's kind if possible), closest in wording."""
    pattern = _KIND_MATCH.get(kind, _KIND_MATCH["any"])
    of_kind = [r for r in e.roles if pattern.search(r.title + " " + r.phrase)]
    roles = of_kind or list(e.roles)
    if when is not None:
        held_of_kind = [r for r in of_kind if r.possibly_held(when.date)]
        held_any = [r for r in e.roles if r.possibly_held(when.date)]
        roles = held_of_kind or held_any or roles
    words = _norm_words(rest)
    return max(
        roles,
        key=lambda r: (len(words & _norm_words(r.phrase + " " + r.title)), r.start.earliest if r.start else dt.date.min),
        default=None,
    )
