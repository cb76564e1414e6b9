"""Reply.grounding is one of a closed set of values."""

from __future__ import annotations

import pytest

from assistant.reply import GROUNDINGS, as_grounding


def test_grounding_values_are_closed() -> None:
    assert GROUNDINGS == ("ok", "repaired", "replaced")
    assert [as_grounding(g) for g in GROUNDINGS] == list(GROUNDINGS)
    with pytest.raises(ValueError, match="repaired"):
        as_grounding("fixed")
