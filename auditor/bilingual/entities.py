"""Names in the Russian/Ukrainian source: glossary entities (declined forms plus a light stemmer) and
unknown Cyrillic proper names with their expected English transliteration."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from .. import regexcache
from ..glossary.model import Entity, Glossary

_TOKEN = regexcache.compile(r"\p{L}[\p{L}\p{M}'’ʼ]*(?:-\p{L}[\p{L}\p{M}'’ʼ]*)*")
# Russian and Ukrainian case endings, longest first (a stem keeps at least three letters).
_ENDINGS = sorted(
    ["ами", "ями", "ого", "его", "ому", "ему", "ыми", "ими", "ові", "еві", "ою", "ею", "ий", "ый", "ой", "ая", "яя", "ое", "ее", "ие", "ые", "ую", "юю", "ых", "их", "ом", "ем", "ам", "ям", "ах", "ях", "ов", "ев", "ей", "ів", "ії", "ію", "ия", "ии", "ью", "ій", "ім", "им", "а", "я", "у", "ю", "е", "и", "ы", "о", "і", "ї", "ь", "й"],
    key=len,
    reverse=True,
)
# Capitalised words that start institutional names rather than personal or place names.
_INSTITUTIONAL = tuple(
    ["министерств", "міністерств", "правительств", "уряд", "рад", "совет", "служб", "управлен", "управлін", "департамент", "администрац", "адміністрац", "комитет", "комітет", "агентств", "фонд", "компан", "банк", "суд", "прокуратур", "полиц", "поліц", "національн", "национальн", "державн", "государствен", "генеральн", "верховн", "кабинет", "кабінет", "офис", "офіс", "центр", "институт", "інститут", "университет", "університет", "академ", "партии", "парті", "европейск", "європейськ", "евросоюз", "євросоюз"]
)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude Russian/Ukrainian stem: lower case, one case ending removed (abbreviations kept whole)."""
    w = word.lower().replace("’", "'").replace("ʼ", "'").replace("ё", "е")
    if len(w) <= 3 or (word.isupper() and len(word) > 1):
        return w
    for e in _ENDINGS:
        if w.endswith(e) and len(w) - len(e) >= 3:
            return w[: -len(e)]
    return w


@dataclass(frozen=True, slots=True)
class SourceMention:
    start: int
    end: int
    entity: Entity
    form: str


def _sentence_initial(text: str, start: int, pos: int) -> bool:
    before = text[start:pos].rstrip(" «\"„“(")
    return not before or before[-1] in ".!?:;—–…"


class SourceIndex:
    """Glossary source forms (ru/uk) indexed by the stems of their words."""

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self.by_first: dict[str, list[tuple[tuple[str, ...], tuple[bool, ...], Entity]]] = {}
        seen = set()
        for e in glossary.entities.values():
            for forms in e.source_forms.values():
                for form in forms:
                    toks = _TOKEN.findall(form)
                    if not toks:
                        continue
                    key = tuple(stem(t) for t in toks)
                    caps = tuple(t[0].isupper() for t in toks)
                    if (key, e.id) in seen:
                        continue
                    seen.add((key, e.id))
                    self.by_first.setdefault(key[0], []).append((key, caps, e))
        for cands in self.by_first.values():
            cands.sort(key=lambda c: -len(c[0]))

    @staticmethod
    def _exact(e: Entity, token: str) -> bool:
        t = token.casefold()
        return any(f.casefold() == t for forms in e.source_forms.values() for f in forms)

    def mentions(self, text: str, start: int = 0, end: int | None = None) -> list[SourceMention]:
        end = len(text) if end is None else end
        toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, start, end)]
        stems = [stem(t[2]) for t in toks]
        out: list[SourceMention] = []
        i = 0
        while i < len(toks):
            best = None
            initial = i == 0 or _sentence_initial(text, start, toks[i][0])
            for key, caps, e in self.by_first.get(stems[i], ()):
                n = len(key)
                if tuple(stems[i : i + n]) != key:
                    continue
                if n == 1 and initial and not self._exact(e, toks[i][2]):
                    continue  # a capitalised first word matches a one-word name only in a listed form
                if any(c and not toks[i + k][2][0].isupper() for k, c in enumerate(caps)):
                    continue
                if best is None or n > len(best[0]):
                    best = (key, e)
                if best and len(best[0]) > n:
                    break
            if best is None:
                i += 1
                continue
            n = len(best[0])
            s, t = toks[i][0], toks[i + n - 1][1]
            # every entity that claims the same stems (e.g. a surname shared by two people) is kept
            for key, _caps, e in self.by_first.get(stems[i], ()):
                if key == best[0]:
                    out.append(SourceMention(s, t, e, text[s:t]))
            i += n
        return out


_INDEXES: dict[int, SourceIndex] = {}


def source_index(glossary: Glossary) -> SourceIndex:
    """One index per loaded glossary object."""
    idx = _INDEXES.get(id(glossary))
    if idx is None or idx.glossary is not glossary:
        idx = _INDEXES[id(glossary)] = SourceIndex(glossary)
    return idx


def expected_forms(e: Entity) -> list[str]:
    """English forms that render the entity: canonical, variants, adjective, a person's surname."""
    forms = list(e.accepted())
    if e.adjective:
        forms.append(e.adjective)
    if e.is_person:
        forms.extend({f.split()[-1] for f in e.accepted() if " " in f})
    return [f for f in dict.fromkeys(forms) if f]


# --------------------------------------------------------------------------- unknown names


@dataclass(frozen=True, slots=True)
class NameRun:
    start: int
    end: int
    tokens: tuple[tuple[int, int, str], ...]


_CAP = regexcache.compile(r"\p{Lu}[\p{Ll}\p{M}'’ʼ]+(?:-\p{Lu}?[\p{Ll}\p{M}'’ʼ]+)*")


def unknown_names(text: str, start: int, end: int, covered: list[tuple[int, int]]) -> list[NameRun]:
    """Runs of capitalised Cyrillic words in ``text[start:end]`` that are not sentence-initial, not
    abbreviations, not institutional words and not inside a glossary mention."""
    runs: list[list[tuple[int, int, str]]] = []
    last_end = -10
    for m in _CAP.finditer(text, start, end):
        w = m.group()
        if not regex.match(r"\p{Cyrillic}", w) or len(w) < 3:
            continue
        if any(a <= m.start() < b for a, b in covered):
            continue
        before = text[start : m.start()].rstrip(" «\"„“(")
        if not before or before[-1] in ".!?:;—–-…":
            continue  # sentence-initial or after a colon/dash: capitalised anyway
        if stem(w).startswith(_INSTITUTIONAL):
            continue
        if runs and m.start() - last_end <= 1:
            runs[-1].append((m.start(), m.end(), w))
        else:
            runs.append([(m.start(), m.end(), w)])
        last_end = m.end()
    return [NameRun(r[0][0], r[-1][1], tuple(r)) for r in runs]


def romanize(word: str, lang: str) -> list[str]:
    """Expected English renderings of one Cyrillic word (news spellings of Russian first names included)."""
    from ..glossary.translit import RUSSIAN_FIRST_NAMES, romanize_ru, romanize_uk

    if lang == "uk":
        return [romanize_uk(word)]
    known = RUSSIAN_FIRST_NAMES.get(word)
    out = list(known[0]) + [known[1]] if known else []
    out.append(romanize_ru(word))
    out.append(romanize_uk(word))  # Ukrainian names in Russian text are usually spelled the Ukrainian way
    return out


def best_match(word: str, lang: str, candidates: list[tuple[int, int, str]]) -> tuple[float, tuple[int, int, str] | None, str]:
    """Best fuzzy match of a source word's transliteration among target words: (score 0–100, word, expected)."""
    from rapidfuzz import fuzz

    expected = romanize(word, lang)
    base = _stem_keep_case(word)
    stems = {romanize(base, lang)[0 if lang == "uk" else -2].lower()}
    adj = regex.sub(r"(?i)(?:ськ|цьк|ск|цк)$", "", base)  # Харківськ(ої) -> Харків, Ізюмськ(ої) -> Ізюм
    if adj != base and len(adj) >= 3:
        stems.add(romanize(adj, lang)[0 if lang == "uk" else -2].lower())
    best: tuple[float, tuple[int, int, str] | None] = (0.0, None)
    for cand in candidates:
        c = regex.sub(r"['’]s$", "", cand[2]).lower()
        score = max(fuzz.ratio(e.lower(), c) for e in expected)
        for st in stems:
            if len(st) >= 3:
                score = max(score, fuzz.ratio(st, c[: len(st)]) - 5)
            if len(st) >= 4 and len(c) >= 4 and (c.startswith(st) or st.startswith(c)):
                score = max(score, 90.0)
        if score > best[0]:
            best = (score, cand)
    return best[0], best[1], expected[0]


def _stem_keep_case(word: str) -> str:
    s = stem(word)
    return word[: len(s)] if s and word.lower().startswith(s[:1]) else word
