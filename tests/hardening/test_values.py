"""Issue 10, "it dies on values a user will write": extreme dates, huge
numbers, non-ASCII digits and odd option values through the real command
line, one subprocess per case, built from files written here. Each is either
handled (exit 0 or 1, with the meaning the docs give) or refused with exit 2
and a message naming the place; never an internal error.

The years read are 1970 to 2199; an end (expires, a blackout's to, a backlog
item's latest) written in 9999 means never."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.hardening.support import run_bounded

RULES = "version: 1\nplatforms:\n  weibo: {max_per_day: 4}\n"


def calendar(at: str = "2024-04-01 10:00", extra: str = "", brand: str = "b") -> str:
    return (
        f"version: 1\nbrand: {brand}\ntimezone: Asia/Shanghai\nrules: rules.yaml\nposts:\n"
        f"  - id: p1\n    at: {at}\n    platform: weibo\n    pillar: functional\n"
        f'    title: "t"\n{extra}'
    )


def rules(extra: str) -> str:
    return RULES + extra


@dataclass(frozen=True)
class Case:
    args: tuple[str, ...]
    files: dict[str, str]
    code: int
    words: tuple[str, ...]  # each must appear in the output
    place: str | None = None  # "file:line:column" the message must name
    extra: dict[str, str] = field(default_factory=dict)


BACKLOG = (
    "version: 1\nbrand: b\ntimezone: Asia/Shanghai\nitems:\n"
    "  - id: i1\n    pillar: functional\n    title: t\n"
)
PLAN = ("plan", "--week", "2024-W14", "--calendar", "cal.yaml", "--time-limit", "5")
CHECK = ("check", "cal.yaml", "--format", "plain")

CASES: dict[str, Case] = {
    # -- handled: an end in 9999 means never
    "expires 9999-12-31 23:59 is never": Case(
        CHECK,
        {"cal.yaml": calendar(extra='    topic: x\n    expires: "9999-12-31 23:59"\n')},
        0,
        ("No problems",),
    ),
    "blackout to 9999-12-31 is open-ended": Case(
        CHECK,
        {
            "cal.yaml": calendar(),
            "rules.yaml": rules(
                "blackouts:\n  - {from: 2024-03-01, to: 9999-12-31, reason: x, platforms: all}\n"
            ),
        },
        1,
        ("[blackout]", "open-ended"),
    ),
    "blackout to '9999-12-31 23:59' is open-ended": Case(
        CHECK,
        {
            "cal.yaml": calendar(),
            "rules.yaml": rules(
                'blackouts:\n  - {from: 2024-03-01, to: "9999-12-31 23:59", reason: x}\n'
            ),
        },
        1,
        ("[blackout]", "open-ended"),
    ),
    "backlog latest 9999-12-31 is no end": Case(
        ("plan", "--week", "2024-W14", "--backlog", "backlog.yaml", "--platforms", "weibo",
         "--time-limit", "5"),
        {"backlog.yaml": BACKLOG + "    latest: 9999-12-31\n    expires: 9999-12-31 23:59\n"},
        0,
        ("id: i1",),
    ),
    "export ics with a newline in the brand": Case(
        ("export", "cal.yaml", "--to", "ics"),
        {"cal.yaml": calendar(brand='"a\\nb"'), "rules.yaml": RULES},
        0,
        ("X-WR-CALNAME:a\\nb content calendar",),
    ),
    "--max-bytes 10**26 reads as 1 TiB": Case(
        ("check", "cal.yaml", "--format", "plain", "--max-bytes", "1" + "0" * 26),
        {"cal.yaml": calendar()},
        0,
        ("No problems",),
    ),
    # -- refused with a place: dates
    "at 0001-01-01 00:00": Case(
        CHECK, {"cal.yaml": calendar("0001-01-01 00:00")}, 2,
        ("out of range", "1970 to 2199"), "cal.yaml:7:9",
    ),
    "at 0000-01-01 00:00": Case(
        CHECK, {"cal.yaml": calendar("0000-01-01 00:00")}, 2,
        ("out of range", "1970 to 2199"), "cal.yaml:7:9",
    ),
    "at 9999-12-31 20:00": Case(
        CHECK, {"cal.yaml": calendar("9999-12-31 20:00")}, 2, ("out of range",), "cal.yaml:7:9",
    ),
    "at with an offset that carries it out of range": Case(
        CHECK, {"cal.yaml": calendar('"2200-01-05 23:00-12:00"')}, 2, ("out of range",),
        "cal.yaml:7:9",
    ),
    "expires 2500-01-01 00:00": Case(
        CHECK,
        {"cal.yaml": calendar(extra='    expires: "2500-01-01 00:00"\n')},
        2,
        ("out of range", "means no end"),
        "cal.yaml:11:14",
    ),
    "at with full-width digits": Case(
        CHECK, {"cal.yaml": calendar("２０２４-04-01 10:00")}, 2, ("is not a date and time",),
        "cal.yaml:7:9",
    ),
    "slot with full-width digits": Case(
        CHECK,
        {
            "cal.yaml": calendar(),
            "rules.yaml": 'version: 1\nplatforms:\n  weibo: {slots: ["０９:００"]}\n',
        },
        2,
        ("is not a time of day",),
        "rules.yaml:3:19",
    ),
    "duration with a full-width digit": Case(
        CHECK,
        {"cal.yaml": calendar(), "rules.yaml": "version: 1\nplatforms:\n  weibo: {min_gap: ２h}\n"},
        2,
        ("is not a duration",),
        "rules.yaml:3:20",
    ),
    "blackout from with full-width digits": Case(
        CHECK,
        {"cal.yaml": calendar(), "rules.yaml": rules("blackouts:\n  - {from: ２０２４-12-18}\n")},
        2,
        ("is not a date and time",),
        "rules.yaml:5:12",
    ),
    "blackout from 0001-01-01": Case(
        CHECK,
        {"cal.yaml": calendar(), "rules.yaml": rules("blackouts:\n  - {from: 0001-01-01}\n")},
        2,
        ("out of range",),
        "rules.yaml:5:12",
    ),
    "campaign launch 9999-12-31 23:59": Case(
        CHECK,
        {
            "cal.yaml": calendar(),
            "rules.yaml": rules('campaigns:\n  c: {launch: "9999-12-31 23:59"}\n'),
        },
        2,
        ("out of range",),
        "rules.yaml:5:15",
    ),
    "backlog earliest 0001-01-01": Case(
        ("plan", "--week", "2024-W14", "--backlog", "backlog.yaml", "--platforms", "weibo"),
        {"backlog.yaml": BACKLOG + "    earliest: 0001-01-01\n"},
        2,
        ("out of range",),
        "backlog.yaml:8:15",
    ),
    # -- refused with a place: numbers and durations
    "a rules integer of 5,000 digits": Case(
        CHECK,
        {"cal.yaml": calendar(), "rules.yaml": f"version: 1\nmix: {{min_posts: {'9' * 5000}}}\n"},
        2,
        ("too large", "1,000,000,000"),
        "rules.yaml:2:18",
    ),
    "a huge min_gap (check)": Case(
        CHECK,
        {"cal.yaml": calendar(), "rules.yaml": RULES.replace("4}", f"4, min_gap: {'9' * 20}d}}")},
        2,
        ("too long", "52 weeks"),
        "rules.yaml:3:36",
    ),
    "a huge min_gap (plan)": Case(
        PLAN,
        {"cal.yaml": calendar(), "rules.yaml": RULES.replace("4}", f"4, min_gap: {'9' * 5000}m}}")},
        2,
        ("too long", "52 weeks"),
        "rules.yaml:3:36",
    ),
    "teaser_days of 10**9": Case(
        CHECK,
        {
            "cal.yaml": calendar(),
            "rules.yaml": rules(
                'campaigns:\n  c: {launch: "2024-04-01 10:00", teaser_days: 1000000000}\n'
            ),
        },
        2,
        ("from 0 to 364",),
        "rules.yaml:5:48",
    ),
    # -- refused with a place: settings, baseline, CSV import
    "settings exclude [z-a].yaml": Case(
        ("check", "--format", "plain"),
        {"cal.yaml": calendar(), "contentplan.yaml": 'exclude: ["[z-a].yaml"]\n'},
        2,
        ("is not a glob", "z-a"),
        "contentplan.yaml:1:10",
    ),
    "settings since 9999-12-31": Case(
        ("check", "--format", "plain"),
        {"cal.yaml": calendar(), "rules.yaml": RULES, "contentplan.yaml": "since: 9999-12-31\n"},
        2,
        ("out of range",),
        "contentplan.yaml:1:8",
    ),
    "a pyproject.toml nested 2,000 deep": Case(
        CHECK,
        {
            "cal.yaml": calendar(),
            "rules.yaml": RULES,
            "pyproject.toml": "[tool.contentplan]\nx = " + "[" * 2000 + "]" * 2000 + "\n",
        },
        2,
        ("nests deeper than 100 levels",),
        "pyproject.toml:2:105",
    ),
    "a baseline nested 5,000 deep": Case(
        (*CHECK, "--baseline", "base.json"),
        {"cal.yaml": calendar(), "rules.yaml": RULES, "base.json": "[" * 5000 + "]" * 5000},
        2,
        ("nests deeper than 100 levels",),
        "base.json:1:101",
    ),
    "a baseline count of 5,000 digits": Case(
        (*CHECK, "--baseline", "base.json"),
        {
            "cal.yaml": calendar(),
            "rules.yaml": RULES,
            "base.json": '{"version": 1, "violations": [{"count": ' + "9" * 5000 + "}]}",
        },
        2,
        ("thousands of digits",),
    ),
    "import of year 0001": Case(
        ("import", "in.csv", "--brand", "b", "--timezone", "Asia/Shanghai"),
        {"in.csv": "date,time,platform,pillar,title\n0001-01-01,00:00,weibo,functional,t\n"},
        2,
        ("row 2, date", "out of range"),
    ),
    "import of an offset of 25 hours": Case(
        ("import", "in.csv", "--brand", "b", "--timezone", "Asia/Shanghai"),
        {"in.csv": "date,time,platform,pillar,title\n2024-04-01,10:00+25:00,weibo,functional,t\n"},
        2,
        ("row 2, time", "offset +25:00 is out of range"),
    ),
    # -- refused options
    "plan --week 9999-W52": Case(
        ("plan", "--week", "9999-W52", "--brand", "b", "--timezone", "Asia/Shanghai"),
        {}, 2, ("--week", "out of range"),
    ),
    "plan --weeks past 2199": Case(
        ("plan", "--week", "2199-W50", "--weeks", "10", "--brand", "b", "--timezone", "UTC"),
        {}, 2, ("runs past the years",),
    ),
    "check --since 9999-12-31": Case(
        (*CHECK, "--since", "9999-12-31"), {"cal.yaml": calendar()}, 2, ("--since", "out of range"),
    ),
    "show --week 9999-W52": Case(
        ("show", "cal.yaml", "--week", "9999-W52"), {"cal.yaml": calendar()}, 2, ("out of range",),
    ),
    "show --today 0001-01-01": Case(
        ("show", "cal.yaml", "--today", "0001-01-01"), {"cal.yaml": calendar()}, 2,
        ("out of range",),
    ),
    "report --from 9999-W52": Case(
        ("report", "cal.yaml", "--from", "9999-W52"), {"cal.yaml": calendar()}, 2,
        ("--from", "out of range"),
    ),
    **{
        f"plan --time-limit {value}": Case(
            (*PLAN[:-1], value), {"cal.yaml": calendar()}, 2, ("--time-limit", "0.01 to 86400"),
        )
        for value in ("nan", "inf", "-1", "0", "1e308")
    },
    "fix --time-limit nan": Case(
        ("fix", "cal.yaml", "--dry-run", "--time-limit", "nan"),
        {"cal.yaml": calendar()}, 2, ("--time-limit", "0.01 to 86400"),
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_value_is_handled_or_refused_with_its_place(tmp_path: Path, name: str) -> None:
    case = CASES[name]
    files = {"rules.yaml": RULES, **case.files}
    for file, text in files.items():
        (tmp_path / file).write_text(text, encoding="utf-8")
    run = run_bounded(*case.args, cwd=tmp_path)
    output = run.stdout + run.stderr
    assert run.code == case.code, (run.code, output[-2000:])
    assert "Traceback" not in output and "internal error" not in output, output[-2000:]
    for word in case.words:
        assert word in output, (word, output[-2000:])
    if case.place is not None:
        assert f"{case.place}: " in output, (case.place, output[-2000:])
