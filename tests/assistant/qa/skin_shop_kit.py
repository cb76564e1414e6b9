"""A small skincare and hair-care shop's Google Merchant Center feed, written in the tests:
what a product is free of ("Fragrance-free"), is scented with, is not suitable for, and
shades sold in stock or not. It holds the cases a blind beauty shop's failures showed
(`build_skin_shop`; conftest.py's `skin_shop` fixture)."""

from __future__ import annotations

from pathlib import Path

from travel_shop_kit import build_feed_shop, feed_rows

from assistant.qa import QAEngine

_BEAUTY = "Health & Beauty > "
# (group, title, description, brand, path, [(colour, size, price, sale, stock, ...)], weight)
_ITEMS = [
    ("calm", "Mossgrove Calm Cream Cleanser", "Fragrance-free and soap-free. For dry skin.",
     "Mossgrove", _BEAUTY + "Skin Care > Cleansers", [("", "150 ml", "15.00", "", "30")],
     "180 g"),
    ("citrine", "Citrine Foaming Face Wash", "Scented with lemon essential oil. Contains "
     "salicylic acid.", "Citrine", _BEAUTY + "Skin Care > Cleansers",
     [("", "200 ml", "11.00", "", "25")], "220 g"),
    ("nightfall", "Nightfall Retinal Serum 0.1%", "Use at night. Not suitable during "
     "pregnancy. Fragrance-free.", "Nightfall", _BEAUTY + "Skin Care > Serums",
     [("", "30 ml", "32.00", "", "12")], "90 g"),
    ("saltwave", "Saltwave Sport Sunscreen SPF 50", "Water resistant (80 minutes). Reapply "
     "after towelling.", "Saltwave", _BEAUTY + "Skin Care > Sunscreen",
     [("", "100 ml", "18.00", "", "40")], "130 g"),
    ("breeze", "Breeze Travel Hair Dryer", "Folding handle. Dual voltage 110-240 V. Plug "
     "adapter not included.", "Breeze", _BEAUTY + "Hair Care > Hair Dryers",
     [("Black", "", "45.00", "", "9")], "400 g"),
    ("glowmist", "Glowmist Shimmer Drops", "A few drops in your moisturiser.", "Glowmist",
     _BEAUTY + "Makeup > Highlighters", [("Champagne", "", "24.00", "", "10"),
                                         ("Rose", "", "24.00", "", "5"),
                                         ("Bronze", "", "24.00", "", "0")], "60 g"),
]


def build_skin_shop(folder: Path) -> QAEngine:
    """The skincare shop's feed written into `folder`, read by a facts-only engine."""
    return build_feed_shop(folder, feed_rows(_ITEMS))
