from __future__ import annotations

import pytest

from auditor.errors import InputError
from auditor.inputs import Source, decode, expand, load
from tests.conftest import write


def test_invalid_utf8_names_byte_offset():
    with pytest.raises(InputError, match=r"a\.txt: not valid UTF-8 at byte offset 3"):
        decode(b"abc\xff\xfe", "a.txt")


def test_binary_is_rejected():
    with pytest.raises(InputError, match="binary file"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00", "x.png")


def test_bom_stripped():
    assert decode("\ufeffHello".encode(), "a") == "Hello"


def test_expand_dirs_globs_and_missing(tmp_path):
    write(tmp_path, "a.txt", "A")
    write(tmp_path, "sub/b.md", "B")
    write(tmp_path, "sub/c.html", "<p>C</p>")
    write(tmp_path, "sub/ignored.pdf", "x")
    write(tmp_path, ".hidden/d.txt", "D")
    names = [s.name for s in expand([str(tmp_path)]) if isinstance(s, Source)]
    assert [n.rsplit("/", 1)[-1] for n in names] == ["a.txt", "b.md", "c.html"]
    globbed = list(expand([str(tmp_path / "**" / "*.md")]))
    assert [s.name.rsplit("/", 1)[-1] for s in globbed] == ["b.md"]
    missing = list(expand([str(tmp_path / "nope.txt"), str(tmp_path / "*.xyz")]))
    assert all(isinstance(m, InputError) for m in missing)


def test_same_file_twice_is_checked_once(tmp_path):
    p = write(tmp_path, "a.txt", "A")
    assert len(list(expand([str(p), str(p), str(tmp_path)]))) == 1


def test_size_limit(tmp_path):
    p = write(tmp_path, "big.txt", "x" * 2000)
    with pytest.raises(InputError, match="over the"):
        load(Source(str(p), p), max_bytes=1000)


def test_format_from_extension(tmp_path):
    p = write(tmp_path, "a.htm", "<p>Hi &amp; bye</p>")
    assert load(Source(str(p), p)).text.strip() == "Hi & bye"
