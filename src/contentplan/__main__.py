import sys

try:
    from contentplan.cli import main
except KeyboardInterrupt:  # Ctrl-C while starting: one line, as later (SPEC §5.2)
    sys.stderr.write("contentplan: interrupted\n")
    sys.exit(130)

main()
