from linkedin_triage.commands.cli import main

main()
