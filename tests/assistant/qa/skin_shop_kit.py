"""A small skincare and hair-care shop's Google Merchant Center feed, written in the tests:
what a product is free of ("Fragrance-free"), is scented with, is not suitable for, shades
sold in stock or not, shades that are numbers, sizes priced apart, things ruled out
("Sulfate-Free"), British and American spellings ("Moisturiser" in "Moisturizers"). It
holds the cases a blind beauty shop's failures showed (`build_skin_shop`; conftest.py's
`skin_shop` fixture)."""

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
                                         ("Rose", "", "24.00", "19.00", "5"),
                                         ("Bronze", "", "24.00", "", "0")], "60 g"),
    ("barrier", "Mossgrove Barrier Cream", "Ceramides for dry skin. Fragrance-free.",
     "Mossgrove", _BEAUTY + "Skin Care > Moisturizers", [("", "50 ml", "21.00", "", "20")],
     "90 g"),
    ("gel", "Citrine Gel Moisturiser", "Lightly scented with cucumber.", "Citrine",
     _BEAUTY + "Skin Care > Moisturizers", [("", "50 ml", "18.00", "", "20")], "90 g"),
    ("day", "Saltwave Day Moisturiser SPF 30", "Fragrance-free. Not water resistant.",
     "Saltwave", _BEAUTY + "Skin Care > Moisturizers", [("", "50 ml", "20.00", "", "20")],
     "90 g"),
    ("bright", "Brightside Vitamin C Serum", "15% vitamin C.", "Brightside",
     _BEAUTY + "Skin Care > Serums", [("", "30 ml", "28.00", "", "10")], "80 g"),
    ("hydra", "Mossgrove Hyaluronic Serum", "Plumps and hydrates.", "Mossgrove",
     _BEAUTY + "Skin Care > Serums", [("", "30 ml", "19.00", "", "10")], "80 g"),
    ("rinse", "Rinse Sulfate-Free Repair Shampoo", "Colour safe.", "Rinse",
     _BEAUTY + "Hair Care > Shampoo", [("", "250 ml", "16.00", "", "10")], "300 g"),
    ("suds", "Suds Daily Shampoo", "A clarifying wash with sulfates.", "Suds",
     _BEAUTY + "Hair Care > Shampoo", [("", "400 ml", "9.00", "", "10")], "450 g"),
    ("washbag", "Mossgrove Toiletry Bag", "A roomy wash bag with a waterproof lining. "
     "Water-resistant shell (not waterproof).", "Mossgrove", _BEAUTY + "Accessories",
     [("Olive", "", "29.00", "", "15")], "200 g"),
    ("studio", "Bristle Studio Brush Set", "Includes 12 vegan brushes and a pouch.", "Bristle",
     _BEAUTY + "Makeup > Brushes", [("Black", "", "39.00", "", "8")], "300 g"),
    ("travelset", "Bristle Travel Brush Set", "Includes 5 brushes.", "Bristle",
     _BEAUTY + "Makeup > Brushes", [("Black", "", "19.00", "", "8")], "150 g"),
    ("glide", "Glide Ceramic Flat Iron", "Heats up to 450°F. Floating plates.", "Breeze",
     _BEAUTY + "Hair Care > Hair Styling Tools", [("", "1 in", "79.00", "", "6"),
                                                  ("", "1.5 in", "89.00", "", "6")], "500 g"),
    ("lipoil", "Petal Lip Oil", "Sold out at the moment, restock expected in 2 weeks.", "Petal",
     _BEAUTY + "Makeup > Lips",
     [("Clear", "", "12.00", "", "0")], "20 g"),
    ("skin", "Second Skin Foundation", "Buildable cover.", "Aurelle",
     _BEAUTY + "Makeup > Foundation", [("110", "", "34.00", "", "5"),
                                       ("220", "", "34.00", "", "5"),
                                       ("330", "", "34.00", "", "5")], "60 g"),
    ("noir", "Minuit Noir Eau de Parfum", "Lasts 6-8 hours.", "Minuit",
     _BEAUTY + "Fragrance", [("", "30 ml", "58.00", "", "5"), ("", "50 ml", "85.00", "", "5")],
     "200 g"),
    ("cedar", "Cedar Grove Eau de Toilette", "Lasts about 4 hours.", "Cedar Grove",
     _BEAUTY + "Fragrance", [("", "50 ml", "68.00", "", "5"), ("", "100 ml", "92.00", "", "5")],
     "300 g"),
]


def build_skin_shop(folder: Path) -> QAEngine:
    """The skincare shop's feed written into `folder`, read by a facts-only engine."""
    return build_feed_shop(folder, feed_rows(_ITEMS))
