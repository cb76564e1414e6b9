"""The Q&A tests' folders mirror assistant/qa/; this file's folder is on sys.path for them.

pytest puts the folder of each conftest.py on sys.path (tests/conftest.py does the same
for tests/fakes.py), so tests in knowledge/, reading/ and answering/ import `qa_kit`.
It also holds the small test shops as fixtures (`small_shop`, `toy_shop`,
`travel_shop`), for the test files
that ask them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from jewel_shop_kit import build_jewel_shop
from skin_shop_kit import build_skin_shop
from small_shop_kit import build_shop
from toy_shop_kit import build_toy_shop
from travel_shop_kit import build_travel_shop

from assistant.qa import QAEngine


@pytest.fixture(scope="module")
def small_shop(tmp_path_factory: pytest.TempPathFactory) -> QAEngine:
    """The small Shopify export of `small_shop_kit`, read by a facts-only engine, built once
    per test module."""
    return build_shop(Path(tmp_path_factory.mktemp("shop")))


@pytest.fixture(scope="module")
def toy_shop(tmp_path_factory: pytest.TempPathFactory) -> QAEngine:
    """The toy shop of `toy_shop_kit`, read by a facts-only engine, built once per module."""
    return build_toy_shop(Path(tmp_path_factory.mktemp("toys")))


@pytest.fixture(scope="module")
def travel_shop(tmp_path_factory: pytest.TempPathFactory) -> QAEngine:
    """The luggage feed of `travel_shop_kit`, read by a facts-only engine, built once per
    module."""
    return build_travel_shop(Path(tmp_path_factory.mktemp("travel")))


@pytest.fixture(scope="module")
def jewel_shop(tmp_path_factory: pytest.TempPathFactory) -> QAEngine:
    """The jewellery feed of `jewel_shop_kit`, read by a facts-only engine, built once per
    module."""
    return build_jewel_shop(Path(tmp_path_factory.mktemp("jewel")))


@pytest.fixture(scope="module")
def skin_shop(tmp_path_factory: pytest.TempPathFactory) -> QAEngine:
    """The skincare feed of `skin_shop_kit`, read by a facts-only engine, built once per
    module."""
    return build_skin_shop(Path(tmp_path_factory.mktemp("skin")))
