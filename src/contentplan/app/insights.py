"""`contentplan insights`: from calendars and results files to what works
(``stats.insights``), with every input problem said before anything is
computed.

Calendars are found as `report` finds them (``inputs.given``). Results come
from ``--results`` (files or folders), else from the ``results/`` folder of
the calendars' repository. A results file with a problem stops the run
(exit 2, file:line:column); a row that names no post is not an error of the
file but is never dropped silently: ``unmatched`` lists them, and the
command line says how many and shows the first few.

Errors are ``AppError`` (exit 2 at the command line).
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import get_close_matches
from pathlib import Path

from contentplan.app.errors import AppError
from contentplan.app.inputs import given, problem_text
from contentplan.core.limits import DEFAULT_MAX_BYTES
from contentplan.core.model import Post
from contentplan.core.text import counted
from contentplan.load.gather import display_path
from contentplan.load.results import attach, read_results
from contentplan.load.settings import repository_of
from contentplan.stats.insights import Insights, Sources, build_insights
from contentplan.stats.report import WindowRange

IMPORT_HINT = (
    "make one from a platform's export with `contentplan import-results EXPORT.csv "
    "--map likes=点赞,comments=评论,shares=转发 --calendar calendars/ -o results/EXPORT.csv` "
    "(see docs/insights.md), or name results files with --results FILE"
)


def run_insights(
    paths: Sequence[str],
    results: Sequence[str],
    *,
    platform: str | None = None,
    span: WindowRange | None = None,
    rules_option: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> tuple[Insights, Sources]:
    chosen = span or WindowRange()
    found = given(paths, rules_option, max_bytes=max_bytes)
    if found.problems:
        raise AppError(
            f"{counted(len(found.problems), 'problem')} in the calendars: "
            "fix them, then run insights again",
            [problem_text(problem) for problem in found.problems],
        )
    posts = [post for brand in found.brands for post in brand.posts]
    if not found.calendars:
        looked = ", ".join(display_path(path) for path in paths)
        raise AppError(f"no calendar found in {looked}: name calendar files or their folder")
    paths_read = list(results) or [_default_results(found.calendars[0].path)]
    measurements, problems = read_results(paths_read, max_bytes)
    shown = tuple(display_path(path) for path in paths_read)
    if problems:
        raise AppError(
            f"{counted(len(problems), 'problem')} in the results: "
            "fix them, then run insights again",
            [problem_text(problem) for problem in problems],
        )
    if not measurements:
        raise AppError(f"no results rows in {', '.join(shown)}: {IMPORT_HINT}")
    outcomes, unmatched = attach(posts, measurements)
    if not outcomes:
        raise AppError(
            f"none of the {len(measurements)} results rows in {', '.join(shown)} names a post "
            f"of the calendars read ({found.posts} posts): check that the ids are the "
            "calendars' ids",
            [problem_text(problem) for problem in unmatched[:5]],
        )
    if platform is not None:
        _known_platform(platform, posts)
    kept = [
        outcome
        for outcome in outcomes
        if (platform is None or outcome.post.platform == platform)
        and _in_span(outcome.post, chosen)
    ]
    sources = Sources(
        results=shown,
        rows=len(measurements),
        measured=len(outcomes),
        unmatched=tuple(unmatched),
        platform=platform,
        first=chosen.first_name,
        last=chosen.last_name,
    )
    return build_insights(kept, posts), sources


def _default_results(calendar: str) -> str:
    """The ``results/`` folder beside ``calendars/``: in the calendars'
    repository; an error that says how to make one when it is not there."""
    folder = repository_of(Path(calendar)) / "results"
    if not folder.is_dir():
        raise AppError(f"no results: there is no {display_path(folder)}/ folder; {IMPORT_HINT}")
    return str(folder)


def _known_platform(platform: str, posts: Sequence[Post]) -> None:
    names = sorted({post.platform for post in posts})
    if platform in names:
        return
    close = get_close_matches(platform, names, n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    raise AppError(
        f"--platform: no post of the calendars read is on '{platform}'{hint}. "
        f"Their platforms: {', '.join(names)}"
    )


def _in_span(post: Post, span: WindowRange) -> bool:
    if span.start is not None and post.local < span.start:
        return False
    return span.end is None or post.local < span.end
