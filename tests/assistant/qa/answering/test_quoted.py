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
