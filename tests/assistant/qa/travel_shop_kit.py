"""A small luggage shop's Google Merchant Center feed, written in the tests: category paths
whose last part only narrows its parent ("Suitcases > Checked"), a product line of three
packing cubes, sales on one colour only. It holds the
cases a blind travel shop's failures showed (`build_travel_shop`; conftest.py's
`travel_shop` fixture)."""

from __future__ import annotations

import csv
from pathlib import Path

from assistant.catalog import load_catalog
from assistant.qa import HashingEmbedder, QAConfig, QAEngine
from assistant.qa.knowledge import ShopKnowledge

from fakes import FakeLM

HEADER = ["id", "item_group_id", "title", "description", "price", "sale_price", "availability",
          "quantity", "brand", "product_type", "color", "size", "shipping_weight"]
_BAGS = "Luggage & Bags > "
# (group, title, description, brand, path, [(colour, size, price, sale, stock)], weight)
_ITEMS = [
    ("aero55", "Valtora Aero 55 Carry-On Spinner", "Polycarbonate shell. 55 x 40 x 23 cm.",
     "Valtora", "Suitcases > Carry-On", [("Sage", "", "289.00", "", "12")], "2.9 kg"),
    ("transit21", "Northpass Transit 21-Inch Carry-On", "Expandable hardside carry-on.",
     "Northpass", "Suitcases > Carry-On", [("Navy", "", "89.99", "", "30")], "3.1 kg"),
    ("aero69", "Valtora Aero 69 Medium Checked Spinner", "Weighs 3.6 kg.", "Valtora",
     "Suitcases > Checked", [("Graphite", "", "349.00", "", "16")], "3.6 kg"),
    ("trunk", "Strata Expedition 32-Inch Trunk Suitcase", "Weighs 13.2 lb.", "Strata",
     "Suitcases > Checked", [("Black", "", "259.00", "", "5")], "13.2 lb"),
    ("essential", "Packwell Essential Packing Cubes Set of 4", "Not compression cubes.",
     "Packwell", "Packing Organizers", [("Navy", "", "29.99", "", "60"),
                                        ("Lavender", "", "29.99", "22.49", "23")], "0.4 kg"),
    ("compress", "Packwell Compression Packing Cubes Set of 3", "A second zip compresses.",
     "Packwell", "Packing Organizers", [("Black", "", "39.99", "", "47")], "0.5 kg"),
    ("ultralight", "Packwell Ultralight Packing Cubes Set of 6", "Includes a shoe bag.",
     "Packwell", "Packing Organizers", [("Grey", "", "44.00", "", "18")], "0.3 kg"),
    ("oriel", "Oriel Hanging Toiletry Bag", "Water-resistant lining.", "Oriel",
     "Toiletry Bags", [("Black", "Standard", "32.00", "", "40"),
                       ("Black", "Large", "42.00", "", "9")], "0.4 kg"),
    ("wrap", "Lumo Rest Wrap Travel Pillow", "Machine washable at 30°C.", "Lumo Rest",
     "Travel Pillows", [("Grey", "", "44.00", "", "0"), ("Black", "", "44.00", "", "21")],
     "0.3 kg"),
    ("liquids", "Oriel Clear TSA Liquids Bag 2-Pack", "TSA 3-1-1 size.", "Oriel",
     "Toiletry Bags", [("Clear", "", "12.99", "", "90")], "0.1 kg"),
    ("foam", "Lumo Rest Memory Foam Neck Pillow", "Removable washable cover.", "Lumo Rest",
     "Travel Pillows", [("Navy", "", "29.99", "", "111")], "0.3 kg"),
    ("universal", "Voltpath Universal Travel Adapter 65W", "Four USB ports.", "Voltpath",
     "Adapters", [("Black", "", "49.99", "", "86")], "0.2 kg"),
    ("adapter", "Voltpath Compact Travel Adapter 20W", "Pocket size.", "Voltpath",
     "Adapters", [("White", "", "24.99", "", "70")], "0.1 kg"),
    ("padlock", "Secura Smart Fingerprint Padlock", "Not TSA-accepted.", "Secura",
     "Luggage Locks", [("Black", "", "39.99", "34.99", "30")], "0.1 kg"),
    ("flightline", "Strata Flightline Smart Carry-On", "Built-in USB port. Power bank not "
     "included (sold separately).", "Strata", "Suitcases > Carry-On",
     [("Black", "", "199.00", "", "14")], "3.4 kg"),
]


def feed_rows(items: list, prefix: str = "") -> list[dict[str, str]]:
    """Merchant rows of `items` (as `_ITEMS`); a variant may add its availability and a word
    only its title says ("... - Clip-on", with no colour or size column telling it)."""
    rows = []
    for group, title, text, brand, path, variants, weight in items:
        for colour, size, price, sale, stock, *more in variants:
            said = " / ".join(x for x in (colour, size, *more[1:]) if x)
            rows.append({
                "id": f"{group}-{said.lower().replace(' / ', '-').replace(' ', '-')}",
                "item_group_id": group, "title": f"{title} - {said}", "description": text,
                "price": f"{price} USD", "sale_price": f"{sale} USD" if sale else "",
                "availability": more[0] if more else "in_stock" if stock != "0"
                else "out_of_stock", "quantity": stock, "brand": brand,
                "product_type": prefix + path, "color": colour, "size": size,
                "shipping_weight": weight})
    return rows


def build_feed_shop(folder: Path, rows: list[dict[str, str]]) -> QAEngine:
    """A feed of `rows` written into `folder`, read by a facts-only engine."""
    path = folder / "feed.tsv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, HEADER, delimiter="\t")
        w.writeheader()
        w.writerows(rows)
    k = ShopKnowledge.build(load_catalog(path), HashingEmbedder())
    return QAEngine(k.catalog, k.index, FakeLM(), QAConfig(use_lm=False, lm_parse="off"),
                    knowledge=k)  # type: ignore[arg-type]


def build_travel_shop(folder: Path) -> QAEngine:
    """The travel shop's feed written into `folder`, read by a facts-only engine."""
    return build_feed_shop(folder, feed_rows(_ITEMS, _BAGS))
