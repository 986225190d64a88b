"""score_claim_pairs: the product's scorer over a JSON Lines file, and its figures on the labelled set."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

PAIRS = Path(__file__).resolve().parents[1] / "data" / "claim_pairs.jsonl"


def _run(path: Path) -> list[dict]:
    out = StringIO()
    call_command("score_claim_pairs", str(path), stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_prints_one_line_per_pair_with_score_and_decision(tmp_path):
    path = tmp_path / "pairs.jsonl"
    said = {"speaker": "Ed Davey", "text": "Sewage was dumped 400,000 times last year.", "date": "2024-03-01"}
    changed = {**said, "text": "Sewage was dumped 300,000 times last year."}
    path.write_text(
        json.dumps({"id": "same", "a": said, "b": said})
        + "\n\n"
        + json.dumps({"id": 7, "a": said, "b": changed})
        + "\n"
    )
    rows = _run(path)
    assert [row["id"] for row in rows] == ["same", 7]
    assert rows[0]["decision"] == "match"
    assert rows[0]["score"] >= 0.8
    assert rows[1]["decision"] == "different"
    assert 0 <= rows[1]["score"] < 0.5
    assert set(rows[0]) == {"id", "score", "decision"}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("not json", "Line 1: not JSON"),
        ('{"a": {"text": "x"}, "b": {"text": "y"}}', "Line 1: expected an object with an `id`"),
        ('{"id": 1, "a": {"text": ""}, "b": {"text": "y"}}', "Line 1: `a` must be an object"),
        ('{"id": 1, "a": {"text": "x"}}', "Line 1: `b` must be an object"),
    ],
)
def test_bad_lines_are_named(tmp_path, line, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(line + "\n")
    with pytest.raises(CommandError, match=message):
        _run(path)


def test_missing_file_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        _run(tmp_path / "nope.jsonl")


def test_labelled_set_meets_the_matching_goals():
    """Precision of automatic matches >= 0.98 and recall counting possible matches >= 0.90."""
    labels = {row["id"]: row["label"] for row in map(json.loads, PAIRS.read_text().splitlines())}
    assert len(labels) >= 150
    decisions = {row["id"]: row["decision"] for row in _run(PAIRS)}
    matched = [labels[i] for i, d in decisions.items() if d == "match"]
    same = [decisions[i] for i, label in labels.items() if label == "same"]
    precision = matched.count("same") / len(matched)
    recall = sum(d in ("match", "possible") for d in same) / len(same)
    print(f"claim pairs: precision {precision:.3f} over {len(matched)} matches, recall {recall:.3f}")
    assert precision >= 0.98
    assert recall >= 0.90
