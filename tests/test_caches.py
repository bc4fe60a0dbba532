"""Caches that only make start-up faster: compiled regexes and parsed rule YAML across processes."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
import regex

from auditor import cache, regexcache
from auditor.errors import RuleError
from auditor.rules import yamlio

ROOT = Path(__file__).resolve().parent.parent

PATTERNS = [
    (r"(?<![\w])(?:(\p{L}+)[ \t]+\1(?!-))(?![\w])", regex.V1 | regex.IGNORECASE),
    (r"(?P<verb>said|told)\s+(?P<obj>\p{Lu}\w+)", regex.V1),
    (r"(?m)^[ \t]*Read also:[^\n]*$", regex.V1),
    (r"(?<=(?:^|[.!?]\s+))About\s+this", regex.V1),
]
TEXT = "The the talks.\nRead also: more news\nHe said Kyiv. About this reports TASS. Said Moscow said Moscow."


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(regexcache, "TABLE", cache.Table("regex", "test", limit=5000))
    monkeypatch.setattr(regexcache, "_COMPILED", {})
    return tmp_path


def _behaviour(p) -> tuple:
    return (p.pattern, p.flags, p.groupindex, [(m.span(), m.groups()) for m in p.finditer(TEXT)], p.sub(r"<\g<0>>", TEXT))


@pytest.mark.parametrize("pattern,flags", PATTERNS)
def test_rebuilt_pattern_behaves_like_a_compiled_one(fresh_cache, pattern, flags) -> None:
    first = regexcache.compile(pattern, flags)
    regexcache.TABLE.save()
    regexcache.TABLE.reset()  # as in a new process: only the disk cache is left
    regexcache._COMPILED.clear()
    rebuilt = regexcache.compile(pattern, flags)
    assert rebuilt is not first
    assert (pattern, flags) in regexcache.TABLE.data
    assert _behaviour(rebuilt) == _behaviour(first) == _behaviour(regex.compile(pattern, flags))
    assert rebuilt.finditer(TEXT, timeout=1.0) is not None  # match options still work


def test_a_stale_entry_falls_back_to_compiling(fresh_cache) -> None:
    pattern, flags = PATTERNS[1]
    regexcache.TABLE.data[(pattern, flags)] = ("not", "the", "arguments")
    assert _behaviour(regexcache.compile(pattern, flags)) == _behaviour(regex.compile(pattern, flags))


def test_bad_pattern_still_raises(fresh_cache) -> None:
    with pytest.raises(regex.error):
        regexcache.compile(r"(unclosed", regex.V1)


def test_cache_is_used_by_a_new_process(fresh_cache) -> None:
    code = (
        "import regex; from auditor import regexcache\n"
        "p = regexcache.compile(r'\\bsaid\\b', regex.V1)\n"
        "print(len(regexcache.TABLE.data), len(p.findall('he said, she said')))"
    )
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split() for _ in (1, 2)]
    assert runs[0] == runs[1] and runs[0][1] == "2"
    assert list(fresh_cache.glob("regex-*.pickle"))


def test_yaml_cache_returns_fresh_equal_objects(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(yamlio, "PARSED", cache.Table("yaml", "test", limit=4000))
    path = tmp_path / "r.yml"
    path.write_text("swap:\n  a: b\nlist: [1, 2]\n", encoding="utf-8")
    first = yamlio.read_yaml(path)
    first["swap"]["a"] = "changed"  # a caller mutating its copy must not change the cache
    second = yamlio.read_yaml(path)
    assert second == {"swap": {"a": "b"}, "list": [1, 2]}
    assert pickle.loads(next(iter(yamlio.PARSED.data.values()))) == second


def test_yaml_cache_still_reports_errors_with_lines(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(yamlio, "PARSED", cache.Table("yaml", "test", limit=4000))
    path = tmp_path / "bad.yml"
    path.write_text("a: 1\nb: [unclosed\n", encoding="utf-8")
    with pytest.raises(yamlio.YamlFileError, match=r"bad\.yml:\d+: invalid YAML"):
        yamlio.read_yaml(path)


def test_regex_cache_keeps_the_patterns_in_use(fresh_cache, monkeypatch) -> None:
    monkeypatch.setattr(regexcache.TABLE, "limit", 2)
    regexcache.TABLE.data.update({("old-a", 0): ("x",), ("old-b", 0): ("y",)})
    regexcache.compile(r"new\s+one", regex.V1)
    regexcache.TABLE.save()
    regexcache.TABLE.reset()
    regexcache._COMPILED.clear()
    kept = regexcache.TABLE.data
    assert (r"new\s+one", regex.V1) in kept and len(kept) == 2


def test_one_compiled_object_per_pattern_in_a_process(fresh_cache) -> None:
    pattern, flags = PATTERNS[0]
    assert regexcache.compile(pattern, flags) is regexcache.compile(pattern, flags)


_PROBE = (
    "import gc, sys, cli\n"
    "sys.argv = ['auditor', 'check', '--exit-zero', sys.argv[1]]\n"
    "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
    "print('MODULES', 'yaml' in sys.modules, 'auditor.glossary.tools' in sys.modules, gc.isenabled(), file=sys.stderr)"
)


def test_a_warm_check_neither_parses_yaml_nor_imports_glossary_tooling(tmp_path) -> None:
    """The second run finds rules and glossary in the cache: PyYAML and `auditor glossary`'s
    import/export code stay unloaded, and collections are back on once the check starts."""
    article = tmp_path / "a.txt"
    article.write_text("Russian ruler Vladimir Putin said on Monday that the talks would go on.\n", encoding="utf-8")
    env = {**os.environ, "AUDITOR_CACHE_DIR": str(tmp_path / "cache")}
    runs = [subprocess.run([sys.executable, "-c", _PROBE, str(article)], capture_output=True, text=True, env=env, cwd=ROOT) for _ in (1, 2)]
    first, second = (r.stderr.split("MODULES")[-1].split() for r in runs)
    assert runs[0].stdout == runs[1].stdout and "glossary" in runs[1].stdout  # same findings, cold or warm
    assert first[0] == "True" and second == ["False", "False", "True"]


def test_yaml_cache_key_names_the_installed_parser(monkeypatch) -> None:
    key = yamlio._parser_key()
    assert key.startswith("2-") and key == yamlio._parser_key()
    monkeypatch.setattr(yamlio.importlib.util, "find_spec", lambda name: None)
    assert yamlio._parser_key() == "2"


# -- loaded rules and the glossary's form table, pickled for the next process -------------------
_RULE = """extends: existence
message: "Avoid '%s'"
category: style
severity: minor
tokens: [{word}]
examples:
  flag: ["A {word} here."]
  pass: ["Nothing here."]
"""
_ARTICLE = (
    "Russian ruler Vladimir Putin said the RF would respond. Anthony Blinken arrived in Kiev on Monday, "
    "the ministry said. Armenia brought half the world to his ears."
)


@pytest.fixture
def rule_cache(tmp_path, monkeypatch):
    from auditor.rules import registry

    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "cache"))
    registry.load_rules.cache_clear()
    yield registry
    registry.load_rules.cache_clear()


def _found(rules) -> list[tuple]:
    from auditor.document import Document

    doc = Document.from_string(_ARTICLE)
    return [(f.rule, f.start, f.end, f.message, f.suggestions) for r in rules for f in r.check(doc)]


def test_rules_come_back_from_the_snapshot_unchanged(rule_cache, tmp_path) -> None:
    fresh = rule_cache.load_rules("ru-en", ())
    assert len(list((tmp_path / "cache").glob("rules-*.pickle"))) == 1
    rule_cache.load_rules.cache_clear()  # as in a new process
    again = rule_cache.load_rules("ru-en", ())
    assert again is not fresh and again[0] is not fresh[0]
    assert again == fresh  # every field, spec and examples included
    assert [r.patterns() for r in again] == [r.patterns() for r in fresh]
    assert _found(again) == _found(fresh) and _found(fresh)


def test_the_snapshot_keeps_the_load_order(rule_cache, tmp_path) -> None:
    """Unpickling registers patterns with the Hyperscan gate in pickle order; only the files' load order
    (not the final, sorted one) gives the gate the expression ids its cached database was built with."""
    rule_cache.load_rules("ru-en", ())
    (snapshot,) = (tmp_path / "cache").glob("rules-*.pickle")
    stored = pickle.loads(snapshot.read_bytes())
    files = rule_cache._files_to_load("ru-en", ())
    assert [(rel, rule.id) for rel, rule in stored] == [(rel, rule_id) for _, rel, rule_id in files]
    assert [rule.id for _, rule in stored] != sorted(rule.id for _, rule in stored)  # the order matters here


def test_an_edited_rule_file_is_loaded_again(rule_cache, tmp_path) -> None:
    rules = tmp_path / "house"
    rules.mkdir()
    (rules / "word.yml").write_text(_RULE.format(word="foo"), encoding="utf-8")
    assert any(r.id == "house.word" and r.spec["tokens"] == ["foo"] for r in rule_cache.load_rules("ru-en", (str(rules),)))
    (rules / "word.yml").write_text(_RULE.format(word="bar"), encoding="utf-8")
    rule_cache.load_rules.cache_clear()
    assert any(r.id == "house.word" and r.spec["tokens"] == ["bar"] for r in rule_cache.load_rules("ru-en", (str(rules),)))
    (rules / "word.yml").write_text(_RULE.format(word="bar").replace("existence", "nonsense"), encoding="utf-8")
    rule_cache.load_rules.cache_clear()
    with pytest.raises(RuleError, match=r"word\.yml:1: 'extends' must be one of"):
        rule_cache.load_rules("ru-en", (str(rules),))


def test_a_rule_overridden_by_a_house_rule_stays_overridden_from_the_snapshot(rule_cache, tmp_path) -> None:
    bundled = next(r for r in rule_cache.load_rules("ru-en", ()) if r.id.startswith("ru-en."))
    rel = bundled.id.split(".", 1)[1]
    house = tmp_path / "house"
    (house / Path(*rel.split(".")[:-1])).mkdir(parents=True, exist_ok=True)
    (house / Path(*rel.split("."))).with_suffix(".yml").write_text(_RULE.format(word="foo"), encoding="utf-8")
    first = {r.id for r in rule_cache.load_rules("ru-en", (str(house),))}
    rule_cache.load_rules.cache_clear()
    second = {r.id for r in rule_cache.load_rules("ru-en", (str(house),))}
    assert first == second and f"house.{rel}" in second and bundled.id not in second


def test_a_pickled_pattern_registers_as_the_original_did() -> None:
    """A rule's exceptions stay out of the gate and the literal index after unpickling too."""
    from auditor.rules import prefilter

    def indexed(word: str) -> bool:
        return any(word in w for w in prefilter._AUTOMATON.words)

    kept_out = prefilter.LazyPattern(r"qwertyzzx\s+plonk", regex.V1, register=False)
    copy = pickle.loads(pickle.dumps(kept_out))
    assert copy.hs == kept_out.hs < 0 and not indexed("qwertyzzx")
    assert [m.span() for m in copy.finditer("a qwertyzzx plonk")] == [(2, 17)]
    registered = pickle.loads(pickle.dumps(prefilter.LazyPattern(r"vbnmzzx\s+plonk", regex.V1)))
    assert indexed("vbnmzzx") and registered.info.literals


def test_the_glossary_cache_holds_the_matcher_forms(tmp_path, monkeypatch) -> None:
    from auditor.glossary import loader
    from auditor.glossary.matcher import Matcher

    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path))
    loader.load_glossary.cache_clear()
    try:
        built = loader.load_glossary()
        loader.load_glossary.cache_clear()
        cached = loader.load_glossary()
    finally:
        loader.load_glossary.cache_clear()
    assert cached is not built and set(cached._derived) == {"matcher-forms"}
    entity = next(iter(cached.entities.values()))
    assert any(claim[0] is entity for _, _, claims in cached._derived["matcher-forms"].values() for claim in claims)

    def mentions(glossary) -> list[tuple]:
        return [(m.start, m.end, m.entity.id, m.kind, m.form) for m in Matcher(glossary).mentions(_ARTICLE)]

    assert mentions(cached) == mentions(built) and mentions(built)


def test_old_entries_of_a_kind_are_pruned_the_recently_used_kept(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path))
    cache.store("glossary", "k0", {"n": 0})
    cache.store("regex", "other-kind", {"n": -1})
    for i in range(1, cache.KEEP + 3):
        path = next(tmp_path.glob("glossary-*-k0.pickle"))
        os.utime(path, (1, 1))  # k0 looks old…
        assert cache.load("glossary", "k0") == {"n": 0}  # …until it is used again
        cache.store("glossary", f"k{i}", {"n": i})
        os.utime(next(tmp_path.glob(f"glossary-*-k{i}.pickle")), (1000 * i, 1000 * i))  # older than k0's use
    kept = {p.name.rsplit("-", 1)[1] for p in tmp_path.glob("glossary-*.pickle")}
    assert len(kept) == cache.KEEP and "k0.pickle" in kept and f"k{cache.KEEP + 2}.pickle" in kept
    assert cache.load("regex", "other-kind") == {"n": -1}  # other kinds are left alone
