"""The deterministic synthetic sample: invented connection requests and their true p_accept.

Every person, company, note and phone number here is invented. A request is drawn in two
steps: first its latent traits (archetype, country, function, seniority, shared employer or
school, true mutual and connection counts, kind of note), then the table as a scraper would
show it (formats mixed, values missing because enrichment is partial). The persona's hidden
decision function turns the latent traits into p_accept = sigmoid(weighted sum); the label is
a Bernoulli draw from it, so even a perfect model stays well below AUC 1.0. It deliberately
imports nothing from features.py or rules.py: benchmarks test whether the learner recovers
an independent truth.

Archetype shares in % per persona (`Persona.archetype_shares`; traits in ARCHETYPE_TABLE):

| archetype   | consultant | recruiter | private | typical traits                                |
|-------------|-----------:|----------:|--------:|-----------------------------------------------|
| colleague   |          9 |         6 |      13 | shared employer, many mutuals, personal note  |
| alumni      |          6 |         4 |      10 | shared school, some mutuals, same country     |
| prospect    |         17 |        30 |       4 | interest industry/title (recruiter: engineers) |
| peer        |         13 |        11 |      10 | same industry and function as the persona     |
| competitor  |          6 |         5 |       2 | employer in interests.competitors, varied case |
| remote      |         11 |         8 |      15 | another continent, unrelated industry         |
| networker   |          7 |         9 |       9 | LION: 500+ connections, few mutuals           |
| recruiter   |          7 |         4 |      10 | Staffing and Recruiting, recruiter template   |
| salesperson |         11 |        12 |      12 | sales/bizdev title, pitch note                |
| student     |          6 |         3 |       6 | student or intern, few connections            |
| fake        |          7 |         8 |       9 | no photo, few connections, new, scam note     |

Measured at seed 7 with 2,000 + 200 rows (in brackets the bands tests/test_sample.py holds):
accept rate consultant 48% [40-55], recruiter 53% [45-60], private 20% [15-25]; Bayes
ROC-AUC (p_accept against the drawn labels) 0.89, 0.89, 0.90 [0.85-0.93]; fakes 6-9% of
requests [5-10], about 1 in 300 accepted.
"""

from __future__ import annotations

import functools
import random
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, TypeVar
from urllib.parse import quote

import numpy as np
import pandas as pd

from linkedin_triage.errors import TriageError
from linkedin_triage.io import atomic_path
from linkedin_triage.policy import Policy, policy_from_dict, policy_to_toml

# Fixed calendar, so the same seed gives the same bytes on any day.
T = TypeVar("T")

HISTORY_START = np.datetime64("2024-11-01T00:00", "m")
PENDING_START = np.datetime64("2026-10-15T00:00", "m")
REFERENCE_END = np.datetime64("2026-11-01T00:00", "m")

REQUEST_COLUMNS = (
    "request_id", "name", "received_at", "message", "profile_url", "headline", "title",
    "company", "industry", "location", "country", "mutual_connections", "connections",
    "followers", "has_photo", "verified", "joined_on", "about", "experience_count",
    "education_count", "skills_count", "recommendations_count", "past_companies", "schools",
)  # fmt: skip
HISTORY_COLUMNS = (*REQUEST_COLUMNS, "decision", "decided_at")
TRUTH_COLUMNS = ("request_id", "split", "p_accept", "decision", "archetype")


def _records(table: str) -> list[list[str]]:
    """Rows of a `|`-separated text table; indented lines continue the row above."""
    rows: list[str] = []
    for line in table.strip("\n").splitlines():
        if line[:1].isspace() and rows:
            rows[-1] += " " + line.strip()
        elif line.strip():
            rows.append(line.strip())
    return [[cell.strip() for cell in row.split("|")] for row in rows]


def _items(cell: str) -> tuple[str, ...]:
    """A `;`-separated list cell as a tuple."""
    return tuple(item.strip() for item in cell.split(";") if item.strip())


# -- vocabulary: invented people, companies and places; real LinkedIn industry labels ---------
# culture | first names | last names
NAMES_TABLE = """
italian | Marco; Luca; Giulia; Francesca; Alessandro; Chiara; Matteo; Sara; Andrea; Elena; Davide;
    Federica; Niccolò; Lorenzo; Martina; Simone
  | Rossi; Bianchi; Ferrari; Esposito; Romano; Colombo; Ricci; Marino; Greco; Bruno; Gallo; Conti;
    De Luca; Mancini; Lombardi; Fabbri
german | Lukas; Anna; Jonas; Lea; Felix; Sophie; Maximilian; Laura; Jürgen; Katharina; Tobias;
    Hannah; Sebastian; Julia
  | Müller; Schmidt; Schneider; Fischer; Weber; Meyer; Wagner; Becker; Schulz; Hoffmann; Schröder;
    Koch; Bauer; Krüger
french | Camille; Louis; Chloé; Hugo; Léa; Thomas; Manon; Nicolas; Élodie; François; Julien; Hélène;
    Mathieu
  | Martin; Bernard; Dubois; Robert; Richard; Petit; Durand; Leroy; Moreau; Lefèvre; Girard; Mercier
spanish | José; María; Lucía; Javier; Carmen; Alejandro; Sofía; Pablo; Marta; Diego; Elena; Álvaro
  | García; Fernández; González; Rodríguez; López; Martínez; Sánchez; Pérez; Gómez; Ruiz; Díaz;
    Muñoz
english | James; Emma; Oliver; Olivia; William; Jack; Emily; Harry; Charlotte; Daniel; Michael;
    Sarah; Ryan; Jessica; Grace
  | Smith; Jones; Williams; Taylor; Brown; Davies; Evans; Wilson; Johnson; Walker; Wright; Thompson;
    Clarke; Hughes
indian | Aarav; Priya; Rahul; Ananya; Vikram; Sneha; Arjun; Kavya; Rohan; Divya; Aditya; Pooja;
    Karthik
  | Sharma; Patel; Iyer; Reddy; Gupta; Nair; Singh; Kumar; Mehta; Rao; Joshi; Menon; Krishnan
nigerian | Chinedu; Ngozi; Oluwaseun; Funmilayo; Emeka; Aisha; Tunde; Chiamaka; Ibrahim; Adaeze;
    Segun
  | Okafor; Adeyemi; Okonkwo; Balogun; Eze; Bello; Nwosu; Adebayo; Ogunleye; Obi; Abubakar; Olawale
portuguese | João; Ana; Pedro; Beatriz; Lucas; Mariana; Gabriel; Juliana; Rafael; Camila; Thiago
  | Silva; Santos; Oliveira; Souza; Pereira; Costa; Rodrigues; Almeida; Gonçalves; Ferreira; Ribeiro
chinese | Wei; Fang; Jing; Lei; Xiaoming; Yan; Hao; Min; Jun; Mei; Tao; Ying
  | Wang; Li; Zhang; Liu; Chen; Yang; Huang; Zhao; Wu; Zhou; Xu; Sun
polish | Łukasz; Katarzyna; Piotr; Agnieszka; Tomasz; Magdalena; Paweł; Anna; Michał; Joanna
  | Nowak; Kowalski; Wiśniewski; Wójcik; Kowalczyk; Kamiński; Lewandowski; Zieliński
dutch | Daan; Sanne; Eva; Bram; Lotte; Thijs; Femke; Ruben; Iris; Jeroen
  | de Jong; Jansen; de Vries; van den Berg; Bakker; Visser; Smit; Meijer; van Dijk
arabic | Mohammed; Fatima; Ahmed; Layla; Omar; Mariam; Yusuf; Noor; Khalid; Sara
  | Al-Mansouri; Haddad; Khan; Rahman; Hassan; Saleh; Aziz; Farouk; Qureshi
"""
NAMES = {row[0]: (_items(row[1]), _items(row[2])) for row in _records(NAMES_TABLE)}
CULTURES = tuple(NAMES)

# code | English name | continent | naming culture | share of members |
#   cities as City/Region | bare metro areas (no country part: it must be derived)
COUNTRIES_TABLE = """
IT | Italy | EU | italian | 3.0 | Milan/Lombardy; Rome/Lazio; Turin/Piedmont;
    Bologna/Emilia-Romagna;
    Naples/Campania; Florence/Tuscany
  | Greater Milan Metropolitan Area; Greater Rome Metropolitan Area; Greater Turin Metropolitan Area
DE | Germany | EU | german | 3.0 | Berlin/Berlin; Munich/Bavaria; Hamburg/Hamburg; Frankfurt/Hesse;
    Stuttgart/Baden-Württemberg; Cologne/North Rhine-Westphalia
  | Greater Munich Metropolitan Area; Berlin Metropolitan Area; Greater Hamburg Area
FR | France | EU | french | 3.5 | Paris/Île-de-France; Lyon/Auvergne-Rhône-Alpes;
    Toulouse/Occitanie;
    Lille/Hauts-de-France; Nantes/Pays de la Loire
  | Greater Paris Metropolitan Region; Greater Lyon Area
CH | Switzerland | EU | german | 0.7 | Zurich/Zurich; Geneva/Geneva; Basel/Basel-City;
    Lausanne/Vaud;
    Lugano/Ticino
  | Greater Zurich Area; Greater Geneva Area
ES | Spain | EU | spanish | 3.0 | Madrid/Community of Madrid; Barcelona/Catalonia;
    Valencia/Valencian Community; Seville/Andalusia; Bilbao/Basque Country
  | Greater Madrid Metropolitan Area; Greater Barcelona Metropolitan Area
GB | United Kingdom | EU | english | 5.0 | London/England; Manchester/England; Edinburgh/Scotland;
    Bristol/England; Leeds/England
  | Greater London; Greater Manchester Area
NL | Netherlands | EU | dutch | 1.5 | Amsterdam/North Holland; Rotterdam/South Holland;
    Utrecht/Utrecht; Eindhoven/North Brabant
  | Amsterdam Area
AT | Austria | EU | german | 0.4 | Vienna/Vienna; Graz/Styria; Linz/Upper Austria
  | Vienna Metropolitan Area
PL | Poland | EU | polish | 1.0 | Warsaw/Masovian; Kraków/Lesser Poland; Wrocław/Lower Silesian;
    Gdańsk/Pomeranian
  | Warsaw Metropolitan Area
PT | Portugal | EU | portuguese | 0.5 | Lisbon/Lisbon; Porto/Porto; Braga/Braga
  | Lisbon Metropolitan Area
BE | Belgium | EU | dutch | 0.6 | Brussels/Brussels Region; Antwerp/Flemish Region
  | Brussels Metropolitan Area
IE | Ireland | EU | english | 0.4 | Dublin/County Dublin; Cork/County Cork |
US | United States | AM | english | 20.0 | New York/New York; San Francisco/California;
    Austin/Texas;
    Chicago/Illinois; Seattle/Washington; Boston/Massachusetts; Miami/Florida
  | New York City Metropolitan Area; San Francisco Bay Area; Greater Chicago Area; Greater Boston;
    Greater Seattle Area; Los Angeles Metropolitan Area
CA | Canada | AM | english | 2.5 | Toronto/Ontario; Vancouver/British Columbia; Montreal/Quebec
  | Greater Toronto Area
BR | Brazil | AM | portuguese | 6.0 | São Paulo/São Paulo; Rio de Janeiro/Rio de Janeiro;
    Belo Horizonte/Minas Gerais; Curitiba/Paraná
  | São Paulo Metropolitan Area
MX | Mexico | AM | spanish | 3.0 | Mexico City/Mexico City; Guadalajara/Jalisco;
    Monterrey/Nuevo León
  | Mexico City Metropolitan Area
IN | India | AS | indian | 14.0 | Bengaluru/Karnataka; Mumbai/Maharashtra; Pune/Maharashtra;
    Hyderabad/Telangana; Chennai/Tamil Nadu; Gurugram/Haryana
  | Greater Bengaluru Area; Mumbai Metropolitan Region; Greater Delhi Area
CN | China | AS | chinese | 4.0 | Shanghai/Shanghai; Beijing/Beijing; Shenzhen/Guangdong;
    Hangzhou/Zhejiang |
SG | Singapore | AS | chinese | 0.7 | Singapore/ |
AE | United Arab Emirates | AS | arabic | 1.0 | Dubai/Dubai; Abu Dhabi/Abu Dhabi
  | Dubai Metropolitan Area
PK | Pakistan | AS | arabic | 1.5 | Karachi/Sindh; Lahore/Punjab; Islamabad/ |
PH | Philippines | AS | english | 2.0 | Manila/National Capital Region; Cebu City/Central Visayas |
NG | Nigeria | AF | nigerian | 2.0 | Lagos/Lagos State; Abuja/Federal Capital Territory;
    Ibadan/Oyo State
  | Lagos Metropolitan Area
"""


@dataclass(frozen=True)
class Place:
    """A country as LinkedIn shows it: its cities, metro areas and who tends to live there."""

    name: str
    continent: str
    culture: str
    weight: float  # share of LinkedIn members, roughly
    cities: tuple[tuple[str, str], ...]  # (city, region); region "" when LinkedIn shows none
    metros: tuple[str, ...]


def _place(row: list[str]) -> Place:
    _, name, continent, culture, weight, cities, metros = row
    pairs = tuple((city.partition("/")[0], city.partition("/")[2]) for city in _items(cities))
    return Place(name, continent, culture, float(weight), pairs, _items(metros))


COUNTRIES = {row[0]: _place(row) for row in _records(COUNTRIES_TABLE)}
COUNTRY_CODES = tuple(COUNTRIES)

# function | titles by seniority: 0 intern/student, 1 junior, 2 senior, 3 manager, 4 head, 5 exec
FUNCTIONS_TABLE = """
engineering | Software Engineering Intern; Software Engineer; Sr. Software Engineer;
    Engineering Manager; Head of Engineering; CTO
data | Data Science Intern; Data Analyst; Senior Data Scientist; Data Science Manager;
    Director of Data & Analytics; Chief Data Officer
devops | DevOps Intern; DevOps Engineer; Senior Site Reliability Engineer;
    Platform Engineering Manager; Head of Platform; VP Infrastructure
it | IT Intern; IT Specialist; Sr. IT Systems Analyst; IT Manager; Head of IT; CIO
consulting | Consulting Intern; Consultant; Senior Consultant; Manager; Director; Partner
sales | Sales Intern; Sales Development Representative; Sr. Account Executive; Sales Manager;
    Head of Sales; VP Sales
bizdev | Business Development Intern; Business Development Representative;
    Senior Business Developer; Business Development Manager; Director of Business Development;
    Chief Commercial Officer
marketing | Marketing Intern; Marketing Specialist; Senior Marketing Specialist; Marketing Manager;
    Head of Marketing; CMO
recruiting | HR Intern; Recruiter; Sr. Technical Recruiter; Talent Acquisition Manager;
    Head of Talent Acquisition; Chief People Officer
procurement | Procurement Intern; Buyer; Senior Buyer; Procurement Manager; Head of Procurement;
    Chief Procurement Officer
finance | Finance Intern; Financial Analyst; Sr. Financial Analyst; Finance Manager;
    Finance Director; CFO
operations | Operations Intern; Operations Analyst; Senior Operations Specialist;
    Operations Manager; Director of Operations; COO
health | Nursing Student; Registered Nurse; Senior Nurse; Nurse Manager; Head of Nursing;
    Chief Medical Officer
academic | PhD Student; Research Associate; Postdoctoral Researcher; Assistant Professor; Professor;
    Dean
founder | Founder; Co-Founder; Founder & CEO; Owner; Managing Director; CEO
"""
FUNCTIONS = {row[0]: _items(row[1]) for row in _records(FUNCTIONS_TABLE)}
ENGINEERING_FUNCTIONS = ("engineering", "data", "devops")
SALES_FUNCTIONS = ("sales", "bizdev")

# LinkedIn industry label | relative size | functions it employs | invented employers
INDUSTRIES_TABLE = """
IT Services and IT Consulting | 8 | consulting; engineering; it; data; devops; sales
  | Nexora Consulting; Bluefield Digital; Sistemi Avanzati S.r.l.; Kappa Tech Solutions;
    Datavia Group; Orbis IT Services GmbH; Helix Systems Ltd
Software Development | 9 | engineering; data; devops; sales; marketing; founder
  | Cloudyard; Finlo Labs; Quantic Software AG; Tessera.io; Brightloop Inc.; Stackwise;
    Nordlicht Software GmbH
Banking | 5 | it; finance; operations; data; procurement
  | Banca Meridiana S.p.A.; Alpenbank AG; Banque du Rhône; First Harbor Bank; Iberia Capital Bank
Financial Services | 5 | finance; sales; operations; data; it
  | Trustline Payments; Credimax Finance; Valoris Wealth Partners; Lumen Pay Ltd
Insurance | 3 | finance; it; operations; sales
  | Assicurazioni Aurora S.p.A.; Helvetia Nova Versicherungen; SafeHarbor Insurance
Manufacturing | 7 | operations; procurement; it; engineering; finance
  | Meccanica Lombarda S.p.A.; Nordwerk Industrie GmbH; Atelier Dufresne SAS;
    Polimeri Brianza S.r.l.; Steelbridge Manufacturing Ltd; Fabbrica Riva S.p.A.
Industrial Machinery Manufacturing | 3 | operations; procurement; engineering; sales
  | Rheinmaschinen AG; Oleodinamica Veneta S.p.A.; Motion Drives Ltd
Motor Vehicle Manufacturing | 2 | operations; engineering; procurement
  | Autowerke Süd GmbH; Veloce Motori S.p.A.
Retail | 6 | operations; marketing; it; procurement; sales
  | Mercato Verde S.p.A.; ModaCasa Retail; Kaufhaus Lindner GmbH; Boutiques Lemaire SA;
    Freshway Stores Ltd
Staffing and Recruiting | 5 | recruiting; sales
  | TalentHub Europe; PeopleFirst Staffing; Kandidat Partner GmbH; Selezione Persone S.r.l.;
    TechHire Ltd
Human Resources Services | 2 | recruiting | HR Compass Services; Personalwerk GmbH
Hospitals and Health Care | 5 | health; operations; it
  | Ospedale San Carlo; Klinikum Nordstadt; Clínica Santa Lucía; Saint Mary Medical Center
Higher Education | 4 | academic; it
  | Università di Pavia; Universität Freiburg; Université de Lyon; Universidad de Valencia
Marketing Services | 3 | marketing; sales; founder | Brandwave Agency; Pixel & Verbo S.r.l.;
    GrowthForge
Advertising Services | 2 | marketing; sales | AdVantage Media; Spotlight ADV
Real Estate | 3 | sales; finance; operations
  | Casa Domus Immobiliare; Urbanhaus Immobilien GmbH; Keystone Realty
Telecommunications | 3 | engineering; it; sales; operations
  | Telenova S.p.A.; Netzwelle AG; Orbitel Communications
Pharmaceutical Manufacturing | 2 | operations; procurement; data
  | Farmaceutici Alpina S.p.A.; Biovera Pharma AG
Business Consulting and Services | 4 | consulting; finance; operations
  | Strategos Advisory; Meridian Management Consulting; Conseil Arcadie SAS
Government Administration | 2 | operations; it
  | Comune di Bergamo; Stadtverwaltung Kassel; Ministry of Digital Affairs
Transportation, Logistics, Supply Chain and Storage | 3 | operations; procurement; it
  | Trasporti Padani S.r.l.; Logistica Express; EuroFreight Lines BV
Investment Management | 2 | finance; sales | Granite Peak Capital; Alba Asset Management
Food and Beverage Services | 2 | operations; marketing | Gusto Italiano S.r.l.;
    Brasserie Nouvelle SAS
"""
INDUSTRIES = {
    row[0]: (float(row[1]), _items(row[2]), _items(row[3])) for row in _records(INDUSTRIES_TABLE)
}
INDUSTRY_NAMES = tuple(INDUSTRIES)

# country (or "other") | schools
SCHOOLS_TABLE = """
IT | Politecnico di Milano; Università Bocconi; Università di Bologna; Sapienza Università di Roma;
    Politecnico di Torino
DE | Technische Universität München; Humboldt-Universität zu Berlin; RWTH Aachen University;
    Universität Hamburg
FR | Sorbonne Université; HEC Paris; École Polytechnique; INSA Lyon
CH | ETH Zürich; EPFL; Universität Zürich
ES | Universidad Complutense de Madrid; Universitat de Barcelona; IE Business School;
    Universidad Politécnica de Madrid
GB | University of Manchester; Imperial College London; University of Edinburgh;
    King's College London
US | University of Texas at Austin; Georgia Institute of Technology; Boston University;
    University of Washington
IN | IIT Bombay; Anna University; VIT University; University of Delhi; BITS Pilani
NG | University of Lagos; Obafemi Awolowo University; Covenant University
BR | Universidade de São Paulo; UNICAMP; PUC-Rio
CN | Tsinghua University; Fudan University; Zhejiang University
PL | Warsaw University of Technology; Jagiellonian University
NL | TU Delft; University of Amsterdam
other | Open University; Coursera; Udemy Academy; Online MBA Institute
"""
SCHOOLS = {row[0]: _items(row[1]) for row in _records(SCHOOLS_TABLE)}

# function | what people in it write about
TOPICS_TABLE = """
engineering | cloud architecture; distributed systems; Java; Python; Kubernetes
data | machine learning; data platforms; analytics; forecasting
devops | Kubernetes; CI/CD; observability; cloud cost
it | digital transformation; ERP; IT governance; cybersecurity
consulting | digital transformation; SAP; process improvement; change management
sales | enterprise sales; SaaS; customer success; negotiation
bizdev | partnerships; growth; new markets; lead generation
marketing | brand strategy; performance marketing; content; SEO
recruiting | tech hiring; employer branding; talent acquisition
procurement | strategic sourcing; supplier management; cost optimisation
finance | FP&A; controlling; M&A; risk management
operations | lean manufacturing; supply chain; operational excellence
health | patient care; intensive care; clinical quality
academic | research; teaching; computational biology; economics
founder | startups; innovation; fundraising; product
"""
TOPICS = {row[0]: _items(row[1]) for row in _records(TOPICS_TABLE)}

FAKE_TITLES = _items(
    "Investment Advisor; Crypto Trader; Forex Trader; CEO; Manager; Business Owner; "
    "Financial Advisor; Entrepreneur; Army Doctor; Account Manager"
)
FAKE_COMPANIES = _items("Self-employed; Global Invest Ltd; Binary Trading Group; Freelance")
FAKE_HEADLINES = (
    "Crypto Investment Advisor | Forex Expert | DM for profits",
    "Financial freedom coach 💰 WhatsApp me",
    "Bitcoin mining expert | Helping you earn passive income",
    "CEO | Investor | Philanthropist",
    "Work from home opportunities - Telegram @earnfast_now",
)


# -- archetypes: who sends requests, and their typical traits ---------------------------------
# archetype | median true mutuals | median true connections |
#   where they live: home market europe remote world | note: none personal generic sales
#   recruiter scam      (prospects live where the persona says: Persona.prospect_geo)
ARCHETYPE_TABLE = """
colleague   |  22 |   450 | 0.80 0.15 0.05 0    0    | 0.60 0.32 0.08 0    0    0
alumni      |   8 |   350 | 0.85 0    0.10 0    0.05 | 0.62 0.28 0.10 0    0    0
prospect    | 2.5 |   700 | -                        | 0.75 0.10 0.15 0    0    0
peer        |   5 |   500 | 0.55 0    0.30 0    0.15 | 0.72 0.12 0.16 0    0    0
competitor  |   7 |   500 | 0.70 0.30 0    0    0    | 0.70 0.10 0.20 0    0    0
remote      | 0.4 |   300 | 0    0    0    1    0    | 0.75 0    0.23 0.02 0    0
networker   | 1.5 | 12000 | 0.10 0    0.30 0.60 0    | 0.50 0    0.50 0    0    0
recruiter   |   3 |  2500 | 0.50 0    0.30 0    0.20 | 0.45 0    0.10 0    0.45 0
salesperson | 1.2 |  1200 | 0.30 0    0.30 0    0.40 | 0.45 0    0.10 0.45 0    0
student     | 1.5 |   120 | 0.50 0    0.20 0.30 0    | 0.55 0.05 0.40 0    0    0
fake        | 0.2 |    25 | 0    0    0    0.50 0.50 | 0.30 0    0.12 0    0    0.58
"""
GEO_MODES = ("home", "market", "europe", "remote", "world")
NOTE_KINDS = ("none", "personal", "generic", "sales", "recruiter", "scam")


@dataclass(frozen=True)
class Archetype:
    """Typical traits of one kind of sender (see ARCHETYPE_TABLE)."""

    mutuals_median: float
    connections_median: float
    geo: tuple[float, ...] | None  # GEO_MODES shares; None: the persona decides
    notes: tuple[float, ...]  # NOTE_KINDS shares


def _numbers(cell: str) -> tuple[float, ...] | None:
    return None if cell == "-" else tuple(float(x) for x in cell.split())


TRAITS = {
    row[0]: Archetype(float(row[1]), float(row[2]), _numbers(row[3]), _numbers(row[4]) or ())
    for row in _records(ARCHETYPE_TABLE)
}
ARCHETYPES = tuple(TRAITS)
SENIORITY_SHARES = (0.02, 0.28, 0.30, 0.22, 0.12, 0.06)  # 0 intern .. 5 executive


# -- the personas -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Persona:
    """Whose requests are simulated: the public policy plus the hidden way they decide."""

    name: str
    description: str
    policy: Policy
    archetype_shares: Mapping[str, float]  # share of requests per archetype (sums to 1)
    weights: Mapping[str, float]  # hidden logit weights over `_signals`, "bias" included
    home_functions: tuple[str, ...]  # what colleagues, peers and competitors do
    interest_functions: tuple[tuple[str, int], ...]  # (function, minimum seniority) wanted
    prospect_geo: tuple[float, ...]  # where prospects live, GEO_MODES shares
    events: tuple[str, ...]  # where people met the persona (for personal notes)
    language: str  # home language of some personal notes
    pitch_role: str  # what recruiters pitch to them


def _policy(me: dict[str, object], interests: dict[str, object], precision: float) -> Policy:
    data = {"me": me, "interests": interests, "decisions": {"target_precision": precision}}
    return policy_from_dict(data, source="sample persona")


def _shares(percentages: Sequence[float]) -> dict[str, float]:
    total = float(sum(percentages))
    return {a: v / total for a, v in zip(ARCHETYPES, percentages, strict=True)}


# The weights say, in the open, what a good model should learn from each persona's labels.
# fmt: off
PERSONAS: dict[str, Persona] = {
    "consultant": Persona(
        name="consultant",
        description="IT consultant in Milan selling to manufacturing, retail and banking in "
                    "IT/CH/DE/FR; likes prospects and colleagues, wary of competitors; small "
                    "network, so she accepts somewhat more.",
        policy=_policy(
            {"name": "Giulia Conti", "industry": "IT Services and IT Consulting", "country": "IT",
             "city": "Milan", "companies": ["Reply", "Accenture"],
             "schools": ["Politecnico di Milano"], "connections": 240},
            {"industries": ["Manufacturing", "Retail", "Banking"],
             "titles": ["CTO", "CIO", "Head of IT", "Founder", "Procurement"],
             "markets": ["IT", "CH", "DE", "FR"], "competitors": ["Capgemini", "Deloitte"]},
            0.95,
        ),
        archetype_shares=_shares((9, 6, 17, 13, 6, 11, 7, 7, 11, 6, 7)),
        weights={
            "bias": -1.53, "critical_mass": 0.32,  # 240 connections: accepting more helps
            "mutuals_log": 0.44, "shared_employer": 1.44, "shared_school": 0.72,
            "interest_industry": 0.8, "interest_title": 1.04, "seniority": 0.48,
            "same_industry": 0.24, "in_market": 0.56, "other_continent": -1.04,
            "note_personal": 0.8, "note_generic": 0.08, "note_sales": -0.72,
            "note_recruiter": -0.24, "note_scam": -2.0, "fake": -3.2, "no_photo": -0.56,
            "big_networker": -0.48, "salesperson": -0.4, "student": -0.32,
            # competitors only with many mutuals (>= 15): the threshold cancels the penalty
            "competitor": -1.92, "competitor_many_mutuals": 2.08,
        },
        home_functions=("consulting", "it", "engineering", "data"),
        interest_functions=(("it", 3), ("procurement", 3), ("founder", 0), ("engineering", 5)),
        prospect_geo=(0.55, 0.45, 0, 0, 0),
        events=_items("the Digital Factory Forum in Turin; Retail Tech Day Milano; "
                      "the Banking Innovation Summit in Zurich; the SAP user group meetup"),
        language="it",
        pitch_role="Senior IT Consultant",
    ),
    "recruiter": Persona(
        name="recruiter",
        description="Tech recruiter in Berlin hiring engineers anywhere: the title matters much "
                    "more than geography; ignores salespeople.",
        policy=_policy(
            {"name": "Sophie Becker", "industry": "Staffing and Recruiting", "country": "DE",
             "city": "Berlin", "companies": ["Talentwerk Berlin GmbH", "Hays"],
             "schools": ["Humboldt-Universität zu Berlin"], "connections": 4800},
            {"industries": ["Software Development", "IT Services and IT Consulting"],
             "titles": ["Engineer", "Developer", "Data Scientist", "DevOps", "Architect", "SRE"],
             "markets": ["DE", "AT", "CH", "NL", "PL"],
             "competitors": ["Robert Half", "Michael Page"]},
            0.9,
        ),
        archetype_shares=_shares((6, 4, 30, 11, 5, 8, 9, 4, 12, 3, 8)),
        weights={
            "bias": -1.21, "engineer": 2.04, "engineer_senior": 0.59, "seniority": 0.26,
            "mutuals_log": 0.26, "shared_employer": 0.68, "shared_school": 0.34,
            "same_industry": 0.42, "interest_industry": 0.42, "in_market": 0.34,
            "other_continent": -0.26, "note_personal": 0.51, "note_generic": 0.17,
            "note_sales": -1.02, "note_scam": -2.12, "salesperson": -1.53, "fake": -3.4,
            "no_photo": -0.51, "big_networker": 0.34, "student": -0.26, "competitor": -0.34,
        },
        home_functions=("recruiting",),
        interest_functions=(("engineering", 1), ("data", 1), ("devops", 1)),
        prospect_geo=(0.25, 0.2, 0.15, 0.4, 0),
        events=_items("the Berlin Tech Job Fair; the Cloud Native Meetup Berlin; "
                      "the HR Tech Summit in Munich"),
        language="de",
        pitch_role="Senior Talent Partner",
    ),
    "private": Persona(
        name="private",
        description="Nurse in Madrid who keeps LinkedIn private: accepts only people they know "
                    "(shared employer or school, many mutuals, a personal note).",
        policy=_policy(
            {"name": "Lucía Fernández", "industry": "Hospitals and Health Care", "country": "ES",
             "city": "Madrid", "companies": ["Hospital Universitario del Norte",
                                             "Clínica San Rafael"],
             "schools": ["Universidad Complutense de Madrid"], "connections": 180},
            {"markets": ["ES"]},
            0.97,
        ),
        archetype_shares=_shares((13, 10, 4, 10, 2, 15, 9, 10, 12, 6, 9)),
        weights={
            "bias": -2.61, "mutuals_log": 0.4, "many_mutuals": 0.3, "shared_employer": 1.3,
            "shared_school": 1.1, "note_personal": 0.95, "same_country": 0.3,
            "other_continent": -0.5, "note_sales": -0.6, "note_recruiter": -0.4,
            "note_scam": -1.25, "fake": -3.0, "no_photo": -0.4, "big_networker": -0.5,
            "salesperson": -0.4,
        },
        home_functions=("health",),
        interest_functions=(),
        prospect_geo=(0.6, 0, 0.4, 0, 0),
        events=_items("las Jornadas de Enfermería de Madrid; the alumni dinner; "
                      "the ICU training course"),
        language="es",
        pitch_role="Nurse Coordinator",
    ),
}
# fmt: on


@dataclass
class Sample:
    """A generated world: the tables as written (raw text) and the hidden truth."""

    persona: Persona
    history: pd.DataFrame  # HISTORY_COLUMNS, labelled, sorted by received_at
    pending: pd.DataFrame  # REQUEST_COLUMNS, newer and unlabelled
    truth: pd.DataFrame  # TRUTH_COLUMNS, one row per request of both tables


def get_persona(name: str) -> Persona:
    """The persona called `name`, or a TriageError listing the known ones."""
    if name not in PERSONAS:
        known = ", ".join(sorted(PERSONAS))
        raise TriageError(f"unknown persona {name!r} (known: {known})")
    return PERSONAS[name]


# -- latent traits ------------------------------------------------------------------------------
def _choose(
    rng: np.random.Generator,
    options: Sequence[str],
    size: int,
    shares: Sequence[float] | None = None,
) -> np.ndarray:
    """`size` draws from `options` as an object array (shares normalised)."""
    p = None if shares is None else np.asarray(shares, dtype=float) / float(np.sum(shares))
    index = rng.choice(len(options), size=size, p=p)
    return np.asarray(options, dtype=object)[index]


def _draw_by_group(
    keys: np.ndarray,
    draw: Mapping[str, Callable[[int], np.ndarray]],
    n: int,
) -> np.ndarray:
    """Fill an object array group by group; `draw[key](size)` gives that group's values."""
    result = np.empty(n, dtype=object)
    for key in sorted(set(keys.tolist())):  # sorted: the draw order must not depend on hashing
        mask = keys == key
        result[mask] = draw[key](int(mask.sum()))
    return result


def _countries(rng: np.random.Generator, persona: Persona, archetype: np.ndarray) -> np.ndarray:
    me = persona.policy.me.country
    markets = [c for c in persona.policy.interests.markets if c in COUNTRIES] or [me]
    europe = [c for c, p in COUNTRIES.items() if p.continent == "EU" and c != me]
    home_continent = COUNTRIES[me].continent
    remote = [c for c, p in COUNTRIES.items() if p.continent != home_continent]
    pools = {
        "home": ([me], [1.0]),
        "market": (markets, [1.0] * len(markets)),
        "europe": (europe, [COUNTRIES[c].weight for c in europe]),
        "remote": (remote, [COUNTRIES[c].weight for c in remote]),
        "world": (list(COUNTRY_CODES), [p.weight for p in COUNTRIES.values()]),
    }
    mode = np.empty(len(archetype), dtype=object)
    for name in ARCHETYPES:
        mask = archetype == name
        shares = TRAITS[name].geo or persona.prospect_geo
        mode[mask] = _choose(rng, GEO_MODES, int(mask.sum()), shares)
    draw = {m: (lambda k, m=m: _choose(rng, pools[m][0], k, pools[m][1])) for m in GEO_MODES}
    return _draw_by_group(mode, draw, len(archetype))


def _industries(rng: np.random.Generator, persona: Persona, archetype: np.ndarray) -> np.ndarray:
    mine = persona.policy.me.industry
    interest = [i for i in persona.policy.interests.industries if i in INDUSTRIES]
    weights = [INDUSTRIES[i][0] for i in INDUSTRY_NAMES]
    unrelated = [i for i in INDUSTRY_NAMES if i != mine and i not in interest]

    def any_industry(k: int) -> np.ndarray:
        return _choose(rng, INDUSTRY_NAMES, k, weights)

    def mostly_mine(share: float) -> Callable[[int], np.ndarray]:
        return lambda k: np.where(rng.random(k) < share, mine, any_industry(k))

    draw = {
        "colleague": mostly_mine(0.7),
        "alumni": any_industry,
        "prospect": (lambda k: _choose(rng, interest, k)) if interest else any_industry,
        "peer": mostly_mine(1.0),
        "competitor": mostly_mine(1.0),
        "remote": lambda k: _choose(rng, unrelated, k, [INDUSTRIES[i][0] for i in unrelated]),
        "networker": any_industry,
        "recruiter": lambda k: _choose(
            rng, ("Staffing and Recruiting", "Human Resources Services"), k, (4, 1)
        ),
        "salesperson": lambda k: _choose(
            rng,
            (
                "Software Development",
                "IT Services and IT Consulting",
                "Marketing Services",
                "Telecommunications",
                "Financial Services",
                "Advertising Services",
            ),
            k,
        ),
        "student": lambda k: np.where(rng.random(k) < 0.5, "Higher Education", any_industry(k)),
        "fake": lambda k: _choose(
            rng, ("Financial Services", "Investment Management", "Hospitals and Health Care"), k
        ),
    }
    return _draw_by_group(archetype, draw, len(archetype))


def _functions(
    rng: np.random.Generator, persona: Persona, archetype: np.ndarray, industry: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(function, seniority) per request, coherent with archetype and industry."""
    n = len(archetype)
    function = np.empty(n, dtype=object)
    # Most people do what their industry employs; a few found their own company.
    for name in INDUSTRY_NAMES:
        mask = industry == name
        function[mask] = _choose(rng, INDUSTRIES[name][1], int(mask.sum()))
    founders = rng.random(n) < 0.04
    function[founders] = "founder"
    seniority = rng.choice(6, size=n, p=SENIORITY_SHARES)

    # Colleagues who moved to another industry do what that industry employs.
    home = np.isin(archetype, ("peer", "competitor"))
    home |= (archetype == "colleague") & (industry == persona.policy.me.industry)
    function[home] = _choose(rng, persona.home_functions, int(home.sum()))
    for name, pool in (("recruiter", ("recruiting",)), ("salesperson", SALES_FUNCTIONS)):
        mask = archetype == name
        function[mask] = _choose(rng, pool, int(mask.sum()))
    prospects = archetype == "prospect"
    if persona.interest_functions:
        wanted = [f for f, _ in persona.interest_functions]
        function[prospects] = _choose(rng, wanted, int(prospects.sum()))
        for wanted_function, minimum in persona.interest_functions:
            mask = prospects & (function == wanted_function)
            seniority[mask] = np.maximum(seniority[mask], minimum)
    networkers = archetype == "networker"
    function[networkers] = _choose(
        rng, ("bizdev", "sales", "founder", "marketing"), int(networkers.sum())
    )
    seniority[archetype == "student"] = 0
    seniority[(archetype != "student") & (seniority == 0)] = 1  # interns come as students
    seniority[function == "founder"] = 5
    fakes = archetype == "fake"
    function[fakes] = "fake"
    seniority[fakes] = 3
    return function, seniority


def _interest_title(persona: Persona, function: np.ndarray, seniority: np.ndarray) -> np.ndarray:
    """True when the person's actual role is one the persona wants (independent of wording)."""
    hit = np.zeros(len(function), dtype=bool)
    for wanted, minimum in persona.interest_functions:
        hit |= (function == wanted) & (seniority >= minimum)
    return hit


def _lognormal_counts(
    rng: np.random.Generator, medians: np.ndarray, sigma: float, n: int
) -> np.ndarray:
    return np.floor(np.exp(np.log(medians) + sigma * rng.standard_normal(n))).astype(np.int64)


def _latent(rng: np.random.Generator, persona: Persona, n: int) -> pd.DataFrame:
    """Everything the hidden decision depends on, drawn before anything is formatted."""
    me = persona.policy.me
    shares = [persona.archetype_shares[a] for a in ARCHETYPES]
    archetype = _choose(rng, ARCHETYPES, n, shares)
    country = _countries(rng, persona, archetype)
    industry = _industries(rng, persona, archetype)
    function, seniority = _functions(rng, persona, archetype, industry)

    def chance(table: Mapping[str, float], default: float) -> np.ndarray:
        p = np.array([table.get(a, default) for a in archetype])
        return rng.random(n) < p

    shared_employer = chance({"colleague": 1.0, "peer": 0.05, "competitor": 0.0}, 0.01)
    shared_school = chance({"alumni": 1.0, "colleague": 0.2, "peer": 0.08, "student": 0.3}, 0.02)
    shared_school &= archetype != "fake"
    shared_employer &= archetype != "fake"
    competitor = archetype == "competitor"

    same_country = country == me.country
    network_factor = float(np.clip(((me.connections or 500) / 500) ** 0.5, 0.5, 3.0))
    boost = (1 + 2.0 * shared_employer + 1.0 * shared_school) * np.where(same_country, 1.0, 0.5)
    mutual_median = np.array([TRAITS[a].mutuals_median for a in archetype]) * boost * network_factor
    mutuals = _lognormal_counts(rng, mutual_median, 0.9, n)
    connection_median = np.array([TRAITS[a].connections_median for a in archetype])
    sigma = np.where(archetype == "networker", 0.5, 0.8)
    connections = np.floor(
        np.exp(np.log(connection_median) + sigma * rng.standard_normal(n))
    ).astype(np.int64)
    connections = np.maximum(connections, 1)
    mutuals = np.minimum(mutuals, np.minimum(connections, me.connections or connections))
    note = np.empty(n, dtype=object)
    for name in ARCHETYPES:
        mask = archetype == name
        note[mask] = _choose(rng, NOTE_KINDS, int(mask.sum()), TRAITS[name].notes)
    photo_p = np.where(archetype == "fake", 0.25, np.where(archetype == "student", 0.8, 0.93))
    continent = np.array([COUNTRIES[c].continent for c in country], dtype=object)
    return pd.DataFrame(
        {
            "archetype": archetype,
            "country": country,
            "industry": industry,
            "function": function,
            "seniority": seniority,
            "shared_employer": shared_employer,
            "shared_school": shared_school,
            "competitor": competitor,
            "same_country": same_country,
            "in_market": np.isin(country, list(persona.policy.interests.markets)),
            "other_continent": continent != COUNTRIES[me.country].continent,
            "mutuals": mutuals,
            "connections": connections,
            "has_photo": rng.random(n) < photo_p,
            "note": note,
            "interest_title": _interest_title(persona, function, seniority),
        }
    )


def _signals(persona: Persona, latent: pd.DataFrame) -> dict[str, np.ndarray]:
    """The named inputs of the hidden decision function (0/1 flags and scaled numbers)."""
    me = persona.policy.me
    interests = persona.policy.interests
    arch = latent["archetype"].to_numpy()
    function = latent["function"].to_numpy()
    mutuals = latent["mutuals"].to_numpy()
    engineer = np.isin(function, ENGINEERING_FUNCTIONS)
    flag = {
        "critical_mass": np.full(len(latent), (me.connections or 1000) < 300),
        "mutuals_log": np.log1p(mutuals),
        "many_mutuals": mutuals >= 15,
        "shared_employer": latent["shared_employer"].to_numpy(),
        "shared_school": latent["shared_school"].to_numpy(),
        "interest_industry": latent["industry"].isin(interests.industries).to_numpy(),
        "interest_title": latent["interest_title"].to_numpy(),
        "same_industry": (latent["industry"] == me.industry).to_numpy(),
        "seniority": latent["seniority"].to_numpy() / 5.0,
        "same_country": latent["same_country"].to_numpy(),
        "in_market": latent["in_market"].to_numpy(),
        "other_continent": latent["other_continent"].to_numpy(),
        "fake": arch == "fake",
        "no_photo": ~latent["has_photo"].to_numpy(),
        "big_networker": (latent["connections"].to_numpy() >= 3000) & (mutuals < 5),
        "competitor": latent["competitor"].to_numpy(),
        "competitor_many_mutuals": latent["competitor"].to_numpy() & (mutuals >= 15),
        "salesperson": np.isin(function, SALES_FUNCTIONS),
        "student": latent["seniority"].to_numpy() == 0,
        "engineer": engineer,
        "engineer_senior": engineer & (latent["seniority"].to_numpy() >= 2),
    }
    for kind in NOTE_KINDS[1:]:
        flag[f"note_{kind}"] = latent["note"].to_numpy() == kind
    return {k: np.asarray(v, dtype=float) for k, v in flag.items()}


def true_probability(persona: Persona, latent: pd.DataFrame) -> np.ndarray:
    """The persona's hidden p_accept: sigmoid of its weighted sum of latent signals."""
    signals = _signals(persona, latent)
    logit = np.full(len(latent), persona.weights.get("bias", 0.0))
    for name, weight in persona.weights.items():
        if name != "bias":
            logit += weight * signals[name]
    return 1.0 / (1.0 + np.exp(-logit))


# -- notes, headlines and about texts -----------------------------------------------------------
PERSONAL_NOTES = {
    "colleague": (
        "Hi {me_first}, great working with you at {shared_company}! Let's stay in touch.",
        "{me_first}! Long time since {shared_company}, would be great to reconnect.",
        "Hi {me_first}, we crossed paths on a project at {shared_company}. Happy to connect here "
        "too.",
    ),
    "alumni": (
        "Hi {me_first}, fellow {me_school} alum here, would love to connect.",
        "Hi {me_first}, I see we both studied at {me_school}. Would be great to keep in touch!",
    ),
    "other": (
        "Hi {me_first}, great chatting at {event}. Let's keep in touch!",
        "Hi {me_first}, I enjoyed your talk at {event}. Would love to connect.",
        "Dear {me_first}, {mutual_first} suggested I reach out to you. Glad to connect.",
    ),
}
LOCAL_NOTES = {
    "it": "Ciao {me_first}, ci siamo conosciuti a {event}. Mi farebbe piacere restare in contatto!",
    "de": "Hallo {me_first}, schön, dich bei {event} kennengelernt zu haben. Lass uns vernetzen!",
    "es": "Hola {me_first}, ¡qué alegría encontrarte por aquí! Nos vimos en {event}.",
}
GENERIC_NOTES = (
    "I'd like to add you to my professional network on LinkedIn.",
    "Hi {me_first}, I'd like to connect with you.",
    "Hello, I came across your profile and would like to join your network.",
    "Let's connect!",
    "Hi {me_first}, always good to connect with professionals in {my_industry}.",
)
NETWORKER_NOTES = (
    "I'm a LION (open networker), let's connect and grow our networks together!",
    "Hi {me_first}, I accept all invitations. Let's connect and support each other.",
)
STUDENT_NOTES = (
    "Hello {me_first}, I'm a student at {their_school} and would appreciate connecting to learn "
    "about your career in {my_industry}.",
    "Hi {me_first}, I'm looking for an internship in {my_industry}. Could I ask you for advice?",
)
SALES_NOTES = (
    "Hi {me_first}, we help companies like {me_company} cut cloud costs by up to 30%. Open to a "
    "quick 15-minute call next week?",
    "Hi {me_first}, I'd love to show you how our AI platform automates lead generation for "
    "{my_industry} teams. Can I send you a short deck?",
    "Hello {me_first}, we're offering {me_company} a free cybersecurity audit this month. "
    "Interested? Book a slot: https://calendly.com/{slug}/intro",
    "Hi {me_first}, quick question: who handles outsourcing at {me_company}? We provide offshore "
    "developers from $25/h.",
    "Hi {me_first}, we build nearshore QA teams in 2 weeks. Worth a chat? Reach me at {email}",
)
RECRUITER_NOTES = (
    "Hi {me_first}, I'm recruiting a {pitch_role} for a fast-growing client in {city}. "
    "Competitive package, hybrid. Open to a confidential chat?",
    "Hello {me_first}, your profile caught my attention. I have an exciting opportunity that could "
    "be a great fit. Are you open to new challenges?",
    "Hi {me_first}, I'm expanding my network of {my_industry} professionals. Always happy to help "
    "with your next career move.",
)
SCAM_NOTES = (
    "Hello dear, I am a financial advisor with a crypto plan paying 40% monthly. Message me on "
    "WhatsApp {phone}",
    "Hi {me_first}, I made $8,000 last week trading forex from home. Join my group on Telegram "
    "@{handle}",
    "Hello, I am a US army doctor on a peacekeeping mission and I want to know you better. "
    "Write me at {email}",
    "Earn up to $5,000 weekly working from home!!! Register now: {link}",
    "Hi, you have a nice profile. Contact me, call {spelled_phone}",
    "Investment opportunity with guaranteed profit, whatsapp {spaced_phone}",
    "Congratulations! You have been selected for a remote job, salary $450/day. Apply: {link}",
)
DIGIT_WORDS = _items("zero; one; two; three; four; five; six; seven; eight; nine")
EMAIL_DOMAINS = _items("gmail.com; outlook.com; protonmail.com; invest-mail.net")


class LatentRow(NamedTuple):
    """One request's latent traits (the columns of `_latent`), for the per-row text code."""

    archetype: str
    country: str
    industry: str
    function: str
    seniority: int
    shared_employer: bool
    shared_school: bool
    competitor: bool
    same_country: bool
    in_market: bool
    other_continent: bool
    mutuals: int
    connections: int
    has_photo: bool
    note: str
    interest_title: bool


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


# -- times, counts and formatting ---------------------------------------------------------------
def _arrival_times(
    rng: np.random.Generator, n: int, start: np.datetime64, end: np.datetime64
) -> np.ndarray:
    """Sorted arrival minutes in [start, end), busier in working hours."""
    days = int((end - start) // np.timedelta64(1, "D"))
    day = rng.integers(0, days, size=n)
    working = np.clip(rng.normal(11 * 60, 180, size=n), 0, 1439)
    minute = np.where(rng.random(n) < 0.8, working, rng.uniform(0, 1440, size=n)).astype(np.int64)
    times = start + (day * 1440 + minute).astype("timedelta64[m]")
    return np.sort(np.minimum(times, end - np.timedelta64(1, "m")))


def _iso(times: np.ndarray) -> list[str]:
    return [str(t) + ":00" for t in times.astype("datetime64[m]")]


def _linkedin_time(time: np.datetime64) -> str:
    """LinkedIn's own `6/27/26, 7:35 AM` form."""
    moment = pd.Timestamp(time)
    hour = moment.hour % 12 or 12
    half = "AM" if moment.hour < 12 else "PM"
    return f"{moment.month}/{moment.day}/{moment.year % 100:02d}, {hour}:{moment.minute:02d} {half}"


def _received_cells(rng: np.random.Generator, times: np.ndarray) -> list[str]:
    cells = _iso(times)
    for i in np.flatnonzero(rng.random(len(times)) < 0.05):
        cells[i] = _linkedin_time(times[i])
    return cells


def _by_archetype(archetype: np.ndarray, table: Mapping[str, float], default: float) -> np.ndarray:
    return np.array([table.get(a, default) for a in archetype], dtype=float)


def _profile_counts(rng: np.random.Generator, latent: pd.DataFrame) -> dict[str, np.ndarray]:
    """Profile sizes, followers and badges: thin for fakes, growing with seniority."""
    n = len(latent)
    arch = latent["archetype"].to_numpy()
    seniority = latent["seniority"].to_numpy()
    fake, student = arch == "fake", arch == "student"
    experience = 1 + rng.poisson(1.5 + 0.6 * seniority)
    experience = np.where(student, rng.integers(0, 3, n), experience)
    experience = np.where(fake, rng.integers(0, 2, n), experience)
    education = np.where(fake, rng.integers(0, 2, n), 1 + rng.binomial(2, 0.35, n))
    skills = np.minimum(50, rng.poisson(8 + 5 * seniority))
    skills = np.where(
        fake, rng.integers(0, 4, n), np.where(student, rng.integers(3, 16, n), skills)
    )
    recommendations = np.where(fake, 0, rng.poisson(0.3 + 0.4 * seniority))
    connections = latent["connections"].to_numpy()
    followers = connections * rng.uniform(0.9, 1.6, n) + np.exp(rng.normal(3, 1, n))
    followers = np.where(arch == "networker", followers * 2, followers).astype(np.int64)
    return {
        "experience_count": experience,
        "education_count": education,
        "skills_count": skills,
        "recommendations_count": recommendations,
        "followers": followers,
        "verified": rng.random(n) < np.where(fake, 0.02, 0.35),
        "about_present": rng.random(n) < _by_archetype(arch, {"fake": 0.3, "student": 0.5}, 0.8),
        "years_on_linkedin": np.where(
            fake,
            rng.uniform(0.02, 0.5, n),
            np.where(
                student, rng.uniform(0.3, 5, n), np.minimum(21, np.exp(rng.normal(2.0, 0.5, n)))
            ),
        ),
    }


def _joined_cells(rng: np.random.Generator, times: np.ndarray, years: np.ndarray) -> list[str]:
    joined = times.astype("datetime64[D]") - (years * 365.25).astype("timedelta64[D]")
    month_only = rng.random(len(times)) < 0.7
    return [str(d)[:7] if m else str(d) for d, m in zip(joined, month_only, strict=True)]


def _bool_cells(rng: np.random.Generator, values: Sequence[np.ndarray]) -> list[list[str]]:
    """true/false mostly, yes/no or 1/0 in some rows (merged sources write them differently)."""
    style = rng.choice(3, size=len(values[0]), p=(0.85, 0.1, 0.05))
    words = (("false", "true"), ("no", "yes"), ("0", "1"))
    return [[words[s][int(v)] for s, v in zip(style, column, strict=True)] for column in values]


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


def _render(
    rng: np.random.Generator, persona: Persona, latent: pd.DataFrame, times: np.ndarray
) -> dict[str, list[object]]:
    """The request table as a scraper would write it, before values go missing."""
    ctx = _context(persona)
    counts = _profile_counts(rng, latent)
    # Per-row text choices use Python's generator (fast for scalars), seeded from ours.
    r = random.Random(int(rng.integers(2**62)))
    n_past = np.clip(counts["experience_count"] - 1, 0, 4).tolist()
    n_schools = counts["education_count"].tolist()
    about = counts["about_present"].tolist()
    rows = map(LatentRow._make, zip(*(latent[f].tolist() for f in LatentRow._fields), strict=True))
    people = [_person(r, ctx, row, n_past[i], n_schools[i], about[i]) for i, row in enumerate(rows)]
    cells: dict[str, list[object]] = {c: [p[c] for p in people] for c in people[0]}
    cells["received_at"] = list(_received_cells(rng, times))
    cells["mutual_connections"] = [str(v) for v in latent["mutuals"].tolist()]
    cells["connections"] = ["500+" if v >= 500 else str(v) for v in latent["connections"].tolist()]
    cells["followers"] = [str(v) for v in counts["followers"].tolist()]
    has_photo, verified = _bool_cells(rng, (latent["has_photo"].to_numpy(), counts["verified"]))
    cells["has_photo"], cells["verified"] = list(has_photo), list(verified)
    cells["joined_on"] = list(_joined_cells(rng, times, counts["years_on_linkedin"]))
    for name in ("experience_count", "education_count", "skills_count", "recommendations_count"):
        cells[name] = [str(v) for v in counts[name].tolist()]
    return cells


# Share of rows whose value is unknown, on top of rows never enriched (ENRICHED_SHARE).
ENRICHED_SHARE = 0.85
ENRICHMENT_COLUMNS = (
    "followers", "verified", "joined_on", "about", "experience_count", "education_count",
    "skills_count", "recommendations_count", "past_companies", "schools",
)  # fmt: skip
MISSING_RATES = {
    "profile_url": 0.10, "headline": 0.04, "title": 0.07, "company": 0.08, "industry": 0.10,
    "location": 0.04, "mutual_connections": 0.05, "connections": 0.06, "followers": 0.15,
    "has_photo": 0.08, "verified": 0.25, "joined_on": 0.20, "about": 0.05,
    "experience_count": 0.08, "education_count": 0.10, "skills_count": 0.12,
    "recommendations_count": 0.20, "past_companies": 0.12, "schools": 0.10,
}  # fmt: skip


def _blank_unknowns(rng: np.random.Generator, cells: dict[str, list[object]], n: int) -> None:
    """Partial enrichment: whole rows never enriched, plus cells missing at random."""
    enriched = rng.random(n) < ENRICHED_SHARE
    for name, rate in MISSING_RATES.items():
        missing = rng.random(n) < rate
        if name in ENRICHMENT_COLUMNS:
            missing |= ~enriched
        column = cells[name]
        for i in np.flatnonzero(missing):
            column[i] = None


# -- the public entry points ----------------------------------------------------------------
def generate_sample(
    persona: str = "consultant", seed: int = 7, n_history: int = 2000, n_pending: int = 200
) -> Sample:
    """Draw a labelled history and newer pending requests for one persona.

    Returns:
        The tables as they are written (text cells, None for unknown) and the truth:
        p_accept, the drawn decision (for pending too) and the archetype of every request.
    """
    chosen = get_persona(persona)
    if n_history < 1 or n_pending < 0:
        raise TriageError(f"sample sizes must be positive (got {n_history} and {n_pending})")
    rng = np.random.default_rng(seed)
    n = n_history + n_pending
    latent = _latent(rng, chosen, n)
    times = np.concatenate([
        _arrival_times(rng, n_history, HISTORY_START, PENDING_START),
        _arrival_times(rng, n_pending, PENDING_START, REFERENCE_END),
    ])  # fmt: skip
    cells = _render(rng, chosen, latent, times)
    _blank_unknowns(rng, cells, n)
    p_accept = true_probability(chosen, latent)
    accepted = rng.random(n) < p_accept
    decision = np.where(accepted, "accept", "ignore")

    ids = [f"r{i:07d}" for i in range(1, n + 1)]
    table = pd.DataFrame({"request_id": ids, **cells}, columns=list(REQUEST_COLUMNS), dtype=object)
    delay = np.exp(rng.normal(np.log(20 * 60), 1.2, n_history)).astype(np.int64)
    decided = np.minimum(
        times[:n_history] + np.maximum(delay, 1).astype("timedelta64[m]"),
        REFERENCE_END - np.timedelta64(1, "m"),
    )
    history = table.iloc[:n_history].reset_index(drop=True)
    history["decision"] = decision[:n_history]
    history["decided_at"] = _iso(decided)
    pending = table.iloc[n_history:].reset_index(drop=True)
    truth = pd.DataFrame({
        "request_id": ids,
        "split": ["history"] * n_history + ["pending"] * n_pending,
        "p_accept": np.round(p_accept, 6),
        "decision": decision,
        "archetype": latent["archetype"].to_numpy(),
    })  # fmt: skip
    return Sample(persona=chosen, history=history, pending=pending, truth=truth)


def _policy_text(persona: Persona) -> str:
    header = (
        f"# Synthetic persona {persona.name!r}: {persona.description}\n"
        "# Written by `linkedin-triage sample`; every person in this sample is invented.\n\n"
    )
    return header + policy_to_toml(persona.policy)


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    with atomic_path(path) as temporary:
        frame.to_csv(temporary, index=False, lineterminator="\n", float_format="%.6f")


def write_sample(
    out_dir: Path,
    seed: int = 7,
    persona: str = "consultant",
    n_history: int = 2000,
    n_pending: int = 200,
) -> list[Path]:
    """Write policy.toml, history.csv, pending.csv and truth.csv into `out_dir`.

    Returns:
        The paths written, in that order. Each file appears whole or not at all.
    """
    sample = generate_sample(persona, seed=seed, n_history=n_history, n_pending=n_pending)
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise TriageError(f"{out_dir}: exists and is not a folder")
    policy_path = out_dir / "policy.toml"
    with atomic_path(policy_path) as temporary:
        temporary.write_text(_policy_text(sample.persona), encoding="utf-8", newline="\n")
    written = [policy_path]
    for name, frame in (
        ("history", sample.history),
        ("pending", sample.pending),
        ("truth", sample.truth),
    ):
        path = out_dir / f"{name}.csv"
        _write_csv(frame, path)
        written.append(path)
    return written
