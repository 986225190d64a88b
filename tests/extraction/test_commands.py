"""The management commands, run as a newsroom would run them (no database is touched)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str) -> subprocess.CompletedProcess:
    if not (ROOT / "manage.py").exists():
        pytest.skip("manage.py not available")
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )


def test_extract_statements_jsonl_prints_one_line_per_file(tmp_path):
    (tmp_path / "harbour.txt").write_text('Politics\n\n"We will appeal," Mr Hale said.\n', encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    done = _manage("extract_statements", "--jsonl", str(tmp_path / "harbour.txt"), str(tmp_path / "empty.txt"))
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["harbour", "empty"]
    (s,) = lines[0]["statements"]
    assert (s["speaker"], s["content"], s["kind"], s["cue"]) == ("Hale", "We will appeal,", "direct", "said")
    assert set(s) == {
        "speaker",
        "speaker_kind",
        "content",
        "start",
        "end",
        "kind",
        "cue",
        "confidence",
        "evidence_hint",
    }
    assert lines[1]["statements"] == []


def test_bench_extraction_reports_rates_ratio_and_memory(tmp_path):
    (tmp_path / "a.txt").write_text("Mr Hale said the plan was sound. " * 20, encoding="utf-8")
    done = _manage("bench_extraction", str(tmp_path / "a.txt"), "--min-words", "500", "--rounds", "1")
    assert done.returncode == 0, done.stderr
    for label in ("bare nlp.pipe", "full extractor", "ratio full/bare", "peak RSS"):
        assert label in done.stdout
