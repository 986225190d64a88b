"""The one-way layers in pyproject.toml's [tool.importlinter] hold (devtools above claims, sources
below claims, newstext below both, nothing shipped importing devtools, extraction and newstext free
of Django, no cycles between sibling modules)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PACKAGES = ("devtools", "claims", "sources", "newstext", "newsroom")


def _lint(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the packages and the contracts, to break on purpose."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def test_the_code_keeps_every_layering_contract():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        ("sources/cleaning.py", "from claims.models import Claim", "sources and newstext never import claims"),
        ("newstext/boilerplate.py", "from sources import models", "claims above sources above newstext"),
        ("claims/extraction/quotes.py", "from django.conf import settings", "no Django"),
        ("claims/api/exceptions.py", "from claims.api.views import claims", "No cycles are allowed in claims.api"),
        ("claims/services/queueing.py", "from claims import tasks", "No cycles are allowed in claims"),
        ("claims/api/lean.py", "from devtools import views", "nothing shipped imports the development app"),
    ],
)
def test_a_wrong_way_import_breaks_a_contract(tree, module, line, broken):
    with (tree / module).open("a", encoding="utf-8") as source:
        source.write(f"\n\ndef _wrong_way():\n    {line}  # noqa\n")

    result = _lint(tree)

    assert result.returncode != 0
    assert broken in result.stdout
