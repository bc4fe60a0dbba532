"""Alignment quality against a gold alignment, and a synthetic long file for timing."""

from __future__ import annotations

from ..document import Document
from ..segment import paragraphs, sentences


def sentence_indices(doc: Document):
    """(source sentence spans, target sentence spans) as numbered for gold alignments."""
    src = doc.source or ""
    return sentences(src, paragraphs(src)), list(doc.sentences)


def predicted_beads(doc: Document) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    from .formats import alignment_of

    src_sents, tgt_sents = sentence_indices(doc)
    si = {(s.start, s.end): i for i, s in enumerate(src_sents)}
    ti = {(s.start, s.end): i for i, s in enumerate(tgt_sents)}
    return [(tuple(si[(s.start, s.end)] for s in p.source), tuple(ti[(s.start, s.end)] for s in p.target))
            for p in alignment_of(doc).pairs]  # fmt: skip


def accuracy(predicted, gold) -> float:
    """Fraction of sentences (source and target) whose aligned partners equal the gold alignment's."""

    def partners(beads):
        src, tgt = {}, {}
        for bs, bt in beads:
            for i in bs:
                src[i] = frozenset(bt)
            for j in bt:
                tgt[j] = frozenset(bs)
        return src, tgt

    ps, pt = partners(predicted)
    gs, gt = partners(gold)
    total = len(gs) + len(gt)
    right = sum(ps.get(i) == v for i, v in gs.items()) + sum(pt.get(j) == v for j, v in gt.items())
    return right / total if total else 1.0


def synthetic_pair(n_segments: int = 2000, seed: int = 7) -> tuple[str, str]:
    src, tgt, _ = synthetic(n_segments, seed)
    return src, tgt


def synthetic(n_segments: int = 2000, seed: int = 7) -> tuple[str, str, list[tuple[str, str]]]:
    """A Ukrainian source and an English target of ``n_segments`` sentences (5 per paragraph), with
    numbers, names and about 1% of target sentences dropped, plus the (source, target) pairs as units
    (none dropped), for timing the aligner and the checks."""
    import random

    rnd = random.Random(seed)
    towns = [("Харкові", "Kharkiv"), ("Ізюмі", "Izium"), ("Києві", "Kyiv"), ("Полтаві", "Poltava"), ("Сумах", "Sumy")]
    people = [("Тарас Мельничук", "Taras Melnychuk"), ("Олена Гриценко", "Olena Hrytsenko"), ("Андрій Коваль", "Andriy Koval")]
    src_paras, tgt_paras, s_par, t_par, units = [], [], [], [], []
    for k in range(n_segments):
        town_s, town_t = rnd.choice(towns)
        who_s, who_t = rnd.choice(people)
        n = rnd.randint(2, 900)
        kind = k % 4
        if kind == 0:
            s, t = f"У {town_s} відремонтували {n} будинків.", f"In {town_t}, {n} houses were repaired."
        elif kind == 1:
            s = f"{who_s} заявив, що роботи тривали {n % 30 + 1} днів і коштували {n} тис. гривень."
            t = f"{who_t} said the work took {n % 30 + 1} days and cost {n * 1000:,} hryvnias."
        elif kind == 2:
            s = f"Мешканці {n}-го кварталу зустріли новину зі стриманим оптимізмом."
            t = f"Residents of block {n} greeted the news with cautious optimism."
        else:
            day = rnd.randint(1, 28)
            s = f"За даними адміністрації, {n} осіб отримали допомогу {day} вересня."
            t = f"According to the administration, {n} people received aid on September {day}."
        s_par.append(s)
        units.append((s, t))
        if rnd.random() > 0.01:  # about 1% of sentences dropped
            t_par.append(t)
        if len(s_par) == 5:
            src_paras.append(" ".join(s_par))
            tgt_paras.append(" ".join(t_par))
            s_par, t_par = [], []
    if s_par:
        src_paras.append(" ".join(s_par))
        tgt_paras.append(" ".join(t_par))
    return "\n\n".join(src_paras) + "\n", "\n\n".join(tgt_paras) + "\n", units
