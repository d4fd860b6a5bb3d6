"""The fixed words of LinkedIn's invitation emails, in six languages, and what they tell us.

Which subjects announce an invitation, the opening line LinkedIn writes when the inviter
wrote no note (that line is not a note, in any language or year), the greeting before it,
the ` via LinkedIn` after a sender's name, and the labels of the links. Sources are listed in
docs/sources.md; where LinkedIn used several wordings over the years, all are here.

Only plain string comparisons on folded text (`localised_words.fold`): the lines around
these phrases are strangers' text.
"""

from __future__ import annotations

from collections.abc import Sequence

from linkedin_triage.sources.invitations_page.localised_words import fold

# The line LinkedIn writes in place of a note (folded: lower case, straight apostrophes, no
# final full stop). 2010-2015 invitations carried the sender's default invitation text;
# 2015-2016 emails "I'd like to connect with you"; since 2016 "I'd like to join your network".
DEFAULT_OPENINGS = frozenset(
    {
        # English
        "i'd like to join your linkedin network",
        "i'd like to add you to my professional network on linkedin",
        "i'd like to add you to my professional network",
        "i'd like to add you to my linkedin network",
        "i'd like to connect with you on linkedin",
        "i would like to join your linkedin network",
        # Spanish
        "me gustaría añadirte a mi red profesional en linkedin",
        "me gustaría añadirte a mi red profesional",
        "me gustaría añadirte a mi red",
        "me gustaría formar parte de tu red de linkedin",
        "me gustaría formar parte de tu red en linkedin",
        "me gustaría unirme a tu red de linkedin",
        "me gustaría conectar contigo en linkedin",
        # French
        "je souhaiterais faire partie de votre réseau linkedin",
        "je souhaiterais faire partie de votre réseau",
        "j'aimerais faire partie de votre réseau linkedin",
        "je souhaiterais vous inviter à rejoindre mon réseau professionnel en ligne, sur le site "
        "linkedin",
        "je souhaiterais vous ajouter à mon réseau professionnel sur linkedin",
        "j'aimerais vous ajouter à mon réseau professionnel sur linkedin",
        # German
        "ich möchte mich gerne mit ihnen auf linkedin vernetzen",
        "ich möchte mich mit ihnen auf linkedin vernetzen",
        "ich möchte mich gerne mit dir auf linkedin vernetzen",
        "ich möchte sie gerne zu meinem beruflichen netzwerk auf linkedin hinzufügen",
        "ich möchte sie zu meinem linkedin-netzwerk hinzufügen",
        "ich möchte gerne teil ihres linkedin-netzwerks werden",
        "ich möchte ihrem linkedin-netzwerk beitreten",
        # Italian
        "vorrei aggiungerti alla mia rete professionale su linkedin",
        "vorrei aggiungerti alla mia rete professionale",
        "vorrei aggiungerti alla mia rete",
        "vorrei entrare a far parte della tua rete su linkedin",
        "vorrei entrare a far parte della tua rete di linkedin",
        "vorrei collegarmi con te su linkedin",
        "voglio collegarmi",
        # Portuguese
        "gostaria de adicioná-lo à minha rede profissional no linkedin",
        "gostaria de adicioná-la à minha rede profissional no linkedin",
        "gostaria de adicioná-lo(a) à minha rede profissional no linkedin",
        "gostaria de participar da sua rede no linkedin",
        "gostaria de fazer parte da sua rede no linkedin",
        "gostaria de me conectar com você no linkedin",
        "quero me conectar",
    }
)
# First words of LinkedIn's greeting line ("Hi Giulia,").
GREETINGS = frozenset(
    {"hi", "hello", "dear", "hola", "bonjour", "salut", "hallo", "ciao", "salve", "olá", "oi"}
)
# A heading of at most this many words that announces the invitation is LinkedIn's, not a note.
_HEADING_WORDS = 8
# A subject that announces an invitation (folded, found anywhere in the subject).
INVITATION_SUBJECTS = (
    "add me to your linkedin network",
    "want to connect",
    "wants to connect",
    "would like to connect",
    "invitation to connect",
    "invited you to connect",
    "invitation reminder",
    "pending invitation",
    "new invitation",
    "me gustaría añadirte a mi red",
    "quiero conectar",
    "quiere conectar",
    "invitación",
    "invitaciones",
    "je souhaiterais faire partie de votre réseau",
    "souhaite se connecter",
    "aimerait se connecter",
    "invitation",
    "ich möchte mich mit ihnen vernetzen",
    "möchte sich mit ihnen vernetzen",
    "einladung",
    "voglio collegarmi",
    "vorrei collegarmi",
    "vorrebbe collegarsi",
    "invito",
    "inviti",
    "quero me conectar",
    "gostaria de se conectar",
    "convite",
)
# Headings LinkedIn's templates put above an invitation (never a note when this short).
TEMPLATE_HEADINGS = (
    "you have an invitation",
    "you have a new invitation",
    "you have new invitations",
    "pending invitation",
    "invitation reminder",
    "new invitation",
    "tienes una invitación",
    "tienes invitaciones",
    "vous avez une invitation",
    "vous avez des invitations",
    "sie haben eine einladung",
    "sie haben einladungen",
    "hai un invito",
    "hai degli inviti",
    "você tem um convite",
    "você tem convites",
)
# A subject about an invitation that was accepted: LinkedIn sends it from the same address.
ACCEPTED_SUBJECTS = (
    "accepted your invitation",
    "aceptó tu invitación",
    "ha aceptado tu invitación",
    "a accepté votre invitation",
    "hat ihre einladung angenommen",
    "ha accettato il tuo invito",
    "aceitou seu convite",
    "aceitou o seu convite",
    "start a conversation with your new connection",
)
# " via LinkedIn" after the inviter's name in the From header (2019 on), folded.
VIA_SUFFIXES = (
    " via linkedin",
    " über linkedin",
    " a través de linkedin",
    " par linkedin",
    " por linkedin",
    " por meio do linkedin",
    " tramite linkedin",
)
# Display names of LinkedIn itself (a digest or reminder comes from these, not from a person).
LINKEDIN_SENDERS = frozenset(
    {"linkedin", "linkedin invitations", "linkedin notifications", "linkedin updates"}
)
# The reminder layout (2016) names the inviter in a sentence instead of on a line of its own;
# later layouts may say "<name> invited you to connect". Compared word by word (no commas).
WOULD_LIKE_TO_CONNECT = (
    " would like to connect",
    " wants to connect",
    " has invited you to connect",
    " invited you to connect",
    " quiere conectar",
    " desea conectar",
    " te ha invitado a conectar",
    " souhaite se connecter",
    " aimerait se connecter",
    " vous a invité à vous connecter",
    " möchte sich mit ihnen vernetzen",
    " hat sie eingeladen sich zu vernetzen",
    " vorrebbe collegarsi",
    " ti ha invitato a collegarti",
    " gostaria de se conectar",
    " convidou você para se conectar",
)
# The last words of those sentences: a line without any of them names no inviter.
_CONNECT_VERBS = ("connect", "conectar", "vernetzen", "collega")
# Link labels: "View profile", "View Ada Lovelace's profile", "Ver perfil", "Profil anzeigen".
PROFILE_WORDS = ("profile", "perfil", "profil", "profilo")
# "View Ada Lovelace's profile" and its translations: (before the name, after the name).
NAMED_PROFILE_LABELS = (
    ("view ", "'s profile"),
    ("ver el perfil de ", ""),
    ("ver perfil de ", ""),
    ("voir le profil de ", ""),
    ("profil von ", " anzeigen"),
    ("visualizza il profilo di ", ""),
    ("ver o perfil de ", ""),
)
# Lines of the footer: where a note read after the links (2016 reminder) would stop.
FOOTER_STARTS = (
    "you are receiving",
    "you received an invitation",
    "this email was intended",
    "learn why we included",
    "unsubscribe",
    "help:",
    "©",
    "&copy;",
    "has recibido",
    "este mensaje",
    "vous avez reçu",
    "cet e-mail",
    "sie haben",
    "diese e-mail",
    "hai ricevuto",
    "questa email",
    "você recebeu",
    "este e-mail",
    "....",
    "----",
)


def is_invitation_subject(subject: str) -> bool:
    """A subject LinkedIn uses for an invitation (and not for an accepted one)."""
    folded = fold(subject)
    if any(phrase in folded for phrase in ACCEPTED_SUBJECTS):
        return False
    return any(phrase in folded for phrase in INVITATION_SUBJECTS)


def inviter_from_display_name(display_name: str) -> str | None:
    """`Ada Lovelace via LinkedIn` -> `Ada Lovelace`; LinkedIn's own name -> None."""
    name = " ".join(display_name.split())
    folded = fold(name)
    if not name or folded in LINKEDIN_SENDERS:
        return None
    for suffix in VIA_SUFFIXES:
        if folded.endswith(suffix):
            words = name.split()
            return " ".join(words[: len(words) - len(suffix.split())]) or None
    return name


def name_in_profile_label(label: str) -> str | None:
    """`View Ada Lovelace's profile` -> `Ada Lovelace`; a label without a name -> None."""
    cleaned = " ".join(label.split()).rstrip(":").strip()
    folded = fold(cleaned)
    for before, after in NAMED_PROFILE_LABELS:
        if folded.startswith(before) and folded.endswith(after):
            # fold() keeps the length of these ASCII frames, so the cut lands right in the
            # label as shown (apostrophes are folded one character for one).
            name = cleaned[len(before) : len(cleaned) - len(after)].strip()
            if name and fold(name) not in ("profile", "perfil", "profil", "profilo"):
                return name
    return None


def is_default_opening(line: str) -> bool:
    """LinkedIn's own opening line, alone or after the greeting ("Hi Giulia, I'd like ...")."""
    folded = fold(line)
    if folded in DEFAULT_OPENINGS:
        return True
    first, _, rest = folded.partition(",")
    return bool(rest) and _is_greeting_start(first) and rest.strip() in DEFAULT_OPENINGS


def is_greeting(line: str) -> bool:
    """LinkedIn's greeting line alone: `Hi Giulia,` (a first word of greeting, a comma, short)."""
    stripped = line.strip()
    return stripped.endswith(",") and len(stripped.split()) <= 5 and _is_greeting_start(stripped)


def _is_greeting_start(text: str) -> bool:
    words = fold(text).split()
    return bool(words) and words[0].strip(",") in GREETINGS


def note_from_opening(lines: Sequence[str], inviter: str | None, subject: str = "") -> str | None:
    """The inviter's own note among the lines before their name, or None.

    LinkedIn's greeting and its default opening line are dropped; so are the reminder's
    sentence that names the inviter and a heading that repeats the subject or announces the
    invitation in a few words. What is left, line breaks kept, is the note.
    """
    kept: list[str] = []
    for index, line in enumerate(lines):
        if not line.strip():
            kept.append("")
            continue
        if index == _first_text(lines) and is_greeting(line):
            continue
        if (
            is_default_opening(line)
            or _is_reminder_sentence(line, inviter)
            or _is_template_heading(line, subject)
        ):
            continue
        kept.append(line.strip())
    note = "\n".join(kept).strip("\n")
    while "\n\n\n" in note:
        note = note.replace("\n\n\n", "\n\n")
    return note or None


def _is_template_heading(line: str, subject: str) -> bool:
    folded = fold(line)
    if subject and folded == fold(subject):
        return True
    return len(folded.split()) <= _HEADING_WORDS and any(h in folded for h in TEMPLATE_HEADINGS)


def _first_text(lines: Sequence[str]) -> int:
    return next((i for i, line in enumerate(lines) if line.strip()), -1)


def _is_reminder_sentence(line: str, inviter: str | None) -> bool:
    named = inviter_in_sentence(line)
    return named is not None and (not inviter or fold(named) == fold(inviter))


def inviter_in_sentence(line: str) -> str | None:
    """`Pedro Alves would like to connect on LinkedIn. ...` -> `Pedro Alves`, else None.

    Compared word by word, so the name comes out exactly as written.
    """
    whole = fold(line)
    if not any(verb in whole for verb in _CONNECT_VERBS):
        return None  # the common case, decided with one pass over the line
    words = line.split()
    folded = [fold(word) for word in words]
    for phrase in WOULD_LIKE_TO_CONNECT:
        wanted = phrase.split()
        for at in range(1, len(words) - len(wanted) + 1):
            if folded[at : at + len(wanted)] == wanted:
                return " ".join(words[:at])
    return None


def is_footer(line: str) -> bool:
    return fold(line).startswith(FOOTER_STARTS)
