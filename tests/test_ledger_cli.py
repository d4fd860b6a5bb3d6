"""The ledger through the command line: ingest, history, decide, forget, and the ledger
given where a requests table is read (train, evaluate, predict, rules, explain)."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from frames import requests_table
from ledger_builders import Connection, Invite, url, write_export
from linkedin_triage.commands.cli import app

runner = CliRunner()


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def export(tmp_path: Path) -> Path:
    return write_export(
        tmp_path / "export",
        date(2026, 6, 30),
        [
            Invite("Ana Sala", datetime(2026, 5, 1, 10), url("ana-sala"), "Hi Nora"),
            Invite("Bo Lind", datetime(2026, 6, 20, 9, 30), url("bo-lind")),
            Invite("Cy Okafor", datetime(2026, 3, 2, 8), url("cy-okafor")),
        ],
        [Connection("Ana", "Sala", date(2026, 5, 3), url("ana-sala"))],
    )


def test_ingest_history_decide_forget(tmp_path, export):
    ledger = tmp_path / "ledger.sqlite"
    result = invoke("ingest", export, "--ledger", ledger)
    assert result.exit_code == 0, result.output
    assert "3 new request(s)" in result.output
    assert "+1 accepted (in your connections)" in result.output
    assert "+1 ignored (not connected 21+ days before your newest export)" in result.output

    out = tmp_path / "pending.csv"
    result = invoke("history", "--out", out, "--ledger", ledger, "--pending")
    assert result.exit_code == 0, result.output
    pending = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert pending["name"].to_list() == ["Bo Lind"]
    assert {"label_source", "first_seen_at", "sources"} <= set(pending.columns)

    result = invoke("decide", pending["request_id"][0], "ignore", "--ledger", ledger)
    assert result.exit_code == 0, result.output
    assert "recorded: ignore for Bo Lind" in result.output
    labelled = tmp_path / "labelled.csv"
    invoke("history", "--output", labelled, "--ledger", ledger, "--labelled")
    frame = pd.read_csv(labelled, dtype=str, keep_default_na=False).set_index("name")
    assert frame.loc["Bo Lind", "label_source"] == "user"

    result = invoke("forget", "--name", "Ana Sala", "--ledger", ledger)
    assert result.exit_code == 0, result.output
    assert b"Ana Sala" not in ledger.read_bytes()


@pytest.mark.parametrize(
    "args",
    [
        ("decide", "nobody", "accept"),
        ("decide", "x", "perhaps"),
        ("history", "--out", "h.csv", "--labelled", "--pending"),
        ("forget",),
        ("ingest", "missing.zip"),
    ],
)
def test_bad_usage_exits_2_with_a_message(tmp_path, export, args):
    ledger = tmp_path / "ledger.sqlite"
    invoke("ingest", export, "--ledger", ledger)
    result = invoke(*args, "--ledger", ledger)
    assert result.exit_code == 2, result.output
    assert "error" in result.output.lower()


def test_a_corrupt_ledger_exits_2_and_is_left_alone(tmp_path, export):
    ledger = tmp_path / "ledger.sqlite"
    ledger.write_bytes(b"\x00garbage" * 100)
    result = invoke("ingest", export, "--ledger", ledger)
    assert result.exit_code == 2
    assert "not a ledger" in result.output
    assert ledger.read_bytes() == b"\x00garbage" * 100


def test_train_evaluate_predict_rules_explain_read_the_ledger(tmp_path, policy_file):
    """train --history data/ledger.sqlite end to end: labelled rows train, pending are scored."""
    table = requests_table(260, seed=5)
    history_csv = tmp_path / "history.csv"
    table.iloc[:240].to_csv(history_csv, index=False)
    pending_csv = tmp_path / "pending.csv"
    table.iloc[240:].drop(columns=["decision", "decided_at"], errors="ignore").to_csv(
        pending_csv, index=False
    )
    ledger = tmp_path / "data" / "ledger.sqlite"
    result = invoke("ingest", history_csv, pending_csv, "--ledger", ledger)
    assert result.exit_code == 0, result.output

    model = tmp_path / "model"
    result = invoke(
        "train", "--policy", policy_file, "--history", ledger, "--model-dir", model, "--no-track"
    )
    assert result.exit_code == 0, result.output
    info = json.loads((model / "info.json").read_text())
    assert info["n_labels"] == 240  # every labelled request of the ledger, none of the pending

    result = invoke("evaluate", "-m", model, "--data", ledger, "--no-track")
    assert result.exit_code == 0, result.output

    predictions = tmp_path / "predictions.csv"
    result = invoke("predict", "-m", model, "--input", ledger, "--output", predictions)
    assert result.exit_code == 0, result.output
    scored = pd.read_csv(predictions, dtype=str)
    assert sorted(scored["request_id"]) == sorted(table["request_id"].iloc[240:])

    rules = tmp_path / "rules.csv"
    result = invoke("rules", "--policy", policy_file, "--input", ledger, "--output", rules)
    assert result.exit_code == 0, result.output
    assert len(pd.read_csv(rules)) == 20

    result = invoke("explain", "-m", model, "--input", ledger, "--id", scored["request_id"][0])
    assert result.exit_code == 0, result.output


def test_predict_on_a_ledger_without_pending_requests_says_so(tmp_path, export, model_dir):
    ledger = tmp_path / "ledger.sqlite"
    invoke("ingest", export, "--ledger", ledger)
    bo = invoke("history", "--out", tmp_path / "p.csv", "--ledger", ledger, "--pending")
    assert bo.exit_code == 0
    rid = pd.read_csv(tmp_path / "p.csv")["request_id"][0]
    invoke("decide", rid, "accept", "--ledger", ledger)
    result = invoke("predict", "-m", model_dir, "--input", ledger, "--output", tmp_path / "o.csv")
    assert result.exit_code == 2
    assert "holds no pending requests" in result.output


def _network_numbers(tmp_path, ledger) -> dict:
    """`network` on the ledger with a small policy; its JSON numbers."""
    policy = tmp_path / "policy.toml"
    policy.write_text('[me]\nindustry = "Retail"\ncountry = "IT"\n', encoding="utf-8")
    numbers = tmp_path / "network.json"
    result = invoke(
        "network", ledger, "--policy", policy, "--out", tmp_path / "n.html", "--json", numbers
    )
    assert result.exit_code == 0, result.output
    return json.loads(numbers.read_text())


def test_the_network_report_reads_the_ledger(tmp_path, export):
    """Connections and incoming requests from the ledger; what it does not keep is named."""
    ledger = tmp_path / "ledger.sqlite"
    invoke("ingest", export, "--ledger", ledger)
    document = _network_numbers(tmp_path, ledger)
    assert document["connections"] == 1  # Ana Sala
    assert document["incoming"]["received"] == 3
    assert document["incoming"]["accepted"] == 1
    assert document["outgoing"]["sent"] is None
    assert "the ledger does not keep this" in " ".join(document["missing"].values())
    assert document["mix"]["own_companies"] is None  # no Company in the ledger: not 0


def test_the_network_from_a_ledger_counts_the_newest_exports_connections(tmp_path, export):
    ledger = tmp_path / "ledger.sqlite"
    invoke("ingest", export, "--ledger", ledger)
    later = write_export(tmp_path / "later", date(2026, 7, 30), [], [])  # Ana removed since
    invoke("ingest", later, "--ledger", ledger)
    document = _network_numbers(tmp_path, ledger)
    assert document["connections"] == 0
    assert document["incoming"]["accepted"] == 1  # her accept still counts among the incoming


def test_ingest_takes_the_date_order_of_a_table(tmp_path):
    table = tmp_path / "mine.csv"
    table.write_text("name,received_at\nEva Moss,04/05/2026\nBo Lind,03/06/2026\n")
    ledger = tmp_path / "ledger.sqlite"
    result = invoke("ingest", table, "--ledger", ledger)
    assert result.exit_code == 2 and "--dayfirst" in result.output
    assert not ledger.exists()
    result = invoke("ingest", table, "--ledger", ledger, "--dayfirst")
    assert result.exit_code == 0, result.output
    out = tmp_path / "h.csv"
    invoke("history", "--out", out, "--ledger", ledger)
    received = pd.read_csv(out).set_index("name")["received_at"]
    assert received["Eva Moss"].startswith("2026-05-04")
