"""The sample's vocabulary: invented people, companies, schools and notes; real industry labels.

Pure data, kept as readable `|`-separated text tables and parsed once at import.
"""

from __future__ import annotations

from dataclasses import dataclass


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
