"""`auditor batch`: JSONL/Parquet output, resume, crash safety, per-article errors, Ray engine."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def _articles(n: int) -> list[dict]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpora").rglob("*.txt"))]
    out = []
    for i in range(n):
        paras = texts[i % len(texts)].split("\n\n")
        k = (i // len(texts)) % max(1, len(paras))
        out.append({"id": f"a{i:03d}", "text": "\n\n".join(paras[k:] + paras[:k]), "date": "2023-05-01"})
    return out


@pytest.fixture
def jsonl(tmp_path: Path) -> Path:
    p = tmp_path / "in.jsonl"
    lines = [json.dumps(a) for a in _articles(40)]
    lines.append(json.dumps({"id": "surrogate", "text": "\ud800 broken"}))
    lines.append("{not json")
    lines.append(json.dumps({"id": "huge", "text": "word " * 300_000}))
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def _run(*args: str):
    return runner.invoke(app, ["batch", *args], catch_exceptions=False)


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _canon(records: list[dict]) -> list[str]:
    return sorted(json.dumps(r, sort_keys=True) for r in records)


def _feed_with_reference(tmp_path: Path, n: int) -> tuple[Path, Path]:
    """A JSONL feed of ``n`` articles and the output of one uninterrupted single-process run over it."""
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(a) for a in _articles(n)) + "\n", encoding="utf-8")
    ref = tmp_path / "ref.jsonl"
    assert _run(str(src), "--out", str(ref), "--jobs", "1", "-q").exit_code == 0
    return src, ref


def _slow_run_under_way(src: Path, out: Path, delay: str, stderr=subprocess.DEVNULL) -> subprocess.Popen:
    """A 2-worker batch run in its own session, slowed by ``delay`` s per chunk, once 4 results are written."""
    cmd = [sys.executable, "-c", "import cli; cli.main()", "batch", str(src), "--out", str(out), "--jobs", "2",
           "--chunk-size", "4", "--quiet"]
    env = dict(os.environ, AUDITOR_BATCH_CHUNK_DELAY=delay)
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline and (not out.exists() or out.read_bytes().count(b"\n") < 4):
        time.sleep(0.05)
    return proc


def test_jsonl_output_errors_and_resume(jsonl: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = _run(str(jsonl), "--out", str(out), "--jobs", "2", "--chunk-size", "8", "--max-size", "1")
    assert result.exit_code == 0, result.output
    recs = _records(out)
    assert len(recs) == 43
    by_id = {r["id"]: r for r in recs}
    assert "not valid UTF-8" in by_id["surrogate"]["error"]
    assert "over the 1.0 MB limit" in by_id["huge"]["error"]
    assert any("invalid JSON" in r.get("error", "") for r in recs)
    ok = by_id["a000"]
    assert {"id", "hash", "signature", "path", "language", "score", "findings"} <= set(ok)
    assert ok["signature"].startswith("auditor:") and "|rules:" in ok["signature"] and "|glossary:" in ok["signature"]
    assert "pass rate" in result.output and "worst articles" in result.output
    # A second run skips every result, tries the errors again, and leaves the file as it was.
    before = out.read_bytes()
    again = _run(str(jsonl), "--out", str(out), "--jobs", "1", "--max-size", "1")
    assert again.exit_code == 0
    assert out.read_bytes() == before
    assert "40 already done" in again.output
    # Raising the limit the error names checks that article now (the three errors are tried again; only
    # the one whose outcome changed gets a new record, which replaces the old one).
    raised = _run(str(jsonl), "--out", str(out), "--jobs", "1", "--max-size", "5")
    assert raised.exit_code == 0 and "3 checked now" in raised.output and "40 already done" in raised.output
    latest = {r["id"]: r for r in _records(out)}
    assert "over the" not in latest["huge"].get("error", "")
    assert out.read_bytes().startswith(before) and len(_records(out)) == 44
    # Same results from one process as from two.
    out1 = tmp_path / "one.jsonl"
    assert _run(str(jsonl), "--out", str(out1), "--jobs", "1", "--max-size", "1", "-q").exit_code == 0
    assert _canon(_records(out1)) == _canon(recs)


def test_directory_and_glob_inputs(tmp_path: Path) -> None:
    d = tmp_path / "arts"
    d.mkdir()
    for a in _articles(5):
        (d / f"{a['id']}.txt").write_text(a["text"], encoding="utf-8")
    (d / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    out = tmp_path / "o.jsonl"
    assert _run(str(d), "--out", str(out), "--jobs", "1", "-q").exit_code == 0
    recs = {r["id"]: r for r in _records(out)}
    assert set(recs) == {"a000.txt", "a001.txt", "a002.txt", "a003.txt", "a004.txt", "latin1.txt"}
    assert "not valid UTF-8 at byte offset 3" in recs["latin1.txt"]["error"]
    out2 = tmp_path / "g.jsonl"
    assert _run(str(d / "a00[0-2].txt"), "--out", str(out2), "--jobs", "1", "-q").exit_code == 0
    assert len(_records(out2)) == 3


def test_parquet_output(jsonl: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet", reason='Parquet needs pyarrow (pip install "auditor[batch]")')
    out = tmp_path / "out.parquet"
    assert _run(str(jsonl), "--out", str(out), "--jobs", "2", "-q").exit_code == 0
    table = pq.read_table(out)
    assert table.num_rows == 43
    assert {"id", "hash", "signature", "quality", "findings_count", "error", "report"} <= set(table.column_names)
    assert not (tmp_path / "out.parquet.partial.jsonl").exists()
    # Parquet in, resumable Parquet out.
    src = tmp_path / "in.parquet"
    import pyarrow as pa

    pq.write_table(pa.Table.from_pylist(_articles(6)), src)
    out2 = tmp_path / "o2.parquet"
    assert _run(str(src), "--out", str(out2), "--jobs", "1", "-q").exit_code == 0
    assert _run(str(src), "--out", str(out2), "--jobs", "1").output.count("6 already done") == 1
    assert pq.read_table(out2).num_rows == 6


def test_torn_last_line_is_dropped_on_resume(jsonl: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert _run(str(jsonl), "--out", str(out), "--jobs", "1", "-q").exit_code == 0
    full = _canon(_records(out))
    lines = out.read_bytes().splitlines(keepends=True)
    out.write_bytes(b"".join(lines[:10]) + lines[10][:25])  # a run killed in the middle of a write
    assert _run(str(jsonl), "--out", str(out), "--jobs", "1", "-q").exit_code == 0
    assert _canon(_records(out)) == full


def test_sigkill_then_resume_gives_the_uninterrupted_result(tmp_path: Path) -> None:
    src, ref = _feed_with_reference(tmp_path, 60)
    out = tmp_path / "out.jsonl"
    proc = _slow_run_under_way(src, out, "0.3")
    os.killpg(proc.pid, signal.SIGKILL)  # the driver and its workers, mid-run
    proc.wait()
    partial = _records(out)
    assert 4 <= len(partial) < 60
    assert _run(str(src), "--out", str(out), "--jobs", "2", "-q").exit_code == 0
    assert _canon(_records(out)) == _canon(_records(ref))


def test_timeout_is_recorded(tmp_path: Path, monkeypatch) -> None:
    from auditor.batch import worker

    def slow(*a, **k):
        time.sleep(5)

    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "x", "text": "Some text."}) + "\n", encoding="utf-8")
    monkeypatch.setattr("auditor.api.check_document", slow)
    out = tmp_path / "o.jsonl"
    assert _run(str(src), "--out", str(out), "--jobs", "1", "--timeout", "0.2", "-q").exit_code == 0
    assert "timed out after 0.2 s" in _records(out)[0]["error"]
    assert worker is not None


def test_signature_changes_with_options() -> None:
    from auditor.batch import signature
    from auditor.engine import Auditor, Options

    a = signature(Auditor(Options()))
    b = signature(Auditor(Options(lang_pair="ru-en")))
    assert a != b and a.split("|")[0] == b.split("|")[0]


def test_ray_missing_is_one_line(monkeypatch, tmp_path: Path, jsonl: Path) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)
    result = runner.invoke(app, ["batch", str(jsonl), "--out", str(tmp_path / "o.jsonl"), "--engine", "ray"])
    assert result.exit_code == 2
    assert 'pip install "auditor[cluster]"' in result.output


def test_ray_engine_matches_processes(tmp_path: Path) -> None:
    pytest.importorskip("ray", reason='the Ray engine needs Ray (pip install "auditor[cluster]")')
    import ray

    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(a) for a in _articles(12)) + "\n", encoding="utf-8")
    ref = tmp_path / "ref.jsonl"
    assert _run(str(src), "--out", str(ref), "--jobs", "1", "-q").exit_code == 0
    out = tmp_path / "ray.jsonl"
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    try:
        assert _run(str(src), "--out", str(out), "--engine", "ray", "--chunk-size", "3", "-q").exit_code == 0
        assert _canon(_records(out)) == _canon(_records(ref))
        lines = out.read_bytes()
        assert _run(str(src), "--out", str(out), "--engine", "ray", "-q").exit_code == 0  # resume: nothing to do
        assert out.read_bytes() == lines
    finally:
        ray.shutdown()


def test_optional_checks_match_check_command(tmp_path: Path) -> None:
    """--grammar in batch runs the same checks as `check --grammar`, and changes the signature."""
    pytest.importorskip("spacy")
    text = "Domestic investment stable at 3%. Korrespondent.net tell the details.\n"
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "g", "text": text}) + "\n", encoding="utf-8")
    plain, gram = tmp_path / "plain.jsonl", tmp_path / "gram.jsonl"
    assert _run(str(src), "--out", str(plain), "--jobs", "1", "--quiet").exit_code == 0
    assert _run(str(src), "--out", str(gram), "--jobs", "1", "--quiet", "--grammar").exit_code == 0
    (p,), (g,) = _records(plain), _records(gram)
    assert p["signature"] != g["signature"]
    art = tmp_path / "g.txt"
    art.write_text(text, encoding="utf-8")
    checked = json.loads(runner.invoke(app, ["check", str(art), "--grammar", "--format", "json"]).output)["files"][0]["findings"]
    assert [f["rule"] for f in g["findings"]] == [f["rule"] for f in checked]
    assert any(f["rule"].startswith("grammar.") for f in g["findings"]) and not any(f["rule"].startswith("grammar.") for f in p["findings"])


def test_neural_model_errors_are_one_line(tmp_path: Path, jsonl: Path) -> None:
    result = runner.invoke(app, ["batch", str(jsonl), "--out", str(tmp_path / "o.jsonl"), "--lm", str(tmp_path / "nowhere")])
    assert result.exit_code == 2 and "model directory not found" in result.output and "Traceback" not in result.output


def test_signature_ignores_how_work_is_spread() -> None:
    from auditor.batch import signature
    from auditor.engine import Auditor, Options

    assert signature(Auditor(Options(jobs=1, batch_size=8))) == signature(Auditor(Options(jobs=4, device="cpu")))


def test_every_id_gets_a_record_even_for_a_repeated_text(tmp_path: Path) -> None:
    """A syndicated copy (same text, another id) is an article of its own; the same record given
    twice is checked once; a second run skips them all."""
    text = _articles(1)[0]["text"]
    src = tmp_path / "dup.jsonl"
    rows = [{"id": "wire", "text": text}, {"id": "copy", "text": text}, {"id": "wire", "text": text}, {"id": "other", "text": "Weak RF army."}]
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    for out in (tmp_path / "o.jsonl", tmp_path / "o.parquet"):
        if out.suffix == ".parquet":
            pytest.importorskip("pyarrow.parquet", reason='Parquet needs pyarrow (pip install "auditor[batch]")')
        assert _run(str(src), "--out", str(out), "--jobs", "1", "-q").exit_code == 0
        again = _run(str(src), "--out", str(out), "--jobs", "2")
        assert "0 checked now" in again.output and "4 already done" in again.output
        if out.suffix == ".parquet":
            from auditor.batch.output import read_parquet

            assert sorted(r["id"] for r in read_parquet(out)) == ["copy", "other", "wire"]
        else:
            recs = _records(out)
            assert sorted(r["id"] for r in recs) == ["copy", "other", "wire"]
            wire, copy = (next(r for r in recs if r["id"] == i) for i in ("wire", "copy"))
            assert wire["hash"] == copy["hash"] and wire["findings"] == copy["findings"] and wire["findings"]


def test_jsonl_record_fields_are_validated(tmp_path: Path) -> None:
    """`format` must be txt, md or html (an unknown one is an error record, not silently txt)."""
    src = tmp_path / "f.jsonl"
    rows = [{"id": "html", "text": "<p>Weak RF army.</p>", "format": "html"}, {"id": "docx", "text": "Weak RF army.", "format": "docx"},
            {"id": "default", "text": "Weak RF army.", "format": None}]
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    assert _run(str(src), "--out", str(out), "--jobs", "1", "-q").exit_code == 0
    recs = {r["id"]: r for r in _records(out)}
    assert recs["docx"]["error"] == "docx: unknown format 'docx' (txt, md or html)"
    assert [f["text"] for f in recs["html"]["findings"]] == [f["text"] for f in recs["default"]["findings"]] == ["RF"]


def test_bad_out_paths_are_one_line_errors(tmp_path: Path, jsonl: Path) -> None:
    """An --out that is neither JSON lines nor Parquet, or a Parquet file this tool did not write,
    stops the run before any work with exit 2 and leaves the file alone."""
    csv = tmp_path / "results.csv"
    r = _run(str(jsonl), "--out", str(csv), "-q")
    assert r.exit_code == 2 and "--out must end in .jsonl" in r.output and not csv.exists()
    pytest.importorskip("pyarrow.parquet", reason='Parquet needs pyarrow (pip install "auditor[batch]")')
    for name, content in (("junk.parquet", b"not parquet"), ("foreign.parquet", None)):
        target = tmp_path / name
        if content is None:
            import pyarrow as pa
            import pyarrow.parquet as pq

            pq.write_table(pa.table({"id": ["a"], "body": ["x"]}), target)
        else:
            target.write_bytes(content)
        before = target.read_bytes()
        r = _run(str(jsonl), "--out", str(target), "-q")
        assert r.exit_code == 2, r.output
        assert "not a Parquet file of batch results" in r.output and len(r.output.strip().splitlines()) == 1
        assert target.read_bytes() == before and not (tmp_path / (name + ".partial.jsonl")).exists()


def test_a_dead_worker_stops_the_run_with_one_line_and_resume_completes_it(tmp_path: Path) -> None:
    """A worker killed mid-run (as the OOM killer would) must not leave the driver waiting forever."""
    src, ref = _feed_with_reference(tmp_path, 48)
    out = tmp_path / "out.jsonl"
    proc = _slow_run_under_way(src, out, "0.5", stderr=subprocess.PIPE)
    workers = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
    assert workers, "no worker process found"
    os.kill(int(workers[-1]), signal.SIGKILL)
    try:
        err = proc.communicate(timeout=60)[1].decode()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 2 and "a worker process died" in err and len(err.strip().splitlines()) == 1
    assert _run(str(src), "--out", str(out), "--jobs", "2", "-q").exit_code == 0
    assert _canon(_records(out)) == _canon(_records(ref))


def test_odd_ids_sources_and_unreadable_tables_are_records_not_the_end_of_the_run(tmp_path: Path) -> None:
    import gzip

    good = [{"id": "ok", "text": "Weak RF army."}, {"id": "\ud800x", "text": "Weak RF army, again."},
            {"id": "src-int", "text": "The RF said.", "source": 5}, {"id": "src-map", "text": "RF.", "source": {"feed": "x"}}]
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"\xef\xbb\xbf" + "\n".join(json.dumps(r) for r in good).encode() + b'\n{"id": "e", "text": "Smile \xf0\x9f\x98\x80"\n')
    d = tmp_path / "dir"
    d.mkdir()
    (d / "plain.txt").write_text("Weak RF army.", encoding="utf-8")
    (d / os.fsdecode(b"caf\xe9.txt")).write_text("Weak RF army.", encoding="utf-8")
    (tmp_path / "corrupt.parquet").write_bytes(b"junk")
    many = "\n".join(json.dumps({"id": f"z{i}", "text": f"Report {i}: the RF army said {i * 7919}."}) for i in range(400))
    (tmp_path / "cut.jsonl.gz").write_bytes(gzip.compress(many.encode())[:3000])
    inputs = [str(src), str(d), str(tmp_path / "corrupt.parquet"), str(tmp_path / "cut.jsonl.gz")]
    outs = [tmp_path / "o.jsonl"]
    if pytest.importorskip("pyarrow", reason="Parquet output needs pyarrow") is not None:
        outs.append(tmp_path / "o.parquet")
    for out in outs:
        r = _run(*inputs, "--out", str(out), "--jobs", "1", "-q")
        assert r.exit_code == 0, r.output
    recs = {r["id"]: r for r in _records(outs[0])}
    assert recs["\\ud800x"]["findings"] and recs["caf\\udce9.txt"]["findings"] and recs["plain.txt"]["findings"]
    assert recs["src-int"]["source"] == "5" and recs["src-map"]["source"] == '{"feed": "x"}'
    assert recs["ok"]["findings"]  # the byte-order mark did not cost the first record
    assert recs[f"{src}:5"]["error"].endswith("invalid JSON (Expecting ',' delimiter)")
    assert recs[str(tmp_path / "corrupt.parquet")]["error"].startswith(f"{tmp_path / 'corrupt.parquet'}: cannot read:")
    cut = [r for i, r in recs.items() if i.startswith("z")]
    assert 0 < len(cut) < 400 and "cannot read" in recs[str(tmp_path / "cut.jsonl.gz")]["error"]
    if len(outs) == 2:
        from auditor.batch.output import read_parquet

        assert sorted(r["id"] for r in read_parquet(outs[1])) == sorted(recs)


def test_own_output_and_foreign_files_are_never_read_or_changed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "feed.jsonl").write_text("\n".join(json.dumps(a) for a in _articles(3)) + "\n", encoding="utf-8")
    out = data / "results.jsonl"
    for _ in range(2):  # the pattern matches the output too: it must not be read back as input
        assert _run(str(data / "*.jsonl"), "--out", str(out), "-q").exit_code == 0
    assert sorted(r["id"] for r in _records(out)) == ["a000", "a001", "a002"]
    for name, content in (("notes.jsonl", b"my notes\nlast line without newline"), ("other.jsonl", b'{"foo": 1}\n'),
                          ("arr.jsonl", b"[1, 2]\n")):
        target = tmp_path / name
        target.write_bytes(content)
        r = _run(str(data / "feed.jsonl"), "--out", str(target), "-q")
        assert r.exit_code == 2 and "not a batch result line; refusing to append to it" in r.output, name
        assert target.read_bytes() == content, name


def test_limits_and_inputs_are_checked_before_any_work(tmp_path: Path, jsonl: Path) -> None:
    out = tmp_path / "o.jsonl"
    for args, message in ((["--timeout", "-1"], "--timeout must be"), (["--timeout", "nan"], "--timeout must be"),
                          (["--max-size", "0"], "--max-size must be"), (["--max-size", "nan"], "--max-size must be")):
        r = _run(str(jsonl), "--out", str(out), *args)
        assert r.exit_code == 2 and message in r.output, args
    for missing, message in ((tmp_path / "missing.jsonl", "no such file or directory"), (tmp_path / "none*.txt", "no file matches")):
        r = _run(str(jsonl), str(missing), "--out", str(out))
        assert r.exit_code == 2 and message in r.output
    assert not out.exists()


def test_ids_and_summary_stay_right_across_runs(tmp_path: Path) -> None:
    """Adding an input does not rename a directory's files; an edited article counts once."""
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    for i, art in enumerate(_articles(3)):
        (a / f"x{i}.txt").write_text(art["text"], encoding="utf-8")
    (b / "y.txt").write_text("Weak RF army.", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    assert _run(str(a), "--out", str(out), "-q").exit_code == 0
    again = _run(str(a), str(b), "--out", str(out))
    assert "articles   4 (1 checked now" in again.output and "3 already done" in again.output
    (a / "x0.txt").write_text("Weak RF army, edited.", encoding="utf-8")
    edited = _run(str(a), str(b), "--out", str(out))
    assert "articles   4 (1 checked now" in edited.output


def test_workers_exit_when_the_driver_is_killed(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(a) for a in _articles(40)) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    proc = _slow_run_under_way(src, out, "0.5")
    workers = [int(w) for w in subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()]
    assert workers
    proc.kill()  # the driver only
    proc.wait()
    deadline = time.time() + 10
    alive = workers
    while alive and time.time() < deadline:
        time.sleep(0.2)
        alive = [w for w in workers if Path(f"/proc/{w}").exists() and "zombie" not in Path(f"/proc/{w}/status").read_text().lower()]
    try:
        assert not alive, f"orphaned workers {alive}"
    finally:
        for w in alive:
            os.kill(w, signal.SIGKILL)


def test_unreachable_ray_cluster_is_a_quick_one_line_error(tmp_path: Path, jsonl: Path) -> None:
    pytest.importorskip("ray", reason='the Ray engine needs Ray (pip install "auditor[cluster]")')
    started = time.time()
    r = _run(str(jsonl), "--out", str(tmp_path / "o.jsonl"), "--engine", "ray", "--address", "127.0.0.1:1", "-q")
    assert r.exit_code == 2 and "cannot reach the Ray cluster at 127.0.0.1:1" in r.output
    assert time.time() - started < 30


def test_summary_describes_the_current_inputs(tmp_path: Path) -> None:
    """After an error is fixed, an article is reverted, or two feeds share an id, each input article
    counts once, by the result for its current content."""
    good = _articles(1)[0]["text"]
    feed = tmp_path / "f.jsonl"
    feed.write_text(json.dumps({"id": "x", "text": good, "format": "pdf"}) + "\n" + json.dumps({"id": "y"}) + "\n", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    assert "errors     2" in _run(str(feed), "--out", str(out)).output
    feed.write_text(json.dumps({"id": "x", "text": good}) + "\n" + json.dumps({"id": "y", "text": "Hello world."}) + "\n", encoding="utf-8")
    fixed = _run(str(feed), "--out", str(out)).output
    assert "articles   2 (2 checked now" in fixed and "errors     0" in fixed  # the old error records no longer count
    other = tmp_path / "g.jsonl"
    other.write_text(json.dumps({"id": "x", "text": "Weak RF army."}) + "\n", encoding="utf-8")
    assert "articles   3 (1 checked now" in _run(str(feed), str(other), "--out", str(out)).output
    d = tmp_path / "d"
    d.mkdir()
    (d / "a.txt").write_text("A calm report about the weather.", encoding="utf-8")
    first = _run(str(d), "--out", str(out)).output
    (d / "a.txt").write_text("Weak RF army said , officials said.", encoding="utf-8")
    _run(str(d), "--out", str(out))
    (d / "a.txt").write_text("A calm report about the weather.", encoding="utf-8")
    reverted = _run(str(d), "--out", str(out)).output
    assert "1 already done" in reverted and reverted.split("pass rate")[1].split()[0] == first.split("pass rate")[1].split()[0]
    # The same folder by another path (absolute, a symbolic link) is the same articles.
    (tmp_path / "link").symlink_to(d)
    for other_path in (d.resolve(), tmp_path / "link"):
        assert "0 checked now" in _run(str(other_path), "--out", str(out)).output


def test_a_torn_line_of_a_few_bytes_is_dropped_too(jsonl: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert _run(str(jsonl), "--out", str(out), "--jobs", "1", "-q").exit_code == 0
    full = _canon(_records(out))
    lines = out.read_bytes().splitlines(keepends=True)
    out.write_bytes(b"".join(lines[:10]) + lines[10][:3])
    r = _run(str(jsonl), "--out", str(out), "--jobs", "1", "-q")
    assert r.exit_code == 0 and "dropped a torn last line (3 bytes)" in r.output
    assert _canon(_records(out)) == full


def test_a_small_size_limit_is_reported_in_kilobytes(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "Weak RF army. " * 400}) + "\n", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    assert _run(str(src), "--out", str(out), "--max-size", "0.001", "-q").exit_code == 0
    assert _records(out)[0]["error"] == "a: article is 5.6 kB, over the 1.0 kB limit (raise it with --max-size)"


def test_a_second_run_on_the_same_output_is_refused_while_the_first_holds_it(tmp_path: Path) -> None:
    from auditor.batch.output import lock_path, output_lock

    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(a) for a in _articles(2)) + "\n", encoding="utf-8")
    out = tmp_path / "results.jsonl"
    out.write_bytes(b'{"id": "x", "hash": "h", "signature": "s"}\n{"id": "y", "ha')  # a run in the middle of a write
    before = out.read_bytes()
    with output_lock(out):  # as a running `auditor batch` holds it
        r = _run(str(src), "--out", str(out), "-q")
        assert r.exit_code == 2 and "another auditor batch run is writing it" in r.output
        assert len(r.output.strip().splitlines()) == 1 and out.read_bytes() == before  # the half-written line is left alone
    assert not lock_path(out).exists()
    r = _run(str(tmp_path / "*.jsonl"), "--out", str(out), "-q")  # once released; the glob passes the lock file by
    assert r.exit_code == 0 and not lock_path(out).exists()
    assert sorted(rec["id"] for rec in _records(out)) == ["a000", "a001", "x"]


def test_a_file_system_without_locks_runs_unlocked(tmp_path: Path, monkeypatch) -> None:
    import errno

    fcntl = pytest.importorskip("fcntl")
    from auditor.batch.output import output_lock

    def no_locks(fd, op):
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_locks)
    out, entered = tmp_path / "r.jsonl", []
    with output_lock(out), output_lock(out):  # nothing to hold: not mistaken for another run
        entered.append(out)
    assert entered == [out]


def test_summary_from_briefs_matches_the_output(tmp_path: Path) -> None:
    """The run keeps only briefs in memory; their totals equal those of the full records written,
    after a fresh run (2 workers), a resumed one, and for Parquet."""
    from auditor.batch import run_batch
    from auditor.batch.output import brief
    from auditor.batch.summary import summarize
    from auditor.engine import Options

    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(a) for a in _articles(12)) + "\n" + json.dumps({"id": "bad", "text": 3}) + "\n",
                   encoding="utf-8")
    for out in (tmp_path / "o.jsonl", tmp_path / "o.parquet"):
        for _ in range(2):  # the second run finds everything done and reads its briefs back
            result = run_batch([str(src)], out, Options(), jobs=2, chunk_size=4)
            if out.suffix == ".parquet":
                from auditor.batch.output import read_parquet

                written = read_parquet(out)
            else:
                written = _records(out)
            assert summarize(result.records) == summarize([brief(r) for r in written])
            totals = summarize(result.records)
            assert totals["articles"] == 13 and totals["errors"] == 1
            assert totals["findings"] == sum(len(r.get("findings") or ()) for r in written) > 0
        assert result.skipped == 12 and result.checked == 1  # the error is tried again
