from zhpress.cli import main

main()
