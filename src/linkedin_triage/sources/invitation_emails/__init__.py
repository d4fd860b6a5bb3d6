"""LinkedIn's invitation emails (`.eml`, a folder of them, an `.mbox`) -> sightings.

The package: `mailbox_files` finds mail files and streams their messages as bytes;
`message_parts` decodes one message's headers, date and bodies (any charset,
quoted-printable, base64); `text_cards` and `html_cards` find the invitations an email
shows (one, or several in a digest) in its text and HTML parts, `invitation_card` merges the
two views; `links` tells Accept links from profile links and reads the invitation id;
`email_phrases` holds LinkedIn's fixed wording in six languages; `mail_reading` runs it all.

Every message gives at least one record: a `Sighting` per invitation, `Skipped` for mail
that is not from LinkedIn or not an invitation, `Unparsed` (subject and why) for an
invitation email that cannot be read. Nothing is dropped silently.
"""

from __future__ import annotations

from linkedin_triage.sources.invitation_emails.links import invitation_id, public_profile_url
from linkedin_triage.sources.invitation_emails.mail_reading import (
    NOT_AN_INVITATION,
    NOT_FROM_LINKEDIN,
    read_mail_file,
)
from linkedin_triage.sources.invitation_emails.mailbox_files import looks_like_mail, mail_files

__all__ = [
    "NOT_AN_INVITATION",
    "NOT_FROM_LINKEDIN",
    "invitation_id",
    "looks_like_mail",
    "mail_files",
    "public_profile_url",
    "read_mail_file",
]
