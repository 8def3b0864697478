"""How contentplan imports OR-Tools CP-SAT: without pandas.

``ortools.sat.python.cp_model`` imports pandas at the top, for helpers that
build variables from ``pd.Series`` and ``pd.Index``. contentplan never uses
them, and on our 2-core machines pandas takes about 0.16 s of a one-week
`plan` that should take under a second in all. So, unless pandas is already
loaded, a stand-in module with those two names is in ``sys.modules`` while
cp_model is imported, and is taken out again right after: nothing else sees
it, and a later ``import pandas`` gets the real one. cp_model only uses the
two names in annotations and ``isinstance`` checks, which are then false, as
they are for every value contentplan passes.

Should a future ortools need more of pandas while importing, the stand-in
fails that import, and cp_model is imported again the ordinary way.

Every planner module imports ``cp_model`` from here.
"""

from __future__ import annotations

import sys
import types


def _stand_in() -> types.ModuleType:
    module = types.ModuleType("pandas", "contentplan's stand-in while cp_model is imported")

    class Index:  # never instantiated
        pass

    class Series:  # never instantiated
        pass

    module.Index = Index  # type: ignore[attr-defined]
    module.Series = Series  # type: ignore[attr-defined]
    return module


def _interrupted(error: BaseException) -> bool:
    """Whether a Ctrl-C caused the error (pybind11 reports one that lands in
    a native module's start as an ImportError): then it is not retried."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, KeyboardInterrupt):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _forget_ortools_sat() -> None:
    for name in [name for name in sys.modules if name.startswith("ortools.sat.python.cp_model")]:
        del sys.modules[name]


_STAND_IN = None if "pandas" in sys.modules else _stand_in()
if _STAND_IN is not None:
    sys.modules["pandas"] = _STAND_IN
try:
    from ortools.sat.python import cp_model as cp_model
except Exception as error:
    if _STAND_IN is None or _interrupted(error):
        raise
    # The stand-in was not enough: import the ordinary way.
    if sys.modules.get("pandas") is _STAND_IN:
        del sys.modules["pandas"]
    _forget_ortools_sat()
    _STAND_IN = None
    from ortools.sat.python import cp_model as cp_model
finally:
    if _STAND_IN is not None and sys.modules.get("pandas") is _STAND_IN:
        del sys.modules["pandas"]

USES_STAND_IN = _STAND_IN is not None  # for tests: was pandas left out?

__all__ = ["USES_STAND_IN", "cp_model"]
