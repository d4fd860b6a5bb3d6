"""An invented LinkedIn data export for the sample's persona, as it would look on a given day.

The world is drawn once from the seed, independent of the export date: the persona's older
network, the requests of the sample (`generate_sample`, the same people as history.csv and
pending.csv) with the decisions drawn there, invitations the persona sent (with or without a
note, accepted more often with one), and conversations (with connections, with acquaintances
never invited, and unanswered InMails from strangers). `export_tables(world, day)` then writes
what LinkedIn would export that day, in the current (2024+) format: who is connected by then,
the invitations of the last six months (ignored ones dropped, as LinkedIn does), the messages
sent so far. Two exports a month apart are therefore two views of one world.

Every person, company and message here is invented.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote, unquote

import numpy as np
import pandas as pd

from linkedin_triage.errors import TriageError
from linkedin_triage.sample import HISTORY_START, REFERENCE_END, generate_sample, get_persona
from linkedin_triage.sample.render import _linkedin_time
from linkedin_triage.sources.linkedin_export.reading import parse_export_dates
from linkedin_triage.storage.output_files import atomic_path

WINDOW_DAYS = 183  # Invitations.csv lists about the last six months
OLDER_NETWORK = 150  # connections made before the sample's requests start
OLDER_START = pd.Timestamp("2016-01-01")
SENT = 120  # invitations the persona sent over the sample's period
ACQUAINTANCES = 30  # people the persona writes to but never invited
TALKING_CONNECTIONS = 40
STRANGERS = 15  # InMails the persona never answered
HIDDEN = 3  # older connections whose accounts are now hidden or closed
KNOWN_ARCHETYPES = ("colleague", "alumni", "prospect", "peer", "competitor")
STRANGER_ARCHETYPES = ("recruiter", "salesperson", "networker")
OTHER_PEOPLE_SEED = 1_000_003  # a separate draw of people, so the sample's stay as they are
ACCEPT_WITH_NOTE, ACCEPT_WITHOUT_NOTE = 0.75, 0.40
CONNECTIONS_PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    "are missing. You will only see email addresses for connections who have allowed their "
    'connections to see or download their email address."\n\n'
)
CONNECTIONS_HEADER = [
    "First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On",
]  # fmt: skip
INVITATIONS_HEADER = [
    "From", "To", "Sent At", "Message", "Direction", "inviterProfileUrl", "inviteeProfileUrl",
]  # fmt: skip
MESSAGES_HEADER = [
    "CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO",
    "RECIPIENT PROFILE URLS", "DATE", "SUBJECT", "CONTENT", "FOLDER", "IS MESSAGE DRAFT",
    "IS CONVERSATION DRAFT",
]  # fmt: skip
PROFILE_HEADER = [
    "First Name", "Last Name", "Maiden Name", "Address", "Birth Date", "Headline", "Summary",
    "Industry", "Zip Code", "Geo Location", "Twitter Handles", "Websites", "Instant Messengers",
]  # fmt: skip
NOTES = (
    "Hi {first}, good to meet you at {event}. Let's stay in touch.",
    "Hello {first}, following up on our call: happy to connect here.",
    "Hi {first}, we worked together years ago; glad to find you here.",
)
MESSAGES = (
    "Hi {first}, thanks for your time today.",
    "Sounds good, talk next week.",
    "Could you send me the slides?",
    "Great to hear from you!",
    "Let me check and come back to you.",
)


@dataclass
class NetworkWorld:
    """Everything that ever happens in the persona's network, with times."""

    owner_name: str
    owner_url: str
    connections: pd.DataFrame  # name, profile_url, company, position, connected_at, hidden
    incoming: pd.DataFrame  # name, profile_url, sent_at, message, ignored_at
    outgoing: pd.DataFrame  # name, profile_url, sent_at, message
    messages: pd.DataFrame  # conversation, sender, sender_url, to, to_url, at, content


def network_world(persona: str = "consultant", seed: int = 7) -> NetworkWorld:
    """Draw the persona's whole network history (deterministic by seed)."""
    chosen = get_persona(persona)
    rng = np.random.default_rng([seed, OTHER_PEOPLE_SEED])
    sample = generate_sample(persona, seed=seed)
    requests = pd.concat([sample.history, sample.pending], ignore_index=True)
    requests["sent_at"] = parse_export_dates(requests["received_at"])
    requests["profile_url"] = profile_urls(requests)
    decided = pd.to_datetime(requests.get("decided_at"))
    accepted = requests["decision"].eq("accept")
    others = _other_people(persona, seed)
    known = others[others["archetype"].isin(KNOWN_ARCHETYPES)].reset_index(drop=True)
    strangers = others[others["archetype"].isin(STRANGER_ARCHETYPES)].head(STRANGERS)
    if len(known) < OLDER_NETWORK + SENT + ACQUAINTANCES:
        raise TriageError(f"persona {persona!r}: too few invented acquaintances drawn")
    older = known.iloc[:OLDER_NETWORK].copy()
    older["connected_at"] = OLDER_START + pd.to_timedelta(
        rng.uniform(0, (_start() - OLDER_START).days, len(older)), unit="D"
    )
    older["hidden"] = False
    older.loc[older.index[rng.choice(len(older), HIDDEN, replace=False)], "hidden"] = True
    invited = known.iloc[OLDER_NETWORK : OLDER_NETWORK + SENT].copy().reset_index(drop=True)
    invited["sent_at"] = _start() + pd.to_timedelta(
        rng.uniform(0, (_end() - _start()).days, SENT), unit="D"
    ).round("min")
    with_note = rng.random(SENT) < 0.45
    first = invited["name"].str.split().str[0]
    invited["message"] = [
        NOTES[i % len(NOTES)].format(first=f, event=chosen.events[i % len(chosen.events)])
        if note
        else ""
        for i, (f, note) in enumerate(zip(first, with_note, strict=True))
    ]
    said_yes = rng.random(SENT) < np.where(with_note, ACCEPT_WITH_NOTE, ACCEPT_WITHOUT_NOTE)
    delay = pd.to_timedelta(np.exp(rng.normal(np.log(2.0), 1.0, SENT)), unit="D")
    invited["connected_at"] = (invited["sent_at"] + delay).where(said_yes)
    from_requests = requests[accepted].assign(connected_at=decided[accepted], hidden=False)
    connections = pd.concat(
        [
            older,
            from_requests.rename(columns={"title": "position"}),
            invited[said_yes].assign(hidden=False),
        ],
        ignore_index=True,
    )
    acquaintances = known.iloc[OLDER_NETWORK + SENT : OLDER_NETWORK + SENT + ACQUAINTANCES]
    talking = connections[~connections["hidden"]].sample(TALKING_CONNECTIONS, random_state=seed)
    owner = chosen.policy.me.name or "Sample Persona"
    owner_url = f"https://www.linkedin.com/in/{_slug(owner)}-{seed:04d}"
    people = pd.concat([talking, acquaintances, invited.head(10)], ignore_index=True)
    messages = _conversations(rng, people, strangers, owner, owner_url)
    incoming = requests.assign(ignored_at=decided.where(requests["decision"].eq("ignore")))
    return NetworkWorld(
        owner_name=owner,
        owner_url=owner_url,
        connections=connections[
            ["name", "profile_url", "company", "position", "connected_at", "hidden"]
        ],
        incoming=incoming[["name", "profile_url", "sent_at", "message", "ignored_at"]],
        outgoing=invited[["name", "profile_url", "sent_at", "message"]],
        messages=messages,
    )


def _start() -> pd.Timestamp:
    return pd.Timestamp(HISTORY_START)


def _end() -> pd.Timestamp:
    return pd.Timestamp(REFERENCE_END)


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "-".join(ascii_name.lower().split()) or "member"


def profile_urls(people: pd.DataFrame) -> list[str]:
    """The sample's profile URLs; a row the sample left without one gets one from its name."""
    return [
        url if isinstance(url, str) else f"https://www.linkedin.com/in/{_slug(name)}-{key}"
        for url, name, key in zip(
            people["profile_url"], people["name"], people["request_id"], strict=True
        )
    ]


def _other_people(persona: str, seed: int) -> pd.DataFrame:
    """People who never sent the persona a request: a separate draw of the same generator."""
    drawn = generate_sample(persona, seed=seed + OTHER_PEOPLE_SEED, n_history=900, n_pending=0)
    people = drawn.history.assign(archetype=drawn.truth["archetype"].to_numpy()[:900])
    people["request_id"] = "o" + people["request_id"].str[1:]
    people["profile_url"] = profile_urls(people)
    return people.rename(columns={"title": "position"})[
        ["name", "profile_url", "company", "position", "archetype"]
    ]


def _conversations(
    rng: np.random.Generator,
    people: pd.DataFrame,
    strangers: pd.DataFrame,
    owner: str,
    owner_url: str,
) -> pd.DataFrame:
    """Conversations: the persona writes in each one with `people`; never with strangers."""
    rows = []
    span = (_end() - _start()).days
    for number, (person, silent) in enumerate(
        [*((p, False) for p in people.itertuples()), *((p, True) for p in strangers.itertuples())]
    ):
        at = _start() + pd.Timedelta(days=float(rng.uniform(0, span)))
        count = 1 if silent else int(rng.integers(2, 6))
        they_start = silent or rng.random() < 0.5
        for turn in range(count):
            theirs = (turn % 2 == 0) == they_start
            sender, sender_url = (person.name, person.profile_url) if theirs else (owner, owner_url)
            to, to_url = (owner, owner_url) if theirs else (person.name, person.profile_url)
            text = MESSAGES[(number + turn) % len(MESSAGES)]
            rows.append(
                {
                    "conversation": f"2-{number:06d}",
                    "sender": sender,
                    "sender_url": sender_url,
                    "to": to,
                    "to_url": to_url,
                    "at": at.floor("s"),
                    "content": text.format(first=str(to).split()[0]),
                }
            )
            at += pd.Timedelta(hours=float(rng.exponential(30)))
    return pd.DataFrame(rows)


# -- the files of one export day --------------------------------------------------------------------
def csv_text(header: list[str], rows: list[list[str]]) -> str:
    """A CSV file's text as LinkedIn writes it: UTF-8, LF line endings, minimal quoting."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _cell(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def export_tables(world: NetworkWorld, export_date: date) -> dict[str, str]:
    """File name -> CSV text of the export made on `export_date` (end of that day)."""
    end = pd.Timestamp(export_date) + pd.Timedelta(days=1)
    start = end - pd.Timedelta(days=WINDOW_DAYS)
    people = world.connections[world.connections["connected_at"] < end]
    people = people.sort_values("connected_at", ascending=False, kind="stable")
    connections = []
    for row in people.itertuples():
        day = row.connected_at.strftime("%d %b %Y")
        if row.hidden:
            connections.append(["", "", "", "", "", "", day])
            continue
        first, _, last = str(row.name).partition(" ")
        url = quote(unquote(row.profile_url), safe=":/-")  # Connections.csv percent-encodes
        position = _cell(row.position)
        connections.append([first, last, url, "", _cell(row.company), position, day])
    invitations = []
    incoming = world.incoming[
        (world.incoming["sent_at"] >= start)
        & (world.incoming["sent_at"] < end)
        & ~(world.incoming["ignored_at"] < end)  # LinkedIn drops an invitation once ignored
    ]
    for row in incoming.itertuples():
        who = [row.name, world.owner_name, _cell(row.message), "INCOMING"]
        invitations.append((row.sent_at, who, unquote(row.profile_url), world.owner_url))
    outgoing = world.outgoing[
        (world.outgoing["sent_at"] >= start) & (world.outgoing["sent_at"] < end)
    ]
    for row in outgoing.itertuples():
        who = [world.owner_name, row.name, row.message, "OUTGOING"]
        invitations.append((row.sent_at, who, world.owner_url, unquote(row.profile_url)))
    invitations.sort(key=lambda item: item[0], reverse=True)
    messages = world.messages[world.messages["at"] < end].sort_values("at", ascending=False)
    owner_first, _, owner_last = world.owner_name.partition(" ")
    return {
        "Connections.csv": CONNECTIONS_PREAMBLE + csv_text(CONNECTIONS_HEADER, connections),
        "Invitations.csv": csv_text(
            INVITATIONS_HEADER,
            [
                [who, to, _linkedin_time(np.datetime64(when)), note, way, inviter, invitee]
                for when, (who, to, note, way), inviter, invitee in invitations
            ],
        ),
        "messages.csv": csv_text(
            MESSAGES_HEADER,
            [
                [
                    m.conversation,
                    "",
                    m.sender,
                    m.sender_url,
                    m.to,
                    m.to_url,
                    m.at.strftime("%Y-%m-%d %H:%M:%S UTC"),
                    "",
                    m.content,
                    "INBOX",
                    "No",
                    "No",
                ]
                for m in messages.itertuples()
            ],
        ),
        "Profile.csv": csv_text(PROFILE_HEADER, [[owner_first, owner_last] + [""] * 11]),
    }


def export_folder_name(export_date: date) -> str:
    """`Basic_LinkedInDataExport_MM-DD-YYYY`, as LinkedIn names the archive."""
    return f"Basic_LinkedInDataExport_{export_date:%m-%d-%Y}"


def write_export(
    out_dir: Path,
    export_date: date | None = None,
    seed: int = 7,
    persona: str = "consultant",
) -> Path:
    """Write the export of `export_date` (default: the sample's last day) under `out_dir`.

    Returns:
        The export folder (`out_dir/Basic_LinkedInDataExport_MM-DD-YYYY`); each file in it
        appears whole or not at all.
    """
    day = export_date or (_end() - timedelta(days=1)).date()
    folder = Path(out_dir) / export_folder_name(day)
    for name, text in export_tables(network_world(persona, seed), day).items():
        with atomic_path(folder / name) as temporary:
            temporary.write_text(text, encoding="utf-8", newline="")
    return folder
