"""Glossary: loading and validation, matching, dated roles, checks, house glossaries, CLI tooling."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from auditor import audit
from auditor.glossary.loader import GlossaryError, load_glossary, parse_file
from auditor.glossary.matcher import WRONG, Matcher
from auditor.glossary.model import PartialDate, Role
from auditor.glossary.tools import export_tbx, import_file, lint
from auditor.glossary.translit import romanize_ru, romanize_uk, russian_renderings
from cli import app
from tests.conftest import write

runner = CliRunner()
G = load_glossary()


def rules_of(text, **kw):
    return [(f.rule, f.text, f.suggestions[:1]) for f in audit(text, **kw).findings if f.rule.startswith("glossary")]


def test_bundled_glossary_size_and_sources():
    assert len(G) >= 400
    assert all(e.source for e in G.entities.values())
    errors, _, count = lint()
    assert errors == [] and count == len(G)


@pytest.mark.parametrize(
    ("uk", "latin"),
    [
        ("Олексій Данілов", "Oleksii Danilov"),
        ("Згурівка", "Zghurivka"),
        ("Єнакієве", "Yenakiieve"),
        ("Київ", "Kyiv"),
        ("Запоріжжя", "Zaporizhzhia"),
        ("Юрій", "Yurii"),
        ("Короп'є", "Koropie"),
        ("Ядухівка", "Yadukhivka"),
    ],
)
def test_ukrainian_national_romanization(uk, latin):
    assert romanize_uk(uk) == latin


@pytest.mark.parametrize(
    ("ru", "latin"),
    [("Сергей Лавров", "Sergey Lavrov"), ("Юрий Ёлкин", "Yury Yolkin"), ("Дмитрий", "Dmitry"), ("Подъезд", "Podyezd")],
)
def test_russian_bgn_romanization(ru, latin):
    assert romanize_ru(ru) == latin


def test_russian_renderings_of_a_ukrainian_name():
    assert "Alexei Danilov" in russian_renderings("Алексей Данилов")


def test_partial_dates_and_roles():
    r = Role("President", start=PartialDate.parse("2019"), end=PartialDate.parse("2024-05"))
    assert r.possibly_held(dt.date(2019, 1, 1)) and not r.surely_held(dt.date(2019, 6, 1))
    assert r.surely_held(dt.date(2020, 6, 1))
    assert r.possibly_held(dt.date(2024, 5, 31)) and r.surely_over(dt.date(2024, 6, 1))
    with pytest.raises(ValueError):
        PartialDate.parse("2024-13")


def test_matcher_prefers_longest_whole_word():
    found = Matcher(G).mentions("Kievan Rus. Volodymyr Zelenskyy met Zelenskyy's aides in Kiev-based offices.")
    forms = [(m.form, m.kind) for m in found]
    assert ("Volodymyr Zelenskyy", "canonical") in forms and ("Kiev", WRONG) in forms
    assert not any(f == "Kiev" and m.start == 0 for (f, _), m in zip(forms, found, strict=True))


def test_dated_roles_across_a_role_change():
    text = "Foreign Minister Dmytro Kuleba met his counterpart."
    assert rules_of("---\ndate: 2022-09-13\n---\n" + text) == []
    former = rules_of("---\ndate: 2025-01-10\n---\n" + text)
    assert former == [("glossary.title.former", "Foreign Minister Dmytro Kuleba", ("Former Foreign Minister Dmytro Kuleba",))]
    # --date gives the date of files without front matter
    assert rules_of(text, date="2025-01-10")[0][0] == "glossary.title.former"
    assert rules_of(text, date="2021-01-10") == []


def test_title_suggestion_follows_the_article_date():
    text = "Pashinyan called Russian ruler Vladimir Putin."
    assert rules_of(text, date="2010-03-01")[0][2] == ("Russian Prime Minister Vladimir Putin",)
    assert rules_of(text, date="2022-09-13")[0][2] == ("Russian President Vladimir Putin",)


def test_house_glossary_overrides_the_bundled_one(tmp_path):
    house = write(
        tmp_path,
        "house.yml",
        """
source: newsroom style book
entities:
  - id: us-blinken-antony
    type: person
    canonical: Tony Blinken
    variants: [Blinken]
    wrong:
      - {form: Antony Blinken, reason: our house uses Tony}
house_style:
  prefer:
    ua-zelenskyy-volodymyr: Volodymyr Zelenskyy
""",
    )
    found = rules_of("Antony Blinken met Volodymyr Zelensky.", glossaries=[str(house)])
    assert ("glossary.name.wrong", "Antony Blinken", ("Tony Blinken",)) in found
    assert ("glossary.name.house-style", "Volodymyr Zelensky", ("Volodymyr Zelenskyy",)) in found
    assert rules_of("Antony Blinken met Volodymyr Zelensky.") == []


def test_invalid_glossary_file_reports_file_and_line(tmp_path):
    bad = write(
        tmp_path,
        "bad.yml",
        "source: x\nentities:\n  - id: ok-one\n    type: person\n    canonical: A B\n  - id: Bad Id\n    type: person\n    canonical: C\n",
    )
    with pytest.raises(GlossaryError, match=r"bad\.yml:6: entities\.1\.id"):
        parse_file(bad, bad.read_text())
    r = runner.invoke(app, ["check", "-", "--glossary", str(bad)], input="Text.\n")
    assert r.exit_code == 2 and "bad.yml:6" in r.output
    r = runner.invoke(app, ["glossary", "lint", str(bad)])
    assert r.exit_code == 2 and "bad.yml:6" in r.output


def test_role_ending_before_it_starts_is_an_error(tmp_path):
    bad = write(
        tmp_path,
        "bad.yml",
        "source: x\nentities:\n  - id: p\n    type: person\n    canonical: A B\n    roles:\n"
        "      - {title: Minister, from: 2020-01-01, to: 2019-01-01}\n",
    )
    with pytest.raises(GlossaryError, match="ends .* before it starts"):
        parse_file(bad, bad.read_text())


def test_lint_reports_conflicts(tmp_path):
    g = write(
        tmp_path,
        "g.yml",
        "entities:\n  - id: x-one\n    type: person\n    canonical: Antony Blinken\n    source: s\n"
        "  - id: x-two\n    type: city\n    canonical: Nowhere\n    wrong: [{form: Nowhere, reason: r}]\n",
    )
    errors, _, _ = lint((str(g),), bundled=False)
    assert any("no source" in e for e in errors) and any("both accepted and wrong" in e for e in errors)


def test_tbx_round_trip(tmp_path):
    entities = [
        G.entities[i] for i in ("ua-danilov-oleksiy", "us-blinken-antony", "place-ua-kyiv", "org-csto") if i in G.entities
    ]
    assert len(entities) >= 3
    path = write(tmp_path, "g.tbx", export_tbx(entities))
    back = {e.id: e for e in import_file(path)}
    for e in entities:
        b = back[e.id]
        assert (b.canonical, b.variants, b.type, b.country, b.source) == (e.canonical, e.variants, e.type, e.country, e.source)
        assert [(w.form, w.reason) for w in b.wrong] == [(w.form, w.reason) for w in e.wrong if not w.generated]
        assert b.source_forms == e.source_forms and b.roles == e.roles


def test_csv_import_export_cli(tmp_path):
    out = tmp_path / "all.csv"
    assert runner.invoke(app, ["glossary", "export", "--format", "csv", "--out", str(out)]).exit_code == 0
    imported = tmp_path / "imported.yml"
    r = runner.invoke(app, ["glossary", "import", str(out), "--out", str(imported)])
    assert r.exit_code == 0, r.output
    assert len(load_glossary((str(imported),), bundled=False)) == len(G)


def test_glossary_find_cli():
    r = runner.invoke(app, ["glossary", "find", "Алексей Данилов", "--date", "2022-09-13"])
    assert r.exit_code == 0 and "Oleksiy Danilov" in r.output and "on 2022-09-13: NSDC Secretary" in r.output
    assert runner.invoke(app, ["glossary", "find", "Nobody Atall"]).exit_code == 2


def test_check_json_carries_glossary_findings():
    r = runner.invoke(app, ["check", "-", "-f", "json"], input="US Secretary of State Anthony Blinken arrived.\n")
    f = json.loads(r.stdout)["files"][0]["findings"]
    assert [(x["rule"], x["suggestions"][0]) for x in f] == [("glossary.name.wrong", "Antony Blinken")]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The Moldavian government met on Monday.", [("glossary.name.wrong", "Moldavian", ("Moldovan",))]),
        ("The talks were held in Alma-Ata.", [("glossary.name.wrong", "Alma-Ata", ("Almaty",))]),
        ("Yerevan insists on upholding the 1991 Alma-Ata Declaration.", []),
        ("In 1990 the congress proclaimed the Pridnestrovian Moldavian Republic.", []),
        ("Shakhtar played at the Donbass Arena in Donetsk.", []),
        ("Dinamo Kiev lost to Shakhtar.", [("glossary.name.wrong", "Dinamo Kiev", ("Dynamo Kyiv",))]),
    ],
)
def test_historical_names_keep_their_wording(text, expected):
    assert [r for r in rules_of(text) if r[0] == "glossary.name.wrong"] == expected


names = st.sampled_from([e.canonical for e in G.entities.values()][:300])


@settings(max_examples=100, deadline=None)
@given(names, st.sampled_from(["{} said.", "On Monday {} met officials.", "“Yes,” {} said."]))
def test_canonical_names_are_never_flagged_as_wrong(name, template):
    assert not [r for r in rules_of(template.format(name)) if r[0] == "glossary.name.wrong"]


@pytest.mark.parametrize(
    "sentence",
    [
        "‘People remember 2014 and 2015,’ said Iryna, a 45-year-old accountant in Kyiv who has moved part of her savings.",
        "Alexievich won the prize. Voices from Chernobyl, published in English in 2005, is perhaps her best-known work.",
        "Sweden’s Loreen won the contest in Liverpool, eleven years after her victory in Baku.",
        "Zhadan was born in Starobilsk in the Luhansk region. His novels are set in the east of the country.",
        "Rybakina switched to represent Kazakhstan in 2018, when its federation offered her support.",
        "Tetiana left for the Ukrainian-controlled side in July and still speaks to her neighbours by phone.",
    ],
)
def test_pronouns_referring_to_people_are_not_flagged(sentence):
    assert not [r for r in rules_of(sentence) if r[0] == "glossary.pronoun"]


def test_wrong_title_patterns_can_be_joined_into_one_gate():
    """titles._any_wrong_title joins the patterns with |: backreferences or group names would break that."""
    import regex

    from auditor.glossary.titles import _any_wrong_title, wrong_titles

    for pattern, *_ in wrong_titles():
        assert not regex.search(r"\\[1-9]|\\g<|\(\?P?<[A-Za-z]|\(\?P[=>]", pattern.pattern), pattern.pattern
    for run in ["the Russian ruler", "head of the Kremlin", "chief advisor", "head of the State Department", "the minister"]:
        assert bool(_any_wrong_title().search(run)) == any(p.search(run) for p, *_ in wrong_titles())


def test_spokesperson_title_calques():
    """'official representative of the Foreign Ministry' before a spokesperson's name becomes the title English
    news uses; 'Press Secretary of the President' is Peskov's official title and is left alone."""
    text = "The official representative of the Russian Foreign Ministry Maria Zakharova said so."
    assert rules_of(text, date="2022-05-01") == [
        (
            "glossary.title.nonstandard",
            "The official representative of the Russian Foreign Ministry Maria Zakharova",
            ("Russian Foreign Ministry spokeswoman Maria Zakharova",),
        )
    ]
    text = "Press Secretary of the President of Russia Dmitry Peskov went into self-isolation."
    assert rules_of(text, date="2020-03-29") == []
    assert rules_of("Kremlin spokesman Dmitry Peskov said so.", date="2020-03-29") == []


@pytest.mark.parametrize(
    "text, date, span, suggestion",
    [
        (
            "On Wednesday, the Prime Minister of Armenia Nikol Pashinyan said the attack was repelled.",
            "2022-09-28",
            "the Prime Minister of Armenia Nikol Pashinyan",
            "Armenian Prime Minister Nikol Pashinyan",
        ),
        ("In December the President of Moldova Igor Dodon said so.", "2019-12-28", "the President of Moldova Igor Dodon", "Moldovan President Igor Dodon"),
        ("Earlier the leader of Turkey Recep Tayyip Erdogan stated that.", "2016-12-24", "the leader of Turkey Recep Tayyip Erdogan", None),
        ("The president of the USA Joe Biden held talks.", "2022-05-01", "The president of the USA Joe Biden", "US President Joe Biden"),
        ("Then the chancellor of Germany Olaf Scholz spoke.", "2023-03-01", "the chancellor of Germany Olaf Scholz", "German Chancellor Olaf Scholz"),
    ],
)
def test_russian_word_order_titles(text, date, span, suggestion):
    """'the Prime Minister of Armenia Nikol Pashinyan' (title, country, name) becomes the title English puts first."""
    hits = [h for h in rules_of(text, date=date) if h[0] == "glossary.title.nonstandard"]
    assert [h[1] for h in hits] == [span]
    if suggestion:
        assert hits[0][2] == (suggestion,)


@pytest.mark.parametrize(
    "text",
    [
        "The President of Russia, Vladimir Putin, arrived in Minsk.",
        "Press Secretary of the President of Russia Dmitry Peskov declined to comment.",
        "Aide to the President of Russia Yuri Ushakov said so.",
        "The head of the OVA Vitaliy Kim said so.",  # an office's abbreviation, not a country: left to its own rule
    ],
)
def test_word_order_titles_pass(text):
    assert [h for h in rules_of(text, date="2022-05-01") if h[0] == "glossary.title.nonstandard"] == []


def test_title_fix_keeps_an_opening_phrase():
    """The title run stops at an inner comma, so the fix does not delete 'On Wednesday,'."""
    hits = rules_of("On Wednesday, Russian ruler Vladimir Putin said so.", date="2022-05-01")
    assert [(h[1], h[2]) for h in hits] == [("Russian ruler Vladimir Putin", ("Russian President Vladimir Putin",))]


def test_word_order_title_needs_the_article():
    """Without 'the' it is the official style an annotator accepts ('Prime Minister of Armenia Nikol Pashinyan')."""
    assert rules_of("In particular, Prime Minister of Armenia Nikol Pashinyan made a statement.", date="2020-09-27") == []


def test_capitalised_dateline_place_names():
    """'KIEV, June 1' in a dateline is the Russian form in capitals; the fix keeps the capitals."""
    hits = rules_of("KIEV, June 1 (UNN). The talks ended in KYIV and Kyiv.", date="2022-06-01")
    assert [(h[0], h[1], h[2]) for h in hits] == [("glossary.name.wrong", "KIEV", ("KYIV",))]


@pytest.mark.parametrize("form, fix", [("OON", "UN"), ("MAGATE", "IAEA"), ("KNDR", "DPRK"), ("Cabmin", "Cabinet of Ministers of Ukraine"),
                                       ("Sankt-Peterburg", "St Petersburg"), ("Shmygal", "Shmyhal")])
def test_a_wrong_form_gets_a_whole_name_or_abbreviation(form, fix):
    """An organisation's or place's one-word wrong form is never 'fixed' to the last word of its name
    (Cabmin → 'Ukraine', OON → 'Nations'): an abbreviation gets the English one, the rest the full name."""
    hits = [h for h in rules_of(f"On Monday the {form} said so.", date="2022-06-01") if h[0] == "glossary.name.wrong"]
    assert [(h[1], h[2][0]) for h in hits] == [(form, fix)]


def test_every_wrong_form_suggests_an_accepted_rendering():
    """For every entity in the bundled glossary: the suggestion for each listed wrong form is one of its
    accepted forms (in capitals for a place written in capitals), its adjective, or for a person the canonical surname."""
    from auditor.glossary.names import _fix_for_wrong

    for e in G.entities.values():
        accepted = set(e.accepted())
        surnames = {a.split()[-1] for a in accepted} if e.is_person else set()
        for w in e.wrong:
            fix = _fix_for_wrong(e, w.form)
            assert (
                fix in accepted or fix in surnames or fix == e.adjective or (w.form.isupper() and fix in {a.upper() for a in accepted})
            ), (e.id, w.form, fix)


def test_tokaev_and_zaporizhzhya():
    hits = rules_of("Tokaev spoke about the Zaporizhzhya region.", date="2022-06-01")
    assert [(h[1], h[2]) for h in hits] == [("Tokaev", ("Tokayev",)), ("Zaporizhzhya", ("Zaporizhzhia",))]


@pytest.mark.parametrize(
    "text, fix",
    [
        ("In Kyiv, Evgenia Sokolenko said so.", "Yevheniia Sokolenko"),
        ("Olga Pohylyak of the Ternopil city council said so.", "Olha Pohylyak"),
        ("Maxim Kovalchuk said so in Lviv.", "Maksym Kovalchuk"),
    ],
)
def test_russian_first_names_of_ukrainian_surnames(text, fix):
    hits = [h for h in rules_of(text, date="2022-06-01") if h[0] == "glossary.name.unknown"]
    assert [h[2] for h in hits] == [(fix,)]


@pytest.mark.parametrize(
    "text",
    [
        "Maxim Kovalchuk said so.",  # nothing tells where
        "Russian banker Yuri Kovalchuk met Vladimir Putin in Moscow.",
        "Yuri Kovalchuk, Putin's banker, was sanctioned over the war in Ukraine; Moscow and the Kremlin objected.",
    ],
)
def test_a_ukrainian_looking_surname_is_not_questioned_outside_a_ukrainian_article(text):
    assert [h for h in rules_of(text, date="2022-06-01") if h[0] == "glossary.name.unknown"] == []


def test_russian_names_with_other_endings_are_left_alone():
    assert rules_of("Mikhail Murashko and Dmitry Kozak spoke.", date="2022-06-01") == []


@pytest.mark.parametrize(
    "a, b",
    [("Humenyuk", "Gumenyuk"), ("Tatiana", "Tatyana"), ("Tokayev", "Tokaev"), ("Zhyvytskyi", "Zhyvytsky"),
     ("Makiivka", "Makiyivka"), ("Mykolaiv", "Mykolayiv"), ("Groysman", "Groisman")],
)
def test_romanisations_of_one_name_share_a_spelling_key(a, b):
    from auditor.glossary.spellings import spelling_key

    assert spelling_key(a) == spelling_key(b)


@pytest.mark.parametrize("a, b", [("Russia", "Russians"), ("Europe", "European"), ("Rustaveli", "Rustavi"), ("Defence", "Defense")])
def test_different_words_keep_different_spelling_keys(a, b):
    from auditor.glossary.spellings import spelling_key

    assert spelling_key(a) != spelling_key(b)


def test_a_name_spelled_two_ways_flags_the_rarer_spelling():
    text = (
        "Tatyana Navka said she was at home.\n\nTatiana Navka added that the family was well.\n\n"
        "Later Tatyana Navka thanked the doctors."
    )
    hits = [h for h in rules_of(text) if h[0] == "glossary.name.two-spellings"]
    assert hits == [("glossary.name.two-spellings", "Tatiana", ("Tatyana",))]


def test_two_spellings_of_a_glossary_name_are_left_to_the_glossary():
    text = "Prime Minister Volodymyr Groysman met the mayor. Later Groisman said the talks went well."
    assert [h for h in rules_of(text) if h[0] == "glossary.name.two-spellings"] == []


def test_two_spellings_through_the_cli(tmp_path):
    path = write(tmp_path, "a.txt", "Natalia Humenyuk spoke on Monday.\n\nThe spokeswoman Gumenyuk added that two drones fell.\n\nHumenyuk left.\n")
    result = CliRunner().invoke(app, ["check", "--format", "json", "--exit-zero", str(path)])
    assert result.exit_code == 0
    found = [(f["rule"], f["text"], f["suggestions"]) for f in json.loads(result.stdout)["files"][0]["findings"]]
    assert ("glossary.name.two-spellings", "Gumenyuk", ["Humenyuk"]) in found


@given(st.text(alphabet="abcdeghiklmnoprstuvyz", min_size=1, max_size=12), st.data())
@settings(max_examples=200, deadline=None)
def test_spelling_key_ignores_g_h_and_y_i(word, data):
    from auditor.glossary.spellings import spelling_key

    swapped = "".join(
        {"g": "h", "h": "g", "y": "i", "i": "y"}.get(c, c) if c in "ghyi" and data.draw(st.booleans()) else c for c in word
    )
    assert spelling_key(word.capitalize()) == spelling_key(swapped.capitalize())
