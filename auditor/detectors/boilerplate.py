"""Page furniture recognised by the shape of a line, beyond the fixed phrases of the en/boilerplate rules."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from functools import cache
from types import SimpleNamespace

import regex

from .. import regexcache
from ..document import Document
from ..findings import Finding, Severity
from ..segment import count_words
from .base import Detector, RuleInfo

_NETWORKS = (
    r"Facebook|Twitter|X|Telegram|Viber|WhatsApp|LinkedIn|E-?mail|Print|Copy link|VK|VKontakte|Odnoklassniki|OK|"
    r"Pinterest|Reddit|Messenger|Flipboard|Threads|Bluesky"
)


@cache
def _line_kinds():
    """The line-shape pattern, without the costly 'all rights reserved' anywhere branch (_all_rights)."""
    return regexcache.compile(
        rf"""
    (?P<buttons>(?i:share(?:[ ]this)?(?:[ ](?:article|story|post|news|page))?(?:[ ](?:on|via))?[ \t]*:?[ \t]*)
        (?:(?i:{_NETWORKS})(?:[ \t]*[,|·•/][ \t]*|[ \t]+|$)){{2,}}
      | (?:(?:{_NETWORKS})(?:[ \t]*[,|·•/][ \t]*|[ \t]+|$)){{3,}})
  | (?P<photo>(?:A[ ]photo|Photo|Photos|Photograph|Image|Video|Illustration|Cover[ ]photo|Main[ ]photo|Photo[ ]credit|Photo[ ]source|Source[ ]of[ ]photo)
        [ \t]*(?::|–|—|\bby\b|\bcourtesy[ ]of\b)[ \t]*\S[^\n]{{0,80}}
      | (?i:illustrative[ ](?:photo|image|picture)|photo[ ]illustration|archive[ ]photo)\.?(?:[ \t]*[:–—-][^\n]{{0,60}})?)
  | (?P<tags>(?:Tags|Tagged|Topics|Keywords|Related[ ]topics|Tags[ ]and[ ]topics)[ \t]*:[ \t]*[^\n]{{1,300}}
      | (?:\#[\p{{L}}\p{{N}}_]+[ \t,]*){{2,}})
  | (?P<copyright>(?:©|\(c\)|\(C\)|Copyright\b|All[ ]rights[ ]reserved)[^\n]{{0,200}}
      | (?i:(?:when|in[ ]case[ ]of)[ ](?:copying|using|reprinting|quoting)|any[ ](?:use|reproduction|copying))[^\n]{{0,60}}
        \b(?i:materials?)\b[^\n]{{0,120}}\b(?i:link|hyperlink|reference|permission)\b[^\n]{{0,80}})
  | (?P<translation>(?:(?:Machine[ ])?Translation|Translated(?:[ ]from[ ](?:Russian|Ukrainian|the[ ]\p{{L}}+))?|Automatic[ ]translation)
        (?:[ ]by\b[^\n]{{0,60}}|[ \t]*:[^\n]{{0,60}}))
  | (?P<disclaimer>Disclaimer[ \t]*[:.–—-][^\n]{{0,300}})
  | (?P<timestamp>(?:(?i:today|yesterday)(?:,|[ ]at)?[ ]*|\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}},?[ ]+|
        (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\p{{L}}*\.?[ ]\d{{1,2}},?(?:[ ]\d{{4}})?,?[ ]+)?
        \d{{1,2}}:\d{{2}}(?:[ ]?[AaPp]\.?[Mm]\.?)?
      | \d{{1,2}}[ ](?:minutes?|hours?|days?)[ ]ago)
    """,
        regex.X,
    )


@cache
def _all_rights():
    """The copyright alternative of _line_kinds that scans the whole line: kept apart, it is tried only when needed."""
    return regexcache.compile(r"[^\n]{0,150}\b(?i:all[ ]rights[ ]reserved)\.?[^\n]{0,80}")


_UP_TO_COPYRIGHT = ("buttons", "photo", "tags", "copyright")  # _line_kinds groups tried before _all_rights


@cache
def _rx() -> SimpleNamespace:
    """Patterns tried on most short lines, compiled on first use."""
    return SimpleNamespace(
        photo_tail=regexcache.compile(r"(?<=[.!?”\"] )(?:Photo|Photos|Illustrative photo|Photo illustration): \p{Lu}[^\n.!?]{0,40}$"),
        read_more=regexcache.compile(
            r"(?i)^(?:read|learn|find out) more about\b[^\n]{0,200}?(?:[–—-][ \t]*(?:in|on|at) (?:the|our)\b[^\n]{0,80}"
            r"|\b(?:online broadcast|live blog|live updates|text broadcast|our special project)\b)[^\n]*$"
        ),
        yaml_start=regexcache.compile(
            r"(?i)(?:read also|also read|read more|see also|read|watch also|recall)\s*:"
            r"|(?:leave a (?:comment|reply)|post a comment|add a comment|comments \(\d+\)|cancel reply)$"
            r"|(?:home|main|main page|homepage|news)\s*[»>/|]"
        ),
    )


@cache
def _link_rx() -> SimpleNamespace:
    """Patterns for lines with a link, compiled on first use."""
    return SimpleNamespace(
        source_link=regexcache.compile(
            r"(?<=^|[\s–—,-])(?i:write|writes|wrote|source|via|read more|details|more details|full story"
            r"|read the full (?:story|article))[ \t]*:[ \t]*(?:https?://|www\.)\S+[ \t]*$",
            regex.M,
        ),
        url=regexcache.compile(r"https?://\S+|\bwww\.\S+|\bt\.me/\S+|\b[\w-]+\.(?:com|net|org|ua|ru|info|news|tv)/\S*"),
        promo_verb=regexcache.compile(
            r"(?i)\b(?:share|subscribe|follow|join|watch|listen|download|sign up|like us|visit|click)\b"
        ),
    )


_YAML = "yaml"  # a line the en/boilerplate YAML rules report: left to them
_YAML_PHRASES = ("subscribe to our ", "subscribe to the ", "follow us ", "join us ", "read us ", "akismet", "your email address")
_YAML_PROBES = ("us ", "subscribe to ", "akismet", "your email address")  # each phrase holds one; few lines hold any
_SECTIONS = frozenset(
    ["world", "politics", "economy", "business", "society", "sport", "sports", "culture", "science", "technology", "tech",
     "incidents", "regions", "opinion", "analytics", "analysis", "news", "exclusive", "interview", "video", "photo",
     "lifestyle", "health", "war", "latest news", "top news", "in the world", "news feed"]
)
_RULE_OF = {"buttons": "share-buttons", "photo": "photo-credit", "tags": "tags", "copyright": "copyright",
            "translation": "translation-credit", "disclaimer": "disclaimer", "timestamp": "timestamp"}
_MAX_LINE = 320  # furniture lines are short; longer lines are prose
_TERMINAL = tuple('.!?…"”»)')


class BoilerplateDetector(Detector):
    """Share rows, photo credits, tag lists, copyright and translation credits, timestamps, repeated and trailing lines."""

    name = "boilerplate"
    rules = {
        "boilerplate.share-line": RuleInfo(
            message="Promotional line with a link copied from the source page: delete it",
            category="boilerplate",
            severity=Severity.MAJOR,
            description="A short line with a URL and a share/subscribe/follow/join/watch verb, or a 'Read more about … "
            "– in the online broadcast' pointer. Fixed phrases "
            "('Subscribe to our channel', 'Follow us on') are reported by en.boilerplate.social-promo instead.",
            examples={
                "flag": [
                    {"text": "Watch the full video on our YouTube channel https://youtube.com/@example", "suggestion": ""},
                    "Join the discussion at https://t.me/example_chat",
                    "Read more about the situation in Ukraine on the ninth day – in the online broadcast “Kommersant”.",
                ],
                "pass": [
                    "Millions of Ukrainians follow Telegram channels for air-raid alerts.",
                    "The ministry published the decree on its website, mod.gov.ua, on Monday, and officials urged residents to share it.",
                    "Subscribe to our channel https://t.me/example",
                    "Read more about the talks in our explainer, the editor wrote.",
                ],
            },
        ),
        "boilerplate.source-link": RuleInfo(
            message="Source-site credit with a link: page furniture, delete it",
            category="boilerplate",
            severity=Severity.MAJOR,
            description="'– WRITE: www.radiosvoboda.org', 'Source: https://…' at the end of a line.",
            examples={
                "flag": [
                    {"text": "The tragedy occurred on July 26. – WRITE: www.radiosvoboda.org", "suggestion": ""},
                    "Source: https://www.example.com/news/123",
                ],
                "pass": [
                    "Radio Svoboda wrote on its website that the tragedy occurred on July 26.",
                    "Source: the Defense Ministry.",
                    "Details are on www.president.gov.ua, the office said.",
                ],
            },
        ),
        "boilerplate.share-buttons": RuleInfo(
            message="Row of share buttons copied from the page: delete it",
            category="boilerplate",
            severity=Severity.MAJOR,
            description="A line made of social-network names, with or without a 'Share:' label.",
            examples={
                "flag": [{"text": "Share: Facebook Twitter Telegram", "suggestion": ""}, "Facebook | Twitter | Telegram | Email"],
                "pass": [
                    "He posted the video on Facebook, Twitter and Telegram.",
                    "Share prices fell on Monday.",
                    "Facebook and Telegram",
                ],
            },
        ),
        "boilerplate.photo-credit": RuleInfo(
            message="Photo credit or caption label from the page: delete it or move it to the caption",
            category="boilerplate",
            severity=Severity.MINOR,
            description="Lines such as 'Photo: Reuters', 'Illustrative photo', 'Photo by Ukrinform', and a credit run on "
            "at the end of a short line ('… the cost of fuel. Photo: TSN').",
            examples={
                "flag": [
                    {"text": "Illustrative photo", "suggestion": ""},
                    {"text": "A photo: Ivan MAKEEV", "suggestion": ""},
                    "Photo: Reuters / Gleb Garanich",
                    "Photo by Ukrinform",
                    "Groysman asks why fuel costs more. Photo: TSN",
                ],
                "pass": [
                    "A photo published by the ministry showed the damage.",
                    "He said so. Photo: the ministry's own.",
                    "Photographs of the site were shared widely.",
                    "Video footage showed smoke over the bridge.",
                ],
            },
        ),
        "boilerplate.repeated-line": RuleInfo(
            message="This line repeats an earlier line: navigation or page furniture",
            category="boilerplate",
            severity=Severity.MINOR,
            description="A short line without sentence punctuation that occurs more than once (menus, section "
            "labels, a headline printed twice). The first occurrence is kept.",
            examples={
                "flag": [
                    {"text": "Politics\n\nThe vote was held on Sunday, officials said.\n\nPolitics", "suggestion": ""},
                    "Weak Russia\n\nWeak Russia\n\nThe article starts here.",
                    "Armed Forces of Ukraine are conducting an offensive in some parts of the front, Hromov says\n\n"
                    "The military gradually liberate territory.\n\n"
                    "Armed Forces of Ukraine are conducting an offensive in some parts of the front, Hromov says\n\nMore text follows here.",
                ],
                "pass": [
                    "The vote was held on Sunday.\n\nThe vote was held on Sunday.",
                    "Politics\n\nThe vote was held on Sunday, officials said.",
                    "Q&A\n\nWhat happened?\n\nA vote.",
                ],
            },
        ),
        "boilerplate.tags": RuleInfo(
            message="Tag list from the page: delete it",
            category="boilerplate",
            severity=Severity.MAJOR,
            description="'Tags: Ukraine, Russia, war', 'Topics: …', '#Ukraine #Russia' lines.",
            examples={
                "flag": [{"text": "Tags: Ukraine, Russia, war", "suggestion": ""}, "#Ukraine #Russia #war"],
                "pass": [
                    "Tags on the crates showed they came from Russia.",
                    "The hashtag #StandWithUkraine trended.",
                    "Topics discussed at the summit included grain exports.",
                ],
            },
        ),
        "boilerplate.copyright": RuleInfo(
            message="Copyright or reprint notice of the source site: delete it",
            category="boilerplate",
            severity=Severity.MAJOR,
            description="'© 2022 Korrespondent.net. All rights reserved.', 'When copying materials, a hyperlink "
            "to … is required'.",
            examples={
                "flag": [
                    {"text": "© 2022 Korrespondent.net. All rights reserved.", "suggestion": ""},
                    "When using materials, a hyperlink to the site is required.",
                    "Copyright 2023 Example Media",
                ],
                "pass": [
                    "The court ruled that the copyright had expired.",
                    "He said all rights of minorities would be reserved for parliament to decide.",
                    "The law protects copyright in news materials.",
                ],
            },
        ),
        "boilerplate.translation-credit": RuleInfo(
            message="Translation credit from the aggregator: delete it",
            category="boilerplate",
            severity=Severity.MINOR,
            description="'Translation by RJ983', 'Machine translation: …' lines.",
            examples={
                "flag": [{"text": "Translation by RJ983", "suggestion": ""}, "Translated from Russian by staff"],
                "pass": [
                    "Translation by machine often misses idioms, the researcher said.",
                    "The translation of the treaty was disputed.",
                    "Translated into English, the slogan means 'Glory to Ukraine'.",
                ],
            },
        ),
        "boilerplate.disclaimer": RuleInfo(
            message="Aggregator disclaimer line: delete it",
            category="boilerplate",
            severity=Severity.MINOR,
            description="'Disclaimer: Via RIA Novosti – Checked' and similar lines.",
            examples={
                "flag": [{"text": "Disclaimer: Via RIA Novosti – Checked", "suggestion": ""}, "Disclaimer - this content is automatically generated"],
                "pass": [
                    "The disclaimer on the bottle was in Russian.",
                    "The company issued a disclaimer on Monday.",
                    "Disclaimers are common in such filings.",
                ],
            },
        ),
        "boilerplate.timestamp": RuleInfo(
            message="Publication timestamp from the page: delete it",
            category="boilerplate",
            severity=Severity.MINOR,
            description="A line that is only a time stamp: 'Yesterday, 08:37', '13.09.2022, 14:30', '5 hours ago'.",
            examples={
                "flag": [{"text": "Yesterday, 08:37", "suggestion": ""}, "13.09.2022, 14:30", "5 hours ago"],
                "pass": [
                    "The attack began at 04:30 local time.",
                    "Yesterday, 08:37 was the moment the sirens stopped, he said.",
                    "The meeting starts at 10:00.",
                ],
            },
        ),
        "boilerplate.trailing-line": RuleInfo(
            message="Headline-like line after the end of the article: related links or widgets from the page",
            category="boilerplate",
            severity=Severity.MINOR,
            description="Lines without sentence punctuation that follow the article's last paragraph ('Recent News', "
            "'Editor's Pick', teaser headlines), and a lone section label before the headline ('World').",
            examples={
                "flag": [
                    {
                        "text": "Talks collapse\n\nThe talks collapsed on Monday after five hours, officials said.\n\nRecent News",
                        "suggestion": "",
                    },
                    "World\n\nTalks collapse in Istanbul\n\nThe talks collapsed on Monday after five hours, officials said.",
                ],
                "pass": [
                    "Talks collapse\n\nThe talks collapsed on Monday after five hours, officials said.",
                    "Talks collapse\n\nThe talks collapsed on Monday after five hours.\n\nWhat comes next\n\nMore talks are planned for May, officials said.",
                    "World leaders meet in Rome\n\nThe leaders met on Monday after five hours of talks, officials said.",
                    "Losses\n\nThe command listed the enemy's losses for the day: \"The losses are:\n\ntanks - 1\n\nUAVs - 1,\" the statement reads.",
                    "Warm May\n\nThe rain will stop on Monday, the forecasters said.\n\nEarlier, forecasters warned that in May not\nexpect abnormal weather.",
                    "Shelling in Sumy\n\nRussian troops shelled the border village overnight, the regional administration said.\n\nSource: Zhyvytskyi Dmytro",
                ],
            },
        ),
    }

    def find(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        lines = _lines(text)
        texts = [text[a:b] for a, b in lines]
        facts = {t: self._facts(t) for t in set(texts)}
        rows = [facts[t] for t in texts]
        counts = Counter(key for _, _, key, _ in rows if key is not None)
        claimed: set[int] = set()
        seen: set[str] = set()
        for (a, b), (rule, start, key, _) in zip(lines, rows, strict=True):
            if rule == _YAML:
                claimed.add(a)
            elif rule:
                claimed.add(a)
                yield self.finding(rule, doc, a + start, b, [""])
            elif key is not None:
                if counts[key] > 1 and key in seen:
                    claimed.add(a)
                    yield self.finding("boilerplate.repeated-line", doc, a, b, [""])
                seen.add(key)
        yield from self._edges(doc, lines, [short for *_, short in rows], claimed)

    @classmethod
    def _facts(cls, line: str) -> tuple[str | None, int, str | None, bool]:
        """(rule, start) from _classify (None beyond _MAX_LINE: a body paragraph), the repeat key of a line
        without sentence punctuation (a label, a headline), and whether it is also short (12 words at most)."""
        rule, start = cls._classify(line) if len(line) <= _MAX_LINE else (None, 0)
        if not _unpunctuated(line):
            return rule, start, None, False
        return rule, start, _key(line), count_words(line) <= 12

    @staticmethod
    def _classify(line: str) -> tuple[str | None, int]:
        """(rule id, _YAML or None; offset in line where the finding starts)."""
        rx = _rx()
        low = line.lower()
        if rx.yaml_start.match(line) or _has_yaml_phrase(low):
            return _YAML, 0
        m = _line_kinds().fullmatch(line)
        kind = m.lastgroup if m else None
        # (?i:...reserved) matches ASCII letters only, so "erved" in low is needed for _all_rights to match.
        if kind not in _UP_TO_COPYRIGHT and "erved" in low and _all_rights().fullmatch(line):
            kind = "copyright"
        if kind and (kind in ("copyright", "disclaimer") or not _is_body(line)):
            return f"boilerplate.{_RULE_OF[kind]}", 0
        if "www." in line or "/" in line:
            links = _link_rx()
            src = links.source_link.search(line)
            if src:
                return "boilerplate.source-link", src.start()
            if links.url.search(line) and links.promo_verb.search(line) and count_words(line) <= 25:
                return "boilerplate.share-line", 0
        if line[:1] in "RLFrlf" and rx.read_more.match(line):
            return "boilerplate.share-line", 0
        if "Photo" in line and (tail := rx.photo_tail.search(line)):
            return "boilerplate.photo-credit", tail.start()  # a credit run on after the headline or caption
        return None, 0

    def _edges(self, doc: Document, lines: list[tuple[int, int]], short: list[bool], claimed: set[int]) -> Iterator[Finding]:
        """Section label before the headline; headline-like lines after the last paragraph."""
        text = doc.text

        def body(i: int) -> bool:
            a, b = lines[i]
            return a not in claimed and _is_body(text[a:b])

        first = next((i for i in range(len(lines)) if body(i)), None)
        if first is None:
            return
        last = next(i for i in reversed(range(first, len(lines))) if body(i))
        if len(lines) > 2 and first > 1:
            a, b = lines[0]
            if a not in claimed and text[a:b].strip().casefold() in _SECTIONS:
                yield self.finding("boilerplate.trailing-line", doc, a, b, [""], message="Section label from the page above the headline: delete it")
        for i in range(last + 1, len(lines)):
            a, b = lines[i]
            if a not in claimed and short[i] and not _wrapped(text, lines, i) and not text.startswith("Source:", a):
                yield self.finding("boilerplate.trailing-line", doc, a, b, [""])


def _wrapped(text: str, lines: list[tuple[int, int]], i: int) -> bool:
    """Whether line ``i`` is part of a hard-wrapped paragraph: it or the line before it runs on, after a
    single line break, into a line that starts in lower case."""
    for k in (i, i - 1):
        if 0 <= k < len(lines) - 1:
            gap = text[lines[k][1] : lines[k + 1][0]]
            if gap.count("\n") == 1 and text[lines[k + 1][0]].islower():
                return True
    return False


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line, trimmed of surrounding whitespace."""
    out, pos = [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            a = pos + len(line) - len(line.lstrip())
            out.append((a, a + len(stripped)))
        pos += len(line) + 1
    return out


def _has_yaml_phrase(low: str) -> bool:
    return any(map(low.__contains__, _YAML_PROBES)) and any(map(low.__contains__, _YAML_PHRASES))


def _key(line: str) -> str:
    return " ".join(line.split()).casefold()


def _unpunctuated(line: str) -> bool:
    return len(line) <= 150 and not line.endswith(_TERMINAL) and any(map(str.isalpha, line))


def _is_body(line: str) -> bool:
    """A line of the article: a long sentence, or the end of a quotation with its attribution ('…1," it reads.')."""
    return line.endswith(_TERMINAL) and (len(line) > 150 or count_words(line) >= 8 or _attributed_close(line))


def _attributed_close(line: str) -> bool:
    """A closing quote after punctuation, followed by a few words ('…up to 80," the statement reads.')."""
    for q in ('”', '"', "»"):
        k = line.rfind(q)
        if k > 0 and line[k + 1 : k + 2] == " " and line[k - 1] in ",.!?" and " " in line[k + 2 :]:
            return True
    return False
