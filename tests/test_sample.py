"""The synthetic sample: determinism, contract conformance, realism and the hidden truth."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from linkedin_triage.commands.cli import app
from linkedin_triage.errors import TriageError
from linkedin_triage.policy import load_policy
from linkedin_triage.sample import (
    ARCHETYPES,
    HISTORY_COLUMNS,
    NAMES,
    PERSONAS,
    REQUEST_COLUMNS,
    Sample,
    generate_sample,
    write_sample,
)
from linkedin_triage.sources.requests_reader import read_requests

FILES = ("policy.toml", "history.csv", "pending.csv", "truth.csv")
# Documented bands (sample/__init__.py docstring and the task brief).
ACCEPT_BANDS = {"consultant": (0.40, 0.55), "recruiter": (0.45, 0.60), "private": (0.15, 0.25)}
AUC_BAND = (0.85, 0.93)
ENRICHMENT_COLUMNS = (
    "followers",
    "joined_on",
    "about",
    "verified",
    "experience_count",
    "skills_count",
)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every persona's sample written once with the default seed and sizes."""
    folders = {}
    for name in PERSONAS:
        folder = tmp_path_factory.mktemp(name)
        write_sample(folder, persona=name)
        folders[name] = folder
    return folders


@pytest.fixture(scope="module")
def samples() -> dict[str, Sample]:
    return {name: generate_sample(name) for name in PERSONAS}


def raw_table(path: Path) -> pd.DataFrame:
    """A CSV exactly as written: every cell text, empty cells as None."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return frame.astype(object).where(frame != "", None)


# -- determinism -----------------------------------------------------------------------------
def test_same_seed_writes_identical_bytes(tmp_path: Path) -> None:
    first = write_sample(tmp_path / "a", seed=11, persona="recruiter", n_history=300, n_pending=40)
    second = write_sample(tmp_path / "b", seed=11, persona="recruiter", n_history=300, n_pending=40)
    assert [p.name for p in first] == list(FILES)
    for one, two in zip(first, second, strict=True):
        assert one.read_bytes() == two.read_bytes(), one.name


def test_same_bytes_in_another_process_with_other_string_hashing(tmp_path: Path) -> None:
    """No draw may depend on set or dict order of strings (PYTHONHASHSEED varies per process)."""
    write_sample(tmp_path / "here", seed=5, persona="private", n_history=200, n_pending=20)
    script = (
        "import sys; from pathlib import Path; from linkedin_triage.sample import write_sample; "
        "write_sample(Path(sys.argv[1]), seed=5, persona='private', n_history=200, n_pending=20)"
    )
    environment = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "there")], check=True, env=environment
    )
    for name in FILES:
        assert (tmp_path / "here" / name).read_bytes() == (tmp_path / "there" / name).read_bytes()


def test_different_seed_writes_different_data(tmp_path: Path) -> None:
    write_sample(tmp_path / "a", seed=1, n_history=300, n_pending=40)
    write_sample(tmp_path / "b", seed=2, n_history=300, n_pending=40)
    for name in FILES[1:]:
        assert (tmp_path / "a" / name).read_bytes() != (tmp_path / "b" / name).read_bytes(), name


def test_write_leaves_no_temporary_files(written: dict[str, Path]) -> None:
    for folder in written.values():
        assert sorted(p.name for p in folder.iterdir()) == sorted(FILES)


# -- the contract ----------------------------------------------------------------------------
@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_files_read_with_zero_rejects(written: dict[str, Path], persona: str) -> None:
    history = read_requests(written[persona] / "history.csv")
    pending = read_requests(written[persona] / "pending.csv")
    assert history.rejects == [] and pending.rejects == []
    assert history.n_read == 2000 and pending.n_read == 200
    assert set(history.frame["decision"]) == {"accept", "ignore"}
    assert pending.frame["decision"].isna().all()
    # every location resolves to a country, also where the country cell was left empty
    for table in (history, pending):
        located = table.frame["location"].notna()
        assert table.frame.loc[located, "country"].notna().all()


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_policy_file_loads_and_matches_the_persona(written: dict[str, Path], persona: str) -> None:
    policy = load_policy(written[persona] / "policy.toml")
    assert policy == PERSONAS[persona].policy
    assert (written[persona] / "policy.toml").read_text(encoding="utf-8").startswith("# ")


def test_personas_have_different_policies() -> None:
    assert {"consultant", "recruiter", "private"} <= set(PERSONAS)
    fingerprints = {p.policy.fingerprint() for p in PERSONAS.values()}
    assert len(fingerprints) == len(PERSONAS)


def test_columns_are_the_contract_names(written: dict[str, Path]) -> None:
    folder = written["consultant"]
    assert tuple(raw_table(folder / "history.csv").columns) == HISTORY_COLUMNS
    assert tuple(raw_table(folder / "pending.csv").columns) == REQUEST_COLUMNS
    truth = raw_table(folder / "truth.csv")
    assert list(truth.columns) == ["request_id", "split", "p_accept", "decision", "archetype"]


def test_unknown_persona_names_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(TriageError, match=r"consultant.*private.*recruiter"):
        generate_sample("astronaut")
    with pytest.raises(TriageError, match="unknown persona"):
        write_sample(tmp_path / "out", persona="astronaut")
    assert not (tmp_path / "out").exists()


# -- truth and time ----------------------------------------------------------------------------
def test_truth_is_aligned_with_history_and_pending(written: dict[str, Path]) -> None:
    folder = written["private"]
    history = raw_table(folder / "history.csv")
    pending = raw_table(folder / "pending.csv")
    truth = raw_table(folder / "truth.csv")
    ids = pd.concat([history["request_id"], pending["request_id"]], ignore_index=True)
    assert ids.is_unique
    assert set(history["request_id"]).isdisjoint(pending["request_id"])
    assert truth["request_id"].tolist() == ids.tolist()
    assert truth["split"].tolist() == ["history"] * len(history) + ["pending"] * len(pending)
    labelled = truth[truth["split"] == "history"]
    assert labelled["decision"].tolist() == history["decision"].tolist()
    assert truth.loc[truth["split"] == "pending", "decision"].isin(["accept", "ignore"]).all()
    p_accept = truth["p_accept"].astype(float)
    assert p_accept.between(0, 1).all()
    assert set(truth["archetype"]) == set(ARCHETYPES)


def test_history_is_sorted_and_entirely_before_pending(written: dict[str, Path]) -> None:
    history = read_requests(written["consultant"] / "history.csv").frame
    pending = read_requests(written["consultant"] / "pending.csv").frame
    assert history["received_at"].is_monotonic_increasing
    assert pending["received_at"].is_monotonic_increasing
    assert history["received_at"].max() < pending["received_at"].min()
    assert history["received_at"].min() >= pd.Timestamp("2024-11-01")
    assert pending["received_at"].max() < pd.Timestamp("2026-11-01")
    assert (history["decided_at"] >= history["received_at"]).all()
    joined = history["joined_on"].notna()
    assert (history.loc[joined, "joined_on"] <= history.loc[joined, "received_at"]).all()


# -- realism ------------------------------------------------------------------------------------
@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_accept_rate_fakes_and_bayes_auc_in_their_bands(
    samples: dict[str, Sample], persona: str
) -> None:
    from sklearn.metrics import roc_auc_score

    truth = samples[persona].truth
    accepted = (truth["decision"] == "accept").to_numpy()
    low, high = ACCEPT_BANDS[persona]
    assert low <= accepted.mean() <= high
    assert AUC_BAND[0] <= roc_auc_score(accepted, truth["p_accept"]) <= AUC_BAND[1]
    fake = (truth["archetype"] == "fake").to_numpy()
    assert 0.05 <= fake.mean() <= 0.10
    assert accepted[fake].mean() <= 0.03  # fakes are almost always ignored
    assert truth.loc[fake, "p_accept"].max() < 0.1


def test_missing_values_are_partial_like_real_enrichment(written: dict[str, Path]) -> None:
    history = raw_table(written["recruiter"] / "history.csv")
    missing = history.isna().mean()
    for column in ("request_id", "name", "received_at", "decision", "decided_at"):
        assert missing[column] == 0, column
    for column in ENRICHMENT_COLUMNS:
        assert 0.10 <= missing[column] <= 0.45, column
    assert 0.05 <= missing["profile_url"] <= 0.15
    assert 0.50 <= missing["message"] <= 0.70  # most invitations come without a note
    assert 0.02 <= missing["location"] <= 0.08


def test_values_come_in_the_formats_linkedin_and_scrapers_use(written: dict[str, Path]) -> None:
    history = raw_table(written["consultant"] / "history.csv")
    connections = history["connections"].dropna()
    assert (connections == "500+").mean() > 0.2
    assert connections[connections != "500+"].astype(int).lt(500).all()
    linkedin_dates = history["received_at"].str.fullmatch(
        r"\d{1,2}/\d{1,2}/\d\d, \d{1,2}:\d\d [AP]M"
    )
    assert 0.02 <= linkedin_dates.mean() <= 0.10
    assert (history["country"].isna() & history["location"].notna()).mean() > 0.15
    assert history["location"].str.contains("Metropolitan Area", na=False).any()
    assert history["country"].isin(["Italy", "Germany", "France"]).any()  # names, not only codes
    photo = set(history["has_photo"].dropna())
    assert {"true", "false"} <= photo and photo & {"yes", "no", "1", "0"}
    urls = history["profile_url"].dropna()
    assert urls.str.startswith("https://www.linkedin.com/in/").all()
    assert urls.str.contains("%C3", regex=False).any()  # accents percent-encoded
    assert history["joined_on"].dropna().str.fullmatch(r"\d{4}-\d\d(-\d\d)?").all()
    assert history["past_companies"].str.contains(";", na=False).any()
    assert history["message"].str.len().max() <= 300


def test_notes_of_every_kind_are_present(written: dict[str, Path]) -> None:
    notes = raw_table(written["consultant"] / "history.csv")["message"].dropna()

    def share(pattern: str) -> float:
        return float(notes.str.contains(pattern, regex=True).mean())

    digit = "(?:zero|one|two|three|four|five|six|seven|eight|nine)"
    personal = r"Giulia.*(?:Reply|Accenture|Politecnico di Milano)"  # a shared context
    assert share(personal) > 0.02
    assert share(r"add you to my professional network") > 0.01  # generic
    assert share(r"call next week|short deck|offshore developers") > 0.02  # sales pitch
    assert share(r"opportunity that could|I'm recruiting") > 0.01  # recruiter template
    assert share(r"https?://") > 0.01  # links
    assert share(r"WhatsApp|whatsapp|Telegram") > 0.01
    assert share(r"@\w[\w.-]*\.\w+") > 0.005  # an email address
    assert share(rf"{digit}(?: {digit}){{5}}") > 0  # phone number spelled out
    assert share(r"\d \d \d-\d \d \d") > 0  # phone number spaced out


def test_archetypes_carry_their_typical_traits(samples: dict[str, Sample]) -> None:
    sample = samples["consultant"]
    history = sample.history.merge(sample.truth[["request_id", "archetype"]], on="request_id")
    by = history.groupby("archetype")

    def mutuals(archetype: str) -> float:
        return float(pd.to_numeric(by.get_group(archetype)["mutual_connections"]).median())

    assert mutuals("colleague") > 3 * max(mutuals("remote"), 1)
    fakes, others = by.get_group("fake"), history[history["archetype"] != "fake"]
    assert (fakes["has_photo"].isin(["false", "no", "0"])).mean() > 0.4
    assert (others["has_photo"].isin(["false", "no", "0"])).mean() < 0.15
    odd = re.compile(r"\d|^[^A-Z]*$")
    assert fakes["name"].map(lambda n: bool(odd.search(n))).mean() > 0.25
    assert others["name"].map(lambda n: bool(odd.search(n))).mean() < 0.05
    competitors = by.get_group("competitor")["company"].dropna()
    assert competitors.str.contains("capgemini|deloitte", case=False).mean() > 0.5
    assert competitors.isin(["CAPGEMINI", "DELOITTE"]).any()  # written differently
    assert competitors.str.contains(r"S\.p\.A\.|Inc\.", regex=True).any()
    colleagues = by.get_group("colleague")
    shared = colleagues["company"].isin(["Reply", "Accenture"]) | colleagues[
        "past_companies"
    ].str.contains("Reply|Accenture", na=False)
    assert shared.mean() > 0.5
    networkers = by.get_group("networker")["connections"].dropna()
    assert (networkers == "500+").mean() > 0.9
    last_names = set(history["name"].str.split().str[-1])
    cultures = [c for c, (_, last) in NAMES.items() if last_names & set(last)]
    assert len(cultures) >= 8  # Italian, German, Indian, Nigerian, Chinese... senders
    assert history["industry"].nunique() >= 15


def test_recruiter_values_titles_more_than_geography(samples: dict[str, Sample]) -> None:
    sample = samples["recruiter"]
    table = pd.concat([sample.history, sample.pending], ignore_index=True)
    p_accept = sample.truth["p_accept"].to_numpy()
    engineer = table["title"].str.contains("Engineer|Data Scien|DevOps|Site Reliability", na=False)
    sales = table["title"].str.contains("Sales|Account Executive|Business Develop", na=False)
    remote = table["location"].str.contains("India|China|Pakistan|Nigeria|Brazil", na=False)
    assert p_accept[engineer & remote].mean() > p_accept[~engineer & ~remote].mean() + 0.2
    assert p_accept[sales].mean() < 0.2


def test_private_persona_accepts_mostly_people_it_knows(samples: dict[str, Sample]) -> None:
    truth = samples["private"].truth
    known = truth["archetype"].isin(["colleague", "alumni"])
    accepted = truth["decision"] == "accept"
    assert accepted[known].mean() > 0.45
    assert accepted[~known].mean() < 0.15


# -- scale and the command line --------------------------------------------------------------------
def test_generation_scales() -> None:
    # How fast it is belongs to benchmarks/, not to a test that load can fail.
    sample = generate_sample("consultant", seed=3, n_history=2000, n_pending=200)
    big = generate_sample("private", seed=3, n_history=20_000, n_pending=0)
    assert len(big.history) == 20_000 and len(big.pending) == 0
    assert len(sample.truth) == 2200
    assert np.isfinite(big.truth["p_accept"]).all()


def test_cli_sample_writes_the_files(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["sample", "--out", str(tmp_path / "s"), "--persona", "private"])
    assert result.exit_code == 0, result.output
    printed = "".join(result.output.split())  # rich may fold long paths
    for name in FILES:
        assert (tmp_path / "s" / name).is_file()
        assert "".join(str(tmp_path / "s" / name).split()) in printed
    assert load_policy(tmp_path / "s" / "policy.toml") == PERSONAS["private"].policy


def test_cli_sample_unknown_persona_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["sample", "--out", str(tmp_path / "s"), "--persona", "x"])
    assert result.exit_code == 2
    assert "unknown persona" in " ".join(result.output.split())
    assert not (tmp_path / "s").exists()


def test_the_sample_mailbox_holds_one_readable_invitation_per_request(tmp_path):
    """The demo's invented emails: every request before the cut, readable, same people as
    the sample's export (same profile links)."""
    from datetime import date

    from linkedin_triage.ledger.identity import profile_key
    from linkedin_triage.sample import generate_sample
    from linkedin_triage.sample.export_files import profile_urls
    from linkedin_triage.sample.invitation_mailbox import write_invitation_mbox
    from linkedin_triage.sources.invitation_emails import read_mail_file
    from linkedin_triage.sources.linkedin_export.reading import parse_export_dates
    from linkedin_triage.sources.sightings import Sighting

    until = date(2025, 3, 1)
    mbox = write_invitation_mbox(tmp_path / "inbox.mbox", "consultant", seed=7, until=until)
    items = list(read_mail_file(mbox))
    assert all(isinstance(item, Sighting) for item in items)
    sample = generate_sample("consultant", seed=7)
    requests = sample.history.assign(profile_url=profile_urls(sample.history))
    sent = parse_export_dates(requests["received_at"])  # the sample mixes date forms
    before = requests[sent < pd.Timestamp(until)]
    assert len(items) == len(before) > 0
    assert {profile_key(i.profile_url) for i in items} == set(
        map(profile_key, before["profile_url"])
    )
    assert (
        mbox.read_bytes()
        == write_invitation_mbox(tmp_path / "again.mbox", seed=7, until=until).read_bytes()
    )
