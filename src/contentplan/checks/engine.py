"""Running the checks: from a brand's findings to the violations a user sees.

For every brand and every chosen check, the engine:

1. takes the severity: the check's default, or the rules' ``severity:``
   for it (``off`` skips the check for that brand);
2. drops findings of post-level checks that name a post whose ``ignore:``
   names the check. A finding that names several posts (a ``spacing`` or
   ``duplicate`` pair) is dropped when any one of them ignores it: docs/reference.md#checks
   drops "violations that name that post", and the post that ignores a
   check has said it may sit close to any other;
3. with ``since``, keeps only what can still change (``--since``, docs/reference.md#checks):
   let the cut be 00:00 local of the day after ``since``. A post-level
   finding is kept when one of its posts is at or after the cut; a finding
   with a window (mix, mix-brand, cadence) when its window ends after the
   cut; a finding with neither (role-fit) when the brand has a post on its
   platform at or after the cut;
4. points the violation at the earliest post involved (by instant, then
   line), or at the finding's own place when it names no post; sorts
   ``post_ids`` by (instant, id);
5. sorts all violations by ``Violation.order`` and keeps the first of any
   that share an identity.

Schema problems come from the loaders, not from checks:
``problem_violations`` turns them into ``schema`` violations.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from operator import attrgetter

from contentplan.checks import CHECKS
from contentplan.core.catalogue import CATALOGUE, CHECK_NAMES, SCHEMA
from contentplan.core.clock import window_bounds
from contentplan.core.model import Brand, Finding, Post, Problem, Severity, Violation
from contentplan.load.calendar import KeyWheres


def run_checks(
    brands: Iterable[Brand],
    *,
    select: Collection[str] = (),
    ignore: Collection[str] = (),
    since: date | None = None,
    ends: bool = True,
) -> list[Violation]:
    """Every violation of the chosen checks in these brands, sorted and
    without repeats. ``select`` (when not empty) keeps only the named
    checks, ``ignore`` removes some; names come from ``CHECK_NAMES``.
    ``ends=False`` leaves ``end_line``/``end_column`` at 0, for a report
    that never shows where a post ends (finding it is work per violation)."""
    unknown = sorted(set(select) - set(CHECK_NAMES)) + sorted(set(ignore) - set(CHECK_NAMES))
    if unknown:
        raise ValueError(f"unknown check {unknown[0]!r}: known checks are {', '.join(CHECK_NAMES)}")
    chosen = [
        entry
        for entry in CATALOGUE
        if (not select or entry.name in select) and entry.name not in ignore
    ]
    cut = None if since is None else datetime.combine(since + timedelta(days=1), time())
    violations: list[Violation] = []
    for brand in brands:
        last_post = _last_post_per_platform(brand) if cut is not None else {}
        # Most calendars have no `ignore:` at all: then no finding needs the test.
        ignoring = any(post.ignore for post in brand.posts)
        for entry in chosen:
            name, post_level = entry.name, entry.post_level
            severity: Severity = brand.rules.severity.get(name, entry.default_severity)
            if severity == "off":
                continue
            for finding in CHECKS[name].check(brand):
                if (
                    ignoring
                    and post_level
                    and any(name in post.ignore for post in finding.posts)
                ):
                    continue
                if cut is not None and not _still_open(finding, post_level, cut, last_post):
                    continue
                violations.append(_violation(name, severity, brand, finding, ends))
    found = _sorted_unique(violations)
    if (not select or SCHEMA in select) and SCHEMA not in ignore:
        warnings = load_warnings(brands)
        if warnings:  # most runs have none: the sorted list stays as it is
            found += warnings
            found.sort(key=_order)
    return found


def load_warnings(brands: Iterable[Brand]) -> list[Violation]:
    """What the loaders warn of (a time zone that is a fixed offset), as
    ``schema`` violations at warning severity: each file's own, so none is
    hidden behind another file's of the same brand. ``--ignore schema``
    drops them; a rules file cannot set the severity of ``schema``."""
    return [
        Violation(
            check=SCHEMA,
            severity="warning",
            file=warning.file,
            line=warning.line,
            column=warning.column,
            message=warning.message,
            brand=brand.name,
        )
        for brand in brands
        for calendar in brand.calendars
        for warning in calendar.warnings
    ]


def problem_violations(problems: Iterable[Problem]) -> list[Violation]:
    """Schema problems as ``schema`` violations (always errors), sorted.

    Only exact repeats are dropped: schema violations without a post id
    share an identity, and every problem of a file is to be reported."""
    found = {
        Violation(
            check=SCHEMA,
            severity="error",
            file=problem.file,
            line=problem.line,
            column=problem.column,
            message=problem.message,
            post_ids=(problem.post_id,) if problem.post_id else (),
        )
        for problem in problems
    }
    return sorted(found, key=lambda v: (v.order, v.message))


def _violation(
    name: str, severity: Severity, brand: Brand, finding: Finding, ends: bool = True
) -> Violation:
    end_line = end_column = 0
    posts = finding.posts
    if posts:
        if len(posts) == 1:  # most findings name one post or a pair: no sort needed
            post = posts[0]
            post_ids: tuple[str, ...] = (post.id,)
        elif len(posts) == 2:
            first, second = posts
            if first.instant < second.instant:  # the usual pair: in order already
                post, post_ids = first, (first.id, second.id)
            else:
                post = second if _earliest(second) < _earliest(first) else first
                if (second.instant, second.id) < (first.instant, first.id):
                    first, second = second, first
                post_ids = (first.id, second.id)
        else:
            ordered = sorted(posts, key=_sort_key)
            post_ids = tuple([p.id for p in ordered])
            # The first by (instant, id) is the earliest unless it shares its instant.
            first, second = ordered[0], ordered[1]
            post = first if first.instant < second.instant else min(posts, key=_earliest)
        where = post.where
        if ends and isinstance(post.keys, KeyWheres):  # made by the loader: knows the end
            end_line, end_column = post.keys.end_place()
    else:
        where = finding.where or brand.anchor
        post_ids = ()
    return Violation(
        check=name,
        severity=severity,
        file=where.file,
        line=where.line,
        column=where.column,
        message=finding.message,
        brand=brand.name,
        platform=finding.platform,
        window=finding.window,
        post_ids=post_ids,
        expected=finding.expected,
        actual=finding.actual,
        end_line=end_line,
        end_column=end_column,
    )


def _earliest(post: Post) -> tuple[datetime, int, int, str]:
    where = post.where
    return (post.instant, where.line, where.column, where.file)



def _still_open(
    finding: Finding, post_level: bool, cut: datetime, last_post: dict[str | None, datetime]
) -> bool:
    if post_level:
        return any(post.local >= cut for post in finding.posts)
    if finding.window is not None:
        return _window_end(finding.window) > cut
    latest = last_post.get(finding.platform)
    return latest is not None and latest >= cut


@lru_cache(maxsize=1024)
def _window_end(window: str) -> datetime:
    return window_bounds(window)[1]


def _last_post_per_platform(brand: Brand) -> dict[str | None, datetime]:
    """The latest local time of a post per platform, and over all (key None)."""
    latest: dict[str | None, datetime] = {}
    for post in brand.posts:
        for key in (post.platform, None):
            if key not in latest or post.local > latest[key]:
                latest[key] = post.local
    return latest


def _sorted_unique(violations: list[Violation]) -> list[Violation]:
    seen: set[tuple[str, str | None, str | None, str | None, tuple[str, ...]]] = set()
    unique: list[Violation] = []
    add = seen.add
    for violation in sorted(violations, key=_order):
        identity = violation.identity
        if identity not in seen:
            add(identity)
            unique.append(violation)
    return unique


_order = attrgetter("order")
_sort_key = attrgetter("instant", "id")  # Post.sort_key, without the property's call
