"""The catalogue and the registry: every entry implemented and documented.

Which checks there are, their order and their default severities are pinned
by the CI goldens (every rule of tests/ci/golden/cli-schema-errors.sarif);
which are post-level, by the case files (test_cases)."""

from __future__ import annotations

import re

import pytest

from contentplan import checks
from contentplan.checks import CHECK_NAMES, CHECKS, POST_LEVEL_CHECKS
from contentplan.core.catalogue import CATALOGUE, GROUP_CHECKS, default_severity

NAMES = [entry.name for entry in CATALOGUE]


def test_every_check_in_catalogue_order() -> None:
    assert list(CHECKS) == NAMES
    assert len(set(NAMES)) == len(NAMES)
    names = CHECK_NAMES
    assert names == ("schema", *NAMES)
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", name) for name in NAMES)


def test_the_registry_has_a_module_for_each_entry_and_no_other() -> None:
    registry = checks._REGISTRY
    assert set(registry) == {entry.name for entry in CATALOGUE}
    modules = [module.__name__ for module in registry.values()]
    assert len(set(modules)) == len(modules), "two names share one module"


@pytest.mark.parametrize("name", NAMES)
def test_each_module_is_a_documented_check(name: str) -> None:
    module = CHECKS[name]
    assert callable(module.check)
    doc = module.__doc__ or ""
    assert doc.startswith(f"{name}: ")
    assert "passes" in doc and "fails" in doc, f"{name} needs a passing and a failing example"
    for constant in ("NAME", "DEFAULT_SEVERITY", "POST_LEVEL"):
        assert not hasattr(module, constant), f"{name}: {constant} belongs in the catalogue"


def test_default_severities() -> None:
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


def test_post_level_and_group_checks_split_the_catalogue() -> None:
    assert set(POST_LEVEL_CHECKS) == {entry.name for entry in CATALOGUE if entry.post_level}
    assert sorted((*POST_LEVEL_CHECKS, *GROUP_CHECKS)) == sorted(NAMES)


def test_schema_is_documented_too() -> None:
    assert checks.documentation("schema") == checks.SCHEMA_DOC
    assert checks.summary("schema").startswith("a file that breaks")
    assert checks.summary("spacing") == (
        "two consecutive posts on one platform closer than ``min_gap``."
    )
