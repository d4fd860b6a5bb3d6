"""Invented LinkedIn emails built with the standard library's `email` package.

The layouts follow the invitation emails documented in docs/sources.md (2015, 2016 on, the
2016 reminder, digests), as LinkedIn sends them: multipart/alternative with a
quoted-printable text part and an HTML part of nested tables with inline styles. Every
person, company, address and id here is invented. `benchmarks/email_reading.py` builds its
20,000-email mbox with these functions too.
"""

from __future__ import annotations

import base64
import hashlib
import quopri
from dataclasses import dataclass, field
from datetime import datetime
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime
from html import escape

WHEN = datetime.fromisoformat("2026-02-03T09:15:00+01:00")
STYLE = "-webkit-text-size-adjust:100%;mso-table-rspace:0pt;mso-table-lspace:0pt;-ms-text-size-adjust:100%;"


@dataclass(frozen=True)
class Person:
    """An invented inviter."""

    name: str
    headline: str
    location: str = "Milan, Lombardy, Italy"
    slug: str = ""
    invitation_id: str = "7012345678901234567"
    mutual: str | None = None  # e.g. "Marco Bianchi and 11 other mutual connections"

    @property
    def accept_link(self) -> str:
        return (
            "https://www.linkedin.com/comm/people/invite-accept?mboxid=I70123_500&sharedKey=Xy12Ab34"
            f"&fr=false&invitationId={self.invitation_id}&fe=true&midToken=AQEinvented"
            "&trk=eml-email_m2m_invite_single_01-hero-0-accept%7Ecta"
        )

    @property
    def profile_link(self) -> str:
        if self.slug:
            return f"https://www.linkedin.com/comm/in/{self.slug}?midToken=AQEinvented&trk=eml-prof"
        return (
            "https://www.linkedin.com/comm/profile/view?id=AAsAAAInventedMemberId0000"
            f"&authType=name&authToken=abcd&invAcpt=2197625_I{self.invitation_id}_500"
            "&midToken=AQEinvented&trk=eml-email_m2m_invite_single_01-hero-3-prof%7Ecta"
        )


@dataclass(frozen=True)
class Wording:
    """A language's fixed words of the email (documented in docs/sources.md)."""

    subject: str
    greeting: str
    default: str
    view_profile: str
    accept: str
    footer: str = "You are receiving Invitation emails."


WORDINGS = {
    "en": Wording(
        "{you}, please add me to your LinkedIn network",
        "Hi {you},",
        "I'd like to join your LinkedIn network.",
        "View profile",
        "Accept",
    ),
    "es": Wording(
        "{you}, me gustaría añadirte a mi red",
        "Hola {you},",
        "Me gustaría añadirte a mi red profesional en LinkedIn.",
        "Ver perfil",
        "Aceptar",
        "Has recibido una invitación a conectar.",
    ),
    "fr": Wording(
        "{you}, je souhaiterais faire partie de votre réseau",
        "Bonjour {you},",
        "Je souhaiterais faire partie de votre réseau LinkedIn.",
        "Voir le profil",
        "Accepter",
        "Vous avez reçu des e-mails d'invitation.",
    ),
    "de": Wording(
        "{you}, ich möchte mich mit Ihnen vernetzen",
        "Hallo {you},",
        "Ich möchte mich gerne mit Ihnen auf LinkedIn vernetzen.",
        "Profil anzeigen",
        "Annehmen",
        "Sie haben Einladungs-E-Mails erhalten.",
    ),
    "it": Wording(
        "Voglio collegarmi",
        "Ciao {you},",
        "Vorrei aggiungerti alla mia rete professionale su LinkedIn.",
        "Visualizza profilo",
        "Accetta",
        "Hai ricevuto e-mail di invito.",
    ),
    "pt": Wording(
        "{you}, quero me conectar",
        "Olá {you},",
        "Gostaria de adicioná-lo à minha rede profissional no LinkedIn.",
        "Ver perfil",
        "Aceitar",
        "Você recebeu e-mails de convite.",
    ),
}


@dataclass(frozen=True)
class Invitation:
    """One invitation email's settings."""

    person: Person
    recipient: str = "Giulia"
    note: str | None = None
    language: str = "en"
    when: datetime = WHEN
    via: bool = True  # the 2019-on sender "Name via LinkedIn"
    charset: str = "utf-8"
    transfer: str = "quoted-printable"  # or "base64", "8bit"
    extra_headers: dict[str, str] = field(default_factory=dict)
    # Extra rows of the footer's nested tables: real 2016 emails run to about 50 KB, mostly
    # inline styles; the benchmark pads its emails to that size with these.
    footer_rows: int = 0


def _boundary(key: str, when: datetime) -> str:
    """A MIME boundary made from the email's own content: the same email, the same bytes
    (the email package would draw a random one)."""
    digest = hashlib.sha256(f"{key}|{when.isoformat()}".encode()).hexdigest()[:24]
    return f"----=_Part_{digest}"


def _text_part(body: str, charset: str, transfer: str, subtype: str) -> Message:
    """A text part encoded as asked: quoted-printable (76-column soft breaks), base64, 8bit."""
    raw = body.encode(charset)
    part = Message()
    part["Content-Type"] = f'text/{subtype}; charset="{charset}"'
    part["Content-Transfer-Encoding"] = transfer
    if transfer == "quoted-printable":
        part.set_payload(quopri.encodestring(raw).decode("ascii"))
    elif transfer == "base64":
        part.set_payload(base64.encodebytes(raw).decode("ascii"))
    else:  # 8bit: the bytes as they are (surrogates are how the email package carries them)
        part.set_payload(raw.decode("ascii", "surrogateescape"))
    return part


def _headers(message: Message, sender: str, subject: str, when: datetime, recipient: str) -> None:
    message["From"] = sender
    message["To"] = f"{recipient} Conti <giulia.conti@example.org>"
    message["Subject"] = subject
    message["Date"] = format_datetime(when)
    digest = hashlib.sha256(f"{sender}|{subject}|{when}".encode()).hexdigest()[:16]
    message["Message-ID"] = f"<{digest}.JavaMail.app@example.invalid>"


def invitation_text(inv: Invitation) -> str:
    """The text part of the 2016-on layout."""
    words = WORDINGS[inv.language]
    opening = inv.note if inv.note is not None else words.default
    p = inv.person
    lines = [words.greeting.format(you=inv.recipient), "", opening, "", p.name, p.headline]
    if p.mutual:
        lines.append(p.mutual)
    lines += [
        "",
        f"{words.view_profile}: {p.profile_link}",
        "",
        f"{words.accept}: {p.accept_link}",
        "",
        ".....................................",
        "",
        "Unsubscribe: https://www.linkedin.com/e/v2?e=invented&t=lun&midToken=AQEinvented",
        "Help: https://www.linkedin.com/e/v2?e=invented&a=customerServiceUrl",
        "",
        words.footer,
        f"This email was intended for {inv.recipient} Conti (IT consultant at Example Srl).",
        "© 2026 LinkedIn Corporation, 1000 West Maude Avenue, Sunnyvale, CA 94085.",
    ]
    return "\n".join(lines) + "\n"


def _table(inner: str, extra: str = "") -> str:
    return (
        f'<table border="0" cellspacing="0" cellpadding="0" width="100%" style="{STYLE}{extra}">'
        f'<tbody><tr><td style="{STYLE}">{inner}</td></tr></tbody></table>'
    )


def _button(href: str, label: str, primary: bool) -> str:
    colour = "#FFFFFF" if primary else "#4C4C4C"
    background = "background-color:#008CC9;" if primary else "border-color:#737373;"
    return (
        f'<span style="display:inline-block;margin-top:12px;"><a href="{escape(href)}" '
        f'target="_blank" style="cursor:pointer;color:{colour};{STYLE}display:block;'
        f'text-decoration:none;"><table border="0" cellspacing="0" cellpadding="0" '
        f'style="{STYLE}"><tbody><tr><td style="padding:6px 16px;{background}{STYLE}'
        f'border-radius:2px;border-width:1px;border-style:solid;"><a href="{escape(href)}" '
        f'target="_blank" style="color:{colour};{STYLE}display:inline-block;'
        f'text-decoration:none;">{escape(label)}</a></td></tr></tbody></table></a></span>'
    )


def _hero(p: Person, words: Wording) -> str:
    name = (
        f'<a href="{escape(p.profile_link)}" style="cursor:pointer;color:#008CC9;{STYLE}'
        f'display:inline-block;text-decoration:none;"><span style="word-wrap:break-word;'
        f'color:#262626;font-weight:700;font-size:16px;line-height:1.5;">{escape(p.name)}'
        "</span></a>"
    )
    lines = (
        f'<p style="margin:0;color:#737373;font-weight:400;font-size:14px;">{escape(p.headline)}</p>'
        f'<p style="margin:0;color:#737373;font-weight:400;font-size:14px;">{escape(p.location)}</p>'
    )
    if p.mutual:
        lines += f'<p style="margin:0;color:#737373;font-size:12px;">{escape(p.mutual)}</p>'
    photo = (
        f'<a href="{escape(p.profile_link)}" style="{STYLE}"><img src="https://media.example.invalid/'
        'p/1/000/000/photo.jpg" alt="" height="70" width="70" style="border-radius:50%;outline:none;">'
        "</a>"
    )
    buttons = _button(p.accept_link, words.accept, True) + _button(
        p.profile_link, words.view_profile, False
    )
    return _table(
        f'<table border="0" cellspacing="0" cellpadding="0" width="100%" style="{STYLE}"><tbody>'
        f'<tr><td valign="top" style="padding:0 15px 0 0;{STYLE}">{photo}</td>'
        f'<td valign="top" width="100%" style="{STYLE}">{name} {lines}</td></tr></tbody></table>'
        f'<table border="0" cellspacing="0" cellpadding="0" style="{STYLE}"><tbody><tr>'
        f'<td dir="rtl" align="left" style="{STYLE}direction:rtl !important;">{buttons}</td>'
        "</tr></tbody></table>"
    )


def _footer_rows(count: int) -> str:
    row = (
        f'<tr><td align="center" style="padding:0 0 8px 0;{STYLE}font-size:12px;color:#999999;">'
        f'<table border="0" cellspacing="0" cellpadding="0" width="100%" style="{STYLE}"><tbody>'
        f'<tr><td style="{STYLE}"><a href="https://www.linkedin.com/e/v2?e=invented&a=footer&li='
        '{i}" style="color:#737373;text-decoration:underline;"><span style="color:#737373;'
        'font-size:12px;line-height:1.333;">Learn more</span></a></td></tr></tbody></table>'
        "</td></tr>"
    )
    return "".join(row.replace("{i}", str(i)) for i in range(count))


def _page(recipient: str, body: str, preheader: str, words: Wording, footer_rows: int = 0) -> str:
    head = (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd"><html lang="en"><head>'
        '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
        '<meta name="viewport" content="width=device-width"><title></title>'
        '<style type="text/css">@media only screen and (max-width:32em) { .email-container '
        "{ width:100% !important; } } body {font-family: 'Helvetica Neue', Helvetica, Arial, "
        "sans-serif;}</style></head>"
    )
    header = (
        '<td bgcolor="#F6F8FA" style="padding:12px;border-bottom:1px solid #ECECEC;">'
        '<a href="https://www.linkedin.com/comm/nhome/?midToken=AQEinvented" style="'
        f'{STYLE}"><img alt="LinkedIn" src="https://static.example.invalid/logo.png" height="34" '
        'width="40"></a><a href="https://www.linkedin.com/comm/profile/view?id=AAsAAARecipient'
        f'&midToken=AQEinvented&trk=eml-header-6-profile" style="{STYLE}"><span style="color:'
        f'#4C4C4C;font-size:14px;">{escape(recipient)} Conti</span></a></td>'
    )
    footer = (
        '<table border="0" cellspacing="0" cellpadding="0" width="100%" bgcolor="#EDF0F3" '
        f'style="{STYLE}text-align:center;"><tbody><tr><td align="center" style="padding:16px 0;">'
        '<a href="https://www.linkedin.com/e/v2?e=invented&t=lun" style="color:#737373;">'
        '<span style="font-size:12px;">Unsubscribe</span></a>&nbsp;&nbsp;|&nbsp;&nbsp;'
        '<a href="https://www.linkedin.com/e/v2?e=invented&a=help" style="color:#737373;">'
        '<span style="font-size:12px;">Help</span></a></td></tr><tr><td style="padding:0 0 8px 0;'
        f'font-size:12px;color:#999999;">{escape(words.footer)}</td></tr><tr><td style="font-size:'
        f'12px;color:#999999;">This email was intended for {escape(recipient)} Conti. © 2026 '
        "LinkedIn Corporation, 1000 West Maude Avenue, Sunnyvale, CA 94085.</td></tr>"
        f"{_footer_rows(footer_rows)}</tbody></table>"
    )
    hidden = (
        '<div style="overflow:hidden;color:transparent;visibility:hidden;mso-hide:all;width:0;'
        f'font-size:0;opacity:0;height:0;"> {escape(preheader)} </div>'
    )
    return (
        f'{head}<body style="padding:0;margin:0 auto;{STYLE}">{hidden}'
        f'<table align="center" border="0" cellspacing="0" cellpadding="0" width="100%" '
        f'bgcolor="#EDF0F3" style="{STYLE}"><tbody><tr><td align="center"><center>'
        f'<table border="0" class="email-container" cellspacing="0" cellpadding="0" width="512" '
        f'bgcolor="#FFFFFF" style="{STYLE}max-width:512px;"><tbody><tr>{header}</tr>'
        f'<tr><td style="padding:24px 24px 36px 24px;{STYLE}">{body}</td></tr>'
        f"<tr><td>{footer}</td></tr></tbody></table></center></td></tr></tbody></table>"
        "</body></html>"
    )


def invitation_html(inv: Invitation) -> str:
    """The HTML part of the 2016-on layout: greeting or note, then the inviter's card."""
    words = WORDINGS[inv.language]
    greeting = words.greeting.format(you=inv.recipient)
    opening = escape(f"{greeting} {words.default}" if inv.note is None else inv.note)
    body = _table(
        '<p style="margin:0;color:#4C4C4C;font-weight:400;font-size:16px;line-height:1.5;">'
        f"{opening.replace(chr(10), '<br>')}</p>"
    ) + _hero(inv.person, words)
    return _page(inv.recipient, body, f"{greeting} {words.default}", words, inv.footer_rows)


def invitation_email(inv: Invitation) -> bytes:
    """A whole 2016-on invitation email: multipart/alternative, text then HTML."""
    words = WORDINGS[inv.language]
    message = MIMEMultipart("alternative", boundary=_boundary(inv.person.invitation_id, inv.when))
    sender = f"{inv.person.name} via LinkedIn" if inv.via else inv.person.name
    _headers(
        message,
        f"{_quoted(sender, inv.charset)} <invitations@linkedin.com>",
        _encoded(words.subject.format(you=inv.recipient), inv.charset),
        inv.when,
        inv.recipient,
    )
    for name, value in inv.extra_headers.items():
        message[name] = value
    message.attach(_text_part(invitation_text(inv), inv.charset, inv.transfer, "plain"))
    message.attach(_text_part(invitation_html(inv), inv.charset, inv.transfer, "html"))
    return message.as_bytes()


def _quoted(text: str, charset: str) -> str:
    return _encoded(text, charset) if not text.isascii() else f'"{text}"'


def _encoded(text: str, charset: str) -> str:
    from email.header import Header

    return text if text.isascii() else Header(text, charset).encode()


def invitation_2015(person: Person, recipient: str = "Giulia", when: datetime = WHEN) -> bytes:
    """The 2015 layout: `I'd like to connect with you on LinkedIn.`, Accept, `View X's profile`."""
    text = "\n".join(
        [
            f"Hi {recipient},",
            "I'd like to connect with you on LinkedIn.",
            "",
            person.name,
            person.headline,
            "",
            f"Accept: {person.accept_link}",
            "",
            f"View {person.name}'s profile: {person.profile_link}",
            "",
            "You are receiving Invitation emails. Unsubscribe here: "
            "https://www.linkedin.com/e/v2?e=invented&t=lun",
        ]
    )
    message = MIMEMultipart("alternative", boundary=_boundary(person.invitation_id, when))
    _headers(
        message,
        f'"{person.name}" <invitations@linkedin.com>',
        "Invitation to connect on LinkedIn",
        when,
        recipient,
    )
    message.attach(_text_part(text, "utf-8", "quoted-printable", "plain"))
    return message.as_bytes()


def reminder_2016(
    person: Person, recipient: str = "Giulia", note: str | None = None, when: datetime = WHEN
) -> bytes:
    """The 2016 reminder: the inviter named in a sentence, links, then the note (or default)."""
    p = person
    redirect = "https://www.linkedin.com/e/v2?e=invented&t=ssuw&ek=second_guest_reminder_01"
    text = "\n".join(
        [
            f"Hi {recipient},",
            "",
            f"{p.name} would like to connect on LinkedIn. How would you like to respond?",
            "",
            f"Accept: {redirect}&li=70&m=hero&ts=accept_text&sharedKey=Zz9&invitationId={p.invitation_id}",
            "",
            f"View {escape(p.name)}&#39;s profile: {redirect}&li=3&m=hero&ts=profile_text"
            f"&sharedKey=Zz9&invitationId={p.invitation_id}",
            "",
            note or "Me gustaría añadirte a mi red profesional en LinkedIn.",
            "",
            "Has recibido una invitación a conectar. Puedes darte de baja aquí: "
            "https://www.linkedin.com/e/v2?e=invented&t=lun",
        ]
    )
    message = MIMEMultipart("alternative", boundary=_boundary(p.invitation_id, when))
    _headers(
        message, f'"{p.name}" <invitations@linkedin.com>', "Invitation reminder", when, recipient
    )
    message.attach(_text_part(text, "utf-8", "quoted-printable", "plain"))
    return message.as_bytes()


def digest_email(people: list[Person], recipient: str = "Giulia", when: datetime = WHEN) -> bytes:
    """A reminder listing several pending invitations (no notes), text and HTML."""
    words = WORDINGS["en"]
    text_lines = [f"Hi {recipient}, you have {len(people)} pending invitations", ""]
    cards = ""
    for p in people:
        text_lines += [p.name, p.headline] + ([p.mutual] if p.mutual else [])
        text_lines += [f"Accept: {p.accept_link}", f"View profile: {p.profile_link}", ""]
        cards += _hero(p, words)
    text_lines.append(
        "See all invitations: https://www.linkedin.com/comm/mynetwork/invitation-manager/"
    )
    heading = _table(
        f'<p style="margin:0;font-size:16px;">Hi {escape(recipient)}, you have {len(people)} '
        "pending invitations</p>"
    )
    ids = "-".join(p.invitation_id for p in people)
    message = MIMEMultipart("alternative", boundary=_boundary(ids, when))
    _headers(
        message,
        "LinkedIn <invitations@linkedin.com>",
        f"{recipient}, you have {len(people)} pending invitations",
        when,
        recipient,
    )
    message.attach(_text_part("\n".join(text_lines), "utf-8", "quoted-printable", "plain"))
    message.attach(
        _text_part(
            _page(recipient, heading + cards, "", words), "utf-8", "quoted-printable", "html"
        )
    )
    return message.as_bytes()


def plain_email(sender: str, subject: str, body: str, when: datetime = WHEN) -> bytes:
    """A one-part email (a newsletter, a note from a friend, an accepted invitation)."""
    message = MIMEText(body, "plain", "utf-8")
    _headers(message, sender, subject, when, "Giulia")
    return message.as_bytes()


def mbox_bytes(messages: list[bytes]) -> bytes:
    """Messages as one mbox file (a `From ` line before each, `>From` escaping in bodies)."""
    out = bytearray()
    for data in messages:
        out += b"From invitations@linkedin.com Tue Feb 03 09:15:00 2026\n"
        for line in data.replace(b"\r\n", b"\n").split(b"\n"):
            out += (b">" + line if line.startswith(b"From ") else line) + b"\n"
        out += b"\n"
    return bytes(out)
