"""Backlog files (docs/reference.md#backlog-files) → ``model.Backlog``.

A backlog holds content items that are ready but not yet scheduled; `plan`
places them. Every problem of the file is reported. ``brand`` and
``timezone`` are optional here (``plan`` may take them from the calendar or
the command line); when given they are checked like a calendar's.
``expires`` stays a ``Stamp``: it is resolved in the brand's zone by `plan`.
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from contentplan.core import clock
from contentplan.core.limits import DEFAULT_MAX_BYTES
from contentplan.core.model import (
    FORMATS,
    PHASES,
    Backlog,
    BacklogItem,
    Evergreen,
    Problem,
    Rules,
    Stamp,
)
from contentplan.core.quoting import quote, quote_names, quote_within
from contentplan.load.calendar import (
    ID_PATTERN,
    fixed_offset_note,
    load_zone,
    used_twice,
    zone_problem,
)
from contentplan.load.fields import Issues, describe, read_file, suggest
from contentplan.load.nodes import MapNode, Node, ScalarNode, SeqNode

BACKLOG_KEYS = ("version", "brand", "timezone", "items")
ITEM_KEYS = (
    "id",
    "pillar",
    "title",
    "platforms",
    "format",
    "priority",
    "earliest",
    "latest",
    "campaign",
    "phase",
    "topic",
    "expires",
    "series",
    "evergreen",
)
EVERGREEN_KEYS = ("cooldown", "max_repeats")
REQUIRED_ITEM_KEYS = ("id", "pillar", "title")
# YAML's words for true and false (a quoted "true" is text, not a flag).
_FLAGS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


def load_backlog(
    path: str, display: str, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[Backlog | None, list[Problem]]:
    """Read a backlog file. None when the file cannot be read or its
    top level is unusable; otherwise every item that could be built."""
    return read_file(
        path, display, lambda root, issues: _BacklogReader(issues).read(root, display), max_bytes
    )


def backlog_references(backlog: Backlog, rules: Rules) -> list[Problem]:
    """A Problem for every pillar, platform or campaign a backlog item names
    that the rules do not define."""
    problems: list[Problem] = []
    for item in backlog.items:
        where = item.where
        unknown: list[str] = []
        if item.pillar not in rules.pillars:
            unknown.append(f"pillar '{item.pillar}' (the rules define {', '.join(rules.pillars)})")
        for platform in item.platforms or ():
            if platform not in rules.platforms:
                unknown.append(f"platform '{platform}'")
        if item.campaign is not None and item.campaign not in rules.campaigns:
            unknown.append(f"campaign '{item.campaign}'")
        for name in unknown:
            problems.append(
                Problem(
                    where.file,
                    where.line,
                    where.column,
                    f"item {item.id} names an unknown {name}: fix the name or the rules",
                    item.id,
                )
            )
        if item.series is not None:
            problems.extend(_series_problems(item, rules))
    return problems


def _series_problems(item: BacklogItem, rules: Rules) -> list[Problem]:
    """An item of a series must name a series of the rules, and fit it."""
    where = item.where
    name = item.series
    assert name is not None
    series = rules.series.get(name)
    said: list[str] = []
    if series is None:
        said.append(
            f"item {item.id} is for the series '{quote(name)}', which the rules do not "
            f"define.{suggest(name, rules.series)} The rules' series are: "
            f"{quote_names(rules.series) or 'none'}; fix the name, or add the series under "
            "series: in the rules"
        )
    else:
        if item.pillar != series.pillar:
            said.append(
                f"item {item.id} is for the series '{quote(name)}', whose pillar is "
                f"{series.pillar}, but the item's pillar is {item.pillar}: make them agree"
            )
        if item.platforms is not None and series.platform not in item.platforms:
            said.append(
                f"item {item.id} is for the series '{quote(name)}', which goes out on "
                f"{series.platform}, but its platforms leave {series.platform} out: add "
                f"{series.platform} to platforms, or remove platforms:"
            )
    return [
        Problem(where.file, where.line, where.column, message, item.id) for message in said
    ]


def backlog_notes(backlog: Backlog, rules: Rules) -> list[Problem]:
    """Warnings about items that ask for less than the rules allow: an
    evergreen cooldown shorter than the rules' (the rules' house minimum
    wins), or more repeats than the rules' max_repeats (the rules' limit
    wins)."""
    house = rules.evergreen
    notes: list[Problem] = []
    for item in backlog.items:
        asked = item.evergreen
        if asked is None:
            continue
        where = item.where
        if timedelta(0) < asked.cooldown < house.cooldown:
            notes.append(Problem(
                where.file, where.line, where.column,
                f"item {item.id} asks for an evergreen cooldown of "
                f"{clock.format_duration(asked.cooldown)}, shorter than the rules' "
                f"{clock.format_duration(house.cooldown)}: the rules' house minimum wins, so it "
                "is repeated no sooner than that; raise the item's cooldown or remove it",
                item.id,
            ))
        if (
            asked.max_repeats is not None
            and house.max_repeats is not None
            and asked.max_repeats > house.max_repeats
        ):
            notes.append(Problem(
                where.file, where.line, where.column,
                f"item {item.id} asks for up to {asked.max_repeats} repeats, more than the "
                f"rules' max_repeats of {house.max_repeats}: the rules' limit wins; lower the "
                "item's max_repeats or remove it",
                item.id,
            ))
    return notes


class _BacklogReader:
    def __init__(self, issues: Issues) -> None:
        self.issues = issues

    def read(self, root: MapNode, display: str) -> Backlog | None:
        issues = self.issues
        issues.unknown_keys(root, BACKLOG_KEYS, "at the top of a backlog")
        issues.version(root)
        brand = timezone = None
        warnings: list[Problem] = []
        node = root.get("brand")
        if node is not None:
            brand = issues.text(node, "brand", required=True)
        node = root.get("timezone")
        if node is not None:
            timezone = issues.text(node, "timezone", required=True)
            if timezone is not None and load_zone(timezone) is None:
                issues.add(node, zone_problem(timezone))
                timezone = None
            elif timezone is not None and (note := fixed_offset_note(timezone)) is not None:
                where = node.where(display)
                warnings.append(Problem(where.file, where.line, where.column, note))
        node = root.get("items")
        items: list[BacklogItem] = []
        if node is None:
            issues.add(root, "the backlog has no 'items:': add 'items:' with a list of items")
            return None
        if isinstance(node, SeqNode):
            seen: dict[str, Node] = {}
            for item in node.items:
                built = self._item(item, seen)
                if built is not None:
                    items.append(built)
        elif not (isinstance(node, ScalarNode) and node.is_null):
            issues.add(
                node,
                f"items must be a list of items, not {describe(node)}: start each item "
                "with '- ' on its own line under items:",
            )
            return None
        return Backlog(
            file=display,
            brand=brand,
            timezone=timezone,
            items=tuple(items),
            warnings=tuple(warnings),
        )

    def _item(self, node: Node, seen: dict[str, Node]) -> BacklogItem | None:
        issues = self.issues
        if not isinstance(node, MapNode):
            issues.add(
                node,
                f"each backlog item must be a mapping of keys, not {describe(node)}: "
                "write it as id:, pillar: and title: lines after the '- '",
            )
            return None
        entries = node.entries
        before = len(issues.problems)
        ok = True
        item_id = None
        value = node.get("id")
        if value is not None:
            item_id = issues.text(value, "id", required=True)
            if item_id is not None and not ID_PATTERN.fullmatch(item_id):
                issues.add(
                    value,
                    f"the item id '{quote(item_id)}' may hold only letters, digits, '.', '_' "
                    "and '-': rename it",
                )
                item_id = None
            if item_id is not None:
                if item_id in seen:
                    issues.add(value, used_twice("item", item_id, seen[item_id], node), item_id)
                    ok = False
                else:
                    seen[item_id] = node
        issues.unknown_keys(node, ITEM_KEYS, "in a backlog item", item_id)
        for key in REQUIRED_ITEM_KEYS:
            if key not in entries:
                issues.add(node, f"the backlog item has no '{key}:': add it", item_id)
                ok = False

        def text(key: str, required: bool = False) -> str | None:
            found = node.get(key)
            return None if found is None else issues.text(found, key, item_id, required)

        pillar = text("pillar", required=True)
        title = text("title", required=True)
        if title is not None and not title.strip():
            issues.add(node.get("title"), "the title is empty: write the item's title", item_id)
            ok = False
        platforms = None
        value = node.get("platforms")
        if value is not None and not (isinstance(value, ScalarNode) and value.is_null):
            names = issues.names(value, "platforms", item_id, single=True)
            if names is None:
                ok = False
            elif not names:
                issues.add(value, "platforms is empty: name at least one, or leave it out "
                                  "(any planning platform)", item_id)
                ok = False
            else:
                platforms = tuple(name for name, _ in names)
        fmt = None
        value = node.get("format")
        if value is not None:
            fmt = issues.choice(value, "format", FORMATS, item_id)
            ok = ok and (fmt is not None or (isinstance(value, ScalarNode) and value.is_null))
        priority = 1
        value = node.get("priority")
        if value is not None and not (isinstance(value, ScalarNode) and value.is_null):
            number = issues.integer(value, "priority", low=1, high=5, post_id=item_id)
            if number is None:
                ok = False
            else:
                priority = number
        earliest = self._date(node, "earliest", item_id)
        latest = self._date(node, "latest", item_id, end=True)
        if earliest is False or latest is False:
            ok = False
        elif (
            isinstance(earliest, date) and isinstance(latest, date) and earliest > latest
        ):
            issues.add(
                node.get("latest"),
                f"latest ({latest}) is before earliest ({earliest}): the item could never be "
                "placed; fix one of them",
                item_id,
            )
            ok = False
        campaign = text("campaign")
        phase = None
        value = node.get("phase")
        if value is not None:
            phase = issues.choice(value, "phase", PHASES, item_id)
            if phase is None and not (isinstance(value, ScalarNode) and value.is_null):
                ok = False
            elif phase is not None and campaign is None:
                issues.add(
                    value,
                    f"phase: {phase} needs a campaign: add 'campaign:', or remove 'phase:'",
                    item_id,
                )
                ok = False
        expires: Stamp | None = None
        expires_text = text("expires")
        if expires_text is not None:
            try:
                expires = clock.parse_end_stamp(expires_text)
            except clock.ClockError as error:
                issues.add(
                    node.get("expires"), f"expires: {quote_within(str(error), expires_text)}",
                    item_id,
                )
                ok = False
        series = text("series")
        evergreen = None
        value = node.get("evergreen")
        if value is not None:
            evergreen = self._evergreen(value, item_id)
            if evergreen is False:
                ok = False
        # An item with any problem is left out (the run exits 2 anyway).
        if not ok or len(issues.problems) != before or item_id is None:
            return None
        if pillar is None or title is None:
            return None
        return BacklogItem(
            id=item_id,
            pillar=pillar,
            title=title,
            where=node.where(issues.file),
            platforms=platforms,
            format=fmt,
            priority=priority,
            earliest=earliest if isinstance(earliest, date) else None,
            latest=latest if isinstance(latest, date) else None,
            campaign=campaign,
            phase=phase,
            topic=text("topic"),
            expires=expires,
            series=series,
            evergreen=evergreen if isinstance(evergreen, Evergreen) else None,
        )

    def _evergreen(self, node: Node, item_id: str | None) -> Evergreen | None | bool:
        """``true``: the rules' policy (cooldown 0 and no limit here, held to
        the rules' by ``Evergreen.within``); ``false`` or empty: not
        evergreen (None); a mapping: the item's own ask. False when bad
        (reported)."""
        issues = self.issues
        if isinstance(node, ScalarNode):
            if node.is_null:
                return None
            flag = _FLAGS.get(node.value) if node.plain else None
            if flag is None:
                issues.add(
                    node,
                    f"evergreen is '{quote(node.value)}', which is not true, false or a mapping: "
                    "write evergreen: true (the rules' cooldown), or "
                    "evergreen: {cooldown: 60d, max_repeats: 3}",
                    item_id,
                )
                return False
            return Evergreen(timedelta(0)) if flag else None
        mapping = issues.mapping(node, "evergreen", item_id)
        if mapping is None:
            return False
        before = len(issues.problems)
        issues.unknown_keys(mapping, EVERGREEN_KEYS, "under evergreen", item_id)
        policy = Evergreen(timedelta(0))
        value = mapping.get("cooldown")
        if value is not None:
            text = issues.text(value, "evergreen.cooldown", item_id, required=True)
            if text is not None:
                try:
                    cooldown = clock.parse_duration(text)
                except clock.ClockError as error:
                    issues.add(value, f"evergreen.cooldown: {quote_within(str(error), text)}",
                               item_id)
                else:
                    if not cooldown:
                        issues.add(
                            value,
                            "evergreen.cooldown is 0: leave it out to keep the rules' "
                            "cooldown, or write a longer one, e.g. 60d",
                            item_id,
                        )
                    policy = dataclasses.replace(policy, cooldown=cooldown)
        value = mapping.get("max_repeats")
        if value is not None and not (isinstance(value, ScalarNode) and value.is_null):
            repeats = issues.integer(value, "evergreen.max_repeats", low=0, post_id=item_id)
            if repeats is not None:
                policy = dataclasses.replace(policy, max_repeats=repeats)
        return policy if len(issues.problems) == before else False

    def _date(
        self, node: MapNode, key: str, item_id: str | None, end: bool = False
    ) -> date | None | bool:
        """The date, None when absent (or an end in clock.OPEN_YEAR: no end),
        False when it is bad (reported)."""
        value = node.get(key)
        if value is None:
            return None
        text = self.issues.text(value, key, item_id)
        if text is None:
            return None
        try:
            return clock.parse_end_date(text) if end else clock.parse_date(text)
        except clock.ClockError as error:
            self.issues.add(value, f"{key}: {quote_within(str(error), text)}", item_id)
            return False
