"""Load glossary YAML files (bundled, then user files that override by id) with file:line errors."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from functools import lru_cache
from pathlib import Path

from .. import cache
from ..errors import AuditorError
from ..rules.yamlio import YamlFileError, line_of, read_text, read_yaml
from .model import Entity, Glossary, PartialDate, Role, WrongForm
from .translit import romanize_ru, russian_renderings

BUNDLED = Path(__file__).resolve().parent.parent.parent / "glossaries"
SCHEMA = BUNDLED / "schema.json"
_BUILDERS = tuple(Path(__file__).parent / name for name in ("loader.py", "model.py", "translit.py", "matcher.py"))


class GlossaryError(AuditorError):
    """An invalid glossary file: ``file:line: problem``."""


def bundled_files(lang: str = "en") -> list[Path]:
    root = BUNDLED / lang
    return sorted(root.rglob("*.yml")) if root.is_dir() else []


def expand_paths(paths: tuple[str, ...]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files = sorted(p.rglob("*.yml")) + sorted(p.rglob("*.yaml"))
            if not files:
                raise GlossaryError(f"{p}: no .yml glossary files in this directory")
            out.extend(files)
        elif p.is_file():
            out.append(p)
        else:
            raise GlossaryError(f"{p}: glossary not found")
    return out


@lru_cache(maxsize=8)
def load_glossary(paths: tuple[str, ...] = (), lang: str = "en", bundled: bool = True) -> Glossary:
    """Bundled glossaries for ``lang`` plus ``paths``; a later entity with the same id replaces an earlier one.

    The parsed, validated glossary is cached on disk keyed by the files' contents.
    """
    files, texts, key = _sources(paths, lang, bundled)
    cached = cache.load("glossary", key)
    if isinstance(cached, Glossary):
        return cached
    glossary = _build(files, texts)
    glossary.fingerprint = key[:16]
    from .matcher import forms_table

    glossary.derived("matcher-forms", forms_table)  # kept in the cached pickle: a cold check skips it
    cache.store("glossary", key, glossary)
    return glossary


def glossary_fingerprint(paths: tuple[str, ...] = (), lang: str = "en", bundled: bool = True) -> str:
    """``load_glossary(...).fingerprint`` without loading the glossary (files are read and hashed only)."""
    return _sources(paths, lang, bundled)[2][:16]


def _sources(paths: tuple[str, ...], lang: str, bundled: bool) -> tuple[list[Path], list[str], str]:
    """The glossary's files, their texts and its cache key (the builders' code and every file's path and text)."""
    files = (bundled_files(lang) if bundled else []) + expand_paths(paths)
    texts = [_read(p) for p in files]
    digest = hashlib.sha256()
    for module in _BUILDERS:  # code that shapes the compiled glossary is part of the key
        digest.update(module.read_bytes())
    for path, text in zip(files, texts, strict=True):
        digest.update(str(path).encode() + b"\0" + text.encode("utf-8") + b"\0")
    return files, texts, digest.hexdigest()[:24]


def _build(files: list[Path], texts: list[str]) -> Glossary:
    glossary = Glossary(files=tuple(map(str, files)))
    prefer: dict[str, str] = {}
    for path, text in zip(files, texts, strict=True):
        data = parse_file(path, text)
        for entity in data["entities"]:
            glossary.entities[entity.id] = entity
        prefer.update(data["prefer"])
    for entity_id, form in prefer.items():
        if entity_id not in glossary.entities:
            raise GlossaryError(f"house_style prefers a form for unknown entity {entity_id!r}")
        glossary.entities[entity_id].preferred = form
    _generate_wrong_forms(glossary)
    return glossary


def _read(path: Path) -> str:
    try:
        return read_text(path)
    except YamlFileError as exc:
        raise GlossaryError(str(exc)) from None


def parse_file(path: Path, text: str) -> dict:
    """Validate one file against the JSON Schema and build its entities."""
    try:
        data = read_yaml(path, text)
    except YamlFileError as exc:
        raise GlossaryError(str(exc)) from None
    problems = schema_problems(data)
    if problems:
        keys, message = problems[0]
        raise GlossaryError(f"{path}:{line_of(text, keys)}: {message}")
    default_source = data.get("source", "")
    entities = []
    for i, raw in enumerate(data["entities"]):
        try:
            entities.append(_entity(raw, default_source, str(path)))
        except ValueError as exc:
            raise GlossaryError(f"{path}:{line_of(text, ('entities', i))}: {exc}") from None
    return {"entities": entities, "prefer": data.get("house_style", {}).get("prefer", {})}


@lru_cache(maxsize=1)
def _validator():
    import jsonschema

    return jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))


def schema_problems(data) -> list[tuple[tuple, str]]:
    """(key path, message) for every schema violation, in document order."""
    errors = sorted(_validator().iter_errors(_jsonable(data)), key=lambda e: [str(p) for p in e.absolute_path])
    return [(tuple(e.absolute_path), _describe(e)) for e in errors]


def _describe(error) -> str:
    where = ".".join(str(p) for p in error.absolute_path) or "file"
    return f"{where}: {error.message}"


def _jsonable(obj):
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, dt.date):
        return obj.isoformat()
    return obj


def _entity(raw: dict, default_source: str, path: str) -> Entity:
    roles = tuple(
        Role(
            title=r["title"],
            org=r.get("org", ""),
            before_name=r.get("before_name", ""),
            start=PartialDate.parse(r.get("from")),
            end=PartialDate.parse(r.get("to")),
        )
        for r in raw.get("roles", [])
    )
    for r in roles:
        if r.start and r.end and r.end.latest < r.start.earliest:
            raise ValueError(f"role {r.title!r} ends ({r.end}) before it starts ({r.start})")
    return Entity(
        id=raw["id"],
        type=raw["type"],
        canonical=raw["canonical"],
        variants=tuple(raw.get("variants", [])),
        wrong=tuple(WrongForm(w["form"], w["reason"]) for w in raw.get("wrong", [])),
        country=raw.get("country", ""),
        source_forms={lang: tuple(forms) for lang, forms in raw.get("source_forms", {}).items()},
        roles=roles,
        pronoun=raw.get("pronoun", ""),
        adjective=raw.get("adjective", ""),
        source=raw.get("source", default_source),
        preferred=raw.get("preferred", ""),
        path=path,
    )


def _russian_g_surname(ru_full_name: str, canonical: str) -> str | None:
    """The surname alone when Russian spelling turns Ukrainian H into G (Galushchenko for Halushchenko).

    Only this unambiguous difference is used for surname-only forms; others (-sky/-skyi) are
    spellings newsrooms print.
    """
    parts, canon = ru_full_name.split(), canonical.split()
    if len(parts) < 2 or len(canon) < 2:
        return None
    russian = romanize_ru(parts[-1])
    if len(russian) < 7 or ("G" not in russian[:1] and "g" not in russian):
        return None  # short forms (Bogdan, Ignat) are also first names
    if russian != canon[-1] and russian.replace("G", "H").replace("g", "h") == canon[-1]:
        return russian
    return None


def _generate_wrong_forms(glossary: Glossary) -> None:
    """Ukrainian citizens spelled by Russian rules (Alexei Danilov) are wrong even when not listed."""
    taken = {f.casefold() for e in glossary.entities.values() for f in e.accepted()}
    for e in glossary.entities.values():
        if not (e.is_person and e.country == "UA"):
            continue
        listed = {w.form.casefold() for w in e.wrong}
        extra = []
        for ru in e.source_forms.get("ru", ())[:1]:
            forms = russian_renderings(ru)
            surname = _russian_g_surname(ru, e.canonical)
            if surname:
                forms.append(surname)
            for form in forms:
                key = form.casefold()
                if key not in taken and key not in listed:
                    listed.add(key)
                    extra.append(WrongForm(form, "Russian transliteration of a Ukrainian name", generated=True))
        if extra:
            e.wrong = e.wrong + tuple(extra)
