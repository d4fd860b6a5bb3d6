"""Words that name an industry in a headline or a company name, per LinkedIn industry label.

Rows from invitation emails and the invitations page have no `industry` column: a headline
(`Nurse at Ospedale San Carlo`, `Sr. Buyer at Nordwerk Industrie GmbH`) is all there is. These
lists read the industry from it, in the languages the other word lists cover (English,
Spanish, Italian, German, French, Portuguese). Only words that name a sector, not a job:
`Finance` in `Head of Finance` is a function (word_lists.JOB_FUNCTIONS), so it is not here.

A label the table does not know falls back to its own words (`Renewable Energy Semiconductor
Manufacturing` -> `renewable`, `energy`, ...), so every policy gets a pattern.
"""

from __future__ import annotations

from collections.abc import Iterable

from linkedin_triage.signals.word_patterns import fold, words

# LinkedIn industry label (folded, as industry_key writes it) -> the words naming it.
# fmt: off
INDUSTRY_WORDS: dict[str, tuple[str, ...]] = {
    "it services and it consulting": (
        "it services", "it consulting", "it solutions", "tech solutions", "systems integrat\\w*",
        "managed services", r"informatica", r"informática", r"informatique", r"informatik\w*",
        "sistemi", "sistemas", "systèmes", r"it-dienstleist\w*", "consulenza informatica",
    ),
    "software development": (
        "software", "saas", "labs", r"\w+\.io", r"softwareentwickl\w*", "desarrollo de software",
        "sviluppo software", "logiciel\\w*",
    ),
    "banking": (r"\w*bank", "banking", "banca", "banco", "banque", r"bancari[oa]", "sparkasse"),
    "financial services": (
        "payments?", "fintech", "financial services", "wealth", r"crédit\w*", "credito",
        r"kredit\w*", "servizi finanziari", "servicios financieros", "finanzdienstleist\\w*",
    ),
    "insurance": (
        "insurance", r"insurtech", r"assicurazion\w*", r"versicherung\w*", r"assurances?",
        r"seguros?", "mutua",
    ),
    "manufacturing": (
        r"manufactur\w*", r"industr(?:y|ies|ie|ia|iale|iali|ial|ielle)", "fabbrica", "fábrica",
        "fabrik", "meccanica", "mecánica", "steel", "acciai\\w*", "stahl", "plastics",
        "polimeri", "produktion",
    ),
    "industrial machinery manufacturing": (
        "machinery", r"maschinen\w*", r"maschinenbau", "macchine", "maquinaria", "machines",
        "hydraulics", "oleodinamica", "drives", "automation",
    ),
    "motor vehicle manufacturing": (
        "automotive", r"autowerk\w*", "motori", "motors", r"automobil\w*", "automoción",
        "automobile",
    ),
    "retail": (
        "retail", "stores?", r"supermarke?ts?", r"supermercat\w*", "kaufhaus", "einzelhandel",
        "grande distribuzione", r"boutiques?", "shops?", "commerce de détail", "varejo",
    ),
    "staffing and recruiting": (
        "staffing", "recruiting", "recruitment", r"personalvermittl\w*", "selezione",
        "executive search", r"\w*hire", "talent\\w*", "selección", "recrutement",
    ),
    "human resources services": (
        "hr services", "human resources", "risorse umane", "recursos humanos",
        "ressources humaines", r"personalwesen",
    ),
    "hospitals and health care": (
        r"hospital\w*", r"ospedal\w*", r"clínica", "clinica", r"klinik\w*", r"clinic\w*",
        "medical center", "health ?care", "salud", "sanità", "santé", "saúde",
        r"krankenhaus\w*", "hôpital", "policlinico",
    ),
    "higher education": (
        r"universit\w*", "università", r"universität", r"université", r"universidad\w*",
        r"universidade\w*", "college", "politecnico", "polytechnique", r"hochschule\w*",
        "business school", "école", "escuela",
    ),
    "marketing services": (
        "marketing agency", r"brand\w*", "agency", "agenzia", "agencia", "agentur", "agence",
        "growth\\w*",
    ),
    "advertising services": (
        "advertising", "adv", "media", "pubblicità", "publicidad", "publicité", "werbung",
        "werbeagentur",
    ),
    "real estate": (
        "real estate", "realty", r"immobili\w*", r"inmobiliari\w*", "immobilier", "property",
        "properties", r"imobiliári\w*",
    ),
    "telecommunications": (
        r"telecom\w*", "communications", "telecomunicazioni", "telecomunicaciones",
        "telekom\\w*",
    ),
    "pharmaceutical manufacturing": (
        r"pharma\w*", r"farmac\w*", "biotech", r"bio\w+ pharma", "laboratori\\w*",
    ),
    "business consulting and services": (
        "advisory", "management consulting", "consulenza", "consultoría", "beratung", "conseil",
        "strategy consulting",
    ),
    "government administration": (
        "comune", "ministry", "ministero", "ministerio", r"\w*verwaltung", "government",
        "municipality", "ayuntamiento", "city of", "pubblica amministrazione", "prefeitura",
        "regione", "gobierno",
    ),
    "transportation, logistics, supply chain and storage": (
        r"logistic\w*", "logistica", "logística", r"logistik\w*", "logistique", "freight",
        "trasporti", "transportes", "shipping", "spedizioni", "spedition",
    ),
    "investment management": (
        "capital", "asset management", r"investments?", "investimenti", "inversiones",
        "private equity", "venture",
    ),
    "food and beverage services": (
        "food", r"restaurants?", "ristorante", "brasserie", "bakery", "catering", "beverage",
        "alimentari", "alimentación", "gastronomie",
    ),
}
# fmt: on
_STOP = frozenset({"and", "services", "service", "other", "activities", "the", "of"})


def words_for(label_key: str) -> tuple[str, ...]:
    """The words naming one industry (a folded label); its own long words when unknown."""
    if label_key in INDUSTRY_WORDS:
        return INDUSTRY_WORDS[label_key]
    own = [w for w in label_key.replace(",", " ").split() if len(w) >= 4 and w not in _STOP]
    return tuple(own)


def industry_pattern(label_keys: Iterable[str]) -> str | None:
    """Whole-word RE2 pattern for every word of these industries; None when there is none."""
    alternatives = sorted({w for key in label_keys for w in words_for(fold(key).strip())})
    return words(*alternatives) if alternatives else None


ANY_INDUSTRY = industry_pattern(INDUSTRY_WORDS)
