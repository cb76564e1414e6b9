"""A small toy shop's Shopify export, written in the tests: options named by the shop
("Weight", "Design", "Character", "Piece count"), metafields for ages, piece counts,
batteries and materials, and a brand whose first word alone names it ("Foxglove Games").
It holds the cases a blind toy shop's failures showed (`build_toy_shop`; conftest.py's
`toy_shop` fixture)."""

from __future__ import annotations

import csv
from pathlib import Path

from assistant.catalog import load_catalog
from assistant.qa import HashingEmbedder, QAConfig, QAEngine
from assistant.qa.knowledge import ShopKnowledge

from fakes import FakeLM

_META = {"age": "Age range (product.metafields.custom.age_range)",
         "pieces": "Piece count (product.metafields.custom.piece_count)",
         "batteries": "Batteries (product.metafields.custom.batteries)",
         "material": "Material (product.metafields.custom.material)"}
HEADER = ["Handle", "Title", "Body (HTML)", "Vendor", "Type", "Option1 Name", "Option1 Value",
          "Variant SKU", "Variant Price", "Variant Compare At Price", "Variant Inventory Qty",
          "Variant Inventory Policy", "Status", *_META.values()]

# (handle, title, type, vendor, body, option name, [(value, price, stock)], metafields)
_TOYS: list[tuple[str, str, str, str, str, str, list[tuple[str, str, str]], dict[str, str]]] = [
    ("lighthouse", "Brickwell Harbor Lighthouse Building Set", "Building Sets", "Brickwell",
     "<p>A lighthouse with a working light.</p>", "Title", [("Default Title", "109.99", "14")],
     {"age": "12+", "pieces": "1216", "batteries": "2 x CR2032 (included)"}),
    ("shuttle", "Brickwell Space Shuttle Explorer", "Building Sets", "Brickwell",
     "<p>Currently sold out.</p>", "Title", [("Default Title", "159.99", "0")],
     {"age": "16+", "pieces": "1890"}),
    ("station", "Brickwell City Fire Station", "Building Sets", "Brickwell",
     "<p>Three floors and a fire engine.</p>", "Title", [("Default Title", "74.99", "22")],
     {"age": "6+", "pieces": "684", "batteries": "None required"}),
    ("nightsky", "Tessellate Night Sky Panorama 2000 Piece Puzzle", "Jigsaw Puzzles",
     "Tessellate", "<p>A panorama of the Milky Way.</p>", "Title",
     [("Default Title", "34.99", "5")], {"pieces": "2000", "material": "Recycled cardboard"}),
    ("globe", "Tessellate 3D Globe Puzzle", "Jigsaw Puzzles", "Tessellate",
     "<p>Curved pieces build a globe.</p>", "Title", [("Default Title", "27.99", "8")],
     {"pieces": "540", "material": "Plastic"}),
    ("kyoto", "Tessellate Autumn in Kyoto Jigsaw Puzzle", "Jigsaw Puzzles", "Tessellate",
     "<p>Maples over a temple.</p>", "Piece count",
     [("500 pieces", "17.99", "14"), ("1000 pieces", "22.99", "0")], {"material": "Cardboard"}),
    ("floor", "Tessellate Giant Floor Puzzle", "Jigsaw Puzzles", "Tessellate",
     "<p>48 big pieces.</p>", "Design",
     [("Wildlife", "16.99", "10"), ("Dinosaurs", "16.99", "20"), ("Ocean", "16.99", "0")],
     {"pieces": "48", "material": "Cardboard"}),
    ("sloth", "Snugglepaw Weighted Sloth", "Plush Toys", "Snugglepaw",
     "<p>A calming weighted plush.</p>", "Weight",
     [("1 kg", "34.99", "12"), ("2 kg", "44.99", "10")], {"age": "5+"}),
    ("llamas", "Sneaky Llamas Card Game", "Card Games", "Foxglove Games",
     "<p>A fast bluffing game.</p>", "Edition",
     [("Original", "12.99", "40"), ("Party Pack", "19.99", "24")], {"age": "7+"}),
    ("pirates", "Pixel Pirates Deck-Building Game", "Card Games", "Foxglove Games",
     "<p>Build a deck, sail the seas.</p>", "Title", [("Default Title", "29.99", "7")],
     {"age": "10+"}),
    ("circuit", "Sparkforge Circuit Explorer Kit", "STEM Kits", "Sparkforge",
     "<ul><li>Runs on 2 x AA batteries (not included)</li></ul>", "Kit",
     [("120 Experiments", "44.99", "18"), ("300 Experiments", "69.99", "5")],
     {"age": "8+", "batteries": "2 x AA (not included)"}),
    ("solar", "Sparkforge Solar Robot 12-in-1", "STEM Kits", "Sparkforge",
     "<ul><li>Runs on sunlight: no batteries needed</li></ul>", "Title",
     [("Default Title", "24.99", "14")], {"age": "8+", "batteries": "None (solar)"}),
    ("telescope", "Sparkforge Starseeker 70 mm Telescope", "STEM Kits", "Sparkforge",
     "<p>A first refractor for the Moon and planets.</p>", "Title",
     [("Default Title", "89.99", "4")], {"age": "8+"}),
    ("explorer", "Petal Lane Explorer Doll", "Dolls", "Petal Lane",
     "<p>Includes a backpack and binoculars.</p>", "Title", [("Default Title", "22.99", "25")],
     {"age": "3+"}),
    ("rosie", "Petal Lane Baby Rosie Doll", "Dolls", "Petal Lane",
     "<p>A soft-bodied baby doll.</p>", "Title", [("Default Title", "29.99", "11")],
     {"age": "18 months+"}),
    ("balance", "Zoomtrek 12-inch Balance Bike", "Ride-Ons", "Zoomtrek",
     "<p>Teaches balance before pedals. Helmet sold separately.</p>", "Title",
     [("Default Title", "74.99", "22")], {"age": "2-5"}),
    ("drift", "Voltrax Thunderbolt Drift Car", "RC Vehicles", "Voltrax",
     "<p>A hobby-grade 1:10 drift car.</p>", "Title", [("Default Title", "129.99", "8")],
     {"age": "14+"}),
    ("kitchen", "Hearthside Corner Play Kitchen", "Pretend Play", "Hearthside Play",
     "<p>Play food sold separately.</p>", "Title", [("Default Title", "189.99", "3")],
     {"age": "3+"}),
    ("food", "Hearthside Wooden Cut & Play Food", "Pretend Play", "Hearthside Play",
     "<p>Wooden knife and cutting board included.</p>", "Title",
     [("Default Title", "29.99", "30")], {"age": "3+"}),
    ("figure", "Titan Legends 12-inch Hero Figure", "Action Figures", "Titan Legends",
     "<p>Poseable, with a cape.</p>", "Character",
     [("Stormguard", "19.99", "28"), ("Nightfang", "19.99", "0")], {"age": "4+"}),
]


def _rows() -> list[dict[str, str]]:
    rows = []
    for handle, title, kind, vendor, body, option, variants, meta in _TOYS:
        for i, (value, price, stock) in enumerate(variants):
            row = {"Handle": handle, "Option1 Value": value, "Variant SKU": f"{handle}-{i}",
                   "Variant Price": price, "Variant Inventory Qty": stock,
                   "Variant Inventory Policy": "deny"}
            if i == 0:
                row |= {"Title": title, "Body (HTML)": body, "Vendor": vendor, "Type": kind,
                        "Option1 Name": option, "Status": "active"}
                row |= {_META[k]: v for k, v in meta.items()}
            rows.append(row)
    return rows


def build_toy_shop(folder: Path) -> QAEngine:
    """The toy shop's export written into `folder`, read by a facts-only engine."""
    path = folder / "toys_export.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, HEADER)
        w.writeheader()
        w.writerows(_rows())
    k = ShopKnowledge.build(load_catalog(path), HashingEmbedder())
    return QAEngine(k.catalog, k.index, FakeLM(), QAConfig(use_lm=False, lm_parse="off"),
                    knowledge=k)  # type: ignore[arg-type]
