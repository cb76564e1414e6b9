"""What a shopper rules out is ruled out, never read as what they want: "road bikes that
aren't carbon" is a frame material, however many aluminium bikes have a carbon fork;
"mountain bikes without full suspension" names no product; "no cord" asks for cordless.
Found by blind cycling and garden shops."""

from __future__ import annotations

from assistant.qa.query import AttributeFilter

from qa_kit import chat


def _titles(plan: object) -> list[str]:
    return [p.title for p in plan.answer_products]  # type: ignore[attr-defined]


def test_a_material_ruled_out_is_the_material() -> None:
    ((plan, answer),) = chat("outdoor", "trekking poles that aren't carbon")
    assert plan.query.filters == (AttributeFilter("material", "lacks", text="carbon"),)
    assert _titles(plan) == ["Black Diamond Trail Trekking Poles (Pair)"], answer.text
    ((plan, answer),) = chat("apparel", "sweaters without cashmere")
    assert plan.answer_products and not any("Cashmere" in t for t in _titles(plan))


def test_words_ruled_out_name_no_product() -> None:
    """"sleeping bags without down" listed the Kelty Cosmic 20 Down bag as the one meant."""
    ((plan, answer),) = chat("outdoor", "sleeping bags without down")
    assert plan.kind == "search" and not plan.query.products, answer.text
    assert plan.answer_products and not any("Down" in t for t in _titles(plan)), answer.text
    ((plan, answer),) = chat("demo", "soundbars without a subwoofer")
    assert plan.kind == "search" and not plan.query.products, answer.text
    assert not any("Subwoofer" in t for t in _titles(plan)), answer.text


def test_no_cord_is_cordless() -> None:
    ((plan, answer),) = chat("outdoor", "a kettle with no cord")
    assert plan.query.filters == (AttributeFilter("cordless", "has"),)
    assert _titles(plan) == ["Cuisinart PerfecTemp Cordless Electric Kettle, 1.7 Liter"]
    ((plan, answer),) = chat("apparel", "jackets with no hood")  # no "hoodless": a word ruled out
    assert plan.query.filters == (AttributeFilter("hood", "lacks"),), plan.query
