"""The local review page: the pending requests beside LinkedIn, and the user's answers.

Owns what the page shows (`queue`: every pending request scored, explained and put in the
order of `learning.question_order`; `ledger_rows`: the ledger's rows through the requests
reader), the model's health over the ledger (`model_status`: counts, label sources, model
age, the drift test of `learning.drift`, retrain advice), what both compute from one ledger
and model folder (`overview`), the web app and its template (`web_app`, `templates/`), its
security (`page_security`: the per-run token, the session cookie, the Host check, CSRF-safe
posts, security headers) and serving it on the loopback address (`server`). Decisions go to
the ledger through `ledger.decisions`, exactly as `decide` records them.

May import: explaining and everything below it (learning, signals, ledger, storage, sources,
shared root modules). The web framework (Starlette, uvicorn, Jinja2) is imported only by
`web_app` and `server`, which the command imports inside the function that serves the page:
`linkedin-triage --help` never loads it.
"""
