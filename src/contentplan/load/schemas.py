"""JSON Schemas (draft 2020-12) of the calendar, rules, backlog and results files, for
editors: `contentplan schema calendar > calendar.schema.json`, then point
yaml-language-server at it.

These schemas help people write files; they are not how contentplan reads
them. contentplan reads every value from the scalar's text (docs/reference.md#how-values-are-read)
and
its loaders give the authoritative errors, with line and column. The schemas
follow the same contract, with two allowances for editors that type YAML
values before validating them:

- where an author may write an unquoted number (a ratio, a tolerance,
  `version`, a count, a priority, or a title that is a number), both the
  number and its text pass;
- a severity of `off` passes as the boolean false, because YAML 1.1 reads an
  unquoted `off` that way (contentplan reads the word).

Times of day are only accepted as text: YAML 1.1 reads an unquoted `12:30` as
the number 750, so the schema asks for quotes, as the examples have them.
"""

from __future__ import annotations

from typing import Any, Literal, get_args

from contentplan.core.catalogue import CATALOGUE, POST_LEVEL_CHECKS
from contentplan.core.engagement import METRICS
from contentplan.core.model import FORMATS, PHASES, STATUSES
from contentplan.core.postfields import POST_FIELDS, REQUIRED_POST_KEYS
from contentplan.core.profiles import BUILTIN_PROFILES
from contentplan.load.results import LARGEST_COUNT

Kind = Literal["calendar", "rules", "backlog", "results"]
KINDS: tuple[str, ...] = get_args(Kind)

Schema = dict[str, Any]

DRAFT = "https://json-schema.org/draft/2020-12/schema"

# The checks whose severity a rules file may set (`schema` is always an error).
CHECKS = tuple(entry.name for entry in CATALOGUE)
DEFAULT_PILLARS = ("functional", "story", "trending")
ROLES = ("information", "entertainment", "service")

# Text patterns of docs/reference.md#how-values-are-read, as the loader reads them.
ID_PATTERN = r"^[A-Za-z0-9._-]+$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
INSTANT_PATTERN = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{1,2}:[0-9]{2}(:[0-9]{2})?(Z|[+-][0-9]{2}:?[0-9]{2})?$"
)
CLOCK_PATTERN = r"^([01]?[0-9]|2[0-3]):[0-5][0-9]$"
DURATION_PATTERN = r"^[0-9]+\s*[mhd]$"
COUNT_PATTERN = r"^[0-9]+$"
RATIO_PATTERN = r"^(?=.*[1-9])[0-9]+(\.[0-9]+)?$"
SHARE_PATTERN = r"^(0(\.[0-9]+)?|1(\.0+)?)$"
MEASURED_PATTERN = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{1,2}:[0-9]{2}(:[0-9]{2})?(Z|[+-][0-9]{2}:?[0-9]{2})$"
)
_METRIC_HELP = {
    "impressions": "Times the post was shown.",
    "views": "Times it was viewed or played.",
    "likes": "Likes (点赞).",
    "comments": "Comments (评论).",
    "shares": "Shares, reposts (转发).",
    "saves": "Saves, favourites (收藏).",
    "followers": "The account's followers when it was measured.",
}


def schema_for(kind: Kind) -> Schema:
    """The JSON Schema of one kind of file: "calendar", "rules", "backlog" or
    "results"."""
    builders = {"calendar": _calendar, "rules": _rules, "backlog": _backlog, "results": _results}
    if kind not in builders:
        raise ValueError(f"unknown kind {kind!r}: choose one of {', '.join(KINDS)}")
    return builders[kind]()


# -- value shapes ---------------------------------------------------------------


def _text(description: str, **extra: Any) -> Schema:
    return {"type": "string", "minLength": 1, "description": description, **extra}


def _words(description: str, **extra: Any) -> Schema:
    """Free text. A bare number passes too (`title: 2025`): YAML tools type it
    as a number, and contentplan reads its text."""
    return {
        "anyOf": [{"type": "string", "minLength": 1, **extra}, {"type": "number"}],
        "description": description,
    }


def _version() -> Schema:
    return {"enum": [1, "1"], "description": "The file format's version. Only 1 exists."}


def _count(
    description: str, minimum: int = 0, maximum: int | None = None, pattern: str = COUNT_PATTERN
) -> Schema:
    number: Schema = {"type": "integer", "minimum": minimum}
    if maximum is not None:
        number["maximum"] = maximum
    return {
        "anyOf": [number, {"type": "string", "pattern": pattern}],
        "description": description,
    }


def _instant(description: str) -> Schema:
    return _text(
        description
        + " Written YYYY-MM-DD HH:MM with optional :SS; a T may stand for the space, "
        "and Z or ±HH:MM may follow. Without an offset it is local to the calendar's "
        "time zone.",
        pattern=INSTANT_PATTERN,
        examples=["2025-03-27 19:00"],
    )


def _date(description: str) -> Schema:
    return _text(description + " Written YYYY-MM-DD.", pattern=DATE_PATTERN,
                 examples=["2025-03-27"])


def _clock(description: str) -> Schema:
    return _text(
        description + ' Written "HH:MM", in quotes: YAML 1.1 reads an unquoted 12:30 '
        "as a number. 24:00 is not a time.",
        pattern=CLOCK_PATTERN,
        examples=["09:00"],
    )


def _duration(description: str) -> Schema:
    return _text(
        description + " Written 90m, 2h or 3d; 3d is 72 hours of elapsed time.",
        pattern=DURATION_PATTERN,
        examples=["2h"],
    )


def _one_or_list(item: Schema, description: str) -> Schema:
    return {
        "anyOf": [item, {"type": "array", "uniqueItems": True, "items": item}],
        "description": description,
    }


def _name_with_suggestions(description: str, suggestions: tuple[str, ...]) -> Schema:
    # Any name passes; the known ones are offered for completion.
    return {
        "anyOf": [{"enum": list(suggestions)}, {"type": "string", "minLength": 1}],
        "description": description,
    }


def _platform() -> Schema:
    return _name_with_suggestions(
        "The channel the post goes out on: a built-in platform (see "
        "docs/reference.md#built-in-platforms) or any name the rules define.",
        tuple(BUILTIN_PROFILES),
    )


def _pillar() -> Schema:
    return _name_with_suggestions(
        "The kind of content: a pillar the rules define. The defaults are the 5:3:2 "
        "content matrix: functional (reviews, tutorials, specs), story (user "
        "stories, emotion) and trending (tie-ins with hot topics).",
        DEFAULT_PILLARS,
    )


def _format() -> Schema:
    return {"enum": list(FORMATS), "description": "The post's format; the platform must take it."}


def _phase() -> Schema:
    return {
        "enum": list(PHASES),
        "description": "The campaign phase: teaser (before the launch, inside teaser_days), "
        "launch (on the launch's local date) or recap (after it, inside recap_days). "
        "Needs `campaign`.",
    }


def _ratio() -> Schema:
    return {
        "anyOf": [
            {"type": "number", "exclusiveMinimum": 0},
            {"type": "string", "pattern": RATIO_PATTERN},
        ],
        "description": "A positive decimal ratio; only the proportions count (5:3:2 is 50/30/20).",
    }


def _mix_target(description: str) -> Schema:
    return {
        "type": "object",
        "description": description + " It must name every pillar.",
        "minProperties": 1,
        "additionalProperties": _ratio(),
        "examples": [{"functional": 5, "story": 3, "trending": 2}],
    }


def _quiet_hours(description: str) -> Schema:
    return {
        "type": "object",
        "description": description + " No posts in [from, to) local time; the span may "
        "wrap midnight.",
        "required": ["from", "to"],
        "additionalProperties": False,
        "properties": {
            "from": _clock("Start of the quiet hours."),
            "to": _clock("End of the quiet hours (not included)."),
        },
    }


def _strict_object(
    properties: Schema, required: tuple[str, ...] = (), nullable: bool = False, **extra: Any
) -> Schema:
    # nullable: the key may be left blank (`mix:`), which means "the defaults".
    shape: Schema = {
        "type": ["object", "null"] if nullable else "object",
        "additionalProperties": False,
        "properties": properties,
        **extra,
    }
    if required:
        shape["required"] = list(required)
    return shape


def _document(kind: str, title: str, description: str, body: Schema) -> Schema:
    return {
        "$schema": DRAFT,
        "$id": f"https://github.com/contentplan/contentplan/schemas/{kind}.schema.json",
        "title": title,
        "description": description,
        **body,
    }


# -- the three files --------------------------------------------------------------


def _post() -> Schema:
    shapes: dict[str, Schema] = {
        "id": _words(
            "Unique per brand: letters, digits, '.', '_' and '-'.", pattern=ID_PATTERN
        ),
        "at": _instant("When the post goes out."),
        "platform": _platform(),
        "pillar": _pillar(),
        "title": _words("The post's title or text; its length is checked against the "
                       "platform's max_title."),
        "format": _format(),
        "campaign": _words("A campaign the rules define."),
        "phase": _phase(),
        "topic": _words("The hot topic a trending post ties in with. Posts on one topic "
                       "must not be later than trending.max_age after the brand's "
                       "first post on it."),
        "expires": _instant("After this instant the post is stale."),
        "status": {
            "enum": list(STATUSES),
            "default": "scheduled",
            "description": "draft, scheduled or published; posts of every status count "
            "in every check.",
        },
        "notes": {"type": ["string", "number"], "description": "Free text."},
        "placeholder": {
            "type": "boolean",
            "default": False,
            "description": "true on a stand-in post that `plan` wrote without a backlog: "
            "the placeholder check warns until you write the post's title and remove "
            "this key.",
        },
        "ignore": _one_or_list(
            {"enum": list(POST_LEVEL_CHECKS)},
            "Post-level checks that skip this post. The post still counts in every "
            "group (mix, cadence).",
        ),
    }
    return _strict_object(
        {field.name: shapes[field.name] for field in POST_FIELDS},
        required=REQUIRED_POST_KEYS,
        dependentRequired={"phase": ["campaign"]},
        description="One publication: an instant, a platform, a pillar, a title.",
    )


def _calendar() -> Schema:
    return _document(
        "calendar",
        "contentplan calendar",
        "A brand's posts. Unknown keys are errors, so typos never pass. Every key: "
        "docs/reference.md#calendar-files.",
        _strict_object(
            {
                "version": _version(),
                "brand": _text("The organisation whose accounts publish the posts. "
                               "Files of one brand are checked together."),
                "timezone": _text(
                    "An IANA time zone name; every local time in the file is read in it.",
                    pattern=r"^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$",
                    examples=["Asia/Shanghai"],
                ),
                "rules": _text("The rules file, relative to this file.",
                               examples=["../rules/default.yaml"]),
                "posts": {"type": ["array", "null"], "items": _post(),
                          "description": "The posts (may be empty)."},
            },
            required=("version", "brand", "timezone", "posts"),
        ),
    )


def _platform_rules() -> Schema:
    return _strict_object(
        {
            "role": {
                "enum": list(ROLES),
                "description": "The platform's main need: information (6:2:2), entertainment "
                "(3:5:2) or service (6:3:1). Its mix is the default for the platform when "
                "the pillars are the three defaults.",
            },
            "mix": _mix_target("This platform's own mix target; it wins over the role's."),
            "formats": _one_or_list(_format(), "The formats the platform takes."),
            "slots": _one_or_list(
                _clock("A posting time."), "Posting times that plan and fix use."
            ),
            "max_per_day": _count("Most posts on one local day."),
            "min_per_week": _count("Fewest posts in an ISO week; 0 or absent: no minimum."),
            "max_per_week": _count("Most posts in an ISO week."),
            "min_gap": _duration("Shortest time between two posts on this platform."),
            "max_title": _count("Longest title, in title_units.", minimum=1),
            "title_units": {
                "enum": ["codepoints", "weighted"],
                "default": "codepoints",
                "description": "How titles are measured: Unicode code points, or weighted "
                "as on X (CJK characters count 2).",
            },
            "quiet_hours": _quiet_hours("This platform's quiet hours; they replace the "
                                        "global ones."),
        },
        nullable=True,
        description="One platform's rules, merged over its built-in profile.",
    )


def _blackout() -> Schema:
    bound = {
        "anyOf": [
            _date("A date: from 00:00, or to the end of that day."),
            _instant("A date and time."),
        ]
    }
    return _strict_object(
        {
            "from": {**bound, "description": "Start of the blackout."},
            "to": {**bound, "description": "End of the blackout. Leave it out for an "
                   "open-ended blackout, which blocks every later post."},
            "reason": {"type": ["string", "number"], "description": "Why nothing may go out."},
            "platforms": {
                "anyOf": [
                    {"const": "all"},
                    {"type": "array", "minItems": 1, "uniqueItems": True,
                     "items": {"type": "string", "minLength": 1}},
                ],
                "default": "all",
                "description": "all, or the platforms the blackout covers.",
            },
        },
        required=("from",),
        description="A span when nothing may be posted, e.g. a crisis freeze. A date-only "
        "blackout runs from `from` 00:00 to 00:00 of the day after `to`.",
    )


def _campaign() -> Schema:
    return _strict_object(
        {
            "launch": _instant("The launch."),
            "teaser_days": _count("Teasers only in [launch - teaser_days, launch). "
                                  "Absent: any time before the launch."),
            "recap_days": _count("Recaps only in (launch, launch + recap_days]. "
                                 "Absent: any time after the launch."),
        },
        required=("launch",),
        description="A launch run as a campaign: teasers, the launch day, recaps.",
    )


def _rules() -> Schema:
    severity = {
        "anyOf": [{"enum": ["error", "warning", "off"]}, {"const": False}],
        "description": "error, warning or off. (YAML 1.1 tools read an unquoted off as "
        "false; contentplan reads the word.)",
    }
    return _document(
        "rules",
        "contentplan rules",
        "What a good calendar is. Every key is optional; what is missing takes the built-in "
        "default. Every key: docs/reference.md#rules-files.",
        _strict_object(
            {
                "version": _version(),
                "pillars": {
                    "type": "array",
                    "minItems": 1,
                    "uniqueItems": True,
                    "items": {"type": "string", "minLength": 1},
                    "default": list(DEFAULT_PILLARS),
                    "description": "The kinds of content.",
                },
                "mix": _strict_object(
                    {
                        "target": _mix_target("The mix target: one ratio per pillar."),
                        "window": {
                            "enum": ["week", "month"],
                            "default": "week",
                            "description": "The span a mix is judged over: the ISO week "
                            "(2024-W13) or the month (2024-03).",
                        },
                        "tolerance": {
                            "anyOf": [
                                {"type": "number", "minimum": 0, "maximum": 1},
                                {"type": "string", "pattern": SHARE_PATTERN},
                            ],
                            "default": 0.1,
                            "description": "How far a pillar's share may stray from its "
                            "target, in share points (0.10 is ±10%).",
                        },
                        "min_posts": _count("Windows with fewer posts are not judged."),
                        "scope": {
                            "anyOf": [
                                {"enum": ["platform", "brand"]},
                                {"type": "array", "uniqueItems": True,
                                 "items": {"enum": ["platform", "brand"]}},
                            ],
                            "default": ["platform", "brand"],
                            "description": "Judge each platform, the brand's posts all "
                            "together, or both.",
                        },
                    },
                    nullable=True,
                    description="The content mix and how it is judged "
                    "(see docs/reference.md#the-mix-band).",
                ),
                "platforms": {
                    "type": ["object", "null"],
                    "additionalProperties": _platform_rules(),
                    "description": "Per-platform rules. The platforms named here are the "
                    "ones plan and fix use.",
                },
                "quiet_hours": _quiet_hours("Quiet hours for every platform."),
                "blackouts": {"type": ["array", "null"], "items": _blackout(),
                              "description": "Spans when nothing may be posted."},
                "campaigns": {
                    "type": ["object", "null"],
                    "additionalProperties": _campaign(),
                    "description": "Campaigns by name.",
                },
                "trending": _strict_object(
                    {"max_age": _duration("A post on a topic must not be later than "
                                          "max_age after the brand's first post on it.")},
                    nullable=True,
                    description="How fast trending tie-ins go stale.",
                ),
                "severity": {
                    "type": ["object", "null"],
                    "propertyNames": {"enum": list(CHECKS)},
                    "additionalProperties": severity,
                    "description": "Per-check severity, e.g. {role-fit: warning}.",
                },
            }
        ),
    )


def _backlog() -> Schema:
    item = _strict_object(
        {
            "id": _words("Unique in the backlog.", pattern=ID_PATTERN),
            "pillar": _pillar(),
            "title": _words("The title the post will carry."),
            "platforms": _one_or_list(
                _platform(), "Where it may go (default: any planning platform)."
            ),
            "format": _format(),
            "priority": _count("1..5, default 1; plan places the highest total priority first.",
                               minimum=1, maximum=5, pattern=r"^[1-5]$"),
            "earliest": _date("The first day it may go out."),
            "latest": _date("The last day it may go out."),
            "campaign": _words("A campaign the rules define."),
            "phase": _phase(),
            "topic": _words("The hot topic it ties in with."),
            "expires": _instant("After this instant it is stale."),
        },
        required=("id", "pillar", "title"),
        dependentRequired={"phase": ["campaign"]},
        description="A content item that is ready but not yet scheduled.",
    )
    return _document(
        "backlog",
        "contentplan backlog",
        "Content items ready to be scheduled by `contentplan plan --backlog`. Every key: "
        "docs/reference.md#backlog-files.",
        _strict_object(
            {
                "version": _version(),
                "brand": _text("The brand; --brand may give it instead."),
                "timezone": _text("An IANA time zone name; --timezone may give it instead.",
                                  examples=["Asia/Shanghai"]),
                "items": {"type": ["array", "null"], "items": item,
                          "description": "The items (may be empty)."},
            },
            required=("version", "items"),
        ),
    )


def _results() -> Schema:
    counts = {
        name: _count(
            f"{_METRIC_HELP[name]} A whole number from 0; leave it out if it was not measured.",
            maximum=LARGEST_COUNT,
        )
        for name in METRICS
    }
    row = _strict_object(
        {
            "id": _words("The id of the post in its calendar.", pattern=ID_PATTERN),
            "measured_at": _text(
                "When the counts were read: YYYY-MM-DD HH:MM with optional :SS, a T may "
                "stand for the space, and an offset (Z or ±HH:MM) is required.",
                pattern=MEASURED_PATTERN,
                examples=["2025-03-11 20:00+08:00"],
            ),
            "brand": _text("The post's brand, when two brands use the same id."),
            **counts,
        },
        required=("id", "measured_at"),
        anyOf=[{"required": [name]} for name in METRICS],
        description="A post's counts as measured at one instant.",
    )
    return _document(
        "results",
        "contentplan results",
        "How published posts did, for `contentplan insights` and `plan --learn`. Every key: "
        "docs/reference.md#results-files.",
        _strict_object(
            {
                "version": _version(),
                "results": {"type": ["array", "null"], "items": row,
                            "description": "One row per post and measurement (may be empty)."},
            },
            required=("version", "results"),
        ),
    )
