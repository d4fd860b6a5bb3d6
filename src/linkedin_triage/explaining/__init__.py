"""Why a request got its prediction, for people: contributions, reasons, plots, reports.

Owns exact SHAP contributions of the model's log-odds (`contributions`), plain-language
reasons (`reasons`), scoring one frame with its reasons (`scoring`), one request explained
(`request_explanation`), plots and the train/evaluate report (`plots`, `model_report`), and
numbers in words (`wording`).

May import: learning and everything below it (signals, ledger, storage, sources, shared).
"""
