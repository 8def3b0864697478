"""The checks of docs/reference.md#checks, one module each: the registry, keyed by name.

Each check's name, default severity, whether a post may ignore it and the
rule keys it reads are in ``contentplan.core.catalogue``, which layers below
this one read too. This module maps every catalogue entry to the module that
implements it. Every check module has:

- a docstring that is its documentation (what it finds, the rule keys it
  reads, a passing and a failing example, which its case file
  ``tests/checks/cases/<name>.yaml`` repeats and tests);
- ``check(brand) -> Iterator[Finding]``.

Windows: ``mix`` and ``mix-brand`` name the mix window (ISO week, or month
with ``mix.window: month``). Every other check names the ISO week of its
(first) post, whatever ``mix.window`` says, since their limits are per day,
per week or per post; ``role-fit`` names none.

To add a check, add a module, its catalogue entry and a line to
``_REGISTRY``. ``schema`` is not a module: the loaders report it as
``Problem``s (``engine.problem_violations``), but it is a check name all the
same, documented in ``SCHEMA_DOC``.
"""

from __future__ import annotations

from types import ModuleType

from contentplan.checks import (
    blackout,
    cadence,
    campaign_phase,
    duplicate,
    evergreen,
    formats,
    mix,
    mix_brand,
    placeholder,
    quiet_hours,
    role_fit,
    series,
    spacing,
    stale_trend,
    title_length,
)
from contentplan.core.catalogue import CATALOGUE, CHECK_NAMES, POST_LEVEL_CHECKS, SCHEMA

__all__ = ["CHECKS", "CHECK_NAMES", "POST_LEVEL_CHECKS", "SCHEMA", "SCHEMA_DOC"]

SCHEMA_DOC = """schema: a file that breaks the calendar, rules or backlog format.

Syntax errors, missing or unknown keys, bad values (dates, times, durations,
ratios), duplicate keys or post ids, an unknown platform, pillar,
campaign or series, a local time in a DST gap or overlap, files of one brand that
disagree on their time zone or rules, and ``ignore:`` naming a check that is
not post-level. Every problem of a file is reported, each with its line,
column and the post's id where there is one. A schema problem is always an
error, and makes the run exit 2.

One thing is a ``schema`` warning instead: a time zone that is a valid name
but one fixed offset all year (EST, MST, HST, Etc/GMT+5), which is an hour
off for half the year wherever clocks change. Write the place's zone, e.g.
America/New_York (docs/reference.md#time-zones).
"""

# Each catalogue name and the module that implements it.
_REGISTRY: dict[str, ModuleType] = {
    "mix": mix,
    "mix-brand": mix_brand,
    "cadence": cadence,
    "spacing": spacing,
    "quiet-hours": quiet_hours,
    "blackout": blackout,
    "format": formats,
    "title-length": title_length,
    "campaign-phase": campaign_phase,
    "stale-trend": stale_trend,
    "duplicate": duplicate,
    "role-fit": role_fit,
    "placeholder": placeholder,
    "series": series,
    "evergreen": evergreen,
}

# Every check's module, in catalogue order.
CHECKS: dict[str, ModuleType] = {entry.name: _REGISTRY[entry.name] for entry in CATALOGUE}


def documentation(name: str) -> str:
    """The full documentation of a check (its module docstring)."""
    if name == SCHEMA:
        return SCHEMA_DOC
    return str(CHECKS[name].__doc__ or "")


def summary(name: str) -> str:
    """The first sentence of a check's documentation, without its name: a
    one-line description, e.g. for SARIF's ``shortDescription``."""
    first = documentation(name).strip().split("\n\n", 1)[0]
    text = " ".join(first.split())
    return text.split(": ", 1)[1] if text.startswith(f"{name}: ") else text
