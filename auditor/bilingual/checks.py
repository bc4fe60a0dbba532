"""Source-aware checks (``bilingual.*``): they run only when the Document has a source text.

Each check compares an aligned pair (source sentences ↔ target sentences, see align.py) and, to
survive small alignment slips, looks one pair either side before reporting something missing.
Every finding carries ``extra["source_sentence"]``.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterator
from functools import cache
from types import SimpleNamespace

import regex

from .. import regexcache
from ..detectors.base import Detector, RuleInfo
from ..document import Document
from ..findings import Finding, Severity
from ..segment import Span
from .numbers import Value, source_values, target_values

NAME_MATCH = 85  # rapidfuzz ratio at which a transliterated name counts as found
NAME_CLOSE = 60  # below NAME_MATCH but at least this: reported as a misspelling of the target word
WINDOW = 1  # pairs either side searched before reporting a value or name missing


def _ctx(doc: Document):
    from .formats import alignment_of

    return alignment_of(doc)


def _src_text(doc: Document, pair) -> str:
    return " ".join(doc.source[s.start : s.end] for s in pair.source)


def _tgt_span(pair) -> Span | None:
    if not pair.target:
        return None
    return Span(pair.target[0].start, pair.target[-1].end)


def _window(pairs, k: int, side: str) -> list[Span]:
    lo, hi = max(0, k - WINDOW), min(len(pairs), k + WINDOW + 1)
    return [s for p in pairs[lo:hi] for s in getattr(p, side)]


def _anchor_span(pairs, k: int) -> Span:
    """Where to report something about pair k that has no target: the nearest target sentence."""
    for d in range(1, len(pairs)):
        for kk in (k - d, k + d):
            if 0 <= kk < len(pairs) and pairs[kk].target:
                t = pairs[kk].target
                return t[-1] if kk < k else t[0]
    return Span(0, 0)


class _Bilingual(Detector):
    """Base: skips monolingual documents and adds the source sentence to every finding."""

    def find(self, doc: Document) -> Iterator[Finding]:
        if not doc.source:
            return iter(())
        alignment = _ctx(doc)
        if alignment is None or not alignment.pairs:
            return iter(())
        return self.find_pairs(doc, alignment)

    def find_pairs(self, doc: Document, alignment) -> Iterator[Finding]:
        raise NotImplementedError

    def hit(self, rule, doc, span_start, span_end, pair, suggestions=(), message=None, **extra) -> Finding:
        extra.setdefault("source_sentence", _src_text(doc, pair))
        if pair.unit is not None:
            extra.setdefault("unit", pair.unit)
        return self.finding(rule, doc, span_start, span_end, suggestions, message, **extra)


# --------------------------------------------------------------------------- numbers and dates


class BilingualNumbers(_Bilingual):
    name = "bilingual-numbers"
    rules = {
        "bilingual.number.changed": RuleInfo(
            message="A number or date differs from the source",
            category="accuracy/mistranslation",
            severity=Severity.MAJOR,
            description="Every number and date in the Russian/Ukrainian source must reach the target with its value: "
            "`6,5 тыс.` is 6,500 (or 6.5 thousand), `25-30 тысяч` is 25,000-30,000, `1,2 млрд грн` is 1.2 billion "
            "hryvnias, `13 сентября` is September 13. A target value that matches no source value where a source "
            "value is unaccounted for is reported as changed, with the source value as the suggestion.",
            examples={
                "flag": [
                    {"text": "The city received 65,000 tonnes of grain.", "source": "Город получил 6,5 тыс. тонн зерна.",
                     "suggestion": "6,500"},
                    {"text": "The talks began on September 3.", "source": "Переговоры начались 13 сентября.",
                     "suggestion": "September 13"},
                ],
                "pass": [
                    {"text": "The city received 6,500 tonnes of grain.", "source": "Город получил 6,5 тыс. тонн зерна."},
                    {"text": "Between 25,000 and 30,000 people attended on September 13.",
                     "source": "13 вересня прийшли 25-30 тисяч людей."},
                    {"text": "The budget is 1.2 billion hryvnias.", "source": "Бюджет становить 1,2 млрд грн."},
                ],
            },
        ),
        "bilingual.number.missing": RuleInfo(
            message="A number from the source is missing in the translation",
            category="accuracy/omission",
            severity=Severity.MAJOR,
            description="A number or date of the source sentence appears nowhere in the aligned target sentence "
            "(nor in the sentence before or after it). Numbers written as words (два, two) may match but are "
            "never reported.",
            examples={
                "flag": [{"text": "Several buildings were damaged.", "source": "Пошкоджено 14 будинків."}],
                "pass": [
                    {"text": "Fourteen buildings were damaged.", "source": "Пошкоджено 14 будинків."},
                    {"text": "14 buildings were damaged.", "source": "Пошкоджено 14 будинків."},
                ],
            },
        ),
        "bilingual.number.extra": RuleInfo(
            message="A number in the translation is not in the source",
            category="accuracy/mistranslation",
            severity=Severity.MINOR,
            description="A number in the target sentence that no source value nearby accounts for (an invented or "
            "mis-scaled value when nothing is missing; see bilingual.number.changed otherwise).",
            examples={
                "flag": [{"text": "Some 40 buildings were damaged.", "source": "Пошкоджено кілька будинків."}],
                "pass": [{"text": "Several buildings were damaged.", "source": "Пошкоджено кілька будинків."}],
            },
        ),
    }

    def find_pairs(self, doc, alignment):
        pairs = alignment.pairs
        src_vals = [[v for s in p.source for v in source_values(doc.source, s.start, s.end)] for p in pairs]
        tgt_vals = [[v for s in p.target for v in target_values(doc.text, s.start, s.end)] for p in pairs]
        for k, p in enumerate(pairs):
            missing, extra = _match_values(src_vals[k], tgt_vals[k])
            if not missing and not extra:
                continue
            lo, hi = max(0, k - WINDOW), min(len(pairs), k + WINDOW + 1)
            near_tgt = [v for kk in range(lo, hi) if kk != k for v in tgt_vals[kk]]
            near_src = [v for kk in range(lo, hi) if kk != k for v in src_vals[kk]]
            missing = [v for v in missing if not any(v.same(t) for t in near_tgt)]
            extra = [v for v in extra if not any(v.same(s) for s in near_src)]
            hard_extra = [v for v in extra if not v.soft]
            hard_missing = [v for v in missing if not v.soft]
            # Pair each missing source value with an unexplained target value of the same kind: changed.
            for s in list(hard_missing):
                t = next((t for t in hard_extra if t.kind == s.kind), None)
                if t is None:
                    continue
                hard_missing.remove(s)
                hard_extra.remove(t)
                yield self.hit("bilingual.number.changed", doc, t.start, t.end, p, [s.english()],
                               f"The source says {s.text.strip()} ({s.english()}); the translation says {t.text.strip()}",
                               source_value=s.text)  # fmt: skip
            if hard_missing:  # one finding per sentence, naming every missing value
                span = _tgt_span(p) or _anchor_span(pairs, k)
                listed = ", ".join(f"{s.text.strip()} ({s.english()})" for s in hard_missing)
                yield self.hit("bilingual.number.missing", doc, span.start, span.end, p, (),
                               f"Missing in the translation: {listed}",
                               source_value=[s.text for s in hard_missing])  # fmt: skip
            for t in hard_extra:
                yield self.hit("bilingual.number.extra", doc, t.start, t.end, p, (),
                               f"{t.text.strip()} is not in the source sentence")  # fmt: skip


def _match_values(src: list[Value], tgt: list[Value]) -> tuple[list[Value], list[Value]]:
    from .numbers import match

    return match(src, tgt)


# --------------------------------------------------------------------------- names


class BilingualNames(_Bilingual):
    name = "bilingual-names"
    rules = {
        "bilingual.name.missing": RuleInfo(
            message="A name in the source is missing from the translation",
            category="accuracy/omission",
            severity=Severity.MAJOR,
            description="A glossary entity found in the source through its Russian/Ukrainian forms (declined forms "
            "and a light stemmer: Зеленського, Харкові, Харківщині) has no accepted English form in the aligned "
            "target sentence or its neighbours.",
            examples={
                "flag": [{"text": "The president spoke about the city.", "source": "Зеленський говорив про Харків."}],
                "pass": [
                    {"text": "Zelenskyy spoke about Kharkiv.", "source": "Зеленський говорив про Харків."},
                    {"text": "Zelensky met residents in Kharkiv.", "source": "Зеленський зустрівся з мешканцями Харкова."},
                ],
            },
        ),
        "bilingual.name.form": RuleInfo(
            message="A name from the source is rendered in a wrong or non-standard form",
            category="terminology/name",
            severity=Severity.MAJOR,
            description="The target renders a glossary entity of the source with a known wrong form or a close "
            "misspelling (rapidfuzz) instead of its canonical or accepted English form.",
            examples={
                "flag": [{"text": "Shelling hit Kharkov overnight.", "source": "Вночі обстріляли Харків.",
                          "suggestion": "Kharkiv"}],
                "pass": [{"text": "Shelling hit Kharkiv overnight.", "source": "Вночі обстріляли Харків."}],
            },
        ),
        "bilingual.name.unknown": RuleInfo(
            message="A proper name of the source is not found in the translation",
            category="terminology/name",
            severity=Severity.MINOR,
            description="A capitalised Cyrillic name the glossary does not know is romanized (Ukrainian national "
            "system for Ukrainian sources, BGN/PCGN for Russian) and looked for among the target's words with "
            "rapidfuzz; no close match means the name was dropped or badly misspelled.",
            examples={
                "flag": [{"text": "Mayor Taras Melnik said the road is open.",
                          "source": "Мер Тарас Мельничук заявив, що дорогу відкрито.", "suggestion": "Melnychuk"}],
                "pass": [
                    {"text": "Mayor Taras Melnychuk said the road is open.",
                     "source": "Мер Тарас Мельничук заявив, що дорогу відкрито."},
                    {"text": "Deputy mayor Olena Hrytsenko visited Merefa.",
                     "source": "Заступниця мера Олена Гриценко відвідала Мерефу."},
                ],
            },
        ),
    }

    def find_pairs(self, doc, alignment):
        from ..glossary.context import glossary_for
        from ..glossary.matcher import SOURCE, WRONG, matcher_for
        from .entities import best_match, expected_forms, source_index, unknown_names

        glossary = glossary_for(self.options)
        index = source_index(glossary)
        tmentions = sorted((m for m in matcher_for(glossary).mentions(doc.text) if m.kind != SOURCE), key=lambda m: m.start)
        mstarts = [m.start for m in tmentions]
        pairs = alignment.pairs
        lang = doc.source_lang or "ru"
        for k, p in enumerate(pairs):
            if not p.source:
                continue
            window = _window(pairs, k, "target")
            wtext = [(s, doc.text[s.start : s.end]) for s in window]
            words = [(s.start + m.start(), s.start + m.end(), m.group()) for s, t in wtext
                     for m in regex.finditer(r"\p{Lu}[\p{L}'’\-]+", t)]  # fmt: skip
            # entity id -> a mention in the window, preferring one inside the pair's own target sentences
            own = [m for s in p.target for m in _between(tmentions, mstarts, s.start, s.end)]
            near = [m for s in window for m in _between(tmentions, mstarts, s.start, s.end)]
            ids_in_window = {m.entity.id: m for m in reversed(near)}
            ids_in_window.update({m.entity.id: m for m in reversed(own)})
            covered: list[tuple[int, int]] = []
            seen: set[str] = set()
            for s in p.source:
                found = index.mentions(doc.source, s.start, s.end)
                covered.extend((m.start, m.end) for m in found)
                groups: dict[tuple[int, int], list] = {}
                for m in found:
                    groups.setdefault((m.start, m.end), []).append(m)
                for (ms, me), ms_list in groups.items():
                    ents = [m.entity for m in ms_list]
                    if any(e.id in seen for e in ents):
                        continue
                    seen.update(e.id for e in ents)
                    present = [ids_in_window[e.id] for e in ents if e.id in ids_in_window]
                    if any(m.kind != WRONG for m in present):
                        continue
                    if any(_contains(wtext, f) for e in ents for f in expected_forms(e)):
                        continue
                    e = ents[0]
                    form = doc.source[ms:me]
                    if present:
                        w = present[0]
                        sug = _suggest(w.entity, w.form)
                        yield self.hit("bilingual.name.form", doc, w.start, w.end, p, [sug],
                                       f"{form!s} is {sug} in English; {w.form} is wrong" + (f" ({w.reason})" if w.reason else ""),
                                       entity=e.id)  # fmt: skip
                        continue
                    close = _close_word(words, expected_forms(e))
                    if close is not None:
                        sug = _suggest(e, close[2])
                        yield self.hit("bilingual.name.form", doc, close[0], close[1], p, [sug],
                                       f"{form} is {sug} in English, not {close[2]}", entity=e.id)  # fmt: skip
                        continue
                    span = _tgt_span(p) or _anchor_span(pairs, k)
                    yield self.hit("bilingual.name.missing", doc, span.start, span.end, p, (),
                                   f"{form} ({e.canonical}) is missing in the translation", entity=e.id)  # fmt: skip
            for s in p.source:
                for run in unknown_names(doc.source, s.start, s.end, covered):
                    bad = []
                    for tok in run.tokens:
                        score, cand, expected = best_match(tok[2], lang, words)
                        if score < NAME_MATCH:
                            bad.append((tok, score, cand, expected))
                    if not bad:
                        continue
                    tok, score, cand, expected = bad[0]
                    name = doc.source[run.start : run.end]
                    if cand is not None and score >= NAME_CLOSE:
                        yield self.hit("bilingual.name.unknown", doc, cand[0], cand[1], p, [expected],
                                       f"{name}: expected about {expected!r} (transliterated), found {cand[2]!r}",
                                       expected=expected)  # fmt: skip
                    else:
                        span = _tgt_span(p) or _anchor_span(pairs, k)
                        yield self.hit("bilingual.name.unknown", doc, span.start, span.end, p, (),
                                       f"{name} (expected about {expected!r}) is not found in the translation",
                                       expected=expected)  # fmt: skip


def _between(mentions, starts, lo: int, hi: int):
    return mentions[bisect_left(starts, lo) : bisect_left(starts, hi)]


def _contains(wtext, form: str) -> bool:
    pat = _form_re(form)
    return any(pat.search(t) for _, t in wtext)


_FORM_RE: dict[str, regex.Pattern] = {}


def _form_re(form: str) -> regex.Pattern:
    p = _FORM_RE.get(form)
    if p is None:
        p = _FORM_RE[form] = regex.compile(rf"(?<![\p{{L}}\p{{N}}]){regex.escape(form)}(?![\p{{L}}\p{{N}}])", regex.I)
    return p


def _close_word(words, forms: list[str]):
    from rapidfuzz import fuzz

    lasts = {f.split()[-1].lower() for f in forms}
    best, score = None, 0.0
    for w in words:
        wl = regex.sub(r"['’]s$", "", w[2]).lower()
        sc = max(fuzz.ratio(wl, f) for f in lasts)
        if sc > score:
            best, score = w, sc
    return best if best is not None and 75 <= score < 100 else None


def _suggest(e, found: str) -> str:
    """The canonical form, or its last word when a single word was found."""
    return e.canonical if " " in found or " " not in e.canonical else e.canonical.split()[-1]


# --------------------------------------------------------------------------- omissions and additions


class BilingualStructure(_Bilingual):
    name = "bilingual-structure"
    rules = {
        "bilingual.omission": RuleInfo(
            message="A source sentence has no translation",
            category="accuracy/omission",
            severity=Severity.MAJOR,
            description="The aligner (Gale–Church, anchored on numbers and names) leaves a source sentence with no "
            "target sentence: the translation dropped it. The finding sits on the nearest target sentence; "
            "`extra.source_sentence` is the omitted sentence.",
            examples={
                "flag": [{"text": "The bridge reopened on Monday. Traffic is heavy.",
                          "source": "Міст відкрили в понеділок. Рух інтенсивний. Водіїв просять об'їжджати центр міста "
                                    "вулицями Сумською та Пушкінською у години пік."}],
                "pass": [{"text": "The bridge reopened on Monday. Traffic is heavy.",
                          "source": "Міст відкрили в понеділок. Рух інтенсивний."}],
            },
        ),
        "bilingual.addition": RuleInfo(
            message="A translated sentence has no source",
            category="accuracy/addition",
            severity=Severity.MAJOR,
            description="A target sentence the aligner pairs with no source sentence: text added by the translation "
            "(or source text that is missing from the source file).",
            examples={
                "flag": [{"text": "The bridge reopened on Monday. Residents of nearby villages had long demanded a "
                                  "new crossing over the river and organised several protests. Traffic is heavy.",
                          "source": "Міст відкрили в понеділок. Рух інтенсивний."}],
                "pass": [{"text": "The bridge reopened on Monday. Traffic is heavy.",
                          "source": "Міст відкрили в понеділок. Рух інтенсивний."}],
            },
        ),
        "bilingual.length-ratio": RuleInfo(
            message="The translation is much shorter or longer than its source sentence",
            category="accuracy/omission",
            severity=Severity.MINOR,
            description="The log length ratio of each aligned pair is compared with the file's own median by a "
            "robust z-score (median absolute deviation); |z| > 3.5 suggests a partial omission (too short) or an "
            "addition (too long). Needs at least eight aligned pairs to calibrate.",
            examples={
                "flag": [{"text": "Kyiv is cold. Lviv is cold. Odesa is warm. Dnipro is cold. Sumy is cold. Poltava is cold. "
                                  "Rivne is cold. Lutsk is cold. Kharkiv is cold.",
                          "source": "У Києві холодно. У Львові холодно. В Одесі тепло. У Дніпрі холодно. У Сумах холодно. "
                                    "У Полтаві холодно. У Рівному холодно. У Луцьку холодно. У Харкові холодно, сніжно, "
                                    "вітряно, слизько на дорогах і тротуарах, а вночі очікують сильний мороз."}],
                "pass": [{"text": "Kyiv is cold. Lviv is cold. Odesa is warm. Dnipro is cold. Sumy is cold. Poltava is cold. "
                                  "Rivne is cold. Lutsk is cold. Kharkiv is cold.",
                          "source": "У Києві холодно. У Львові холодно. В Одесі тепло. У Дніпрі холодно. У Сумах холодно. "
                                    "У Полтаві холодно. У Рівному холодно. У Луцьку холодно. У Харкові холодно."}],
            },
        ),
        "bilingual.sentence-count": RuleInfo(
            message="The paragraph has a different number of sentences than its source",
            category="accuracy/omission",
            severity=Severity.MINOR,
            description="An aligned paragraph whose sentence count differs from the source paragraph's by two or "
            "more (one merge or split is normal in translation).",
            examples={
                "flag": [{"text": "It rained. The river rose.",
                          "source": "Йшов дощ. Річка піднялася. Дороги затопило. Школи закрили."}],
                "pass": [{"text": "It rained and the river rose. Roads flooded. Schools closed.",
                          "source": "Йшов дощ. Річка піднялася. Дороги затопило. Школи закрили."}],
            },
        ),
        "bilingual.paragraph-count": RuleInfo(
            message="Paragraphs of the source are merged, split or missing in the translation",
            category="accuracy/omission",
            severity=Severity.MINOR,
            description="The paragraph alignment is not one-to-one: a source paragraph was merged with another, "
            "split, or lost. Reported once per affected target paragraph.",
            examples={
                "flag": [{"text": "It rained all day and the river rose by a metre. Roads were flooded and schools closed.",
                          "source": "Весь день йшов дощ, і річка піднялася на метр.\n\nДороги затопило, а школи закрили."}],
                "pass": [{"text": "It rained all day and the river rose by a metre.\n\nRoads were flooded and schools closed.",
                          "source": "Весь день йшов дощ, і річка піднялася на метр.\n\nДороги затопило, а школи закрили."}],
            },
        ),
    }

    def find_pairs(self, doc, alignment):
        pairs = alignment.pairs
        for k, p in enumerate(pairs):
            if p.source and not p.target:
                span = _anchor_span(pairs, k)
                yield self.hit("bilingual.omission", doc, span.start, span.end, p, (),
                               f"A source sentence next to this one is not translated: {_src_text(doc, p)[:80]!r}")  # fmt: skip
            elif p.target and not p.source:
                span = _tgt_span(p)
                yield self.hit("bilingual.addition", doc, span.start, span.end, p, (), source_sentence="")
        yield from self._ratios(doc, pairs)
        if not alignment.units:
            yield from self._paragraphs(doc, alignment)

    def _ratios(self, doc, pairs):
        data = []
        for k, p in enumerate(pairs):
            if p.source and p.target:
                ls = sum(len("".join(doc.source[s.start : s.end].split())) for s in p.source)
                lt = sum(len("".join(doc.text[s.start : s.end].split())) for s in p.target)
                if ls >= 5 and lt >= 5:
                    data.append((k, math.log(lt / ls), ls, lt))
        if len(data) < 8:
            return
        import statistics  # only bilingual input gets here; keeps the import off every cold start

        logs = [d[1] for d in data]
        med = statistics.median(logs)
        mad = statistics.median(abs(x - med) for x in logs) or 0.05
        mad = max(mad, 0.05)
        for k, x, ls, lt in data:
            z = 0.6745 * (x - med) / mad
            if abs(z) > 3.5 and abs(ls - lt) >= 25:
                p = pairs[k]
                span = _tgt_span(p)
                what = "shorter" if z < 0 else "longer"
                hint = "part of the source may be missing" if z < 0 else "the translation may add content"
                yield self.hit("bilingual.length-ratio", doc, span.start, span.end, p, (),
                               f"This translation is much {what} than its source ({lt} vs {ls} characters, robust z {z:+.1f}): {hint}",
                               z=round(z, 2))  # fmt: skip

    def _paragraphs(self, doc, alignment):
        pairs = alignment.pairs
        by_group: dict[int, list] = {}
        for p in pairs:
            by_group.setdefault(p.paragraph, []).append(p)
        for g, (sp, tp) in enumerate(alignment.paragraphs):
            group = by_group.get(g, [])
            first = next((p for p in group if p.target), group[0] if group else None)
            if first is None:
                continue
            if len(sp) != len(tp) and sp and tp:
                span = Span(tp[0].start, tp[-1].end)
                yield self.hit("bilingual.paragraph-count", doc, span.start, span.end, first, (),
                               f"{len(sp)} source paragraph(s) became {len(tp)} here", source_sentence=_src_text(doc, first))  # fmt: skip
            ns = sum(len(p.source) for p in group)
            nt = sum(len(p.target) for p in group)
            if tp and abs(ns - nt) >= 2:
                span = Span(tp[0].start, tp[-1].end)
                yield self.hit("bilingual.sentence-count", doc, span.start, span.end, first, (),
                               f"{ns} source sentence(s) became {nt} in this paragraph")  # fmt: skip


# --------------------------------------------------------------------------- untranslated


@cache
def _cyr_run():
    return regexcache.compile(r"\p{Cyrillic}[\p{Cyrillic}\p{M}'’ʼ\-]*(?:[ \u00a0]+\p{Cyrillic}[\p{Cyrillic}\p{M}'’ʼ\-]*)*")


def _norm(text: str) -> str:
    return " ".join(regex.sub(r"[^\p{L}\p{N}]+", " ", text.casefold()).split())


class BilingualUntranslated(_Bilingual):
    name = "bilingual-untranslated"
    rules = {
        "bilingual.untranslated": RuleInfo(
            message="Source text copied into the translation untranslated",
            category="accuracy/untranslated",
            severity=Severity.MAJOR,
            description="A target sentence equal to its source sentence (letters and digits compared), or "
            "source-script (Cyrillic) words in the target that occur in the aligned source sentence.",
            examples={
                "flag": [
                    {"text": "Рух інтенсивний.", "source": "Рух інтенсивний."},
                    {"text": "The governor said the обстріл stopped.", "source": "Губернатор сказав, що обстріл припинився."},
                ],
                "pass": [{"text": "Traffic is heavy.", "source": "Рух інтенсивний."}],
            },
        ),
    }

    def find_pairs(self, doc, alignment):
        for p in alignment.pairs:
            if not p.source or not p.target:
                continue
            src = _src_text(doc, p)
            span = _tgt_span(p)
            tgt = doc.text[span.start : span.end]
            if _norm(src) and _norm(src) == _norm(tgt) and regex.search(r"\p{L}", tgt):
                yield self.hit("bilingual.untranslated", doc, span.start, span.end, p, (),
                               "This sentence is the source text, not a translation")  # fmt: skip
                continue
            src_words = {w.casefold() for w in regex.findall(r"\p{Cyrillic}[\p{Cyrillic}'’ʼ\-]*", src)}
            for m in _cyr_run().finditer(tgt):
                words = regex.findall(r"\p{Cyrillic}[\p{Cyrillic}'’ʼ\-]*", m.group())
                if any(w.casefold() in src_words for w in words):
                    yield self.hit("bilingual.untranslated", doc, span.start + m.start(), span.start + m.end(), p, (),
                                   f"{m.group()!r} is copied from the source untranslated")  # fmt: skip


# --------------------------------------------------------------------------- things to keep verbatim

@cache
def _preserved() -> SimpleNamespace:
    """Patterns for what a translation keeps verbatim, compiled on first use."""
    return SimpleNamespace(
        url=regexcache.compile(r"\bhttps?://[^\s<>\"«»“”]+[^\s<>\"«»“”.,;:!?)\]]|\bwww\.[^\s<>\"«»“”]+[^\s<>\"«»“”.,;:!?)\]]"),
        email=regexcache.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"),
        handle=regexcache.compile(r"(?<![\w@.])@[A-Za-z0-9_]{2,}"),
        hashtag=regexcache.compile(r"(?<![\w#&])#[A-Za-z][A-Za-z0-9_]+"),
        src_quote=regexcache.compile(r"«[^«»]+»|„[^„“”]+[“”]|\"[^\"]+\""),
        tgt_quote=regexcache.compile(r"“[^“”]+”|\"[^\"]+\"|‘[^‘’]+’(?!\w)|«[^«»]+»"),
    )


class BilingualPreserve(_Bilingual):
    name = "bilingual-preserve"
    rules = {
        "bilingual.preserve": RuleInfo(
            message="A URL, e-mail address, hashtag or @handle of the source is missing or altered",
            category="accuracy/mistranslation",
            severity=Severity.MAJOR,
            description="URLs, e-mail addresses, Latin-script hashtags and @handles must reach the translation "
            "verbatim. A close but different string in the target is reported with the source string as the "
            "suggestion.",
            examples={
                "flag": [{"text": "Details are at https://kharkiv.gov.ua/new.",
                          "source": "Подробиці на https://kharkiv.gov.ua/news.", "suggestion": "https://kharkiv.gov.ua/news"},
                         {"text": "Write to the press office.", "source": "Пишіть на press@city.ua."}],
                "pass": [{"text": "Details are at https://kharkiv.gov.ua/news.", "source": "Подробиці на https://kharkiv.gov.ua/news."},
                         {"text": "Follow @KharkivCity for updates.", "source": "Стежте за @KharkivCity."}],
            },
        ),
        "bilingual.quotes": RuleInfo(
            message="A quotation of the source is not quoted in the translation",
            category="fluency/punctuation",
            severity=Severity.MINOR,
            description="A source sentence quotes three or more words in «…», „…“ or \"…\" and the aligned target "
            "sentence has no quotation at all: direct speech turned into reported speech or quote marks lost. "
            "Short quoted names (organisations, operations) are not counted.",
            examples={
                "flag": [{"text": "He said the city will cope.", "source": "Він сказав: «Місто впорається з усім»."}],
                "pass": [{"text": "He said: “The city will cope with everything.”",
                          "source": "Він сказав: «Місто впорається з усім»."},
                         {"text": "Ukrainian Railways resumed service.", "source": "«Укрзалізниця» відновила рух."}],
            },
        ),
    }

    def find_pairs(self, doc, alignment):
        pairs = alignment.pairs
        for k, p in enumerate(pairs):
            if not p.source:
                continue
            src = _src_text(doc, p)
            window = _window(pairs, k, "target")
            wtext = " ".join(doc.text[s.start : s.end] for s in window)
            rx = _preserved()
            for pat in (rx.url, rx.email, rx.handle, rx.hashtag):
                for m in pat.finditer(src):
                    item = m.group()
                    if pat is rx.handle and any(e.start() < m.start() < e.end() for e in rx.email.finditer(src)):
                        continue  # the domain part of an e-mail address
                    if item in wtext:
                        continue
                    close = _close_token(doc, window, item, pat)
                    if close is not None:
                        yield self.hit("bilingual.preserve", doc, close[0], close[1], p, [item],
                                       f"{close[2]!r} should be {item!r} as in the source")  # fmt: skip
                    else:
                        span = _tgt_span(p) or _anchor_span(pairs, k)
                        yield self.hit("bilingual.preserve", doc, span.start, span.end, p, (),
                                       f"{item!r} from the source is missing in the translation")  # fmt: skip
            if p.target:
                quotes = [q for q in rx.src_quote.findall(src) if len(regex.findall(r"\p{L}+", q)) >= 3]
                span = _tgt_span(p)
                if quotes and not rx.tgt_quote.search(doc.text, span.start, span.end):
                    yield self.hit("bilingual.quotes", doc, span.start, span.end, p, (),
                                   f"The source quotes {quotes[0][:60]}; the translation has no quotation")  # fmt: skip


def _close_token(doc, window, item, pat):
    from rapidfuzz import fuzz

    best, score = None, 0.0
    for s in window:
        for m in regex.finditer(r"\S+", doc.text[s.start : s.end]):
            tok = m.group().rstrip(".,;:!?)”\"'")
            sc = fuzz.ratio(tok, item)
            if sc > score:
                best, score = (s.start + m.start(), s.start + m.start() + len(tok), tok), sc
    return best if score >= 80 else None
