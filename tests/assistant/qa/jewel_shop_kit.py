"""A small jewellery shop's Google Merchant Center feed, written in the tests: watches in
three categories ("Field & Chronograph Watches" among them) beside watch straps, bangles
filed under "Bracelets" in their category path, variants
only their titles tell apart ("- Pierced", "- Clip-on"), sizes in inches a half apart. It
holds the cases a blind jewellery shop's failures showed (`build_jewel_shop`; conftest.py's
`jewel_shop` fixture)."""

from __future__ import annotations

from pathlib import Path

from travel_shop_kit import build_feed_shop, feed_rows

from assistant.qa import QAEngine

_JEWELRY = "Jewelry > "
# (group, title, description, brand, path, [(colour, size, price, sale, stock, ...)], weight)
_ITEMS = [
    ("reef", "Tidewater Reef 300 Automatic Dive Watch", "300 m water resistance. Weighs 150 g.",
     "Tidewater", "Watches > Dive Watches", [("Black", "", "695.00", "", "8"),
                                             ("Blue", "", "695.00", "599.00", "4")], "150 g"),
    ("nord", "Halvorsen Nord 38 Dress Watch", "Ultra-thin 7.2 mm case. Weighs 42 g.", "Halvorsen",
     "Watches > Dress Watches", [("White", "", "229.00", "", "18")], "42 g"),
    ("scout", "Meridian Field Scout 40", "A rugged field watch. Weighs 60 g.", "Meridian",
     "Watches > Field & Chronograph Watches", [("Khaki", "", "159.00", "", "23")], "60 g"),
    ("chrono", "Meridian Field Chronograph 42", "Steel bracelet. Weighs 110 g.", "Meridian",
     "Watches > Field & Chronograph Watches", [("Black", "", "329.00", "", "7")], "110 g"),
    ("strap", "Strapworks Silicone Dive Strap", "Waterproof silicone.", "Strapworks",
     "Watches > Watch Straps", [("Black", "22 mm", "29.00", "", "60")], "20 g"),
    ("huggies", "Aurelle 14k Gold Huggie Hoops 12 mm", "Solid 14k gold.", "Aurelle",
     _JEWELRY + "Earrings > Hoop Earrings", [("Yellow Gold", "", "245.00", "", "9"),
                                             ("White Gold", "", "245.00", "", "4")], "2 g"),
    ("chandelier", "Celestine Crystal Chandelier Earrings", "Choose pierced or clip-on.",
     "Celestine", _JEWELRY + "Earrings > Drop Earrings",
     [("", "", "74.00", "", "6", "in_stock", "Pierced"),
      ("", "", "78.00", "", "0", "preorder", "Clip-on")], "18 g"),
    ("hoops", "Solenne Chunky Gold Hoops", "18k gold vermeil.", "Solenne",
     _JEWELRY + "Earrings > Hoop Earrings", [("Gold", "", "54.00", "", "50")], "4 g"),
    ("hoops40", "Solenne Chunky Gold Hoops 40 mm", "18k gold vermeil.", "Solenne",
     _JEWELRY + "Earrings > Hoop Earrings", [("Gold", "", "72.00", "", "6")], "6 g"),
    ("tennis", "Aurelle Lab Diamond Tennis Bracelet 3 ct", "Solid 14k white gold.", "Aurelle",
     _JEWELRY + "Bracelets > Chain & Tennis Bracelets",
     [("", "6.5 in", "2890.00", "", "2"), ("", "7 in", "2890.00", "2490.00", "3"),
      ("", "7.5 in", "2990.00", "", "0")], "9 g"),
    ("bangle", "Aurelle 14k Gold Hinged Bangle", "Solid 14k gold.", "Aurelle",
     _JEWELRY + "Bracelets > Bangles & Cuffs", [("Gold", "", "1150.00", "990.00", "3")], "12 g"),
    ("ultra", "Gleamwell Ultrasonic Jewelry Cleaner", "Runs on 2 x AA batteries (not "
     "included). Not for pearls, opals, turquoise or costume jewelry. Fits a standard "
     "jewelry tray (tray not included).", "Gleamwell",
     "Jewelry Care", [("White", "", "49.00", "", "10")], "400 g"),
]


def build_jewel_shop(folder: Path) -> QAEngine:
    """The jewellery shop's feed written into `folder`, read by a facts-only engine."""
    return build_feed_shop(folder, feed_rows(_ITEMS))
