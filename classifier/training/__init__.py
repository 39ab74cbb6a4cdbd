"""Corpus building and evaluation helpers used by ``scripts/`` and the quality tests."""
