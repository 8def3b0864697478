"""From paths on the command line to brands ready to check
(docs/reference.md#which-rules-file-applies, docs/reference.md#checks).

It finds calendar files (the paths given, or the settings' `include` globs:
the one discovery every command uses), loads them, resolves each calendar's rules (first
match wins: --rules, the calendar's `rules:`, the settings' `rules:`,
./rules/default.yaml, the built-in defaults), checks that every platform,
pillar and campaign a post names exists, and groups the posts by brand.
Files of one brand must agree on time zone and rules.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path

from contentplan.core.files import display_path as display_path  # shown paths: one function
from contentplan.core.limits import DEFAULT_MAX_BYTES, read_at_most
from contentplan.core.model import Brand, Calendar, Problem, Rules, Stamp, Where
from contentplan.load.calendar import check_references, load_calendar
from contentplan.load.rules import load_rules
from contentplan.load.settings import (
    SETTINGS_FILE,
    Settings,
    is_inside,
    repository_of,
    segment_matcher,
)

_YAML_SUFFIXES = (".yaml", ".yml")
_GLOB_CHARS = re.compile(r"[*?\[]")


@dataclass
class Gathered:
    brands: list[Brand] = field(default_factory=list)
    calendars: list[Calendar] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0

    @property
    def posts(self) -> int:
        return sum(len(calendar.posts) for calendar in self.calendars)


def discover(
    paths: Sequence[str],
    excluded: Callable[[Path], bool] = lambda path: False,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> tuple[list[Path], list[Problem]]:
    """Calendar files under the given paths, and the problems met finding
    them. A file given by name is taken as it is (it must be a regular
    file); a folder is scanned (``scan_folder``)."""
    found: list[Path] = []
    problems: list[Problem] = []
    for given in paths:
        path = Path(given)
        met_here: Iterable[Path | Problem] = (
            scan_folder(path, excluded, max_bytes) if path.is_dir() else [_given(path)]
        )
        for met in met_here:
            if isinstance(met, Problem):
                problems.append(met)
            else:
                found.append(met)
    return _unique(found), problems


def discover_calendars(
    paths: Sequence[str], settings: Settings, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[list[Path], list[Problem]]:
    """The one discovery of `check`: the PATHs given (``discover``); else the
    settings' `include` globs (``discover_includes``: each file it keeps is
    then taken as a file given by name, so a path that is not there is
    named); else the current folder."""
    if paths:
        return discover(paths, settings.is_excluded, max_bytes)
    if settings.include and settings.file is not None:
        included, problems = discover_includes(settings, max_bytes=max_bytes)
        found: list[Path] = []
        for met in map(_given, included):
            if isinstance(met, Problem):
                problems.append(met)
            else:
                found.append(met)
        return _unique(found), problems
    return discover(["."], settings.is_excluded, max_bytes)


def _given(path: Path) -> Path | Problem:
    """A file given by name: taken as it is when it is a regular file."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return Problem(display_path(path), 0, 0, "no such file or folder: check the path")
    except OSError as error:
        return _unreadable(path, error)
    return path if stat.S_ISREG(mode) else _not_regular(path)


def _unique(found: list[Path]) -> list[Path]:
    """Each file once (by where its links lead), in the order shown."""
    unique: dict[str, Path] = {}
    for path in found:
        unique.setdefault(os.path.realpath(path), path)
    return sorted(unique.values(), key=display_path)


def scan_folder(
    folder: Path,
    excluded: Callable[[Path], bool] = lambda path: False,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Path | Problem]:
    """Every file below a folder that ``scan_file`` keeps, and a Problem for
    each folder that cannot be read (a gate must not pass having silently
    skipped one). Folders whose name starts with '.', `node_modules` and
    excluded folders are not entered; links to folders are not followed."""
    errors: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=errors.append):
        yield from (_unreadable(Path(error.filename or root), error) for error in errors)
        errors.clear()
        dirs[:] = sorted(d for d in dirs if not _skipped(d) and not excluded(Path(root) / d))
        for name in sorted(files):
            path = Path(root) / name
            yaml_name = name.lower().endswith(_YAML_SUFFIXES)  # x.YAML too
            if yaml_name and not name.startswith(".") and not excluded(path):
                met = scan_file(path, max_bytes)
                if met is not None:
                    yield met
    yield from (_unreadable(Path(error.filename or folder), error) for error in errors)


def folder_problems(
    folder: Path, excluded: Callable[[Path], bool], *, below: bool
) -> Iterator[Problem]:
    """A Problem for the folder, or (``below``) any folder under it as
    ``scan_folder`` enters them, that cannot be read; nothing is opened but
    folders."""
    errors: list[OSError] = []
    for root, dirs, _ in os.walk(folder, onerror=errors.append):
        dirs[:] = (
            [d for d in dirs if not _skipped(d) and not excluded(Path(root) / d)] if below else []
        )
    yield from (_unreadable(Path(error.filename or folder), error) for error in errors)


def _skipped(name: str) -> bool:
    return name.startswith(".") or name == "node_modules"


def scan_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Path | Problem | None:
    """A YAML file met in a folder scan or matched by an `include` glob: the
    path when it is to be loaded, None when it is no calendar, or a Problem.

    It is loaded when its first ``max_bytes`` bytes hold a top-level
    `posts:`, when it looks like a calendar without one (a top-level
    `version` with `brand` or `timezone`, and no backlog `items`), and when
    it is not UTF-8 text: the loader then says what is wrong, as it does for
    a file named directly. A link that leads outside the repository is a
    Problem and is not read; so is anything but a regular file (a pipe would
    block the run for ever), which is never opened. A file that cannot be
    read is kept, for the loader to say why."""
    try:
        if path.is_symlink():
            boundary = repository_of(path)
            if not is_inside(path, boundary):
                return Problem(
                    display_path(path),
                    0,
                    0,
                    "this is a link to a file outside the repository "
                    f"({display_path(boundary)}): check does not follow it; put the file "
                    "itself here, or name it on the command line",
                )
        if not stat.S_ISREG(os.stat(path).st_mode):
            return _not_regular(path)
        head = read_head(path, max_bytes)
    except OSError:
        return path  # the loader says why it cannot be read
    if head is None:
        return _not_regular(path)
    return path if _is_calendar_like(head, max_bytes) else None


def read_head(path: Path, max_bytes: int) -> bytes | None:
    """The first ``max_bytes`` bytes of a regular file; None when the path is
    not a regular file (it may have been swapped since it was looked at: it
    is opened without waiting and judged by what was opened)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    with open(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return read_at_most(handle, max_bytes)


# A key at the start of a line: plain or quoted, after `--- `, `? ` (an explicit
# key) or `{` (a flow mapping that starts on that line). The lookahead makes the
# many lines that cannot start a key cheap to pass over.
_TOP_KEY = re.compile(
    rb"(?m)^(?=[\xef\-{?\"'pvbti])(?:\xef\xbb\xbf)?(?:---[ \t]+)?(\{[ \t]*)?(?:\?[ \t]+)?"
    rb"([\"']?)(posts|version|brand|timezone|items)\2[ \t]*:"
)
# A top-level merge key (`<<: {posts: [...]}` or `<<: *anchor`) brings keys
# written elsewhere, mid-line or indented.
_TOP_MERGE = re.compile(rb"(?m)^(?=<)<<[ \t]*:")
# In a mapping written `{version: 1, brand: b, posts: [...]}` (or merged) the
# keys after the first are mid-line: there any of these counts.
_FLOW_KEYS = {
    name: re.compile(name + rb"[\"']?[ \t]*:")
    for name in (b"posts", b"version", b"brand", b"timezone", b"items")
}


def _is_calendar_like(head: bytes, max_bytes: int) -> bool:
    keys: set[bytes] = set()
    flow = False
    for match in _TOP_KEY.finditer(head):
        keys.add(match[3])
        flow = flow or bool(match[1])
    if flow or _TOP_MERGE.search(head):
        keys |= {name for name, key in _FLOW_KEYS.items() if key.search(head)}
    if b"posts" in keys:
        return True
    if b"\x00" in head or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True  # UTF-16 or binary: not text the loader can read
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A file cut at max_bytes may end inside a character.
        if not (len(head) >= max_bytes and error.start >= len(head) - 3):
            return True
    return b"version" in keys and bool(keys & {b"brand", b"timezone"}) and b"items" not in keys


def _unreadable(path: Path, error: OSError) -> Problem:
    return Problem(
        display_path(path),
        0,
        0,
        f"cannot read this folder ({error.strerror or error}): check skips nothing it "
        "was asked to read; give read access, or leave the folder out (`exclude` in "
        "the settings)"
        if path.is_dir()
        else f"cannot read this file ({error.strerror or error}): give read access",
    )


def _not_regular(path: Path) -> Problem:
    return Problem(
        display_path(path),
        0,
        0,
        "this is not a regular file (a pipe, device or socket): check reads only regular "
        "files; name a calendar file, or move this out of the folder",
    )


# ---------------------------------------------------------------- include globs


def expand_includes(settings: Settings, root: Path | None = None) -> list[Path]:
    """The calendar files the `include` globs name (``discover_includes``
    without its problems)."""
    return discover_includes(settings, root)[0]


def discover_includes(
    settings: Settings, root: Path | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[list[Path], list[Problem]]:
    """The calendar files the `include` globs name, less the `exclude`d ones,
    and the problems met on the way.

    Globs are relative to ``root`` (default: the settings folder, else the
    current folder). A glob match that is a folder is scanned as a PATH is
    (``scan_folder``); a YAML file a glob matches is judged as a file
    met in a scan (``scan_file``), so `**/*.yaml` does not sweep up
    rules files but does report a calendar without `posts:`. A path written
    without wildcards is kept even when it does not exist, so that `check`
    can say so. Whatever a glob reaches through a link must stay inside the
    repository of the settings file. An empty `include` gives an empty list:
    `check` then uses the current folder.
    """
    base = (root or settings.root or Path.cwd()).absolute()
    boundary = repository_of(settings.file if settings.file is not None else base / SETTINGS_FILE)
    found: dict[str, Path] = {}
    problems: list[Problem] = []
    for pattern in settings.include:
        for met in _matches(base, pattern, settings.is_excluded, max_bytes, boundary):
            if isinstance(met, Problem):
                problems.append(met)
            elif not is_inside(met, boundary):
                problems.append(_outside(met, pattern, boundary))
            elif not settings.is_excluded(met):
                found.setdefault(os.path.realpath(met), met)
    return sorted(found.values(), key=lambda path: path.as_posix()), problems


def _matches(
    base: Path, pattern: str, excluded: Callable[[Path], bool], max_bytes: int, boundary: Path
) -> Iterator[Path | Problem]:
    if not _GLOB_CHARS.search(pattern):
        literal = Path(os.path.normpath(base / pattern))
        if literal.is_dir() and is_inside(literal, boundary):
            yield from scan_folder(literal, excluded, max_bytes)
        else:
            yield literal
        return
    # glob passes over folders it cannot read: look for them first.
    parts = Path(pattern).parts
    fixed = next((n for n, part in enumerate(parts) if _GLOB_CHARS.search(part)), len(parts))
    start = Path(os.path.normpath(base.joinpath(*parts[:fixed])))
    if start.is_dir() and is_inside(start, boundary):
        yield from folder_problems(start, excluded, below="**" in pattern)
    for text in sorted(_glob(str(base / pattern))):
        path = Path(os.path.normpath(text))
        if not is_inside(path, boundary):
            yield _outside(path, pattern, boundary)
        elif path.is_dir():
            yield from scan_folder(path, excluded, max_bytes)
        elif path.suffix in _YAML_SUFFIXES and not excluded(path):
            met = scan_file(path, max_bytes)
            if met is not None:
                yield met


def _glob(pattern: str) -> set[str]:
    """What ``glob.glob(pattern, recursive=True)`` finds, in time that grows
    with the folders times the pattern's parts: glob walks the tree again for
    each ``**``, so thirty of them never finish. The walk keeps each (folder,
    part of the pattern) pair once. As in glob, wildcards skip names that
    start with '.' unless the part does too, ``**`` matches any number of
    folders (none included), and a trailing '/' keeps folders only."""
    folders_only = pattern.endswith(("/", os.sep))
    absolute = pattern.startswith(("/", os.sep))
    parts = [part for part in pattern.replace(os.sep, "/").split("/") if part]
    magic = next((n for n, part in enumerate(parts) if _GLOB_CHARS.search(part)), len(parts))
    start = os.path.join(os.sep if absolute else "", *parts[:magic]) or os.curdir
    rest = parts[magic:]
    found: set[str] = set()
    if not rest:  # no wildcard: the path itself, when it is there
        if os.path.isdir(start) if folders_only else os.path.lexists(start):
            found.add(start)
        return found
    if not os.path.isdir(start):
        return found
    # Depth first, in name order, so that a folder reached twice (through a
    # link) is named by the path that sorts first, as glob's sorted list does.
    seen: set[tuple[str, int]] = set()
    todo = [(start, 0)]
    while todo:
        folder, at = todo.pop()
        key = (os.path.realpath(folder), at)
        if key in seen:
            continue
        seen.add(key)
        if at == len(rest):
            found.add(folder)
            continue
        part = rest[at]
        last = at + 1 == len(rest)
        if part == "**":
            below = []
            for name, is_dir in _listing(folder):
                if not name.startswith("."):
                    if is_dir:
                        below.append((os.path.join(folder, name), at))
                    elif last and not folders_only:
                        found.add(os.path.join(folder, name))
            todo += reversed(below)
            todo.append((folder, at + 1))
            continue
        if not _GLOB_CHARS.search(part):
            path = os.path.join(folder, part)
            if last:
                if os.path.isdir(path) if folders_only else os.path.lexists(path):
                    found.add(path)
            elif os.path.isdir(path):
                todo.append((path, at + 1))
            continue
        match = segment_matcher(part)
        hidden = part.startswith(".")
        below = []
        for name, is_dir in _listing(folder):
            if (hidden or not name.startswith(".")) and match(name):
                path = os.path.join(folder, name)
                if last:
                    if is_dir or not folders_only:
                        found.add(path)
                elif is_dir:
                    below.append((path, at + 1))
        todo += reversed(below)
    return found


def _listing(folder: str) -> list[tuple[str, bool]]:
    """A folder's names, each with whether it is a folder (links followed)."""
    try:
        with os.scandir(folder) as entries:
            return sorted((entry.name, _is_dir(entry)) for entry in entries)
    except OSError:
        return []


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _outside(path: Path, pattern: str, boundary: Path) -> Problem:
    return Problem(
        display_path(path),
        0,
        0,
        f"include: '{pattern}' leads here, outside the repository ({display_path(boundary)}), "
        "through a link: check does not read it; put the file itself inside, or name it "
        "on the command line",
    )


class RulesCache:
    """Each rules file is read once per run, and its problems reported once."""

    def __init__(self) -> None:
        self._loaded: dict[str | None, Rules] = {}
        self.problems: list[Problem] = []

    def get(self, path: str | None) -> Rules:
        key = os.path.realpath(path) if path else None
        if key not in self._loaded:
            rules, problems = load_rules(path, display_path(path) if path else "<built-in>")
            self._loaded[key] = rules
            self.problems.extend(problems)
        return self._loaded[key]


def resolve_rules_path(
    calendar: Calendar | None, rules_option: str | None, settings_rules: str | None
) -> str | None:
    """Which rules file applies (docs/reference.md#which-rules-file-applies):
    --rules, the calendar's `rules:` (when there is a calendar), the
    settings' `rules:`, ./rules/default.yaml; None means the built-in
    defaults. Every command resolves rules here."""
    if rules_option:
        return rules_option
    if calendar is not None and calendar.rules_ref:
        return calendar.rules_ref
    if settings_rules:
        return settings_rules
    default = Path("rules") / "default.yaml"
    return str(default) if default.is_file() else None


def gather(
    paths: Sequence[str],
    *,
    rules_option: str | None = None,
    settings_rules: str | None = None,
    excluded: Callable[[Path], bool] = lambda path: False,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Gathered:
    """Discover the calendars under ``paths``, then ``load_found``."""
    files, problems = discover(paths, excluded, max_bytes)
    return load_found(
        files,
        problems,
        rules_option=rules_option,
        settings_rules=settings_rules,
        max_bytes=max_bytes,
    )


def load_found(
    files: Sequence[Path],
    problems: Sequence[Problem] = (),
    *,
    rules_option: str | None = None,
    settings_rules: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Gathered:
    """Load discovered calendar files (after the problems met finding them),
    resolve their rules and group them by brand."""
    result = Gathered()
    result.problems = list(problems)
    result.files = len(files)
    cache = RulesCache()
    if rules_option and not Path(rules_option).is_file():
        result.problems.append(
            Problem(display_path(rules_option), 0, 0, "no such rules file: check --rules")
        )
        return result
    by_brand: dict[str, list[tuple[Calendar, Rules, str | None]]] = {}
    broken_brands: set[str] = set()
    for path in files:
        calendar, problems = load_calendar(str(path), display_path(path), max_bytes)
        result.problems.extend(problems)
        if calendar is None:
            continue
        result.calendars.append(calendar)
        rules_path = resolve_rules_path(calendar, rules_option, settings_rules)
        if not rules_option and calendar.rules_ref and rules_path == calendar.rules_ref:
            confined = _confinement_problem(calendar, rules_path)
            if confined is not None:
                result.problems.append(confined)
                broken_brands.add(calendar.brand)
                continue
        if rules_path and not Path(rules_path).is_file():
            result.problems.append(
                Problem(
                    calendar.file,
                    1,
                    1,
                    f"the rules file {display_path(rules_path)} does not exist: "
                    "fix the `rules:` path or pass --rules",
                )
            )
            broken_brands.add(calendar.brand)
            continue
        rules = cache.get(rules_path)
        references = check_references(calendar, rules)
        result.problems.extend(references)
        if problems or references:
            broken_brands.add(calendar.brand)
        by_brand.setdefault(calendar.brand, []).append((calendar, rules, rules_path))
    result.problems.extend(cache.problems)
    if cache.problems:
        return result
    shown = set(result.problems)  # a set: a rules file can bring thousands
    for name, members in by_brand.items():
        agreement = _agreement_problems(name, members)
        agreement += _rules_instant_problems(members[0][0].timezone, members[0][1])
        for problem in agreement:
            if problem not in shown:  # one rules file, several brands
                shown.add(problem)
                result.problems.append(problem)
        if agreement or name in broken_brands:
            continue
        result.brands.append(_brand(name, members))
    return result


def _confinement_problem(calendar: Calendar, rules_path: str) -> Problem | None:
    """A calendar may come from an untrusted pull request: its `rules:` may
    only name a YAML file inside its own repository (``settings.repository_of``),
    so that a calendar cannot make `check` read (and quote from) any file on
    the CI machine."""
    boundary = repository_of(Path(calendar.path))
    target = Path(os.path.realpath(rules_path))
    if is_inside(target, boundary) and target.suffix in _YAML_SUFFIXES:
        return None
    return Problem(
        calendar.file,
        1,
        1,
        f"`rules:` must name a .yaml file inside the repository ({display_path(boundary)}), "
        f"not {display_path(rules_path)}: move the rules file there, or pass --rules",
    )


def _rules_instant_problems(zone_name: str, rules: Rules) -> list[Problem]:
    """A rules instant without an offset is local to each calendar
    that uses it, and one in a DST gap or overlap there is a schema error
    that names both readings. Campaign launches, and blackout bounds with a
    time (a bound at 00:00 may be a date, which is never an error)."""
    from contentplan.core.clock import ClockError, resolve
    from contentplan.core.limits import MAX_PROBLEMS
    from contentplan.core.quoting import quote
    from contentplan.load.calendar import load_zone
    from contentplan.load.compose import too_many

    zone = load_zone(zone_name)
    if zone is None:
        return []
    places: list[tuple[str, Stamp, Where | None]] = [
        (f"campaigns.{quote(campaign.name, 100)}.launch", campaign.launch, campaign.where)
        for campaign in rules.campaigns.values()
    ]
    for index, blackout in enumerate(rules.blackouts, 1):
        for key, bound in (("from", blackout.start), ("to", blackout.end)):
            if bound is not None and bound.naive.time() != time():
                places.append((f"blackout {index}: {key}", bound, blackout.where))
    problems: list[Problem] = []
    for what, stamp, where in places:
        try:
            resolve(stamp, zone)
        except ClockError as error:
            file, line, column = (
                (where.file, where.line, where.column) if where else (rules.source or "", 1, 1)
            )
            # The message names the zone, not the brand: brands that share the
            # zone share the problem, and it is reported once.
            problem = Problem(file, line, column, f"{what}: {error}")
            if len(problems) >= MAX_PROBLEMS:
                problems.append(too_many(problem))
                break
            problems.append(problem)
    return problems


def _agreement_problems(
    name: str, members: list[tuple[Calendar, Rules, str | None]]
) -> list[Problem]:
    first, _, first_rules = members[0]
    problems: list[Problem] = []
    seen: dict[str, Calendar] = {}
    for calendar, _, rules_path in members:
        if calendar.timezone != first.timezone:
            problems.append(
                Problem(
                    calendar.file,
                    calendar.posts_where.line,
                    calendar.posts_where.column,
                    f"brand {name} uses time zone {first.timezone} in {first.file} but "
                    f"{calendar.timezone} here: files of one brand must agree on `timezone`",
                )
            )
        if _norm(rules_path) != _norm(first_rules):
            problems.append(
                Problem(
                    calendar.file,
                    calendar.posts_where.line,
                    calendar.posts_where.column,
                    f"brand {name} uses rules {_shown(first_rules)} in {first.file} but "
                    f"{_shown(rules_path)} here: files of one brand must resolve to the "
                    "same rules",
                )
            )
        for post in calendar.posts:
            other = seen.get(post.id)
            if other is not None and other.file != calendar.file:
                problems.append(
                    Problem(
                        post.file,
                        post.where.line,
                        post.where.column,
                        f"post id {post.id} is also used in {other.file}: ids must be "
                        f"unique across all of brand {name}'s files; rename one",
                        post.id,
                    )
                )
            seen.setdefault(post.id, calendar)
    return problems


def _norm(path: str | None) -> str | None:
    return os.path.realpath(path) if path else None


def _shown(path: str | None) -> str:
    return display_path(path) if path else "the built-in defaults"


def _brand(name: str, members: list[tuple[Calendar, Rules, str | None]]) -> Brand:
    calendars = tuple(calendar for calendar, _, _ in members)
    posts = sorted(
        (post for calendar in calendars for post in calendar.posts),
        key=lambda post: post.sort_key,
    )
    return Brand(
        name=name,
        timezone=calendars[0].timezone,
        rules=members[0][1],
        posts=tuple(posts),
        calendars=calendars,
    )
