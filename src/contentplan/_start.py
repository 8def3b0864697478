"""Where the `contentplan` console script and `python -m contentplan` start.

Loading the command line (Typer, Rich, our modules) takes a moment, and a
Ctrl-C or SIGTERM in that moment would otherwise show Python's own traceback
or leave without a word. Here the signals are routed first (see
``contentplan.interrupt``) and the import runs under a guard, so that either
signal at any point after Python itself has started ends with one line:
exit 130 for Ctrl-C, 143 for SIGTERM.
"""

from contentplan import interrupt


def main() -> None:
    interrupt.install()
    try:
        from contentplan.cli import main as run
    except KeyboardInterrupt as error:
        interrupt.leave(error)
    run()
