"""The JSON Schemas for editors: valid draft 2020-12, and every shipped example
passes them (loaded as an editor would, with YAML 1.1 types)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from contentplan.app.init import starter_files
from contentplan.load.schemas import KINDS, Kind, schema_for
from tests.conftest import ROOT, run_cli


def _validator(kind: Kind) -> Draft202012Validator:
    checker = Draft202012Validator.FORMAT_CHECKER
    return Draft202012Validator(schema_for(kind), format_checker=checker)


def _errors(kind: Kind, document: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in _validator(kind).iter_errors(document)
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_schema_is_valid_draft_2020_12(kind: Kind) -> None:
    schema = schema_for(kind)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="calendar, rules, backlog"):
        schema_for("posts")  # type: ignore[arg-type]


def _shipped_yaml() -> list[tuple[str, Kind, Any]]:
    found: list[tuple[str, Kind, Any]] = []
    for folder, kind in (("calendars", "calendar"), ("rules", "rules")):
        for path in sorted((ROOT / folder).rglob("*.yaml")):
            # safe_load types values as YAML 1.1 does, as editors may: the
            # examples quote their times so that they stay text.
            document = yaml.safe_load(path.read_text(encoding="utf-8"))
            found.append((str(path.relative_to(ROOT)), kind, document))
    for relative, content in starter_files():
        if relative.suffix == ".yaml":
            kind = "calendar" if relative.parts[0] == "calendars" else "rules"
            found.append((f"starter/{relative}", kind, yaml.safe_load(content)))
    return found


SHIPPED = _shipped_yaml()


def test_the_examples_are_all_found() -> None:
    names = {name for name, _, _ in SHIPPED}
    assert "rules/default.yaml" in names
    assert "calendars/veloq-2025-spring.yaml" in names
    assert "calendars/broken/veloq-demo-broken.yaml" in names
    assert {"starter/calendars/example.yaml", "starter/rules/default.yaml"} <= names


@pytest.mark.parametrize(("name", "kind", "document"), SHIPPED, ids=[n for n, _, _ in SHIPPED])
def test_shipped_yaml_passes_its_schema(name: str, kind: Kind, document: Any) -> None:
    assert _errors(kind, document) == []


def test_default_rules_show_every_key_of_spec_section_3() -> None:
    rules = yaml.safe_load((ROOT / "rules" / "default.yaml").read_text(encoding="utf-8"))
    schema = schema_for("rules")
    assert set(rules) == set(schema["properties"])
    assert set(rules["mix"]) == set(schema["properties"]["mix"]["properties"])
    platform_keys = set(schema["properties"]["platforms"]["additionalProperties"]["properties"])
    shown = {key for platform in rules["platforms"].values() for key in platform}
    assert shown == platform_keys
    assert set(rules["campaigns"]["s7-launch"]) == {"launch", "teaser_days", "recap_days"}
    assert any("to" in blackout for blackout in rules["blackouts"])
    assert any("to" not in blackout for blackout in rules["blackouts"])


MINIMAL_POST = {"id": "p1", "at": "2025-03-27 19:00", "platform": "weibo",
                "pillar": "functional", "title": "S7 launch"}


def _calendar(**post: Any) -> dict[str, Any]:
    return {"version": 1, "brand": "b", "timezone": "Asia/Shanghai",
            "posts": [{**MINIMAL_POST, **post}]}


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"format": "reel"}, "format enum"),
        ({"status": "live"}, "status enum"),
        ({"phase": "teaser"}, "phase needs campaign"),
        ({"id": "has space"}, "id pattern"),
        ({"at": "2025-03-27"}, "an instant needs a time"),
        ({"at": "27/03/2025 19:00"}, "instant pattern"),
        ({"expires": 1}, "instants are text"),
        ({"ignore": ["mix"]}, "only post-level checks"),
        ({"titel": "typo"}, "unknown keys are errors"),
        ({"title": ""}, "title is non-empty"),
    ],
)
def test_calendar_schema_catches(change: dict[str, Any], why: str) -> None:
    assert _errors("calendar", _calendar(**change)), why


@pytest.mark.parametrize(
    "change",
    [{"at": "2025-03-27T19:00:00+08:00"}, {"at": "2025-03-27 19:00Z"},
     # Bare numbers and a single name, as YAML tools type them; contentplan reads the text.
     {"title": 2025, "id": 7, "notes": 1.5}, {"ignore": "spacing"},
     {"format": "short-video", "campaign": "s7", "phase": "recap", "status": "draft",
      "ignore": ["spacing", "duplicate"], "topic": "t", "expires": "2025-03-28 12:00"}],
)
def test_calendar_schema_accepts(change: dict[str, Any]) -> None:
    assert _errors("calendar", _calendar(**change)) == []


def test_an_empty_posts_list_may_be_left_blank() -> None:
    assert _errors("calendar", {"version": 1, "brand": "b", "timezone": "UTC", "posts": None}) == []


def test_calendar_requires_its_keys() -> None:
    assert _errors("calendar", {"version": 1, "brand": "b", "timezone": "UTC"})
    assert _errors("calendar", {"version": 2, "brand": "b", "timezone": "UTC", "posts": []})


@pytest.mark.parametrize(
    "rules",
    [
        {"version": "1", "mix": {"target": {"a": "1.5", "b": 1}, "tolerance": "0.05",
                                 "min_posts": "2", "window": "month", "scope": ["brand"]}},
        {"severity": {"role-fit": False, "duplicate": "off", "mix": "warning"}},
        {"mix": {"scope": "brand", "min_posts": 0}},
        {"platforms": {"weibo": {"formats": "image", "slots": "09:00"}, "wechat": None}},
        {"mix": None, "platforms": None, "blackouts": None, "campaigns": None,
         "trending": None, "severity": None},
        {"platforms": {"mastodon": {"slots": ["09:00", "23:59"], "min_gap": "90m",
                                    "quiet_hours": {"from": "23:00", "to": "06:00"}}}},
        {"blackouts": [{"from": "2025-01-01"}, {"from": "2025-01-01 12:00", "platforms": ["x"]}]},
    ],
)
def test_rules_schema_accepts_numbers_as_numbers_or_text(rules: dict[str, Any]) -> None:
    assert _errors("rules", rules) == []


@pytest.mark.parametrize(
    "rules",
    [
        {"mix": {"tolerance": 1.5}},
        {"mix": {"window": "day"}},
        {"mix": {"scope": ["team"]}},
        {"mix": {"target": {"a": 0}}},
        {"platforms": {"weibo": {"role": "news"}}},
        {"platforms": {"weibo": {"slots": ["24:00"]}}},
        {"platforms": {"weibo": {"slots": [750]}}},  # an unquoted 12:30 in YAML 1.1
        {"platforms": {"weibo": {"min_gap": "2 hours"}}},
        {"platforms": {"weibo": {"title_units": "bytes"}}},
        {"severity": {"role-fit": "fatal"}},
        {"severity": {"spelling": "off"}},
        {"trending": {"max_age": "48"}},
        {"blackouts": [{"to": "2025-01-01"}]},
        {"campaigns": {"x": {"teaser_days": 7}}},
        {"pillar": ["typo"]},
    ],
)
def test_rules_schema_catches(rules: dict[str, Any]) -> None:
    assert _errors("rules", rules)


def test_backlog_schema() -> None:
    good = {"version": 1, "brand": "b", "timezone": "Asia/Shanghai", "items": [
        {"id": "su7-review", "pillar": "functional", "title": "SU7 review",
         "platforms": ["douyin", "weibo"], "format": "video", "priority": 3,
         "earliest": "2024-03-25", "latest": "2024-03-31", "campaign": "su7-launch",
         "phase": "launch", "topic": "ai-phone", "expires": "2024-03-27 23:59"}]}
    assert _errors("backlog", good) == []
    one_platform = json.loads(json.dumps(good))
    one_platform["items"][0]["platforms"] = "weibo"
    assert _errors("backlog", one_platform) == []
    for bad in ({"priority": 6}, {"priority": "9"}, {"earliest": "next week"}, {"pillar": None}):
        document = json.loads(json.dumps(good))
        document["items"][0].update(bad)
        assert _errors("backlog", document), bad


def test_results_schema_agrees_with_the_reader(tmp_path: Path) -> None:
    from contentplan.load.results import read_results

    good = {"version": 1, "results": [
        {"id": "wb-0310-0900", "measured_at": "2025-03-11 09:00+08:00", "likes": 12,
         "comments": "3", "impressions": 1000, "brand": "veloq"},
        {"id": "wb-0310-0900", "measured_at": "2025-03-17T01:00:00Z", "views": 0}]}
    assert _errors("results", good) == []
    path = tmp_path / "r.yaml"
    path.write_text(yaml.safe_dump(good), encoding="utf-8")
    assert read_results([str(path)])[1] == []
    for bad in ({"likes": -1}, {"likes": "1,234"}, {"measured_at": "2025-03-11 09:00"},
                {"like": 3}, {"id": "a b"}, {"likes": 10**13}):
        document = json.loads(json.dumps(good))
        document["results"][0].update(bad)
        assert _errors("results", document), bad
        path.write_text(yaml.safe_dump(document), encoding="utf-8")
        assert read_results([str(path)])[1], bad
    no_count = {"version": 1, "results": [{"id": "a", "measured_at": "2025-03-11 09:00Z"}]}
    assert _errors("results", no_count)


def test_cli_prints_each_schema_as_json() -> None:
    for kind in KINDS:
        run = run_cli("schema", kind)
        assert run.code == 0, run.stderr
        assert json.loads(run.stdout) == schema_for(kind)  # type: ignore[arg-type]


def test_cli_refuses_an_unknown_kind_and_lists_the_kinds() -> None:
    run = run_cli("schema", "posts")
    assert run.code == 2
    assert run.stdout == ""
    assert "calendar, rules, backlog" in run.stderr
    assert "Traceback" not in run.stderr


def test_cli_help_teaches_with_an_example() -> None:
    run = run_cli("schema", "--help")
    assert run.code == 0
    assert "contentplan schema calendar" in run.stdout


def test_schema_file_for_the_editor_roundtrips(tmp_path: Path) -> None:
    target = tmp_path / "calendar.schema.json"
    target.write_text(run_cli("schema", "calendar").stdout, encoding="utf-8")
    Draft202012Validator.check_schema(json.loads(target.read_text(encoding="utf-8")))


def test_the_post_fields_are_spelt_once() -> None:
    """The schema, the calendar loader, the CSV columns and the YAML writer
    all follow ``POST_FIELDS``: same keys, same order, same required ones."""
    from dataclasses import fields

    from contentplan.core.postfields import POST_KEYS, REQUIRED_POST_KEYS
    from contentplan.io.csv_out import COLUMNS
    from contentplan.io.yaml_out import POST_KEYS as WRITTEN_KEYS
    from contentplan.io.yaml_out import DraftPost

    post = schema_for("calendar")["properties"]["posts"]["items"]
    assert tuple(post["properties"]) == POST_KEYS
    required = tuple(post["required"])
    assert required == REQUIRED_POST_KEYS
    assert required == ("id", "at", "platform", "pillar", "title")
    written = WRITTEN_KEYS
    assert written == tuple(field.name for field in fields(DraftPost))
    assert written == tuple(key for key in POST_KEYS if key != "ignore")
    columns = COLUMNS
    assert columns == ("id", "date", "time", "timezone", *written[written.index("platform"):])
