from slangtutor.cli import main

main()
