"""Glossary checks (``glossary.*``) live in auditor.glossary; importing them here lets detector
discovery find them without importing the glossary tooling (import/export, lint)."""

from ..glossary.names import GlossaryNames  # noqa: F401
from ..glossary.places import GlossaryPlaces  # noqa: F401
from ..glossary.pronouns import GlossaryPronouns  # noqa: F401
from ..glossary.spellings import GlossarySpellings  # noqa: F401
from ..glossary.titles import GlossaryTitles  # noqa: F401
