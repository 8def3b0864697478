"""The registry: every check of SPEC §4, in its order, documented."""

from __future__ import annotations

import pytest

from contentplan import checks
from contentplan.checks import CHECK_NAMES, CHECKS, POST_LEVEL_CHECKS

SPEC_ORDER = [
    "mix", "mix-brand", "cadence", "spacing", "quiet-hours", "blackout", "format",
    "title-length", "campaign-phase", "stale-trend", "duplicate", "role-fit",
]


def test_every_check_of_the_spec_in_its_order() -> None:
    names = CHECK_NAMES
    assert list(CHECKS) == SPEC_ORDER
    assert names == ("schema", *SPEC_ORDER)


@pytest.mark.parametrize("name", SPEC_ORDER)
def test_each_module_declares_itself(name: str) -> None:
    module = CHECKS[name]
    declared, severity = module.NAME, module.DEFAULT_SEVERITY
    assert declared == name
    assert severity == ("warning" if name in ("duplicate", "role-fit") else "error")
    assert callable(module.check)
    doc = module.__doc__ or ""
    assert doc.startswith(f"{name}: ")
    assert "passes" in doc and "fails" in doc, f"{name} needs a passing and a failing example"


def test_post_level_checks_are_those_a_post_may_ignore() -> None:
    post_level = POST_LEVEL_CHECKS
    assert post_level == {
        "spacing", "quiet-hours", "blackout", "format", "title-length",
        "campaign-phase", "stale-trend", "duplicate",
    }


def test_schema_is_documented_too() -> None:
    assert checks.documentation("schema") == checks.SCHEMA_DOC
    assert checks.summary("schema").startswith("a file that breaks")
    assert checks.summary("spacing") == (
        "two consecutive posts on one platform closer than ``min_gap``."
    )
