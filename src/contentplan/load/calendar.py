"""Calendar files (docs/reference.md#calendar-files) → ``model.Calendar``, with every schema
problem.

``load_calendar`` reports all the problems of a file, not only the first:
unknown keys (with a suggestion), missing keys, bad values, duplicate ids,
impossible dates, 24:00, and local times in a DST gap or overlap. Whether a
post's platform, pillar and campaign exist depends on the rules, which are
resolved after the calendar is read (docs/reference.md#rules-files), so ``check_references`` does
that part.

Posts whose values are broken are left out of ``Calendar.posts`` (a schema
problem makes the run exit 2 anyway), but their platform, pillar and
campaign are still checked by ``check_references``, so that every problem
of a file shows in one run.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, available_timezones

from contentplan.core import clock
from contentplan.core.catalogue import GROUP_CHECKS, POST_LEVEL_CHECKS
from contentplan.core.limits import DEFAULT_MAX_BYTES, MAX_PROBLEMS
from contentplan.core.model import FORMATS, PHASES, STATUSES, Calendar, Post, Problem, Rules, Where
from contentplan.core.postfields import POST_KEYS, REQUIRED_POST_KEYS
from contentplan.core.quoting import quote, quote_names, quote_within
from contentplan.load.compose import too_many
from contentplan.load.fields import Issues, describe, read_file, suggest
from contentplan.load.nodes import MapNode, Node, ScalarNode, SeqNode

CALENDAR_KEYS = ("version", "brand", "timezone", "rules", "posts")
ID_PATTERN = re.compile(r"[A-Za-z0-9._-]+", re.ASCII)

_POST_KEY_SET = frozenset(POST_KEYS)
_REQUIRED_SET = frozenset(REQUIRED_POST_KEYS)
# Keys whose values need more than a look-up: posts with them take the
# general path of _CalendarReader._post.
# YAML's words for true and false (a quoted "true" is text, not a flag).
_FLAGS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_UNUSUAL_KEYS = frozenset({"phase", "expires", "ignore", "placeholder", "repeat_of"})
_NO_IGNORE: frozenset[str] = frozenset()
_POST_LEVEL_SET = frozenset(POST_LEVEL_CHECKS)
_FORMAT_SET = frozenset(FORMATS)
_STATUS_SET = frozenset(STATUSES)
_PHASE_SET = frozenset(PHASES)
# The common shape of an instant, read straight by datetime.fromisoformat; any
# other text goes through clock.parse_stamp, which explains what is wrong.
_PLAIN_INSTANT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}(?::[0-9]{2})?")
# Text of that shape lies in the years clock reads when it sorts in
# [_YEARS_FROM, _YEARS_UNTIL); other years go to clock, which says the range.
_YEARS_FROM = f"{clock.FIRST_YEAR:04d}"
_YEARS_UNTIL = f"{clock.LAST_YEAR + 1:04d}"


@dataclass(frozen=True, slots=True)
class _Reference:
    """A platform, pillar or campaign a post names, for check_references."""

    kind: str  # platform | pillar | campaign | series
    name: str
    where: Where
    post_id: str | None


# Posts that could not be built still name platforms, pillars and campaigns;
# they are kept here, by calendar path, for check_references. The calendar
# object is stored too, so a stale entry never applies to a newer load.
_UNBUILT: dict[str, tuple[Calendar, tuple[_Reference, ...]]] = {}


class KeyWheres(Mapping[str, Where]):
    """``Post.keys``: where each key's value sits, made on demand (a post
    rarely needs it, and 10,000 posts × 8 keys of Where objects add up)."""

    __slots__ = ("_mapping", "_file")

    def __init__(self, mapping: MapNode, file: str) -> None:
        self._mapping = mapping
        self._file = file

    def __getitem__(self, key: str) -> Where:
        if key not in self._mapping:
            raise KeyError(key)
        return self._mapping.value_where(key, self._file)

    def __iter__(self) -> Iterator[str]:
        return iter(self._mapping.keys())

    def __len__(self) -> int:
        return len(self._mapping)

    def __repr__(self) -> str:
        return f"KeyWheres({dict(self)!r})"

    def end_place(self) -> tuple[int, int]:
        """The line and column just after the post's last character (its
        last value; trailing blank lines and comments are not the post's).
        Asked only for the posts a report shows."""
        item = self._mapping
        if item.spots is not None and item.lines is not None:
            lines, end = item.lines, item.spots[-2]
        else:
            entries = list(item.entries.values())
            if not entries:
                return 0, 0
            lines, end = entries[0][0].lines, max(value.end for _, value in entries)
        text = lines.text
        end = item.end if text.startswith("{", item.start) else min(end, item.end)
        while end > item.start and text[end - 1] in " \t\r\n":
            end -= 1
        return lines.locate_after(end, item.line, item.column, item.start)


def load_calendar(
    path: str, display: str, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[Calendar | None, list[Problem]]:
    """Read one calendar file. The Calendar is None when the file cannot be
    read, or its brand, time zone or posts list is unusable; otherwise it
    holds every post that could be built, and the problems list the rest."""
    return read_file(
        path,
        display,
        lambda root, issues: _CalendarReader(path, display, issues.problems).read(root),
        max_bytes,
    )


def check_references(calendar: Calendar, rules: Rules) -> list[Problem]:
    """Every post's platform, pillar, campaign and series must exist in the rules."""
    known = {
        "platform": rules.platforms,
        "pillar": rules.pillars,
        "campaign": rules.campaigns,
        "series": rules.series,
    }
    hints = {
        "platform": "add it under platforms: in the rules",
        "pillar": "add it to pillars: in the rules",
        "campaign": "add it under campaigns: in the rules",
        "series": "add it under series: in the rules",
    }
    references: list[_Reference] = []
    # Sets: a rules file may name thousands of pillars.
    platforms, pillars, campaigns = rules.platforms, frozenset(rules.pillars), rules.campaigns
    series = rules.series
    members = {
        "platform": platforms, "pillar": pillars, "campaign": campaigns, "series": series
    }
    for post in calendar.posts:
        if len(references) > MAX_PROBLEMS:
            break  # more than are reported (see below)
        # Positions are looked up only for unknown names: they cost more than the test.
        if post.platform not in platforms:
            references.append(
                _Reference("platform", post.platform, post.keys["platform"], post.id)
            )
        if post.pillar not in pillars:
            references.append(_Reference("pillar", post.pillar, post.keys["pillar"], post.id))
        if post.campaign is not None and post.campaign not in campaigns:
            references.append(
                _Reference("campaign", post.campaign, post.keys["campaign"], post.id)
            )
        if post.series is not None and post.series not in series:
            references.append(_Reference("series", post.series, post.keys["series"], post.id))
    stash = _UNBUILT.get(calendar.path)
    if stash is not None and stash[0] is calendar:
        references.extend(stash[1])
    rules_name = rules.source or "built-in"
    problems: list[Problem] = []
    for ref in references:
        names = known[ref.kind]
        if ref.name in members[ref.kind]:
            continue
        problem = Problem(
            ref.where.file,
            ref.where.line,
            ref.where.column,
            f"unknown {ref.kind} '{quote(ref.name)}': the rules ({rules_name}) know "
            f"{quote_names(names) or 'none'}.{suggest(ref.name, names)} Fix the name, or "
            f"{hints[ref.kind]}",
            ref.post_id,
        )
        if len(problems) >= MAX_PROBLEMS:
            problems.append(too_many(problem))
            break
        problems.append(problem)
    return problems


# No IANA zone name is longer than this (the longest are about 30
# characters); a longer text is not looked up, nor compared for a hint.
ZONE_NAME_LENGTH = 64


def load_zone(name: str) -> ZoneInfo | None:
    """The zone of an IANA name, or None when there is no such zone, or the
    name is not a proper IANA name (``zone_problem`` says why)."""
    if len(name) > ZONE_NAME_LENGTH or not _IANA_NAME.fullmatch(name) or _depends_on_host(name):
        return None
    try:
        return ZoneInfo(name)
    except (ValueError, OSError, KeyError):  # ZoneInfoNotFoundError is a KeyError
        return None


# Letters, digits, '_', '+' and '-' in parts joined by '/': every IANA name
# (Asia/Shanghai, Etc/GMT+8, America/Port-au-Prince), and never a path that
# starts at '/' or climbs with '..'.
_IANA_NAME = re.compile(r"[A-Za-z0-9_+-]+(?:/[A-Za-z0-9_+-]+)*")


def _depends_on_host(name: str) -> bool:
    """Names that the zone database of one machine may answer but that are
    no fixed place: `localtime` (the machine's own zone), `posixrules`, the
    `right/` zones (clocks with leap seconds) and the `posix/` copies, and
    anything that reads as a path rather than a name."""
    parts = name.replace("\\", "/").split("/")
    return (
        name in ("localtime", "posixrules")
        or parts[0] in ("right", "posix", "")
        or any(part in (".", "..") for part in parts)
    )


def zone_problem(name: str) -> str:
    """Why ``load_zone`` refused a name, and what to write instead."""
    if _depends_on_host(name):
        return (
            f"time zone '{quote(name)}' is not an IANA name but depends on the machine that "
            "reads it, so the calendar would mean different times on different machines: "
            "write the brand's IANA time zone, such as Asia/Shanghai or Europe/Berlin"
        )
    return (
        f"unknown time zone '{quote(name)}': write an IANA name such as Asia/Shanghai or "
        f"Europe/Berlin.{zone_hint(name)}"
    )


# The legacy zones that are one fixed offset all year, though the places
# people mean by their names change their clocks: the place's own zone,
# its city and its offset from UTC in hours.
_FIXED_LEGACY = {
    "EST": ("America/New_York", "New York", -5),
    "MST": ("America/Denver", "Denver", -7),
    "HST": ("Pacific/Honolulu", "Honolulu", -10),
}
_ETC_GMT = re.compile(r"Etc/GMT([+-])([0-9]{1,2})")
# A city zone to suggest for an Etc/GMT offset, where one is well known.
_CITY_AT = {
    -8: "America/Los_Angeles", -7: "America/Denver", -6: "America/Chicago",
    -5: "America/New_York", -3: "America/Sao_Paulo", 1: "Europe/Berlin", 2: "Europe/Athens",
    3: "Europe/Moscow", 4: "Asia/Dubai", 7: "Asia/Bangkok", 8: "Asia/Shanghai",
    9: "Asia/Tokyo", 10: "Australia/Sydney",
}


def fixed_offset_note(name: str) -> str | None:
    """A warning for a time zone that is a valid IANA name but a fixed
    offset with no daylight saving time (EST, MST, HST, Etc/GMT+5): rarely
    what a brand means, as its audience's clocks change. None otherwise.
    UTC and the zones of places (America/Phoenix, Asia/Shanghai) are fine,
    and so are EST5EDT and its like, which follow the US rules."""
    legacy = _FIXED_LEGACY.get(name)
    if legacy is not None:
        zone, city, hours = legacy
        extra = " (Phoenix, on UTC-7 all year, is America/Phoenix)" if name == "MST" else ""
        return (
            f"{name} is a fixed UTC{hours} offset with no daylight saving time; for {city} use "
            f"{zone}{extra}"
        )
    found = _ETC_GMT.fullmatch(name)
    if found is None or int(found[2]) == 0:
        return None
    hours = -int(found[2]) if found[1] == "+" else int(found[2])  # the sign is reversed
    instead = _CITY_AT.get(hours, "America/New_York or Asia/Shanghai")
    return (
        f"{name} is a fixed UTC{hours:+d} offset with no daylight saving time (in Etc/GMT "
        f"names the sign is reversed); write the zone of the brand's city instead, such as "
        f"{instead}"
    )


def zone_hint(name: str) -> str:
    """A suggestion for a mistyped time zone name."""
    if len(name) > ZONE_NAME_LENGTH:
        return ""
    zones = available_timezones()
    for zone in zones:
        if zone.lower() == name.strip().lower():
            return f" Did you mean '{zone}'?"
    return suggest(name, sorted(zones))


def used_twice(kind: str, given_id: str, first: Node, again: Node) -> str:
    """The message for a post (or backlog item) id used a second time in one
    file. An alias (``- *name``) repeats the very same node, so there is only
    one line to name."""
    used = f"the {kind} id '{quote(given_id)}' is used twice in this file"
    if again is first:
        return (
            f"{used} (the {kind} on line {first.line}, repeated through an alias): write the "
            f"second {kind} out in full with its own id instead of the alias"
        )
    if again.line == first.line:
        return f"{used} (both on line {first.line}): give each {kind} its own id"
    return f"{used} (line {first.line} and line {again.line}): give each {kind} its own id"


def resolve_text(text: str, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """(UTC instant, local wall clock) of an instant's text in a zone: what
    ``clock.resolve(clock.parse_stamp(text), zone)`` gives, with a fast path
    for the usual ``YYYY-MM-DD HH:MM`` away from DST changes. Raises
    ``clock.ClockError`` with the message of clock for anything else."""
    if _PLAIN_INSTANT.fullmatch(text) and _YEARS_FROM <= text < _YEARS_UNTIL:
        try:
            local = datetime.fromisoformat(text)
        except ValueError:
            pass  # clock says what is wrong
        else:
            offset = zone.utcoffset(local)
            # Equal offsets for both folds: the time is neither in a gap nor
            # in an overlap (clock.resolve's test, without its allocations).
            if offset is not None and offset == zone.utcoffset(local.replace(fold=1)):
                return datetime.fromisoformat(text + "+00:00") - offset, local
    return clock.resolve(clock.parse_stamp(text), zone)


def resolve_end(text: str, zone: ZoneInfo) -> datetime | None:
    """The UTC instant of an end such as ``expires``; None when it is written
    in clock.OPEN_YEAR (``9999-12-31 23:59``: never)."""
    stamp = clock.parse_end_stamp(text)
    return None if stamp is None else clock.resolve(stamp, zone)[0]


class _CalendarReader:
    __slots__ = ("path", "display", "problems", "issues", "zone", "references")

    def __init__(self, path: str, display: str, problems: list[Problem]) -> None:
        self.path = path
        self.display = display
        self.problems = problems
        self.issues = Issues(display, problems)
        self.zone: ZoneInfo | None = None
        self.references: list[_Reference] = []

    def read(self, root: MapNode) -> Calendar | None:
        issues = self.issues
        entries = root.entries
        issues.unknown_keys(root, CALENDAR_KEYS, "at the top of a calendar")
        issues.version(root)

        brand = None
        entry = entries.get("brand")
        if entry is None:
            issues.add(root, "the calendar has no 'brand:': add the brand's name, e.g. brand: acme")
        else:
            brand = issues.text(entry[1], "brand", required=True)

        timezone = None
        warnings: list[Problem] = []
        entry = entries.get("timezone")
        if entry is None:
            issues.add(
                root,
                "the calendar has no 'timezone:': add the brand's IANA time zone, "
                "e.g. timezone: Asia/Shanghai",
            )
        else:
            timezone = issues.text(entry[1], "timezone", required=True)
            if timezone is not None:
                self.zone = load_zone(timezone)
                if self.zone is None:
                    issues.add(entry[1], zone_problem(timezone))
                    timezone = None
                else:
                    note = fixed_offset_note(timezone)
                    if note is not None:
                        where = entry[1].where(self.display)
                        warnings.append(Problem(where.file, where.line, where.column, note))

        rules_ref = None
        entry = entries.get("rules")
        if entry is not None:
            ref = issues.text(entry[1], "rules")
            if ref is not None:
                folder = os.path.dirname(os.path.abspath(self.path))
                rules_ref = os.path.normpath(os.path.join(folder, ref))

        posts: list[Post] = []
        posts_where = Where(self.display, 1, 1)
        posts_ok = False
        entry = entries.get("posts")
        if entry is None:
            issues.add(root, "the calendar has no 'posts:': add 'posts:' with a list of posts")
        else:
            key, value = entry
            posts_where = key.where(self.display)
            if isinstance(value, SeqNode):
                posts_ok = True
                posts = self._posts(value.items, brand or "")
            elif isinstance(value, ScalarNode) and value.is_null:
                posts_ok = True  # `posts:` with nothing yet
            else:
                issues.add(
                    value,
                    f"posts must be a list of posts, not {describe(value)}: start each "
                    "post with '- ' on its own line under posts:",
                )
        if brand is None or timezone is None or not posts_ok:
            return None
        calendar = Calendar(
            file=self.display,
            path=os.path.abspath(self.path),
            brand=brand,
            timezone=timezone,
            posts=tuple(posts),
            posts_where=posts_where,
            rules_ref=rules_ref,
            warnings=tuple(warnings),
        )
        if self.references:
            _UNBUILT[calendar.path] = (calendar, tuple(self.references))
        else:
            _UNBUILT.pop(calendar.path, None)
        return calendar

    def _posts(self, items: list[Node], brand: str) -> list[Post]:
        """Build the posts. The usual post (known keys, text values, no
        ``phase``/``expires``/``ignore``, a time away from DST changes) is
        built inline; anything else, and every problem, goes through
        ``_check_shape`` and ``_post``, which give the same Post (a test keeps
        the two paths equal)."""
        zone = self.zone
        display = self.display
        posts: list[Post] = []
        first_post: dict[str, MapNode] = {}
        fromisoformat = datetime.fromisoformat
        plain_instant = _PLAIN_INSTANT.fullmatch
        problems = self.problems
        for item in items:
            before = len(problems)
            if type(item) is not MapNode:
                self.issues.add(
                    item,
                    f"each post must be a mapping of keys, not {describe(item)}: write it "
                    "as id:, at:, platform:, pillar: and title: lines after the '- '",
                )
                continue
            # The text of every key with a scalar value that is not null. A
            # flat mapping (see MapNode) has them ready, unless one may be null.
            values = item.texts
            if values is None or not _NULL_TEXTS.isdisjoint(values.values()):
                values = {
                    name: value.value
                    for name, (_key, value) in item.entries.items()
                    if type(value) is ScalarNode
                    and (value.value not in _NULL_TEXTS or not value.plain)
                }
            post_id = values.get("id")
            usual = True
            if (
                len(values) != len(item)
                or post_id is None
                or not values.keys() <= _POST_KEY_SET
                or not ID_PATTERN.fullmatch(post_id)
                or not values.keys() >= _REQUIRED_SET
            ):
                post_id = self._check_shape(item, values)
                usual = False
            if post_id is not None:
                first = first_post.get(post_id)
                if first is None:
                    first_post[post_id] = item
                else:
                    message = used_twice("post", post_id, first, item)
                    self.issues.add(item.entries["id"][1], message, post_id)
            post = None
            if usual and zone is not None and post_id is not None and not (
                values.keys() & _UNUSUAL_KEYS
            ):
                at = values["at"]
                title = values["title"]
                fmt = values.get("format")
                status = values.get("status", "scheduled")
                if (
                    title.strip()
                    and (fmt is None or fmt in _FORMAT_SET)
                    and status in _STATUS_SET
                    and plain_instant(at)
                    and _YEARS_FROM <= at < _YEARS_UNTIL
                ):
                    try:
                        local = fromisoformat(at)
                    except ValueError:
                        pass  # _post reports it
                    else:
                        offset = zone.utcoffset(local)
                        if offset is not None and offset == zone.utcoffset(
                            local.replace(fold=1)
                        ):
                            # Positional, in the order of Post's fields (a test
                            # checks the order): this runs once per post.
                            post = Post(
                                post_id,
                                fromisoformat(at + "+00:00") - offset,
                                local,
                                values["platform"],
                                values["pillar"],
                                title,
                                item.where(display),
                                brand,
                                fmt,
                                values.get("campaign"),
                                None,
                                values.get("topic"),
                                None,
                                status,
                                values.get("notes"),
                                _NO_IGNORE,
                                KeyWheres(item, display),
                                False,
                                values.get("series"),
                            )
            if post is None:
                post = self._post(item, values, post_id, brand, zone)
            if post is not None:
                if len(problems) == before:
                    posts.append(post)
                else:  # a post with a problem is left out, as _post leaves them out
                    self._keep_references(
                        item, post.platform, post.pillar, post.campaign, post.id, post.series
                    )
        return posts

    def _check_shape(self, item: MapNode, values: dict[str, str]) -> str | None:
        """Report unknown, missing, empty and non-text keys; the usable id."""
        issues = self.issues
        entries = item.entries
        post_id = values.get("id")
        if post_id is not None and not ID_PATTERN.fullmatch(post_id):
            issues.add(
                entries["id"][1],
                f"the post id '{quote(post_id)}' may hold only letters, digits, '.', '_' and '-': "
                "rename it, e.g. su7-teaser-01",
                None,
            )
            post_id = None
        suggested: set[str] = set()
        for name, (key, _value) in entries.items():
            if name not in _POST_KEY_SET:
                hint = suggest(name, POST_KEYS)
                if hint:
                    suggested.add(hint.split("'")[1])
                issues.add(
                    key,
                    f"unknown key '{quote(name)}' in a post.{hint} The keys a post may have are: "
                    f"{', '.join(POST_KEYS)}",
                    post_id,
                )
        for name, (_key, value) in entries.items():
            if name in _POST_KEY_SET and name != "ignore" and name not in values:
                issues.text(value, name, post_id, required=name in REQUIRED_POST_KEYS)
        for name in REQUIRED_POST_KEYS:
            if name not in entries and name not in suggested:
                issues.add(item, f"the post has no '{name}:': add it", post_id)
        return post_id

    def _post(
        self,
        item: MapNode,
        values: dict[str, str],
        post_id: str | None,
        brand: str,
        zone: ZoneInfo | None,
    ) -> Post | None:
        issues = self.issues
        entries = item.entries
        ok = post_id is not None
        title = values.get("title")
        if title is not None and not title.strip():
            issues.add(entries["title"][1], "the title is empty: write the post's title", post_id)
            ok = False

        instant = local = expires = None
        at = values.get("at")
        if at is None:
            ok = False
        elif zone is not None:
            try:
                instant, local = resolve_text(at, zone)
            except clock.ClockError as error:
                issues.add(entries["at"][1], f"at: {quote_within(str(error), at)}", post_id)
                ok = False
        else:
            ok = False
            self._parse_only(at, entries["at"][1], "at", post_id)
        text = values.get("expires")
        if text is not None:
            if zone is not None:
                try:
                    expires = resolve_end(text, zone)
                except clock.ClockError as error:
                    issues.add(
                        entries["expires"][1],
                        f"expires: {quote_within(str(error), text)}",
                        post_id,
                    )
                    ok = False
            else:
                self._parse_only(text, entries["expires"][1], "expires", post_id, end=True)

        fmt = values.get("format")
        if fmt is not None and fmt not in _FORMAT_SET:
            self._bad_choice(entries["format"][1], "format", fmt, FORMATS, post_id)
            ok = False
        status = values.get("status", "scheduled")
        if status not in _STATUS_SET:
            self._bad_choice(entries["status"][1], "status", status, STATUSES, post_id)
            ok = False
        campaign = values.get("campaign")
        phase = values.get("phase")
        if phase is not None:
            if phase not in _PHASE_SET:
                self._bad_choice(entries["phase"][1], "phase", phase, PHASES, post_id)
                ok = False
            elif campaign is None:
                issues.add(
                    entries["phase"][1],
                    f"phase: {phase} needs a campaign: add 'campaign:' naming the campaign "
                    "of the rules this post belongs to, or remove 'phase:'",
                    post_id,
                )
                ok = False

        placeholder = False
        text = values.get("placeholder")
        if text is not None:
            node = entries["placeholder"][1]
            flag = _FLAGS.get(text) if isinstance(node, ScalarNode) and node.plain else None
            if flag is None:
                issues.add(
                    entries["placeholder"][1],
                    f"placeholder: '{quote(text)}' is not true or false: write placeholder: true "
                    "on a stand-in post, and remove the line once the post is written",
                    post_id,
                )
                ok = False
            else:
                placeholder = flag

        ignore = _NO_IGNORE
        entry = entries.get("ignore")
        if entry is not None:
            names = self._ignore(entry[1], post_id)
            if names is None:
                ok = False
            else:
                ignore = names

        series = values.get("series")
        repeat_of = values.get("repeat_of")
        if repeat_of is not None and not ID_PATTERN.fullmatch(repeat_of):
            issues.add(
                entries["repeat_of"][1],
                f"repeat_of is '{quote(repeat_of)}', which is not a post id (letters, digits, "
                "'.', '_' and '-'): write the id of the post this one publishes again",
                post_id,
            )
            ok = False

        platform = values.get("platform")
        pillar = values.get("pillar")
        if not ok or platform is None or pillar is None or title is None:
            self._keep_references(item, platform, pillar, campaign, post_id, series)
            return None
        assert post_id is not None and instant is not None and local is not None
        return Post(
            id=post_id,
            instant=instant,
            local=local,
            platform=platform,
            pillar=pillar,
            title=title,
            where=item.where(self.display),
            brand=brand,
            format=fmt,
            campaign=campaign,
            phase=phase,
            topic=values.get("topic"),
            expires=expires,
            status=status,
            notes=values.get("notes"),
            ignore=ignore,
            keys=KeyWheres(item, self.display),
            placeholder=placeholder,
            series=series,
            repeat_of=repeat_of,
        )

    def _parse_only(
        self, text: str, node: Node, what: str, post_id: str | None, end: bool = False
    ) -> None:
        """Without a usable time zone, still say when the text is no instant."""
        try:
            clock.parse_end_stamp(text) if end else clock.parse_stamp(text)
        except clock.ClockError as error:
            self.issues.add(node, f"{what}: {quote_within(str(error), text)}", post_id)

    def _bad_choice(
        self, node: Node, what: str, value: str, choices: tuple[str, ...], post_id: str | None
    ) -> None:
        self.issues.add(
            node,
            f"{what} '{quote(value)}' is not one of: {', '.join(choices)}."
            f"{suggest(value, choices)}",
            post_id,
        )

    def _ignore(self, node: Node, post_id: str | None) -> frozenset[str] | None:
        names = self.issues.names(node, "ignore", post_id, single=True)
        if names is None:
            return None
        ok = True
        for name, item in names:
            if name in _POST_LEVEL_SET:
                continue
            ok = False
            if name in GROUP_CHECKS or name == "schema":
                self.issues.add(
                    item,
                    f"ignore names '{quote(name)}', which judges a group of posts, not one post: "
                    f"a post may ignore only {', '.join(POST_LEVEL_CHECKS)}; to turn "
                    f"'{quote(name)}' off, use severity: in the rules or --ignore",
                    post_id,
                )
            else:
                self.issues.add(
                    item,
                    f"ignore names '{quote(name)}', which is not a check."
                    f"{suggest(name, POST_LEVEL_CHECKS)} A post may ignore: "
                    f"{', '.join(POST_LEVEL_CHECKS)}",
                    post_id,
                )
        return frozenset(name for name, _ in names) if ok else None

    def _keep_references(
        self,
        item: MapNode,
        platform: str | None,
        pillar: str | None,
        campaign: str | None,
        post_id: str | None,
        series: str | None = None,
    ) -> None:
        for kind, name in (
            ("platform", platform), ("pillar", pillar), ("campaign", campaign), ("series", series)
        ):
            if name is not None:
                where = item.value_where(kind, self.display)
                self.references.append(_Reference(kind, name, where, post_id))


_NULL_TEXTS = frozenset({"", "~", "null", "Null", "NULL"})
