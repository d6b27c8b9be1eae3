from porras.cli import main

main()
