"""Backlog files (docs/reference.md#backlog-files) → ``model.Backlog``.

A backlog holds content items that are ready but not yet scheduled; `plan`
places them. Every problem of the file is reported. ``brand`` and
``timezone`` are optional here (``plan`` may take them from the calendar or
the command line); when given they are checked like a calendar's.
``expires`` stays a ``Stamp``: it is resolved in the brand's zone by `plan`.
"""

from __future__ import annotations

from datetime import date

from contentplan.core import clock
from contentplan.core.limits import DEFAULT_MAX_BYTES
from contentplan.core.model import FORMATS, PHASES, Backlog, BacklogItem, Problem, Rules, Stamp
from contentplan.core.quoting import quote, quote_within
from contentplan.load.calendar import (
    ID_PATTERN,
    fixed_offset_note,
    load_zone,
    used_twice,
    zone_problem,
)
from contentplan.load.fields import Issues, describe, read_file
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
)
REQUIRED_ITEM_KEYS = ("id", "pillar", "title")


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
    return problems


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
        )

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
