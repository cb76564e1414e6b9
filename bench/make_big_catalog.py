"""A large catalog for the scale bench, made from the demo and test shops (issue 22, item 4).

Copy 0 is the three shops as they are (the demo's electronics, tests/data/outdoor_kitchen.csv,
tests/data/home_apparel.csv: 679 products); every further copy takes each product again with
its own model designation in the title (a product-line word per category and copy, a model
code per product: "Apple Vela-KX482 MacBook Air ..."), its price scaled (0.75-1.35x, variants
alike), rating and review count moved, its feature bullets reordered, sometimes one dropped,
and the numbers of some features moved (so specs vary), its stock drawn again; a quarter of
the products that had no variants get 2-4 colour variants. Every copy is a distinct product
to the loader: no duplicate rows, no colour grouping across products. Written in the
canonical CSV layout, one row per variant (group_id, sku, color/size/pattern columns, stock),
the shops' stated attributes in the `attributes` cell; prose (descriptions, features) is
read again at load. Deterministic: the same arguments write the same bytes.

    .venv/bin/python bench/make_big_catalog.py --products 100000 [--out FILE]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import re
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.catalog import Product, load_catalog  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
# The shops copied, in this order (None: the demo catalog shipped in the package).
SOURCES: tuple[Path | None, ...] = (None, ROOT / "tests/data/outdoor_kitchen.csv",
                                    ROOT / "tests/data/home_apparel.csv")
COLUMNS = ("id", "group_id", "sku", "title", "category", "brand", "price", "list_price",
           "discount_text", "rating", "review_count", "features", "description", "currency",
           "stock", "availability", "color", "size", "material", "pattern", "attributes")
# Product-line words (one per category and copy) and the letters of model codes.
LINES = str.split("""
Vela Nova Arlo Tessa Orion Juno Kestrel Lumen Sable Cirrus Atlas Brio Cobalt Delta Ember Fable
Garnet Halo Iris Jasper Kodiak Lyra Mesa Nimbus Onyx Pike Quill Rhea Sierra Talon Umbra Vireo
Willow Xeno Yarrow Zephyr Alder Basalt Cedar Dune Echo Fjord Glade Haven Inlet Juniper Karst
Ledge Moraine Nook Oasis Prairie Quarry Ridge Summit Tundra Upland Vale Wadi Yukon Zenith
""")
COLOURS = ("Black", "White", "Silver", "Blue", "Red", "Green", "Gray", "Navy", "Beige", "Pink")
_NUMBER_UNIT = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)(\s?(?:[a-zA-Z]{1,6}\b|\"|°))")


def _rng(*key: object) -> random.Random:
    digest = hashlib.sha256(json.dumps(key).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "little"))


def _bases() -> list[Product]:
    return [p for src in SOURCES for p in load_catalog(src).products]


def _money(x: float) -> str:
    return f"{x:.2f}"


def _moved_numbers(text: str, rng: random.Random, factor: float) -> str:
    """Some numbers with a unit moved by `factor` ("Weighs 2.6 oz" -> "Weighs 3.1 oz")."""
    def move(m: re.Match[str]) -> str:
        if rng.random() < 0.5:
            return m.group(0)
        raw = m.group(1)
        places = len(raw.partition(".")[2])
        value = round(float(raw) * factor, places)
        return f"{value:.{places}f}{m.group(2)}" if places else f"{max(1, int(value))}{m.group(2)}"
    return _NUMBER_UNIT.sub(move, text)


def _title(p: Product, copy: int, rng: random.Random) -> str:
    line = LINES[_rng("line", copy, p.category).randrange(len(LINES))]
    code = "".join(rng.choice("ABCDEFGHJKLMNPRSTVWXZ") for _ in range(2)) + str(
        rng.randrange(100, 1000))
    first, _, rest = p.title.partition(" ")
    return f"{first} {line}-{code} {rest}".strip()


def _rows(p: Product, copy: int, seed: int) -> Iterator[dict[str, str]]:
    """The CSV rows of one product in copy `copy` (copy 0: the product as it is)."""
    rng = _rng(seed, copy, p.id)
    factor = 1.0 if copy == 0 else rng.uniform(0.75, 1.35)
    title, features = p.title, list(p.features)
    rating, reviews = p.rating, p.review_count
    if copy:
        title = _title(p, copy, rng)
        if rng.random() < 0.5:
            rng.shuffle(features)
        if len(features) >= 3 and rng.random() < 0.3:
            features.pop(rng.randrange(len(features)))
        spec = rng.uniform(0.8, 1.25)
        features = [_moved_numbers(f, rng, spec) for f in features]
        if rating is not None:
            rating = min(5.0, max(1.0, round(rating + rng.choice((-0.2, -0.1, 0, 0.1, 0.2)), 1)))
        reviews = int(reviews * rng.uniform(0.2, 3.0))
    pid = p.id if copy == 0 else f"{p.id}-{copy:03d}"
    stated = [a.to_dict() for a in p.attributes if a.source.startswith("column:")]
    common = {
        "id": pid, "title": title, "category": p.category, "brand": p.brand,
        "discount_text": p.discount_text, "rating": "" if rating is None else f"{rating:g}",
        "review_count": str(reviews), "features": " | ".join(features),
        "description": p.description, "currency": p.currency,
        "attributes": json.dumps(stated) if stated else "",
    }  # fmt: skip
    variants = [(v.sku, dict(v.options), v.price, v.list_price, v.stock, v.availability)
                for v in p.variants]
    if copy and not variants and rng.random() < 0.25:
        colours = rng.sample(COLOURS, rng.randint(2, 4))
        variants = [(f"{pid}-{c.lower()}", {"Color": c}, p.price, p.list_price, None, "")
                    for c in colours]
    if not variants:
        yield {**common, "price": _money(p.price * factor),
               "list_price": _money(p.list_price * factor)}
        return
    for sku, options, price, list_price, stock, availability in variants:
        if copy:
            stock = 0 if rng.random() < 0.15 else rng.randint(1, 60)
            availability = "in_stock" if stock else "out_of_stock"
        yield {
            **common, "group_id": pid, "sku": sku if copy == 0 else f"{sku}-{copy:03d}",
            "price": _money(price * factor), "list_price": _money(list_price * factor),
            "stock": "" if stock is None else str(stock), "availability": availability,
            **{k.lower(): v for k, v in options.items()},
        }  # fmt: skip


def make_big_catalog(out: Path, products: int = 100_000, seed: int = 22) -> tuple[int, int]:
    """Write `products` products (copies of the three shops) to `out`; (products, rows)."""
    bases = _bases()
    made = rows = 0
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, COLUMNS, extrasaction="raise")
        writer.writeheader()
        copy = 0
        while made < products:
            for p in bases:
                if made >= products:
                    break
                for row in _rows(p, copy, seed):
                    writer.writerow(row)
                    rows += 1
                made += 1
            copy += 1
    return made, rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--products", type=int, default=100_000, help="products to write")
    ap.add_argument("--out", type=Path, default=None, help="CSV path (default: a temp dir)")
    ap.add_argument("--seed", type=int, default=22, help="random seed (same seed, same file)")
    args = ap.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="clearcart-big-")) / "catalog.csv"
    made, rows = make_big_catalog(out, args.products, args.seed)
    print(f"{made:,} products in {rows:,} rows -> {out}")


if __name__ == "__main__":
    main()
