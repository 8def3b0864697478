"""`plan` below the command line: its inputs (rules, pinned posts,
backlog, brand and zone) and the calendar text it writes.

Errors are ``AppError`` (exit 2 at the command line)."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from contentplan.app import inputs
from contentplan.app.errors import AppError
from contentplan.app.outputs import read_again
from contentplan.load.gather import display_path

if TYPE_CHECKING:
    from contentplan.core.model import Backlog, Brand, Calendar, Post, Rules, Violation
    from contentplan.plan.problem import PlanItem, PlanProblem, PlanResult
    from contentplan.stats.learn import Learning


class PlanInputs:
    """The loaded inputs: rules, pinned posts, backlog, brand and zone."""

    def __init__(self) -> None:
        self.rules: Rules
        self.rules_path: str | None = None  # absolute; None: the built-in defaults
        self.brand_name: str = ""
        self.timezone: str = ""
        self.brand_posts: Brand | None = None
        self.all_posts: tuple[Post, ...] = ()  # every brand's, for --learn
        self.calendar_file: str = ""
        self.base: Calendar | None = None  # the calendar whose text is extended
        self.base_bytes: bytes | None = None
        self.backlog: Backlog | None = None
        self.warnings: list[str] = []  # lines for stderr, e.g. a fixed-offset zone
        self.note: str | None = None  # said after the plan, about the file written

    @classmethod
    def load(
        cls,
        calendars: Sequence[Path],
        backlog: Path | None,
        rules: str | None,
        brand: str | None,
        timezone: str | None,
    ) -> PlanInputs:
        """``calendars``: files and folders, found as `check` finds them; the
        posts of the brand planned, from all of them, are pinned."""
        from contentplan.load.calendar import load_zone, zone_problem

        context = cls()
        found_settings = inputs.settings()
        settings_rules = inputs.settings_rules(found_settings)
        if calendars:
            paths = [str(path) for path in calendars]
            found, looked = inputs.calendars(paths, found_settings, rules)
            inputs.stop_on_problems(found.problems)
            if not found.brands:
                raise AppError(
                    f"--calendar {looked}: no calendar found there: --calendar takes calendar "
                    "files, or folders that hold them (.yaml files with `posts:`); leave it out "
                    "to plan a first calendar"
                )
            chosen = _choose_brand(found.brands, brand, backlog, looked)
            context.all_posts = tuple(post for each in found.brands for post in each.posts)
            context.brand_posts = chosen
            context.rules = chosen.rules
            context.rules_path = inputs.rules_used(chosen.calendars[0], rules, settings_rules)
            context.brand_name = chosen.name
            context.timezone = chosen.timezone
            context.calendar_file = chosen.calendars[0].file
        else:
            context.rules, problems = inputs.rules_alone(rules, settings_rules)
            inputs.stop_on_problems(problems)
            context.rules_path = inputs.rules_used(None, rules, settings_rules)
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

    def extend(self, output: Path | None, in_place: bool, whole: bool) -> Path | None:
        """The calendar file whose text the output extends, read now: with
        --in-place the one written back (-o names it when the brand has
        several), with --whole the one calendar copied; None when the output
        holds only the planned posts."""
        if not (in_place or whole) or self.brand_posts is None:
            return None
        files = self.brand_posts.calendars
        names = ", ".join(calendar.file for calendar in files[:3]) + (
            ", …" if len(files) > 3 else ""
        )
        if in_place and output is not None:
            chosen = [c for c in files if _same_file(Path(c.path), output)]
            if not chosen:
                raise AppError(
                    f"-o {display_path(output)} with --in-place: that is not one of brand "
                    f"{self.brand_name}'s calendars ({names}); name one of them, or drop "
                    "--in-place to write a new file"
                )
            self.base = chosen[0]
        elif len(files) == 1:
            self.base = files[0]
        elif in_place:
            raise AppError(
                f"--in-place: brand {self.brand_name}'s calendars are {len(files)} files "
                f"({names}): name the one to add the posts to, e.g. -o {files[-1].file} "
                "--in-place"
            )
        else:
            raise AppError(
                f"--whole copies one calendar's text, and brand {self.brand_name}'s calendars "
                f"are {len(files)} files ({names}): give one --calendar file, or drop --whole "
                "to write only the planned posts"
            )
        path = Path(display_path(self.base.path))
        self.base_bytes = read_again(path)
        return path

    def problem(self, monday: date, weeks: int, platforms: list[str] | None) -> PlanProblem:
        from contentplan.plan.evergreen import evergreen_repeats
        from contentplan.plan.items import from_backlog
        from contentplan.plan.problem import PlanProblem

        chosen = _planning_platforms(self.rules, platforms)
        pinned = self.brand_posts.posts if self.brand_posts is not None else ()
        mondays = tuple(monday + timedelta(weeks=n) for n in range(weeks))
        items: tuple[PlanItem, ...] = ()
        if self.backlog is not None:
            items = tuple(from_backlog(self.backlog, self.timezone, (p.id for p in pinned)))
            end = datetime.combine(mondays[-1] + timedelta(days=7), datetime.min.time())
            items += tuple(
                evergreen_repeats(self.backlog, self.timezone, self.rules, pinned, end)
            )
        return PlanProblem(
            brand=self.brand_name,
            timezone=self.timezone,
            rules=self.rules,
            weeks=mondays,
            platforms=chosen,
            pinned=tuple(pinned),
            items=items,
            skeleton=self.backlog is None,
        )

    def learn(self, results: Sequence[Path]) -> Learning:
        """`--learn`: the results files read and learned from, for the
        brand planned. The results name posts by id: their times come from
        --calendar."""
        from contentplan.app.learned import learn_from

        if self.brand_posts is None:
            raise AppError(
                "--learn: the results name posts by id, and their posting times are in the "
                "calendars: give --calendar with the calendars that hold the published posts"
            )
        return learn_from(results, self.all_posts, self.brand_name)

    def learned_problem(
        self, problem: PlanProblem, learning: Learning, engagement_first: bool
    ) -> PlanProblem:
        """The problem with the learned value of each of its slots, as
        whole-number points (``stats.learn.POINTS`` for the best slot)."""
        from contentplan.app.learned import slot_keys

        keys = slot_keys(problem.rules, problem.platforms)
        values = learning.learned.points(keys)
        return dataclasses.replace(problem, values=values, engagement_first=engagement_first)

    def unmendable(self, problem: PlanProblem) -> list[Violation]:
        """Errors of the pinned posts in the planned weeks that adding posts
        cannot mend (none without --calendar)."""
        from contentplan.plan.pinned import unmendable

        return unmendable(problem, self.brand_posts) if self.brand_posts is not None else []

    def render_calendar(self, result: PlanResult, target: Path | None, in_place: bool) -> bytes:
        """What is written to ``target`` (None: stdout): with ``extend``'s
        calendar, its text with the new posts appended (to a file other than
        itself, with a `rules:` line that resolves from there); else a new
        calendar of only the planned posts, whose `rules:` line names the
        rules used from ``target``'s folder (on stdout, from the first
        --calendar file's folder: as if written next to it; without
        --calendar, none)."""
        from contentplan.io.emit import EmitError, append_posts, fresh_calendar

        if self.base is not None and self.base_bytes is not None:
            try:
                text = append_posts(self.base_bytes, result.placements, self.base.file)
            except EmitError as error:
                raise AppError(f"{self.base.file}: {error}") from None
            if in_place or target is None:
                return text
            text, self.note = inputs.copy_rules(text, self.base, self.rules_path, target)
            return text
        reference: str | None = None
        if target is not None:
            reference, self.note = inputs.written_rules(self.rules_path, target)
        elif self.brand_posts is not None:
            beside = Path(self.brand_posts.calendars[0].path)
            reference, _ = inputs.written_rules(self.rules_path, beside)
        calendar = fresh_calendar(self.brand_name, self.timezone, result.placements, reference)
        return calendar.encode("utf-8")


def _same_file(first: Path, second: Path) -> bool:
    try:
        return os.path.samefile(first, second)
    except OSError:
        return False


def _choose_brand(
    brands: Sequence[Brand], brand: str | None, backlog: Path | None, looked: str
) -> Brand:
    """The brand to plan: --brand, else the backlog's `brand:`, else the only
    one the calendars hold (another brand's posts play no part)."""
    wanted, source = brand, "--brand"
    if wanted is None and backlog is not None and len(brands) > 1:
        wanted, source = inputs.backlog_brand(backlog), display_path(backlog)
    for candidate in brands:
        if candidate.name == wanted:
            return candidate
    if len(brands) == 1:
        return brands[0]  # a brand given that differs: _settle_identity says so
    names = ", ".join(sorted(candidate.name for candidate in brands))
    if wanted:
        raise AppError(
            f"{source} says brand {wanted}, but --calendar {looked} holds only brands "
            f"{names}: plan one of them"
        )
    raise AppError(
        f"--calendar {looked} holds calendars of {len(brands)} brands ({names}): give --brand "
        "to plan one of them"
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
