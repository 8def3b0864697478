"""`contentplan init`: the starter is copied, and nothing is ever overwritten."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from contentplan.app import init as init_module
from contentplan.app.init import InitError, init_repository, starter_files
from contentplan.core.files import WriteError
from tests.conftest import run_cli

STARTER = {
    PurePosixPath("README.md"),
    PurePosixPath("calendars/example.yaml"),
    PurePosixPath("rules/default.yaml"),
}


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_the_starter_ships_with_the_package() -> None:
    assert {path for path, _ in starter_files()} == STARTER


def test_init_writes_the_starter_into_a_new_folder(tmp_path: Path) -> None:
    target = tmp_path / "brand-calendar"
    result = init_repository(target)
    assert set(result.written) == STARTER
    assert result.skipped == ()
    shipped = dict(starter_files())
    for relative in STARTER:
        assert (target / relative).read_bytes() == shipped[relative]


def test_second_run_skips_everything_and_changes_nothing(tmp_path: Path) -> None:
    init_repository(tmp_path)
    before = _snapshot(tmp_path)
    result = init_repository(tmp_path)
    assert result.written == ()
    assert set(result.skipped) == STARTER
    assert _snapshot(tmp_path) == before


def test_an_existing_user_file_is_never_overwritten(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    mine = tmp_path / "rules" / "default.yaml"
    mine.write_text("version: 1  # my own rules\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# Our team\n", encoding="utf-8")
    result = init_repository(tmp_path)
    assert set(result.skipped) == {PurePosixPath("rules/default.yaml"), PurePosixPath("README.md")}
    assert result.written == (PurePosixPath("calendars/example.yaml"),)
    assert mine.read_text(encoding="utf-8") == "version: 1  # my own rules\n"
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "# Our team\n"


def test_a_dangling_symlink_counts_as_present(tmp_path: Path) -> None:
    (tmp_path / "README.md").symlink_to(tmp_path / "nowhere.md")
    result = init_repository(tmp_path)
    assert PurePosixPath("README.md") in result.skipped
    assert not (tmp_path / "nowhere.md").exists()


def test_a_file_as_target_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(InitError, match="not a folder"):
        init_repository(target)


def test_a_failed_write_reports_what_was_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Path] = []

    def failing_write(path: Path, text: bytes) -> None:
        calls.append(Path(path))
        if len(calls) == 2:
            raise WriteError(f"{path}: cannot write: No space left on device")
        Path(path).write_bytes(text)

    monkeypatch.setattr(init_module, "atomic_write", failing_write)
    with pytest.raises(InitError, match="No space left") as raised:
        init_repository(tmp_path)
    assert raised.value.written == (PurePosixPath("README.md"),)


def test_cli_init_prints_what_it_wrote_and_next_steps(tmp_path: Path) -> None:
    run = run_cli("init", "brand-calendar", cwd=tmp_path)
    assert run.code == 0, run.stderr
    assert "wrote    brand-calendar/rules/default.yaml" in run.stdout
    assert "Next steps" in run.stdout
    assert "contentplan check calendars/" in run.stdout
    again = run_cli("init", "brand-calendar", cwd=tmp_path)
    assert again.code == 0
    assert "skipped  brand-calendar/calendars/example.yaml" in again.stdout
    assert "wrote" not in again.stdout


def test_cli_init_defaults_to_the_current_folder(tmp_path: Path) -> None:
    run = run_cli("init", cwd=tmp_path)
    assert run.code == 0, run.stderr
    assert (tmp_path / "calendars" / "example.yaml").is_file()
    assert "cd " not in run.stdout


def test_cli_init_exits_2_when_the_folder_cannot_be_written(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    run = run_cli("init", "afile/sub", cwd=tmp_path)
    assert run.code == 2
    assert run.stderr.startswith("contentplan: init: ")
    assert "Traceback" not in run.stderr


def test_the_starter_calendar_passes_check(tmp_path: Path) -> None:
    init_repository(tmp_path)
    run = run_cli("check", "calendars/", "--format", "json", cwd=tmp_path)
    assert run.code == 0, run.stdout + run.stderr
    assert run.json()["violations"] == []
