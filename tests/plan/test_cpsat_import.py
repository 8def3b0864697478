"""`plan.cpsat` imports CP-SAT without pandas (0.16 s of a one-week plan),
and falls back to the ordinary import when the stand-in is not enough."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import contentplan

SOLVES = """
from contentplan.plan.cpsat import USES_STAND_IN, cp_model
import sys
model = cp_model.CpModel()
x = model.new_int_var(0, 10, "x")
model.add(x >= 7)
model.minimize(x)
solver = cp_model.CpSolver()
assert solver.solve(model) == cp_model.OPTIMAL and solver.value(x) == 7
print(USES_STAND_IN, "pandas" in sys.modules)
"""

# cpsat's own text, with a stand-in that lacks what cp_model needs.
FALLS_BACK = """
import sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
text = text.replace("module.Index = Index", "pass").replace("module.Series = Series", "pass")
space = {"__name__": "cpsat_under_test"}
exec(compile(text, path, "exec"), space)
import pandas
real = hasattr(pandas, "DataFrame")
print(space["USES_STAND_IN"], "pandas" in sys.modules, pandas.__name__, real)
"""


def _run(code: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_cp_model_works_without_pandas() -> None:
    assert _run(SOLVES) == "True False"


def test_a_stand_in_that_is_not_enough_falls_back_to_pandas() -> None:
    source = Path(contentplan.__file__).parent / "plan" / "cpsat.py"
    assert _run(FALLS_BACK, str(source)) == "False True pandas True"


def test_pandas_loaded_first_is_used_as_is() -> None:
    assert _run("import pandas\n" + SOLVES) == "False True"
