"""File bytes in → text or problems out (load/decode.py, SPEC §2.1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from contentplan.load.decode import decode, read_text


def test_invalid_utf8_names_the_byte_offset() -> None:
    data = b"a: 1\nb: caf\xe9\n"
    text, problems = decode(data, "f.yaml")
    assert text is None
    assert "byte offset 11" in problems[0].message and "UTF-8" in problems[0].message
    assert (problems[0].line, problems[0].column) == (2, 7)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_say_save_as_utf8(codec: str) -> None:
    _, problems = decode("a: 1\nb: 2\n".encode(codec), "f.yaml")
    assert "save it as UTF-8" in problems[0].message


def test_nul_byte_is_refused_as_binary() -> None:
    _, problems = decode(b"a: 1\nb: 2\x00\x01\x02\n", "f.yaml")
    assert "NUL" in problems[0].message and "byte offset 9" in problems[0].message


def test_read_text_refuses_large_files_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * 2000 + b"\n")
    opened: list[str] = []
    real_open = open

    def watching_open(file: object, *args: object, **kwargs: object) -> object:
        opened.append(str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", watching_open)
    text, problems = read_text(str(big), "big.yaml", max_bytes=1000)
    assert text is None and "more than the limit of 1,000" in problems[0].message
    assert opened == []  # refused from os.stat alone
    monkeypatch.undo()
    text, problems = read_text(str(big), "big.yaml", max_bytes=5000)
    assert problems == [] and text is not None
