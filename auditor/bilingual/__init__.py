"""Bilingual input: source text, alignment, source-aware checks (see docs/bilingual.md).

Modules: align (Gale–Church), formats (translation files and text pairs), numbers (Russian/Ukrainian
number and date parsing), entities (names in the source), checks (``bilingual.*`` detectors),
report (unit offsets, source sentences and metrics in reports). Nothing heavy is imported here.
"""

import os

TRANSLATION_FORMATS = {
    ".xlf": "xliff",
    ".xliff": "xliff",
    ".po": "po",
    ".tmx": "tmx",
    ".ts": "ts",
    ".tsv": "tsv",
    ".jsonl": "jsonl",
}


def is_translation_file(path) -> bool:
    """Whether ``path`` names a translation file (XLIFF, PO, TMX, TS, TSV, JSONL) by its suffix."""
    return os.path.splitext(str(path))[1].lower() in TRANSLATION_FORMATS
