"""classifier: label the blocks of web news text as body, chrome, ad or attribution.

    >>> from classifier import classify
    >>> doc = classify("Home | World | Sport\\nThe council voted on Tuesday to ...")
    >>> [(b.label, b.text) for b in doc.blocks]

The heavy parts (numpy, scikit-learn, the model) load on first use, not on import.
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["classify", "classify_many", "Block", "Document", "InputError", "LABELS"]


def __getattr__(name: str):
    if name in ("classify", "classify_many"):
        from . import api

        return getattr(api, name)
    if name in ("Block", "Document", "LABELS"):
        from . import document

        return getattr(document, name)
    if name == "InputError":
        from .errors import InputError

        return InputError
    raise AttributeError(f"module 'classifier' has no attribute {name!r}")
