"""Source-aware checks (``bilingual.*``) live in auditor.bilingual.checks; importing them here lets
detector discovery find them. They report nothing unless the Document has a source text."""

from ..bilingual.checks import (  # noqa: F401
    BilingualNames,
    BilingualNumbers,
    BilingualPreserve,
    BilingualStructure,
    BilingualUntranslated,
)
