"""A killed ingest: the ledger opens afterwards with exactly its previous content."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from ledger_builders import Connection, Invite, url, write_export
from linkedin_triage.ledger.history import build_history
from linkedin_triage.ledger.ingest import ingest
from linkedin_triage.ledger.store import Ledger

TESTS = Path(__file__).parent


def test_sigkill_in_the_middle_of_an_ingest_leaves_the_previous_content(tmp_path):
    ledger_path = tmp_path / "ledger.sqlite"
    first = write_export(
        tmp_path / "june",
        date(2026, 6, 30),
        [Invite("Ana Sala", datetime(2026, 5, 1, 10), url("ana-sala"))],
        [Connection("Ana", "Sala", date(2026, 5, 3), url("ana-sala"))],
    )
    ingest([first], ledger_path)
    with Ledger.open(ledger_path) as ledger:
        before = build_history(ledger).frame
    second = write_export(
        tmp_path / "july",
        date(2026, 7, 30),
        [Invite(f"Person {i}", datetime(2026, 7, 1, 9), url(f"person-{i}")) for i in range(200)],
        [Connection("Person", "7", date(2026, 7, 2), url("person-7"))],
    )
    # The child records every sighting, then dies with SIGKILL (no cleanup can run) just
    # before the connections: the middle of the transaction.
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        sys.path.insert(0, {str(TESTS)!r})
        from pathlib import Path
        from linkedin_triage.ledger import recording
        from linkedin_triage.ledger.ingest import ingest

        def die(self, *args, **kwargs):
            self.db.execute("SELECT 1")  # the sightings are written, not committed
            os.kill(os.getpid(), signal.SIGKILL)

        recording.Recorder.connections = die
        ingest([Path({str(second)!r})], Path({str(ledger_path)!r}))
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=300)
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()
    with Ledger.open(ledger_path) as ledger:
        assert ledger.scalar("PRAGMA integrity_check") == "ok"
        after = build_history(ledger).frame
        sources = ledger.scalar("SELECT COUNT(*) FROM sources")
    pd.testing.assert_frame_equal(after, before)
    assert sources == 1
    # and the interrupted source can be ingested for real afterwards
    assert ingest([second], ledger_path).counts["new_requests"] == 200
