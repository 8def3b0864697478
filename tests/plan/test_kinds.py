"""The rule-kind table: every kind the planners gate belongs to real checks,
and has its words for `plan` and for `fix`."""

from __future__ import annotations

from pathlib import Path

from contentplan.checks import CHECKS
from contentplan.plan.build import PlanModel
from contentplan.plan.constraints import add_all
from contentplan.plan.kinds import RULE_KINDS, check_of, kinds_of
from tests.plan.support import Workspace, item, items

RULES = """
version: 1
platforms:
  weibo: {slots: ["09:00", "12:00", "13:00", "20:00"], max_per_day: 2, max_per_week: 9,
          min_per_week: 3, min_gap: 2h, formats: [video], max_title: 30}
quiet_hours: {from: "23:00", to: "10:00"}
blackouts:
  - {from: 2024-04-03, to: 2024-04-04, reason: freeze, platforms: all}
trending: {max_age: 2d}
severity: {duplicate: error, role-fit: error}
"""


def test_each_kind_belongs_to_checks_that_exist() -> None:
    for name, kind in RULE_KINDS.items():
        assert kind.checks, name
        assert set(kind.checks) <= set(CHECKS), name


def test_a_violation_owns_the_rules_of_its_check() -> None:
    assert kinds_of("stale-trend") == {"expires", "topic"}
    assert kinds_of("mix") == kinds_of("mix-brand") == {"band-min", "band-max"}
    assert kinds_of("cadence") == {"max-per-day", "max-per-week", "min-per-week"}
    assert check_of("campaign") == "campaign-phase"
    assert check_of("expires") == "stale-trend"


def test_every_rule_the_explaining_plan_model_gates_has_a_sentence(tmp_path: Path) -> None:
    space = Workspace(tmp_path, RULES)
    plan = space.problem(
        items=[
            *items("f", "functional", 4),
            item("t1", "trending", topic="launch"),
            item("t2", "trending", topic="launch"),
            item("d1", "story", title="Same title"),
            item("d2", "story", title="Same title"),
        ]
    )
    pm = PlanModel(plan, explain=True)
    add_all(pm)
    kinds = {rule.kind for rule in pm.gates}
    assert {"quiet-hours", "blackout", "spacing", "max-per-day", "band-min"} <= kinds
    for kind in kinds:
        assert RULE_KINDS[kind].conflict is not None, kind
