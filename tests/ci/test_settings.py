"""Project settings (SPEC §5.1): found upward, contentplan.yaml over
pyproject.toml, paths relative to the settings file, bad settings named by
file, line and column."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from contentplan.load.gather import expand_includes
from contentplan.load.settings import (
    Settings,
    SettingsError,
    find_settings,
)

CALENDAR = "version: 1\nbrand: b\ntimezone: Asia/Shanghai\nposts: []\n"
RULES = "version: 1\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository root (it holds .git), so the search stops here."""
    (tmp_path / ".git").mkdir()
    return tmp_path


def test_no_settings_anywhere_gives_empty_settings(repo: Path) -> None:
    assert find_settings(repo) == Settings()


def test_found_by_searching_upward_from_a_subfolder(repo: Path) -> None:
    write(repo / "contentplan.yaml", "strict: true\nrules: rules/xiaomi.yaml\n")
    deep = repo / "calendars" / "2024" / "q1"
    deep.mkdir(parents=True)
    settings = find_settings(deep)
    assert settings.file == repo / "contentplan.yaml"
    assert settings.strict is True
    # relative to the settings file, not to the folder the search started in
    assert settings.rules == repo / "rules" / "xiaomi.yaml"


def test_search_stops_at_the_repository_root(tmp_path: Path) -> None:
    write(tmp_path / "contentplan.yaml", "strict: true\n")
    inner = tmp_path / "checkout"
    (inner / ".git").mkdir(parents=True)
    assert find_settings(inner) == Settings()


def test_pyproject_tool_table(repo: Path) -> None:
    write(
        repo / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.contentplan]\n'
        'rules = "rules/default.yaml"\ninclude = ["calendars/**/*.yaml"]\n'
        'format = "github"\nstrict = true\nsince = 2024-03-01\n',
    )
    settings = find_settings(repo / "calendars")
    assert settings.file == repo / "pyproject.toml"
    assert settings.rules == repo / "rules" / "default.yaml"
    assert settings.include == ("calendars/**/*.yaml",)
    assert settings.format == "github"
    assert settings.strict is True
    assert settings.since == "2024-03-01"
    assert settings.since_day() == date(2024, 3, 1)


def test_pyproject_without_our_table_is_passed_over(repo: Path) -> None:
    write(repo / "contentplan.yaml", "format: plain\n")
    sub = repo / "tools"
    write(sub / "pyproject.toml", "[tool.ruff]\nline-length = 100\n")
    assert find_settings(sub).file == repo / "contentplan.yaml"


def test_contentplan_yaml_wins_over_pyproject_in_one_folder(repo: Path) -> None:
    write(repo / "pyproject.toml", '[tool.contentplan]\nformat = "json"\n')
    write(repo / "contentplan.yaml", "format: sarif\n")
    settings = find_settings(repo)
    assert settings.file == repo / "contentplan.yaml"
    assert settings.format == "sarif"


def test_the_nearest_settings_win(repo: Path) -> None:
    write(repo / "contentplan.yaml", "format: sarif\n")
    write(repo / "team" / "pyproject.toml", '[tool.contentplan]\nformat = "json"\n')
    assert find_settings(repo / "team").format == "json"


def test_a_results_map(repo: Path) -> None:
    write(repo / "contentplan.yaml", "results:\n  map: {id: 内容ID, likes: 点赞, comments: 评论}\n")
    assert find_settings(repo).results_map == (
        ("id", "内容ID"), ("likes", "点赞"), ("comments", "评论"),
    )
    write(repo / "contentplan.yaml", "results: {}\n")
    assert find_settings(repo).results_map == ()


def test_every_key(repo: Path) -> None:
    write(
        repo / "contentplan.yaml",
        "# the calendar team's settings\n"
        "rules: team/../shared-rules/brand.yaml\n"
        "include: [calendars/]\n"
        "exclude: calendars/archive/\n"
        "format: JUNIT\n"
        "strict: false\n"
        "since: today\n",
    )
    settings = find_settings(repo)
    assert settings.rules == repo / "shared-rules" / "brand.yaml"
    assert settings.include == ("calendars/",)
    assert settings.exclude == ("calendars/archive/",)
    assert settings.format == "junit"
    assert settings.strict is False
    assert settings.since == "today"
    assert settings.since_day(date(2025, 1, 2)) == date(2025, 1, 2)


def test_empty_file_means_no_settings(repo: Path) -> None:
    write(repo / "contentplan.yaml", "# nothing yet\n")
    settings = find_settings(repo)
    assert settings.file == repo / "contentplan.yaml"
    assert settings.strict is None and settings.include == ()


def error_of(repo: Path, name: str, text: str) -> SettingsError:
    write(repo / name, text)
    with pytest.raises(SettingsError) as caught:
        find_settings(repo)
    return caught.value


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("format: plain\nstrct: true\n", 2, 1, ["unknown key 'strct'", "did you mean 'strict'"]),
        ("strict: yes\n", 1, 9, ["strict", "'yes'", "true or false"]),
        ("format: plain\nformat: json\n", 2, 1, ["format", "twice"]),
        ("format: sarf\n", 1, 9, ["did you mean 'sarif'"]),
        ("since: 2024-02-30\n", 1, 8, ["since", "2024-02-30"]),
        ("since: last week\n", 1, 8, ["since", "YYYY-MM-DD"]),
        ("include:\n  - calendars/\n  - {a: 1}\n", 3, 5, ["include", "text"]),
        ("include: {a: 1}\n", 1, 10, ["include", "a mapping"]),
        ("rules:\n", 1, 7, ["rules", "no value"]),
        ("strict: true\n  bad: [\n", 2, 6, ["YAML"]),
        ("a: !!python/object:os.system x\n", 1, 4, ["tag"]),
        ("results: 点赞\n", 1, 10, ["results", "'点赞' is not a mapping like map: {likes: 点赞"]),
        ("results:\n  mpa: {likes: 点赞}\n", 2, 3, ["unknown key 'mpa'", "did you mean 'map'"]),
        ("results:\n  map: [点赞]\n", 2, 3, ["results: map: a list is not a mapping"]),
        ("results:\n  map:\n    likes: [点赞]\n", 3, 5, ["likes: a list is not the name"]),
        ("results:\n  map:\n    likes:\n", 3, 11, ["has no value"]),
        ("results:\n  map:\n    likes: 点赞\n    shares: 点赞\n", 4, 5,
         ["shares and likes both read the column '点赞'"]),
    ],
)
def test_bad_yaml_settings_name_line_and_column(
    repo: Path, text: str, line: int, column: int, words: list[str]
) -> None:
    error = error_of(repo, "contentplan.yaml", text)
    assert error.file == repo / "contentplan.yaml"
    assert (error.line, error.column) == (line, column), str(error)
    for word in words:
        assert word in str(error)
    assert f":{line}:{column}: invalid settings: " in str(error)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('[tool.contentplan]\nformat = "plain"\nstirct = true\n', 3, ["did you mean 'strict'"]),
        ('[tool.contentplan]\n\nstrict = "maybe"\n', 3, ["strict", "true or false"]),
        ("[tool.contentplan]\ninclude = 3\n", 2, ["include", "list of globs"]),
        ("[tool.contentplan]\nformat = plain\n", 2, ["TOML"]),
        ('[tool.contentplan]\nstrict = true\n\n[tool.contentplan.results.map]\nlieks = "点赞"\n',
         4, ["'lieks' is not a column", "did you mean 'likes'"]),
        ('[tool.contentplan]\nresults = {map = {likes = 3}}\n', 2, ["likes: '3' is not the name"]),
    ],
)
def test_bad_pyproject_settings_name_the_line(
    repo: Path, text: str, line: int, words: list[str]
) -> None:
    error = error_of(repo, "pyproject.toml", '[project]\nname = "x"\n' + text)
    assert error.line == line + 2, str(error)
    for word in words:
        assert word in str(error)


def test_broken_pyproject_that_is_not_ours_is_ignored(repo: Path) -> None:
    write(repo / "pyproject.toml", "[project\nname = \n")
    assert find_settings(repo) == Settings()


def test_alias_bomb_in_settings_is_refused(repo: Path) -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for n in range(1, 9):
        previous = f"*a{n - 1}"
        lines.append(f"a{n}: &a{n} [{', '.join([previous] * 10)}]")
    error = error_of(repo, "contentplan.yaml", "\n".join(lines) + "\n")
    assert error.line >= 1


def test_error_names_the_file_relative_to_the_working_folder(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    error = error_of(repo, "contentplan.yaml", "strict: 1\n")
    monkeypatch.chdir(repo / ".git")
    assert str(error).startswith("../contentplan.yaml:1:9: invalid settings: ")


# ---------------------------------------------------------------- include / exclude


@pytest.fixture
def calendars(repo: Path) -> Path:
    for name in ("xiaomi.yaml", "huawei.yml", "archive/2023.yaml", "2024/q1/oppo.yaml"):
        write(repo / "calendars" / name, CALENDAR)
    write(repo / "calendars" / "README.md", "# calendars\n")
    write(repo / "calendars" / "notes.yaml", "just: notes\n")
    write(repo / "rules" / "default.yaml", RULES)
    return repo


def names(paths: list[Path], root: Path) -> list[str]:
    return [path.relative_to(root).as_posix() for path in paths]


def test_include_folder_means_every_calendar_below_it(calendars: Path) -> None:
    settings = Settings(file=calendars / "contentplan.yaml", include=("calendars",))
    assert names(expand_includes(settings), calendars) == [
        "calendars/2024/q1/oppo.yaml",
        "calendars/archive/2023.yaml",
        "calendars/huawei.yml",
        "calendars/xiaomi.yaml",
    ]


def test_include_globs_keep_only_calendars(calendars: Path) -> None:
    settings = Settings(file=calendars / "contentplan.yaml", include=("**/*.yaml", "**/*.md"))
    assert names(expand_includes(settings), calendars) == [
        "calendars/2024/q1/oppo.yaml",
        "calendars/archive/2023.yaml",
        "calendars/xiaomi.yaml",
    ]


def test_exclude_folders_and_globs(calendars: Path) -> None:
    """A pattern with a '/' is anchored at the settings folder; one without
    matches at any depth; a folder excludes everything below it."""
    settings = Settings(
        file=calendars / "contentplan.yaml",
        include=("calendars/",),
        exclude=("calendars/archive/", "*.yml", "calendars/2024"),
    )
    assert names(expand_includes(settings), calendars) == ["calendars/xiaomi.yaml"]
    assert settings.is_excluded(calendars / "calendars" / "archive" / "2023.yaml")
    assert not settings.is_excluded(calendars / "calendars" / "xiaomi.yaml")
    assert not settings.is_excluded(calendars.parent / "elsewhere.yml")


def test_include_is_relative_to_the_settings_file_not_the_working_folder(
    calendars: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(calendars / "contentplan.yaml", "include: [calendars/xiaomi.yaml]\n")
    monkeypatch.chdir(calendars / "calendars" / "2024")
    settings = find_settings()
    assert expand_includes(settings) == [calendars / "calendars" / "xiaomi.yaml"]


def test_a_named_file_that_is_missing_is_kept_for_check_to_report(calendars: Path) -> None:
    settings = Settings(file=calendars / "contentplan.yaml", include=("calendars/gone.yaml",))
    assert names(expand_includes(settings), calendars) == ["calendars/gone.yaml"]


def test_no_include_gives_nothing(calendars: Path) -> None:
    assert expand_includes(Settings(file=calendars / "contentplan.yaml")) == []


def test_paths_are_unique(calendars: Path) -> None:
    settings = Settings(
        file=calendars / "contentplan.yaml",
        include=("calendars/xiaomi.yaml", "calendars/*.yaml", "calendars"),
    )
    found = names(expand_includes(settings), calendars)
    assert found.count("calendars/xiaomi.yaml") == 1
