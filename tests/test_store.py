"""A model file is only unpickled when its sha256 matches the manifest."""

from __future__ import annotations

import json
import shutil

import pytest

from classifier.store import ModelError, load_verified, models_dir, read_manifest


def copy_models(tmp_path):
    source = models_dir()
    manifest = read_manifest(source)
    for entry in manifest["models"].values():
        shutil.copy(source / entry["file"], tmp_path / entry["file"])
    (tmp_path / "MANIFEST.json").write_text(json.dumps(manifest))
    return manifest


def test_matching_checksum_loads(tmp_path):
    copy_models(tmp_path)
    bundle = load_verified("blocks", tmp_path)
    assert bundle["labels"] == ("body", "chrome", "ad", "attribution")


def test_tampered_file_is_refused_before_unpickling(tmp_path):
    manifest = copy_models(tmp_path)
    path = tmp_path / manifest["models"]["blocks"]["file"]
    path.write_bytes(b"cos\nsystem\n(S'echo owned'\ntR.")  # a pickle that would run a command
    with pytest.raises(ModelError, match="refusing to load"):
        load_verified("blocks", tmp_path)


def test_missing_manifest_or_entry_is_a_clear_error(tmp_path):
    with pytest.raises(ModelError, match="no model manifest"):
        load_verified("blocks", tmp_path)
    (tmp_path / "MANIFEST.json").write_text(json.dumps({"models": {}}))
    with pytest.raises(ModelError, match="lists no model"):
        load_verified("blocks", tmp_path)
