"""Glossary tooling behind `auditor glossary …`: lint, find, import and export (CSV, TSV, TBX, YAML)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

from .loader import GlossaryError, _read, bundled_files, expand_paths, parse_file
from .model import Entity, PartialDate, Role, WrongForm

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


# -- lint ---------------------------------------------------------------------------------
def lint(paths: tuple[str, ...] = (), *, bundled: bool = True) -> tuple[list[str], list[str], int]:
    """(errors, warnings, entity count) for the given glossary files (and the bundled ones)."""
    errors: list[str] = []
    warnings: list[str] = []
    entities: dict[str, Entity] = {}
    files = (bundled_files() if bundled else []) + expand_paths(paths)
    for path in files:
        try:
            data = parse_file(path, _read(path))
        except GlossaryError as exc:
            errors.append(str(exc))
            continue
        for e in data["entities"]:
            if e.id in entities:
                errors.append(f"{path}: duplicate id {e.id!r} (also in {entities[e.id].path})")
            entities[e.id] = e
            if not e.source:
                errors.append(f"{path}: {e.id}: no source (give `source:` on the entity or the file)")
    accepted: dict[str, set[str]] = defaultdict(set)
    for e in entities.values():
        for form in e.accepted():
            accepted[form].add(e.id)
    for e in entities.values():
        for w in e.wrong:
            if w.form in e.accepted():
                errors.append(f"{e.path}: {e.id}: {w.form!r} is both accepted and wrong")
            elif w.form in accepted:
                others = ", ".join(sorted(accepted[w.form]))
                errors.append(f"{e.path}: {e.id}: wrong form {w.form!r} is the accepted name of {others}")
        for a, b in _overlapping_roles(e):
            warnings.append(
                f"{e.path}: {e.id}: roles overlap: {a.title} ({a.start}–{a.end or 'now'}) and ({b.start}–{b.end or 'now'})"
            )
    for form, ids in sorted(accepted.items()):
        if len(ids) > 1 and len(form.split()) > 1:
            warnings.append(f"full name {form!r} is accepted for several entities: {', '.join(sorted(ids))}")
    return errors, warnings, len(entities)


def _overlapping_roles(e: Entity):
    roles = sorted((r for r in e.roles if r.start), key=lambda r: r.start.earliest)
    for i, a in enumerate(roles):
        for b in roles[i + 1 :]:
            if a.title == b.title and a.org == b.org and (a.end is None or b.start.latest < a.end.earliest):
                yield a, b


# -- find ----------------------------------------------------------------------------------
def describe(e: Entity, on: dt.date | None = None) -> str:
    lines = [f"{e.canonical}  [{e.id}, {e.type}{', ' + e.country if e.country else ''}]"]
    if e.variants:
        lines.append(f"  accepted: {', '.join(e.variants)}")
    for w in e.wrong:
        lines.append(f"  wrong:    {w.form}  ({w.reason}{', generated' if w.generated else ''})")
    for lang, forms in e.source_forms.items():
        lines.append(f"  {lang}:       {', '.join(forms)}")
    for r in e.roles:
        span = f"{r.start or '?'} – {r.end or 'now'}"
        held = ""
        if on is not None:
            held = "  ← held on " + on.isoformat() if r.surely_held(on) else ("  ← possibly held" if r.possibly_held(on) else "")
        lines.append(f"  role:     {r.phrase} ({r.title}, {r.org}) {span}{held}")
    if on is not None and e.roles:
        current = e.roles_on(on)
        lines.append(f"  on {on.isoformat()}: " + ("; ".join(r.phrase for r in current) if current else "no role held"))
    lines.append(f"  source:   {e.source}")
    lines.append(f"  defined:  {e.path}")
    return "\n".join(lines)


# -- export ----------------------------------------------------------------------------------
COLUMNS = ["id", "type", "canonical", "variants", "wrong", "country", "ru", "uk", "pronoun", "adjective", "roles", "source"]


def _role_text(r: Role) -> str:
    return "|".join([r.title, r.org, r.before_name, str(r.start or ""), str(r.end or "")])


def _role_parse(text: str) -> Role:
    title, org, before, start, end = (text.split("|") + [""] * 5)[:5]
    return Role(
        title=title, org=org, before_name=before, start=PartialDate.parse(start or None), end=PartialDate.parse(end or None)
    )


def to_rows(entities) -> list[dict]:
    rows = []
    for e in entities:
        rows.append(
            {
                "id": e.id,
                "type": e.type,
                "canonical": e.canonical,
                "variants": "; ".join(e.variants),
                "wrong": "; ".join(f"{w.form} | {w.reason}" for w in e.wrong if not w.generated),
                "country": e.country,
                "ru": "; ".join(e.source_forms.get("ru", ())),
                "uk": "; ".join(e.source_forms.get("uk", ())),
                "pronoun": e.pronoun,
                "adjective": e.adjective,
                "roles": " ;; ".join(_role_text(r) for r in e.roles),
                "source": e.source,
            }
        )
    return rows


def export_delimited(entities, delimiter: str) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    writer.writerows(to_rows(entities))
    return buf.getvalue()


def export_tbx(entities) -> str:
    """TBX (ISO 30042, TBX-Basic dialect): one termEntry per entity; roles and reasons as descrip/note."""
    root = ET.Element("tbx", {"type": "TBX-Basic", "style": "dca", XML_LANG: "en", "xmlns": "urn:iso:std:iso:30042:ed-2"})
    header = ET.SubElement(root, "tbxHeader")
    ET.SubElement(ET.SubElement(header, "fileDesc"), "sourceDesc").append(_p("auditor glossary export"))
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for e in entities:
        entry = ET.SubElement(body, "conceptEntry", {"id": e.id})
        _descrip(entry, "subjectField", e.type)
        for kind, value in (("country", e.country), ("pronoun", e.pronoun), ("adjective", e.adjective), ("source", e.source)):
            if value:
                _descrip(entry, kind, value)
        for r in e.roles:
            _descrip(entry, "role", _role_text(r))
        en = ET.SubElement(entry, "langSec", {XML_LANG: "en"})
        _term(en, e.canonical, "preferredTerm-admn-sts")
        for v in e.variants:
            _term(en, v, "admittedTerm-admn-sts")
        for w in e.wrong:
            if not w.generated:
                _term(en, w.form, "deprecatedTerm-admn-sts", note=w.reason)
        for lang, forms in e.source_forms.items():
            sec = ET.SubElement(entry, "langSec", {XML_LANG: lang})
            for f in forms:
                _term(sec, f, "admittedTerm-admn-sts")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _p(text):
    el = ET.Element("p")
    el.text = text
    return el


def _descrip(parent, kind, value):
    el = ET.SubElement(parent, "descrip", {"type": kind})
    el.text = value


def _term(parent, term, status, note=None):
    sec = ET.SubElement(parent, "termSec")
    ET.SubElement(sec, "term").text = term
    ET.SubElement(sec, "termNote", {"type": "administrativeStatus"}).text = status
    if note:
        ET.SubElement(sec, "note").text = note


def export_yaml(entities) -> str:
    import yaml

    out = []
    for e in entities:
        item = {"id": e.id, "type": e.type, "canonical": e.canonical}
        if e.variants:
            item["variants"] = list(e.variants)
        wrong = [{"form": w.form, "reason": w.reason} for w in e.wrong if not w.generated]
        if wrong:
            item["wrong"] = wrong
        for key in ("country", "pronoun", "adjective"):
            if getattr(e, key):
                item[key] = getattr(e, key)
        if e.source_forms:
            item["source_forms"] = {k: list(v) for k, v in e.source_forms.items()}
        if e.roles:
            item["roles"] = [
                {
                    "title": r.title,
                    "org": r.org,
                    "before_name": r.before_name,
                    "from": str(r.start) if r.start else None,
                    "to": str(r.end) if r.end else None,
                }
                for r in e.roles
            ]
        item["source"] = e.source
        out.append(item)
    return yaml.safe_dump({"entities": out}, allow_unicode=True, sort_keys=False, width=120)


# -- import ----------------------------------------------------------------------------------
def import_file(path: Path) -> list[Entity]:
    suffix = path.suffix.lower()
    text = _read(path)
    if suffix in (".csv", ".tsv"):
        return _from_rows(path, text, "," if suffix == ".csv" else "\t")
    if suffix == ".tbx" or text.lstrip().startswith("<?xml"):
        return _from_tbx(path, text)
    raise GlossaryError(f"{path}: import reads .csv, .tsv or .tbx")


def _split(value: str, sep: str = ";") -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split(sep) if v.strip())


def _from_rows(path: Path, text: str, delimiter: str) -> list[Entity]:
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    missing = {"id", "type", "canonical"} - set(reader.fieldnames or ())
    if missing:
        raise GlossaryError(f"{path}:1: missing column(s) {', '.join(sorted(missing))}")
    out = []
    for i, row in enumerate(reader, start=2):
        try:
            wrong = tuple(
                WrongForm(*(p.strip() for p in (w.split("|", 1) + ["imported"])[:2])) for w in _split(row.get("wrong", ""))
            )
            roles = tuple(_role_parse(r.strip()) for r in (row.get("roles") or "").split(";;") if r.strip())
            out.append(
                _validated(
                    path,
                    i,
                    Entity(
                        id=row["id"].strip(),
                        type=row["type"].strip(),
                        canonical=row["canonical"].strip(),
                        variants=_split(row.get("variants", "")),
                        wrong=wrong,
                        country=(row.get("country") or "").strip(),
                        source_forms={lang: _split(row.get(lang, "")) for lang in ("ru", "uk") if _split(row.get(lang, ""))},
                        roles=roles,
                        pronoun=(row.get("pronoun") or "").strip(),
                        adjective=(row.get("adjective") or "").strip(),
                        source=(row.get("source") or "").strip(),
                        path=str(path),
                    ),
                )
            )
        except (ValueError, TypeError) as exc:
            raise GlossaryError(f"{path}:{i}: {exc}") from None
    return out


def _from_tbx(path: Path, text: str) -> list[Entity]:
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise GlossaryError(f"{path}:{exc.position[0]}: invalid TBX/XML: {exc}") from None
    ns = root.tag[: root.tag.index("}") + 1] if root.tag.startswith("{") else ""
    out = []
    entries = root.iter(f"{ns}conceptEntry")
    for entry in list(entries) or list(root.iter(f"{ns}termEntry")):
        descr = defaultdict(list)
        for d in entry.findall(f"{ns}descrip"):
            descr[d.get("type")].append(d.text or "")
        canonical, variants, wrong, source_forms = "", [], [], {}
        for sec in entry.findall(f"{ns}langSec") + entry.findall(f"{ns}langSet"):
            lang = sec.get(XML_LANG, "en")
            for ts in sec.iter(f"{ns}termSec"):
                term = ts.findtext(f"{ns}term") or ""
                status = ts.findtext(f"{ns}termNote") or ""
                if lang != "en":
                    source_forms.setdefault(lang, []).append(term)
                elif status.startswith("preferred"):
                    canonical = term
                elif status.startswith("deprecated"):
                    wrong.append(WrongForm(term, ts.findtext(f"{ns}note") or "deprecated in the imported termbase"))
                else:
                    variants.append(term)

        def first(kind: str, descr=descr) -> str:
            return descr[kind][0] if descr.get(kind) else ""

        try:
            out.append(
                _validated(
                    path,
                    0,
                    Entity(
                        id=entry.get("id", ""),
                        type=first("subjectField") or "org",
                        canonical=canonical,
                        variants=tuple(variants),
                        wrong=tuple(wrong),
                        country=first("country"),
                        source_forms={k: tuple(v) for k, v in source_forms.items()},
                        roles=tuple(_role_parse(r) for r in descr.get("role", [])),
                        pronoun=first("pronoun"),
                        adjective=first("adjective"),
                        source=first("source"),
                        path=str(path),
                    ),
                )
            )
        except ValueError as exc:
            raise GlossaryError(f"{path}: entry {entry.get('id')!r}: {exc}") from None
    return out


def _validated(path: Path, line: int, e: Entity) -> Entity:
    from .model import ENTITY_TYPES

    where = f"{path}:{line}" if line else str(path)
    if not e.id or not e.canonical:
        raise GlossaryError(f"{where}: an entity needs an id and a canonical form")
    if e.type not in ENTITY_TYPES:
        raise GlossaryError(f"{where}: {e.id}: unknown type {e.type!r}")
    return e
