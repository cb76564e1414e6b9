"""Product, Variant and Attribute: old callers keep working; variants drive price and stock."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.catalog import Attribute, Catalog, Product, Variant, load_catalog
from models.errors import InputError

OLD = dict(id="p1", title="Desk Lamp", category="Lamps", price=20.0, discount=5.0,
           discount_text="", rating=4.5, review_count=10, features=("LED",), brand="Acme")


def test_a_product_built_with_the_old_fields_keeps_their_meaning() -> None:
    p = Product(**OLD)  # type: ignore[arg-type]
    assert p.list_price == 25.0 and p.variants == () and p.attributes == ()
    assert (p.currency, p.availability, p.stock, p.in_stock) == ("USD", "unknown", None, False)
    assert p.to_dict()["features"] == ["LED"] and p.options() == {}


def test_variants_give_stock_availability_and_options() -> None:
    v = [Variant("a", (("Color", "Black"), ("Size", "M")), 20.0, 25.0, 0, "out_of_stock"),
         Variant("b", (("Color", "Pink"), ("Size", "M")), 22.0, 22.0, 3, "in_stock")]
    p = Product(**{**OLD, "variants": tuple(v)})  # type: ignore[arg-type]
    assert (p.stock, p.availability, p.in_stock) == (3, "in_stock", True)
    assert p.options() == {"Color": ("Black", "Pink"), "Size": ("M",)}
    assert p.variant("b") is v[1] and v[1].option("size") == "M"
    gone = Product(**{**OLD, "variants": (v[0],)})  # type: ignore[arg-type]
    assert (gone.availability, gone.in_stock) == ("out_of_stock", False)


def test_text_availability_counts_only_when_the_file_says_nothing() -> None:
    said = Attribute("availability", "out_of_stock", "", "text", "Currently out of stock")
    p = Product(**{**OLD, "attributes": (said,)})  # type: ignore[arg-type]
    assert p.availability == "out_of_stock"
    p = Product(**{**OLD, "attributes": (said,), "stock": 4})  # type: ignore[arg-type]
    assert p.availability == "in_stock"
    assert p.attribute("Availability") is said and p.attributes_named("colour") == ()


def test_unknown_availability_is_refused_with_a_fix() -> None:
    with pytest.raises(InputError, match="How to fix: Use one of in_stock"):
        Variant("a", availability="maybe")


def test_catalog_get_resolves_a_variant_sku() -> None:
    p = Product(**{**OLD, "variants": (Variant("sku-1", price=20.0),)})  # type: ignore[arg-type]
    cat = Catalog([p])
    assert cat.get("sku-1") is p and cat.get("p1") is p and len(cat) == 1
    assert cat.variant_count == 1


def test_json_round_trip_keeps_variants_and_attributes(tmp_path: Path) -> None:
    shop = Path(__file__).resolve().parents[3] / "tests" / "data" / "home_apparel.csv"
    cat = load_catalog(shop)
    out = tmp_path / "shop.json"
    out.write_text(json.dumps([p.to_dict() for p in cat]), encoding="utf-8")
    back = load_catalog(out)
    assert back.products == cat.products and back.version == cat.version
