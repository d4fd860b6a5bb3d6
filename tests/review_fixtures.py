"""A small invented ledger and model, and the real `review` command serving them, for tests.

The server runs as a real process (`python -m linkedin_triage review ... --port 0
--no-browser`), exactly as a user starts it: tests read the link it prints and talk to it
over the loopback interface.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from frames import POLICY, normalised, requests_table
from linkedin_triage.ledger.history import build_history
from linkedin_triage.ledger.ingest import ingest
from linkedin_triage.ledger.store import Ledger
from linkedin_triage.policy import policy_from_dict

LINK = re.compile(r"^http://127\.0\.0\.1:(\d+)/\?token=([A-Za-z0-9_-]+)$")
HOSTILE_NAME = "<img src=x onerror=alert(1)>"
HOSTILE_ID = 'x" onmouseover="alert(5)'
HOSTILE_ROWS = [
    {
        "request_id": "hostile-1",
        "name": HOSTILE_NAME,
        "headline": "<script>alert(2)</script> Head of IT",
        "message": '"><svg onload=alert(3)> let us connect',
        "profile_url": "javascript:alert(4)",
    },
    {"request_id": HOSTILE_ID, "name": "Quote Example", "profile_url": ""},
]


def write_ledger(folder: Path, pending: int = 24, labelled: int = 40) -> Path:
    """An invented ledger: `labelled` decided requests (2025) and `pending` open ones."""
    old = requests_table(labelled, seed=31, start="2025-01-01")
    old["decided_at"] = (pd.to_datetime(old["received_at"]) + pd.Timedelta(hours=5)).dt.strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    new = requests_table(pending, seed=32, start="2026-11-01", labelled=False)
    hostile = pd.DataFrame(HOSTILE_ROWS).assign(received_at="2026-11-20T10:00:00Z")
    table = pd.concat([old, new, hostile], ignore_index=True)
    path = folder / "requests.csv"
    table.to_csv(path, index=False)
    ledger = folder / "ledger.sqlite"
    ingest([path], ledger)
    return ledger


def model_folder(folder: Path) -> Path:
    """A small trained model that decides some requests alone (an 80% precision target)."""
    from linkedin_triage.learning.triage_model import fit_model
    from linkedin_triage.storage.model_saving import save_bundle

    policy = policy_from_dict({**POLICY, "decisions": {"target_precision": 0.8}})
    frame = normalised(requests_table(400, seed=21), folder, "history.csv")
    model, _ = fit_model(frame, policy, seed=0, candidates=("logistic_strong",))
    assert model.mode == "model" and model.thresholds.accept < 1 and model.thresholds.ignore > 0
    return save_bundle(folder / "model", model, policy, {"mode": model.mode})


def user_decisions(ledger: Path) -> dict[str, str]:
    """request_id -> decision, for the requests the user decided (as history shows them)."""
    with Ledger.open(ledger) as opened:
        frame = build_history(opened).frame
    mine = frame[frame["label_source"] == "user"]
    return dict(zip(mine["request_id"], mine["decision"], strict=True))


def pending_ids(ledger: Path) -> set[str]:
    with Ledger.open(ledger) as opened:
        return set(build_history(opened, which="pending").frame["request_id"])


@dataclass
class Running:
    """A running `review` process and what it printed."""

    process: subprocess.Popen[str]
    port: int
    token: str
    printed: list[str]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/?token={self.token}"

    def request(
        self,
        method: str,
        path: str,
        body: object | None = None,
        headers: dict[str, str] | None = None,
        host: str | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        """One HTTP request over loopback, with exactly the headers given (and Host).

        A header given as "" is left out (so is Content-Type, set for a body by default).
        """
        # A bound for a hung server, not a speed check: busy shared cores can be slow.
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        data = None
        sent = dict(headers or {})
        if body is not None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            sent.setdefault("Content-Type", "application/json")
            sent["Content-Length"] = str(len(data))
        sent["Host"] = f"127.0.0.1:{self.port}" if host is None else host
        sent = {k: v for k, v in sent.items() if v or k == "Host"}  # "" = leave the header out
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for key, value in sent.items():
            connection.putheader(key, value)
        connection.endheaders(data)
        response = connection.getresponse()
        payload = response.read()
        connection.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, payload

    def post(self, path: str, body: object, **headers: str) -> tuple[int, dict[str, object]]:
        sent = {"X-Token": self.token, **{k.replace("_", "-"): v for k, v in headers.items()}}
        status, _, payload = self.request("POST", path, body, sent)
        return status, json.loads(payload) if payload.startswith(b"{") else {}

    def stop(self, how: int = signal.SIGTERM) -> tuple[int, str]:
        """Send `how`, wait for the process to end; (exit code, the rest of its output)."""
        self.process.send_signal(how)
        rest, _ = self.process.communicate(timeout=600)
        return self.process.returncode, rest


@contextmanager
def review_server(ledger: Path, model_dir: Path, *extra: str) -> Iterator[Running]:
    """Start `linkedin-triage review` on a free port; stop it (SIGTERM) when done."""
    process = subprocess.Popen(
        [sys.executable, "-m", "linkedin_triage", "review", "--ledger", str(ledger),
         "--model-dir", str(model_dir), "--port", "0", "--no-browser", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        # No PYTHONUNBUFFERED: the command itself must flush the link into the pipe.
        env={k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"},
    )  # fmt: skip
    assert process.stdout is not None
    printed: list[str] = []
    for line in process.stdout:
        printed.append(line.rstrip("\n"))
        found = LINK.match(printed[-1])
        if found:
            running = Running(process, int(found.group(1)), found.group(2), printed)
            break
    else:
        process.wait()
        raise AssertionError("review printed no link:\n" + "\n".join(printed))
    try:
        yield running
    finally:
        if process.poll() is None:
            process.terminate()
            process.communicate(timeout=600)
