"""Project settings (docs/reference.md#settings): `contentplan.yaml`, or `[tool.contentplan]`
in `pyproject.toml`, found by searching upward from the current folder.

```yaml
# contentplan.yaml
rules: rules/default.yaml      # a path, relative to this file
include: ["calendars/**/*.yaml"]  # globs, relative to this file
exclude: ["calendars/archive/"]
format: plain                  # auto|rich|plain|json|sarif|junit|github
strict: true
since: today                   # or a date, 2024-03-01
allow_empty: false             # true: a run that finds no calendar passes
results:                       # how `import-results` reads a platform's export
  map: {likes: 点赞, comments: 评论, shares: 转发}   # our column: the export's
```

How the search goes: from the start folder upward, the first folder that holds
`contentplan.yaml`, or a `pyproject.toml` with a `[tool.contentplan]` table,
wins; in one folder `contentplan.yaml` wins over `pyproject.toml`. The search
stops at the repository root (the folder that holds `.git`), so a checkout
never picks up settings from a folder around it.

Bad settings raise one error type, ``SettingsError``, with the file, line and
column and a message that says what to write (exit 2 at the command line).
Values are read from their text (docs/reference.md#how-values-are-read):
`strict: yes` is not a boolean, it is an error that asks for `true` or
`false`.
"""

from __future__ import annotations

import difflib
import fnmatch
import functools
import os
import re
import stat
import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from contentplan.core.engagement import METRICS
from contentplan.core.files import display_path, record_input
from contentplan.core.limits import MAX_DEPTH, nesting_place
from contentplan.core.quoting import quote
from contentplan.core.report_formats import REPORT_FORMATS
from contentplan.load.compose import parse_text
from contentplan.load.nodes import MapNode, Node, ScalarNode, SeqNode

SETTINGS_FILE = "contentplan.yaml"
PYPROJECT = "pyproject.toml"
KEYS = ("rules", "include", "exclude", "format", "strict", "since", "allow_empty", "results")
RESULTS_KEYS = ("map",)
MAX_SETTINGS_BYTES = 1024 * 1024  # settings are a few lines; refuse anything huge unread

_YAML_SUFFIXES = (".yaml", ".yml")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


class SettingsError(Exception):
    """Settings that cannot be used; ``str()`` reads
    ``contentplan.yaml:3:9: invalid settings: …`` like a compiler message."""

    def __init__(self, file: Path, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.file = file
        self.line = line
        self.column = column
        self.message = message

    def __str__(self) -> str:
        where = _shown(self.file)
        if self.line:
            where += f":{self.line}:{self.column}"
        return f"{where}: invalid settings: {self.message}"


@dataclass(frozen=True, slots=True)
class Settings:
    """What the settings file says; every field is None or empty when unset.
    Command-line options win over these (docs/reference.md#settings)."""

    file: Path | None = None  # the settings file; None when none was found
    rules: Path | None = None  # absolute
    include: tuple[str, ...] = ()  # globs relative to the settings folder
    exclude: tuple[str, ...] = ()
    format: str | None = None
    strict: bool | None = None
    since: str | None = None  # "today" or YYYY-MM-DD, already checked
    allow_empty: bool | None = None  # a run that finds no calendar passes
    # `results: {map: {likes: 点赞}}`: (our column, the export's column) pairs.
    results_map: tuple[tuple[str, str], ...] = ()

    @property
    def root(self) -> Path | None:
        """The folder of the settings file: what `include`, `exclude` and
        `rules` are relative to."""
        return self.file.parent if self.file is not None else None

    def since_day(self, today: date | None = None) -> date | None:
        """`since` as a date; `today` is the local date (or the one given)."""
        if self.since is None:
            return None
        if self.since == "today":
            return today if today is not None else date.today()
        return date.fromisoformat(self.since)

    def is_excluded(self, path: Path) -> bool:
        """True when an `exclude` glob matches the path or a folder above it.
        Paths outside the settings folder are never excluded."""
        if not self.exclude or self.root is None:
            return False
        relative = _relative_parts(path, self.root)
        if relative is None:
            return False
        return any(
            _exclude_matcher(pattern)(relative[: n + 1])
            for n in range(len(relative))
            for pattern in self.exclude
        )


# ---------------------------------------------------------------- discovery


def find_settings(start: Path | None = None) -> Settings:
    """The settings that apply in ``start`` (default: the current folder);
    empty Settings when there are none."""
    for folder in _upward(Path(start) if start is not None else Path.cwd()):
        candidate = folder / SETTINGS_FILE
        if candidate.is_file():
            return read_yaml_settings(candidate)
        pyproject = folder / PYPROJECT
        if pyproject.is_file():
            found = read_pyproject_settings(pyproject)
            if found is not None:
                return found
    return Settings()


def _upward(start: Path) -> Iterator[Path]:
    folder = start.absolute()
    if folder.is_file():
        folder = folder.parent
    while True:
        yield folder
        if (folder / ".git").exists() or folder.parent == folder:
            return
        folder = folder.parent


@functools.lru_cache(maxsize=256)
def segment_matcher(part: str) -> Callable[[str], re.Match[str] | None]:
    """One '/'-free part of a glob as a matcher of one name. fnmatch's
    translation does not backtrack without bound on many '*'."""
    return re.compile(fnmatch.translate(part)).match


@functools.lru_cache(maxsize=256)
def _exclude_matcher(pattern: str) -> Callable[[list[str]], bool]:
    """An `exclude` glob (see ``_glob_regex``) as a test of a path's parts.
    Parts are matched one by one, each (pattern part, path part) pair once, so
    that many ``**`` cannot make the test exponential as a regex would."""
    text = pattern.strip().replace("\\", "/")
    while text.startswith("./"):
        text = text[2:]
    text = text.rstrip("/")
    if "/" not in text:
        text = "**/" + text
    parts = text.split("/")
    if any("**" in part and part != "**" for part in parts):
        regex = _glob_regex(pattern)  # `a**b` spans folders: rare, kept as a regex
        return lambda names: regex.fullmatch("/".join(names)) is not None
    if parts[-1] == "**":
        parts[-1:] = ["*", "**"]  # a last `**` stands for one folder or more
    matchers = [None if part == "**" else segment_matcher(part) for part in parts]
    last = len(matchers)

    def closure(reached: set[int]) -> set[int]:
        # `**` may match no folder: reaching it reaches the part after it.
        for j in sorted(reached):
            while j < last and matchers[j] is None:
                j += 1
                reached.add(j)
        return reached

    def matches(names: list[str]) -> bool:
        # The pattern parts matched so far, each set at most len(parts) long.
        reached = closure({0})
        for name in names:
            step: set[int] = set()
            for j in reached:
                if j < last:
                    matcher = matchers[j]
                    if matcher is None:
                        step.add(j)  # `**` takes this folder too
                    elif matcher(name):
                        step.add(j + 1)
            reached = closure(step)
            if not reached:
                return False
        return last in reached

    return matches


def _relative_parts(path: Path, root: Path) -> list[str] | None:
    relative = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    parts = Path(relative).parts
    if not parts or parts[0] == os.pardir or Path(relative).is_absolute():
        return None
    return list(parts)


def _glob_regex(pattern: str) -> re.Pattern[str]:
    """A glob as a regex over '/'-separated relative paths: `*` and `?` stay
    inside one folder, `**` spans folders, a pattern without `/` matches at any
    depth (as in .gitignore), and a trailing `/` means the folder."""
    text = pattern.strip().replace("\\", "/")
    while text.startswith("./"):
        text = text[2:]
    text = text.rstrip("/")
    if "/" not in text:
        text = "**/" + text
    out: list[str] = []
    i = 0
    while i < len(text):
        if text.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif text.startswith("**", i):
            out.append(".*")
            i += 2
        elif text[i] == "*":
            out.append("[^/]*")
            i += 1
        elif text[i] == "?":
            out.append("[^/]")
            i += 1
        elif text[i] == "[" and "]" in text[i + 2 :]:
            end = text.index("]", i + 2)
            body = text[i + 1 : end]
            if body.startswith("!"):
                body = "^" + body[1:]
            # '[', '&', '~' and '|' are plain characters in a glob's set; in a
            # regex set they are escaped (Python warns of set operations).
            out.append("[" + re.sub(r"([\\\[&~|])", r"\\\1", body) + "]")
            i = end + 1
        else:
            out.append(re.escape(text[i]))
            i += 1
    return re.compile("".join(out))


# ---------------------------------------------------------------- the repository


def repository_of(path: Path) -> Path:
    """The repository a file belongs to: the boundary that `rules:` (of a
    calendar or of the settings) and `include:` may not leave, and that a
    link met in a folder scan may not lead out of.

    From the file's folder upward (links in the folders resolved, the file's
    own link not): the nearest folder that holds `.git`; else the nearest
    that holds settings (`contentplan.yaml`, or a `pyproject.toml` with
    `[tool.contentplan]`); else the folder above the file's own, where
    `calendars/` and `rules/` sit side by side. The current folder plays no
    part, so the boundary does not depend on where the command is run from.
    The filesystem root is never the boundary: a file in a folder just below
    it is confined to that folder, and ``is_inside`` holds nothing inside
    the root itself."""
    folder = Path(os.path.realpath(Path(path).absolute().parent))
    above = [candidate for candidate in (folder, *folder.parents) if candidate.parent != candidate]
    for candidate in above:
        if (candidate / ".git").exists():
            return candidate
    for candidate in above:
        if _holds_settings(candidate):
            return candidate
    if folder.parent.parent != folder.parent:
        return folder.parent
    return folder


def is_inside(path: Path, boundary: Path) -> bool:
    """True when the path, links resolved, is the boundary or below it."""
    if boundary.parent == boundary:
        return False
    target = Path(os.path.realpath(path))
    return target == boundary or boundary in target.parents


def _holds_settings(folder: Path) -> bool:
    if (folder / SETTINGS_FILE).is_file():
        return True
    pyproject = folder / PYPROJECT
    try:
        if not pyproject.is_file():
            return False
        with open(pyproject, "rb") as handle:
            head = handle.read(MAX_SETTINGS_BYTES).decode("utf-8", "replace")
    except OSError:
        return False
    return any(_TOML_HEADER.match(line) for line in head.splitlines())


# ---------------------------------------------------------------- contentplan.yaml

_NOTHING = re.compile(r"(?:[ \t]*(?:#[^\n]*)?(?:\r?\n|$))*(?:---[ \t]*(?:\r?\n|$))?", re.S)


def read_yaml_settings(file: Path) -> Settings:
    """Read with the loader's node reader (contentplan.load.compose): the
    same caps on aliases and nesting as calendars, no tags constructed, every
    value kept as the text that was written, duplicate keys refused."""
    text = _read_text(file)
    if _NOTHING.fullmatch(text):
        return Settings(file=file)  # an empty file (or comments only): no settings
    root, problems = parse_text(text, _shown(file))
    if problems:
        first = problems[0]
        raise SettingsError(file, first.line, first.column, first.message)
    if root is None:  # pragma: no cover - parse_text reports why
        raise SettingsError(file, 1, 1, "the file must be a mapping of keys, e.g. `strict: true`")
    values: dict[str, tuple[Any, int, int]] = {}
    for key, value in root.pairs:
        _known_key(file, key.value, key.line, key.column)
        values[key.value] = (_plain(file, key.value, value), value.line, value.column)
    return _settings(file, values)


def _plain(file: Path, key: str, node: Node) -> Any:
    """Scalars stay the text that was written; a list becomes a list of its
    items' text. The readers below then say what each key needs."""
    if isinstance(node, ScalarNode):
        if node.is_null:
            raise SettingsError(file, node.line, node.column, f"{key}: has no value: {_WANT[key]}")
        return node.value
    if isinstance(node, SeqNode):
        items = []
        for item in node.items:
            if not isinstance(item, ScalarNode) or item.is_null:
                raise SettingsError(
                    file, item.line, item.column, f"{key}: every item must be text: {_WANT[key]}"
                )
            items.append(item.value)
        return items
    if isinstance(node, MapNode) and key == "results":
        return _Table(
            {
                name.value: (_plain(file, key, value), name.line, name.column)
                for name, value in node.pairs
            },
            node.line,
            node.column,
        )
    return _Shape(node.kind)


@dataclass(frozen=True, slots=True)
class _Shape:
    """A value of the wrong shape (a mapping where text was needed), kept
    only to be named in the error."""

    kind: str


@dataclass(frozen=True, slots=True)
class _Table:
    """A mapping under `results:`, each value with the line and column of
    its key."""

    entries: dict[str, tuple[Any, int, int]]
    line: int
    column: int


# ---------------------------------------------------------------- pyproject.toml

_TOML_HEADER = re.compile(r"^\s*\[\s*tool\s*\.\s*contentplan\s*\]\s*(?:#.*)?$")
_TOML_RESULTS = re.compile(r"^\s*\[\s*tool\s*\.\s*contentplan\s*\.\s*results\b")
_TOML_AT = re.compile(r"\(at line ([0-9]+), column ([0-9]+)\)")


def read_pyproject_settings(file: Path) -> Settings | None:
    """`[tool.contentplan]` of a pyproject.toml, or None when it has none."""
    text = _read_text(file)
    try:
        document = tomllib.loads(text)
    except RecursionError:
        if "contentplan" not in text:
            return None  # not ours to judge, as below
        line, column = nesting_place(text)
        raise SettingsError(
            file, line, column, f"TOML nests deeper than {MAX_DEPTH} levels: flatten it"
        ) from None
    except tomllib.TOMLDecodeError as error:
        if "contentplan" not in text:
            return None  # a broken pyproject.toml that is not ours to judge
        where = _TOML_AT.search(str(error))
        line, column = (int(where[1]), int(where[2])) if where else (1, 1)
        message = _TOML_AT.sub("", str(error)).strip()
        raise SettingsError(file, line, column, f"TOML syntax: {message}") from None
    table = document.get("tool", {}).get("contentplan")
    if table is None:
        return None
    lines = text.splitlines()
    header = next((n for n, line in enumerate(lines, 1) if _TOML_HEADER.match(line)), 1)
    if not isinstance(table, dict):
        raise SettingsError(file, header, 1, "[tool.contentplan] must be a table")
    values: dict[str, tuple[Any, int, int]] = {}
    for key, value in table.items():
        line, column = _toml_key_place(lines, header, key)
        _known_key(file, key, line, column)
        if isinstance(value, date) and not hasattr(value, "hour"):
            value = value.isoformat()  # `since = 2024-03-01` is a TOML date
        if key == "results" and isinstance(value, dict):
            # tomllib keeps no positions: a [tool.contentplan.results…] header is the place.
            line = next(
                (n for n, text in enumerate(lines, 1) if _TOML_RESULTS.match(text)), line
            )
            value = _toml_table(value, line, column)
        values[key] = (value, line, column)
    return _settings(file, values)


def _toml_table(table: dict[str, Any], line: int, column: int) -> _Table:
    return _Table(
        {
            name: (_toml_table(value, line, column) if isinstance(value, dict) else value,
                   line, column)
            for name, value in table.items()
        },
        line,
        column,
    )


def _toml_key_place(lines: list[str], header: int, key: str) -> tuple[int, int]:
    """Where `key = …` sits in the [tool.contentplan] table (tomllib keeps no
    positions); the table's header when it cannot be found."""
    pattern = re.compile(rf"^(\s*)(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')\s*=")
    for number in range(header, len(lines)):
        line = lines[number]
        if line.lstrip().startswith("["):
            break
        match = pattern.match(line)
        if match:
            return number + 1, len(match[1]) + 1
    return header, 1


# ---------------------------------------------------------------- values


def _known_key(file: Path, key: str, line: int, column: int) -> None:
    if key in KEYS:
        return
    close = difflib.get_close_matches(key, KEYS, n=1) if len(key) <= 100 else []
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    raise SettingsError(
        file, line, column, f"unknown key '{quote(key)}'{hint}; known keys: {', '.join(KEYS)}"
    )


def _settings(file: Path, values: dict[str, tuple[Any, int, int]]) -> Settings:
    fields: dict[str, Any] = {}
    for key, (value, line, column) in values.items():
        fields[key] = _READERS[key](file, value, line, column)
    if "results" in fields:
        fields["results_map"] = fields.pop("results")
    return Settings(file=file, **fields)


def _text(file: Path, key: str, value: Any, line: int, column: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise SettingsError(file, line, column, f"{key}: {_kind(value)} is not {_WANT[key]}")
    return value.strip()


def _read_rules(file: Path, value: Any, line: int, column: int) -> Path:
    """The settings may come from an untrusted pull request, as calendars
    do: their `rules:` may only name a YAML file inside the repository (a
    link is judged by where it leads). --rules on the command line is the
    user's own choice and is not confined."""
    text = _text(file, "rules", value, line, column)
    path = Path(os.path.normpath(file.parent.absolute() / text))
    boundary = repository_of(file)
    if not is_inside(path, boundary) or Path(os.path.realpath(path)).suffix not in _YAML_SUFFIXES:
        raise SettingsError(
            file,
            line,
            column,
            f"rules: must name a .yaml file inside the repository ({_shown(boundary)}), "
            f"not {text}: move the rules file there, or remove `rules:` here and pass --rules",
        )
    return path


def _read_globs(key: str) -> Callable[[Path, Any, int, int], tuple[str, ...]]:
    def read(file: Path, value: Any, line: int, column: int) -> tuple[str, ...]:
        items: Iterable[Any] = [value] if isinstance(value, str) else value
        if not isinstance(items, list | tuple) or not items:
            raise SettingsError(file, line, column, f"{key}: {_kind(value)} is not {_WANT[key]}")
        globs = tuple(_text(file, key, item, line, column) for item in items)
        for pattern in globs:
            try:
                _glob_regex(pattern)
            except re.error as error:
                raise SettingsError(
                    file,
                    line,
                    column,
                    f"{key}: '{pattern}' is not a glob: {error.msg} in [...]; write a range "
                    "low to high, e.g. [a-z], or [[] for a '[' itself",
                ) from None
        for pattern in globs if key == "include" else ():
            parts = pattern.replace("\\", "/").split("/")
            if os.path.isabs(pattern) or pattern.startswith(("/", "~")) or ".." in parts:
                raise SettingsError(
                    file,
                    line,
                    column,
                    f"include: '{pattern}' leads outside the folder of this file: write "
                    "globs relative to it that stay inside, e.g. calendars/, or name "
                    "the files on the command line",
                )
        return globs

    return read


def _read_format(file: Path, value: Any, line: int, column: int) -> str:
    text = _text(file, "format", value, line, column).lower()
    if text not in REPORT_FORMATS:
        close = difflib.get_close_matches(text, REPORT_FORMATS, n=1) if len(text) <= 100 else []
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise SettingsError(
            file, line, column,
            f"format: '{quote(str(value))}' is not one of {', '.join(REPORT_FORMATS)}{hint}",
        )
    return text


def _read_bool(key: str) -> Callable[[Path, Any, int, int], bool]:
    def read(file: Path, value: Any, line: int, column: int) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        raise SettingsError(file, line, column, f"{key}: {_kind(value)} is not {_WANT[key]}")

    return read


def _read_since(file: Path, value: Any, line: int, column: int) -> str:
    text = _text(file, "since", value, line, column)
    if text.lower() == "today":
        return "today"
    if not _DATE.fullmatch(text):
        raise SettingsError(file, line, column, f"since: '{text}' is not {_WANT['since']}")
    from contentplan.core.clock import ClockError, parse_date

    try:
        parse_date(text)
    except ClockError as error:
        raise SettingsError(file, line, column, f"since: {error}") from None
    return text


# The columns a results file has, which `results: map:` may name.
RESULT_COLUMNS = ("id", "measured_at", "brand", *METRICS)


def _read_results(file: Path, value: Any, line: int, column: int) -> tuple[tuple[str, str], ...]:
    """`results: {map: {likes: 点赞, ...}}`: for `import-results`, which
    column of a platform's export holds each of ours."""
    if not isinstance(value, _Table):
        raise SettingsError(
            file, line, column, f"results: {_kind(value)} is not {_WANT['results']}"
        )
    for key, (_, key_line, key_column) in value.entries.items():
        if key not in RESULTS_KEYS:
            raise SettingsError(
                file, key_line, key_column,
                f"results: unknown key '{quote(key)}'{_near(key, RESULTS_KEYS)}; the key here "
                f"is map: {_WANT['results']}",
            )
    entry = value.entries.get("map")
    if entry is None:
        return ()
    table, line, column = entry
    if not isinstance(table, _Table):
        raise SettingsError(file, line, column, f"results: map: {_kind(table)} is not "
                                                f"{_WANT['results']}")
    pairs: list[tuple[str, str]] = []
    taken: dict[str, str] = {}
    for ours, (theirs, at_line, at_column) in table.entries.items():
        if ours not in RESULT_COLUMNS:
            raise SettingsError(
                file, at_line, at_column,
                f"results: map: '{quote(ours)}' is not a column of a results file"
                f"{_near(ours, RESULT_COLUMNS)}; the columns are {', '.join(RESULT_COLUMNS)}",
            )
        if not isinstance(theirs, str) or not theirs.strip():
            raise SettingsError(
                file, at_line, at_column,
                f"results: map: {ours}: {_kind(theirs)} is not the name of a column of the "
                "export, e.g. 点赞",
            )
        name = theirs.strip()
        if name.casefold() in taken:
            raise SettingsError(
                file, at_line, at_column,
                f"results: map: {ours} and {taken[name.casefold()]} both read the column "
                f"'{quote(name)}': map each column once",
            )
        taken[name.casefold()] = ours
        pairs.append((ours, name))
    return tuple(pairs)


def _near(word: str, choices: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, choices, n=1) if len(word) <= 100 else []
    return f" (did you mean '{close[0]}'?)" if close else ""


_WANT = {
    "rules": "a path to a rules file, e.g. rules/default.yaml",
    "include": 'a list of globs, e.g. ["calendars/**/*.yaml"]',
    "exclude": 'a list of globs, e.g. ["calendars/archive/"]',
    "format": "one of " + ", ".join(REPORT_FORMATS),
    "strict": "true or false",
    "since": "a date (YYYY-MM-DD, e.g. 2024-03-01) or today",
    "allow_empty": "true or false",
    "results": "a mapping like map: {likes: 点赞, comments: 评论}",
}

_READERS: dict[str, Callable[[Path, Any, int, int], Any]] = {
    "rules": _read_rules,
    "include": _read_globs("include"),
    "exclude": _read_globs("exclude"),
    "format": _read_format,
    "strict": _read_bool("strict"),
    "since": _read_since,
    "allow_empty": _read_bool("allow_empty"),
    "results": _read_results,
}


def _kind(value: Any) -> str:
    if isinstance(value, _Shape):
        return value.kind
    if isinstance(value, _Table):
        return "a mapping"
    if isinstance(value, str):
        return f"'{quote(value)}'" if value.strip() else "an empty value"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return f"'{quote(str(value))}'"


def _read_text(file: Path) -> str:
    try:
        # Opened without waiting, and only a regular file is read: a pipe
        # named contentplan.yaml must not block the run.
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with open(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise SettingsError(file, 0, 0, "this is not a regular file: settings are a file")
            raw = handle.read(MAX_SETTINGS_BYTES + 1)
    except OSError as error:
        raise SettingsError(file, 0, 0, f"cannot read: {error.strerror or error}") from None
    record_input(file, raw)
    if len(raw) > MAX_SETTINGS_BYTES:
        raise SettingsError(file, 1, 1, f"larger than {MAX_SETTINGS_BYTES} bytes")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise SettingsError(file, line, 1, "not UTF-8 text") from None


def _shown(path: Path) -> str:
    return display_path(path)
