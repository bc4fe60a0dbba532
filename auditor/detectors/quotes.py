"""Quotation marks and punctuation left in Russian order by machine translation."""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import cache
from types import SimpleNamespace

import regex

from .. import regexcache
from ..document import Document
from ..findings import Finding, Severity
from .base import Detector, RuleInfo

SPEECH_VERBS = (
    r"said|says|say|told|tells|notes?|noted|add(?:s|ed)?|stress(?:es|ed)?|emphasi[sz](?:es|ed)|underline[sd]?|"
    r"wr(?:ite|ites|ote)|report(?:s|ed)?|explain(?:s|ed)?|state[sd]?|continue[sd]?|ask(?:s|ed)?|repl(?:y|ies|ied)|"
    r"declare[sd]?|conclude[sd]?|insist(?:s|ed)?|recall(?:s|ed)?|admit(?:s|ted)?|warn(?:s|ed)?|claim(?:s|ed)?|"
    r"announce[sd]?|comment(?:s|ed)?|tweet(?:s|ed)?|post(?:s|ed)|summ(?:ed|s) up|assure[sd]?|point(?:s|ed) out|"
    r"inform(?:s|ed)|shared|according"
)
# After a misplaced closing quote: a speech verb within the next few words ("notes the reporter", "he told").
_ATTRIB = (
    rf"(?:(?i:{SPEECH_VERBS})\b|(?:he|she|they|we|it|I)[ \t]+(?:\p{{Ll}}+[ \t]+)?(?i:{SPEECH_VERBS})\b"
    rf"|(?:[Tt]he[ \t]+|(?=\p{{Lu}}))(?:[\p{{L}}.'’-]+[ \t]+){{0,3}}?(?i:{SPEECH_VERBS})\b)"
)


@cache
def _attribution():
    """Compiled on first use: costly (three case-insensitive speech-verb lists)."""
    return regexcache.compile(rf"[ \t]*{_ATTRIB}")


@cache
def _rx() -> SimpleNamespace:
    """The other patterns, compiled on first use (stdlib re where the meaning is the same)."""
    return SimpleNamespace(
        quote=re.compile(r'[“”"]'),
        sent_end=regexcache.compile(r"[.!?…](?:[ \t]|$)"),
        dash_prefix=re.compile(r'(?P<pre>[.,!?]?)(?P<q>[”"»])(?P<c>[,.]?)[ \t]*[–—-][ \t]+'),
        bare_dash=regexcache.compile(r"(?<=[\p{L}\p{N})])(?P<p>[,.!?])[ \t]+[–—-][ \t]+"),
        dialogue_dash=regexcache.compile(r"[–—-][ \t]+(?=\p{Lu})"),
        speaker=regexcache.compile(
            r"(?P<verb>\p{Ll}+)(?P<at> in| at)?[ \t]+(?P<who>\p{Lu}[\p{L}’'-]*|(?:[Tt]he|an?)(?:[ \t][\p{L}’'-]+){1,4}?)"
            r"(?=[.,;:!?]|[ \t]*$)",
            regex.M,
        ),
        reversed=regexcache.compile(r"(?<=\p{L})”[ \t]+(\p{Lu}[^“”\"\n]{0,40}?)[ \t]+“(?=[,.;:!?]|[ \t])"),
        inner_open=regexcache.compile(r"(?:^|(?<=[\s(]))“[ \t]+(?=[\p{L}\p{N}])", regex.M),
        inner_close=regexcache.compile(r"(?<=[\p{L}\p{N}.,!?])[ \t]+”(?=[\s,.;:!?)]|$)", regex.M),
        guillemets=re.compile(r"«(?=\S)([^«»\n]{0,400}?)(?<=\S)»|„([^„“”\n]{0,400}?)[“”]"),
        double=regexcache.compile(
            r"(?P<dots>(?<![.…\d])\.\.(?![.…/\d]))|(?P<cd>,\.(?!\.))|(?P<dc>(?<=\b\p{Ll}{3,})\.,)|(?P<cc>,,)"
            r"|(?P<ed>…\.(?!\.))"
        ),
        ellipsis_intro=regexcache.compile(r"(?<=\p{L})(?:…|\.\.\.)$"),
        angle_ellipsis=re.compile(r"<[ \t]?(?:\.\.\.|…)[ \t]?>"),
        word=regexcache.compile(r"[\p{L}\p{N}'’-]+"),
        abbrev_dot=regexcache.compile(r"(?i)\b(?:etc|incl|approx|esp|misc|vs|govt|dept|corp|bros)\.,$"),
    )


_PRONOUN_AFTER = re.compile(r"(?:He|She|They|We|It)(?= \w)")


def _lone_marks(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, fix) of each guillemet that opens before a non-space (« „ → “) or closes after one
    (» → ”), and of each line that holds only a « (deleted), in text order."""
    for pos in _positions(text, "«»„"):
        c = text[pos]
        if c == "»":
            if pos and not text[pos - 1].isspace():
                yield pos, pos + 1, "”"
        elif pos + 1 < len(text) and not text[pos + 1].isspace():
            yield pos, pos + 1, "“"
        elif c == "«":
            lo = text.rfind("\n", 0, pos) + 1
            hi = text.find("\n", pos)
            hi = len(text) if hi < 0 else hi
            if not text[lo:pos].strip(" \t") and not text[pos + 1 : hi].strip(" \t"):
                yield lo, hi, ""


def _positions(text: str, literals) -> list[int]:
    """Ascending offsets of every occurrence of the literals (overlaps included)."""
    out = []
    for lit in literals:
        pos = text.find(lit)
        while pos >= 0:
            out.append(pos)
            pos = text.find(lit, pos + 1)
    out.sort()
    return out


def _run_starts(text: str, closers: list[int]) -> Iterator[int]:
    """Start of the spaces or tabs right before each closing quote that has some."""
    for q in closers:
        r = q
        while r > 0 and text[r - 1] in " \t":
            r -= 1
        if r < q:
            yield r


def _matches_at(match, text: str, starts: Iterator[int]) -> Iterator:
    """Like finditer for a pattern whose match(text, pos) is given, trying only the ascending candidate starts."""
    end = 0
    for pos in starts:
        if pos >= end:
            m = match(text, pos)
            if m:
                end = m.end()
                yield m


def _attributed(prefix, text: str, pos: int):
    """``prefix`` (a punctuation-and-dash pattern) matched at pos when a speech-verb attribution follows it, or None."""
    m = prefix.match(text, pos)
    return m if m and _attribution().match(text, m.end()) else None  # no attribution starts with a space


def _dash_attribution(text: str, pos: int):
    """A dash between a closing quote and a speech-verb attribution ('”, – the minister said') at pos, or None."""
    return _attributed(_rx().dash_prefix, text, pos)


# Verbs of saying that MT leaves before the speaker ('– said Klitschko'), and what English news writes instead.
_INVERTED_VERBS = {
    **dict.fromkeys((
        "said", "says", "told", "tells", "added", "adds", "noted", "notes", "stressed", "emphasized", "emphasised",
        "explained", "stated", "wrote", "writes", "reported", "reports", "continued", "concluded", "recalled",
        "replied", "answered", "assured", "admitted", "clarified", "asked",
    )),
    "informs": "reports", "informed": "reported", "shared": "said",
}  # fmt: skip


def _speaker(text: str, pos: int) -> tuple[int, str] | None:
    """'said Klitschko' / 'added the mayor' / 'noted in the ministry' at pos: (end, 'Klitschko said'), the speaker
    first as English news writes it; None for any other attribution ('he said', 'said Volodin reporters'), and
    for a full name or a long title, which English may leave after the verb ('said Igor Dodon')."""
    m = _rx().speaker.match(text, pos)
    if not m or m["verb"] not in _INVERTED_VERBS:
        return None
    who = m["who"]
    if m["at"] and not who.startswith(("the ", "The ")):
        return None
    verb = _INVERTED_VERBS[m["verb"]] or m["verb"]
    return m.end(), f"{who[0].lower() + who[1:] if who.startswith('The ') else who} {verb}"


def _bare_dash_attribution(text: str, pos: int):
    """A dash between a sentence's last word and a speech-verb attribution ('shelled. – the OBA said') at pos."""
    return _attributed(_rx().bare_dash, text, pos)


def _bare_dash_starts(text: str) -> Iterator[int]:
    """The comma, period, question or exclamation mark before each spaced dash."""
    for q in _positions(text, (" -", " –", " —")):
        if q > 0 and text[q - 1] in ",.!?":
            yield q - 1


def _dash_starts(text: str) -> Iterator[int]:
    """Where _dash_attribution can match: at each closing-quote character or the punctuation before it."""
    for q in _positions(text, '”"»'):
        yield q - 1 if q > 0 and text[q - 1] in ".,!?" else q


def _closes_first(text: str, start: int, end: int) -> bool:
    """Whether the first double quote of text[start:end] closes a quotation (it follows a word or a mark)."""
    m = _rx().quote.search(text, start, end)
    return m is not None and m[0] != "“" and m.start() > start and not (text[m.start() - 1].isspace() or text[m.start() - 1] in "([—–-/")


def _curly(text: str) -> bool:
    return "“" in text or "”" in text


class QuotesDetector(Detector):
    """Misplaced closing quotes, unbalanced quotes, guillemets, quote spacing, dash attributions, doubled punctuation."""

    name = "quotes"
    rules = {
        "quotes.misplaced-close": RuleInfo(
            message="The closing quote is misplaced: in English the comma goes inside the closing quote before the attribution",
            category="fluency/punctuation",
            severity=Severity.MAJOR,
            description="Russian puts the comma after the closing quote («…», — отметил); machine translation then "
            "turns the closing quote into an opening one (', “notes the reporter.') or drops the comma "
            "('if it is used “he told'). Flagged only inside an open quotation and before a speech verb.",
            examples={
                "flag": [
                    {"text": "“Armenian troops bombed all last week, “notes the reporter.", "suggestion": ",” notes"},
                    {"text": "“It shows what will happen if it is used “he told Kommersant.", "suggestion": ",” he"},
                    {"text": "“Damage was inflicted on infrastructure facilities, ”the message says.", "suggestion": ",” the"},
                    "\"We can talk, \"said Kuleba in an interview.",
                ],
                "pass": [
                    "“Armenian troops bombed all last week,” the reporter notes.",
                    "He told Kommersant: “It shows what will happen if it is used.”",
                    "The minister said, “we will not retreat,” and left.",
                    "“We will respond,” he said. “Nobody said it would be easy.”",
                ],
            },
        ),
        "quotes.unbalanced": RuleInfo(
            message="Unbalanced quotation marks in this paragraph: this quote has no partner",
            category="fluency/punctuation",
            severity=Severity.MINOR,
            description="Counts curly and straight double quotes per paragraph. A paragraph that ends inside a "
            "quotation is fine when the next paragraph opens with a quote (a multi-paragraph quotation). No fix is "
            "suggested: the partner MT dropped (an opening mark before a quoted passage, a closing one at its end) "
            "is as likely as a stray mark, and nested double quotes need single ones.",
            examples={
                "flag": [
                    "The ministry called the claims “absurd and left it there.",
                    "The so-called republic” declared martial law.",
                    "He said: “We will hold the line.\n\nNobody will retreat,” he added.",
                ],
                "pass": [
                    "The ministry called the claims “absurd” and left it there.",
                    "“We will hold the line.\n\n“Nobody will retreat,” he said.",
                    "\"Dnipro-1\" - \"Kryvbas\" - 1:0 (0:0)",
                    "He said \"no\" twice.",
                    "The pipe is 12\" wide.",
                ],
            },
        ),
        "quotes.reversed": RuleInfo(
            message="Quotation marks are reversed around the quoted word",
            category="fluency/punctuation",
            severity=Severity.MAJOR,
            description="'with” Azovstal “,' — the closing mark comes first, with spaces inside.",
            examples={
                "flag": [
                    {"text": "the Ukrainian military with” Azovstal “, but there is no reaction", "suggestion": " “Azovstal”"},
                    "They left the” Azot “ plant.",
                ],
                "pass": [
                    "the Ukrainian military at “Azovstal”, but there is no reaction",
                    "“We are here,” Azov said. “Stay.”",
                    "He said “no” and “never”.",
                ],
            },
        ),
        "quotes.guillemets": RuleInfo(
            message="Russian/Ukrainian quotation marks in English text: use “…”",
            category="fluency/punctuation",
            severity=Severity.MAJOR,
            description="«…» and „…“ are source-language quotation marks; English news uses “…” (or \"…\").",
            examples={
                "flag": [
                    {"text": "The party «Servant of the People» won.", "suggestion": "“Servant of the People”"},
                    "He called it „a provocation“ on Monday.",
                    {"text": "in Ukraine»Retreating, the units", "suggestion": "”"},
                    {"text": "«During the day the enemy shelled 13 settlements.\n\nCivilians were not injured».", "suggestion": "“"},
                    {"text": "The report follows.\n«\nUkrainian forces fired 14 shells.", "suggestion": ""},
                ],
                "pass": [
                    "The party “Servant of the People” won.",
                    "Home » News » World",
                    "« Previous article | Next article »",
                    "He called it \"a provocation\" on Monday.",
                ],
            },
        ),
        "quotes.inner-space": RuleInfo(
            message="No space inside quotation marks in English",
            category="fluency/punctuation",
            severity=Severity.MINOR,
            description="'“ word”' and '“word ”' have a space inside the quotes.",
            examples={
                "flag": [{"text": "He called it “ a provocation” on Monday.", "suggestion": "“"}, "He called it “a provocation ” on Monday."],
                "pass": [
                    "He called it “a provocation” on Monday.",
                    "“We will win,” he said. “Glory to Ukraine.”",
                    "He said: “Yes.” Then he left.",
                ],
            },
        ),
        "quotes.dash-attribution": RuleInfo(
            message="A dash after the closing quote introduces the speaker in Russian, not in English",
            category="fluency/punctuation",
            severity=Severity.MAJOR,
            description="«…», — сказал министр becomes '…”, – the minister said'; English writes '…,” the minister "
            "said'. Flagged only when a speech verb follows the dash within a few words.",
            examples={
                "flag": [
                    {"text": "“We will respond”, – the minister said.", "suggestion": ",” "},
                    {"text": "“The enemy retreated.” – said he.", "suggestion": ",” "},
                    {"text": "“We thank the citizens,” – He wrote on Telegram.", "suggestion": ",” he"},
                    {"text": "“This should not be”, – said Klitschko.", "suggestion": ",” Klitschko said"},
                    {"text": "“The bill will be passed in April \", - Yaroslav Zhelezniak wrote.", "suggestion": ",\" "},
                    {"text": "“The shelling continues” – added the mayor of the city.", "suggestion": ",” the mayor of the city added"},
                    {"text": "“The enemy lost two tanks», — noted in the ministry.", "suggestion": ",” the ministry noted"},
                    {"text": "“Two villages came under fire”. – says the message.", "suggestion": ",” the message says"},
                    "“The tragedy occurred on July 26”, – WRITE: www.radiosvoboda.org",
                ],
                "pass": [
                    "“We will respond,” the minister said.",
                    "He called it “a provocation” — a word the minister said he regretted.",
                    "The “republic” – a Russian proxy – declared martial law.",
                ],
            },
        ),
        "quotes.dash-before-speaker": RuleInfo(
            message="A dash before the speaker is Russian punctuation: English writes '…, the minister said'",
            category="fluency/punctuation",
            severity=Severity.MINOR,
            description="Reported speech without quotation marks, attributed Russian-style: 'shelled. – the OBA said', "
            "'Skaletska, – RBC-Ukraine reports'. Flagged only when a comma or period (a question or exclamation mark in "
            "speech a dialogue dash opened) comes right before the dash and a speech verb follows within a few words.",
            examples={
                "flag": [
                    {"text": "Two communities were shelled. - the OBA said.", "suggestion": ", "},
                    {"text": "said the minister Zoriana Skaletska, - RBC-Ukraine reports.", "suggestion": ", "},
                    {"text": "The works will be finished this year, — Vasily Golubev told.", "suggestion": ", "},
                    {"text": "We will not retreat, — said the commander.", "suggestion": ", the commander said"},
                    "People have to be sure that gas will come, - Vasily Golubev told.",
                    {"text": "— Who will pay for it? — asked the mayor.", "suggestion": "?” the mayor asked"},
                ],
                "pass": [
                    "Two communities were shelled, the regional administration said.",
                    "The republic – a Russian proxy – said it would hold a vote.",
                    "Prices rose by 5.4% - most markedly in the regions, analysts said.",
                    "“We will respond”, – the minister said.",
                    "They arrived late — Smith said the bus broke down.",
                    "“People have to be sure,” Vasily Golubev said.",
                    "Who will pay for it? – the mayor asked.",
                ],
            },
        ),
        "quotes.dialogue-dash": RuleInfo(
            message="A dash opening direct speech is Russian punctuation: English puts the words in quotation marks",
            category="fluency/punctuation",
            severity=Severity.MINOR,
            description="'— Thank you, citizens, — Lukashenka said': Russian opens a paragraph of speech with a dash. "
            "Flagged only when the same line ends the speech with a dash before the speaker, so list items pass.",
            examples={
                "flag": [
                    {"text": "— Thank you, citizens, for coming, — Lukashenka said.", "suggestion": "“"},
                    {"text": "- People have to be sure they will have gas, - Vasily Golubev told.", "suggestion": "“"},
                ],
                "pass": [
                    "- Ternopil region: 16:00-18:00 - first queue, 18:00-20:00 - second queue.",
                    "- Russians struck a public transport stop in Nova Kakhovka, there are casualties",
                    "“Thank you, citizens, for coming,” Lukashenka said.",
                ],
            },
        ),
        "quotes.double-punctuation": RuleInfo(
            message="Doubled punctuation: keep one mark",
            category="fluency/punctuation",
            severity=Severity.MINOR,
            description="'..' (not an ellipsis), ',.', '.,' after a word, ',,' and '….'. Abbreviations ('U.S.,', "
            "'etc.,', 'a.m.,') are not flagged.",
            examples={
                "flag": [
                    {"text": "The talks ended.. Officials left.", "suggestion": "."},
                    {"text": "No contacts with diplomats …. I am not against him.", "suggestion": "…"},
                    "The talks ended,. Officials left.",
                ],
                "pass": [
                    "The talks ended... Officials left.",
                    "Troops from the U.S., Britain and France took part.",
                    "Fuel, food, etc., were delivered at 5 a.m., officials said.",
                    "See ../docs for details.",
                ],
            },
        ),
        "quotes.ellipsis-intro": RuleInfo(
            message="An ellipsis introduces the quotation that follows: English uses a colon",
            category="fluency/punctuation",
            severity=Severity.MINOR,
            description="A paragraph that ends in '…' right after a word, followed by a paragraph that opens with a "
            "quotation ('made a statement on his Facebook page…').",
            examples={
                "flag": [
                    {"text": "Pashinyan made a statement on his Facebook page…\n\n“The enemy attacked.”", "suggestion": ":"},
                    "The ministry issued a statement...\n\n\"The enemy attacked.\"",
                ],
                "pass": [
                    "Pashinyan made a statement on his Facebook page:\n\n“The enemy attacked.”",
                    "The silence lasted and lasted…\n\nThen the sirens sounded.",
                    "“We waited and waited…”\n\n“Then it came,” she said.",
                ],
            },
        ),
        "quotes.angle-ellipsis": RuleInfo(
            message="'<...>' marks an omission in Russian; English uses '...' or '[...]'",
            category="fluency/punctuation",
            severity=Severity.MINOR,
            description="Russian editors mark cuts in a quotation with <...>; English news uses an ellipsis.",
            examples={
                "flag": [
                    {"text": "they go exactly to the settlement, <...> there are children", "suggestion": "..."},
                    "they go to the settlement <…> there are children",
                ],
                "pass": [
                    "they go exactly to the settlement ... there are children",
                    "they go exactly to the settlement [...] there are children",
                    "x < y and y > z",
                ],
            },
        ),
    }

    @staticmethod
    def _inverted(text: str, pos: int, punctuation: str) -> tuple[int, str]:
        """(end, replacement) of a dash attribution: through the speaker, put first, when it follows the verb."""
        speaker = _speaker(text, pos)
        if speaker:
            return speaker[0], punctuation + speaker[1]
        m = _PRONOUN_AFTER.match(text, pos)
        if m:  # ',” – He wrote' → ',” he wrote': the pronoun no longer starts a sentence
            return m.end(), punctuation + m[0].lower()
        return pos, punctuation

    def _lone_guillemets(self, doc: Document, paired: list[tuple[int, int]]) -> Iterator[Finding]:
        """A guillemet outside the pairs found (its partner on another line, or the quote too long):
        the mark alone, as the English mark it stands for; a « alone on a line is deleted."""
        i = 0
        for start, end, fix in _lone_marks(doc.text):
            while i < len(paired) and paired[i][1] <= start:
                i += 1
            if i < len(paired) and paired[i][0] <= start:
                continue
            yield self.finding("quotes.guillemets", doc, start, end, [fix])

    def find(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        rx = _rx()
        quotes = _positions(text, '“”"')
        yield from self._paragraphs(doc, rx, quotes)
        for m in rx.reversed.finditer(text):
            yield self.finding("quotes.reversed", doc, m.start(), m.end(), [f" “{m[1]}”"])
        if "«" in text or "„" in text or "»" in text:
            paired = []
            for m in rx.guillemets.finditer(text):
                inner = m[1] if m[1] is not None else m[2]
                paired.append(m.span())
                yield self.finding("quotes.guillemets", doc, m.start(), m.end(), [f"“{inner}”"])
            yield from self._lone_guillemets(doc, paired)
        for m in rx.inner_open.finditer(text):
            yield self.finding("quotes.inner-space", doc, m.start(), m.end(), ["“"])
        closers = [q for q in quotes if text[q] == "”"]
        for m in _matches_at(rx.inner_close.match, text, _run_starts(text, closers)):
            if rx.reversed.match(text, m.end() - 1):
                continue
            yield self.finding("quotes.inner-space", doc, m.start(), m.end(), ["”"])
        for m in _matches_at(_dash_attribution, text, _dash_starts(text)):
            start = m.start()
            if m.start("q") == 0 or text[m.start("q") - 1].isspace():
                if not m["c"] or m["pre"]:
                    continue  # an opening quote
                while start > 0 and text[start - 1] in " \t":  # 'in April ", - Zhelezniak': the space goes too
                    start -= 1
            pre = m["pre"]
            keep = pre if pre in ("?", "!") else ","
            close = '"' if m["q"] == '"' else "”"
            end, tail = self._inverted(text, m.end(), f"{keep}{close} ")
            yield self.finding("quotes.dash-attribution", doc, start, end, [tail])
        for m in _matches_at(_bare_dash_attribution, text, _bare_dash_starts(text)):
            line = text.rfind("\n", 0, m.start()) + 1
            opener = rx.dialogue_dash.match(text, line)
            if m["p"] in "!?" and not opener:
                continue  # 'Who pays? – the mayor asked' needs quotation marks; where they open is unknown
            if opener:  # '— Thank you, — he said': the speech the dash opened ends here
                yield self.finding("quotes.dialogue-dash", doc, opener.start(), opener.end(), ["“"])
            mark = m["p"] if m["p"] in "!?" else ","
            end, tail = self._inverted(text, m.end(), f"{mark}” " if opener else f"{mark} ")
            yield self.finding("quotes.dash-before-speaker", doc, m.start(), end, [tail])
        for m in _matches_at(rx.double.match, text, _positions(text, ("..", ",.", ".,", ",,", "…."))):
            kind = m.lastgroup
            if kind == "dc" and rx.abbrev_dot.search(text, max(0, m.start() - 8), m.end()):
                continue
            if kind == "dots" and regex.match(r"\.\.\s*\.", text[m.start() :m.start() + 6]):
                continue
            new = {"dots": ".", "cd": ".", "dc": ",", "cc": ",", "ed": "…"}[kind]
            if kind == "cd" and regex.match(r"\s+\p{Ll}", text[m.end() : m.end() + 3]):
                new = ","
            yield self.finding("quotes.double-punctuation", doc, m.start(), m.end(), [new])
        for m in rx.angle_ellipsis.finditer(text):
            yield self.finding("quotes.angle-ellipsis", doc, m.start(), m.end(), ["..."])

    def _paragraphs(self, doc: Document, rx: SimpleNamespace, quotes: list[int]) -> Iterator[Finding]:
        """Quote pairing in paragraphs with a double quote; an ellipsis before a paragraph that opens with one."""
        text = doc.text
        paras = doc.paragraphs
        starts = [p.start for p in paras]
        quoted: set[int] = set()
        before_quote: set[int] = set()
        for q in quotes:
            i = bisect_right(starts, q) - 1
            if i >= 0 and q < paras[i].end:
                quoted.add(i)
                if q == starts[i] and i > 0 and text[q] in "“\"":
                    before_quote.add(i - 1)
        for i in sorted(quoted | before_quote):
            para = paras[i]
            nxt = text[starts[i + 1]] if i + 1 < len(paras) else ""
            if i in quoted:
                if i + 1 < len(paras) and _closes_first(text, paras[i + 1].start, paras[i + 1].end):
                    nxt = "“"  # the quotation goes on in the next paragraph, which lacks the reopening mark
                yield from self._pairs(doc, para.start, para.end, nxt)
            if i in before_quote:
                m = rx.ellipsis_intro.search(text, para.start, para.end)
                if m:
                    yield self.finding("quotes.ellipsis-intro", doc, m.start(), m.end(), [":"])

    def _pairs(self, doc: Document, start: int, end: int, next_para_first: str) -> Iterator[Finding]:
        """Walk the paragraph's double quotes, pairing openers and closers."""
        text = doc.text
        curly = _curly(text[start:end])
        open_at = -1
        for m in _rx().quote.finditer(text, start, end):
            q, pos = m[0], m.start()
            before = text[pos - 1] if pos > start else " "
            after = text[pos + 1] if pos + 1 < end else " "
            if q == '"' and before.isdigit() and open_at < 0:
                continue  # inches (12" wide), not the end of "Dnipro-1"
            left_flank = before.isspace() or before in "([—–-/" or pos == start
            if open_at < 0:
                if q == "”" and not left_flank:
                    yield self.finding("quotes.unbalanced", doc, pos, pos + 1)
                    continue
                open_at = pos
                continue
            # inside a quotation: this quote closes it
            if left_flank and (after.isalpha()):
                f = self._misplaced(doc, pos, start, end, curly)
                if f is not None:
                    yield f
            open_at = -1
        if open_at >= 0 and (not next_para_first or next_para_first not in "“\""):
            yield self.finding("quotes.unbalanced", doc, open_at, open_at + 1)

    def _misplaced(self, doc: Document, pos: int, start: int, end: int, curly: bool) -> Finding | None:
        text = doc.text
        rx = _rx()
        word = rx.word.match(text, pos + 1, end)
        if word is None or not _attribution().match(text, pos + 1, end):
            return None
        sent_end = rx.sent_end.search(text, pos, end)
        if rx.quote.search(text, pos + 1, sent_end.start() if sent_end else end):
            return None
        lo = pos
        while lo > start and text[lo - 1] in " \t":
            lo -= 1
        punct = ","
        if lo > start and text[lo - 1] in ",.?!":
            lo -= 1
            punct = text[lo] if text[lo] in "?!" else ","
        close = "”" if curly else '"'
        return self.finding("quotes.misplaced-close", doc, lo, word.end(), [f"{punct}{close} {word[0]}"])
