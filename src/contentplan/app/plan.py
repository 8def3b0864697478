"""`plan` below the command line: its inputs (rules, pinned posts,
backlog, brand and zone) and the calendar text it writes.

Errors are ``AppError`` (exit 2 at the command line)."""

from __future__ import annotations

import dataclasses
import os
import re
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from contentplan.app import inputs
from contentplan.app.errors import AppError
from contentplan.app.outputs import read_again
from contentplan.load.gather import display_path

if TYPE_CHECKING:
    from contentplan.core.model import Backlog, Brand, Rules, Violation
    from contentplan.plan.problem import PlanProblem, PlanResult


class PlanInputs:
    """The loaded inputs: rules, pinned posts, backlog, brand and zone."""

    def __init__(self) -> None:
        self.rules: Rules
        self.brand_name: str = ""
        self.timezone: str = ""
        self.brand_posts: Brand | None = None
        self.calendar_bytes: bytes | None = None
        self.calendar_file: str = ""
        self.backlog: Backlog | None = None
        self.warnings: list[str] = []  # lines for stderr, e.g. a fixed-offset zone

    @classmethod
    def load(
        cls,
        calendar: Path | None,
        backlog: Path | None,
        rules: str | None,
        brand: str | None,
        timezone: str | None,
    ) -> PlanInputs:
        from contentplan.load.calendar import load_zone, zone_problem

        context = cls()
        settings_rules = inputs.settings_rules(inputs.settings())
        if calendar is not None:
            found = inputs.one_calendar(calendar, rules, settings_rules)
            inputs.stop_on_problems(found.problems)
            if not found.brands:
                raise AppError(
                    f"{display_path(calendar)}: no calendar could be read from this file"
                )
            context.brand_posts = found.brands[0]
            context.rules = found.brands[0].rules
            context.brand_name = found.brands[0].name
            context.timezone = found.brands[0].timezone
            context.calendar_file = display_path(calendar)
            context.calendar_bytes = read_again(calendar)
        else:
            context.rules, problems = inputs.rules_alone(rules, settings_rules)
            inputs.stop_on_problems(problems)
        if backlog is not None:
            loaded, problems = inputs.backlog(backlog, context.rules)
            inputs.stop_on_problems(problems)
            assert loaded is not None
            context.backlog = loaded
        context._settle_identity(brand, timezone)
        if load_zone(context.timezone) is None:
            raise AppError(f"--timezone: {zone_problem(context.timezone)}")
        context.warnings = context._zone_warnings(timezone)
        return context

    def _zone_warnings(self, option: str | None) -> list[str]:
        """What the loaders warned of in --calendar and the backlog (a time
        zone that is a fixed offset), and the same of --timezone."""
        from contentplan.load.calendar import fixed_offset_note

        calendars = self.brand_posts.calendars if self.brand_posts is not None else ()
        found = [warning for calendar in calendars for warning in calendar.warnings]
        if self.backlog is not None:
            found += self.backlog.warnings
        lines = [
            inputs.problem_text(dataclasses.replace(w, message=f"warning: {w.message}"))
            for w in found
        ]
        note = fixed_offset_note(option) if option else None
        if note is not None:
            lines.append(f"--timezone: warning: {note}")
        return lines

    def _settle_identity(self, brand: str | None, timezone: str | None) -> None:
        """Brand and zone: from --calendar, else the backlog, else the options;
        any two that are given must agree."""
        sources: list[tuple[str, str | None, str | None]] = []
        if self.brand_posts is not None:
            sources.append((self.calendar_file, self.brand_name, self.timezone))
        if self.backlog is not None:
            sources.append((self.backlog.file, self.backlog.brand, self.backlog.timezone))
        sources.append(("--brand/--timezone", brand, timezone))
        for index, what in ((1, "brand"), (2, "timezone")):
            given = [(source[0], source[index]) for source in sources if source[index]]
            if not given:
                raise AppError(
                    f"no {what}: give --brand and --timezone, or a --calendar or backlog that "
                    "names them"
                )
            first_source, first = given[0]
            for source, value in given[1:]:
                if value != first:
                    raise AppError(f"{source} says {what} {value}, but {first_source} says {first}")
            if index == 1:
                self.brand_name = str(first)
            else:
                self.timezone = str(first)

    def problem(self, monday: date, weeks: int, platforms: list[str] | None) -> PlanProblem:
        from contentplan.plan.items import from_backlog
        from contentplan.plan.problem import PlanProblem

        chosen = _planning_platforms(self.rules, platforms)
        pinned = self.brand_posts.posts if self.brand_posts is not None else ()
        items = (
            tuple(from_backlog(self.backlog, self.timezone, (p.id for p in pinned)))
            if self.backlog is not None
            else ()
        )
        return PlanProblem(
            brand=self.brand_name,
            timezone=self.timezone,
            rules=self.rules,
            weeks=tuple(monday + timedelta(weeks=n) for n in range(weeks)),
            platforms=chosen,
            pinned=tuple(pinned),
            items=items,
            skeleton=self.backlog is None,
        )

    def unmendable(self, problem: PlanProblem) -> list[Violation]:
        """Errors of the pinned posts in the planned weeks that adding posts
        cannot mend (none without --calendar)."""
        from contentplan.plan.pinned import unmendable

        return unmendable(problem, self.brand_posts) if self.brand_posts is not None else []

    def render_calendar(self, result: PlanResult) -> bytes:
        from contentplan.io.emit import EmitError, append_posts, fresh_calendar

        if self.calendar_bytes is None:
            return fresh_calendar(self.brand_name, self.timezone, result.placements).encode("utf-8")
        try:
            return append_posts(self.calendar_bytes, result.placements, self.calendar_file)
        except EmitError as error:
            raise AppError(f"{self.calendar_file}: {error}") from None

    def rules_note(self, output: Path, calendar: Path) -> str | None:
        """The output keeps the calendar's text, and so its `rules:` line, which
        is read relative to the file's own folder: written elsewhere, it may no
        longer find the rules. A note that says so, with the command that
        checks it anyway."""
        found = re.search(rb"^rules:[ \t]*(.+?)[ \t]*$", self.calendar_bytes or b"", re.MULTILINE)
        if found is None or self.brand_posts is None:
            return None
        written = found.group(1).decode("utf-8", "replace").split(" #")[0].strip().strip("'\"")
        if os.path.isabs(written) or output.parent.resolve() == calendar.parent.resolve():
            return None
        if (output.parent / written).resolve().is_file():
            return None
        refs = [c.rules_ref for c in self.brand_posts.calendars if c.rules_ref]
        rules_file = display_path(Path(refs[0])) if refs else written
        return (
            f"Note: {display_path(output)} keeps the calendar's `rules: {written}`, which is "
            f"read from the file's own folder and is not there. Check it with `contentplan check "
            f"{display_path(output)} --rules {rules_file}`, or write it next to the calendar."
        )


def _planning_platforms(rules: Rules, given: list[str] | None) -> tuple[str, ...]:
    names = [name.strip() for value in given or [] for name in value.split(",") if name.strip()]
    for name in names:
        if name not in rules.platforms:
            known = ", ".join(sorted(rules.platforms))
            raise AppError(f"--platforms: unknown platform '{name}': known are {known}")
    chosen = tuple(dict.fromkeys(names)) if names else tuple(rules.planning_platforms)
    if not chosen:
        raise AppError(
            "no platforms to plan: name them under `platforms:` in the rules file, or give "
            "--platforms weibo,douyin"
        )
    return chosen
