"""The evaluation report: every file written, a self-contained readable page, no personal data."""

from __future__ import annotations

import html
import json
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from linkedin_triage.explaining import model_report as report
from linkedin_triage.explaining import plots
from linkedin_triage.explaining.contributions import contributions
from linkedin_triage.explaining.model_report import metrics_document, write_report
from linkedin_triage.learning.evaluation import evaluate_model, learning_curve, time_split
from linkedin_triage.learning.metrics import METRIC_NAMES
from linkedin_triage.learning.triage_model import fit_model, labelled_rows
from linkedin_triage.sample import generate_sample
from linkedin_triage.sources.requests_reader import read_requests

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
PLANTED_NAME = "Zebulon Quackenbushwright"
PLANTED_URL = "https://www.linkedin.com/in/zebulon-planted-7q"
PLANTED_NOTE = "ring me on 555-0199 about Quackenbushwright Holdings"
VOID_TAGS = {"meta", "img", "br", "hr", "link", "input"}


@pytest.fixture(scope="module", autouse=True)
def one_thread_per_library():
    """Small fits gain nothing from BLAS/OpenMP threads and lose a lot on busy shared cores."""
    with threadpool_limits(limits=1):
        yield


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory):
    """A synthetic history with a planted identity in old and new rows, a model, its evaluation."""
    folder = tmp_path_factory.mktemp("report")
    sample = generate_sample(seed=11, n_history=500, n_pending=0)
    history = sample.history.copy()
    planted = [3, 250, 490, 499]  # in training and in the held-out newest rows
    history.loc[planted, "name"] = PLANTED_NAME
    history.loc[planted, "profile_url"] = [f"{PLANTED_URL}{i}" for i in range(len(planted))]
    history.loc[planted, "message"] = PLANTED_NOTE
    path = folder / "history.csv"
    history.to_csv(path, index=False)
    frame = read_requests(path).frame
    policy = sample.persona.policy
    train, test = time_split(frame)
    model, _ = fit_model(train, policy, seed=0, candidates=("logistic_strong",))
    evaluation = evaluate_model(model, test, seed=0)
    curve = learning_curve(train, test, policy, sizes=(100, 200), candidates=("logistic_strong",))
    matrix, rules = model.matrix(labelled_rows(test))
    contrib = contributions(model, matrix, rules.fired)
    return {
        "model": model,
        "evaluation": evaluation,
        "curve": curve,
        "matrix": matrix,
        "contributions": contrib,
        "owner": policy.me.name,
        "train": train,
        "test": test,
    }


@pytest.fixture(scope="module")
def full_report(world, tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("full") / "report"
    context = {"history_rows": 500, "seed": 0, "label": "<b>run & check</b>"}
    paths = write_report(
        folder,
        world["evaluation"],
        world["curve"],
        world["model"],
        world["matrix"],
        world["contributions"],
        context,
    )
    return paths, context


class StrictParser(HTMLParser):
    """Collects text, tags and attributes; records any tag that is closed out of order."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(attrs)
        if tag not in VOID_TAGS:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(f"unbalanced </{tag}>")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> StrictParser:
    parser = StrictParser()
    parser.feed(page)
    parser.close()
    return parser


def test_every_file_is_written(full_report) -> None:
    paths, _ = full_report
    assert paths.html.name == "report.html" and paths.metrics_json.name == "metrics.json"
    assert set(paths.plots) == {"reliability", "learning_curve", "shap_summary"}
    for png in paths.plots.values():
        assert png.parent == paths.folder
        data = png.read_bytes()
        assert data.startswith(PNG_MAGIC) and len(data) > 5000
    assert sorted(p.name for p in paths.folder.iterdir()) == sorted(
        ["report.html", "metrics.json", "reliability.png", "learning_curve.png", "shap_summary.png"]
    )  # no temporary files left behind


def test_html_is_well_formed_self_contained_and_readable(full_report, world) -> None:
    paths, _ = full_report
    page = paths.html.read_text(encoding="utf-8")
    parser = parse(page)
    assert parser.errors == [] and parser.stack == []
    text = " ".join(parser.text)
    for name in METRIC_NAMES:
        assert f"[{name}]" in text
    markup = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "data:", page).lower()
    assert "<script" not in markup and "href" not in markup and "http" not in markup
    sources = [value for key, value in parser.attributes if key == "src"]
    assert len(sources) == 3 and all(s.startswith("data:image/png;base64,") for s in sources)
    assert "logistic_strong" in text  # the chosen candidate
    for note in world["model"].notes:  # and whatever train noted (a single candidate: none)
        assert note in text
    assert "decides" in text and "baseline ROC AUC" in text  # the headline
    assert "Learning curve" in text and "200" in text


def test_context_strings_are_escaped(full_report) -> None:
    paths, context = full_report
    page = paths.html.read_text(encoding="utf-8")
    assert "<b>run & check</b>" not in page
    assert "&lt;b&gt;run &amp; check&lt;/b&gt;" in page
    assert context["label"] in " ".join(parse(page).text)


def test_metrics_json_round_trips(full_report, world) -> None:
    paths, context = full_report
    stored = json.loads(paths.metrics_json.read_text(encoding="utf-8"))
    expected = metrics_document(world["evaluation"], world["curve"], world["model"], context)
    assert stored == json.loads(json.dumps(expected))
    auc = stored["evaluation"]["metrics"]["roc_auc"]
    assert auc["model"]["value"] == pytest.approx(world["evaluation"].model["roc_auc"].value)
    assert [r["n_labels"] for r in stored["learning_curve"]] == world["curve"]["n_labels"].tolist()
    assert stored["context"]["history_rows"] == 500
    assert stored["model"]["candidate"] == "logistic_strong"


def test_no_personal_data_in_any_file(full_report, world) -> None:
    paths, _ = full_report
    for path in paths.folder.iterdir():
        data = path.read_bytes()
        for secret in (PLANTED_NAME, "Quackenbushwright", "zebulon", "555-0199", world["owner"]):
            assert secret.encode() not in data, (secret, path.name)
        assert b"linkedin.com" not in data, path.name


def test_same_inputs_same_bytes(world, full_report, tmp_path: Path) -> None:
    paths, context = full_report
    again = write_report(
        tmp_path,
        world["evaluation"],
        world["curve"],
        world["model"],
        world["matrix"],
        world["contributions"],
        context,
    )
    for name in ("report.html", "metrics.json", "shap_summary.png", "reliability.png"):
        assert (tmp_path / name).read_bytes() == (paths.folder / name).read_bytes(), name
    assert again.html == tmp_path / "report.html"


def test_minimal_report_has_only_the_reliability_plot(world, tmp_path: Path) -> None:
    paths = write_report(tmp_path, world["evaluation"], None, world["model"])
    assert set(paths.plots) == {"reliability"}
    page = paths.html.read_text(encoding="utf-8")
    assert parse(page).errors == []
    assert "Learning curve" not in page
    assert json.loads(paths.metrics_json.read_text())["learning_curve"] is None


def test_shap_failure_falls_back_to_a_bar_chart(
    world, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("shap cannot draw here")

    monkeypatch.setattr(plots, "_beeswarm", broken)
    paths = write_report(
        tmp_path, world["evaluation"], None, world["model"], world["matrix"], world["contributions"]
    )
    assert paths.plots["shap_summary"].read_bytes().startswith(PNG_MAGIC)
    page = paths.html.read_text(encoding="utf-8")
    assert html.escape(report.CAPTIONS["shap_bar"]) in page
    assert html.escape(report.CAPTIONS["shap_summary"]) not in page


@pytest.mark.filterwarnings("error:All-NaN slice encountered:RuntimeWarning")
def test_a_column_unknown_in_every_row_still_gets_the_beeswarm(world) -> None:
    # An export without one of the fields: shap's colour scale meets an all-NaN column. Its
    # RuntimeWarning, turned into an error here, used to send the plot to the bar chart.
    contributions = world["contributions"].values
    top = contributions.abs().mean().idxmax()  # shap colours only the features it shows
    matrix = world["matrix"].assign(**{top: np.nan})
    png, kind = plots.shap_summary_png(matrix, world["contributions"])
    assert kind == "shap_summary" and png.startswith(PNG_MAGIC)


def test_rules_mode_report_explains_the_fallback(world, tmp_path: Path) -> None:
    rules_model, _ = fit_model(world["train"].tail(8), world["model"].policy, seed=0)
    assert rules_model.mode == "rules"
    evaluation = evaluate_model(rules_model, world["test"], seed=0)
    paths = write_report(tmp_path, evaluation, None, rules_model)
    text = " ".join(parse(paths.html.read_text(encoding="utf-8")).text)
    assert "hand-written rules decide" in text and rules_model.notes[0] in text
    assert json.loads(paths.metrics_json.read_text())["model"]["thresholds"] is None


def test_nan_metrics_are_null_in_json_and_n_a_in_html(world, tmp_path: Path) -> None:
    evaluation = world["evaluation"]
    no_accepts = replace(
        evaluation,
        model={**evaluation.model, "accept_precision": report.Metric(np.nan, np.nan, np.nan)},
    )
    paths = write_report(tmp_path, no_accepts, None, world["model"])
    stored = json.loads(paths.metrics_json.read_text())
    assert stored["evaluation"]["metrics"]["accept_precision"]["model"] == {
        "value": None,
        "low": None,
        "high": None,
    }
    assert "n/a" in paths.html.read_text(encoding="utf-8")
