"""Same input, same output: in another process, and in any order of a batch."""

from __future__ import annotations

import json
import random
import subprocess
import sys

from classifier import classify_many

SCRIPT = """
import json, sys
from classifier import classify_many
texts = json.load(sys.stdin)
print(json.dumps([d.to_dict() for d in classify_many(texts)], sort_keys=True))
"""


def corpus():
    from classifier.training import corpora

    return [text for _, _, text, _ in corpora.synthetic_items("heldout", n_docs=24, seed=99)]


def run_in_subprocess(texts):
    result = subprocess.run([sys.executable, "-c", SCRIPT], input=json.dumps(texts),
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_two_processes_and_shuffled_order_give_identical_output():
    texts = corpus()
    first = run_in_subprocess(texts)
    second = run_in_subprocess(texts)
    assert first == second
    order = list(range(len(texts)))
    random.Random(5).shuffle(order)
    shuffled = run_in_subprocess([texts[i] for i in order])
    assert [shuffled[order.index(i)] for i in range(len(texts))] == first
    here = json.loads(json.dumps([d.to_dict() for d in classify_many(texts)], sort_keys=True))
    assert here == first


def test_parallel_jobs_match_one_process(tmp_path):
    from classifier.batch import classify_items
    from classifier.inputs import Item

    items = [Item(id=str(i), text=t) for i, t in enumerate(corpus())]
    assert list(classify_items(items, jobs=2, chunk_docs=5)) == list(classify_items(items, jobs=1))
