"""One list of report formats: the settings accept every name, and each
name but `auto` has a renderer in the registry."""

from __future__ import annotations

from pathlib import Path

import pytest

from contentplan.core.report_formats import AUTO, REPORT_FORMATS
from contentplan.load.settings import SettingsError, read_yaml_settings
from contentplan.render.formats import FORMATS, choose


def test_every_name_but_auto_has_a_renderer() -> None:
    assert set(FORMATS) == set(REPORT_FORMATS) - {AUTO}
    assert all(FORMATS[name].name == name for name in FORMATS)


@pytest.mark.parametrize("name", REPORT_FORMATS)
def test_the_settings_accept_every_format(tmp_path: Path, name: str) -> None:
    file = tmp_path / "contentplan.yaml"
    file.write_text(f"format: {name}\n", encoding="utf-8")
    assert read_yaml_settings(file).format == name


def test_the_settings_refuse_a_name_not_in_the_list(tmp_path: Path) -> None:
    file = tmp_path / "contentplan.yaml"
    file.write_text("format: xml\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=", ".join(REPORT_FORMATS)):
        read_yaml_settings(file)


def test_auto_for_a_file_is_plain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    assert choose(AUTO, to_file=True).name == "plain"
    assert choose("json", to_file=True) is FORMATS["json"]
