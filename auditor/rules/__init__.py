"""Rule engine: YAML rule packs of a few fixed types."""
