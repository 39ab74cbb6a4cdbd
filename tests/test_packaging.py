"""The installed package is the whole package: every subpackage ships, from any directory."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_every_subpackage_of_the_source_is_listed_for_installation():
    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(init.parent.relative_to(REPO).parts)
             for init in (REPO / "classifier").rglob("__init__.py")}
    assert found <= listed, f"subpackages missing from pyproject.toml: {sorted(found - listed)}"


def test_both_models_import_outside_the_checkout(tmp_path):
    """Run from elsewhere, so the import goes through the installed package's finder."""
    script = "import classifier.provenance.api, classifier.pages, classifier.cli; print('ok')"
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
