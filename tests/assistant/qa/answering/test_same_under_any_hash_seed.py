"""Replies never depend on Python's string-hash seed (a set's order): each run of a shop
answered "coffee that isn't a dark roast" with coffees or with drippers and teapots, and
"better value per 100 g, the 250 g or the 1 kg?" in two wordings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

from assistant.qa.answering.planner import _category
from assistant.qa.query import Query

ROOT = Path(__file__).resolve().parents[4]

_PROBE = """
from types import SimpleNamespace as P
from assistant.qa.answering.planner import _category
from assistant.qa.query import Query
from assistant.qa.reading.value_reading import option_mentions
items = [P(category=c) for c in ("Coffee", "Coffee Gear", "Coffee Gear", "Coffee")]
class T:
    def names(self): return ["size"]
    def option_words(self, name): return ["250 g", "100 g", "1 kg", "500 g"]
print(_category(Query(product_types=("coffee",)), items),
      [v for _, v, _ in option_mentions(T(), "per 100 g, the 250 g or the 1 kg")])
"""


def test_a_tie_between_categories_goes_to_the_first_listed() -> None:
    items = [SimpleNamespace(category=c) for c in ("Coffee", "Gear", "Gear", "Coffee")]
    assert _category(Query(product_types=("coffee",)), items) == "Coffee"
    assert _category(Query(product_types=("coffee",)), items[1:]) == "Gear"


def test_readings_are_the_same_under_every_hash_seed() -> None:
    outs = set()
    for seed in range(6):
        env = {**os.environ, "PYTHONHASHSEED": str(seed), "PYTHONPATH": str(ROOT)}
        run = subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True,
                             text=True, timeout=120, cwd=ROOT)
        assert run.returncode == 0, run.stderr[-2000:]
        outs.add(run.stdout)
    assert len(outs) == 1, outs
