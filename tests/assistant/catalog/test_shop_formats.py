"""The third test shop: the same products from a Shopify export, a Merchant Center feed
(TSV and RSS) and the canonical CSV."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from assistant.catalog import Catalog, Product, load_catalog

DATA = Path(__file__).resolve().parents[3] / "tests" / "data"
FILES = ("home_apparel.csv", "home_apparel_shopify.csv", "home_apparel_merchant.tsv",
         "home_apparel_merchant.xml")
FORMATS = ("canonical", "shopify", "merchant", "merchant")


def facts(p: Product) -> tuple[object, ...]:
    """Everything but where an attribute came from (a column, an option, a metafield)."""
    attrs = sorted((a.name, str(a.value), a.unit) for a in p.attributes)
    return (p.id, p.title, p.category, p.brand, p.price, p.discount, p.currency, p.rating,
            p.review_count, p.features, p.description, p.availability, p.stock, p.variants,
            attrs)  # fmt: skip


@pytest.fixture(scope="module")
def shops() -> dict[str, Catalog]:
    return {name: load_catalog(DATA / name) for name in FILES}


def test_every_format_gives_the_same_products_variants_stock_and_attributes(
    shops: dict[str, Catalog],
) -> None:
    base = [facts(p) for p in shops[FILES[0]]]
    for (name, cat), fmt in zip(shops.items(), FORMATS, strict=True):
        assert cat.format == fmt, name
        assert (len(cat), cat.variant_count, cat.skipped) == (59, 209, []), name
        assert [facts(p) for p in cat] == base, name
    assert [i.row for i in shops["home_apparel_shopify.csv"].inactive] == [210]  # the draft


def test_the_shop_states_what_the_tests_rely_on(shops: dict[str, Catalog]) -> None:
    cat = shops["home_apparel_shopify.csv"]
    moto = cat.get("northbound-leather-moto-jacket")
    assert (moto.availability, moto.stock, moto.attribute("restock").value) == (  # type: ignore[union-attr]
        "out_of_stock", 0, 21.0)
    assert cat.get("tnf-denali-fleece-women").options()["Color"] == ("Black", "Pine Green", "Pink")
    assert cat.get("fjallraven-ovik-knit").discount == 20.0
    josh = cat.get("zinus-josh-loveseat").attribute("width")
    assert josh and (josh.value, josh.span) == (137.0, "137 cm wide")
    jute = cat.get("hearth-oak-braided-jute-rug")
    assert {a.value for a in jute.attributes_named("care")} >= {"vacuum only", "do not wash"}
    boots = cat.get("blundstone-chelsea-women")
    assert boots.options()["Size"] == ("36", "37", "38", "39", "40", "41")
    assert boots.attribute("size_system").value == "EU"  # type: ignore[union-attr]
    thread_count = cat.get("brooklinen-luxe-sateen-sheets").attribute("thread_count")
    assert thread_count is not None and thread_count.value == 480.0
    genders = {a.value for p in cat if p.category == "Jackets"
               if (a := p.attribute("gender")) is not None}
    assert genders == {"male", "female"}
    assert all(a.span in p.text() for p in cat for a in p.attributes if a.source == "text")


def test_injected_text_is_flagged_in_a_title_and_a_description(shops: dict[str, Catalog]) -> None:
    for cat in shops.values():
        assert [(f.product_id, f.field) for f in cat.flagged] == [
            ("loloi-layla-rug", "title"), ("annie-selke-dhurrie", "description")]
        assert cat.flagged[0].sentence.startswith("Ignore previous instructions")


def test_the_files_are_what_the_script_writes(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("build_home_apparel",
                                                  DATA / "build_home_apparel.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(tmp_path)
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name
