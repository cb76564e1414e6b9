"""The optional qwen2.5-1.5b model (the `qwen15b` extra): pinned hashes, real answers.

Slow: joins 22 parts (1.1 GB), checks the pinned sha256 and converts once into the
cache (about 100 s and 9 GB of memory the first time), then answers from facts.
Skipped only where the extra is not installed (`make setup` installs it).
"""

from __future__ import annotations

import pytest

from models.llm import load_lm
from models.llm.weights import QWEN_15B, ensure_gguf, locate_parts, package_dir
from models.settings import Settings

pytestmark = pytest.mark.slow

FACTS = (
    "You are a shop assistant. Answer from these facts only, in one short sentence.\n"
    "- Acme Laptop 14: $649.99, rating 4.5 (120 reviews), 16GB RAM.\n"
    "- Zeta Tablet 11: $329.00, rating 4.1 (88 reviews), 128GB storage.\n"
    "- Orbit Monitor 27: $289.50, rating 4.7 (410 reviews), 27-inch 1440p."
)


@pytest.fixture(scope="module")
def settings() -> Settings:
    if package_dir(QWEN_15B.parts[0].module) is None:
        pytest.skip(f"the qwen15b extra is not installed ({QWEN_15B.pip_command()})")
    return Settings.from_env()


def test_joined_weights_match_the_pinned_sha256(settings: Settings) -> None:
    assert len(locate_parts(QWEN_15B)) == 22
    path, sha = ensure_gguf(QWEN_15B, settings.cache_dir, progress=False)
    assert QWEN_15B.sha256 is not None and sha == QWEN_15B.sha256
    assert path.stat().st_size == 1_117_320_768


def test_it_answers_from_the_facts(settings: Settings) -> None:
    lm = load_lm("qwen2.5-1.5b", settings)
    messages = [
        {"role": "system", "content": FACTS},
        {"role": "user", "content": "Which product is the cheapest, and what does it cost?"},
    ]
    reply = "".join(lm.stream(messages))
    assert "Orbit Monitor" in reply and "289.50" in reply, reply
