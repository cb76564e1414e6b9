"""Unit conversion between a shop's units and the ones attributes and the Q&A keep (pint)."""

from __future__ import annotations

import pytest

from assistant.catalog.units import convert


def test_convert_between_lengths_masses_volumes_temperatures_and_times() -> None:
    assert convert(137.0, "cm", "in") == pytest.approx(53.937, abs=1e-3)
    assert convert(5.0, "ft", "in") == pytest.approx(60.0)
    assert convert(1.0, "kg", "lb") == pytest.approx(2.20462, abs=1e-5)
    assert convert(12.0, "oz", "lb") == pytest.approx(0.75)
    assert convert(2.0, "l", "L") == 2.0
    assert convert(0.0, "degC", "F") == pytest.approx(32.0)
    assert convert(1.0, "day", "h") == pytest.approx(24.0)
    assert convert(3.0, "in", "in") == 3.0


def test_convert_refuses_what_it_cannot_mean() -> None:
    assert convert(1.0, "cm", "lb") is None  # a length is no weight
    assert convert(1.0, "parsecs", "cm") is None
