"""The layers hold: import-linter's contracts (pyproject.toml) are kept, and no
import hides from them behind ``importlib`` or ``__import__``."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import contentplan

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = Path(contentplan.__file__).resolve().parent


def test_the_layer_contracts_are_kept(capsys: pytest.CaptureFixture[str]) -> None:
    from importlinter.cli import lint_imports

    code = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    assert code == 0, capsys.readouterr().out


def _hidden_imports(source: str) -> list[int]:
    """Lines that import a module named by a computed string."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in {"import_module", "__import__"}:
                lines.append(node.lineno)
    return lines


def test_no_module_imports_by_string() -> None:
    found = {
        str(path.relative_to(PACKAGE)): lines
        for path in sorted(PACKAGE.rglob("*.py"))
        if (lines := _hidden_imports(path.read_text(encoding="utf-8")))
    }
    assert found == {}, f"imports the layer contracts cannot see: {found}"


def test_the_finder_sees_a_hidden_import() -> None:
    assert _hidden_imports("import importlib\nimportlib.import_module('x')\n") == [2]
    assert _hidden_imports("__import__('os')\n") == [1]
    assert _hidden_imports("from x import y\n") == []
