"""Findings: the plain data every check produces and every reporter consumes."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum


class Severity(IntEnum):
    """MQM severity levels; ordered so comparisons mean 'at least as severe'."""

    MINOR = 1
    MAJOR = 2
    CRITICAL = 3

    @classmethod
    def parse(cls, value: str | Severity) -> Severity:
        if isinstance(value, Severity):
            return value
        try:
            return cls[str(value).strip().upper()]
        except KeyError:
            choices = ", ".join(s.label for s in cls)
            raise ValueError(f"unknown severity {value!r} (choose from {choices})") from None

    @property
    def label(self) -> str:
        return self.name.lower()


# MQM-aligned categories (MQM core typology: accuracy, fluency, terminology, style,
# locale convention), with the sub-types this domain needs.
CATEGORIES: dict[str, str] = {
    "accuracy/mistranslation": "meaning changed in translation",
    "accuracy/omission": "content of the source is missing",
    "accuracy/addition": "content not present in the source was added",
    "accuracy/untranslated": "source-language text left untranslated",
    "terminology": "wrong term for the domain (military, institutions)",
    "terminology/name": "wrong spelling or transliteration of a proper name",
    "terminology/title": "wrong or non-standard title or role",
    "fluency/calque": "literal rendering of a source-language idiom or construction",
    "fluency/grammar": "agreement, missing verbs, pronoun gender",
    "fluency/punctuation": "quotes, commas, stray periods, spacing",
    "fluency/spelling": "misspelling, doubled words",
    "style": "register and house style",
    "locale-convention": "number, date and unit formats of the source locale",
    "boilerplate": "site furniture copied with the article",
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One reported problem. Offsets are code points into the decoded input file."""

    rule: str
    category: str
    severity: Severity
    start: int
    end: int
    text: str
    message: str
    suggestions: tuple[str, ...] = ()
    source: str = "rules"
    line: int = 0
    column: int = 0
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def located(self, start: int, end: int, text: str, line: int, column: int) -> Finding:
        """The same finding at raw-file offsets (``dataclasses.replace`` is ~10× slower)."""
        return Finding(self.rule, self.category, self.severity, start, end, text, self.message, self.suggestions, self.source, line, column, self.extra)

    def sort_key(self) -> tuple:
        return (self.start, self.end, -self.severity, self.rule)

    def to_dict(self) -> dict:
        data = {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity.label,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "column": self.column,
            "text": self.text,
            "message": self.message,
            "suggestions": list(self.suggestions),
            "source": self.source,
        }
        if self.extra:
            data["extra"] = self.extra
        return data
