"""Quantities beyond length, weight and volume read from catalog text: speeds, pressures,
torques, distances, noise and voltage, each in one unit ("25 km/h" is a speed in mph,
"11 bar" a pressure in psi), so a shopper's "20 mph" or "10 bar" compares with them."""

from __future__ import annotations

import pytest

from assistant.qa.knowledge.spec_text import extract


@pytest.mark.parametrize(("text", "name", "value", "unit"), [
    ("250 W hub motor, assist up to 25 km/h", "speed", 15.534, "mph"),
    ("Reaches 160 psi", "pressure", 160.0, "psi"),
    ("15 bar pump", "pressure", 217.557, "psi"),
    ("Motor torque 85 Nm", "torque", 85.0, "Nm"),
    ("Max torque 550 in-lbs", "torque", 62.142, "Nm"),
    ("Range: up to 80 km", "range", 80.0, "km"),
    ("Visible from 2 miles", "range", 3.219, "km"),
    ("Noise 92 dB(A)", "noise", 92.0, "dB"),
    ("18 V lithium battery", "voltage", 18.0, "V"),
    ("Hose length 25 m", "length", 984.252, "in"),
])
def test_a_quantity_with_its_unit(text: str, name: str, value: float, unit: str) -> None:
    found = [a for a in extract(text) if a.name == name]
    assert found, extract(text)
    assert found[0].value == pytest.approx(value, rel=1e-3) and found[0].unit == unit


def test_a_size_for_months_is_no_length() -> None:
    assert extract("Baby romper, size 0-6M") == []
    assert [a.name for a in extract("18V 2.0Ah battery")] == ["voltage", "battery_capacity"]


@pytest.mark.parametrize(("text", "names"), [
    ("Length 30 cm, width 20 cm", ["length", "width"]),
    ("Seat height: 44 cm (class 4 gas lift)", ["height"]),
    ("Weight 2 kg, max load 20 kg", ["weight", "load_capacity"]),
    ("Parent unit battery: 3000 mAh, about 10 hours in power-saving mode",
     ["battery_capacity", "battery_life"]),
    ("15 weight settings from 2.5 kg to 24 kg", ["weight"]),
])
def test_a_figure_is_named_by_its_own_clause(text: str, names: list[str]) -> None:
    """The cue word nearest before a figure names it ("width 20 cm" after "Length 30 cm");
    a word after it in another clause does not ("(class 4 ...)" is no screen class); a
    range is one figure, its top."""
    assert [a.name for a in extract(text)] == names, extract(text)
