"""`contentplan import-results`: a platform's export → a results file
(docs/reference.md#results-files), each row matched to a post of the
calendars, as `check` finds them.

Errors are ``AppError`` (exit 2 at the command line), with the problems met
as lines to print before the message."""

from __future__ import annotations

import codecs
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path
from zoneinfo import ZoneInfo

from contentplan.app import inputs
from contentplan.app.errors import AppError
from contentplan.core.engagement import Measurement
from contentplan.core.limits import DEFAULT_MAX_BYTES
from contentplan.core.model import Post, Problem, Where
from contentplan.core.text import clip
from contentplan.io.csv_in import RowProblem, cell_instant
from contentplan.io.results_csv import OURS, ExportRow, read_export, results_csv
from contentplan.load.gather import display_path
from contentplan.load.results import attach, conflicts


@dataclass
class ImportedResults:
    text: str  # the results file
    rows: int  # rows written
    skipped: list[RowProblem] = field(default_factory=list)  # rows matching no post


def parse_map(values: Sequence[str], settings_map: Mapping[str, str]) -> dict[str, str]:
    """The settings' `results: map:` with ``--map ours=theirs`` (repeated, or
    comma-separated) over it."""
    mapping = dict(settings_map)
    for value in values:
        for pair in value.split(","):
            if not pair.strip():
                continue
            ours, equals, theirs = pair.partition("=")
            ours, theirs = ours.strip().lower(), theirs.strip()
            if not equals or not theirs:
                raise AppError(
                    f"--map {clip(pair.strip())}: write OURS=THEIRS, our column on the left and "
                    "the export's on the right, e.g. --map likes=点赞"
                )
            if ours not in OURS:
                close = get_close_matches(ours, OURS, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                raise AppError(
                    f"--map {clip(pair.strip())}: '{clip(ours)}' is not a column of a results "
                    f"file{hint}; the columns are {', '.join(OURS)}"
                )
            mapping[ours] = theirs
    read_by: dict[str, str] = {}
    for ours, theirs in mapping.items():
        other = read_by.setdefault(theirs.casefold(), ours)
        if other != ours:
            raise AppError(
                f"--map: {other} and {ours} both read the column '{clip(theirs)}': map each "
                "column once"
            )
    return mapping


def export_text(file: Path, max_bytes: int, encoding: str | None = None) -> str:
    """The text of the export: UTF-8 (a BOM allowed), or ``encoding``
    (``gb18030`` for what a Chinese Excel saves). Recorded as an input."""
    if encoding is None:
        try:
            return inputs.csv_text(file, max_bytes)
        except AppError as error:
            if "is not UTF-8" in error.message and _reads_as_gb18030(file, max_bytes):
                raise AppError(
                    f"{error.message}; it reads as GB18030 (GBK), which a Chinese Excel saves: "
                    "pass --encoding gb18030"
                ) from None
            raise
    data = inputs.csv_bytes(file, max_bytes)
    try:
        codecs.lookup(encoding)
        text = data.decode(encoding)  # a codec that is not for text (rot13, zlib): LookupError
    except LookupError:
        raise AppError(
            f"--encoding: '{clip(encoding)}' is not a text encoding: write e.g. gb18030, "
            "utf-16 or latin-1"
        ) from None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise AppError(
            f"{display_path(file)}: line {line} cannot be read as {encoding} (byte "
            f"{error.start}): check --encoding, or save the file as 'CSV UTF-8'"
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def _reads_as_gb18030(file: Path, max_bytes: int) -> bool:
    try:
        with file.open("rb") as handle:
            handle.read(max_bytes + 1).decode("gb18030")
    except (OSError, UnicodeDecodeError):
        return False
    return True


def import_results(
    file: Path,
    *,
    mapping: Mapping[str, str],
    calendar_paths: Sequence[str],
    measured_at: str | None = None,
    dayfirst: bool = False,
    skip_unmatched: bool = False,
    encoding: str | None = None,
    rules_option: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ImportedResults:
    """The results file of an export, or an AppError that lists every bad
    row. Rows that match no post stop the import unless ``skip_unmatched``:
    then they are left out and listed in ``skipped``."""
    if measured_at is not None:
        _, why = cell_instant(measured_at, ZoneInfo("UTC"), dayfirst=dayfirst, end_of_day=True)
        if why is not None:
            raise AppError(f"--measured-at: {why}")
    if file.is_dir():
        raise AppError(_folder_message(file))
    text = export_text(file, max_bytes, encoding)
    found = inputs.settings()
    gathered, looked = inputs.calendars(list(calendar_paths), found, rules_option, max_bytes)
    if gathered.problems:
        raise AppError(
            "the calendars could not be read (`contentplan check` shows why): fix them, then "
            "import again",
            [inputs.problem_text(problem) for problem in gathered.problems],
        )
    posts = [post for brand in gathered.brands for post in brand.posts]
    if not posts:
        raise AppError(
            f"no calendar with posts was found in {looked}: the rows' ids are matched to the "
            "calendars' posts; name the calendars with --calendar, or set `include` in "
            "contentplan.yaml"
        )
    zones = {brand.name: brand.zone for brand in gathered.brands}
    shown = display_path(file)
    export = read_export(text, file=shown, mapping=mapping, measured_at=measured_at)
    if export.problems:
        raise _bad_rows(export.problems, shown)
    by_id: dict[str, list[Post]] = {}
    for post in posts:
        by_id.setdefault(post.id, []).append(post)
    fallback = gathered.brands[0].zone
    measured: list[tuple[Measurement, ZoneInfo]] = []
    problems: list[RowProblem] = []
    when_column = export.columns.get("measured_at", "measured_at")
    for row in export.rows:
        zone = _zone_of(row, by_id, zones, fallback)
        instant, why = cell_instant(row.measured_at, zone, dayfirst=dayfirst, end_of_day=True)
        if instant is None:
            problems.append(RowProblem(shown, row.row, when_column, why or "cannot be read"))
            continue
        where = Where(shown, row.row, 1)
        measured.append((Measurement(row.post_id, instant, row.counts, where, row.brand), zone))
    if problems:
        raise _bad_rows(problems, shown)
    id_column = export.columns.get("id", "id")
    rows = [measurement for measurement, _ in measured]
    clashes = [_row_problem(problem, shown, id_column) for problem in conflicts(rows)]
    if clashes:
        raise _bad_rows(clashes, shown)
    _, unmatched = attach(posts, rows)
    skipped = [_row_problem(problem, shown, id_column) for problem in unmatched]
    if skipped and not skip_unmatched:
        many = len(skipped) != 1
        raise AppError(
            f"{len(skipped)} row{'s' if many else ''} of {shown} match{'' if many else 'es'} "
            "no post, and nothing was written: fix the ids (or name the calendars that hold "
            "them with --calendar), or pass --skip-unmatched to write the other rows",
            [problem.text for problem in skipped],
        )
    left_out = {problem.row for problem in skipped}
    kept = [(m, zone) for m, zone in measured if m.where is None or m.where.line not in left_out]
    if skipped and not kept:
        raise AppError(
            f"no row of {shown} matches a post, so nothing was written: check that its id "
            "column holds the calendars' post ids (--map id=COLUMN), and name the calendars "
            "that hold them with --calendar",
            [problem.text for problem in skipped],
        )
    with_brand = len(gathered.brands) > 1 or any(m.brand for m, _ in kept)
    return ImportedResults(results_csv(kept, with_brand=with_brand), len(kept), skipped)


def _zone_of(
    row: ExportRow,
    by_id: Mapping[str, list[Post]],
    zones: Mapping[str, ZoneInfo],
    fallback: ZoneInfo,
) -> ZoneInfo:
    """The zone of the row's post, whose wall clock a time without an offset
    is; a row that matches no post is reported by ``attach`` later."""
    for post in by_id.get(row.post_id, []):
        if row.brand is None or post.brand == row.brand:
            return zones.get(post.brand, fallback)
    return fallback


def _row_problem(problem: Problem, file: str, column: str) -> RowProblem:
    return RowProblem(file, problem.line, column, problem.message)


def _bad_rows(problems: Sequence[RowProblem], shown: str) -> AppError:
    rows = {problem.row for problem in problems if problem.row}
    many = len(problems) != 1
    where = f"{len(rows)} row{'s' if len(rows) != 1 else ''} of {shown}" if rows else shown
    return AppError(
        f"{len(problems)} problem{'s' if many else ''} in {where}; nothing was written. Fix "
        f"{'them' if many else 'it'}, then import again",
        [problem.text for problem in problems],
    )


def _folder_message(folder: Path) -> str:
    shown = display_path(folder).rstrip("/") + "/"
    found = sorted(display_path(path) for path in folder.glob("*.csv") if path.is_file())
    if found:
        return (
            f"{shown} is a folder: import-results reads one export file; name it, e.g. "
            f"{found[0]}"
        )
    return f"{shown} is a folder, with no .csv file in it: import-results reads one export file"
