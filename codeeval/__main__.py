from codeeval.cli import main

main()
