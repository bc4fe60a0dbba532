"""Bilingual input: source text, alignment, source-aware checks (see docs/bilingual.md).

Modules: align (Gale–Church), formats (translation files and text pairs), numbers (Russian/Ukrainian
number and date parsing), entities (names in the source), checks (``bilingual.*`` detectors),
report (unit offsets, source sentences and metrics in reports). Nothing heavy is imported here.
"""
