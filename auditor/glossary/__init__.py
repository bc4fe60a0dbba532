"""Glossary of proper names, titles and roles: model, loader, matcher, transliteration, checks."""
