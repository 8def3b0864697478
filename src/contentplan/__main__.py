from contentplan.cli import main

main()
