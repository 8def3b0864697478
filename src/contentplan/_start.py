"""Where the `contentplan` console script and `python -m contentplan` start.

Loading the command line (Typer, Rich, our modules) takes a moment, and a
Ctrl-C in that moment would otherwise show Python's own traceback. Here the
import runs under a guard, so that Ctrl-C at any point after Python itself
has started ends with one line and exit 130 (SPEC §5.2).
"""

import sys


def main() -> None:
    try:
        from contentplan.cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("contentplan: interrupted\n")
        sys.exit(130)
    run()
