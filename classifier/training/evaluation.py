"""Scores of a block classifier on labelled documents: per class, per language, per token."""

from __future__ import annotations

from collections import Counter, defaultdict

import numpy as np

from ..api import BlockClassifier
from ..document import LABELS
from ..segment import Span
from ..tokens import tokenize
from .dataset import spans_with_labels


def predict_items(classifier: BlockClassifier, items) -> list[tuple[str, str, list[str], list[str], list[Span]]]:
    """``(id, lang, gold labels, predicted labels, spans)`` for each item."""
    prepared, golds = [], []
    for doc_id, lang, text, gold in items:
        spans, labels = spans_with_labels(text, gold)
        prepared.append((spans, lang))
        golds.append((doc_id, lang, labels))
    out = []
    for start in range(0, len(prepared), 256):
        chunk = prepared[start:start + 256]
        for (doc_id, lang, labels), (spans, _), blocks in zip(
            golds[start:start + 256], chunk, classifier.classify_spans(chunk)
        ):
            out.append((doc_id, lang, labels, [b.label for b in blocks], spans))
    return out


def class_report(pairs: list[tuple[str, str]], labels=LABELS) -> dict:
    """Precision, recall, F1 and support per class, macro-F1 and the confusion matrix."""
    confusion = Counter(pairs)
    report = {}
    for label in labels:
        tp = confusion[(label, label)]
        predicted = sum(v for (g, p), v in confusion.items() if p == label)
        actual = sum(v for (g, p), v in confusion.items() if g == label)
        precision = tp / predicted if predicted else 0.0
        recall = tp / actual if actual else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        report[label] = {"precision": round(precision, 4), "recall": round(recall, 4),
                         "f1": round(f1, 4), "support": actual}
    present = [label for label in labels if report[label]["support"]]
    macro = float(np.mean([report[label]["f1"] for label in present])) if present else 0.0
    matrix = [[confusion[(g, p)] for p in labels] for g in labels]
    return {"classes": report, "macro_f1": round(macro, 4), "confusion": matrix,
            "accuracy": round(sum(confusion[(l, l)] for l in labels) / max(len(pairs), 1), 4)}


def four_class_scores(predictions) -> dict:
    """Overall and per-language reports over labelled blocks."""
    pairs, by_lang = [], defaultdict(list)
    for _, lang, gold, predicted, _ in predictions:
        for g, p in zip(gold, predicted):
            if g in LABELS:
                pairs.append((g, p))
                by_lang[lang].append((g, p))
    return {"overall": class_report(pairs),
            "per_language": {lang: class_report(v) for lang, v in sorted(by_lang.items())}}


def body_scores(predictions) -> dict:
    """Body vs not-body: block-level precision/recall, and token-level P/R/F1 per page."""
    tp = fp = fn = 0
    token_scores = []
    for _, _, gold, predicted, spans in predictions:
        gold_body, pred_body = Counter(), Counter()
        for g, p, span in zip(gold, predicted, spans):
            is_body = p == "body"
            if g in ("body", "other"):
                tp += g == "body" and is_body
                fp += g == "other" and is_body
                fn += g == "body" and not is_body
            tokens = tokenize(span.text)
            if g == "body":
                gold_body.update(tokens)
            if is_body:
                pred_body.update(tokens)
        token_scores.append(_token_prf(gold_body, pred_body))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    mean = np.mean(token_scores, axis=0) if token_scores else np.zeros(3)
    return {"blocks": {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)},
            "tokens": {"precision": round(float(mean[0]), 4), "recall": round(float(mean[1]), 4),
                       "f1": round(float(mean[2]), 4)},
            "pages": len(predictions)}


def _token_prf(gold: Counter, predicted: Counter) -> tuple[float, float, float]:
    overlap = sum((gold & predicted).values())
    precision = overlap / sum(predicted.values()) if predicted else (1.0 if not gold else 0.0)
    recall = overlap / sum(gold.values()) if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def seed_check(predictions) -> dict:
    """The seeds' target: every non-body block right, at most one body block wrong."""
    wrong_other, wrong_body, errors = 0, 0, []
    for doc_id, _, gold, predicted, spans in predictions:
        for g, p, span in zip(gold, predicted, spans):
            if g != p:
                errors.append({"file": doc_id, "text": span.text[:80], "gold": g, "predicted": p})
                if g == "body":
                    wrong_body += 1
                else:
                    wrong_other += 1
    return {"non_body_wrong": wrong_other, "body_wrong": wrong_body,
            "passed": wrong_other == 0 and wrong_body <= 1, "errors": errors}


def calibration_error(classifier: BlockClassifier, items, bins: int = 10) -> dict:
    """Expected calibration error of the top label's probability (10 equal-width bins)."""
    confidence, correct = [], []
    for doc_id, lang, text, gold in items:
        spans, labels = spans_with_labels(text, gold)
        for block, label in zip(classifier.classify_spans([(spans, lang)])[0], labels):
            confidence.append(max(block.scores.values()))
            correct.append(block.label == label)
    confidence, correct = np.asarray(confidence), np.asarray(correct, dtype=float)
    edges = np.linspace(0.0, 1.0, bins + 1)
    error = 0.0
    for low, high in zip(edges[:-1], edges[1:]):
        inside = (confidence > low) & (confidence <= high)
        if inside.any():
            error += inside.mean() * abs(confidence[inside].mean() - correct[inside].mean())
    return {"ece": round(float(error), 4), "mean_confidence": round(float(confidence.mean()), 4),
            "accuracy": round(float(correct.mean()), 4)}
