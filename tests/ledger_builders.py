"""Invented LinkedIn exports and requests tables, written in code for the ledger tests."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

OWNER = "Nora Valdemar"
OWNER_URL = "https://www.linkedin.com/in/nora-valdemar-0a0a0a"


@dataclass(frozen=True)
class Invite:
    """An INCOMING invitation as Invitations.csv shows it."""

    name: str
    sent: datetime
    url: str | None = None
    message: str = ""


@dataclass(frozen=True)
class Connection:
    first: str
    last: str
    on: date
    url: str | None = None


def url(slug: str) -> str:
    return f"https://www.linkedin.com/in/{slug}"


def sent_at(moment: datetime) -> str:
    """LinkedIn's `M/D/YY, h:mm AM` form."""
    hour = moment.hour % 12 or 12
    half = "AM" if moment.hour < 12 else "PM"
    return f"{moment.month}/{moment.day}/{moment.strftime('%y')}, {hour}:{moment.minute:02d} {half}"


def write_export(
    folder: Path,
    exported: date,
    invites: Sequence[Invite],
    connections: Sequence[Connection] = (),
) -> Path:
    """An unzipped 2024-format export named with its date, as LinkedIn names it."""
    root = folder / f"Complete_LinkedInDataExport_{exported.strftime('%m-%d-%Y')}"
    root.mkdir(parents=True)
    with (root / "Invitations.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["From", "To", "Sent At", "Message", "Direction", "inviterProfileUrl",
             "inviteeProfileUrl"]
        )  # fmt: skip
        for invite in invites:
            writer.writerow(
                [invite.name, OWNER, sent_at(invite.sent), invite.message, "INCOMING",
                 invite.url or "", OWNER_URL]
            )  # fmt: skip
    with (root / "Connections.csv").open("w", newline="", encoding="utf-8") as handle:
        handle.write(
            'Notes:\n"When exporting your connection data, some email addresses may be '
            'missing."\n\n'
        )
        writer = csv.writer(handle)
        writer.writerow(
            ["First Name", "Last Name", "URL", "Email Address", "Company", "Position",
             "Connected On"]
        )  # fmt: skip
        for c in connections:
            writer.writerow([c.first, c.last, c.url or "", "", "", "", c.on.strftime("%d %b %Y")])
    return root


def write_table(path: Path, rows: Sequence[dict[str, object]]) -> Path:
    columns: list[str] = []
    for row in rows:
        columns += [c for c in row if c not in columns]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return path
