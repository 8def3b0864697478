"""The core of `contentplan init`: copy the starter repository into a folder.

The starter ships inside the package (`contentplan/starter/`): a commented
rules file, an example calendar that passes every check, and a short README
for planners. A file that already exists in the target, or a symlink where a
file would go, is never touched: it is reported as skipped. New files are
written with `atomic_write`, so an interrupted run leaves whole files only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath

from contentplan.core.files import WriteError, atomic_write

STARTER_PACKAGE = "contentplan"
STARTER_FOLDER = "starter"


class InitError(Exception):
    """The target folder cannot be set up; the text says which path and why.
    `written` lists the files that were written before the failure."""

    def __init__(self, message: str, written: tuple[PurePosixPath, ...] = ()) -> None:
        super().__init__(message)
        self.written = written


@dataclass(frozen=True)
class InitResult:
    """What one run did, as paths relative to the target folder."""

    target: Path
    written: tuple[PurePosixPath, ...] = field(default_factory=tuple)
    skipped: tuple[PurePosixPath, ...] = field(default_factory=tuple)


def starter_files() -> list[tuple[PurePosixPath, bytes]]:
    """Every file of the starter, as (relative path, content), sorted by path."""
    root = files(STARTER_PACKAGE).joinpath(STARTER_FOLDER)
    found = list(_walk(root, PurePosixPath()))
    if not found:
        raise InitError(
            f"the starter files are missing from this installation of contentplan "
            f"({root}): reinstall the package"
        )
    return sorted(found, key=lambda pair: pair[0].parts)


def _walk(folder: Traversable, prefix: PurePosixPath) -> list[tuple[PurePosixPath, bytes]]:
    found: list[tuple[PurePosixPath, bytes]] = []
    for entry in folder.iterdir():
        if entry.name.startswith(".") or entry.name == "__pycache__":
            continue
        if entry.is_dir():
            found.extend(_walk(entry, prefix / entry.name))
        else:
            found.append((prefix / entry.name, entry.read_bytes()))
    return found


def init_repository(target: Path) -> InitResult:
    """Copy the starter into ``target`` (created if missing); never overwrite."""
    if target.exists() and not target.is_dir():
        raise InitError(f"{target}: this is a file, not a folder: give a folder to set up")
    written: list[PurePosixPath] = []
    skipped: list[PurePosixPath] = []
    for relative, content in starter_files():
        destination = target.joinpath(*relative.parts)
        # A symlink counts as present even when it points nowhere.
        if destination.exists() or destination.is_symlink():
            skipped.append(relative)
            continue
        try:
            destination.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(destination, content)
        except WriteError as error:
            raise InitError(str(error), tuple(written)) from error
        except OSError as error:
            message = f"{destination.parent}: cannot create: {error.strerror or error}"
            raise InitError(message, tuple(written)) from error
        written.append(relative)
    return InitResult(target, tuple(written), tuple(skipped))
