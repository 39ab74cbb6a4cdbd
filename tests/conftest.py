"""Shared fixtures: the shipped model's classifier and small documents."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))  # test this checkout (labeled/, models/), not an installed copy


def needs_shared(path: Path):
    return pytest.mark.skipif(
        not path.exists(), reason=f"{path} is absent (../shared is not beside this checkout)"
    )


@pytest.fixture(scope="session")
def classifier():
    from classifier.api import block_classifier

    return block_classifier()
