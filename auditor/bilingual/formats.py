"""Read bilingual input into one Document with ``source`` and ``alignment`` set.

Translation files (XLIFF 1.2 and 2.0, PO, TMX, Qt TS through translate-toolkit; TSV and JSONL
``{"source", "target"}`` directly) become a Document whose ``text`` is the unit targets joined by
blank lines and whose ``source`` is the unit sources joined the same way; ``alignment.units`` maps
each unit back, so findings can be given in unit offsets (``finding.extra["unit"]``). A plain-text or
Markdown pair (``--source SRC TARGET``) keeps the target file's own offsets.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import regex

from .. import regexcache
from ..document import FORMATS, Document
from ..errors import InputError
from ..segment import Span
from ..segment import paragraphs as _paragraphs
from ..segment import sentences as _sentences
from . import TRANSLATION_FORMATS, is_translation_file

SEPARATOR = "\n\n"
_UK_LETTERS = regexcache.compile(r"[іїєґІЇЄҐ]")
_RU_LETTERS = regexcache.compile(r"[ыэъёЫЭЪЁ]")


@dataclass(frozen=True)
class TransUnit:
    id: str
    source: str
    target: str
    note: str = ""


def source_language(text: str, lang_pair: str = "auto") -> str:
    """'uk' or 'ru': from the language pair when it names one, else from the letters only one alphabet has."""
    head = (lang_pair or "auto").split("-")[0]
    if head in ("ru", "uk"):
        return head
    uk, ru = len(_UK_LETTERS.findall(text)), len(_RU_LETTERS.findall(text))
    return "uk" if uk > ru else "ru"


# --------------------------------------------------------------------------- translation files


def read_units(name: str, data: bytes) -> list[TransUnit]:
    """Units of a translation file, by extension; a malformed file is an InputError (one line)."""
    kind = TRANSLATION_FORMATS.get(Path(name).suffix.lower())
    if kind is None:
        raise InputError(f"{name}: not a translation file (use {', '.join(sorted(TRANSLATION_FORMATS))})")
    if kind == "tsv":
        return _read_tsv(name, _decode(name, data))
    if kind == "jsonl":
        return _read_jsonl(name, _decode(name, data))
    return _read_toolkit(name, kind, data)


def _decode(name: str, data: bytes) -> str:
    from ..inputs import decode

    return decode(data, name)


def _read_tsv(name: str, text: str) -> list[TransUnit]:
    units = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 2:
            raise InputError(f"{name}:{n}: TSV line needs source<TAB>target (optionally id<TAB>source<TAB>target)")
        uid, src, tgt = (cols[0], cols[1], cols[2]) if len(cols) >= 3 else (str(n), cols[0], cols[1])
        units.append(TransUnit(uid, _unescape_tsv(src), _unescape_tsv(tgt)))
    return units


def _unescape_tsv(s: str) -> str:
    return s.replace("\\n", "\n").replace("\\t", "\t")


def _read_jsonl(name: str, text: str) -> list[TransUnit]:
    units = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{name}:{n}: invalid JSON ({exc.msg})") from None
        if not isinstance(obj, dict) or not isinstance(obj.get("source"), str) or not isinstance(obj.get("target", ""), str):
            raise InputError(f"{name}:{n}: each line must be an object with string \"source\" and \"target\"")
        units.append(TransUnit(str(obj.get("id", n)), obj["source"], obj.get("target") or ""))
    return units


def _read_toolkit(name: str, kind: str, data: bytes) -> list[TransUnit]:
    label = {"xliff": "XLIFF", "po": "PO", "tmx": "TMX", "ts": "TS"}[kind]
    try:
        from translate.storage import po, tmx, ts2, xliff, xliff2
    except ImportError:  # pragma: no cover - translate-toolkit is a dependency
        raise InputError(f"{name}: reading {label} needs translate-toolkit (pip install translate-toolkit)") from None
    if not data.strip():
        raise InputError(f"{name}: malformed {label}: empty file")
    try:
        if kind == "xliff":
            head = data[:4096]
            v2 = b"urn:oasis:names:tc:xliff:document:2" in head or regex.search(rb"<xliff[^>]*version=[\"']2", head)
            store = (xliff2.Xliff2File if v2 else xliff.xlifffile).parsestring(data)
        elif kind == "po":
            store = po.pofile.parsestring(data)
        elif kind == "tmx":
            store = tmx.tmxfile.parsestring(data)
        else:
            store = ts2.tsfile.parsestring(data)
    except Exception as exc:  # lxml.etree.XMLSyntaxError, ValueError, PO parse errors …
        msg = " ".join(str(exc).split()) or type(exc).__name__
        raise InputError(f"{name}: malformed {label}: {msg}") from None
    units = []
    for k, unit in enumerate(store.units, 1):
        if unit.isheader():
            continue
        src = _text(unit.source)
        tgt = _tmx_target(unit, store) if kind == "tmx" else _text(unit.target)
        if not src and not tgt:
            continue
        uid = _unit_id(kind, unit, k)
        units.append(TransUnit(uid, src, tgt))
    if kind == "xliff" and not units and b"<xliff" not in data:
        raise InputError(f"{name}: malformed {label}: no <xliff> root element")
    return units


def _unit_id(kind: str, unit, k: int) -> str:
    """The id a translator sees: XLIFF/TS ``id`` attribute, TMX ``tuid``, PO ``msgctxt`` (else msgid)."""
    el = getattr(unit, "xmlelement", None)
    if kind in ("xliff", "ts") and el is not None:
        for node in (el, el.getparent() if kind == "xliff" else None):  # XLIFF 2.0: <segment> inside <unit id>
            if node is not None and node.get("id"):
                return node.get("id")
    if kind == "po":
        ctx = unit.getcontext() if hasattr(unit, "getcontext") else ""
        return ctx or _text(unit.source)
    raw = (unit.getid() or "").strip()
    return raw.split("\x04")[-1] or str(k)


def _text(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "strings"):  # multistring (plurals): the first form
        value = value.strings[0] if value.strings else ""
    return str(value)


def _tmx_target(unit, store) -> str:
    """TMX: the first variant in a language other than the header's source language."""
    src_lang = (store.sourcelanguage or "").lower().split("-")[0]
    for lang in unit.getlanguageNodes() if hasattr(unit, "getlanguageNodes") else []:
        code = (lang.get("{http://www.w3.org/XML/1998/namespace}lang") or lang.get("lang") or "").lower().split("-")[0]
        if code and code != src_lang:
            seg = lang.find(".//seg") if lang.find(".//seg") is not None else None
            if seg is None:
                seg = next((e for e in lang.iter() if e.tag.endswith("seg")), None)
            return "".join(seg.itertext()) if seg is not None else ""
    return _text(unit.target)


def units_document(name: str, units: list[TransUnit], *, lang_pair: str = "auto", date=None, outlet=None) -> Document:
    """One Document for a translation file: joined targets as text, joined sources as source."""
    from .align import Unit

    src_parts, tgt_parts, spans = [], [], []
    s_pos = t_pos = 0
    for u in units:
        src, tgt = _clean(u.source), _clean(u.target)
        spans.append(Unit(u.id, Span(s_pos, s_pos + len(src)), Span(t_pos, t_pos + len(tgt)), u.note))
        src_parts.append(src)
        tgt_parts.append(tgt)
        s_pos += len(src) + len(SEPARATOR)
        t_pos += len(tgt) + len(SEPARATOR)
    target = SEPARATOR.join(tgt_parts)
    source = SEPARATOR.join(src_parts)
    doc = Document.from_string(target, path=name, fmt="bilingual", date=date, outlet=outlet)
    doc.source = source
    doc.source_lang = source_language(source, lang_pair)
    doc.alignment = _align_units(doc, spans)
    return doc


def _clean(text: str) -> str:
    # Kept verbatim so that offsets inside a unit are offsets into the unit's own text.
    return text


def _unit_sentences(text: str, span: Span) -> list[Span]:
    if span.end <= span.start:
        return []
    sents = _sentences(text, [span])
    return sents or [span]


def _align_units(doc: Document, spans) -> object:
    from .align import align_units
    from .anchors import anchor_functions

    src_anchor, tgt_anchor = anchor_functions(doc)
    return align_units(doc.source, doc.text, spans, _unit_sentences, src_anchor=src_anchor, tgt_anchor=tgt_anchor)


# --------------------------------------------------------------------------- text pairs


def pair_document(target: Document, source_raw: str, source_name: str = "", *, lang_pair: str = "auto") -> Document:
    """Attach a plain-text or Markdown source to a loaded target Document and align them."""
    fmt = FORMATS.get(Path(source_name).suffix.lower(), "txt") if source_name else "txt"
    src_doc = Document.from_string(source_raw, path=source_name or "<source>", fmt=fmt if fmt != "html" else "html")
    target.source = src_doc.text
    target.source_lang = source_language(src_doc.text, lang_pair)
    target.alignment = align_pair(target)
    return target


def align_pair(doc: Document):
    """Paragraph-then-sentence alignment of ``doc.source`` with ``doc.text``."""
    from .align import align_document
    from .anchors import anchor_functions

    src = doc.source or ""
    src_paras = _paragraphs(src)
    src_sents = _sentences(src, src_paras)
    src_anchor, tgt_anchor = anchor_functions(doc)
    return align_document(src, src_paras, src_sents, doc.text, doc.paragraphs, doc.sentences,
                          src_anchor=src_anchor, tgt_anchor=tgt_anchor)  # fmt: skip


def alignment_of(doc: Document):
    """The document's alignment, computed (and cached on the document) when only ``source`` was given."""
    if doc.source is None:
        return None
    if doc.alignment is None:
        cached = doc.__dict__.get("_bilingual_alignment")
        if cached is None:
            if doc.source_lang is None:
                doc.__dict__["source_lang"] = source_language(doc.source)
            cached = doc.__dict__["_bilingual_alignment"] = align_pair(doc)
        return cached
    return doc.alignment


def load_bilingual(path: str, data: bytes, *, source: tuple[str, bytes] | None = None, lang_pair: str = "auto",
                   date=None, outlet=None) -> Document:  # fmt: skip
    """A translation file, or a text/Markdown target with its source file's (name, bytes)."""
    if is_translation_file(path):
        return units_document(path, read_units(path, data), lang_pair=lang_pair, date=date, outlet=outlet)
    if source is None:
        raise InputError(f"{path}: a bilingual check needs --source or a translation file")
    from ..inputs import decode

    fmt = FORMATS.get(Path(path).suffix.lower(), "txt")
    target = Document.from_string(decode(data, path), path=path, fmt=fmt, date=date, outlet=outlet)
    return pair_document(target, decode(source[1], source[0]), source[0], lang_pair=lang_pair)
