"""The word lists: RE2 validity, what each pattern finds and misses, linear time on hostile text."""

from __future__ import annotations

import unicodedata

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from linkedin_triage.signals import company_names, word_lists, word_patterns


def finds(pattern: str, text: str, ignore_case: bool = True) -> bool:
    """Run a pattern the way features.py does: RE2 on NFD text."""
    array = pc.utf8_normalize(pa.array([text]), form="NFD")
    return bool(pc.match_substring_regex(array, pattern, ignore_case=ignore_case)[0].as_py())


KEYWORD_PATTERNS = {
    "titles": word_patterns.keyword_pattern(["CTO", "Engineer", "Head of IT", "C++"]),
    "personal": word_patterns.keyword_pattern(
        ["Giulia", "Conti", "Lucía", "Reply", "Università Bocconi", "King's College"],
        proper_nouns=True,
    ),
    "city": word_patterns.keyword_pattern(["Zürich"], whole_word=False),
}


@pytest.mark.parametrize("name", sorted(word_lists.PATTERNS))
def test_every_fixed_pattern_compiles_in_re2(name: str) -> None:
    # pyarrow raises ArrowInvalid on syntax RE2 lacks (lookarounds, backreferences)
    result = pc.match_substring_regex(pa.array(["x", None]), word_lists.PATTERNS[name])
    assert result.to_pylist() == [False, None]


def test_the_pattern_table_holds_every_text_signal() -> None:
    expected = {"SCAM_WORDS", "LINK", "EMAIL", "PHONE", "SPELLED_PHONE", "MESSAGING_APPS"}
    expected |= {"SALES_PITCH", "RECRUITER_NOTE", "GENERIC_NOTE", "SHARED_CONTEXT_NOTE"}
    expected |= {"SENIORITY_TOP", "SENIORITY_MID", "SENIORITY_ENTRY"}
    assert expected <= set(word_lists.PATTERNS)
    assert not {"START", "END", "SPACE"} & set(word_lists.PATTERNS)


@pytest.mark.parametrize(
    ("text", "hit"),
    [
        ("Call me on +39 347 123 4567", True),
        ("whatsapp 3 4 7-1 2 3 4 5 6 7", True),
        ("tel. (02) 8765-4321 ext 99", True),
        ("3\u00a04\u00a07\u00a01\u00a02\u00a03\u00a04\u00a05\u00a06", True),  # no-break spaces
        ("See you on 2024-11-05", False),  # a date has 8 digits
        ("we grew revenue 35% in 2023", False),
    ],
)
def test_phone_numbers_with_separators(text: str, hit: bool) -> None:
    assert finds(word_lists.PHONE, text) is hit


@pytest.mark.parametrize(
    ("text", "hit"),
    [
        ("+39 three four seven one two three", True),
        ("call tre quattro sette uno due", True),
        ("three four 7 1 2 3", True),
        ("one or two things", False),
        ("someone gave nine tenths", False),
    ],
)
def test_spelled_out_phone_numbers(text: str, hit: bool) -> None:
    assert finds(word_lists.SPELLED_PHONE, text) is hit


@pytest.mark.parametrize(
    ("pattern", "text", "hit"),
    [
        ("LINK", "Register now: https://profit-now.click/a1", True),
        ("LINK", "see www.example.org", True),
        ("LINK", "join t.me/earnfast", True),
        ("LINK", "Founder at acme.io", True),
        ("LINK", "S.p.A. and Node.js are not links", False),
        ("EMAIL", "write me at anna.b12@gmail.com", True),
        ("EMAIL", "anna.b at gmail dot com", True),
        ("EMAIL", "we met at the summit", False),
        ("MESSAGING_APPS", "message me on WhatsApp", True),
        ("MESSAGING_APPS", "Whats-App me", True),
        ("MESSAGING_APPS", "join my Telegram group", True),
        ("MESSAGING_APPS", "IMO your talk was great", False),
        ("SCAM_WORDS", "I made $8,000 last week trading forex", True),
        ("SCAM_WORDS", "guaranteed profit, 40% monthly", True),
        ("SCAM_WORDS", "Hello dear, I want to know you better", True),
        ("SCAM_WORDS", "Passionate about digital transformation", False),
        ("SCAM_WORDS", "Cryptography researcher", True),  # crypto* is deliberately broad
    ],
)
def test_contact_and_scam_patterns(pattern: str, text: str, hit: bool) -> None:
    assert finds(word_lists.PATTERNS[pattern], text) is hit


@pytest.mark.parametrize(
    ("pattern", "text", "hit"),
    [
        ("SALES_PITCH", "we help companies like yours cut cloud costs", True),
        ("SALES_PITCH", "Open to a quick 15-minute call next week?", True),
        ("SALES_PITCH", "our AI platform automates lead generation", True),
        ("SALES_PITCH", "a free cybersecurity audit this month", True),
        ("SALES_PITCH", "Great meeting you at the summit", False),
        ("RECRUITER_NOTE", "I'm recruiting a Senior Consultant for a client", True),
        ("RECRUITER_NOTE", "I have an exciting opportunity that could be a great fit", True),
        ("RECRUITER_NOTE", "always happy to help with your next career move", True),
        ("RECRUITER_NOTE", "loved your talk about your role in the project", False),
        ("GENERIC_NOTE", "I'd like to add you to my professional network on LinkedIn.", True),
        ("GENERIC_NOTE", "Let's connect!", True),
        ("GENERIC_NOTE", "Great working with you at Reply", False),
        ("SHARED_CONTEXT_NOTE", "Great meeting you at the Retail Tech Day conference", True),
        ("SHARED_CONTEXT_NOTE", "Marco suggested I reach out to you", True),
        ("SHARED_CONTEXT_NOTE", "Ci siamo conosciuti a Torino", True),
        ("SHARED_CONTEXT_NOTE", "Nous nous sommes rencontrés à Lyon", True),
        ("SHARED_CONTEXT_NOTE", "I would like to connect", False),
    ],
)
def test_note_kind_patterns(pattern: str, text: str, hit: bool) -> None:
    assert finds(word_lists.PATTERNS[pattern], text) is hit


@pytest.mark.parametrize(
    ("pattern", "text", "hit"),
    [
        ("SALES_PITCH", "Ayudamos a empresas como la suya a reducir costes", True),
        ("SALES_PITCH", "Le propongo agendar una llamada de 15 minutos", True),
        ("SALES_PITCH", "I nostri servizi di consulenza potrebbero interessarti", True),
        ("SALES_PITCH", "Hätten Sie Zeit für ein kurzes Gespräch über unsere Lösungen?", True),
        ("SALES_PITCH", "Notre plateforme aide les équipes commerciales", True),
        ("SALES_PITCH", "Nossa solução reduz custos", True),
        ("SALES_PITCH", "Encantada de conocerte en el congreso", False),
        ("RECRUITER_NOTE", "Tengo una oferta de empleo que encaja con tu perfil", True),
        ("RECRUITER_NOTE", "Stiamo cercando un Senior Consultant per un cliente", True),
        ("RECRUITER_NOTE", "Wir suchen für unseren Kunden eine Leitung IT", True),
        ("RECRUITER_NOTE", "Nous recrutons un chef de projet à Lyon", True),
        ("RECRUITER_NOTE", "Temos uma vaga aberta em Lisboa", True),
        ("RECRUITER_NOTE", "Ci siamo conosciuti al convegno di Torino", False),
        ("GENERIC_NOTE", "Hola, me gustaría agregarte a mi red profesional", True),
        ("GENERIC_NOTE", "Ciao, vorrei aggiungerti alla mia rete", True),
        ("GENERIC_NOTE", "Ich würde Sie gerne meinem Netzwerk hinzufügen", True),
        ("GENERIC_NOTE", "Je souhaite vous ajouter à mon réseau", True),
        ("GENERIC_NOTE", "Trabajamos juntos en Telefónica", False),
        ("SHARED_CONTEXT_NOTE", "Trabajamos juntos en Telefónica hace años", True),
        ("SHARED_CONTEXT_NOTE", "Abbiamo lavorato insieme in Reply", True),
        ("SHARED_CONTEXT_NOTE", "Schön, Sie auf der Konferenz getroffen zu haben", True),
        ("SHARED_CONTEXT_NOTE", "J'ai beaucoup aimé votre intervention à Paris", True),
        ("SHARED_CONTEXT_NOTE", "Gostei da sua palestra", True),
        ("SHARED_CONTEXT_NOTE", "Me gustaría agregarte a mi red", False),
    ],
)
def test_note_kind_patterns_in_other_languages(pattern: str, text: str, hit: bool) -> None:
    assert finds(word_lists.PATTERNS[pattern], text) is hit


@pytest.mark.parametrize(
    ("pattern", "with_accents", "without"),
    [
        ("RECRUITER_NOTE", "proceso de selección abierto", "proceso de seleccion abierto"),
        ("RECRUITER_NOTE", "une opportunité de carrière", "une opportunite de carriere"),
        ("SHARED_CONTEXT_NOTE", "Nous nous sommes rencontrés", "Nous nous sommes rencontres"),
        (
            "GENERIC_NOTE",
            "Ich möchte mein Netzwerk vergrößern",
            "Ich mochte mein Netzwerk vergroßern",
        ),
    ],
)
def test_note_phrases_match_with_or_without_accents(
    pattern: str, with_accents: str, without: str
) -> None:
    assert finds(word_lists.PATTERNS[pattern], with_accents)
    assert finds(word_lists.PATTERNS[pattern], without)


def test_an_optional_accented_letter_stays_optional_as_a_whole() -> None:
    # `é?` must make the whole letter optional, accent included, not just its accent.
    pattern = word_patterns.words("caf(?:é)?s", "né?e")
    assert finds(pattern, "cafs") and finds(pattern, "cafés") and finds(pattern, "cafes")
    assert finds(pattern, "ne") and finds(pattern, "née") and finds(pattern, "nee")
    assert not finds(pattern, "nxe")


@pytest.mark.parametrize(
    ("text", "top", "mid", "entry"),
    [
        ("Co-Founder & CEO", True, False, False),
        ("Vice President, Sales", True, False, False),
        ("Engineering Manager", False, True, False),
        ("Marketing Intern", False, False, True),
        ("Senior Software Engineer", False, False, False),
        ("Leadership coach", False, False, False),  # `lead` only as a whole word
        ("Fundadora y Consejera Delegada", True, False, False),
        ("Amministratore Delegato", True, False, False),
        ("Geschäftsführer", True, False, False),
        ("Directeur Général", True, True, False),  # top wins over mid
        ("Jefa de Compras", False, True, False),
        ("Responsabile Acquisti", False, True, False),
        ("Leiter Einkauf", False, True, False),
        ("Estudiante de Ingeniería", False, False, True),
        ("Stagista Marketing", False, False, True),
        ("Werkstudent Data Science", False, False, True),
        ("Étudiante en droit", False, False, True),
        ("Socio AIDP", False, False, False),  # `socio` is also a plain member: not counted
    ],
)
def test_seniority_words(text: str, top: bool, mid: bool, entry: bool) -> None:
    assert finds(word_lists.SENIORITY_TOP, text) is top
    assert finds(word_lists.SENIORITY_MID, text) is mid
    assert finds(word_lists.SENIORITY_ENTRY, text) is entry


@pytest.mark.parametrize(
    ("text", "function"),
    [
        ("Ingeniero de Software", "engineering"),
        ("Sviluppatore Backend", "engineering"),
        ("Softwareentwickler", "engineering"),
        ("Développeuse full-stack", "engineering"),
        ("Directora de Ventas", "sales"),
        ("Leiter Vertrieb DACH", "sales"),
        ("Responsabile Risorse Umane", "people"),
        ("Responsable Achats", "procurement"),
        ("Responsável Financeira", "finance"),
        ("Enfermera en UCI", "health"),
        ("Avvocato d'affari", "legal"),
        ("Investigador en biología", "academic"),
        ("Fondatrice di una startup", "founder"),
    ],
)
def test_job_functions_in_other_languages(text: str, function: str) -> None:
    found = {name for name, pattern in word_lists.JOB_FUNCTIONS.items() if finds(pattern, text)}
    assert function in found


@pytest.mark.parametrize(
    ("pattern", "text", "hit"),
    [
        ("RECRUITER_PROFILE", "Técnica de Selección | RRHH", True),
        ("RECRUITER_PROFILE", "Selezionatrice presso Adecco", True),
        ("RECRUITER_PROFILE", "Personalberater IT", True),
        ("RECRUITER_PROFILE", "Chargée de recrutement", True),
        ("RECRUITER_PROFILE", "Ingeniero de Software", False),
        ("SALES_PROFILE", "Director Comercial Iberia", True),
        ("SALES_PROFILE", "Key Account Manager Vertrieb", True),
        ("SALES_PROFILE", "Ingénieur commercial", True),
        ("SALES_PROFILE", "Enfermera en UCI", False),
    ],
)
def test_recruiter_and_sales_profiles_in_other_languages(
    pattern: str, text: str, hit: bool
) -> None:
    assert finds(word_lists.PATTERNS[pattern], text) is hit


@pytest.mark.parametrize(
    ("text", "hit"),
    [
        ("Sr. Engineer", True),
        ("Senior engineers wanted", True),  # plural
        ("Engineering Manager", False),  # whole word: `Engineer` is not `Engineering`
        ("CTO @ Acme", True),
        ("Director, head of   IT", True),  # case and runs of spaces
        ("HEAD-OF-IT", True),
        ("Head of ITALY sales", False),
        ("Victor", False),  # `cto` inside a word
        ("C++ developer", True),  # a keyword ending in punctuation
    ],
)
def test_title_keywords_are_whole_words(text: str, hit: bool) -> None:
    assert finds(KEYWORD_PATTERNS["titles"], text, ignore_case=False) is hit


@pytest.mark.parametrize(
    ("text", "hit"),
    [
        ("Hi Giulia!", True),
        ("hi giulia", False),  # a proper noun keeps its capital
        ("GIULIA", True),
        ("Hola Lucia", True),  # the accent is optional
        ("Hola Lucía", True),
        ("Hola Luci\u0301a", True),  # decomposed accent
        ("Looking forward to your reply", False),  # `Reply` the company, not the word
        ("Great years at Reply.", True),
        ("fellow Universita Bocconi alum", True),
        ("at Università  Bocconi", True),
        ("King’s College", True),  # typographic apostrophe
        ("Contini", False),
        ("Giulian", False),
    ],
)
def test_personal_keywords(text: str, hit: bool) -> None:
    assert finds(KEYWORD_PATTERNS["personal"], text, ignore_case=False) is hit


def test_accented_keyword_ends_on_a_real_word_boundary() -> None:
    # RE2's `\b` is ASCII-only: it would see no boundary after `é` and miss `José,`
    pattern = word_patterns.keyword_pattern(["José"], proper_nouns=True)
    assert pattern is not None
    assert finds(pattern, "Hola José, ¿qué tal?", ignore_case=False)
    assert not finds(pattern, "Joséphine", ignore_case=False)


def test_city_prefix_matches_local_spellings() -> None:
    pattern = KEYWORD_PATTERNS["city"]
    assert finds(pattern, "Zurich, Switzerland", ignore_case=False)
    assert finds(pattern, "Greater Zürich Area", ignore_case=False)
    assert not finds(pattern, "Winterthur, Switzerland", ignore_case=False)


def test_keyword_pattern_without_keywords_is_none() -> None:
    assert word_patterns.keyword_pattern([]) is None
    assert word_patterns.keyword_pattern(["  ", ""]) is None


@pytest.mark.parametrize(
    ("name", "tokens"),
    [
        ("Capgemini S.p.A.", ("capgemini",)),
        ("CAPGEMINI", ("capgemini",)),
        ("Capgemini, Inc.", ("capgemini",)),
        ("Capgemini SE", ("capgemini",)),
        ("Talentwerk Berlin GmbH & Co. KG", ("talentwerk", "berlin")),
        ("Crédit Agricole", ("credit", "agricole")),
        ("EuroFreight Lines B.V.", ("eurofreight", "lines")),
        ("Company", ("company",)),  # never emptied
    ],
)
def test_company_tokens_drop_case_accents_punctuation_and_legal_forms(
    name: str, tokens: tuple[str, ...]
) -> None:
    assert company_names.company_tokens(name) == tokens


def test_without_legal_form_keeps_the_name_people_write() -> None:
    assert company_names.without_legal_form("Talentwerk Berlin GmbH") == "Talentwerk Berlin"
    assert company_names.without_legal_form("Capgemini, S.p.A.") == "Capgemini"
    assert company_names.without_legal_form("Reply") == "Reply"


def test_fold_removes_case_and_accents() -> None:
    assert word_patterns.fold("Crédit AGRICOLE") == "credit agricole"
    assert word_patterns.fold(unicodedata.normalize("NFD", "Zürich")) == "zurich"
    # letters whose stroke is part of the letter do not decompose: folded by hand
    assert word_patterns.fold("Ørsted ŁÓDŹ Mærsk") == "orsted lodz maersk"
    assert company_names.company_tokens("ORSTED") == company_names.company_tokens("Ørsted")


HOSTILE_TEXTS = {
    "100k a": "a" * 100_000,
    "repeated +39 3 4": "+39 3 4 " * 12_500,
    "a-a-a- then accent": "a-" * 50_000 + "é",
    "dotted words": "a." * 50_000 + "é",
    "digit then spaces": "1" + " " * 100_000 + "x",
    "digit words": "one " * 25_000 + "é",
    "bidi overrides": "\u202e\u202d\u2066" * 33_000 + "Giulia",
    "NUL bytes": "\x00" * 100_000,
    "at signs": "a@" * 50_000,
}


@pytest.mark.parametrize(
    ("text", "hit"),
    [
        ("Recruiter | Hiring engineers", True),
        ("Talent Partner · We're hiring in Berlin", True),
        ("Hiring Manager at Acme", False),  # the first part is the person's own job
        ("Helping CFOs close faster | AE", True),
        ("Sales | Aiuto le aziende a crescere", True),
        ("Aiuto cuoco presso Trattoria Da Mario", False),  # a kitchen assistant's job
        ("Helpinghand Ltd | Founder", False),  # whole words only
        ("Vertrieb | Wir suchen Entwickler", True),
    ],
)
def test_headline_parts_about_other_people(text: str, hit: bool) -> None:
    assert finds(word_lists.OTHER_PEOPLE_CLAUSE, text) is hit


@pytest.mark.parametrize("label", sorted(HOSTILE_TEXTS))
def test_every_pattern_is_linear_on_hostile_text(label: str) -> None:
    # RE2 runs in time linear in the text by construction and raises on any pattern it
    # could not run so (backreferences, lookaround): running here is the proof, not a clock.
    array = pc.utf8_normalize(pa.array([HOSTILE_TEXTS[label]]), form="NFD")
    patterns = {**word_lists.PATTERNS, **KEYWORD_PATTERNS}
    for name, pattern in patterns.items():
        try:
            pc.match_substring_regex(array, pattern, ignore_case=True)
        except pa.ArrowInvalid as error:
            pytest.fail(f"{name}: RE2 cannot run it on {label} ({error})")
