from linkedin_triage.cli import main

main()
