"""The catalogue and the registry: every check of SPEC §4, in its order,
implemented and documented."""

from __future__ import annotations

import re

import pytest

from contentplan import checks
from contentplan.checks import CHECK_NAMES, CHECKS, POST_LEVEL_CHECKS
from contentplan.core.catalogue import CATALOGUE, GROUP_CHECKS, default_severity

SPEC_ORDER = [
    "mix", "mix-brand", "cadence", "spacing", "quiet-hours", "blackout", "format",
    "title-length", "campaign-phase", "stale-trend", "duplicate", "role-fit",
]


def test_every_check_of_the_spec_in_its_order() -> None:
    assert [entry.name for entry in CATALOGUE] == SPEC_ORDER
    assert list(CHECKS) == SPEC_ORDER
    names = CHECK_NAMES
    assert names == ("schema", *SPEC_ORDER)


def test_the_registry_has_a_module_for_each_entry_and_no_other() -> None:
    registry = checks._REGISTRY
    assert set(registry) == {entry.name for entry in CATALOGUE}
    modules = [module.__name__ for module in registry.values()]
    assert len(set(modules)) == len(modules), "two names share one module"


@pytest.mark.parametrize("name", SPEC_ORDER)
def test_each_module_is_a_documented_check(name: str) -> None:
    module = CHECKS[name]
    assert callable(module.check)
    doc = module.__doc__ or ""
    assert doc.startswith(f"{name}: ")
    assert "passes" in doc and "fails" in doc, f"{name} needs a passing and a failing example"
    for constant in ("NAME", "DEFAULT_SEVERITY", "POST_LEVEL"):
        assert not hasattr(module, constant), f"{name}: {constant} belongs in the catalogue"


def test_default_severities() -> None:
    warnings = {entry.name for entry in CATALOGUE if entry.default_severity == "warning"}
    assert warnings == {"duplicate", "role-fit"}
    assert {entry.default_severity for entry in CATALOGUE} <= {"error", "warning"}
    assert default_severity("schema") == "error"
    assert default_severity("role-fit") == "warning"


_RULE_KEYS = re.compile(r"Rule keys read: (.+?)\.\n\n", re.S)


@pytest.mark.parametrize("entry", CATALOGUE, ids=lambda entry: entry.name)
def test_rule_keys_are_those_the_docstring_names(entry: object) -> None:
    """The catalogue's rule keys, in order, are the backquoted keys of the
    docstring's "Rule keys read:" paragraph (words in brackets aside)."""
    assert isinstance(entry, type(CATALOGUE[0]))
    found = _RULE_KEYS.search(CHECKS[entry.name].__doc__ or "")
    assert found, f"{entry.name}: the docstring says no 'Rule keys read:'"
    words = re.sub(r"\([^)]*\)", "", found[1])
    assert tuple(re.findall(r"``([^`]+)``", words)) == entry.rule_keys


def test_post_level_checks_are_those_a_post_may_ignore() -> None:
    assert set(POST_LEVEL_CHECKS) == {
        "spacing", "quiet-hours", "blackout", "format", "title-length",
        "campaign-phase", "stale-trend", "duplicate",
    }
    assert set(GROUP_CHECKS) == {"mix", "mix-brand", "cadence", "role-fit"}


def test_schema_is_documented_too() -> None:
    assert checks.documentation("schema") == checks.SCHEMA_DOC
    assert checks.summary("schema").startswith("a file that breaks")
    assert checks.summary("spacing") == (
        "two consecutive posts on one platform closer than ``min_gap``."
    )
