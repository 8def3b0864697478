"""`--format sarif`: SARIF 2.1.0 as GitHub code scanning reads it."""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from contentplan.render.ruledocs import rule_docs
from contentplan.render.sarif import MAX_RESULTS, left_out_note, render_sarif
from tests.ci.golden import assert_golden
from tests.ci.samples import CHECKS, MAIN, RULE_DOCS, every_check, violation
from tests.conftest import SHARED
from tests.hardening.support import run_bounded

SCHEMA = SHARED / "data" / "sarif-schema-2.1.0.json"
FIXTURES = Path(__file__).parent / "fixtures"


def sarif(violations: Any, root: Path = Path("/repo"), cwd: Path = Path("/repo")) -> Any:
    text = render_sarif(violations, rule_docs=RULE_DOCS, version="0.1.0", root=root, cwd=cwd)
    return json.loads(text)


@pytest.fixture(scope="module")
def validator() -> Any:
    if not SCHEMA.is_file():
        pytest.skip(f"{SCHEMA} is absent: the official SARIF schema lives in ../shared/data")
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_every_check_validates_against_the_official_schema(validator: Any) -> None:
    log = sarif(every_check())
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert errors == [], "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_a_clean_run_validates_and_still_lists_the_rules(validator: Any) -> None:
    log = sarif([])
    assert list(validator.iter_errors(log)) == []
    run = log["runs"][0]
    assert run["results"] == []
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == list(CHECKS)


def test_driver_names_the_tool_and_documents_every_check() -> None:
    driver = sarif([])["runs"][0]["tool"]["driver"]
    assert driver["name"] == "contentplan"
    assert driver["version"] == "0.1.0"
    assert driver["informationUri"].startswith("https://")
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] == f"Finds {rule['id']} problems in a calendar."
        assert rule["fullDescription"]["text"].endswith("It says what to change.")
        assert "Failing example" in rule["help"]["text"]
        assert rule["help"]["markdown"] == rule["help"]["text"]
    levels = {rule["id"]: rule["defaultConfiguration"]["level"] for rule in driver["rules"]}
    assert levels["duplicate"] == levels["role-fit"] == "warning"
    assert levels["mix"] == levels["schema"] == "error"


def test_results_point_at_their_rule_line_and_column() -> None:
    run = sarif(every_check())["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert len(run["results"]) == len(every_check())
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert location["region"]["startLine"] >= 1
        assert location["region"]["startColumn"] == 5
    assert "%SRCROOT%" in run["originalUriBaseIds"]
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels["duplicate"] == "warning" and levels["spacing"] == "error"


def test_message_opens_with_a_title_sentence() -> None:
    results = sarif([violation("spacing", 12, ("w03", "w04"), message="w04 is 30m after w03")])
    text = results["runs"][0]["results"][0]["message"]["text"]
    assert text == "spacing: weibo 2024-W13 (w03, w04). w04 is 30m after w03"


def test_uri_is_relative_to_the_repository_root_not_the_working_folder() -> None:
    # check ran in /repo/team-a, so violations name files relative to it
    log = sarif([violation("format", 3, ("a",))], root=Path("/repo"), cwd=Path("/repo/team-a"))
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "team-a/" + MAIN


def test_uri_of_a_file_with_spaces_and_chinese_is_percent_encoded() -> None:
    moved = violation("format", 3, ("a",), file="calendars/小米 2024.yaml")
    location = sarif([moved])["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    uri = location["artifactLocation"]["uri"]
    assert uri == "calendars/%E5%B0%8F%E7%B1%B3%202024.yaml"


def fingerprint(v: Any) -> str:
    return str(
        sarif([v])["runs"][0]["results"][0]["partialFingerprints"]["primaryLocationLineHash"]
    )


def test_fingerprint_survives_a_post_moving_within_the_file() -> None:
    before = violation("spacing", 12, ("w03", "w04"), message="w04 is 30m after w03")
    moved = dataclasses.replace(before, line=140, column=7, message="w04 is 30m after w03!")
    assert fingerprint(before) == fingerprint(moved)
    assert fingerprint(before).endswith(":1")


def test_fingerprint_changes_with_the_identity() -> None:
    base = violation("spacing", 12, ("w03", "w04"))
    others = [
        dataclasses.replace(base, post_ids=("w03", "w05")),
        dataclasses.replace(base, check="duplicate"),
        dataclasses.replace(base, window="2024-W14"),
        dataclasses.replace(base, platform="douyin"),
        dataclasses.replace(base, brand="huawei"),
    ]
    prints = {fingerprint(v) for v in [base, *others]}
    assert len(prints) == 1 + len(others)


def test_fingerprint_is_stable_across_runs_and_machines() -> None:
    # A fixed value: any change to the hash would reopen every alert on GitHub.
    # It is sha256 of the identity as compact JSON, post ids as a sorted set.
    v = violation("spacing", 12, ("w04", "w03"))
    key = b'["spacing","xiaomi","weibo","2024-W13",["w03","w04"]]'
    assert fingerprint(v) == hashlib.sha256(key).hexdigest()[:32] + ":1"
    assert fingerprint(v) == "a3a0e50b16e1d60e83f04d7cce6d32cd:1"


def test_repeated_identities_are_counted() -> None:
    one = violation("schema", 9, (), platform=None, window=None, message="bad key")
    two = dataclasses.replace(one, line=12)
    prints = [
        r["partialFingerprints"]["primaryLocationLineHash"]
        for r in sarif([one, two])["runs"][0]["results"]
    ]
    assert [p.split(":")[1] for p in prints] == ["1", "2"]
    assert prints[0].split(":")[0] == prints[1].split(":")[0]


def test_an_undocumented_check_still_gets_a_rule() -> None:
    log = sarif([violation("brand-new", 3, ("a",))])
    run = log["runs"][0]
    index = run["results"][0]["ruleIndex"]
    assert run["tool"]["driver"]["rules"][index]["id"] == "brand-new"


def test_output_is_deterministic_and_golden() -> None:
    text = render_sarif(
        every_check(), rule_docs=RULE_DOCS, version="0.1.0", root=Path("/repo"), cwd=Path("/repo")
    )
    again = render_sarif(
        list(reversed(every_check())),
        rule_docs=RULE_DOCS,
        version="0.1.0",
        root=Path("/repo"),
        cwd=Path("/repo"),
    )
    assert text == again
    assert_golden("every-check.sarif", text)


def test_the_registry_documents_every_check_for_sarif(validator: Any) -> None:
    checks = importlib.import_module("contentplan.checks")
    if not hasattr(checks, "CHECKS"):
        pytest.skip("the checks registry (contentplan.checks.CHECKS) has not landed yet")
    docs = rule_docs()
    names = [doc.name for doc in docs]
    assert names[0] == "schema"
    assert set(CHECKS) <= set(names)
    for doc in docs:
        assert doc.summary and doc.full, f"{doc.name} has no docstring"
        assert doc.default_severity in ("error", "warning")
    log = json.loads(
        render_sarif(
            every_check(), rule_docs=docs, version="0.1.0", root=Path("/r"), cwd=Path("/r")
        )
    )
    assert list(validator.iter_errors(log)) == []


def test_repository_root(tmp_path: Path) -> None:
    from contentplan.render.ruledocs import repository_root

    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "team" / "calendars").mkdir(parents=True)
    inside = repo / "team" / "calendars"
    assert repository_root(inside, {}) == repo.resolve()
    assert (
        repository_root(inside, {"GITHUB_WORKSPACE": str(repo / "team")})
        == (repo / "team").resolve()
    )
    assert repository_root(inside, {"GITHUB_WORKSPACE": str(tmp_path / "other")}) == repo.resolve()
    assert repository_root(tmp_path, {}) in (tmp_path.resolve(), *tmp_path.resolve().parents)


# --- what other consumers need ------------------------------------------------


def test_rules_have_a_name_that_is_not_their_id() -> None:
    rules = sarif([violation("brand-new", 3, ("a",))])["runs"][0]["tool"]["driver"]["rules"]
    names = {rule["id"]: rule["name"] for rule in rules}
    assert names["mix-brand"] == "MixBrand"
    assert names["quiet-hours"] == "QuietHours"
    assert names["brand-new"] == "BrandNew"
    assert all(name != rule_id and name[0].isupper() for rule_id, name in names.items())
    assert len(set(names.values())) == len(names)


def test_a_region_spans_the_post_when_its_end_is_known(validator: Any) -> None:
    spanning = violation("format", 3, ("a",), end_line=8, end_column=21)
    unknown = violation("format", 12, ("b",))
    log = sarif([spanning, unknown])
    assert list(validator.iter_errors(log)) == []
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in log["runs"][0]["results"]]
    assert regions == [
        {"startLine": 3, "startColumn": 5, "endLine": 8, "endColumn": 21},
        {"startLine": 12, "startColumn": 5},
    ]


def test_a_file_outside_the_repository_gets_an_absolute_uri_not_dotdot(validator: Any) -> None:
    outside = violation("format", 3, ("a",), file="../../elsewhere/x.yaml")
    inside = violation("format", 3, ("a",), file="calendars/x.yaml")
    log = sarif([outside, inside], root=Path("/repo"), cwd=Path("/repo/team-a"))
    assert list(validator.iter_errors(log)) == []
    artifacts = [
        r["locations"][0]["physicalLocation"]["artifactLocation"] for r in log["runs"][0]["results"]
    ]
    assert artifacts[0] == {"uri": Path("/elsewhere/x.yaml").as_uri()}
    assert artifacts[1] == {"uri": "team-a/calendars/x.yaml", "uriBaseId": "%SRCROOT%"}
    assert "/.." not in json.dumps(log) and '"..' not in json.dumps(log)


@pytest.mark.slow
def test_at_most_25000_results_the_first_ones_kept_and_the_rest_counted() -> None:
    many = [
        violation("quiet-hours", line, (f"p{line}",), file=f"calendars/{file}.yaml")
        for file in ("b", "a")
        for line in range(1, 12_502)
    ]
    log = sarif(many)
    run = log["runs"][0]
    assert len(run["results"]) == MAX_RESULTS == 25_000
    assert run["properties"]["resultsLeftOut"] == 2
    assert run["properties"]["resultsTotal"] == 25_002
    # the order of the report: a.yaml from its first line, then b.yaml
    first, last = run["results"][0], run["results"][-1]
    assert first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("/a.yaml")
    assert last["locations"][0]["physicalLocation"]["region"]["startLine"] == 12_499
    assert left_out_note(25_002) is not None and "2 left out" in str(left_out_note(25_002))
    assert left_out_note(25_000) is None
    assert "properties" not in sarif(many[:100])["runs"][0]


def test_a_capped_log_still_validates(validator: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("contentplan.render.sarif.MAX_RESULTS", 2)
    log = sarif(every_check())
    assert len(log["runs"][0]["results"]) == 2
    assert log["runs"][0]["properties"]["resultsLeftOut"] == len(every_check()) - 2
    assert list(validator.iter_errors(log)) == []


# --- through the command line -------------------------------------------------

BLOCK_CALENDAR = """version: 1
brand: volta
timezone: Asia/Shanghai
rules: rules.yaml
posts:
  - id: w1
    at: 2025-03-04 02:00
    platform: weibo
    pillar: story
    title: "Night ride"   # a comment is not the post's

  # nor is a blank line
  - id: w2
    at: 2025-03-05 12:00
    platform: weibo
    pillar: story
    title: |
      two lines
      of title
"""


def test_cli_region_spans_a_block_post_without_its_trailing_comment(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "rules.yaml", tmp_path / "rules.yaml")
    (tmp_path / "cal.yaml").write_text(BLOCK_CALENDAR, encoding="utf-8")
    (tmp_path / ".git").mkdir()  # the repository root
    done = run_bounded("check", "cal.yaml", "--format", "sarif", cwd=tmp_path)
    assert done.code == 1, done.stderr
    run = json.loads(done.stdout)["runs"][0]
    regions = {r["ruleId"]: r["locations"][0]["physicalLocation"]["region"] for r in run["results"]}
    # w1 from `id:` to just after the closing quote of its title
    assert regions["quiet-hours"] == {
        "startLine": 6, "startColumn": 5, "endLine": 10, "endColumn": 24,
    }
    assert "properties" not in run and done.stderr == ""


@pytest.mark.slow
def test_the_sarif_format_has_a_note_for_stderr_past_the_cap() -> None:
    """What `check --format sarif` prints on stderr past the cap (the format's
    note; in this process: a calendar with 25,000 violations takes too long
    to load in a test)."""
    from contentplan.render.formats import FORMATS, Judged
    from contentplan.render.summary import Summary

    sarif = FORMATS["sarif"]
    many = [violation("quiet-hours", line, (f"p{line}",)) for line in range(1, 25_004)]
    summary = Summary.of(many, 1, 25_003)
    judged = Judged(many, summary, True, [MAIN], ["quiet-hours"], False)
    assert json.loads(sarif.render(judged))["runs"][0]["properties"]["resultsLeftOut"] == 3
    assert "the first 25,000 of 25,003 violations (3 left out)" in (sarif.note(judged) or "")
    assert sarif.note(Judged(many[:25_000], summary, True, [MAIN], ["quiet-hours"], False)) is None
    assert FORMATS["plain"].note(judged) is None
