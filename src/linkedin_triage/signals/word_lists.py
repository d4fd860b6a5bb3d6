"""Word lists behind the text signals, as RE2 patterns built with re2_words.py.

They are matched against NFD text in RE2; re2_words.py says why, and what a space, `\\w`
or an accented letter in an alternative matches.
"""

from __future__ import annotations

import unicodedata

from linkedin_triage.signals.word_patterns import END, SPACE, SPACE_CHARS, START, alternation, words

# Seniority of a title or headline: 3 C-level/founder/partner, 2 manager..director, 0 student.
SENIORITY_TOP = words(
    "ceo", "cto", "cio", "cfo", "coo", "cmo", "cso", "ciso", "cdo", "chief", "founder",
    "co-?founder", "owner", "partner", "president", "vp", "svp", "evp", "vice president",
    "managing director", "general manager", "board member", "chair(?:man|woman|person)?",
    # Spanish, Italian, German, French, Portuguese headlines
    "director general", "directora general", "consejer[oa] delegad[oa]", r"fundador\w*",
    "propietari[oa]", "presidente", "amministratore delegato",
    "fondatore", "fondatrice", "titolare", r"gründer\w*", r"geschäftsführer\w*",
    r"inhaber\w*", r"vorstand\w*", "fondateur", "fondatrice", "pdg", "présidente?",
    "directeur général", "directrice générale", "diretor(?:a)? geral",
)  # fmt: skip
# "Partner" as a role name, not an owner's rank: a talent partner recruits, an HR business
# partner advises managers. Taken out before the top rank is looked for.
PARTNER_ROLES = words(
    "talent partner", "(?:hr )?business partner", "people partner", "hr partner",
    "channel partner", "partner manager", "partner success", "learning partner",
)  # fmt: skip
SENIORITY_MID = words(
    "head", "director", "manager", "lead", "principal", "supervisor", "team leader",
    "jef[ea]", "gerente", "responsable", "responsável", "directora", r"coordinador\w*", "responsabile",
    "direttore", "direttrice", "coordinatore", "coordinatrice", r"leiter\w*",
    r"abteilungsleiter\w*", r"teamleiter\w*", "directeur", "directrice", "chef de",
    "diretor", "diretora", r"coordenador\w*", "gestor", "gestora",
)  # fmt: skip
# A senior individual contributor: not a manager, but past junior.
SENIORITY_SENIOR = words("senior", "sénior", "sr", "lead", "principal", "staff", "expert")
SENIORITY_ENTRY = words(
    "student", "intern", "internship", "trainee", "apprentice", "graduate", "undergraduate",
    "phd candidate", "aspiring", "seeking", "looking for",
    "estudiante", "becari[oa]", "en prácticas", "buscando (?:empleo|trabajo)", "studente",
    "studentessa", "stagista", "tirocinante", "in cerca di (?:lavoro|occupazione)",
    r"praktikant\w*", r"werkstudent\w*", r"auszubildende\w*", r"étudiante?s?", "stagiaire",
    r"alternant\w*", "estudante", r"estagiári[oa]",
)  # fmt: skip

# Job functions, roughly LinkedIn's: a title keyword and a title belong together when they
# name the same function, so a user who wants "Engineer" also sees "Head of Engineering".
# Words common outside titles ("it", "people", "care", "growth") are left out on purpose.
JOB_FUNCTIONS: dict[str, str] = {
    "engineering": words(
        r"engineer\w*", r"developer\w*", "software", "programmer", "sre", "site reliability",
        "devops", r"architect\w*", "cto", "tech lead", "back-?end", "front-?end", "full-?stack",
        "infrastructure", "platform engineering", "head of platform",
        r"ingenier\w*", r"ingegner\w*", r"ingénieur\w*", r"engenheir\w*", r"desarrollador\w*",
        r"sviluppat(?:ore|rice)\w*", r"\w*entwickler\w*", r"développeu(?:r|se)\w*",
        r"desenvolvedor\w*", r"programador\w*", r"programmat(?:ore|rice)",
    ),
    "data": words(
        "data", "analytics", "machine learning", "ml", "ai", r"scientist\w*", "cdo",
        "datos", "dati", "daten", "données", "dados",
    ),
    "it": words(
        "information technology", "cio", "it manager", "head of it", "it director",
        "it specialist", r"it systems?", "sysadmin", "helpdesk", "it support",
    ),
    "sales": words(
        "sales", "account executive", "account manager", r"business develop\w*", "bdr", "sdr",
        "cco", "chief commercial officer",
        "ventas", "vendite", r"vertrieb\w*", "ventes", "vendas", "comercial", "commerciale",
        "ejecutiv[oa] de cuentas", r"außendienst\w*",
    ),
    "marketing": words(
        "marketing", "cmo", "brand manager", "seo", "communications",
        "comunicación", "comunicazione", "kommunikation", "comunicação",
    ),
    "people": words(
        r"recruit\w*", "talent", "hr", "human resources", "people partner", "chief people officer",
        "recursos humanos", "rrhh", "risorse umane", "ressources humaines", "personalwesen",
        r"reclutador\w*", r"recrutador\w*", "recruteur", "recruteuse", r"personalberater\w*",
        "selección de personal", "selezione del personale",
    ),
    "procurement": words(
        "procurement", r"buyers?", "purchasing", "sourcing", "supply chain", "cpo",
        "chief procurement officer",
        "compras", "acquisti", r"einkauf\w*", "achats", "aprovisionamiento",
        r"approvvigionament\w*", "beschaffung",
    ),
    "finance": words(
        "finance", "financial", "cfo", "accountant", "accounting", "controller", r"treasur\w*",
        "finanzas", "finanza", "finanzen", r"financier\w*", r"financeir\w*", "finanças", "contable",
        r"contabil\w*", r"buchhalt\w*", r"comptab\w*", r"tesorer\w*", "controlling",
    ),
    "operations": words(
        "operations", "coo", "logistics",
        "operaciones", "operazioni", "logística", "logistik", "logistique",
    ),
    "consulting": words(
        r"consult\w*", r"advis[eo]rs?", r"consultor\w*", r"consulent\w*", r"berater\w*",
        r"asesor\w*",
    ),
    "health": words(
        r"nurs\w*", "medical", "doctor", "physician", "clinical", "healthcare",
        r"enfermer\w*", r"infermier\w*", r"pflege\w*", r"infirmi\w*", r"enfermeir\w*",
        "médic[oa]", "medico", "arzt", "ärztin", "médecin",
    ),
    "academic": words(
        "professor", r"research\w*", "phd", r"postdoc\w*", "lecturer", "dean",
        r"profesor\w*", "professoressa", r"investigador\w*", r"ricercat(?:ore|rice)",
        r"forscher\w*", r"chercheu(?:r|se)", r"pesquisador\w*", "docente",
    ),
    "founder": words(
        "founder", "co-?founder", "owner", "ceo", "entrepreneur",
        r"fundador\w*", "fondatore", "fondatrice", r"gründer\w*", "fondateur",
        r"emprendedor\w*", r"imprenditor\w*", r"unternehmer\w*", r"empreendedor\w*",
    ),
    "legal": words(
        "lawyer", "legal", "counsel", "attorney", "paralegal",
        "abogad[oa]", "avvocat[oa]", r"rechtsanw\w*", "avocate?", "advogad[oa]", r"jurist\w*",
    ),
    "design": words("designer", "ux", "ui", "product design", r"diseñador\w*"),
}  # fmt: skip
# An open networker (LION) says so in the headline: they accept everyone, and many accept them.
OPEN_NETWORKER = words(
    "lion", "open networker", "open to connect", r"[0-9]+k\+? followers",
    "accept all (?:invitations|requests)", "networker abierto", "rete aperta",
)  # fmt: skip
# Any role at all: a job function or a rank. One pattern, one pass over the text.
ROLE_WORDS = "|".join((*JOB_FUNCTIONS.values(), SENIORITY_TOP, SENIORITY_MID))
# Parts of a headline that name other people, not the person's own job. They run to the
# next separator and are taken out before role signals are read.
# - Whom someone hires: "Recruiter @ X | Hiring engineers" is no engineer, "· We're hiring
#   sales reps" no salesperson. A first part only when it cannot be the job (below).
# - Whom someone serves: "Helping CFOs close faster | Account Executive" is no CFO.
_HIRING = (
    "hiring", "we'?re hiring", "we are hiring", "now hiring", "actively hiring",
    "estamos contratando", "contratando", "contratamos", "buscamos", "stiamo assumendo",
    "assumiamo", "cerchiamo", "wir stellen ein", "wir suchen", "nous recrutons", "on recrute",
    "je recrute", "estamos recrutando", "recrutamos",
)  # fmt: skip
_HELPING = (
    "helping", "i help", "we help", "ayudo a", "ayudamos a", "ayudando a",
    # bare "aiuto" is also a job: "Aiuto cuoco" is a kitchen assistant
    "aiuto (?:le|i|gli|a|ad)", "aiutiamo", "aiutando", "ich helfe", "wir helfen", "j'aide",
    "nous aidons", "ajudo", "ajudamos", "ajudando",
)  # fmt: skip
# A first part is whom they hire only when it says so beyond doubt: "We're hiring", or
# "Hiring" before a plural ("Hiring CTOs and CIOs | Talent Partner"), never "Hiring Manager".
_HIRING_FIRST = (
    "we'?re hiring", "we are hiring", "now hiring", "actively hiring",
    # a plural: "CTOs", "engineers"; not "Process" or "Business"
    r"hiring (?:\w+ )?\w*[a-rt-z]s",
)  # fmt: skip
_CLAUSE_REST = rf"{END}[^|•·]*"
OTHER_PEOPLE_CLAUSE = unicodedata.normalize(
    "NFD",
    rf"[|•·]{SPACE}*(?:{alternation(_HIRING)}){_CLAUSE_REST}"
    rf"|^{SPACE}*(?:{alternation(_HIRING_FIRST)}){_CLAUSE_REST}"
    rf"|(?:^|[|•·]){SPACE}*(?:{alternation(_HELPING)}){_CLAUSE_REST}",
)
# Job titles holding another job's word: a business developer develops no software. They are
# taken out before a title is matched against the engineering function or the user's titles.
FALSE_FRIEND_TITLES = words(r"business develop\w*")
RECRUITER_PROFILE = words(
    r"recruit\w*", "talent acquisition", "talent partner", r"headhunt\w*", "sourcer",
    "staffing", "executive search", "hr business partner",
    r"reclutador\w*", "selección de personal", "técnic[oa] de selección", "cazatalentos",
    r"selezionat(?:ore|rice)", "selezione del personale", r"personalberater\w*",
    r"personalvermittl\w*", "recruteur", "recruteuse", "chargée? de recrutement",
    r"recrutador\w*", "recrutamento",
)  # fmt: skip
SALES_PROFILE = words(
    "sales", r"business develop\w*", "account executive", "account manager", "bdr", "sdr",
    "partnerships", "growth hacker", "lead generation", "cco", "chief commercial officer",
    "commercial director", "key account",
    "ventas", "vendite", r"vertrieb\w*", "ventes", "vendas", "director comercial",
    "directora comercial", "direttore commerciale", "responsabile commerciale",
    "ingénieur commercial", "ejecutiv[oa] de cuentas", r"außendienst\w*",
)  # fmt: skip

# Fake and scam indicators in a note, headline or about.
_MONEY = r"[$€£]\s?[0-9][0-9,.]*k?"
SCAM_WORDS = words(
    r"crypto\w*", "bitcoin", "btc", "forex", "binary options", "trading signals",
    r"investment opportunit\w*", "passive income", "financial freedom", "make money",
    r"(?:earn|earning|made|make|making) (?:up to )?" + _MONEY,
    r"earn \$?[0-9]+", r"guaranteed (?:profit|return|income)s?", "lottery", "inheritance",
    "beneficiary", "dear friend", "hello dear", "hi dear", "my dear", "western union",
    "gift cards?", "airdrop", "nft", "loan offer", "work(?:ing)? from home", "dm me",
    "dm for", "click (?:the|my) link", "sugar (?:daddy|mommy)",
    r"[0-9]+% (?:profit|return|monthly|weekly|daily)s?",
    _MONEY + SPACE + r"?(?:/|per |a )?(?:day|week|weekly|daily)",
    "you have been selected", "know you better", "(?:nice|beautiful|lovely) profile",
    "peacekeeping", r"(?:army|military|un) (?:doctor|general|officer|surgeon)", "oil rig",
)  # fmt: skip
_TLD = "com|net|org|io|xyz|info|biz|ru|top|link|site|click|online|shop|vip|app|live"
LINK = (
    r"(?:https?://|www\.|"
    rf"{START}(?:bit\.ly|t\.me|wa\.me|tinyurl\.com)/|"
    rf"{START}[a-z0-9-]+\.(?:{_TLD}){END})"
)
_MAIL_HOSTS = "gmail|googlemail|yahoo|hotmail|outlook|live|icloud|proton(?:mail)?|gmx|aol"
EMAIL = (
    r"(?:[a-z0-9._%+-]+@[a-z0-9-]+\.[a-z0-9.-]+|"
    # `name (at) gmail dot com`: the way people dodge address filters
    rf"{START}(?:at|@)[\])]?{SPACE}*(?:{_MAIL_HOSTS}){SPACE}*[\[(]?(?:dot|\.))"
)
# 9 or more digits with at most short separators between them: a phone number, not a date.
_PHONE_GAP = rf"[{SPACE_CHARS}().\-/]{{0,3}}"
PHONE = rf"\+?[0-9](?:{_PHONE_GAP}[0-9]){{8,}}"
_DIGIT_WORDS = (
    "zero|one|two|three|four|five|six|seven|eight|nine|"  # en
    "uno|due|tre|quattro|cinque|sette|otto|nove|"  # it (`sei`, `you are`, left out)
    "dos|cuatro|seis|siete|ocho|nueve|"  # es
    "eins|zwei|drei|vier|sechs|sieben|acht|neun|null|"  # de
    "deux|trois|quatre|sept|huit|neuf"  # fr
)
# `three four seven one two`: five or more digit words in a row (digits may be mixed in).
SPELLED_PHONE = (
    rf"{START}(?:{_DIGIT_WORDS})(?:[{SPACE_CHARS},.\-/]+(?:{_DIGIT_WORDS}|[0-9]+)){{4,}}{END}"
)
MESSAGING_APPS = words(
    r"whats\W?app", "telegram", "signal app", "wechat", "viber", "kik", "snapchat", "skype",
    "line app",
)  # fmt: skip

# What a note is about.
_CALL = "(?:call|chat|demo|meeting|slot)"
SALES_PITCH = words(
    r"our (?:\w+ )?(?:services|solutions?|platform|agency|team|product|software|tool)",
    "we (?:help|build|provide|offer|deliver|specialize|specialise|work with)", "i help",
    "i offer", f"book a {_CALL}", f"schedule a {_CALL}", f"quick (?:[0-9]+.?minute )?{_CALL}",
    "[0-9]+.?minutes?", r"(?:free|quick) (?:\w+ )?(?:demo|audit|consultation|trial|assessment)",
    "worth a (?:quick )?(?:chat|call)", "send you (?:a|our) (?:short )?(?:deck|proposal|brochure)",
    "increase your", "boost your", "grow your", r"cut (?:your )?(?:\w+ )?costs?",
    "generate (?:more )?leads", "lead generation", "roi", r"outsourc\w*", "offshore",
    "nearshore", "discount", "pricing", "would love to show you", r"partnership opportunit\w*",
    r"calendly\.com",
    # Spanish, Italian, German, French, Portuguese: the markets of the policy article's readers
    "nuestros (?:servicios|productos)", "nuestra (?:solución|plataforma|empresa|agencia|herramienta)",
    "ayudamos a", "ofrecemos", "(?:agendar|programar|tener) una (?:breve )?(?:llamada|reunión)",
    "llamada rápida", "aumentar (?:tus|sus) ventas", "generación de leads",
    "i nostri (?:servizi|prodotti)", "la nostra (?:soluzione|piattaforma|azienda|agenzia)",
    "aiutiamo", "offriamo", "(?:una )?breve (?:call|chiamata)", "fissare (?:una )?(?:call|chiamata)",
    "aumentare (?:le tue|le vostre|il tuo|il vostro) (?:vendite|fatturato)",
    r"unsere (?:dienstleistungen|lösung\w*|plattform|agentur|software)", "wir helfen",
    "wir bieten", r"kostenlose\w* (?:demo|beratung|analyse)", "kurzes (?:gespräch|telefonat)",
    "termin vereinbaren", "umsatz steigern",
    "nos (?:services|solutions|produits)", "notre (?:solution|plateforme|agence|entreprise|outil)",
    "nous aidons", "nous proposons", "(?:un )?rapide (?:appel|échange)", "prendre rendez-vous",
    "nossos (?:serviços|produtos)", "nossa (?:solução|plataforma|empresa|agência)",
    "ajudamos", "oferecemos", "agendar uma (?:conversa|reunião|chamada)",
    "(?:demo|démo|demonstração) (?:gratuita|gratuite)",
)  # fmt: skip
RECRUITER_NOTE = words(
    r"i'?m (?:recruiting|hiring)", r"we(?:'re| are) hiring", r"recruit\w*", r"headhunt\w*",
    r"(?:exciting|great|new|interesting|career|job) opportunit(?:y|ies)",
    "(?:open|exciting|new|permanent) (?:role|position|vacancy)", "job (?:opening|offer)",
    r"vacanc(?:y|ies)", "your (?:profile|background|experience) (?:caught|stood|is|looks)",
    "open to (?:new )?(?:work|roles|opportunities|challenges)", "new challenges?",
    "career move", "next career", "confidential (?:chat|call|conversation)",
    "competitive (?:package|salary)", "talent acquisition", "great fit",
    # "send me your CV": a recruiter's template, not a personal note, whatever name it greets
    "cv", "(?:your|updated|the) (?:resume|résumé)", r"curriculum\w*", r"currícul\w*",
    r"lebenslauf\w*",
    "oferta de (?:empleo|trabajo)", "proceso de selección", r"vacantes?",
    r"oportunidad(?:es)? (?:laboral\w*|profesional\w*)", "estamos (?:buscando|contratando)",
    "posición abierta", "busco (?:un|una) (?:perfil|candidat[oa])",
    r"opportunità (?:di lavoro|lavorativ\w*|professional\w*)", r"posizion[ei] apert[ae]",
    "offerta di lavoro", "stiamo (?:cercando|assumendo)", "ricerca e selezione",
    r"stellenangebot\w*", "offene (?:stelle|position)", "wir suchen",
    "spannende (?:position|stelle|herausforderung)", r"karrierechance\w*", r"jobangebot\w*",
    "neue herausforderung", "offre d'emploi", "opportunité (?:professionnelle|de carrière)",
    "nous recrutons", "je recrute", "poste à pourvoir", "cabinet de recrutement",
    "nouveau défi", "vagas", "vaga (?:de|para|aberta)",
    "oportunidade de (?:emprego|trabalho|carreira)", "estamos (?:contratando|recrutando)",
    "processo seletivo",
)  # fmt: skip
GENERIC_NOTE = words(
    "add you to my (?:professional )?network",
    "join (?:my|your) (?:linkedin |professional )?network",
    "(?:like|love|happy|glad|good|great) to connect", "let'?s connect",
    "expand (?:my|our) (?:professional )?networks?", "grow (?:my|our) networks?",
    "came across your profile", "connect with (?:like-minded )?professionals", "open networker",
    "lion", "accept all invitations",
    r"me gustaría (?:agregarte|añadirte|conectar\w*)", "ampliar mi red",
    "(?:formar parte de|unirme a) tu red", "(?:encantad[oa]|feliz) de conectar",
    "vorrei (?:aggiungerti|collegarmi|connettermi)", "(?:ampliare|allargare) la mia rete",
    "(?:far parte della|entrare nella) tua rete",
    "mi piacerebbe (?:aggiungerti|collegarmi|connettermi)",
    "(?:meinem|ihrem|deinem) netzwerk hinzufügen", "mein netzwerk (?:erweitern|vergrößern)",
    "gerne (?:vernetzen|verbinden)", "mit (?:ihnen|dir) (?:zu )?vernetzen",
    "ajouter à mon réseau", "élargir mon réseau", "rejoindre (?:mon|votre) réseau",
    "adicionar (?:você )?(?:à|a) minha rede", "(?:expandir|ampliar) (?:a )?minha rede",
    "(?:fazer parte da|entrar na) sua rede",
)  # fmt: skip
SHARED_CONTEXT_NOTE = words(
    "we met", "met you", "nice meeting", "great meeting", "good to meet", "nice to meet",
    "conference", "webinar", "meetup", "summit", "forum", "panel", "workshop", "event",
    "your (?:talk|post|article|presentation|session|keynote)", "former colleague",
    "worked together", "working with you", "classmates?", r"alumn\w*",
    "introduced", "suggested (?:i|that i|we) (?:reach out|connect|contact)", "referred me",
    # the same in Spanish, Italian, German, French and Portuguese
    "ci siamo conosciuti", "kennengelernt", "nos (?:conocimos|vimos)", "rencontré(?:e|s|es)?",
    "trabajamos juntos", "compañer[oa]s? de (?:trabajo|clase|universidad|carrera)",
    "ex ?compañer[oa]s?", "conferencia", "congreso", "jornadas", "charla",
    "tu (?:ponencia|charla|artículo|publicación)", "abbiamo lavorato insieme",
    "ex ?colleg[ah]i?", "compagn[oi] di (?:corso|università|studi)", "convegno", "conferenza",
    "il tuo (?:intervento|articolo|post)", "zusammengearbeitet", r"ehemalige\w* kolleg\w*",
    r"studienkolleg\w*", "konferenz", "tagung", r"(?:ihr|dein)\w* vortrag",
    "travaillé ensemble", "ancien(?:ne)? collègue", "conférence", "congrès",
    "votre (?:intervention|article|présentation)", "trabalhamos juntos", "ex-?colega",
    "conferência", "congresso", "palestra",
)  # fmt: skip


# Every fixed pattern, by name: tests check each is RE2-valid and linear on hostile text.
PATTERNS: dict[str, str] = {
    name: value
    for name, value in dict(globals()).items()
    if name.isupper() and isinstance(value, str) and not name.startswith("_")
    and name not in {"START", "END", "SPACE", "SPACE_CHARS"}
}  # fmt: skip
