"""A question about one product that no attribute answers gets its own line quoted
(answering/quoted.py), on every shop; nothing shared, nothing quoted.

Found by a blind garden shop: "How thick a branch can the Sharpcut shears cut?" and "How
much area does the wildflower mix cover?" got the price and rating, though the catalog
says "Cuts branches up to 20 mm" and "Covers 10 m²"."""

from __future__ import annotations

import pytest

from assistant.qa.answering.quoted import QUOTED, quoted_verdict

from qa_kit import chat, knowledge


@pytest.mark.parametrize(("shop", "question", "product", "line"), [
    ("outdoor", "How many cans does the Coleman 316 cooler hold?", "coleman-316-62qt",
     "Holds 95 cans"),
    ("outdoor", "How long does the Stanley Quencher keep drinks cold?", "stanley-quencher-40",
     "Keeps drinks cold 11 hours"),
    ("home", "What kind of frame does the Burrow Nomad sofa have?", "burrow-nomad-sofa",
     "Kiln-dried hardwood frame"),
    ("pets", "How many squeakers does the ZippyPaws Skinny Peltz have?",
     "zippypaws-skinny-peltz", "Three squeakers each"),
    ("demo", "What kind of charging case does the AirPods Pro 2nd generation have?",
     "airpods-pro-2nd-generation-with-magsafe-cdb960", "MagSafe Charging Case (USB-C)"),
])
def test_the_line_that_answers_is_quoted(shop: str, question: str, product: str,
                                         line: str) -> None:
    ((plan, answer),) = chat(shop, question)
    assert [(v.product.id, v.attribute) for v in plan.verdicts] == [(product, QUOTED)], \
        answer.text
    assert f'"{line}"' in answer.text and "costs" not in answer.text


def test_nothing_shared_nothing_quoted() -> None:
    lamp = knowledge("home").catalog.get("ikea-hektar-floor-lamp")
    assert quoted_verdict(lamp, "Tell me about the IKEA HEKTAR floor lamp") is None
    assert quoted_verdict(lamp, "How much is the IKEA HEKTAR floor lamp?") is None
    assert quoted_verdict(lamp, "Does the IKEA HEKTAR floor lamp fold for travel?") is None
    said = quoted_verdict(lamp, "What kind of shade does the IKEA HEKTAR lamp have?")
    assert said is not None and said.evidence == "Steel shade"


def test_the_name_is_taken_out_and_a_titled_figure_answers() -> None:
    """Found by a blind beauty shop: "How much retinol is in the Aurelle Retinol Night
    Serum?" (the asked word is in the name too) and "What SPF does the Lumea Skin Tint
    have?" (stated only in the title) got the price and rating."""
    from dataclasses import replace

    lamp = knowledge("home").catalog.get("ikea-hektar-floor-lamp")
    serum = replace(lamp, title="Aurelle Retinol Night Serum", brand="Aurelle",
                    features=("Dropper bottle", "0.3% retinol"), description="")
    said = quoted_verdict(serum, "How much retinol is in the Aurelle Retinol Night Serum?")
    assert said is not None and said.evidence == "0.3% retinol"
    assert quoted_verdict(serum, "How much is the Aurelle Retinol Night Serum?") is None
    tint = replace(serum, title="Lumea Skin Tint Foundation SPF 20 30 ml", brand="Lumea",
                   features=("Dewy finish",))
    said = quoted_verdict(tint, "What SPF does the Lumea Skin Tint have?")
    assert said is not None and said.evidence == "SPF 20"


def test_contain_asks_a_yes_no_question() -> None:
    ((plan, answer),) = chat("pets", "Does the Wellness CORE dog food contain grain?")
    assert plan.verdict_words == {"wellness-core-original": "no"}, answer.text


def test_the_one_product_a_definite_question_singles_out() -> None:
    """"What SPF is the Solara Daily Mineral Sunscreen?" listed both Solara sunscreens."""
    from assistant.qa.answering.definite import is_definite, the_one_meant

    sheets = [p for p in knowledge("home").catalog if p.category == "Bed Linen"
              and "Sheet" in p.title]
    text = "What thread count is the Threshold solid sheet set?"
    assert is_definite(text)
    assert the_one_meant(sheets, text).id == "threshold-400tc-sheets"
    assert the_one_meant(sheets, "what sizes does the sheet set come in?") is None
    assert not is_definite("show me sheet sets")


def test_a_line_sharing_no_word_is_quoted_only_when_clearly_closest() -> None:
    """The embedder picks "1x11 ... cassette" for "how many gears" (a blind cycling shop);
    a question no line reads close to, or two lines read alike, quotes nothing."""
    from assistant.qa.answering.quoted import closest_line

    table = {"how many gears": [1.0, 0.0, 0.0], "1x11, 11-42 cassette": [0.6, 0.8, 0.0],
             "Weighs 9.9 kg": [0.1, 0.0, 1.0], "Red paint": [0.0, 0.3, 0.95]}

    def encode(texts: list[str]) -> list[list[float]]:
        return [table[t] for t in texts]

    lines = ["Weighs 9.9 kg", "1x11, 11-42 cassette", "Red paint"]
    assert closest_line(lines, "how many gears", encode) == "1x11, 11-42 cassette"
    assert closest_line(["Weighs 9.9 kg", "Red paint"], "how many gears", encode) == ""


@pytest.mark.slow
def test_outdoor_how_hot_quotes_the_oven_safe_line_with_the_real_embedder() -> None:
    from test_needs_answers import _real

    from assistant.qa.reading.dialogue import DialogueState

    eng = _real("outdoor")
    plan = eng.plan(DialogueState(), "how hot does the Lodge skillet get?")
    assert [v.evidence for v in plan.verdicts] == ["Oven safe to 500°F"]
