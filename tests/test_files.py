"""Safe writes (SPEC §6): temp file in the target folder, fsync, atomic rename;
a failure at any point leaves the original intact."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from contentplan.core import files
from contentplan.core.files import WriteError, atomic_write, same_file


def test_writes_new_and_replaces_existing(tmp_path: Path) -> None:
    target = tmp_path / "out.yaml"
    atomic_write(target, "one\n")
    assert target.read_text() == "one\n"
    atomic_write(target, "two\n")
    assert target.read_text() == "two\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.yaml"]


def test_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path) -> None:
    target = tmp_path / "out.yaml"
    target.write_text("old")
    target.chmod(0o640)
    atomic_write(target, "new")
    assert target.stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize("stage", ["write", "fsync", "replace"])
def test_failure_mid_way_leaves_the_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stage: str
) -> None:
    target = tmp_path / "calendar.yaml"
    target.write_text("precious\n")

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    if stage == "write":
        real_fdopen = os.fdopen

        class Failing:
            def __init__(self, fd: int, mode: str) -> None:
                self.handle = real_fdopen(fd, mode)

            def __enter__(self) -> Failing:
                return self

            def __exit__(self, *exc: object) -> None:
                self.handle.close()

            def write(self, data: bytes) -> None:
                self.handle.write(data[: len(data) // 2])
                boom()

        monkeypatch.setattr(files.os, "fdopen", Failing)
    elif stage == "fsync":
        monkeypatch.setattr(files.os, "fsync", boom)
    else:
        monkeypatch.setattr(files.os, "replace", boom)
    with pytest.raises(WriteError, match="No space left"):
        atomic_write(target, "replacement that must not land\n" * 100)
    assert target.read_text() == "precious\n"
    assert [p.name for p in tmp_path.iterdir()] == ["calendar.yaml"]


def test_interrupt_mid_write_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "calendar.yaml"
    target.write_text("precious\n")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(files.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, "new")
    assert target.read_text() == "precious\n"
    assert [p.name for p in tmp_path.iterdir()] == ["calendar.yaml"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(WriteError, match="cannot write"):
            atomic_write(folder / "x.yaml", "x")
    finally:
        folder.chmod(0o700)


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match="does not exist: create it with mkdir -p "):
        atomic_write(tmp_path / "no" / "such" / "x.yaml", "x")


def test_same_file_sees_through_other_spellings(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    target.write_text("x")
    assert same_file(target, tmp_path / "." / "a.yaml")
    assert not same_file(target, tmp_path / "b.yaml")


def test_permission_denied_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CI runs as root, where chmod cannot make a folder read-only: simulate it."""

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files.tempfile, "mkstemp", denied)
    with pytest.raises(WriteError, match="cannot write here: Permission denied"):
        atomic_write(tmp_path / "x.yaml", "x")


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("{root}/x.yaml", "{root}/x.yaml"),  # three folders up, typed absolute: as typed
        ("../../../x.yaml", "../../../x.yaml"),  # typed relative: as typed
        ("{root}/a/b/x.yaml", "../x.yaml"),  # the folder right above reads relative
        ("{root}/a/b/c/d/x.yaml", "d/x.yaml"),  # inside: relative
        ("{root}/other/x.yaml", "{root}/other/x.yaml"),
    ],
)
def test_a_path_is_shown_as_people_read_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, given: str, shown: str
) -> None:
    from contentplan.core.files import display_path

    here = tmp_path / "a" / "b" / "c"
    here.mkdir(parents=True)
    monkeypatch.chdir(here)
    root = tmp_path.as_posix()
    assert display_path(given.format(root=root)) == shown.format(root=root)
