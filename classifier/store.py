"""Shipped models: found through the manifest, checked by sha256, loaded once per process.

A joblib file is pickled code. It is only unpickled after its digest matches the one recorded
in ``models/MANIFEST.json`` when it was trained, so a swapped or corrupted file is refused.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

MODELS_ENV = "CLASSIFIER_MODELS"
MANIFEST = "MANIFEST.json"


class ModelError(RuntimeError):
    """The shipped model is missing, altered, or was trained for another feature spec."""


def models_dir() -> Path:
    """Where the models live: ``$CLASSIFIER_MODELS``, else ``models/`` beside the package."""
    configured = os.environ.get(MODELS_ENV)
    if configured:
        return Path(configured)
    packaged = Path(__file__).resolve().parent / "models"
    if (packaged / MANIFEST).exists():
        return packaged
    return Path(__file__).resolve().parent.parent / "models"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_manifest(directory: Path | None = None) -> dict:
    path = (directory or models_dir()) / MANIFEST
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"no model manifest at {path}; train one with scripts/train_blocks.py") from None
    except json.JSONDecodeError as exc:
        raise ModelError(f"model manifest {path} is not valid JSON: {exc}") from None


def load_verified(name: str, directory: Path | None = None):
    """Load model ``name`` after checking its file against the manifest's sha256."""
    directory = directory or models_dir()
    entry = read_manifest(directory).get("models", {}).get(name)
    if entry is None:
        raise ModelError(f"the manifest in {directory} lists no model named {name!r}")
    path = directory / entry["file"]
    if not path.exists():
        raise ModelError(f"model file {path} is missing")
    actual = sha256_of(path)
    if actual != entry["sha256"]:
        raise ModelError(
            f"model file {path} has sha256 {actual}, the manifest expects {entry['sha256']}: "
            "refusing to load it"
        )
    import joblib

    return joblib.load(path)


@lru_cache(maxsize=4)
def cached_model(name: str, directory: str | None = None):
    """The verified model, loaded on first use and kept for the life of the process."""
    return load_verified(name, Path(directory) if directory else None)
