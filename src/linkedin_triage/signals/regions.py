"""Continents of ISO 3166-1 alpha-2 codes: how far away a country is, roughly.

"Remote" in the policy means far from the user's world; a different continent is the
simplest honest proxy that needs no coordinates. Borderline countries (TR, RU, CY, the
Caucasus) follow the UN geoscheme's region, except RU, listed in Europe where most of its
LinkedIn members live.
"""

from __future__ import annotations

_CONTINENTS = {
    "europe": "AD AL AT AX BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT "
    "JE LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM UA VA XK",
    "asia": "AE AF AM AZ BD BH BN BT CC CN CX GE HK ID IL IN IQ IR JO JP KG KH KP KR KW KZ LA LB LK MM "
    "IO MN MO MV MY NP OM PH PK PS QA SA SG SY TH TJ TL TM TR TW UZ VN YE",
    "africa": "AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW KE KM LR LS "
    "LY MA MG ML MR MU MW MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TG TN TZ UG YT ZA ZM ZW",
    "north america": "AG AI AW BB BL BM BQ BS BZ CA CR CU CW DM DO GD GL GP GT HN HT JM KN KY LC "
    "MF MQ MS MX NI PA PM PR SV SX TC TT US VC VG VI",
    "south america": "AR BO BR CL CO EC FK GF GY PE PY SR UY VE",
    "oceania": "AS AU CK FJ FM GU KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV UM VU WF WS",
    "antarctica": "AQ BV GS HM TF",
}
CONTINENT_OF: dict[str, str] = {
    code: continent for continent, codes in _CONTINENTS.items() for code in codes.split()
}


def continent(code: str | None) -> str | None:
    """The continent of an ISO alpha-2 code, or None if unknown."""
    return CONTINENT_OF.get(code.upper()) if isinstance(code, str) else None
