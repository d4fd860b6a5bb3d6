"""The words LinkedIn shows around invitations, in six languages, and how a line is compared.

Shared by the page reader and the email reader: buttons, page chrome and the "mutual
connections" line. Everything here is plain string work (no regular expressions): the lines
come from strangers' names, headlines and notes, so every step is linear in their length.

The wording is LinkedIn's as far as we could document it (see docs/sources.md); where a
language has had several wordings over the years, all of them are listed.
"""

from __future__ import annotations

import unicodedata

# Characters that LinkedIn and browsers put where a plain apostrophe or space would do.
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "´": "'", "`": "'"})
_TRAILING = " .!?…:;,"


def fold(text: str) -> str:
    """A line as compared with the word lists: case folded, one kind of apostrophe and space.

    NFC first, so an "é" typed as "e" + accent compares equal to the precomposed one; the
    final punctuation is dropped ("I'd like to join your LinkedIn network." = "... network").
    """
    text = unicodedata.normalize("NFC", text).translate(_APOSTROPHES).casefold()
    return " ".join(text.split()).strip(_TRAILING)


def without_count(text: str) -> str:
    """`People (3)` -> `People`: tab and heading lines carry a count in parentheses."""
    stripped = text.rstrip()
    if stripped.endswith(")") and "(" in stripped:
        inside = stripped[stripped.rindex("(") + 1 : -1].replace(",", "").replace(".", "")
        if inside.strip().isdigit():
            return stripped[: stripped.rindex("(")].rstrip()
    return stripped


# -- buttons ------------------------------------------------------------------------------------
ACCEPT_WORDS = frozenset({"accept", "aceptar", "accepter", "annehmen", "accetta", "aceitar"})
IGNORE_WORDS = frozenset({"ignore", "ignorar", "ignorer", "ignorieren", "ignora"})

# -- page chrome: whole lines that are never part of an invitation ------------------------------
PAGE_MARKERS = frozenset(
    {
        "manage invitations",
        "invitation manager",
        "no pending invitations",
        "gestionar invitaciones",
        "administrar invitaciones",
        "no tienes invitaciones pendientes",
        "gérer les invitations",
        "aucune invitation en attente",
        "einladungen verwalten",
        "keine ausstehenden einladungen",
        "gestisci inviti",
        "gestisci gli inviti",
        "nessun invito in sospeso",
        "gerenciar convites",
        "gerir convites",
        "nenhum convite pendente",
    }
)
PAGE_CHROME = PAGE_MARKERS | frozenset(
    {
        # the tabs and headings around the list
        "invitations",
        "received",
        "sent",
        "people",
        "newsletters",
        "pages",
        "events",
        "groups",
        "all",
        "show all",
        "see all",
        "show more",
        "load more",
        "grow",
        "catch up",
        "invitaciones",
        "recibidas",
        "enviadas",
        "personas",
        "páginas",
        "eventos",
        "grupos",
        "todo",
        "ver todo",
        "mostrar todo",
        "reçues",
        "envoyées",
        "personnes",
        "événements",
        "tout",
        "tout afficher",
        "voir tout",
        "einladungen",
        "erhalten",
        "gesendet",
        "personen",
        "seiten",
        "veranstaltungen",
        "gruppen",
        "alle",
        "alle anzeigen",
        "inviti",
        "ricevuti",
        "inviati",
        "persone",
        "pagine",
        "eventi",
        "gruppi",
        "tutti",
        "mostra tutto",
        "visualizza tutto",
        "convites",
        "recebidos",
        "enviados",
        "pessoas",
        "exibir tudo",
        "ver tudo",
        # the site's own navigation, when the whole page was selected
        "skip to main content",
        "home",
        "my network",
        "jobs",
        "messaging",
        "notifications",
        "me",
        "for business",
        "try premium for free",
        "inicio",
        "mi red",
        "empleos",
        "mensajes",
        "notificaciones",
        "yo",
        "accueil",
        "réseau",
        "emplois",
        "messagerie",
        "vous",
        "startseite",
        "netzwerk",
        "nachrichten",
        "mitteilungen",
        "ich",
        "rete",
        "lavoro",
        "messaggistica",
        "notifiche",
        "tu",
        "início",
        "minha rede",
        "vagas",
        "mensagens",
        "notificações",
        "eu",
    }
)
# Lines inside an invitation that are the page's, not the inviter's.
_BLOCK_CHROME = frozenset(
    {
        "reply",
        "message",
        "see more",
        "…see more",
        "...see more",
        "show less",
        "verified",
        "responder",
        "mensaje",
        "ver más",
        "…ver más",
        "répondre",
        "voir plus",
        "…voir plus",
        "antworten",
        "nachricht",
        "mehr anzeigen",
        "…mehr anzeigen",
        "rispondi",
        "messaggio",
        "altro",
        "…altro",
        "mensagem",
        "ver mais",
        "…ver mais",
        "1st",
        "2nd",
        "3rd",
        "3rd+",
        "· 1st",
        "· 2nd",
        "· 3rd",
        "· 3rd+",
    }
)
_REPLY_PREFIXES = ("reply to ", "responder a ", "répondre à ", "antworten an ", "rispondi a ")
_INVITED_YOU = (
    "invited you to connect",
    "te ha invitado a conectar",
    "vous a invité à vous connecter",
    "hat sie eingeladen, sich zu vernetzen",
    "ti ha invitato a collegarti",
    "convidou você para se conectar",
)


def is_accept(line: str) -> bool:
    return fold(line) in ACCEPT_WORDS


def is_ignore(line: str) -> bool:
    return fold(line) in IGNORE_WORDS


def is_page_chrome(line: str) -> bool:
    """A tab, heading or menu entry of the page (`People (3)`, `Manage invitations`)."""
    return fold(without_count(line)) in PAGE_CHROME


def is_page_marker(line: str) -> bool:
    """A heading only the invitations page has: evidence that a file is that page."""
    return fold(without_count(line)) in PAGE_MARKERS


def is_block_chrome(line: str) -> bool:
    """A button or label inside an invitation (`Reply to Lucia`, `…see more`, `2nd`)."""
    folded = fold(line)
    return (
        folded in _BLOCK_CHROME
        or folded.startswith(_REPLY_PREFIXES)
        or folded.endswith(_INVITED_YOU)
        or is_accept(line)
        or is_ignore(line)
    )


# -- "mutual connections" lines -----------------------------------------------------------------
# A line is about mutual connections when it has one of these phrases ...
_MUTUAL_PHRASES = (
    "mutual connection",
    "en común",
    "en commun",
    "gemeinsame",
    "in comune",
    "em comum",
)
# ... and one of these words for a connection (so "en commun" in a note about a shared
# interest is not taken for a count).
_CONNECTION_WORDS = (
    "connection",
    "contacto",
    "conexi",
    "relation",
    "contact",
    "kontakt",
    "verbindung",
    "collegament",
    "contatt",
    "conex",
    "contato",
)
_OTHER_WORDS = frozenset(
    {
        "other",
        "others",
        "otro",
        "otros",
        "otra",
        "otras",
        "más",
        "autre",
        "autres",
        "weitere",
        "weiterer",
        "andere",
        "altri",
        "altre",
        "altro",
        "altra",
        "outro",
        "outros",
        "outra",
        "outras",
        "mais",
    }
)
_AND_WORDS = frozenset({"and", "&", "y", "e", "et", "und", "ed"})


def _number(token: str) -> int | None:
    digits = token.strip("+.,()").replace(",", "").replace(".", "").replace("\u202f", "")
    return int(digits) if digits.isascii() and digits.isdigit() and len(digits) <= 7 else None


def mutual_count(line: str) -> int | None:
    """How many mutual connections a line like `Lucia Neri and 11 other mutual connections`
    states (12), or None when the line is not about mutual connections.

    `Lucia Neri is a mutual connection` is 1, `Ada, Bo & 8 other mutual connections` is 10,
    `12 mutual connections` is 12; the same shapes in the other five languages.
    """
    folded = fold(line)
    if not any(p in folded for p in _MUTUAL_PHRASES):
        return None
    if not any(w in folded for w in _CONNECTION_WORDS):
        return None
    tokens = folded.split()
    has_other = any(t.strip(",") in _OTHER_WORDS for t in tokens)
    for index, token in enumerate(tokens):
        number = _number(token)
        if number is None:
            continue
        if not has_other:
            return number  # "12 mutual connections": the count itself
        # "A, B and 11 other ...": the named people before the number count too.
        named = [t for t in tokens[:index] if t not in _AND_WORDS and t not in _OTHER_WORDS]
        people = [part for part in " ".join(named).split(",") if part.strip()]
        return number + len(people)
    # No number: "A is a mutual connection", "A and B are mutual connections".
    before = folded
    for phrase in _MUTUAL_PHRASES:
        before = before.split(phrase, 1)[0]
    joined = before.count(",") + sum(1 for t in before.split() if t in _AND_WORDS)
    return 1 + joined
