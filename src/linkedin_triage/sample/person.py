"""One invented person per request: name, profile URL, employers, schools, headline, note."""

from __future__ import annotations

import functools
import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import quote

from linkedin_triage.sample.latent import LatentRow
from linkedin_triage.sample.personas import Persona
from linkedin_triage.sample.vocabulary import (
    COUNTRIES,
    CULTURES,
    DIGIT_WORDS,
    EMAIL_DOMAINS,
    FAKE_COMPANIES,
    FAKE_HEADLINES,
    FAKE_TITLES,
    FUNCTIONS,
    GENERIC_NOTES,
    INDUSTRIES,
    INDUSTRY_NAMES,
    LOCAL_NOTES,
    NAMES,
    NETWORKER_NOTES,
    PERSONAL_NOTES,
    RECRUITER_NOTES,
    SALES_NOTES,
    SCAM_NOTES,
    SCHOOLS,
    STUDENT_NOTES,
    TOPICS,
)

T = TypeVar("T")


@dataclass(frozen=True)
class _Context:
    """Per-persona constants the text templates need, computed once."""

    persona: Persona
    me_first: str
    me_company: str
    me_school: str
    competitors: tuple[str, ...]
    schools: dict[str, tuple[str, ...]]  # per country, without the persona's own schools


def _context(persona: Persona) -> _Context:
    me = persona.policy.me
    own = set(me.schools)
    schools = {c: tuple(s for s in pool if s not in own) for c, pool in SCHOOLS.items()}
    return _Context(
        persona=persona,
        me_first=(me.name or "there").split()[0],
        me_company=me.companies[0] if me.companies else "your company",
        me_school=me.schools[0] if me.schools else "university",
        competitors=tuple(persona.policy.interests.competitors),
        schools=schools,
    )


def _pick(r: random.Random, options: Sequence[T]) -> T:
    """`r.choice`, about twice as fast (the text loop makes millions of these)."""
    return options[int(r.random() * len(options))]


def _phone(r: random.Random) -> tuple[str, str, str]:
    """A made-up mobile number: plain, spelled out and spaced (how scammers dodge filters)."""
    digits = "3" + "".join(str(r.randrange(10)) for _ in range(9))
    plain = f"+{_pick(r, ('39', '44', '1', '234'))} {digits[:3]} {digits[3:6]} {digits[6:]}"
    spelled = "+39 " + " ".join(DIGIT_WORDS[int(d)] for d in digits)
    spaced = " ".join(digits[:3]) + "-" + " ".join(digits[3:])
    return plain, spelled, spaced


@functools.lru_cache(maxsize=4096)
def _fold(text: str) -> str:
    """ASCII form of a name (what most LinkedIn slugs use)."""
    text = text.replace("ł", "l").replace("Ł", "L").replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _slug(r: random.Random, first: str, last: str) -> str:
    base = f"{first} {last}".lower().replace("'", "")
    if base.isascii() or r.random() < 0.5:
        base = _fold(base)
    base = "-".join(base.replace(".", " ").split())
    roll = r.random()
    if roll < 0.7:
        base += f"-{r.getrandbits(32):08x}"
    elif roll < 0.9:
        base += f"-{r.randrange(10, 999)}"
    return quote(base, safe="-")  # accents stay, percent-encoded, as LinkedIn writes them


def _odd_name(r: random.Random, first: str, last: str) -> str:
    """How fake profiles tend to be named: lower case, digits, a bare first name."""
    style = r.randrange(4)
    if style == 0:
        return f"{first} {last}".lower()
    if style == 1:
        return f"{first} {last}{r.randrange(1, 99)}"
    if style == 2:
        return f"{first.lower()}{r.randrange(1950, 2005)}"
    return f"{first} {last[0]}."


def _location(r: random.Random, code: str) -> str:
    place = COUNTRIES[code]
    city, region = _pick(r, place.cities)
    roll = r.random()
    if roll < 0.22 and place.metros:
        return _pick(r, place.metros)  # no country part: it must be derived
    if roll < 0.3 or city == place.name:
        return place.name
    if region and roll < 0.9:
        return f"{city}, {region}, {place.name}"
    return f"{city}, {place.name}"


def _country_cell(r: random.Random, code: str) -> str | None:
    roll = r.random()
    if roll < 0.55:
        return code
    if roll < 0.65:
        return COUNTRIES[code].name
    return None  # enrichment often has the location only


def _company_variant(r: random.Random, name: str, country: str) -> str:
    """A competitor written the way people write it: case, legal suffixes, local branch."""
    suffix = {"IT": " S.p.A.", "DE": " GmbH", "FR": " SAS", "ES": " S.L."}.get(country, " Ltd")
    roll = r.random()
    if roll < 0.45:
        return name
    if roll < 0.6:
        return name.upper()
    if roll < 0.8:
        return name + suffix
    if roll < 0.9:
        return f"{name}, Inc."
    return f"{name} {COUNTRIES[country].name}"


def _employers(
    r: random.Random, ctx: _Context, row: LatentRow, n_past: int
) -> tuple[str | None, list[str]]:
    """(current company, past companies) consistent with the latent flags."""
    me = ctx.persona.policy.me
    arch, industry, country = row.archetype, str(row.industry), str(row.country)
    pool = INDUSTRIES[industry][2]
    past = [_pick(r, INDUSTRIES[_pick(r, INDUSTRY_NAMES)][2]) for _ in range(n_past)]
    if arch == "fake":
        return _pick(r, FAKE_COMPANIES), past[:1]
    company = _pick(r, pool)
    if row.shared_employer and me.companies:
        mine = _pick(r, me.companies)
        if r.random() < 0.4:
            company = mine
        else:
            past.insert(r.randrange(len(past) + 1), mine)
    if arch == "competitor" and ctx.competitors:
        rival = _company_variant(r, _pick(r, ctx.competitors), country)
        if r.random() < 0.8:
            company = rival
        else:
            past.insert(0, rival)
    return company, list(dict.fromkeys(p for p in past if p != company))


def _schools(r: random.Random, ctx: _Context, row: LatentRow, n: int) -> list[str]:
    local = ctx.schools.get(str(row.country)) or ctx.schools["other"]
    schools = [
        _pick(r, local) if r.random() < 0.8 else _pick(r, ctx.schools["other"]) for _ in range(n)
    ]
    if row.shared_school and ctx.persona.policy.me.schools:
        schools.insert(0, _pick(r, ctx.persona.policy.me.schools))
    return list(dict.fromkeys(schools))


def _title(r: random.Random, row: LatentRow) -> str:
    function = str(row.function)
    if function == "fake":
        return _pick(r, FAKE_TITLES)
    if row.archetype == "student" and r.random() < 0.5:
        return "Student"
    return FUNCTIONS[function][int(row.seniority)]


def _topics(r: random.Random, function: str) -> tuple[str, str]:
    pool = TOPICS.get(function, TOPICS["founder"])
    first = int(r.random() * len(pool))
    second = (first + 1 + int(r.random() * (len(pool) - 1))) % len(pool)  # never the same
    return pool[first], pool[second]


def _headline(
    r: random.Random, row: LatentRow, title: str, company: str | None, school: str
) -> str:
    arch, function = row.archetype, str(row.function)
    at = f"{title} at {company}" if company else title
    if arch == "fake":
        return _pick(r, FAKE_HEADLINES) if r.random() < 0.6 else at
    if arch == "networker":
        return _pick(
            r, (f"LION 🦁 | Open Networker | {at}", f"{title} | 30K+ followers | Open to connect")
        )
    if arch == "student":
        return (
            f"Student at {school}"
            if r.random() < 0.6
            else f"Aspiring {_topics(r, function)[0]} professional | {school}"
        )
    if arch == "recruiter":
        return f"{title} @ {company} | Hiring engineers, sales and finance talent"
    if arch == "salesperson" and r.random() < 0.5:
        return f"Helping {row.industry} companies grow revenue | {at}"
    one, two = _topics(r, function)
    roll = r.random()
    if roll < 0.5:
        return at
    if roll < 0.75:
        return f"{title} | {one} | {two}"
    if roll < 0.92:
        return f"{title} @ {company} | {one}"
    return title


def _about(r: random.Random, row: LatentRow, title: str, school: str) -> str:
    arch, function = row.archetype, str(row.function)
    one, two = _topics(r, function)
    if arch == "fake":
        return _pick(r, (
            "Financial freedom is a choice. Contact me for investment opportunities.",
            "God fearing, honest and caring. Looking for new friends and business partners.",
        ))  # fmt: skip
    if arch == "networker":
        return "Open networker (LION). I accept all invitations. Let's grow together!"
    if arch == "student":
        return f"Student at {school}, passionate about {one}. Looking for internship opportunities."
    years = 2 + 4 * int(row.seniority) + r.randrange(3)
    return _pick(r, (
        f"{title} with {years}+ years of experience in {str(row.industry).lower()}. "
        f"Passionate about {one} and {two}.",
        f"I help organisations with {one} and {two}. {years} years in {row.industry}.",
        f"Curious {title.lower()} working on {one}. Views are my own.",
    ))  # fmt: skip


def _note(r: random.Random, ctx: _Context, row: LatentRow, fill: dict[str, str]) -> str | None:
    kind, arch = row.note, row.archetype
    persona = ctx.persona
    if kind == "none":
        return None
    if kind == "personal":
        if (arch in PERSONAL_NOTES and fill["shared_company"]) or arch == "alumni":
            templates = PERSONAL_NOTES[str(arch)]
        elif row.same_country and r.random() < 0.4:
            templates = (LOCAL_NOTES[persona.language],)
        else:
            templates = PERSONAL_NOTES["other"]
    elif kind == "generic":
        extra = {"networker": NETWORKER_NOTES, "student": STUDENT_NOTES}.get(str(arch), ())
        templates = extra if extra and r.random() < 0.7 else GENERIC_NOTES
    else:
        templates = {"sales": SALES_NOTES, "recruiter": RECRUITER_NOTES, "scam": SCAM_NOTES}[
            str(kind)
        ]
    return _pick(r, templates).format(**fill)[:300]  # LinkedIn caps notes at 300 characters


def _note_fill(
    r: random.Random,
    ctx: _Context,
    culture: str,
    names: tuple[str, str],
    employers: Sequence[str | None],
    school: str,
) -> dict[str, str]:
    """Everything a note template may mention; drawn only for rows that send a note."""
    me = ctx.persona.policy.me
    first, last = (_fold(n).lower().replace(" ", "") for n in names)
    phone, spelled, spaced = _phone(r)
    link = _pick(r, ("https://bit.ly/", "https://profit-now.click/", "https://t.me/"))
    return {
        "me_first": ctx.me_first, "me_company": ctx.me_company, "me_school": ctx.me_school,
        "my_industry": me.industry, "event": _pick(r, ctx.persona.events),
        "shared_company": next((c for c in employers if c and c in me.companies), ""),
        "mutual_first": _pick(r, NAMES[culture][0]), "their_school": school,
        "pitch_role": ctx.persona.pitch_role, "city": me.city or "your city",
        "slug": first, "phone": phone, "spelled_phone": spelled,
        "spaced_phone": spaced, "handle": f"{first}_{r.randrange(10, 99)}",
        "email": f"{first}.{last}{r.randrange(1, 99)}@{_pick(r, EMAIL_DOMAINS)}",
        "link": f"{link}{r.getrandbits(24):06x}",
    }  # fmt: skip


def _person(
    r: random.Random, ctx: _Context, row: LatentRow, n_past: int, n_schools: int, about: bool
) -> dict[str, object]:
    """The text cells of one request, consistent with its latent traits."""
    place = COUNTRIES[row.country]
    culture = place.culture if r.random() > 0.12 else _pick(r, CULTURES)
    first, last = _pick(r, NAMES[culture][0]), _pick(r, NAMES[culture][1])
    company, past = _employers(r, ctx, row, n_past)
    schools = _schools(r, ctx, row, n_schools)
    school = schools[0] if schools else _pick(r, ctx.schools["other"])
    title = _title(r, row)
    if title == "Student" and r.random() < 0.5:
        company = school
    name = f"{first} {last}"
    if (row.archetype == "fake" and r.random() < 0.6) or r.random() < 0.01:
        name = _odd_name(r, first, last)
    message = None
    if row.note != "none":
        fill = _note_fill(r, ctx, place.culture, (first, last), (company, *past), school)
        message = _note(r, ctx, row, fill)
    keep_industry = row.archetype != "fake" or r.random() < 0.5
    return {
        "name": name,
        "message": message,
        "profile_url": f"https://www.linkedin.com/in/{_slug(r, first, last)}",
        "headline": _headline(r, row, title, company, school),
        "title": title,
        "company": company,
        "industry": row.industry if keep_industry else None,
        "location": _location(r, row.country),
        "country": _country_cell(r, row.country),
        "about": _about(r, row, title, school) if about else None,
        "past_companies": ";".join(past) or None,
        "schools": ";".join(schools) or None,
    }
