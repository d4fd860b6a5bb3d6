"""The sample persona's invitation emails, as a mail program would have kept them.

One email per request of the sample (history and pending): the inviter's name, the headline
and location of their profile, their note, and LinkedIn's links (the profile link names the
same person as the sample's export, so the ledger matches the two). The email's language
follows the inviter's country, as LinkedIn writes in its member's interface language.
Every person here is invented.
"""

from __future__ import annotations

from datetime import UTC, date
from pathlib import Path

import pandas as pd

from linkedin_triage.sample import generate_sample, get_persona
from linkedin_triage.sample.export_files import profile_urls
from linkedin_triage.sample.invitation_mail import Invitation, Person, invitation_email, mbox_bytes
from linkedin_triage.sources.linkedin_export.reading import parse_export_dates
from linkedin_triage.storage.output_files import atomic_path

LANGUAGE_OF = {"IT": "it", "ES": "es", "FR": "fr", "DE": "de", "AT": "de", "CH": "de", "PT": "pt",
               "BR": "pt"}  # fmt: skip


def _headline(row: pd.Series) -> str:
    """The profile's headline; where the sample left it out, `Title at Company` (as LinkedIn
    shows a profile without a headline of its own)."""
    if isinstance(row["headline"], str) and row["headline"]:
        return str(row["headline"])
    title = row["title"] if isinstance(row["title"], str) else "Member"
    return f"{title} at {row['company']}" if isinstance(row["company"], str) else title


def invitation_emails(
    persona: str = "consultant", seed: int = 7, until: date | None = None
) -> list[bytes]:
    """The persona's invitation emails, oldest first (those received before `until`)."""
    sample = generate_sample(persona, seed=seed)
    requests = pd.concat([sample.history, sample.pending], ignore_index=True)
    requests["sent_at"] = parse_export_dates(requests["received_at"])
    requests["profile_url"] = profile_urls(requests)
    if until is not None:
        requests = requests[requests["sent_at"] < pd.Timestamp(until)]
    recipient = (get_persona(persona).policy.me.name or "there").split()[0]
    emails = []
    for position, row in requests.sort_values("sent_at").iterrows():
        slug = str(row["profile_url"]).rstrip("/").rsplit("/", 1)[-1]
        person = Person(
            name=str(row["name"]),
            headline=_headline(row),
            location=str(row["location"]) if isinstance(row["location"], str) else "",
            slug=slug,
            invitation_id=f"7{seed:03d}{int(position):015d}",
        )
        note = row["message"] if isinstance(row["message"], str) and row["message"] else None
        language = LANGUAGE_OF.get(str(row["country"]), "en")
        when = row["sent_at"].to_pydatetime().replace(tzinfo=UTC)
        emails.append(
            invitation_email(
                Invitation(person, recipient=recipient, note=note, language=language, when=when)
            )
        )
    return emails


def write_invitation_mbox(
    path: Path, persona: str = "consultant", seed: int = 7, until: date | None = None
) -> Path:
    """Write the persona's invitation emails into one mbox file (atomically)."""
    with atomic_path(Path(path)) as temporary:
        temporary.write_bytes(mbox_bytes(invitation_emails(persona, seed, until)))
    return Path(path)
