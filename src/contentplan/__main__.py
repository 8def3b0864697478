from contentplan._start import main

main()
