"""How CI reports describe checks and violations.

A check module's docstring *is* its documentation (docs/ARCHITECTURE.md), so
this module only cuts it into the pieces that reports need: a one-sentence
summary, the first paragraph, and the whole text. Renderers take a list of
``RuleDoc`` as a parameter, which keeps them testable without the registry.

It also holds what the SARIF, JUnit and GitHub renderers share: a short title
for one violation, and a violation's file as a path from the repository root.
"""

from __future__ import annotations

import inspect
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from contentplan.checks import CHECKS, documentation
from contentplan.core.catalogue import CATALOGUE, SCHEMA
from contentplan.core.model import Severity, Violation

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9`\"'(])")


@dataclass(frozen=True, slots=True)
class RuleDoc:
    """One check as reports describe it."""

    name: str
    summary: str  # the first sentence, without the check's name: a title
    full: str  # the whole docstring, dedented
    default_severity: Severity

    @property
    def description(self) -> str:
        """The first paragraph, joined into one line."""
        return _first_paragraph(self.text) or self.summary

    @property
    def text(self) -> str:
        """The docstring as plain text: reST markup that would show as noise
        (``.. rubric::``, ``::`` before an example, double backquotes) is
        turned into plain words."""
        return _convert(self.full, rubric="{}:", literal="`{}`")

    @property
    def markdown(self) -> str:
        """The docstring as Markdown, for SARIF's ``help.markdown``: rubrics
        become headings; indented examples already are code blocks."""
        return _convert(self.full, rubric="#### {}", literal="`{}`")


def rule_doc(name: str, docstring: str | None, default_severity: Severity) -> RuleDoc:
    """Cut one docstring into a RuleDoc; a missing docstring gets a plain stand-in."""
    full = inspect.cleandoc(docstring or "").strip()
    if not full:
        full = f"The `{name}` check."
    return RuleDoc(name, _summary(name, full), full, default_severity)


def rule_docs() -> list[RuleDoc]:
    """Every check of the catalogue, `schema` first, then in catalogue order."""
    docs = [rule_doc(SCHEMA, documentation(SCHEMA), "error")]
    for entry in CATALOGUE:
        doc = inspect.getdoc(CHECKS[entry.name])
        docs.append(rule_doc(entry.name, doc, entry.default_severity))
    return docs


_RUBRIC = re.compile(r"^\.\. rubric:: *(.+?) *$", re.M)
_LITERAL = re.compile(r"``(.+?)``")
_EXAMPLE = re.compile(r"(?<=\S)::$", re.M)
_BARE_EXAMPLE = re.compile(r"^::\n", re.M)


def _convert(text: str, *, rubric: str, literal: str) -> str:
    text = _RUBRIC.sub(lambda match: rubric.format(match[1]), text)
    text = _LITERAL.sub(lambda match: literal.format(match[1]), text)
    text = _EXAMPLE.sub(":", text)
    return _BARE_EXAMPLE.sub("", text)


def _summary(name: str, full: str) -> str:
    """The first sentence, without the ``name:`` that docstrings open with
    (a rule's title already shows its id), starting with a capital."""
    sentence = _first_sentence(_first_paragraph(full))
    sentence = sentence.removeprefix(f"{name}:").strip()
    sentence = _LITERAL.sub(lambda match: f"`{match[1]}`", sentence)
    return sentence[:1].upper() + sentence[1:]


def _first_paragraph(text: str) -> str:
    paragraph = text.strip().split("\n\n", 1)[0]
    return " ".join(paragraph.split())


def _first_sentence(paragraph: str) -> str:
    return _SENTENCE_END.split(paragraph, maxsplit=1)[0].strip()


def violation_title(violation: Violation) -> str:
    """A short title: the check, where and when, and which posts, e.g.
    ``spacing: weibo 2024-W13 (e02, e03)``. Long post lists (a mix window
    names every post in it) are counted rather than listed."""
    context = " ".join(
        part for part in (violation.platform or violation.brand, violation.window) if part
    )
    ids = violation.post_ids
    posts = ", ".join(ids) if len(ids) <= 3 else f"{len(ids)} posts"
    title = f"{violation.check}: {context}" if context else violation.check
    return f"{title} ({posts})" if posts else title


def repo_path(file: str, root: Path, cwd: Path | None = None) -> str:
    """A violation's file (relative to the working folder, '/' separators) as a
    path relative to ``root`` with '/' separators. A file outside ``root`` keeps
    the path it was given."""
    # Folders are resolved (a symlinked checkout must not change the paths);
    # the file itself is not, so a symlinked calendar keeps its own name.
    base = os.path.realpath(cwd if cwd is not None else Path.cwd())
    absolute = os.path.normpath(os.path.join(base, file))
    try:
        relative = os.path.relpath(absolute, os.path.realpath(root))
    except ValueError:  # another drive on Windows
        return file
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return file
    return relative.replace(os.sep, "/")


def repository_root(start: Path | None = None, environ: Mapping[str, str] | None = None) -> Path:
    """The folder that SARIF and annotation paths are relative to:
    ``$GITHUB_WORKSPACE`` when ``start`` is inside it, else the nearest folder
    at or above ``start`` that holds ``.git``, else ``start`` itself."""
    here = Path(os.path.realpath(start if start is not None else Path.cwd()))
    workspace = (environ if environ is not None else os.environ).get("GITHUB_WORKSPACE")
    if workspace:
        root = Path(os.path.realpath(workspace))
        if here == root or root in here.parents:
            return root
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return here
