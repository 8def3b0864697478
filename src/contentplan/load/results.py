"""Results files (docs/reference.md#results-files) → ``Measurement``s, and
each measured post with the measurement that counts for it.

A results file is a CSV file (``results/*.csv``) whose first non-empty row
names the columns, or the same rows as YAML::

    id,measured_at,impressions,likes,comments,shares
    spring-teaser-1,2025-03-04T20:00:00+08:00,48210,1532,210,96

    version: 1
    results:
      - {id: spring-teaser-1, measured_at: 2025-03-04 20:00+08:00, likes: 1532}

``id`` and ``measured_at`` are required; ``brand`` (for an id two brands
share) and the counts of ``engagement.METRICS`` may be given. A count left
empty, or left out, was not measured: it is not 0. Counts are whole numbers
from 0, written with digits only (``import-results`` reads exports written
``1,234`` or ``1.2万``). ``measured_at`` is a date and time with an offset or
``Z``: a results file is read without a calendar, so a wall-clock time alone
would not say which instant it is.

Every problem of every file is reported, with the file, the line and the
column (in characters) where the bad cell starts. A folder means every
``.csv``, ``.yaml`` and ``.yml`` file below it (folders starting with '.'
are not entered); a file whose suffix is a near miss (``.cvs``) is a problem,
never skipped silently, and so is a folder with no results file at all.
"""

from __future__ import annotations

import csv
import difflib
import io
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from contentplan.core import clock
from contentplan.core.engagement import METRICS, Measurement, latest
from contentplan.core.files import display_path
from contentplan.core.limits import DEFAULT_MAX_BYTES, MAX_PROBLEMS
from contentplan.core.model import Post, Problem, Where
from contentplan.core.quoting import quote, quote_names
from contentplan.load.calendar import ID_PATTERN
from contentplan.load.compose import too_many
from contentplan.load.decode import read_text
from contentplan.load.fields import Issues, TooManyProblems, describe, read_file, suggest
from contentplan.load.nodes import MapNode, Node, ScalarNode, SeqNode
from contentplan.load.settings import is_inside, repository_of

__all__ = [
    "COLUMNS",
    "LARGEST_COUNT",
    "Outcome",
    "RESULTS_KEYS",
    "ROW_KEYS",
    "attach",
    "conflicts",
    "csv_trouble",
    "parse_measured_at",
    "read_results",
    "read_results_file",
]

# The columns of a results file, in the order `import-results` writes them.
COLUMNS: tuple[str, ...] = ("id", "measured_at", "brand", *METRICS)
REQUIRED: tuple[str, ...] = ("id", "measured_at")
RESULTS_KEYS = ("version", "results")
ROW_KEYS = COLUMNS
SUFFIXES = (".csv", ".yaml", ".yml")
# Above any audience a platform has (Douyin counts about 8 × 10^8 users; a
# view count can reach billions, not trillions): a larger count is a typo.
LARGEST_COUNT = 10**12
_DIGITS = re.compile(r"[0-9]+", re.ASCII)


@dataclass(frozen=True, slots=True)
class Outcome:
    """A post and the measurement that counts for it (its latest)."""

    post: Post
    measurement: Measurement


# ---------------------------------------------------------------- files


def read_results(
    paths: Sequence[str], max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[list[Measurement], list[Problem]]:
    """Every measurement of the results files under ``paths`` (files, or
    folders scanned for results files), and every problem met. Files are
    read in the order of their shown path; rows in file order."""
    measurements: list[Measurement] = []
    problems: list[Problem] = []
    files: dict[str, Path] = {}
    for given in paths:
        for met in _find(Path(given)):
            if isinstance(met, Problem):
                problems.append(met)
            else:
                files.setdefault(os.path.realpath(met), met)
    for path in sorted(files.values(), key=display_path):
        rows, found = read_results_file(str(path), display_path(path), max_bytes)
        measurements.extend(rows)
        problems.extend(found)
    problems.extend(conflicts(measurements))
    return measurements, problems


def _find(path: Path) -> Iterator[Path | Problem]:
    shown = display_path(path)
    try:
        is_dir = path.is_dir()
        exists = path.exists()
    except OSError as error:
        yield Problem(shown, 0, 0, f"cannot read this path ({error.strerror or error})")
        return
    if is_dir:
        found = list(_scan(path))
        if not found:
            found.append(
                Problem(
                    shown,
                    0,
                    0,
                    "no results file (.csv, .yaml or .yml) in this folder: put the results "
                    "there (`contentplan import-results` makes one from an export), or name "
                    "the files",
                )
            )
        yield from found
    elif not exists:
        yield Problem(shown, 0, 0, "no such file or folder: check the path")
    elif path.suffix.lower() not in SUFFIXES:
        yield Problem(
            shown,
            0,
            0,
            "a results file ends in .csv, .yaml or .yml: rename it, or name the "
            "results folder",
        )
    else:
        yield path


# Files that often sit beside results and are no misspelt results file: pages
# and charts (insights --html), exports kept as they came, notes.
_OTHER_FILES = frozenset(
    {".html", ".htm", ".svg", ".png", ".pdf", ".xml", ".json", ".xlsx", ".xls", ".tsv",
     ".txt", ".md", ".zip", ".bak", ".orig"}
)


def _scan(folder: Path) -> Iterator[Path | Problem]:
    errors: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=errors.append):
        for error in errors:
            yield _unreadable(Path(error.filename or root), error)
        errors.clear()
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "node_modules")
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(root) / name
            suffix = path.suffix.lower()
            if suffix in _OTHER_FILES or name.endswith(("~", "#")):
                continue  # a page or an export beside the results, an editor's backup
            close = difflib.get_close_matches(suffix, SUFFIXES, n=1, cutoff=0.6)
            if suffix in SUFFIXES:
                yield _outside(path) or path
            elif suffix and close:
                yield Problem(
                    display_path(path),
                    0,
                    0,
                    f"not read: a results file ends in .csv, .yaml or .yml (did you mean "
                    f"'{close[0]}'?): rename it, or move it out of the folder",
                )
    for error in errors:
        yield _unreadable(Path(error.filename or folder), error)


def _outside(path: Path) -> Problem | None:
    """A link met in a folder that leads out of the repository is not
    followed, as `check` does not follow one to a calendar."""
    if not path.is_symlink():
        return None
    boundary = repository_of(path)
    if is_inside(path, boundary):
        return None
    return Problem(
        display_path(path),
        0,
        0,
        f"this is a link to a file outside the repository ({display_path(boundary)}): it is "
        "not followed; put the file itself here, or name it on the command line",
    )


def _unreadable(path: Path, error: OSError) -> Problem:
    return Problem(
        display_path(path),
        0,
        0,
        f"cannot read this folder ({error.strerror or error}): give read access, or "
        "leave it out",
    )


def read_results_file(
    path: str, display: str, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[list[Measurement], list[Problem]]:
    """The measurements of one results file (CSV or YAML, by its suffix).
    A file with any problem gives its good rows and the problems."""
    if path.lower().endswith(".csv"):
        text, problems = read_text(path, display, max_bytes)
        if text is None:
            return [], [_as_csv(problem) for problem in problems]
        return read_results_csv(text, display)
    rows, problems = read_file(path, display, _read_yaml, max_bytes)
    return rows or [], problems


def _as_csv(problem: Problem) -> Problem:
    """The decoder speaks of YAML calendars; here the file is CSV."""
    message = problem.message.replace(
        "not YAML text; give a calendar saved", "not CSV text; give a results file saved"
    ).replace("name a YAML file", "name a results file")
    return Problem(problem.file, problem.line, problem.column, message, problem.post_id)


# ---------------------------------------------------------------- CSV


def read_results_csv(text: str, display: str) -> tuple[list[Measurement], list[Problem]]:
    """The measurements of a results CSV text (decoded; a leading BOM is
    dropped)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    read: list[str] = []
    # Lines end only at \n, \r or \r\n, as the csv module reads them.
    reader = csv.reader(_recorded(io.StringIO(text, newline=""), read), strict=True)
    header: dict[str, int] | None = None
    rows: list[Measurement] = []
    problems: list[Problem] = []
    first_line = 1
    try:
        for cells in reader:
            raw, read[:] = "".join(read), []
            line, first_line = first_line, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            starts = _cell_starts(raw, line)
            if header is None:
                header = _header(cells, starts, display, problems)
                if header is None:
                    return [], problems
                continue
            row = _csv_row(cells, starts, header, display, problems)
            if row is not None:
                rows.append(row)
            if len(problems) > MAX_PROBLEMS:
                problems[MAX_PROBLEMS:] = [too_many(problems[MAX_PROBLEMS])]
                return rows, problems
    except csv.Error as error:
        problems.append(Problem(display, first_line, 1, csv_trouble(error)))
        return rows, problems
    if header is None:
        problems.append(
            Problem(
                display,
                1,
                1,
                "the file is empty: the first row must name the columns, e.g. "
                "id,measured_at,likes,comments,shares",
            )
        )
    return rows, problems


def csv_trouble(error: csv.Error) -> str:
    """What a csv module error means for the person holding the file."""
    if "field larger than field limit" in str(error):
        return (
            f"a cell holds more than {csv.field_size_limit():,} characters, far more than any "
            "id, time or count: check that this is the right file, and that its quotes "
            "are closed"
        )
    return (
        f"cannot be read as CSV ({error}): a cell that holds a comma, a quote or a line "
        'break must be quoted, with quotes inside doubled (""); save the file as CSV again'
    )


def _recorded(lines: Iterable[str], read: list[str]) -> Iterator[str]:
    """The lines, each kept in ``read`` as the reader takes it: the raw text
    of a row is what the reader took for it."""
    for line in lines:
        read.append(line)
        yield line


def _cell_starts(raw: str, line: int) -> list[tuple[int, int]]:
    """(line, column) where each cell of a row's raw text starts, read as the
    csv module's default dialect does (``,`` between cells, ``"`` quotes a
    cell that starts with it, ``""`` is a quote inside quotes)."""
    starts = [(line, 1)]
    column = 1
    quoted = False
    at_start = True
    index = 0
    while index < len(raw):
        char = raw[index]
        if quoted:
            if char == '"':
                if raw[index + 1 : index + 2] == '"':
                    index, column = index + 2, column + 2
                    continue
                quoted = False
            elif char == "\n" or (char == "\r" and raw[index + 1 : index + 2] != "\n"):
                index, line, column = index + 1, line + 1, 1
                continue
        elif char in "\r\n":
            break
        elif char == ",":
            index, column = index + 1, column + 1
            starts.append((line, column))
            at_start = True
            continue
        elif char == '"' and at_start:
            quoted = True
        at_start = False
        index, column = index + 1, column + 1
    return starts


def _place(starts: Sequence[tuple[int, int]], index: int) -> tuple[int, int]:
    return starts[index] if index < len(starts) else starts[-1]


def _header(
    cells: Sequence[str], starts: Sequence[tuple[int, int]], display: str, problems: list[Problem]
) -> dict[str, int] | None:
    header: dict[str, int] = {}
    before = len(problems)
    for index, cell in enumerate(cells):
        name = cell.strip().lower()
        line, column = _place(starts, index)
        if not name:
            problems.append(
                Problem(display, line, column, "a column has no name: name it, or delete it")
            )
        elif name not in COLUMNS:
            problems.append(
                Problem(
                    display,
                    line,
                    column,
                    f"'{quote(cell.strip())}' is not a column of a results file."
                    f"{suggest(name, COLUMNS)} The columns are {', '.join(COLUMNS)}; "
                    "an export with other names is read by `contentplan import-results`",
                )
            )
        elif name in header:
            problems.append(
                Problem(display, line, column, f"the column '{name}' appears twice: keep one")
            )
        else:
            header[name] = index
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        line, column = _place(starts, 0)
        problems.append(
            Problem(
                display,
                line,
                column,
                f"the header has no {' and no '.join(missing)} column: the first row must name "
                "the columns, e.g. id,measured_at,likes,comments,shares",
            )
        )
    return header if len(problems) == before else None


def _csv_row(
    cells: Sequence[str],
    starts: Sequence[tuple[int, int]],
    header: Mapping[str, int],
    display: str,
    problems: list[Problem],
) -> Measurement | None:
    width = max(header.values()) + 1
    row_line, row_column = _place(starts, 0)
    extra = [index for index in range(width, len(cells)) if cells[index].strip()]
    if extra:
        line, column = _place(starts, extra[0])
        problems.append(
            Problem(
                display,
                line,
                column,
                f"the row has {len(cells)} cells but the header names {width} columns: "
                "quote cells that hold a comma, or delete the extra cells",
            )
        )
        return None

    def cell(name: str) -> tuple[str, int, int]:
        index = header[name]
        text = cells[index].strip() if index < len(cells) else ""
        return (text, *_place(starts, index))

    before = len(problems)
    fields = _Fields(display, problems)
    post_id = fields.id(*cell("id"))
    measured_at = fields.measured_at(*cell("measured_at"), post_id)
    brand = fields.brand(*cell("brand"), post_id) if "brand" in header else None
    counts: dict[str, int] = {}
    for name in METRICS:
        if name in header:
            value = fields.count(name, *cell(name), post_id)
            if value is not None:
                counts[name] = value
    if len(problems) != before or post_id is None or measured_at is None:
        return None
    if not counts:
        problems.append(
            Problem(
                display,
                row_line,
                row_column,
                f"the row of {post_id} has no count: fill in at least one of "
                f"{', '.join(METRICS)}, or delete the row",
                post_id,
            )
        )
        return None
    where = Where(display, row_line, row_column)
    return Measurement(post_id, measured_at, counts, where, brand)


class _Fields:
    """Reads the cells (or YAML values) of one row, reporting bad ones."""

    def __init__(self, display: str, problems: list[Problem]) -> None:
        self.display = display
        self.problems = problems

    def add(self, line: int, column: int, message: str, post_id: str | None) -> None:
        self.problems.append(Problem(self.display, line, column, message, post_id))

    def id(self, text: str, line: int, column: int) -> str | None:
        if not text:
            self.add(line, column, "id is empty: write the id of the post in its calendar", None)
            return None
        if not ID_PATTERN.fullmatch(text):
            self.add(
                line,
                column,
                f"'{quote(text)}' is not a post id: an id holds only letters, digits, '.', "
                "'_' and '-'; copy it from the calendar",
                None,
            )
            return None
        return text

    def brand(self, text: str, line: int, column: int, post_id: str | None) -> str | None:
        return text or None

    def measured_at(
        self, text: str, line: int, column: int, post_id: str | None
    ) -> datetime | None:
        if not text:
            self.add(
                line,
                column,
                "measured_at is empty: write when the counts were read, e.g. "
                "2025-03-10 20:00+08:00",
                post_id,
            )
            return None
        try:
            return parse_measured_at(text)
        except clock.ClockError as error:
            self.add(line, column, f"measured_at: {error}", post_id)
            return None

    def count(
        self, name: str, text: str, line: int, column: int, post_id: str | None
    ) -> int | None:
        if not text:
            return None  # not measured
        if not _DIGITS.fullmatch(text):
            self.add(
                line,
                column,
                f"{name} is '{quote(text)}', which is not a whole number: write digits only, "
                "e.g. 1234, or leave the cell empty if it was not measured "
                "(`contentplan import-results` reads exports written 1,234 or 1.2万)",
                post_id,
            )
            return None
        digits = text.lstrip("0") or "0"
        if len(digits) > len(str(LARGEST_COUNT)) or int(digits) > LARGEST_COUNT:
            self.add(
                line,
                column,
                f"{name} is {quote(text, 20)}, which is too large: a count is at most "
                f"{LARGEST_COUNT:,}; check the cell",
                post_id,
            )
            return None
        return int(digits)


def parse_measured_at(text: str) -> datetime:
    """A date and time with an offset or ``Z``, as an aware UTC instant
    (``2025-03-10 20:00+08:00``, ``2025-03-10T12:00:00Z``); ClockError
    says what to write otherwise."""
    stamp = clock.parse_stamp(text)
    if stamp.aware is None:
        written = text.strip()
        raise clock.ClockError(
            f"'{quote(written)}' has no offset: write it with the offset of its time "
            f"zone, e.g. {written}+08:00, or with Z for UTC (a results file is read "
            "without its calendar, so the time alone does not say which instant it is)"
        )
    return stamp.aware.astimezone(UTC)


# ---------------------------------------------------------------- YAML


def _read_yaml(root: MapNode, issues: Issues) -> list[Measurement]:
    issues.unknown_keys(root, RESULTS_KEYS, "at the top of a results file")
    issues.version(root)
    node = root.get("results")
    if node is None:
        issues.add(root, "the file has no 'results:': add 'results:' with a list of rows")
        return []
    if isinstance(node, ScalarNode) and node.is_null:
        return []
    if not isinstance(node, SeqNode):
        issues.add(
            node,
            f"results must be a list of rows, not {describe(node)}: start each row with "
            "'- ' on its own line under results:",
        )
        return []
    rows: list[Measurement] = []
    for item in node.items:
        row = _yaml_row(item, issues)
        if row is not None:
            rows.append(row)
    return rows


def _yaml_row(node: Node, issues: Issues) -> Measurement | None:
    if not isinstance(node, MapNode):
        issues.add(
            node,
            f"each row must be a mapping of keys, not {describe(node)}: write id:, "
            "measured_at: and the counts after the '- '",
        )
        return None
    before = len(issues.problems)
    fields = _Fields(issues.file, _Capped(issues))

    def value(key: str) -> tuple[str, int, int] | None:
        found = node.get(key)
        if found is None:
            return None
        if not isinstance(found, ScalarNode):
            issues.text(found, key)  # says it must be a single value
            return None
        text = "" if found.is_null else found.value
        return text.strip(), found.line, found.column

    given_id = value("id")
    post_id = None if given_id is None else fields.id(*given_id)
    issues.unknown_keys(node, ROW_KEYS, "in a results row", post_id)
    for key in REQUIRED:
        if key not in node.entries:
            issues.add(node, f"the row has no '{key}:': add it", post_id)
    stamp = value("measured_at")
    measured_at = None if stamp is None else fields.measured_at(*stamp, post_id)
    brand_value = value("brand")
    brand = None if brand_value is None else fields.brand(*brand_value, post_id)
    counts: dict[str, int] = {}
    for name in METRICS:
        given = value(name)
        if given is not None:
            number = fields.count(name, *given, post_id)
            if number is not None:
                counts[name] = number
    if len(issues.problems) != before or post_id is None or measured_at is None:
        return None
    if not counts:
        issues.add(
            node,
            f"the row of {post_id} has no count: add at least one of "
            f"{', '.join(METRICS)}, or delete the row",
            post_id,
        )
        return None
    return Measurement(post_id, measured_at, counts, node.where(issues.file), brand)


class _Capped(list[Problem]):
    """A list that hands each problem to ``Issues.add``, which stops the
    file at MAX_PROBLEMS."""

    def __init__(self, issues: Issues) -> None:
        super().__init__()
        self.issues = issues

    def append(self, problem: Problem) -> None:
        if len(self.issues.problems) >= MAX_PROBLEMS:
            self.issues.problems.append(too_many(problem))
            raise TooManyProblems
        self.issues.problems.append(problem)


# ---------------------------------------------------------------- rows together


def conflicts(measurements: Sequence[Measurement]) -> list[Problem]:
    """Two rows for one post at one instant with different counts: which is
    right cannot be told. The same row twice (an export imported twice) is
    fine."""
    seen: dict[tuple[str | None, str, datetime], Measurement] = {}
    problems: list[Problem] = []
    for row in measurements:
        key = (row.brand, row.post_id, row.measured_at)
        held = seen.get(key)
        if held is None:
            seen[key] = row
        elif held.counts != row.counts and row.where is not None:
            first = held.where
            place = f"{first.file}:{first.line}" if first is not None else "another row"
            problems.append(
                Problem(
                    row.where.file,
                    row.where.line,
                    row.where.column,
                    f"{row.post_id} was also measured at {_shown(row.measured_at)} in {place}, "
                    "with other counts: keep the right row and delete the other",
                    row.post_id,
                )
            )
    return problems


def _shown(instant: datetime) -> str:
    return instant.strftime("%Y-%m-%d %H:%M:%SZ")


# ---------------------------------------------------------------- posts


def attach(
    posts: Sequence[Post], measurements: Sequence[Measurement]
) -> tuple[list[Outcome], list[Problem]]:
    """Each measured post with its latest measurement (``engagement.latest``),
    in the posts' order (instant, then id), and a Problem for every row whose
    id (and brand, when the row names one) matches no post, matches posts of
    two brands, or was measured before the post went out."""
    by_id: dict[str, list[Post]] = {}
    for each in posts:
        by_id.setdefault(each.id, []).append(each)
    problems: list[Problem] = []
    groups: dict[tuple[str, str], list[Measurement]] = {}
    chosen: dict[tuple[str, str], Post] = {}
    for row in measurements:
        post = _post_of(row, by_id.get(row.post_id, []), problems)
        if post is None:
            continue
        if row.measured_at < post.instant:
            problems.append(
                _row_problem(
                    row,
                    f"{row.post_id} was measured at {_shown(row.measured_at)}, before it went "
                    f"out ({_shown(post.instant)} in {post.file}): check measured_at, or the "
                    "id",
                )
            )
            continue
        key = (post.brand, post.id)
        groups.setdefault(key, []).append(row)
        chosen[key] = post
    outcomes = [Outcome(chosen[key], latest(rows)[key[1]]) for key, rows in groups.items()]
    outcomes.sort(key=lambda outcome: outcome.post.sort_key)
    return outcomes, problems


def _post_of(row: Measurement, candidates: Sequence[Post], problems: list[Problem]) -> Post | None:
    if row.brand is not None:
        matching = [post for post in candidates if post.brand == row.brand]
    else:
        matching = list(candidates)
    if len(matching) == 1:
        return matching[0]
    if not matching:
        if candidates:
            held = quote_names(sorted({post.brand for post in candidates}))
            message = (
                f"no post with id {row.post_id} in brand {quote(row.brand or '')}: the calendars "
                f"read have it in {held}; fix the brand column, or the id"
            )
        else:
            message = (
                f"no post with id {quote(row.post_id)} in the calendars read: check the id, "
                "or also give the calendar that holds it"
            )
        problems.append(_row_problem(row, message))
        return None
    brands = sorted({post.brand for post in matching})
    if len(brands) > 1:
        problems.append(
            _row_problem(
                row,
                f"the id {row.post_id} names posts of brands {quote_names(brands)}: add a brand "
                "column that says which one was measured",
            )
        )
    else:  # one brand's files already refuse an id used twice
        problems.append(
            _row_problem(row, f"the id {row.post_id} names {len(matching)} posts: rename one")
        )
    return None


def _row_problem(row: Measurement, message: str) -> Problem:
    where = row.where
    if where is None:
        return Problem("", 0, 0, message, row.post_id)
    return Problem(where.file, where.line, where.column, message, row.post_id)
