"""The policy file (data contract section 2): defaults, strict keys and types, round trip."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from linkedin_triage.errors import TriageError
from linkedin_triage.policy import (
    Decisions,
    Policy,
    Rules,
    load_policy,
    policy_from_dict,
    policy_to_toml,
)

FULL_POLICY = """
[me]
name = "Giulia Conti"
industry = "IT Services and IT Consulting"
country = "IT"
city = "Milan"
companies = ["Reply", "Accenture"]        # current and past employers
schools = ["Politecnico di Milano"]
connections = 240

[interests]
industries = ["Manufacturing", "Retail", "Banking"]
titles = ["CTO", "CIO", "Head of IT", "Founder", "Procurement"]
markets = ["IT", "CH", "DE", "FR"]
competitors = ["Capgemini", "Deloitte"]

[rules]

[decisions]
target_precision = 0.95
"""


def write_policy(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_contract_example_loads(tmp_path: Path) -> None:
    policy = load_policy(write_policy(tmp_path, FULL_POLICY))
    assert policy.me.country == "IT" and policy.me.connections == 240
    assert policy.me.companies == ["Reply", "Accenture"]
    assert policy.interests.markets == ["IT", "CH", "DE", "FR"]
    assert policy.decisions.target_precision == 0.95


def test_minimal_policy_gets_the_documented_defaults(minimal_policy_file: Path) -> None:
    policy = load_policy(minimal_policy_file)
    assert policy.me.industry == "Software Development" and policy.me.country == "IT"
    assert (policy.me.name, policy.me.city, policy.me.companies, policy.me.schools) == (
        "",
        "",
        [],
        [],
    )
    assert policy.me.connections is None  # unknown, not 0
    interests = policy.interests
    assert [interests.industries, interests.titles, interests.markets, interests.competitors] == [
        [],
        [],
        [],
        [],
    ]
    assert policy.rules == Rules()
    assert policy.rules.many_mutuals == 15 and policy.rules.critical_mass == 300
    assert policy.decisions == Decisions()
    assert policy.decisions.target_precision == 0.95


def test_every_rule_knob_has_a_description() -> None:
    for name, field in Rules.model_fields.items():
        assert field.description, name


def test_country_names_become_codes(tmp_path: Path) -> None:
    text = (
        '[me]\nindustry = "Retail"\ncountry = "Italy"\n[interests]\nmarkets = ["Germany", "ch"]\n'
    )
    policy = load_policy(write_policy(tmp_path, text))
    assert policy.me.country == "IT"
    assert policy.interests.markets == ["DE", "CH"]


def test_list_entries_are_trimmed_and_blanks_dropped(tmp_path: Path) -> None:
    text = '[me]\nindustry = "Retail"\ncountry = "IT"\ncompanies = [" Reply ", "", "  "]\n'
    assert load_policy(write_policy(tmp_path, text)).me.companies == ["Reply"]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (
            '[me]\nindustry = "R"\ncountry = "IT"\n[interests]\ncompetitor = ["X"]\n',
            "interests.competitor",
        ),
        ('[me]\nindustry = "R"\ncountry = "IT"\ncolour = "blue"\n', "me.colour"),
        ('[me]\nindustry = "R"\ncountry = "IT"\n[rules]\nmany_mutual = 3\n', "rules.many_mutual"),
        (
            '[me]\nindustry = "R"\ncountry = "IT"\n[decisions]\nprecision = 0.9\n',
            "decisions.precision",
        ),
        ('[me]\nindustry = "R"\ncountry = "IT"\n[extras]\na = 1\n', "extras"),
    ],
)
def test_unknown_keys_are_errors_naming_the_key(tmp_path: Path, text: str, key: str) -> None:
    path = write_policy(tmp_path, text)
    with pytest.raises(TriageError) as error:
        load_policy(path)
    assert f"{key}: unknown key" in str(error.value)
    assert str(path) in str(error.value)


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ('industry = "R"\ncountry = "IT"\nconnections = "many"', "me.connections"),
        ('industry = "R"\ncountry = "IT"\nconnections = "240"', "me.connections"),
        ('industry = "R"\ncountry = "IT"\nconnections = true', "me.connections"),
        ('industry = "R"\ncountry = "IT"\nconnections = -1', "me.connections"),
        ('industry = "R"\ncountry = "IT"\ncompanies = "Reply"', "me.companies"),
        ('industry = "R"\ncountry = "IT"\nname = 5', "me.name"),
        ('industry = ""\ncountry = "IT"', "me.industry"),
        ('industry = "R"\ncountry = "Narnia"', "me.country"),
        ('industry = "R"\ncountry = ""', "me.country"),
        ('industry = "R"', "me.country"),
        ('country = "IT"', "me.industry"),
    ],
)
def test_wrong_values_in_me_name_the_key(tmp_path: Path, body: str, key: str) -> None:
    with pytest.raises(TriageError) as error:
        load_policy(write_policy(tmp_path, f"[me]\n{body}\n"))
    assert f"  {key}:" in str(error.value)


@pytest.mark.parametrize(
    ("section", "key"),
    [
        ('[interests]\nmarkets = ["DE", "Atlantis"]', "interests.markets.1"),
        ('[interests]\ntitles = "CTO"', "interests.titles"),
        ("[rules]\nmany_mutuals = 2.5", "rules.many_mutuals"),
        ("[rules]\nfake_score_ignore = 2", "rules.fake_score_ignore"),
        ('[decisions]\ntarget_precision = "high"', "decisions.target_precision"),
        ("[decisions]\ntarget_precision = 1.0", "decisions.target_precision"),
        ("[decisions]\ntarget_precision = true", "decisions.target_precision"),
    ],
)
def test_wrong_values_elsewhere_name_the_key(tmp_path: Path, section: str, key: str) -> None:
    text = f'[me]\nindustry = "R"\ncountry = "IT"\n{section}\n'
    with pytest.raises(TriageError) as error:
        load_policy(write_policy(tmp_path, text))
    assert f"  {key}:" in str(error.value)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = '[me]\ncountry = "Narnia"\ncity = 3\n[rules]\nbogus = 1\n'
    with pytest.raises(TriageError) as error:
        load_policy(write_policy(tmp_path, text))
    message = str(error.value)
    for key in ("me.industry", "me.country", "me.city", "rules.bogus"):
        assert key in message, key


def test_integer_where_a_float_is_expected_is_fine(tmp_path: Path) -> None:
    text = '[me]\nindustry = "R"\ncountry = "IT"\n[rules]\nfake_score_ignore = 1\n'
    assert load_policy(write_policy(tmp_path, text)).rules.fake_score_ignore == 1.0


def test_toml_syntax_error_names_the_file(tmp_path: Path) -> None:
    path = write_policy(tmp_path, '[me]\nindustry = "R\ncountry = "IT"\n')
    with pytest.raises(TriageError) as error:
        load_policy(path)
    assert "not valid TOML" in str(error.value) and str(path) in str(error.value)


def test_missing_or_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(TriageError, match="not found"):
        load_policy(tmp_path / "nope.toml")
    with pytest.raises(TriageError, match="cannot read"):
        load_policy(tmp_path)  # a folder
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00junk")
    with pytest.raises(TriageError, match="cannot read"):
        load_policy(binary)


def test_empty_file_says_what_is_required(tmp_path: Path) -> None:
    with pytest.raises(TriageError, match="me: required key is missing"):
        load_policy(write_policy(tmp_path, ""))


def test_policy_to_toml_round_trips(tmp_path: Path) -> None:
    original = load_policy(write_policy(tmp_path, FULL_POLICY))
    changed = original.model_copy(
        update={"rules": Rules(many_mutuals=20), "decisions": Decisions(target_precision=0.9)}
    )
    for policy in (original, changed):
        again = load_policy(write_policy(tmp_path, policy_to_toml(policy)))
        assert again == policy
        assert again.fingerprint() == policy.fingerprint()


def test_round_trip_of_a_minimal_policy_keeps_connections_unknown(
    minimal_policy_file: Path, tmp_path: Path
) -> None:
    policy = load_policy(minimal_policy_file)
    text = policy_to_toml(policy)
    assert "connections" not in text.split("[interests]")[0]  # None is left out, not 0
    assert load_policy(write_policy(tmp_path, text)) == policy


def test_fingerprint_is_stable_and_sensitive(tmp_path: Path) -> None:
    policy = load_policy(write_policy(tmp_path, FULL_POLICY))
    same = policy_from_dict(policy.model_dump(mode="json"))
    assert policy.fingerprint() == same.fingerprint()
    assert len(policy.fingerprint()) == 16
    other = policy.model_copy(update={"decisions": Decisions(target_precision=0.9)})
    assert other.fingerprint() != policy.fingerprint()
    # and the same in a fresh interpreter (no dependence on hash seeds or dict order)
    code = (
        "import sys; from pathlib import Path; from linkedin_triage.policy import load_policy; "
        "print(load_policy(Path(sys.argv[1])).fingerprint())"
    )
    path = write_policy(tmp_path, FULL_POLICY)
    fresh = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    )
    assert fresh.stdout.strip() == policy.fingerprint()


def test_policy_is_frozen() -> None:
    policy = policy_from_dict({"me": {"industry": "Retail", "country": "IT"}})
    with pytest.raises(ValueError):
        policy.me.country = "FR"  # type: ignore[misc]
    assert isinstance(policy, Policy)
