"""Rules files (docs/reference.md#rules-files) → ``model.Rules``, merged over
the built-in defaults.

Every key is optional; what is missing takes the built-in default
(docs/reference.md#built-in-defaults).
Mappings merge key by key over the built-in platform profiles
(``contentplan.core.profiles.BUILTIN_PROFILES``); lists and mix targets replace
what they override. Every problem of the file is reported, each with its line
and column, and ``load_rules`` always returns usable Rules (the defaults
where a value was bad) so that the caller can go on and report more.

How values are read (docs/reference.md#how-values-are-read, docs/reference.md#rules-files):

- ratios (``mix.target``, a platform's ``mix``) are positive decimals read
  from their text with ``Fraction``, never through a float;
- ``tolerance`` is a decimal from 0 to 1; ``min_posts`` a whole number;
- times of day are ``HH:MM``; durations ``90m``/``2h``/``3d``;
- blackout bounds are a date (``2024-12-18``) or an instant
  (``2024-12-21 14:00``, optionally with ``Z``/``±HH:MM``). A date-only
  ``from`` starts at 00:00 of that day; a date-only ``to`` is stored as
  00:00 of the day *after* it, so that the model's half-open [start, end)
  covers the whole of the ``to`` day (docs/reference.md#check-blackout);
- ``teaser_days``/``recap_days`` are whole numbers of days.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from fractions import Fraction
from typing import Any, cast

from contentplan.core import clock
from contentplan.core.catalogue import CHECK_NAMES
from contentplan.core.model import (
    DEFAULT_PILLARS,
    FORMATS,
    Blackout,
    Campaign,
    Evergreen,
    MixRules,
    PlatformRules,
    Problem,
    QuietHours,
    Rules,
    Series,
    Severity,
    Stamp,
)
from contentplan.core.profiles import BUILTIN_PROFILES
from contentplan.core.quoting import quote, quote_names, quote_within
from contentplan.core.series import WEEKDAY_NAMES, instance_days, rhythm
from contentplan.load.fields import Issues, describe, read_file, suggest
from contentplan.load.nodes import MapNode, Node, ScalarNode, SeqNode

# A name inside the "where" of a message (platforms.NAME.slots) is cut
# shorter than a quoted value, as the message may quote a value too.
_NAME = 100

RULES_KEYS = (
    "version",
    "pillars",
    "mix",
    "platforms",
    "quiet_hours",
    "blackouts",
    "campaigns",
    "trending",
    "severity",
    "series",
    "evergreen",
)
MIX_KEYS = ("target", "window", "tolerance", "min_posts", "scope")
PLATFORM_KEYS = (
    "role",
    "mix",
    "formats",
    "slots",
    "max_per_day",
    "min_per_week",
    "max_per_week",
    "min_gap",
    "max_title",
    "title_units",
    "quiet_hours",
)
QUIET_KEYS = ("from", "to")
BLACKOUT_KEYS = ("from", "to", "reason", "platforms")
CAMPAIGN_KEYS = ("launch", "teaser_days", "recap_days")
TRENDING_KEYS = ("max_age",)
SERIES_KEYS = ("platform", "pillar", "every", "on", "at", "from", "until", "skip", "tolerance")
REQUIRED_SERIES_KEYS = ("platform", "pillar", "on", "at", "from")
EVERGREEN_KEYS = ("cooldown", "max_repeats")
EVERY = ("weekly", "biweekly", "monthly")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_WEEKDAYS = tuple(name.lower() for name in WEEKDAY_NAMES)
ROLES = ("information", "entertainment", "service")
WINDOWS = ("week", "month")
SCOPES = ("platform", "brand")
TITLE_UNITS = ("codepoints", "weighted")
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "off")
DEFAULT_TARGET: Mapping[str, Fraction] = {
    "functional": Fraction(5),
    "story": Fraction(3),
    "trending": Fraction(2),
}

_RATIO = re.compile(r"[0-9]+(?:\.[0-9]+)?", re.ASCII)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


def builtin_profiles() -> Mapping[str, PlatformRules]:
    """The built-in platform profiles."""
    return BUILTIN_PROFILES


def default_rules() -> Rules:
    """The built-in defaults (docs/reference.md#built-in-defaults), used when
    no rules file applies."""
    return Rules(
        pillars=DEFAULT_PILLARS,
        mix=MixRules(target=dict(DEFAULT_TARGET)),
        platforms=dict(builtin_profiles()),
    )


def load_rules(path: str | None, display: str) -> tuple[Rules, list[Problem]]:
    """Read a rules file merged over the defaults; None gives the defaults.
    The Rules returned are usable even when there are problems."""
    if path is None:
        return default_rules(), []
    rules, problems = read_file(
        path, display, lambda root, issues: _RulesReader(issues).read(root, display)
    )
    if rules is None:
        return dataclasses.replace(default_rules(), source=display), problems
    return rules, problems


class _RulesReader:
    def __init__(self, issues: Issues) -> None:
        self.issues = issues

    def read(self, root: MapNode, display: str) -> Rules:
        issues = self.issues
        issues.unknown_keys(root, RULES_KEYS, "in a rules file")
        if "version" in root:
            issues.version(root)

        pillars: tuple[str, ...] = DEFAULT_PILLARS
        pillars_node = root.get("pillars")
        if pillars_node is not None:
            names = issues.names(pillars_node, "pillars")
            if names is not None:
                if names:
                    pillars = tuple(name for name, _ in names)
                else:
                    issues.add(pillars_node, "pillars is empty: name at least one pillar")

        mix = self._mix(root.get("mix"), pillars, pillars_node)
        profiles = builtin_profiles()
        platforms: dict[str, PlatformRules] = dict(profiles)
        planning: list[str] = []
        node = root.get("platforms")
        if node is not None:
            table = issues.mapping(node, "platforms")
            if table is not None:
                for name, (key, value) in table.entries.items():
                    planning.append(name)
                    base = platforms.get(name) or PlatformRules(name=name)
                    platforms[name] = self._platform(name, key, value, base, pillars)

        quiet = None
        node = root.get("quiet_hours")
        if node is not None:
            quiet = self._quiet(node, "quiet_hours")

        blackouts: list[Blackout] = []
        node = root.get("blackouts")
        if node is not None:
            blackouts = self._blackouts(node, platforms)

        campaigns: dict[str, Campaign] = {}
        node = root.get("campaigns")
        if node is not None:
            campaigns = self._campaigns(node)

        max_age = None
        node = root.get("trending")
        if node is not None:
            trending = issues.mapping(node, "trending")
            if trending is not None:
                issues.unknown_keys(trending, TRENDING_KEYS, "under trending")
                age_node = trending.get("max_age")
                if age_node is not None:
                    max_age = self._duration(age_node, "trending.max_age")

        severity: dict[str, Severity] = {}
        node = root.get("severity")
        if node is not None:
            severity = self._severity(node)

        series: dict[str, Series] = {}
        node = root.get("series")
        if node is not None:
            series = self._series_table(node, platforms, pillars)

        evergreen = Evergreen()
        node = root.get("evergreen")
        if node is not None:
            evergreen = self._evergreen(node, "evergreen") or evergreen

        return Rules(
            pillars=pillars,
            mix=mix,
            platforms=platforms,
            planning_platforms=tuple(planning),
            quiet_hours=quiet,
            blackouts=tuple(blackouts),
            campaigns=campaigns,
            trending_max_age=max_age,
            severity=severity,
            source=display,
            series=series,
            evergreen=evergreen,
        )

    # -- mix

    def _mix(
        self, node: Node | None, pillars: tuple[str, ...], pillars_node: Node | None
    ) -> MixRules:
        issues = self.issues
        defaults = MixRules(target=dict(DEFAULT_TARGET))
        mapping = issues.mapping(node, "mix") if node is not None else None
        target: dict[str, Fraction] | None = None
        changes: dict[str, Any] = {}
        if mapping is not None:
            issues.unknown_keys(mapping, MIX_KEYS, "under mix")
            value = mapping.get("target")
            if value is not None:
                target = self._target(value, "mix.target", pillars)
            value = mapping.get("window")
            if value is not None:
                window = issues.choice(value, "mix.window", WINDOWS)
                if window is not None:
                    changes["window"] = window
            value = mapping.get("tolerance")
            if value is not None:
                tolerance = self._tolerance(value)
                if tolerance is not None:
                    changes["tolerance"] = tolerance
            value = mapping.get("min_posts")
            if value is not None:
                min_posts = issues.integer(value, "mix.min_posts", low=0)
                if min_posts is not None:
                    changes["min_posts"] = min_posts
            value = mapping.get("scope")
            if value is not None:
                scope = self._choices(value, "mix.scope", SCOPES)
                if scope is not None:
                    changes["scope"] = frozenset(scope)
        if target is None:
            if (mapping is None or "target" not in mapping) and set(pillars) != set(
                DEFAULT_TARGET
            ):
                issues.add(
                    pillars_node,
                    f"the pillars are {quote_names(pillars)}, but mix.target is not set and the "
                    "default 5:3:2 target names functional, story and trending: add "
                    "mix: {target: {...}} with a ratio for each pillar",
                )
            target = {pillar: DEFAULT_TARGET.get(pillar, Fraction(1)) for pillar in pillars}
        return dataclasses.replace(defaults, target=target, **changes)

    def _target(
        self, node: Node, what: str, pillars: tuple[str, ...]
    ) -> dict[str, Fraction] | None:
        """Ratios for every pillar and only pillars, in pillar order."""
        issues = self.issues
        mapping = issues.mapping(node, what)
        if mapping is None:
            return None
        ratios: dict[str, Fraction] = {}
        ok = True
        known = frozenset(pillars)  # a rules file may name thousands
        for name, (key, value) in mapping.entries.items():
            if name not in known:
                issues.unknown_name(
                    key,
                    f"{what} names '{quote(name)}', which is not a pillar",
                    name,
                    pillars,
                    f"The pillars are: {quote_names(pillars)}",
                )
                ok = False
                continue
            ratio = self._ratio(value, f"{what}.{quote(name, _NAME)}")
            if ratio is None:
                ok = False
            else:
                ratios[name] = ratio
        missing = [pillar for pillar in pillars if pillar not in mapping.entries]
        if missing:
            issues.add(
                mapping,
                f"{what} gives no ratio for {quote_names(missing)}: a mix target must name "
                f"every pillar ({quote_names(pillars)})",
            )
            ok = False
        if not ok:
            return None
        return {pillar: ratios[pillar] for pillar in pillars}

    def _ratio(self, node: Node, what: str) -> Fraction | None:
        text = self.issues.text(node, what, required=True)
        if text is None:
            return None
        if not _RATIO.fullmatch(text.strip()) or Fraction(text.strip()) <= 0:
            self.issues.add(
                node,
                f"{what} is '{quote(text)}', but a ratio is a positive decimal, e.g. 5 or 2.5",
            )
            return None
        return Fraction(text.strip())

    def _tolerance(self, node: Node) -> Fraction | None:
        text = self.issues.text(node, "mix.tolerance", required=True)
        if text is None:
            return None
        if not _RATIO.fullmatch(text.strip()) or Fraction(text.strip()) > 1:
            self.issues.add(
                node,
                f"mix.tolerance is '{quote(text)}', but it is a share from 0 to 1, e.g. 0.10 "
                "for ±10 points",
            )
            return None
        return Fraction(text.strip())

    def _choices(self, node: Node, what: str, choices: tuple[str, ...]) -> list[str] | None:
        names = self.issues.names(node, what, single=True)
        if names is None:
            return None
        ok = True
        for name, item in names:
            if name not in choices:
                self.issues.add(
                    item,
                    f"{what} names '{quote(name)}', which is not one of: {', '.join(choices)}."
                    f"{suggest(name, choices)}",
                )
                ok = False
        return [name for name, _ in names] if ok else None

    # -- platforms

    def _platform(
        self,
        name: str,
        key: ScalarNode,
        node: Node,
        base: PlatformRules,
        pillars: tuple[str, ...],
    ) -> PlatformRules:
        issues = self.issues
        where = f"platforms.{quote(name, _NAME)}"
        if isinstance(node, ScalarNode) and node.is_null:
            return base  # named for planning, profile unchanged
        mapping = issues.mapping(node, where)
        if mapping is None:
            return base
        issues.unknown_keys(mapping, PLATFORM_KEYS, f"under {where}")
        changes: dict[str, Any] = {}
        for field, value in mapping.entries.items():
            value_node = value[1]
            what = f"{where}.{field}"
            result: Any = None
            if field == "role":
                result = issues.choice(value_node, what, ROLES)
            elif field == "mix":
                result = self._target(value_node, what, pillars)
            elif field == "formats":
                chosen = self._choices(value_node, what, FORMATS)
                result = None if chosen is None else frozenset(chosen)
            elif field == "slots":
                result = self._slots(value_node, what)
            elif field in ("max_per_day", "min_per_week", "max_per_week"):
                result = issues.integer(value_node, what, low=0)
            elif field == "max_title":
                result = issues.integer(value_node, what, low=1)
            elif field == "min_gap":
                result = self._duration(value_node, what)
            elif field == "title_units":
                result = issues.choice(value_node, what, TITLE_UNITS)
            elif field == "quiet_hours":
                result = self._quiet(value_node, what)
            else:
                continue  # reported as unknown above
            if result is not None:
                changes[field] = result
        merged = dataclasses.replace(base, **changes)
        low, high = merged.min_per_week, merged.max_per_week
        if low is not None and high is not None and low > high:
            issues.add(
                mapping.get("min_per_week") or mapping.get("max_per_week") or mapping,
                f"{where}: min_per_week ({low}) is more than max_per_week ({high}): "
                "no week could pass; lower min_per_week or raise max_per_week",
            )
        return merged

    def _slots(self, node: Node, what: str) -> tuple[time, ...] | None:
        names = self.issues.names(node, what, single=True)
        if names is None:
            return None
        slots: list[time] = []
        ok = True
        for text, item in names:
            try:
                slots.append(clock.parse_clock(text))
            except clock.ClockError as error:
                self.issues.add(item, f"{what}: {quote_within(str(error), text)}")
                ok = False
        if not ok:
            return None
        if len(set(slots)) != len(slots):
            self.issues.add(node, f"{what} lists one time twice: keep each slot once")
            return None
        return tuple(sorted(slots))

    def _duration(self, node: Node, what: str) -> timedelta | None:
        text = self.issues.text(node, what, required=True)
        if text is None:
            return None
        try:
            return clock.parse_duration(text)
        except clock.ClockError as error:
            self.issues.add(node, f"{what}: {quote_within(str(error), text)}")
            return None

    def _quiet(self, node: Node, what: str) -> QuietHours | None:
        issues = self.issues
        mapping = issues.mapping(node, what)
        if mapping is None:
            return None
        issues.unknown_keys(mapping, QUIET_KEYS, f"under {what}")
        bounds: list[time] = []
        for key in QUIET_KEYS:
            value = mapping.get(key)
            if value is None:
                issues.add(
                    mapping,
                    f"{what} has no '{key}:': write both bounds, e.g. "
                    '{from: "00:30", to: "07:00"}',
                )
                continue
            text = issues.text(value, f"{what}.{key}", required=True)
            if text is None:
                continue
            try:
                bounds.append(clock.parse_clock(text))
            except clock.ClockError as error:
                issues.add(value, f"{what}.{key}: {quote_within(str(error), text)}")
        if len(bounds) != 2:
            return None
        return QuietHours(bounds[0], bounds[1])

    # -- series and evergreen

    def _series_table(
        self, node: Node, platforms: Mapping[str, PlatformRules], pillars: tuple[str, ...]
    ) -> dict[str, Series]:
        table = self.issues.mapping(node, "series")
        if table is None:
            return {}
        found: dict[str, Series] = {}
        for name, (key, value) in table.entries.items():
            if not name.strip():
                self.issues.add(key, "a series has an empty name: give it a name, e.g. "
                                     "weekly-tutorial")
                continue
            made = self._series(name, value, platforms, pillars)
            if made is not None:
                found[name] = made
        return found

    def _series(
        self,
        name: str,
        node: Node,
        platforms: Mapping[str, PlatformRules],
        pillars: tuple[str, ...],
    ) -> Series | None:
        issues = self.issues
        where = f"series.{quote(name, _NAME)}"
        mapping = issues.mapping(node, where)
        if mapping is None:
            return None
        before = len(issues.problems)
        issues.unknown_keys(mapping, SERIES_KEYS, f"under {where}")
        for key in REQUIRED_SERIES_KEYS:
            if key not in mapping:
                issues.add(mapping, f"{where} has no '{key}:': add it, e.g. "
                                    f"{_SERIES_EXAMPLES[key]}")
        platform = pillar = None
        value = mapping.get("platform")
        if value is not None:
            platform = issues.text(value, f"{where}.platform", required=True)
            if platform is not None and platform not in platforms:
                issues.unknown_name(
                    value,
                    f"{where}.platform names '{quote(platform)}', which the rules do not know",
                    platform,
                    platforms,
                    "Write a platform of the rules or a built-in one, or add it under "
                    "platforms:",
                )
        value = mapping.get("pillar")
        if value is not None:
            pillar = issues.text(value, f"{where}.pillar", required=True)
            if pillar is not None and pillar not in pillars:
                issues.unknown_name(
                    value,
                    f"{where}.pillar names '{quote(pillar)}', which is not a pillar",
                    pillar,
                    pillars,
                    f"The pillars are: {quote_names(pillars)}",
                )
        every = "weekly"
        value = mapping.get("every")
        if value is not None:
            text = issues.text(value, f"{where}.every", required=True)
            if text is not None and text not in EVERY:
                near = _EVERY_WORDS.get(text.strip().lower()) or suggest(text, EVERY)
                issues.add(
                    value,
                    f"{where}.every is '{quote(text)}', which is not one of: "
                    f"{', '.join(EVERY)}.{near}",
                )
            elif text is not None:
                every = text
        weekdays: list[int] = []
        value = mapping.get("on")
        if value is not None:
            weekdays = self._weekdays(value, f"{where}.on")
        at = None
        value = mapping.get("at")
        if value is not None:
            text = issues.text(value, f"{where}.at", required=True)
            if text is not None:
                try:
                    at = clock.parse_clock(text)
                except clock.ClockError as error:
                    issues.add(value, f"{where}.at: {quote_within(str(error), text)}")
        start = until = None
        value = mapping.get("from")
        if value is not None:
            text = issues.text(value, f"{where}.from", required=True)
            if text is not None:
                try:
                    start = clock.parse_date(text)
                except clock.ClockError as error:
                    issues.add(value, f"{where}.from: {quote_within(str(error), text)}")
        value = mapping.get("until")
        if value is not None and not (isinstance(value, ScalarNode) and value.is_null):
            text = issues.text(value, f"{where}.until", required=True)
            if text is not None:
                try:
                    until = clock.parse_end_date(text)
                except clock.ClockError as error:
                    issues.add(value, f"{where}.until: {quote_within(str(error), text)}")
            if start is not None and until is not None and until < start:
                issues.add(
                    value,
                    f"{where} ends ({until}) before it starts ({start}): 'until' must be on "
                    "or after 'from'",
                )
        skips: list[tuple[date, ScalarNode]] = []
        value = mapping.get("skip")
        if value is not None:
            for text, item in issues.names(value, f"{where}.skip", single=True) or ():
                try:
                    skips.append((clock.parse_date(text), item))
                except clock.ClockError as error:
                    issues.add(item, f"{where}.skip: {quote_within(str(error), text)}")
        tolerance = timedelta(0)
        value = mapping.get("tolerance")
        if value is not None:
            tolerance = self._duration(value, f"{where}.tolerance") or tolerance
        if len(issues.problems) != before:
            return None
        assert platform is not None and pillar is not None and at is not None
        assert start is not None
        series = Series(
            name=name,
            platform=platform,
            pillar=pillar,
            every=every,
            on=tuple(sorted(weekdays)),
            at=at,
            start=start,
            until=until,
            tolerance=tolerance,
            where=mapping.where(issues.file),
        )
        for day, item in skips:
            if next(instance_days(series, day, day), None) is None:
                issues.add(
                    item,
                    f"{where}.skip names {day} ({WEEKDAY_NAMES[day.weekday()]}), which is not "
                    f"a day of the series ({rhythm(series)}): remove it, or fix the date",
                )
        if len(issues.problems) != before:
            return None
        return dataclasses.replace(series, skip=frozenset(day for day, _ in skips))

    def _weekdays(self, node: Node, what: str) -> list[int]:
        names = self.issues.names(node, what, single=True)
        if names is None:
            return []
        if not names:
            self.issues.add(node, f"{what} is empty: name the weekdays of the series, e.g. "
                                  "on: [tue]")
            return []
        days: list[int] = []
        for text, item in names:
            word = text.strip().lower()
            if word in WEEKDAYS:
                day = WEEKDAYS.index(word)
            elif word in _FULL_WEEKDAYS:
                day = _FULL_WEEKDAYS.index(word)
            else:
                self.issues.add(
                    item,
                    f"{what} names '{quote(text)}', which is not a weekday: write "
                    f"{', '.join(WEEKDAYS)}.{suggest(word, WEEKDAYS)}",
                )
                continue
            if day in days:
                self.issues.add(item, f"{what} names {WEEKDAYS[day]} twice: keep it once")
                continue
            days.append(day)
        return days

    def _evergreen(self, node: Node, what: str) -> Evergreen | None:
        issues = self.issues
        mapping = issues.mapping(node, what)
        if mapping is None:
            return None
        issues.unknown_keys(mapping, EVERGREEN_KEYS, f"under {what}")
        policy = Evergreen()
        value = mapping.get("cooldown")
        if value is not None:
            cooldown = self._duration(value, f"{what}.cooldown")
            if cooldown is not None:
                policy = dataclasses.replace(policy, cooldown=cooldown)
        value = mapping.get("max_repeats")
        if value is not None and not (isinstance(value, ScalarNode) and value.is_null):
            repeats = issues.integer(value, f"{what}.max_repeats", low=0)
            if repeats is not None:
                policy = dataclasses.replace(policy, max_repeats=repeats)
        return policy

    # -- blackouts, campaigns, severity

    def _blackouts(self, node: Node, platforms: Mapping[str, PlatformRules]) -> list[Blackout]:
        issues = self.issues
        if isinstance(node, ScalarNode) and node.is_null:
            return []
        if not isinstance(node, SeqNode):
            issues.add(node, f"blackouts must be a list of {{from:, to:, …}}, not {describe(node)}")
            return []
        blackouts: list[Blackout] = []
        for index, item in enumerate(node.items, 1):
            what = f"blackout {index}"
            mapping = issues.mapping(item, what)
            if mapping is None:
                continue
            issues.unknown_keys(mapping, BLACKOUT_KEYS, f"in {what}")
            ok = True
            start = end = None
            value = mapping.get("from")
            if value is None:
                issues.add(mapping, f"{what} has no 'from:': add the date or time it starts")
                ok = False
            else:
                start = self._bound(value, f"{what}: from", is_end=False)
                ok = ok and start is not None
            value = mapping.get("to")
            if value is not None and not (isinstance(value, ScalarNode) and value.is_null):
                end = self._bound(value, f"{what}: to", is_end=True)
                ok = ok and end is not None
                if end is _OPEN:
                    end = None  # until further notice
            if start is not None and end is not None and _before_or_same(end, start):
                issues.add(
                    mapping.get("to") or mapping,
                    f"{what} ends before it starts: 'to' must come after 'from'",
                )
                ok = False
            reason = ""
            value = mapping.get("reason")
            if value is not None:
                reason = issues.text(value, f"{what}: reason") or ""
            covered: frozenset[str] | None = None
            value = mapping.get("platforms")
            if value is not None and not (
                isinstance(value, ScalarNode) and value.value == "all"
            ):
                names = issues.names(value, f"{what}: platforms")
                if names is None:
                    ok = False
                else:
                    for name, name_node in names:
                        if name not in platforms:
                            issues.add(
                                name_node,
                                f"{what} names the platform '{quote(name)}', which the rules "
                                "do not "
                                f"know.{suggest(name, platforms)} Write 'platforms: all' or "
                                "known platform names",
                            )
                            ok = False
                    covered = frozenset(name for name, _ in names)
            if ok and start is not None:
                blackouts.append(
                    Blackout(
                        start=start,
                        end=end,
                        reason=reason,
                        platforms=covered,
                        where=mapping.where(issues.file),
                    )
                )
        return blackouts

    def _bound(self, node: Node, what: str, is_end: bool) -> Stamp | None:
        """A date or an instant. A date-only end is stored as 00:00 of the
        next day, so that [start, end) covers all of the ``to`` day. An end
        in clock.OPEN_YEAR (``to: 9999-12-31``) is ``_OPEN``: no end."""
        text = self.issues.text(node, what, required=True)
        if text is None:
            return None
        try:
            if _DATE.fullmatch(text.strip()):
                if not is_end:
                    return Stamp(datetime.combine(clock.parse_date(text), time()))
                day = clock.parse_end_date(text)
                if day is None:
                    return _OPEN
                return Stamp(datetime.combine(day + timedelta(days=1), time()))
            if not is_end:
                return clock.parse_stamp(text)
            return clock.parse_end_stamp(text) or _OPEN
        except clock.ClockError as error:
            self.issues.add(node, f"{what}: {quote_within(str(error), text)}")
            return None

    def _campaigns(self, node: Node) -> dict[str, Campaign]:
        issues = self.issues
        table = issues.mapping(node, "campaigns")
        if table is None:
            return {}
        campaigns: dict[str, Campaign] = {}
        for name, (_key, value) in table.entries.items():
            what = f"campaigns.{quote(name, _NAME)}"
            mapping = issues.mapping(value, what)
            if mapping is None:
                continue
            issues.unknown_keys(mapping, CAMPAIGN_KEYS, f"under {what}")
            launch = None
            launch_node = mapping.get("launch")
            if launch_node is None:
                issues.add(mapping, f"{what} has no 'launch:': add its date and time, "
                                    "e.g. launch: 2024-03-28 19:00")
            else:
                text = issues.text(launch_node, f"{what}.launch", required=True)
                if text is not None:
                    try:
                        launch = clock.parse_stamp(text)
                    except clock.ClockError as error:
                        issues.add(launch_node, f"{what}.launch: {quote_within(str(error), text)}")
            spans: dict[str, timedelta | None] = {}
            for key in ("teaser_days", "recap_days"):
                span_node = mapping.get(key)
                days = None
                if span_node is not None:
                    days = issues.integer(
                        span_node, f"{what}.{key}", low=0, high=clock.MAX_DURATION.days
                    )
                spans[key] = None if days is None else timedelta(days=days)
            if launch is not None:
                campaigns[name] = Campaign(
                    name=name,
                    launch=launch,
                    teaser_days=spans["teaser_days"],
                    recap_days=spans["recap_days"],
                    where=mapping.where(issues.file),
                )
        return campaigns

    def _severity(self, node: Node) -> dict[str, Severity]:
        issues = self.issues
        table = issues.mapping(node, "severity")
        if table is None:
            return {}
        severity: dict[str, Severity] = {}
        for name, (key, value) in table.entries.items():
            if name not in CHECK_NAMES:
                issues.add(
                    key,
                    f"severity names '{quote(name)}', which is not a check."
                    f"{suggest(name, CHECK_NAMES)}"
                    f" The checks are: {', '.join(CHECK_NAMES)}",
                )
                continue
            level = issues.choice(value, f"severity.{quote(name, _NAME)}", SEVERITIES)
            if level is None:
                continue
            if name == "schema" and level != "error":
                issues.add(
                    value,
                    "schema problems are always errors (the file cannot be checked): "
                    "remove 'schema' from severity",
                )
                continue
            severity[name] = cast(Severity, level)
        return severity


# Other words for the three rhythms, and what to write instead.
_EVERY_WORDS = {
    "fortnightly": " Every other week is biweekly",
    "every other week": " Every other week is biweekly",
    "bi-weekly": " Every other week is biweekly",
    "week": " Did you mean 'weekly'?",
    "month": " Did you mean 'monthly'?",
}
_SERIES_EXAMPLES = {
    "platform": "platform: wechat",
    "pillar": "pillar: functional",
    "on": "on: [tue]",
    "at": 'at: "20:00"',
    "from": "from: 2025-03-04",
}


# What _bound gives for an end that means "until further notice".
_OPEN = Stamp(datetime.max)


def _before_or_same(end: Stamp, start: Stamp) -> bool:
    """Whether a span would be empty; spans that mix an offset with local
    time depend on the calendar's zone, and are not judged here."""
    if end.aware is None and start.aware is None:
        return end.naive <= start.naive
    if end.aware is not None and start.aware is not None:
        return end.aware <= start.aware
    return False
