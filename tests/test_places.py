"""Ukrainian settlements spelled from their Russian names (glossary.place.russian-form) and the gazetteer."""

import json
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.document import Document
from auditor.engine import Options
from auditor.glossary.places import GAZETTEER, GlossaryPlaces, gazetteer, skeleton, variant_key


def found(text: str) -> list[tuple[str, tuple[str, ...]]]:
    doc = Document.from_string(text)
    return [(f.text, f.suggestions) for f in GlossaryPlaces(Options()).find(doc)]


@pytest.mark.parametrize(
    "russian, ukrainian",
    [
        ("Masyutovka", "Masiutivka"),
        ("Krasnogorovka", "Krasnohorivka"),
        ("Kurakhovo", "Kurakhove"),
        ("Nikolayevka", "Mykolaivka"),
        ("Aleksandrovka", "Oleksandrivka"),
        ("Vasilyevka", "Vasylivka"),
        ("Shirokaya Balka", "Shyroka Balka"),
        ("Krasny Liman", "Krasnyi Lyman"),
        ("Novoye", "Nove"),
        ("Peski", "Pisky"),
        ("Opytnoye", "Opytne"),
        ("Alexandropol", "Oleksandropil"),
        ("Ivanovske", "Ivanivske"),
    ],
)
def test_both_romanizations_share_a_key(russian, ukrainian):
    assert skeleton(russian) == skeleton(ukrainian)


def test_adjective_genders_keep_apart():
    assert skeleton("Zaluzhnyi") != skeleton("Zaluzhne")
    assert skeleton("Pivdennyi") != skeleton("Pivdenne")


def test_an_adjective_does_not_end_a_name_early():
    assert found("The villages of Novaya Sorochina and Tetkino were hit.") == []  # not "Novaya" → Nova


def test_ukrainian_variants_are_not_russian_forms():
    assert variant_key("Kupyansk") == variant_key("Kupiansk")
    assert variant_key("Makiyivka") == variant_key("Makiivka")
    assert variant_key("Sinkovka") != variant_key("Synkivka")


def test_lookup():
    g = gazetteer()
    assert g.lookup("Masiutivka") == ()  # official
    assert g.lookup("Masyutovka") == ("Masiutivka",)
    assert g.lookup("Kupyansk") == ()  # an older Ukrainian romanization, not a Russian form
    assert set(g.lookup("Sinkovka")) >= {"Synkivka"}


def test_gazetteer_file_is_well_formed():
    lines = GAZETTEER.read_text(encoding="utf-8").splitlines()
    header = [line for line in lines if line.startswith("#")]
    assert any("KATOTTH" in line for line in header) and any("https://" in line for line in header)
    rows = [line.split("\t") for line in lines if line and not line.startswith("#")]
    assert len(rows) > 15_000
    names = [r[0] for r in rows]
    assert len(names) == len(set(names))
    assert all(len(r) == 3 and r[0] and r[1] and r[2] for r in rows)
    assert all(not any("\u0400" <= ch <= "\u04ff" for ch in r[0]) for r in rows)  # romanized
    assert {"Kyiv", "Kharkiv", "Avdiivka", "Robotyne", "Synkivka"} <= set(names)


@pytest.mark.parametrize(
    "text, span, suggestion",
    [
        ("Russian troops shelled Masyutovka overnight.", "Masyutovka", "Masiutivka"),
        ("Fighting continues near Shirokaya Balka.", "Shirokaya Balka", "Shyroka Balka"),
        ("The villages of Burgunka and Tyaginka were shelled.", "Burgunka", "Burhunka"),
        ("Kherson, Beryslav, Novoberislav and Bilozerka came under fire.", "Novoberislav", "Novoberyslav"),
        ("Vodyanoye was hit again on Monday.", "Vodyanoye", "Vodiane"),
        ("Enemy attacks near Bilogorivka were repelled.", "Bilogorivka", "Bilohorivka"),
        ("Grads hit Alexandropol at night.", "Alexandropol", "Oleksandropil"),
        ("Shelling hit the Nelipovka Toretsk community.", "Nelipovka", "Nelipivka"),
        ("Troops advanced near Ivanovske.", "Ivanovske", "Ivanivske"),
    ],
)
def test_flags_russian_based_spellings(text, span, suggestion):
    hits = found(text)
    assert any(t == span and suggestion in s for t, s in hits), hits


@pytest.mark.parametrize(
    "text",
    [
        "Russian troops shelled Masiutivka overnight.",
        "Residents of Kupyansk and Slovyansk were evacuated.",
        "Drones hit Glushkovo and Tetkino in the Kursk region.",
        "Ivan Pavlov met reporters near Kyiv.",
        "Leaders from Kyiv, Warsaw, Berlin and Paris met in Vilnius.",
        "General Zaluzhnyi visited Odesa, Kherson and Mykolaiv.",
        "She studied in Nizhny Novgorod, Moscow and Kazan.",
        "The company Novo Nordisk and Toyota reported profits.",
        "Explosions were heard in Kiev.",  # the glossary reports Kiev, not this check
    ],
)
def test_passes_official_variant_and_foreign_names(text):
    assert found(text) == []


def test_lists_need_two_official_names():
    assert found("Parys, Berlyn and Step are names.") == []  # not Ukrainian settlements in context
    hits = found("Shelling hit Kherson, Beryslav, Shiroka Balka and Sofiivka.")
    assert [t for t, _ in hits] == ["Shiroka Balka"]


def test_message_names_the_oblast():
    doc = Document.from_string("Russian troops shelled Masyutovka overnight.")
    (f,) = list(GlossaryPlaces(Options()).find(doc))
    assert "Kharkiv Oblast" in f.message and f.rule == "glossary.place.russian-form"


_words = st.sampled_from(
    ["Masyutovka", "Kyiv", "near", "village of", ",", " and ", "Shirokaya", "Balka", "the", "Novoye", "Kursk", "ß", "İ", ".", "\n"]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_words, max_size=25).map(" ".join))
def test_findings_are_well_formed_on_any_text(text):
    g = gazetteer()
    doc = Document.from_string(text)
    for f in GlossaryPlaces(Options()).find(doc):
        assert doc.text[f.start : f.end] == f.text
        assert f.suggestions and all(s in g.official for s in f.suggestions)
        assert f.text not in g.official


def test_cli_reports_the_place(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Russian troops shelled Masyutovka and Krasnogorovka overnight, the General Staff said.\n")
    out = subprocess.run(
        [sys.executable, "-m", "auditor", "check", "--format", "json", "--fail-on", "minor", "--rules", "glossary.place", str(path)],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 1, out.stderr
    findings = json.loads(out.stdout)["files"][0]["findings"]
    assert [(f["text"], f["suggestions"][0]) for f in findings] == [
        ("Masyutovka", "Masiutivka"),
        ("Krasnogorovka", "Krasnohorivka"),
    ]


def test_candidates_in_an_oblast_the_article_names_come_first():
    (hit,) = found("Kharkiv region: the enemy shelled Sinkovka and the outskirts.")
    assert hit[0] == "Sinkovka" and hit[1][0] == "Synkivka"
