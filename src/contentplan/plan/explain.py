"""When no schedule meets the rules: which rules are in conflict, in words.

The explaining model (``PlanModel(explain=True)``) puts an assumption literal
on every rule instance: each band bound per group, window and pillar, each
cadence bound, each blackout, campaign, topic, and the platform-wide rules.
The minimal core of those rules (``conflict.minimal_core``) names the rules
in conflict; each is one sentence saying what it demands and what to change
(``kinds.RULE_KINDS``).
"""

from __future__ import annotations

import time
from typing import Any

from contentplan.plan.build import PlanModel
from contentplan.plan.conflict import minimal_core
from contentplan.plan.constraints import add_all
from contentplan.plan.cpsat import cp_model
from contentplan.plan.kinds import PlanWords, conflict_sentence
from contentplan.plan.problem import PlanProblem, Rule

_LEAST_TIME = 2.0  # seconds the explanation may take even when the plan used its limit


def explain(problem: PlanProblem, settings: Any, deadline: float) -> list[str]:
    """Sentences naming the rules in conflict (empty if none could be named)."""
    pm = PlanModel(problem, explain=True)
    add_all(pm)
    stop = max(deadline, time.monotonic() + _LEAST_TIME)
    rules = sorted(pm.gates, key=_rule_key)
    core = _core(pm, rules, stop)
    if core is None:
        return []
    words = PlanWords(pm)
    return [conflict_sentence(words, rule) for rule in sorted(core, key=_rule_key)]


def conflict_core(problem: PlanProblem, seconds: float = 10.0) -> list[Rule] | None:
    """The minimal set of rules in conflict (for tests), or None if feasible."""
    pm = PlanModel(problem, explain=True)
    add_all(pm)
    return _core(pm, sorted(pm.gates, key=_rule_key), time.monotonic() + seconds)


def _core(pm: PlanModel, rules: list[Rule], stop: float) -> list[Rule] | None:
    status, core = minimal_core(pm, rules, stop, _rule_key, all_when_unnamed=True)
    return core if status == cp_model.INFEASIBLE else None


def _rule_key(rule: Rule) -> tuple[str, str, str, str, int, str]:
    return (
        rule.window or "",
        rule.platform or "",
        rule.kind,
        rule.pillar or "",
        rule.index if rule.index is not None else -1,
        rule.name or "",
    )
