"""Agreement and grammar calques found with a dependency parser (optional ``grammar`` extra).

Russian and Ukrainian leave four kinds of broken grammar in machine-translated English that a
pattern cannot see but a parse can: a plural verb after a singular outlet or institution
(``Korrespondent.net tell the details``, from a plural-agreeing source), a sentence whose verb was
dropped, a clause without a subject after a locative phrase (``В Кремле заявили`` → ``In the
Kremlin said``) and the Russian zero copula (``The situation difficult.``).

Every rule is tuned for precision on edited English news (corpora/clean*): when the parse is
unsure, nothing is reported. See docs/grammar.md.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from .. import nlp, regexcache
from ..document import Document
from ..errors import AuditorError
from ..findings import Finding, Severity
from .base import Detector, RuleInfo


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
_TERMINAL = regexcache.compile(r"[.!?][\"'”’»)\]]*\s*\Z")
_QUOTED = regexcache.compile(r"[\"“‘«]")  # quoted speech may be a deliberate fragment
_WORD = regexcache.compile(r"[\p{L}\p{N}][\p{L}\p{N}’'.-]*")

# --- outlet / institution subjects -------------------------------------------------------------
# Names that are singular in every variety of English (a British writer may say "the government
# are", never "the Kremlin are" or "TASS report").
_OUTLETS = (
    r"Korrespondent\.net|UNIAN|Ukrinform|Interfax(?:-Ukraine)?|TASS|RIA Novosti|RIA|RBC(?:-Ukraine)?|Kommersant|Izvestia"
    r"|Vedomosti|Meduza|Ukrainska Pravda|Novaya Gazeta|Fontanka|Obozrevatel|Censor\.net|Liga\.net|Strana\.ua"
    r"|Sputnik|Reuters|Bloomberg|Xinhua|Suspilne|Hromadske|Gazprom|Naftogaz|Rosatom|Roscosmos|Ukrenergo"
    r"|NATO|OSCE|CSTO|SBU|FSB|GUR|NABU|NSDC|IAEA|IMF|Pentagon|Kremlin|White House|State Department"
    r"|Verkhovna Rada|Rada|State Duma|Duma|Foreign Office|General Staff|European Commission"
    r"|[A-Z][\p{L}\p{N}-]*\.(?:net|ru|ua|com|info|by|kz|am|az|ge|md|org)"
)
_INSTITUTION = r"(?:[Mm]inistry|Defen[cs]e Ministry|Foreign Ministry)(?:\s+of(?:\s+(?:the|and|[A-Z][\p{L}-]*))+)*"
_COLLECTIVE = r"government"  # British English may agree in the plural: only lexical verbs are flagged
_SUBJECT = regexcache.compile(
    rf"(?:(?<![\p{{L}}\p{{N}}])(?:the\s+|The\s+)?(?:[A-Z][\p{{L}}-]+\s+){{0,2}}(?P<inst>{_INSTITUTION})"
    rf"|(?<![\p{{L}}\p{{N}}.])(?:the\s+|The\s+)?(?P<name>{_OUTLETS})"
    rf"|(?<![\p{{L}}\p{{N}}])(?:the|The)\s+(?:[A-Z][\p{{L}}-]+\s+)?(?P<coll>{_COLLECTIVE}))"
    r"(?=\s+[a-z])"
)
# What may stand before the subject: the start of the clause.
_CLAUSE_START = regexcache.compile(
    r"(?:\A|[\"“‘«(]\s*|[,:;–—]\s+|\b(?i:that|as|while|because|since|when|although|though|but|so|where|after|before|until|unless)\s+)\Z"
)
_MANDATIVE = regexcache.compile(
    r"\b(?:demand|insist|requir|request|recommend|suggest|propos|urg|ask|order|essential|important|necessary|vital"
    r"|crucial|imperative|mov|call)\w*\b[^.;]{0,40}\bthat\s+\Z",
    regex.I,
)
_REPORTING = frozenset({"report", "say", "tell", "write", "claim", "note", "state", "confirm", "inform", "announce", "add"})
_NOUN_VERB_NEXT = frozenset({"that", "the", "a", "an", "about", "on"})
_VERB_DEPS = frozenset({"ROOT", "ccomp", "conj", "advcl", "relcl", "parataxis", "aux", "auxpass"})
_BRITISH_PLURAL_OK = frozenset({"be", "have", "do"})

# --- subjectless clauses -------------------------------------------------------------------------
_LOCATIVE_PREPS = frozenset({"in", "at", "on"})
_TIME_NOUNS = _words(
    """morning afternoon evening night day days week weeks month months year years time times weekend moment
    period hour hours minute minutes decade century past future end beginning start middle spring summer autumn
    fall winter january february march april may june july august september october november december monday
    tuesday wednesday thursday friday saturday sunday today yesterday tomorrow case cases addition response
    turn fact total particular general short contrast return order view light"""
)
_NO_OBJECT_VERBS = _words(
    "be stand sit lie hang come go remain emerge appear arise live exist follow begin rise fall grow loom stretch run"
)
_SPEECH_VERBS = _words(
    "say declare announce report state claim note stress add explain confirm deny warn promise decide see believe consider"
    " think call introduce impose adopt approve"
)


def _finite(tok) -> bool:
    return tok.tag_ in FINITE_TAGS


_NP_MODS = frozenset({"det", "amod", "compound", "nummod", "poss", "predet", "quantmod"})
_CLAUSE_DEPS = frozenset({"advcl", "relcl", "acl", "csubj", "pcomp"})
_WH_TAGS = frozenset({"WDT", "WP", "WP$", "WRB"})


def _subordinate(tok) -> bool:
    """Inside a relative clause ('…, which showed') or an introductory subordinate clause that ends
    before the main clause begins ('As it turned out, …'). A that-clause after a noun is not
    enough: it usually means the tagger took the main verb for a noun ('His sources assure that…')."""
    root = tok.sent.root
    while tok.dep_ != "ROOT" and tok.head is not tok:
        if tok.dep_ in _CLAUSE_DEPS:
            if any(c.tag_ in _WH_TAGS and c.i < tok.i for c in tok.children):
                return True
            if any(c.dep_ == "mark" for c in tok.children) and tok.right_edge.i < _np_start(root):
                return True
        tok = tok.head
    return False


def _np_start(root) -> int:
    mods = [k.left_edge.i for k in root.lefts if k.dep_ in _NP_MODS]
    return min(mods, default=root.i)


def _has_verb(sent) -> bool:
    """Anything that may be the main verb: a finite verb outside a subordinate clause, an imperative,
    or a past participle used as a verb (the tagger confuses past tense and participle)."""
    for t in sent:
        if (_finite(t) or (t.tag_ == "VBN" and t.dep_ != "amod")) and not _subordinate(t):
            return True
        if t.dep_ == "ROOT" and t.tag_ in {"VB", "VBN", "VBG"}:
            return True
        if t.tag_ in {"VBN", "VBG"} and any(c.dep_ in {"aux", "auxpass"} for c in t.children):
            return True
        if t.i > 0 and sent[t.i - 1].pos_ in {"NOUN", "PROPN"} and _verb_form(t):
            return True  # "The Biennale runs until…" tagged as a noun compound
    return False


def _verb_form(tok) -> bool:
    """Whether a word tagged as a noun or adjective could be a 3rd-person or past verb form."""
    word = tok.lower_
    if tok.tag_ not in {"NN", "NNS", "NNP", "JJ"} or not tok.is_alpha or not word.endswith(("s", "ed")):
        return False
    lem = tok.lemma_.lower()
    return lem != word and word in nlp.verb_forms(lem)


class GrammarDetector(Detector):
    name = "grammar"
    needs = "grammar"
    rules = {
        "grammar.outlet-plural-verb": RuleInfo(
            message="A singular outlet or institution takes a singular verb",
            category="fluency/grammar",
            severity=Severity.MINOR,
            description=(
                "Russian and Ukrainian outlet names are often plural or agree in the plural "
                "('Корреспондент.net рассказывают'); in English an outlet, agency or ministry is singular. "
                "Only names that are singular in every variety of English are checked; 'the government' "
                "(plural in British usage) is flagged only with lexical verbs, never with are/have, and only in "
                "an article that elsewhere treats it as singular ('the government has …')."
            ),
            examples={
                "flag": [
                    {"text": "Korrespondent.net tell the details.", "suggestion": "tells"},
                    {"text": "The Kremlin deny any involvement in the attack.", "suggestion": "denies"},
                    "UNIAN report that the town was shelled overnight.",
                    {"text": "The Ministry of Defense are checking the reports.", "suggestion": "is"},
                ],
                "pass": [
                    "Korrespondent.net tells the details.",
                    "The Kremlin denied any involvement in the attack.",
                    "Officials demanded that the ministry release the documents.",
                    "The government are expected to resign, the BBC said.",
                    "Kyiv and the Kremlin say talks will resume.",
                    "The ministry put the figure at 20 last week.",
                ],
            },
        ),
        "grammar.no-finite-verb": RuleInfo(
            message="This sentence has no verb: one seems to have been lost in translation",
            category="accuracy/omission",
            severity=Severity.MAJOR,
            description=(
                "A body sentence (not a headline or caption: at least six words, ending with . ! or ?) "
                "whose parse has no finite verb. Machine translation drops verbs that Russian leaves "
                "implicit or places at the end. A verb is suggested only when the gap sits clearly "
                "between a subject and an object noun phrase."
            ),
            examples={
                "flag": [
                    {
                        "text": "As it turned out, the parties to the conflict different interpretations of the founding document on a truce.",
                        "suggestion": "the parties to the conflict had different interpretations of the founding document on a truce",
                    },
                    "According to the ministry, the losses of the enemy in the southern direction over the past day.",
                ],
                "pass": [
                    "As it turned out, the parties to the conflict had different interpretations of the document.",
                    "Read more about the attack on the city here.",
                    "Ten people killed in overnight strike on Kyiv",
                    "The talks, which lasted three hours, ended without agreement.",
                    "Photo: Reuters.",
                ],
            },
        ),
        "grammar.subjectless-clause": RuleInfo(
            message="Clause without a subject after a place phrase: calque of a Russian indefinite-personal clause",
            category="fluency/grammar",
            severity=Severity.MAJOR,
            description=(
                "Russian says 'В Кремле заявили' ('in the Kremlin [they] said'); translated word for word "
                "the English clause has no subject. The place phrase is the actor: drop the preposition "
                "('the Kremlin said')."
            ),
            examples={
                "flag": [
                    {
                        "text": "Then in the “republic” of Nagorno-Karabakh declared martial law.",
                        "suggestion": "the “republic” of Nagorno-Karabakh declared",
                    },
                    {"text": "In the Kremlin said that the talks had failed.", "suggestion": "The Kremlin said"},
                ],
                "pass": [
                    "Then the “republic” of Nagorno-Karabakh declared martial law.",
                    "In the Kremlin, officials said that the talks had failed.",
                    "In the corner stood a statue of Lenin.",
                    "In 2014 declared independence was not recognised by anyone.",
                    "At the meeting the ministers agreed on a new package.",
                ],
            },
        ),
        "grammar.zero-copula": RuleInfo(
            message="Missing 'is'/'was': Russian omits the present-tense copula, English needs it",
            category="fluency/grammar",
            severity=Severity.MINOR,
            description=(
                "Russian 'Ситуация сложная' has no verb; English needs one ('The situation is difficult'). "
                "Flags a body sentence (ending with a period, not a headline) that is a noun phrase followed "
                "by an adjective and nothing that could be a verb."
            ),
            examples={
                "flag": [
                    {"text": "Domestic investment stable at 3%.", "suggestion": "is stable"},
                    {"text": "The situation difficult.", "suggestion": "is difficult"},
                    "The losses of the enemy significant in the southern direction.",
                ],
                "pass": [
                    "The situation is difficult.",
                    "Domestic investment stable at 3%",
                    "Very difficult.",
                    "A difficult situation.",
                ],
            },
        ),
    }

    def __init__(self, options=None) -> None:
        super().__init__(options)
        if options is not None and not nlp.available():
            raise AuditorError(nlp.GRAMMAR_HINT)  # asked for with --grammar: fail before any file is read

    def find(self, doc: Document) -> Iterator[Finding]:
        if not doc.text.strip():
            return
        parsed = nlp.parse(doc)
        past = _past_tense_document(parsed)
        headings = doc.headings
        for p in parsed:
            sent = p.doc
            text = doc.text[p.span.start : p.span.end]
            yield from self._outlet_plural(doc, p, text)
            if not _has_verb(sent):
                if _in_heading(p.span, headings) or not _TERMINAL.search(text):
                    continue
                zero = list(self._zero_copula(doc, p, past))
                if zero:
                    yield from zero
                elif len(_WORD.findall(text)) >= 6 and not _QUOTED.match(text):
                    yield from self._no_verb(doc, p, text, past)
            else:
                yield from self._subjectless(doc, p)

    # -- grammar.outlet-plural-verb ---------------------------------------------------------------
    def _outlet_plural(self, doc: Document, p: nlp.Parsed, text: str) -> Iterator[Finding]:
        if not _SUBJECT.search(text):
            return
        by_offset = {t.idx: t for t in p.doc}
        for m in _SUBJECT.finditer(text):
            before = text[: m.start()]
            if not _CLAUSE_START.search(before) or _MANDATIVE.search(before):
                continue
            if before.rstrip().endswith(",") and _coordinated(before):
                continue
            verb_at = m.end() + len(text[m.end() :]) - len(text[m.end() :].lstrip())
            v = by_offset.get(verb_at)
            if v is None or not v.is_alpha:
                continue
            word = v.text
            lem = v.lemma_.lower()
            nxt = v.nbor(1) if v.i + 1 < len(p.doc) else None
            if v.tag_ in {"VBP", "VB"}:
                if v.dep_ not in _VERB_DEPS:
                    continue  # parsed as a noun after all ("the Duma vote on the bill was …")
                if word.lower() in {"is", "was", "has", "does"}:
                    continue
                if v.tag_ == "VB" and nlp.inflect(lem, "VBD") == word.lower():
                    continue  # "put", "set": could be a past tense the tagger missed
                if nlp.inflect(lem, "VBD") == word.lower() and nlp.inflect(lem, "VBP") == word.lower():
                    continue
            elif v.tag_ == "VBD" and word.lower() == "were":
                lem = "be"
            elif v.tag_ in {"NN", "NNS"} and lem in _REPORTING and v.dep_ == "ROOT":
                if nxt is None or nxt.lower_ not in _NOUN_VERB_NEXT:
                    continue
            else:
                continue
            if m.group("coll") and (lem in _BRITISH_PLURAL_OK or not _singular_elsewhere(doc)):
                continue
            if any(c.dep_ in {"aux", "auxpass"} and c.i < v.i for c in v.children):
                continue
            if lem == "be":
                fixed = "was" if word.lower() == "were" else "is"
            elif lem == "have":
                fixed = "has"
            else:
                fixed = nlp.inflect(lem, "VBZ")
            if not fixed or fixed.lower() == word.lower():
                continue
            suggestions = [_case_like(word, fixed)]
            if lem == "tell" and nxt is not None and nxt.lower_ in {"the", "about", "how", "what", "why"}:
                suggestions.append(_case_like(word, "reports"))
            start = p.offset(v)
            subject = m.group(0).strip()
            yield self.finding(
                "grammar.outlet-plural-verb",
                doc,
                start,
                start + len(word),
                suggestions,
                message=f"'{subject}' is singular: '{subject} {suggestions[0]}', not '{word}'",
            )

    # -- grammar.no-finite-verb -------------------------------------------------------------------
    def _no_verb(self, doc: Document, p: nlp.Parsed, text: str, past: bool) -> Iterator[Finding]:
        sent = p.doc
        slot = _verb_slot(sent)
        if slot is not None:
            subj_start, gap, obj_end, plural = slot
            verb = "had" if past else ("have" if plural else "has")
            a, b = p.offset(sent[subj_start]), p.end_offset(sent[obj_end])
            g = p.offset(sent[gap])
            yield self.finding(
                "grammar.no-finite-verb",
                doc,
                a,
                b,
                [doc.text[a:g] + verb + " " + doc.text[g:b]],
                message=f"This sentence has no verb; one seems lost between subject and object (e.g. '{verb}')",
            )
            return
        # Without a slot, only a sentence that opens like a full one ("As it turned out, …",
        # "According to the ministry, …") and then has no main verb: a bare noun phrase on its own
        # ("Yet another setback for the government.") is a deliberate fragment in edited news.
        if ":" in text or not _full_sentence_opening(sent):
            return
        body = text.rstrip()
        end = p.span.start + len(body) - len(_TERMINAL.search(body).group(0).rstrip())
        yield self.finding("grammar.no-finite-verb", doc, p.span.start, end)

    # -- grammar.subjectless-clause --------------------------------------------------------------
    def _subjectless(self, doc: Document, p: nlp.Parsed) -> Iterator[Finding]:
        sent = p.doc
        i = 0
        while i < len(sent) and (sent[i].is_punct and sent[i].tag_ in {"``", "''", "-LRB-", '"', "“"} or sent[i].text in '“"«('):
            i += 1
        while i < len(sent) and sent[i].tag_ in {"RB", "CC"} and sent[i].lower_ not in {"not", "only"}:
            i += 1
        if i >= len(sent):
            return
        prep = sent[i]
        if prep.lower_ not in _LOCATIVE_PREPS or prep.dep_ != "prep":
            return
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if pobj is None or pobj.pos_ not in {"NOUN", "PROPN"} or pobj.lower_ in _TIME_NOUNS:
            return
        pp = list(prep.subtree)
        if any(t.like_num or t.pos_ == "NUM" or t.lower_ in _TIME_NOUNS for t in pp):
            return
        end = pp[-1].i
        if end + 1 >= len(sent):
            return
        verb = sent[end + 1]
        if verb.tag_ not in {"VBD", "VBZ", "VBP"} or verb.dep_ not in {"ROOT", "ccomp"} or prep.head.i != verb.i:
            return
        lem = verb.lemma_.lower()
        if lem in _NO_OBJECT_VERBS:
            return
        if any(c.dep_ in SUBJECT_DEPS for c in verb.children) or any(t.dep_ in SUBJECT_DEPS for t in sent[: verb.i]):
            return
        kids = {c.dep_ for c in verb.children}
        if lem == "say" and "dobj" in kids:
            return  # "In Kyiv said a spokesman that …": an inverted subject, not a missing one
        if not (kids & {"dobj", "ccomp", "xcomp", "attr", "oprd"} or lem in _SPEECH_VERBS):
            return
        a, b = p.offset(prep), p.end_offset(verb)
        rest = doc.text[p.offset(sent[prep.i + 1]) : b]
        if all(t.is_punct for t in sent[: prep.i]):  # the first word of the sentence
            k = next((j for j, c in enumerate(rest) if c.isalpha()), None)
            if k is not None:
                rest = rest[:k] + rest[k].upper() + rest[k + 1 :]
        yield self.finding("grammar.subjectless-clause", doc, a, b, [rest])

    # -- grammar.zero-copula ---------------------------------------------------------------------
    def _zero_copula(self, doc: Document, p: nlp.Parsed, past: bool) -> Iterator[Finding]:
        sent = p.doc
        i = 0
        while i < len(sent) and sent[i].is_punct:
            i += 1
        # the subject: a noun phrase at the start of the sentence, with an optional of/in phrase
        j = i
        while j < len(sent) and sent[j].tag_ in {
            "DT",
            "PRP$",
            "JJ",
            "JJR",
            "JJS",
            "CD",
            "NN",
            "NNS",
            "NNP",
            "NNPS",
            "POS",
            "HYPH",
        }:
            j += 1
        # the last token of the run may itself be the predicate adjective: back off to the last noun
        k = j - 1
        while k >= i and sent[k].tag_ not in {"NN", "NNS", "NNP", "NNPS"}:
            k -= 1
        if k < i:
            return
        head = sent[k]
        nxt = k + 1
        if nxt < len(sent) and sent[nxt].tag_ == "IN" and sent[nxt].lower_ in {"of", "in", "on", "for"}:
            # "The losses of the enemy significant"
            m = nxt + 1
            while m < len(sent) and sent[m].tag_ in {"DT", "PRP$", "JJ", "CD", "NN", "NNS", "NNP", "NNPS", "POS", "HYPH"}:
                m += 1
            last_noun = max((x for x in range(nxt + 1, m) if sent[x].tag_.startswith("NN")), default=None)
            if last_noun is None:
                return
            nxt = last_noun + 1
        a = nxt
        while a < len(sent) and sent[a].tag_ == "RB" and sent[a].lower_ not in {"not"}:
            a += 1
        if a >= len(sent) or sent[a].tag_ not in {"JJ", "JJR"}:
            return
        adj = sent[a]
        after = sent[a + 1] if a + 1 < len(sent) else None
        if after is not None and after.tag_ in {"NN", "NNS", "NNP", "NNPS", "JJ", "CD", "CC", ",", "HYPH"} and after.text != ",":
            return  # "a difficult situation", "stable and ..." : not a predicate
        if after is not None and after.text == "," and a + 2 < len(sent) and sent[a + 2].tag_ in {"JJ", "NN", "NNS"}:
            return  # a list of adjectives or nouns
        if any(t.pos_ in {"VERB", "AUX"} for t in sent):
            return
        plural = head.tag_ in {"NNS", "NNPS"} and sent[i].lower_ not in {"this", "that", "a", "an"}
        first, second = ("were", "are") if plural else ("was", "is")
        if not past:
            first, second = second, first
        start, stop = p.offset(sent[nxt] if nxt < a else adj), p.end_offset(adj)
        span = doc.text[start:stop]
        yield self.finding("grammar.zero-copula", doc, start, stop, [f"{first} {span}", f"{second} {span}"])


def _full_sentence_opening(sent) -> bool:
    """An introductory clause with its own finite verb, or 'According to X,', before the main clause."""
    comma = next((t for t in sent if t.text == ","), None)
    if comma is None or comma.i + 1 >= len(sent) or sent[comma.i + 1].pos_ not in {"DET", "NOUN", "PROPN", "ADJ", "PRON", "NUM"}:
        return False
    intro = sent[: comma.i]
    if len(intro) >= 3 and intro[0].lower_ == "according" and intro[1].lower_ == "to":
        return True
    return any(_finite(t) for t in intro) and intro[0].tag_ in {"IN", "WRB"}


_GOVERNMENT_SINGULAR = regexcache.compile(r"\bgovernment\s+(?:is|was|has|does|says)\b")


def _singular_elsewhere(doc: Document) -> bool:
    """Whether the article itself treats 'government' as singular (British writers agree in the
    plural consistently; a translation mixes both)."""
    cached = doc.__dict__.get("_government_singular")
    if cached is None:
        cached = doc.__dict__["_government_singular"] = bool(_GOVERNMENT_SINGULAR.search(doc.text))
    return cached


def _in_heading(span, headings) -> bool:
    return any(h.start <= span.start and span.end <= h.end for h in headings)


def _coordinated(before: str) -> bool:
    """ "Kyiv, Warsaw, the Kremlin say…": a list of subjects before the comma."""
    words = before.rstrip().rstrip(",").split()
    return bool(words) and words[-1][:1].isupper() and len(words) > 1


def _case_like(original: str, word: str) -> str:
    return word[:1].upper() + word[1:] if original[:1].isupper() else word


def _past_tense_document(parsed: list[nlp.Parsed]) -> bool:
    """Whether the article narrates in the past (more past than present finite verbs)."""
    past = present = 0
    for p in parsed:
        for t in p.doc:
            if t.tag_ == "VBD":
                past += 1
            elif t.tag_ in {"VBZ", "VBP"}:
                present += 1
    return past > present


def _verb_slot(sent) -> tuple[int, int, int, bool] | None:
    """A root noun phrase directly followed (no comma) by a second noun phrase: 'the parties to the
    conflict | different interpretations'. Returns (subject start, gap token, object end, plural)."""
    root = next((t for t in sent if t.dep_ == "ROOT"), None)
    if root is None or root.pos_ not in {"NOUN", "PROPN"}:
        return None
    if any(k.dep_ == "det" and k.lower_ in {"a", "an", "another", "no", "yet"} for k in root.lefts):
        return None  # "Another blow to the Kremlin …": an exclamatory fragment, not a subject
    for c in root.children:
        if c.i <= root.i or c.dep_ not in {"appos", "dep", "dobj", "npadvmod", "nmod"} or c.pos_ != "NOUN":
            continue
        gap = c.left_edge
        prev = sent[gap.i - 1]
        if prev.is_punct or prev.pos_ not in {"NOUN", "PROPN"} or gap.tag_ not in {"JJ", "DT", "NN", "NNS", "CD", "PRP$"}:
            continue
        if c.lower_ in _TIME_NOUNS or gap.lower_ in {"this", "that", "last", "next", "every", "each"}:
            continue  # "… this week": a time adverbial, not an object
        if gap.i <= root.i:
            continue
        subj_start = sent[_np_start(root)]
        # the subject must start the clause: after the sentence start or an introductory comma
        if subj_start.i > 0 and sent[subj_start.i - 1].text != ",":
            continue
        obj_end = c.right_edge
        while obj_end.i > gap.i and obj_end.is_punct:
            obj_end = sent[obj_end.i - 1]
        return subj_start.i, gap.i, obj_end.i, root.tag_ in {"NNS", "NNPS"}
    return None
