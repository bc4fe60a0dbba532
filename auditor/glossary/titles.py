"""Title checks: non-standard titles before a known name, and titles the person no longer held."""

from __future__ import annotations

import datetime as dt
from functools import cache, lru_cache
from types import SimpleNamespace

import regex

from .. import regexcache
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
    r"ministry|department|office|national|master|owner|boss|principal|special|acting|former|ex|then|late|official|"
    r"representative|chancellor|premier"
)
_ROLE_NOUNS = (
    r"\b(president|prime minister|minister|secretary|advis[eo]r|spokes(?:man|woman|person)|chair(?:man|woman)?|speaker|"
    r"governor|mayor|ambassador|commander|director|envoy|chancellor|chief)\b"
)
_NOT_CURRENT = r"\b(?:former|ex|then|late|outgoing|incoming|acting|future|new|newly|designate|elect|next|interim)\b"
_KIND_MATCH = {
    "head-of-state": r"\bPresident\b|\bKing\b|\bSupreme Leader\b|\bHead of State\b",
    "head-of-government": r"\bPrime Minister\b|\bChancellor\b|\bPremier\b",
    "foreign-minister": r"Foreign (?:Minister|Secretary)|Minister of Foreign Affairs|Minister for Foreign Affairs",
    "defense-minister": r"Defen[cs]e (?:Minister|Secretary)|Minister of Defen[cs]e|Secretary of (?:Defen[cs]e|War)",
    "secretary-of-state": r"Secretary of State",
    "adviser": r"Advis[eo]r",
    "spokesperson": r"Spokes|Press Secretary|Press Department",
}


@cache
def _patterns():
    """Compiled on first use. The title run is found backwards from the name, longest first (POSIX):
    the same leftmost start as a forward search, without trying every position before it."""
    return SimpleNamespace(
        title_run=regexcache.compile(rf"(?rp)(?:(?:{_TITLE_WORD})(?:[ ,]+|-))+$"),
        role_nouns=regexcache.compile(_ROLE_NOUNS, regex.I),
        not_current=regexcache.compile(_NOT_CURRENT, regex.I),
        year=regexcache.compile(r"\b(?:19|20)\d\d\b"),
        letters=regexcache.compile(r"\p{L}+"),
    )


@cache
def _kind_pattern(kind: str):
    """What role titles of a wrong title's kind look like (anything, for other kinds)."""
    return regexcache.compile(_KIND_MATCH[kind], regex.I) if kind in _KIND_MATCH else regexcache.compile(r".")


@lru_cache(maxsize=1)
def wrong_titles() -> list[tuple]:
    data = read_yaml(BUNDLED / "titles-en.yml")
    return [(regexcache.compile(t["pattern"]), t["role"], t["reason"], bool(t.get("from_match"))) for t in data["titles"]]


@cache
def _any_wrong_title():
    """Finds something in a run iff one of the ``wrong_titles()`` patterns does (most runs have none)."""
    return regexcache.compile("|".join(f"(?:{pattern.pattern})" for pattern, *_ in wrong_titles()))


@lru_cache(maxsize=4096)
def _norm_words(text: str) -> frozenset[str]:
    text = text.lower().replace("advisor", "adviser").replace("defence", "defense")
    return frozenset(_patterns().letters.findall(text)) - {"of", "for", "the", "and", "on", "in", "to"}


@lru_cache(maxsize=4096)
def _names_role(text: str) -> bool:
    return _patterns().role_nouns.search(text) is not None


def _role_text(r) -> str:
    return r.phrase + " " + r.title


def title_run(text: str, lo: int, start: int) -> tuple[int, str]:
    """Start offset and text of the title words right before ``start`` (within [lo, start))."""
    m = _patterns().title_run.search(text, max(lo, start - 160), start)
    if not m:
        return start, ""
    run, run_start = m.group(0), m.start()
    cut = run.rstrip(" ,-").rfind(",")  # an inner comma ends an opening phrase ("On Wednesday, Russian ruler …")
    if cut >= 0:
        skip = cut + 1 + len(run[cut + 1 :]) - len(run[cut + 1 :].lstrip(" "))
        run, run_start = run[skip:], run_start + skip
    return run_start, run


class GlossaryTitles(Detector):
    name = "glossary-titles"
    rules = {
        "glossary.title.nonstandard": RuleInfo(
            message="Non-standard title before a known name",
            category="terminology/title",
            severity=Severity.MAJOR,
            description="Title phrases machine translation puts before names ('Russian ruler', 'head of the Kremlin', "
            "'chief adviser', 'head of the Foreign Ministry') and the Russian word order 'the Prime Minister of Armenia "
            "Nikol Pashinyan', listed in glossaries/titles-en.yml; the suggestion is the person's title on the "
            "article's date.",
            examples={
                "flag": [
                    {"text": "Pashinyan phoned Russian ruler Vladimir Putin.", "suggestion": "Russian President Vladimir Putin"},
                    "The head of the Kremlin, Vladimir Putin, spoke.",
                    "State Department chief adviser for the Caucasus, Philip Reeker, has arrived in Baku.",
                    {
                        "text": "On Wednesday, the Prime Minister of Armenia Nikol Pashinyan said so.",
                        "suggestion": "Armenian Prime Minister Nikol Pashinyan",
                    },
                ],
                "pass": [
                    "Pashinyan phoned Russian President Vladimir Putin.",
                    "Russian leader Vladimir Putin spoke on Tuesday.",
                    "State Department Senior Adviser for Caucasus Negotiations Philip Reeker arrived.",
                    "The President of Russia, Vladimir Putin, arrived in Minsk.",
                    "The opposition fled Belarus under authoritarian ruler Alexander Lukashenko.",
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
        wrong: dict[tuple, tuple | None] = {}  # (entity id, run) -> what a wrong title stands for; runs repeat
        ended: dict[tuple, list] = {}  # (entity id, run) -> the roles named that had ended by the date
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
            before = text[max(lo, run_start - 30) : run_start]  # for a pattern's lookbehind ("authoritarian ruler")
            key = (e.id, run, before)
            if key not in wrong:
                wrong[key] = _wrong_title(e, run, when, before)
            if wrong[key]:
                phrase, reason, offset = wrong[key]
                suggestion = f"{phrase} {name}"
                yield self.finding(
                    "glossary.title.nonstandard", doc, run_start + offset, m.end, [suggestion], message=f"{reason}: {suggestion!r}"
                )
                continue
            if when is None:
                continue
            if key not in ended:
                ended[key] = _ended_roles(e, run, when)
            if ended[key]:
                former = self._former(doc, e, run_start, run, m, name, when, (lo, sent.end) if sent else None, ended[key])
                if former:
                    yield former

    def _former(self, doc, e, run_start, run, m, name, when, sentence_span, matching):
        last_end = max(r.end.year for r in matching)
        sentence = doc.text[sentence_span[0] : sentence_span[1]] if sentence_span else run
        if any(int(y) <= last_end for y in _patterns().year.findall(sentence)):
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


def _wrong_title(e, run: str, when, before: str = "") -> tuple[str, str, int] | None:
    """(title to use, reason, where the replaced text starts in ``run``) when ``run`` has a title phrase listed
    as wrong. The whole run is replaced, or, for a pattern marked ``from_match``, the text from its match on.
    ``before`` is the text ahead of the run, which a pattern's lookbehind may read."""
    if not _any_wrong_title().search(run):
        return None
    for pattern, kind, reason, from_match in wrong_titles():
        hit = pattern.search(before + run, len(before))
        if not hit:
            continue
        role = _pick_role(e, kind, run.replace(hit.group(0), " "), when)
        return None if role is None else (role.phrase, reason, hit.start() - len(before) if from_match else 0)
    return None


def _ended_roles(e, run: str, when) -> list:
    """The person's roles ``run`` names, if all had ended by the date (a year before it, if only a bound)."""
    pat = _patterns()
    if pat.not_current.search(run) or not pat.role_nouns.search(run):
        return []
    words = _norm_words(run)
    scored = [(len(words & _norm_words(_role_text(r))), r) for r in e.roles]
    best = max((s for s, _ in scored), default=0)
    matching = [r for s, r in scored if s == best and s > 0]
    if not matching or not any(_names_role(_role_text(r)) for r in matching):
        return []
    on = when.date
    if any(r.possibly_held(on) or (r.start and r.start.latest > on) for r in matching):
        return []
    margin = dt.timedelta(days=0 if when.exact else 365)
    if not all(r.end and r.end.latest + margin < on for r in matching):
        return []
    return matching


def _pick_role(e, kind, rest: str, when):
    """The role a wrong title stands for: held on the date (of the title's kind if possible), closest in wording."""
    pattern = _kind_pattern(kind)
    of_kind = [r for r in e.roles if pattern.search(r.title + " " + r.phrase)]
    roles = of_kind or list(e.roles)
    if when is not None:
        held_of_kind = [r for r in of_kind if r.possibly_held(when.date)]
        held_any = [r for r in e.roles if r.possibly_held(when.date)]
        roles = held_of_kind or held_any or roles
    words = _norm_words(rest)
    return max(
        roles,
        key=lambda r: (len(words & _norm_words(_role_text(r))), r.start.earliest if r.start else dt.date.min),
        default=None,
    )
