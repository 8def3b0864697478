"""The repository as it was at a commit, for `check --diff REF`.

git runs as a process, always with a fixed list of arguments and never
through a shell, and REF is only ever one argument of it (one that starts
with '-' is refused, so it cannot pass for an option). The files `check`
may read at REF are written into a temporary folder laid out as the
repository: every ``*.yaml`` / ``*.yml`` (calendars, rules, the settings),
every ``pyproject.toml`` (settings may live there), the links, and the
files named on the command line; a checked-out submodule's files are read
from its own checkout at the commit REF records for it. A `.git` folder
there, empty, marks the repository's root, so that the settings search and the boundary that
`rules:` may not leave stop where they stop in the real checkout.
``RefTree.inside`` then runs code in the folder that matches the current
one, so that relative paths, `./rules/default.yaml` and the settings
resolve at REF exactly as they do in the working tree.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from contentplan.app.errors import AppError
from contentplan.core.limits import DEFAULT_MAX_BYTES
from contentplan.core.text import safe_text
from contentplan.core.text import shown as shown_text

GIT_TIMEOUT = 300.0  # seconds: a guard against a hung git, never reached in practice
FETCH_HINT = "try origin/main, or fetch it first (actions/checkout with fetch-depth: 0)"
_READ_SUFFIXES = (".yaml", ".yml")
_READ_NAMES = ("pyproject.toml",)
_LINK_MODE = b"120000"


@dataclass(frozen=True, slots=True)
class RefTree:
    """REF's files in ``folder``, a stand-in for the checkout at ``root``."""

    ref: str  # as the user wrote it
    commit: str  # the commit it names
    root: Path  # the real repository's root, links resolved
    folder: Path  # REF's files, laid out as under root, links resolved
    here: Path  # the current folder, links resolved

    def at_ref(self, path: str) -> str:
        """A path as the user gave it (relative to the current folder), as it
        reads inside REF's folder: relative paths stay as they are (they are
        read from the matching folder there); an absolute path inside the
        repository is moved into REF's folder; any other path is not in the
        repository and is read as it is now (a relative one as well, by its
        absolute path: from REF's folder it would lead elsewhere)."""
        if not os.path.isabs(path):
            absolute = Path(os.path.normpath(self.here / path))
            inside = absolute == self.root or self.root in absolute.parents
            return path if inside else str(absolute)
        real = Path(os.path.realpath(path))
        if real == self.root or self.root in real.parents:
            return str(self.folder / real.relative_to(self.root))
        return path

    def in_checkout(self, path: str) -> str:
        """A file read inside REF's folder, named by where it is in the
        checkout (so that a file of REF and the file now compare equal)."""
        real = Path(os.path.realpath(path))
        if real == self.folder or self.folder in real.parents:
            return str(self.root / real.relative_to(self.folder))
        return str(real)

    def _here_at_ref(self) -> Path:
        """REF's copy of the current folder (see `_at_ref_folder`)."""
        return _at_ref_folder(self.folder, self.here.relative_to(self.root).parts)

    @contextlib.contextmanager
    def inside(self) -> Iterator[Path]:
        """Run the block in REF's copy of the current folder."""
        before = os.getcwd()
        target = self._here_at_ref()
        os.chdir(target)
        try:
            yield target
        finally:
            os.chdir(before)


def _at_ref_folder(folder: Path, parts: Sequence[str]) -> Path:
    """``folder``/``parts``, made where missing; a folder of its own (empty)
    when a part was, at REF, a file or a link that leads out of REF's
    folder, so that nothing is read, or made, outside it."""
    target = folder
    for part in parts:
        target = target / part
        if not os.path.lexists(target):
            target.mkdir()
            continue
        real = Path(os.path.realpath(target))
        if not (real.is_dir() and (real == folder or folder in real.parents)):
            absent = folder.parent / "absent"
            absent.mkdir(exist_ok=True)
            return absent
    return target


@contextlib.contextmanager
def ref_tree(
    ref: str, named: Sequence[str] = (), max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[RefTree]:
    """REF's files in a temporary folder, removed when the block ends.
    ``named`` are paths the user named (PATH arguments, --rules): those of
    them inside the repository are written too, whatever their name."""
    git = _git_program()
    shown = shown_text(ref)
    if not ref.strip():
        raise AppError(f"--diff needs a branch, tag or commit: {FETCH_HINT}")
    if ref.startswith("-"):
        raise AppError(
            f"--diff: REF '{shown}' starts with '-', so git would read it as an option: "
            "name a branch, tag or commit, e.g. --diff origin/main"
        )
    here = Path(os.path.realpath(os.getcwd()))
    top = _run(git, ["rev-parse", "--show-toplevel"], here)
    if top.returncode != 0:
        said = _first_line(top.stderr)
        raise AppError(
            f"--diff compares with a commit, so check must run inside a git repository, "
            f"and the current folder ({safe_text(str(here))}) is not in one"
            + (f" (git says: {said})" if said else "")
            + ": run it from your clone, or drop --diff"
        )
    root = Path(os.path.realpath(os.fsdecode(top.stdout.rstrip(b"\r\n"))))
    commit = _commit_of(git, ref, shown, root)
    wanted = _named_in(named, here, root)
    with tempfile.TemporaryDirectory(prefix="contentplan-ref-", ignore_cleanup_errors=True) as temp:
        folder = Path(os.path.realpath(temp)) / "repository"
        (folder / ".git").mkdir(parents=True)
        _write_tree(git, root, commit, folder, wanted, max_bytes)
        yield RefTree(ref, commit, root, folder, here)


def _commit_of(git: str, ref: str, shown: str, root: Path) -> str:
    """The commit REF names. REF is resolved first and peeled after, so that
    every way git names a commit works (``:/message`` too, which a
    ``^{commit}`` written after it would extend), and a tree or a file is
    named as such."""
    found = _run(git, ["rev-parse", "--verify", "--quiet", ref], root)
    name = found.stdout.decode("ascii", "replace").strip()
    if found.returncode != 0 or not name:
        raise AppError(f"--diff: REF '{shown}' is not a commit in this repository: {FETCH_HINT}")
    peeled = _run(git, ["rev-parse", "--verify", "--quiet", f"{name}^{{commit}}"], root)
    commit = peeled.stdout.decode("ascii", "replace").strip()
    if peeled.returncode != 0 or not commit:
        kind = _run(git, ["cat-file", "-t", name], root).stdout.decode("ascii", "replace").strip()
        kinds = {"tree": "a folder (a tree)", "blob": "a file (a blob)"}
        what = kinds.get(kind, f"a git {kind or 'object'}")
        raise AppError(
            f"--diff: REF '{shown}' names {what}, not a commit: name a branch, tag or commit, "
            "e.g. --diff origin/main"
        )
    return commit


def _git_program() -> str:
    program = shutil.which("git")
    if program is None:
        raise AppError(
            "--diff reads the calendars as they were at a commit with git, and git is not "
            "installed (or not on PATH): install git, or drop --diff"
        )
    return program


def _run(git: str, args: Sequence[str], cwd: Path, stdin: bytes | None = None) -> _Done:
    # core.fsmonitor would start a program the repository's config names:
    # this run reads objects only and needs none.
    command = [git, "-c", "core.fsmonitor=false", *args]
    environment = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        done = subprocess.run(
            command,
            cwd=cwd,
            input=stdin,
            stdin=None if stdin is not None else subprocess.DEVNULL,
            capture_output=True,
            env=environment,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise AppError("--diff needs git, and git could not be started: install git") from None
    except subprocess.TimeoutExpired:
        raise AppError(
            f"--diff: git did not answer within {GIT_TIMEOUT:.0f} seconds "
            f"(git {' '.join(args[:2])}): try again, or drop --diff"
        ) from None
    except OSError as error:
        raise AppError(f"--diff: git could not be started: {error.strerror or error}") from None
    return _Done(done.returncode, done.stdout, done.stderr)


@dataclass(frozen=True, slots=True)
class _Done:
    returncode: int
    stdout: bytes
    stderr: bytes


def _first_line(data: bytes) -> str:
    lines = [line for line in data.decode("utf-8", "replace").splitlines() if line.strip()]
    return safe_text(lines[0].strip()) if lines else ""


def _named_in(named: Sequence[str], here: Path, root: Path) -> set[str]:
    """The repository paths ('/'-separated) of the named paths inside it."""
    inside: set[str] = set()
    for path in named:
        absolute = Path(os.path.normpath(here / path))
        if absolute == root or root in absolute.parents:
            inside.add(absolute.relative_to(root).as_posix())
    return inside


@dataclass(frozen=True, slots=True)
class _Blob:
    oid: str
    target: Path
    link: bool  # a symbolic link: the blob is where it leads


def _write_tree(
    git: str, root: Path, commit: str, folder: Path, wanted: set[str], max_bytes: int
) -> None:
    listing = _run(git, ["ls-tree", "-r", "-z", "--long", "--full-tree", commit], root)
    if listing.returncode != 0:
        said = _first_line(listing.stderr)
        raise AppError(f"--diff: git could not list the files of {commit[:12]}: {said}")
    blobs: list[_Blob] = []
    submodules: list[tuple[str, str, Path]] = []
    for entry in listing.stdout.split(b"\0"):
        head, _, raw_path = entry.partition(b"\t")
        fields = head.split()
        if len(fields) != 4 or fields[1] not in (b"blob", b"commit"):
            continue  # the empty tail
        mode, oid, size = fields[0], fields[2].decode("ascii"), fields[3]
        name = os.fsdecode(raw_path)
        target = _safe_target(folder, name)
        if fields[1] == b"commit":  # a submodule: its own files, at the commit REF names
            if target is not None:
                submodules.append((name, oid, target))
            continue
        link = mode == _LINK_MODE
        if target is None or not (link or _read_at_ref(name, wanted)):
            continue
        if link or (size.isdigit() and int(size) <= max_bytes):
            blobs.append(_Blob(oid, target, link))
        else:  # too large to be read: its first bytes are enough for the loader to say so
            _write_head(git, root, oid, target, max_bytes, int(size) if size.isdigit() else 0)
    _write_blobs(git, root, blobs)
    for name, oid, target in submodules:
        _write_submodule(git, root / name, oid, target, name, wanted, max_bytes)


def _write_submodule(
    git: str, checkout: Path, commit: str, target: Path, name: str, wanted: set[str], max_bytes: int
) -> None:
    """A submodule's files at the commit REF records for it, read from its
    checkout (``checkout``), with its own `.git` marker, as `check` finds
    them in the working tree. A submodule that is not checked out, or whose
    checkout lacks that commit, holds nothing at REF (its violations count
    as new)."""
    if os.path.realpath(checkout) != str(checkout) or not (checkout / ".git").exists():
        return  # not checked out, or a link in its place: nothing is read through it
    if not _make_parent(target / ".git"):
        return
    found = _run(git, ["cat-file", "-e", f"{commit}^{{commit}}"], checkout)
    if found.returncode != 0:
        return
    (target / ".git").mkdir()
    prefix = name + "/"
    inner = {path[len(prefix) :] for path in wanted if path.startswith(prefix)}
    _write_tree(git, checkout, commit, target, inner, max_bytes)


def _read_at_ref(name: str, wanted: set[str]) -> bool:
    base = name.rsplit("/", 1)[-1]
    return base.lower().endswith(_READ_SUFFIXES) or base in _READ_NAMES or name in wanted


def _safe_target(folder: Path, name: str) -> Path | None:
    """Where a repository path goes in REF's folder; None for a path that
    could leave it or replace the `.git` marker (git refuses such trees,
    but a tree is input all the same)."""
    parts = name.split("/")
    if any(part in ("", ".", "..") or (os.sep == "\\" and "\\" in part) for part in parts):
        return None
    if parts[0].lower() == ".git":
        return None
    return folder.joinpath(*parts)


def _write_blobs(git: str, root: Path, blobs: Sequence[_Blob]) -> None:
    """Every blob at once through one `git cat-file --batch`; the files
    first, then the links, so that nothing is written through a link."""
    if not blobs:
        return
    ordered = sorted(blobs, key=lambda blob: blob.link)
    request = b"".join(blob.oid.encode("ascii") + b"\n" for blob in ordered)
    done = _run(git, ["cat-file", "--batch"], root, stdin=request)
    if done.returncode != 0:
        raise AppError(f"--diff: git could not read the files: {_first_line(done.stderr)}")
    data = done.stdout
    at = 0
    for blob in ordered:
        end = data.index(b"\n", at)
        header = data[at:end].split()
        at = end + 1
        if len(header) != 3 or not header[2].isdigit():
            continue  # "<oid> missing": never for an object ls-tree listed
        size = int(header[2])
        content = data[at : at + size]
        at += size + 1
        if not _make_parent(blob.target):
            continue
        if blob.link:
            _link(content, blob.target)
        else:
            blob.target.write_bytes(content)


def _make_parent(target: Path) -> bool:
    """Make the target's folder; False when a link on the way (a tree can
    name a link and a path below it) would lead the write elsewhere."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return os.path.realpath(target.parent) == str(target.parent) and not os.path.lexists(target)


def _link(content: bytes, target: Path) -> None:
    """A link as git checks it out. Where it leads is judged as in the
    working tree: a link out of the repository is refused when read."""
    if b"\0" in content or not content:
        return
    with contextlib.suppress(OSError):  # a system without links: the file is not at REF
        os.symlink(os.fsdecode(content), target)


def _write_head(
    git: str, root: Path, oid: str, target: Path, max_bytes: int, size: int
) -> None:
    """The first ``max_bytes`` + 1 bytes of a large blob, in a file as long
    as the blob (the rest a hole that takes no disk): the loader refuses it
    as too large, naming its real size, as it does in the working tree."""
    command = [git, "-c", "core.fsmonitor=false", "cat-file", "blob", oid]
    if not _make_parent(target):
        return
    try:
        with (
            subprocess.Popen(
                command,
                cwd=root,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            ) as process,
            open(target, "wb") as out,
        ):
            left = max_bytes + 1
            while process.stdout is not None and left > 0:
                chunk = process.stdout.read(min(left, 1 << 20))
                if not chunk:
                    break
                out.write(chunk)
                left -= len(chunk)
            process.kill()  # the rest is not needed
            out.truncate(max(size, out.tell()))
    except OSError as error:
        raise AppError(f"--diff: git could not be started: {error.strerror or error}") from None
