"""The Q&A tests' folders mirror assistant/qa/; this file's folder is on sys.path for them.

pytest puts the folder of each conftest.py on sys.path (tests/conftest.py does the same
for tests/fakes.py), so tests in knowledge/, reading/ and answering/ import `qa_kit`.
It also holds the small test shop as a fixture (`small_shop`), for the test files that ask it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from small_shop_kit import build_shop

from assistant.qa import QAEngine


@pytest.fixture(scope="module")
def small_shop(tmp_path_factory: pytest.TempPathFactory) -> QAEngine:
    """The small Shopify export of `small_shop_kit`, read by a facts-only engine, built once
    per test module."""
    return build_shop(Path(tmp_path_factory.mktemp("shop")))
