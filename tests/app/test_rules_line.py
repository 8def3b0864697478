"""The `rules:` line of a calendar written somewhere else than the one it
came from: the path from the new file's folder (``rules_reference``), put in
the text without touching the rest (``set_rules``), and the note when
`check` would not read it from there (``written_rules``)."""

from __future__ import annotations

import ntpath
import posixpath
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contentplan.app.inputs import written_rules
from contentplan.io.emit import EmitError, set_rules
from contentplan.io.yaml_out import rules_reference
from contentplan.load.calendar import load_calendar

_NAME = st.sampled_from(["a", "b", "rules", "cal endars", "月", "x.y"])
_PARTS = st.lists(_NAME, max_size=4)


@pytest.mark.parametrize(("paths", "root"), [(posixpath, "/"), (ntpath, "C:\\")])
@given(folder=_PARTS, rules=_PARTS, name=_NAME)
def test_the_reference_leads_from_the_folder_to_the_rules(
    paths: ModuleType, root: str, folder: list[str], rules: list[str], name: str
) -> None:
    folder_path = paths.join(root, *folder)
    rules_path = paths.join(root, *rules, name + ".yaml")
    reference = rules_reference(rules_path, folder_path, paths)
    assert "\\" not in reference and not paths.isabs(reference)
    # read as the loader reads a `rules:` line: from the calendar's folder
    assert paths.normpath(paths.join(folder_path, reference)) == paths.normpath(rules_path)


def test_another_drive_gives_an_absolute_path() -> None:
    assert rules_reference("D:\\p\\rules\\x.yaml", "C:\\out", ntpath) == "D:/p/rules/x.yaml"


HEAD = "version: 1\nbrand: acme\ntimezone: Asia/Shanghai\n"
POSTS = 'posts:\n  - {id: a, at: "2025-09-22 09:00", platform: weibo, pillar: story, title: A}\n'


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (
            HEAD + "rules: ../rules/x.yaml   # the house rules\n" + POSTS,
            HEAD + "rules: ../../r/default.yaml   # the house rules\n" + POSTS,
        ),
        (
            HEAD + "rules: '../rules/x.yaml'\n" + POSTS,
            HEAD + "rules: ../../r/default.yaml\n" + POSTS,
        ),
        (
            HEAD + "# the posts\n" + POSTS,
            HEAD + "rules: ../../r/default.yaml\n# the posts\n" + POSTS,
        ),
        (
            "\ufeff" + (HEAD + POSTS).replace("\n", "\r\n"),
            "\ufeff" + (HEAD + "rules: ../../r/default.yaml\n" + POSTS).replace("\n", "\r\n"),
        ),
        (
            "version: 1\nbrand: acme\ntimezone: &z Asia/Shanghai\n" + POSTS,
            "version: 1\nbrand: acme\ntimezone: &z Asia/Shanghai\n"
            "rules: ../../r/default.yaml\n" + POSTS,
        ),
    ],
    ids=["replace-keeps-comment", "replace-quoted", "add-after-timezone", "crlf-bom", "anchor"],
)
def test_set_rules_changes_only_that_line(tmp_path: Path, before: str, after: str) -> None:
    edited = set_rules(before.encode(), "../../r/default.yaml")
    assert edited.decode("utf-8") == after
    folder = tmp_path / "a" / "b"
    folder.mkdir(parents=True)
    (folder / "c.yaml").write_bytes(edited)
    calendar, problems = load_calendar(str(folder / "c.yaml"), "c.yaml")
    assert not problems and calendar is not None
    assert calendar.rules_ref == str(tmp_path / "r" / "default.yaml")


@pytest.mark.parametrize(
    "text",
    [
        "{version: 1, brand: acme, timezone: Asia/Shanghai, posts: []}\n",
        HEAD + "rules: &r x.yaml\nnotes: *r\nposts: []\n",
        HEAD + "rules: >\n  x.yaml\nposts: []\n",
    ],
    ids=["flow-mapping", "anchored", "folded"],
)
def test_set_rules_refuses_what_it_cannot_edit_safely(text: str) -> None:
    with pytest.raises(EmitError):
        set_rules(text.encode(), "../r.yaml")


def test_a_file_outside_the_rules_project_gets_a_note(tmp_path: Path) -> None:
    rules = tmp_path / "project" / "rules" / "default.yaml"
    rules.parent.mkdir(parents=True)
    rules.write_text("version: 1\n", encoding="utf-8")
    (tmp_path / "project" / ".git").mkdir()
    (tmp_path / "other" / ".git").mkdir(parents=True)
    inside, no_note = written_rules(str(rules), tmp_path / "project" / "calendars" / "x.yaml")
    assert (inside, no_note) == ("../rules/default.yaml", None)
    outside, note = written_rules(str(rules), tmp_path / "other" / "x.yaml")
    assert outside == "../project/rules/default.yaml"
    assert note is not None and "--rules" in note and "outside the project" in note
    assert written_rules(None, tmp_path / "other" / "x.yaml") == (None, None)
