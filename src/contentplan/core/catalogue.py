"""The check catalogue: every check's name, default severity, whether a post
may ignore it, and the rule keys it reads, in the order of the checks table.

This is the one place check names are spelt. The loaders (which names a
rules file's ``severity:`` and a post's ``ignore:`` may use), the schemas,
the engine, both planners and the CI rule docs read it; ``checks/__init__.py``
maps each entry to the module that implements it. ``schema`` is a check name
too, but no module: the loaders report schema problems themselves.

Adding a check: a module in ``checks/`` (its docstring documents it), an
entry here, a line in the registry of ``checks/__init__.py``, and a case file
``tests/checks/cases/<name>.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass

from contentplan.core.model import Severity

SCHEMA = "schema"


@dataclass(frozen=True, slots=True)
class CheckEntry:
    """One check as the rest of the program knows it."""

    name: str  # kebab-case: in output, ``severity:``, --select/--ignore, ``ignore:``
    default_severity: Severity
    post_level: bool  # whether a post's ``ignore:`` may name it
    rule_keys: tuple[str, ...]  # the rules keys it reads (``<p>``: a platform)


CATALOGUE: tuple[CheckEntry, ...] = (
    CheckEntry(
        "mix", "error", False,
        ("pillars", "mix.target", "mix.window", "mix.tolerance", "mix.min_posts", "mix.scope",
         "platforms.<p>.mix", "platforms.<p>.role"),
    ),
    CheckEntry(
        "mix-brand", "error", False,
        ("pillars", "mix.target", "mix.window", "mix.tolerance", "mix.min_posts", "mix.scope"),
    ),
    CheckEntry(
        "cadence", "error", False,
        ("platforms.<p>.max_per_day", "platforms.<p>.max_per_week",
         "platforms.<p>.min_per_week"),
    ),
    CheckEntry("spacing", "error", True, ("platforms.<p>.min_gap",)),
    CheckEntry("quiet-hours", "error", True, ("quiet_hours", "platforms.<p>.quiet_hours")),
    CheckEntry("blackout", "error", True, ("blackouts",)),
    CheckEntry("format", "error", True, ("platforms.<p>.formats",)),
    CheckEntry(
        "title-length", "error", True, ("platforms.<p>.max_title", "platforms.<p>.title_units")
    ),
    CheckEntry(
        "campaign-phase", "error", True,
        ("campaigns.<c>.launch", "campaigns.<c>.teaser_days", "campaigns.<c>.recap_days"),
    ),
    CheckEntry("stale-trend", "error", True, ("trending.max_age",)),
    CheckEntry("duplicate", "warning", True, ()),
    CheckEntry(
        "role-fit", "warning", False,
        ("platforms.<p>.role", "platforms.<p>.mix", "mix.target", "pillars"),
    ),
    CheckEntry("placeholder", "warning", True, ()),
    CheckEntry("series", "error", False, ("series", "blackouts")),
    CheckEntry("evergreen", "error", True, ("evergreen",)),
)

ENTRIES: dict[str, CheckEntry] = {entry.name: entry for entry in CATALOGUE}
# The names a run may select, ignore or set a severity for, `schema` first.
CHECK_NAMES: tuple[str, ...] = (SCHEMA, *ENTRIES)
# What a post's `ignore:` may name, and what it may not.
POST_LEVEL_CHECKS: tuple[str, ...] = tuple(e.name for e in CATALOGUE if e.post_level)
GROUP_CHECKS: tuple[str, ...] = tuple(e.name for e in CATALOGUE if not e.post_level)


def default_severity(name: str) -> Severity:
    """A check's severity when the rules do not set one; `schema` is an error."""
    return "error" if name == SCHEMA else ENTRIES[name].default_severity
