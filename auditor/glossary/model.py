"""Glossary data: entities, dated roles and partial dates."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

ENTITY_TYPES = ("person", "country", "region", "city", "org", "outlet", "military-operation", "event")
NON_PERSON = frozenset(ENTITY_TYPES) - {"person"}


@dataclass(frozen=True)
class PartialDate:
    """A date known to the day, month or year; compared by its earliest or latest day."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value) -> PartialDate | None:
        if value is None or value == "":
            return None
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, int):
            return cls(value)
        parts = str(value).strip().split("-")
        if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
            raise ValueError(f"{value!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
        nums = [int(p) for p in parts]
        if len(nums) == 3:
            dt.date(*nums)  # validates
        elif len(nums) == 2 and not 1 <= nums[1] <= 12:
            raise ValueError(f"{value!r} has no month {nums[1]}")
        return cls(*nums)

    @property
    def earliest(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> dt.date:
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        return "-".join(f"{n:02d}" if i else str(n) for i, n in enumerate(x for x in (self.year, self.month, self.day) if x))


@dataclass(frozen=True)
class Role:
    title: str
    org: str = ""
    before_name: str = ""
    start: PartialDate | None = None
    end: PartialDate | None = None

    def surely_held(self, on: dt.date) -> bool:
        """The role was certainly held on this date."""
        started = self.start is None or self.start.latest <= on
        return started and (self.end is None or self.end.earliest > on)

    def possibly_held(self, on: dt.date) -> bool:
        started = self.start is None or self.start.earliest <= on
        return started and (self.end is None or self.end.latest >= on)

    def surely_over(self, on: dt.date) -> bool:
        """The role had certainly ended by this date."""
        return self.end is not None and self.end.latest < on

    @property
    def phrase(self) -> str:
        return self.before_name or self.title


@dataclass(frozen=True)
class WrongForm:
    form: str
    reason: str
    generated: bool = False


@dataclass
class Entity:
    id: str
    type: str
    canonical: str
    variants: tuple[str, ...] = ()
    wrong: tuple[WrongForm, ...] = ()
    country: str = ""
    source_forms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    roles: tuple[Role, ...] = ()
    pronoun: str = ""
    adjective: str = ""
    source: str = ""
    preferred: str = ""  # house style: when set, other accepted variants are reported
    path: str = ""
    line: int = 0

    @property
    def is_person(self) -> bool:
        return self.type == "person"

    def roles_on(self, on: dt.date) -> list[Role]:
        return [r for r in self.roles if r.surely_held(on)]

    def accepted(self) -> tuple[str, ...]:
        return (self.canonical, *self.variants)


KEPT_ON_DISK = frozenset({"matcher-forms"})  # derived data pickled with the glossary (see loader.py)


@dataclass
class Glossary:
    entities: dict[str, Entity] = field(default_factory=dict)
    files: tuple[str, ...] = ()
    fingerprint: str = ""
    _derived: dict = field(default_factory=dict, repr=False, compare=False)

    def derived(self, key: str, build):
        """Data computed from this glossary once (automaton, indexes), kept with it."""
        value = self._derived.get(key)
        if value is None:
            value = self._derived[key] = build(self)
        return value

    def __getstate__(self):
        state = dict(self.__dict__)
        # Only data worth its pickling is cached on disk with the glossary; the rest is rebuilt on demand.
        state["_derived"] = {k: v for k, v in self._derived.items() if k in KEPT_ON_DISK}
        return state

    def __len__(self) -> int:
        return len(self.entities)

    def find(self, name: str) -> list[Entity]:
        """Entities whose id or any form equals ``name`` (case-insensitive)."""
        key = name.casefold().strip()
        out = []
        for e in self.entities.values():
            forms = [e.id, *e.accepted(), *(w.form for w in e.wrong), *(f for fs in e.source_forms.values() for f in fs)]
            if any(f.casefold() == key for f in forms):
                out.append(e)
        return out
