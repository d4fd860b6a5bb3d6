"""Learning one user's weights and deciding at their target precision.

Owns the candidate estimators (`candidates`), time-ordered selection (`selection`),
calibration (`calibration`), the saved `TriageModel` and `fit_model` (`triage_model`), the
three-way thresholds (`thresholds`), metrics with intervals (`metrics`) and the side-by-side
evaluation with the rules (`evaluation`).

May import: signals and everything below it (ledger, storage, sources, shared root modules).
"""
