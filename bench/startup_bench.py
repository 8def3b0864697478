"""How long does `contentplan` take to start? Figures, not a test.

Times, each as a fresh process, interleaved round by round (so that a busy
machine slows every case alike), and prints the median of each and its ratio
to the first:

  A. `python -c "import typer, rich, yaml"` (the baseline: the libraries alone)
  B. `contentplan --version`            (goal: at most 1.2 x A)
  C. `contentplan check --help`         (goal: at most 1.2 x A)
  D. `contentplan --help`               (every command listed)

The commands run the console script's entry point with this Python
(`python -c "from contentplan._start import main; main()" ...`), so that a
wrapper script (pyenv's shims, for example) is not counted. Every case reads
compiled bytecode, as an installed package does: the bench keeps it in a
temporary folder (PYTHONPYCACHEPREFIX) and unsets PYTHONDONTWRITEBYTECODE
for its runs; pass --no-bytecode to time compiling our modules each run.

    python bench/startup_bench.py [--rounds 21]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ENTRY = "import sys; sys.argv[0] = 'contentplan'; from contentplan._start import main; main()"

CASES: list[tuple[str, list[str]]] = [
    ('python -c "import typer, rich, yaml"', ["-c", "import typer, rich, yaml"]),
    ("contentplan --version", ["-c", ENTRY, "--version"]),
    ("contentplan check --help", ["-c", ENTRY, "check", "--help"]),
    ("contentplan --help", ["-c", ENTRY, "--help"]),
]


def once(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{args[-1]!r} failed ({done.returncode}): {done.stderr.decode()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--no-bytecode", action="store_true", help="compile on every run")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "COLUMNS": "80", "TERM": "dumb"}
        if not options.no_bytecode:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = cache
        for _, args in CASES:  # warm the file cache and write the bytecode
            once(args, env)
        times: list[list[float]] = [[] for _ in CASES]
        for _ in range(options.rounds):
            for index, (_, args) in enumerate(CASES):
                times[index].append(once(args, env))

    base = statistics.median(times[0])
    print(f"{'case':40} {'median':>9} {'min':>9} {'ratio':>7}")
    for (label, _), measured in zip(CASES, times, strict=True):
        median = statistics.median(measured)
        fastest = min(measured)
        print(f"{label:40} {median * 1000:7.1f}ms {fastest * 1000:7.1f}ms {median / base:6.2f}x")
    print(f"({options.rounds} interleaved rounds; goal: --version and check --help <= 1.20x)")


if __name__ == "__main__":
    main()
