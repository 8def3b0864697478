"""From settings and paths to a command's inputs: the one place that finds
the settings, discovers calendars (``gather.discover_calendars``), resolves
rules (``gather.resolve_rules_path``) and reads a backlog against them.

Errors are ``AppError`` (exit 2 at the command line), with the problems
met as lines to print before the message."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from contentplan.app.errors import AppError
from contentplan.core.limits import DEFAULT_MAX_BYTES
from contentplan.core.model import Backlog, Calendar, Problem, Rules
from contentplan.core.text import safe_text
from contentplan.load.gather import (
    Gathered,
    discover,
    discover_calendars,
    display_path,
    gather,
    load_found,
    resolve_rules_path,
)
from contentplan.load.settings import Settings, SettingsError, find_settings


def settings() -> Settings:
    """The project's settings (empty when there are none)."""
    try:
        return find_settings()
    except SettingsError as error:
        raise AppError(str(error)) from None


def settings_rules(found: Settings) -> str | None:
    """The settings' `rules:` as a path, or None."""
    return str(found.rules) if found.rules else None


def settings_since(found: Settings) -> date | None:
    """The settings' `since:` as a date."""
    try:
        return found.since_day()
    except ValueError as error:
        raise AppError(f"{found.file}: invalid settings: since: {error}") from None


def calendars(
    paths: Sequence[str] | None,
    found: Settings,
    rules_option: str | None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> tuple[Gathered, str]:
    """`check`'s inputs: PATH wins; else the settings' `include` globs; else
    the current folder. Also where the run looked, in words, for the
    message when it finds nothing."""
    files, problems = discover_calendars(paths or [], found, max_bytes)
    if paths:
        looked = ", ".join(display_path(path) for path in paths)
    elif found.include and found.file is not None:
        looked = (
            f"the `include` globs of {display_path(found.file)} ({', '.join(found.include)})"
        )
    else:
        looked = f"the current folder ({Path.cwd()})"
    gathered = load_found(
        files,
        problems,
        rules_option=rules_option,
        settings_rules=settings_rules(found),
        max_bytes=max_bytes,
    )
    return gathered, looked


def given(
    paths: Sequence[str],
    rules_option: str | None,
    settings_rules: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Gathered:
    """Calendars under the paths given (report), without the settings'
    `include` and `exclude`."""
    return gather(
        paths, rules_option=rules_option, settings_rules=settings_rules, max_bytes=max_bytes
    )


def one_calendar(
    file: Path,
    rules_option: str | None,
    settings_rules: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Gathered:
    """One calendar file given by name (show, export, plan's --calendar, fix)."""
    return given([str(file)], rules_option, settings_rules, max_bytes)


def refuse_folder(path: Path, command: str) -> None:
    """A command that works on one calendar file (export, fix), given a
    folder: an error that names the calendars found in it."""
    if not path.is_dir():
        return
    shown = display_path(path).rstrip("/") + "/"
    found = [display_path(file) for file in discover([str(path)])[0]]
    if not found:
        raise AppError(
            f"{shown} is a folder, and no calendar is in it: {command} takes one calendar file"
        )
    message = f"{shown} is a folder; {command} takes one calendar file: give one, e.g. {found[0]}"
    if len(found) > 1:
        more = f", and {len(found) - 5} more" if len(found) > 5 else ""
        message += f" (the calendars in it: {', '.join(found[:5])}{more})"
    raise AppError(message)


def rules_alone(
    option: str | None,
    settings_rules: str | None,
    shown: Callable[[str], str] = display_path,
) -> tuple[Rules, list[Problem]]:
    """The rules when there is no calendar (plan without --calendar, import):
    resolved as for a calendar without `rules:`; an error when the file
    resolved to is not there (``shown`` names it in the message)."""
    from contentplan.load.rules import load_rules

    path = resolve_rules_path(None, option, settings_rules)
    if path is not None and not Path(path).is_file():
        raise AppError(f"{shown(path)}: no such rules file: check --rules")
    return load_rules(path, display_path(path) if path else "<built-in>")


def rules_used(
    calendar: Calendar | None, option: str | None, settings_rules: str | None
) -> str | None:
    """The rules file a run used for a calendar (or for none), as an
    absolute path; None for the built-in defaults."""
    path = resolve_rules_path(calendar, option, settings_rules)
    return os.path.abspath(path) if path else None


def written_rules(rules: str | None, target: Path) -> tuple[str | None, str | None]:
    """The `rules:` line of a calendar written to ``target``, so that
    `check` reads it with the rules the run used (``rules``, absolute; None
    for the built-in defaults, and then no line): the path from the file's
    own folder. Also a note when `check` would not read that file from
    there (a calendar's `rules:` may only name a file inside its own
    project, and ``target`` is outside it), with the command that checks it."""
    from contentplan.io.yaml_out import rules_reference
    from contentplan.load.settings import is_inside, repository_of

    if rules is None:
        return None, None
    reference = rules_reference(rules, os.path.abspath(target.parent))
    boundary = repository_of(target)
    if is_inside(Path(rules), boundary) and rules.lower().endswith((".yaml", ".yml")):
        return reference, None
    shown = display_path(target)
    return reference, (
        f"Note: {shown} is outside the project of its rules ({display_path(rules)}), and "
        f"`check` reads a calendar's `rules:` only from inside its own project: check it with "
        f"`contentplan check {shown} --rules {display_path(rules)}`, or write it inside the "
        "project."
    )


def copy_rules(
    text: bytes, source: Calendar, rules: str | None, target: Path
) -> tuple[bytes, str | None]:
    """A calendar's text (``source``'s, perhaps edited) as written to
    ``target``. In the calendar's own folder it is left as it is: it reads
    its rules as the calendar does, and only what the command changed
    differs. Elsewhere its `rules:` line is made to name ``rules``
    (``written_rules``), added when there is none; a note comes back when
    `check` will not read it there."""
    from contentplan.io.emit import EmitError, set_rules

    if os.path.abspath(target.parent) == os.path.dirname(os.path.abspath(source.path)):
        return text, None
    reference, note = written_rules(rules, target)
    if reference is None:
        return text, note
    try:
        return set_rules(text, reference, source.file), note
    except EmitError as error:
        shown = display_path(target)
        return text, (
            f"Note: the `rules:` line of {shown} could not be set to {reference} ({error}); "
            f"check it with `contentplan check {shown} --rules {display_path(str(rules))}`."
        )


def csv_text(file: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The text of the CSV file `import` reads (UTF-8, with or without a
    BOM), recorded as an input of the run."""
    data = csv_bytes(file, max_bytes)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise AppError(
            f"{file}: line {line} is not UTF-8 (byte {error.start}): save the file as "
            "'CSV UTF-8' and import again"
        ) from None


def csv_bytes(file: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of a CSV file (at most ``max_bytes``), recorded as an input
    of the run."""
    from contentplan.core.files import record_input

    try:
        if file.is_dir():
            raise AppError(f"{file} is a folder: import takes one CSV file")
        if file.stat().st_size > max_bytes:
            raise AppError(f"{file} is larger than {max_bytes} bytes (--max-bytes): refused unread")
        data = file.read_bytes()
        record_input(file, data)
    except FileNotFoundError:
        raise AppError(f"{file}: no such file: check the path") from None
    except OSError as error:
        raise AppError(f"{file}: cannot be read: {error.strerror or error}") from None
    return data


def import_rules(option: str | None) -> Rules:
    """The rules `import` checks rows against: ``--rules``, else
    rules/default.yaml, else the built-in defaults (not the settings'
    `rules:`); an error listing their problems when they cannot be read."""
    from contentplan.io import problem_line

    rules, problems = rules_alone(option, None, str)
    if problems:
        raise AppError(
            "the rules could not be read: fix them, then import again",
            [problem_line(problem) for problem in problems],
        )
    return rules


def backlog(path: Path, rules: Rules) -> tuple[Backlog | None, list[Problem]]:
    """A backlog file, and its problems: those of the file, then every
    pillar, platform or campaign an item names that the rules lack."""
    from contentplan.load.backlog import backlog_references, load_backlog

    shown = display_path(path)
    if not path.is_file():
        raise AppError(f"{shown}: no such backlog file")
    loaded, problems = load_backlog(str(path), shown)
    if loaded is not None:
        problems.extend(backlog_references(loaded, rules))
    return loaded, problems


def backlog_brand(path: Path) -> str | None:
    """The `brand:` of a backlog file, to choose among the brands of several
    calendars; its problems are reported when it is read (``backlog``)."""
    from contentplan.load.backlog import load_backlog

    if not path.is_file():
        return None
    loaded, _ = load_backlog(str(path), display_path(path))
    return loaded.brand if loaded is not None else None


def problem_text(problem: Problem) -> str:
    """``file:line:col: message`` (``file: message`` without a line)."""
    place = problem.file
    if problem.line:
        place += f":{problem.line}:{problem.column}"
    return safe_text(f"{place}: {problem.message}")


def stop_on_problems(problems: Sequence[Problem], then: str = "") -> None:
    """An error listing the problems (by place) when there are any."""
    if not problems:
        return
    ordered = sorted(problems, key=lambda p: (p.file, p.line, p.column))
    many = len(problems) != 1
    raise AppError(
        f"{len(problems)} problem{'s' if many else ''} in the input: fix "
        f"{'them' if many else 'it'}{then}",
        [problem_text(problem) for problem in ordered],
    )
