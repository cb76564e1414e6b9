"""Each loader on small files of its layout: detection, fields, bad rows (row, field, fix)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from assistant.catalog import load_catalog
from assistant.catalog.html import html_to_text, split_html
from models.errors import CatalogError

SHOPIFY = ["Handle", "Title", "Body (HTML)", "Vendor", "Type", "Option1 Name", "Option1 Value",
           "Variant SKU", "Variant Price", "Variant Compare At Price", "Variant Inventory Qty",
           "Variant Inventory Policy", "Variant Grams",
           "Width (product.metafields.custom.width)", "Status"]  # fmt: skip


def write(path: Path, header: list[str], rows: list[dict[str, str]], delimiter: str = ",") -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, header, delimiter=delimiter)
        w.writeheader()
        w.writerows(rows)
    return path


def shopify_rows() -> list[dict[str, str]]:
    return [
        {"Handle": "wool-throw", "Title": "Wool Throw", "Vendor": "Acme", "Type": "Throws",
         "Body (HTML)": "<p>Soft &amp; warm. <b>Dry clean only.</b></p><ul><li>100% wool</li>"
                        "<li>50 x 60 in</li></ul><script>alert(1)</script>",
         "Option1 Name": "Color", "Option1 Value": "Gray", "Variant SKU": "WT-G",
         "Variant Price": "80.00", "Variant Compare At Price": "100.00",
         "Variant Inventory Qty": "0", "Variant Inventory Policy": "deny",
         "Variant Grams": "1200", "Status": "active",
         "Width (product.metafields.custom.width)": '{"value": 50.0, "unit": "INCHES"}'},
        {"Handle": "wool-throw", "Option1 Value": "Blue", "Variant SKU": "WT-B",
         "Variant Price": "90.00", "Variant Inventory Qty": "4",
         "Variant Inventory Policy": "deny"},
        {"Handle": "wool-throw"},  # an image-only row
        {"Handle": "old-hat", "Title": "Old Hat", "Type": "Hats", "Option1 Name": "Title",
         "Option1 Value": "Default Title", "Variant Price": "5", "Status": "archived"},
    ]  # fmt: skip


def test_shopify_export_rows_of_a_handle_are_one_product(tmp_path: Path) -> None:
    cat = load_catalog(write(tmp_path / "products_export.csv", SHOPIFY, shopify_rows()))
    assert cat.format == "shopify" and len(cat) == 1 and len(cat.inactive) == 1
    p = cat.products[0]
    assert (p.id, p.title, p.brand, p.category) == ("wool-throw", "Wool Throw", "Acme", "Throws")
    assert p.description == "Soft & warm. Dry clean only." and p.features == ("100% wool",
                                                                              "50 x 60 in")
    # the gray one is out of stock: the price is the blue one's (available), no discount
    assert [(v.sku, v.price, v.list_price, v.stock, v.availability) for v in p.variants] == [
        ("WT-G", 80.0, 100.0, 0, "out_of_stock"), ("WT-B", 90.0, 90.0, 4, "in_stock")]
    assert (p.price, p.discount, p.stock, p.availability) == (90.0, 0.0, 4, "in_stock")
    width = p.attribute("width")
    assert width and (width.value, width.unit, width.span) == (127.0, "cm", "50 inches")
    assert width.source == "column:Width (product.metafields.custom.width)"
    assert p.attribute("shipping_weight").value == 1.2  # type: ignore[union-attr]
    assert p.attribute("care").span == "Dry clean only"  # type: ignore[union-attr]
    assert cat.get("WT-B") is p


def test_shopify_bad_row_names_row_field_and_fix(tmp_path: Path) -> None:
    rows = shopify_rows()
    rows[1]["Variant Price"] = "ninety"
    path = write(tmp_path / "export.csv", SHOPIFY, rows)
    with pytest.raises(CatalogError) as err:
        load_catalog(path)
    msg = str(err.value)
    assert "data row 2" in msg and "line 3 of the file" in msg and "'Variant Price'" in msg
    assert "How to fix: Write the amount" in msg
    cat = load_catalog(path, on_error="skip")
    assert [(s.row, s.field) for s in cat.skipped] == [(2, "Variant Price")]
    assert cat.skipped[0].fix.startswith("Write the amount") and len(cat.products[0].variants) == 1


def test_shopify_rows_after_a_bad_product_row_are_skipped_with_it(tmp_path: Path) -> None:
    rows = shopify_rows()
    rows[0]["Title"] = ""
    cat = load_catalog(write(tmp_path / "e.csv", SHOPIFY, rows), on_error="skip")
    assert [(s.row, s.field) for s in cat.skipped] == [(1, "Title"), (2, "Handle"), (3, "Handle")]
    assert "did not load" in cat.skipped[1].reason and len(cat) == 0


MC = ["id", "item_group_id", "title", "description", "price", "sale_price", "availability",
      "brand", "product_type", "color", "size", "gender", "product_width", "product_detail",
      "product_highlight", "product_highlight"]  # fmt: skip


def mc_rows() -> list[dict[str, str]]:
    base = {"item_group_id": "tee", "description": "Organic cotton tee. Machine washable.",
            "price": "30.00 EUR", "brand": "Acme", "product_type": "Apparel > T-Shirts",
            "gender": "Women", "product_width": "50 cm", "color": "White"}
    return [{**base, "id": "tee-s", "title": "Acme Tee - S", "size": "S", "sale_price": "24.00 EUR",
             "availability": "in stock", "product_detail": "General:Fabric weight:180"},
            {**base, "id": "tee-m", "title": "Acme Tee - M", "size": "M",
             "availability": "out_of_stock"}]  # fmt: skip


def test_merchant_tsv_groups_items_and_keeps_the_currency(tmp_path: Path) -> None:
    cat = load_catalog(write(tmp_path / "feed.tsv", MC, mc_rows(), delimiter="\t"))
    assert cat.format == "merchant" and len(cat) == 1
    p = cat.products[0]
    assert (p.id, p.title, p.category, p.currency) == ("tee", "Acme Tee", "T-Shirts", "EUR")
    assert (p.price, p.list_price, p.availability) == (24.0, 30.0, "in_stock")
    assert p.options() == {"Size": ("S", "M")}  # the colour does not vary: an attribute
    assert p.attribute("color").source == "column:color"  # type: ignore[union-attr]
    assert p.attribute("gender").value == "female"  # type: ignore[union-attr]
    assert p.attribute("width").value == 50.0  # type: ignore[union-attr]
    assert p.attribute("fabric_weight").value == 180.0  # type: ignore[union-attr]


def test_a_group_of_one_item_keeps_its_name_without_its_values(tmp_path: Path) -> None:
    """"Acme Tee - White / L", the only item of its group: the "Acme Tee", with no option
    made of its title's words (there is nothing to pick)."""
    one = {**mc_rows()[1], "id": "tee-l", "item_group_id": "tee", "title": "Acme Tee - White / L",
           "size": "L"}
    p = load_catalog(write(tmp_path / "feed.tsv", MC, [one], delimiter="\t")).products[0]
    assert (p.title, p.options()) == ("Acme Tee", {})


def test_merchant_highlights_keep_the_descriptions_list_items(tmp_path: Path) -> None:
    """A feed with product_highlight and a description's <li> items keeps both (the items
    were once dropped, and with them a chair's seat width); a "Size W x D x H" detail is
    its dimensions."""
    row = {"id": "chair", "title": "Mesh Chair", "price": "289.00 USD",
           "availability": "in_stock", "brand": "Acme", "product_type": "Office > Chairs",
           "description": "<p>A mesh chair.</p><ul><li>Seat width 50 cm</li>"
                          "<li>Tilt lock</li></ul>",
           "product_highlight": "Tilt lock",
           "product_detail": "Dimensions:Size W x D x H:66 x 60 x 112 cm"}  # fmt: skip
    p = load_catalog(write(tmp_path / "feed.tsv", MC, [row], delimiter="\t")).products[0]
    assert p.features == ("Tilt lock", "Seat width 50 cm")
    assert p.attribute("dimensions").value == "66 x 60 x 112 cm"  # type: ignore[union-attr]


@pytest.mark.parametrize(("path", "category"), [
    ("Luggage & Bags > Suitcases > Checked", "Checked Suitcases"),
    ("Luggage & Bags > Suitcases > Carry-On", "Carry-On Suitcases"),
    ("Apparel > Jackets", "Jackets"), ("Toys & Games > Games > Board Games", "Board Games"),
    ("Home > Throws & Blankets", "Throws & Blankets"), ("Rugs", "Rugs")])
def test_a_category_path_keeps_the_parent_its_last_part_narrows(
        tmp_path: Path, path: str, category: str) -> None:
    """"Suitcases > Checked" is the checked suitcases (a shopper never asks for "checked"
    alone); a last part that names a kind of its own stays as it is."""
    row = {"id": "x", "title": "Case", "price": "99.00 USD", "availability": "in_stock",
           "brand": "Acme", "product_type": path}
    cat = load_catalog(write(tmp_path / "feed.tsv", MC, [row], delimiter="\t"))
    assert cat.products[0].category == category
    assert cat.products[0].departments == tuple(
        p.strip() for p in path.split(">"))[:-1]  # the path above it is kept too


def test_a_detail_worded_unlike_its_enumeration_keeps_its_words(tmp_path: Path) -> None:
    """A product_detail "Age group: 5 years and up" is a shop's own words, not a bad
    age_group column: the item loads, with an "age_range" attribute (it was once skipped)."""
    row = {"id": "kit", "title": "Bead Kit", "price": "12.00 USD", "availability": "in_stock",
           "brand": "Acme", "product_type": "Crafts > Kits",
           "product_detail": "General:Age group:5 years and up"}
    cat = load_catalog(write(tmp_path / "feed.tsv", MC, [row], delimiter="\t"), on_error="skip")
    assert not cat.skipped and len(cat) == 1
    assert cat.products[0].attribute("age_range").value == "5 years and up"  # type: ignore[union-attr]


def test_merchant_bad_item_names_row_field_and_fix(tmp_path: Path) -> None:
    rows = mc_rows()
    rows[1]["gender"] = "everyone"
    with pytest.raises(CatalogError, match=r"data row 2 .*field 'gender'.*not a gender"
                       r"[\s\S]*How to fix: Use one of female, male, unisex"):
        load_catalog(write(tmp_path / "feed.tsv", MC, rows, delimiter="\t"))
    rows = mc_rows()
    rows[0]["sale_price"] = "20.00 USD"
    cat = load_catalog(write(tmp_path / "f2.tsv", MC, rows, delimiter="\t"), on_error="skip")
    assert [(s.row, s.field) for s in cat.skipped] == [(1, "sale_price")]
    assert "same currency" in cat.skipped[0].fix


def test_merchant_rss_feed_with_g_namespace(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0" xmlns:g="http://base.google.com/ns/1.0">'
        "<channel><title>t</title><item><g:id>lamp-1</g:id><title>Arc Lamp</title>"
        "<description>&lt;p&gt;Marble base, 78 in tall.&lt;/p&gt;</description>"
        "<g:price>129.00 USD</g:price><g:availability>backorder</g:availability>"
        "<g:product_type>Home &gt; Lamps</g:product_type><g:product_detail>"
        "<g:section_name>General</g:section_name><g:attribute_name>Bulb</g:attribute_name>"
        "<g:attribute_value>E26</g:attribute_value></g:product_detail></item></channel></rss>",
        encoding="utf-8")  # fmt: skip
    cat = load_catalog(feed)
    p = cat.products[0]
    assert cat.format == "merchant" and (p.id, p.category, p.availability) == (
        "lamp-1", "Lamps", "backorder")
    bulb = p.attribute("bulb")
    assert p.description == "Marble base, 78 in tall." and bulb is not None and bulb.value == "E26"
    assert p.attribute("height").value == 198.12  # type: ignore[union-attr]
    bad = tmp_path / "bad.xml"
    bad.write_text(feed.read_text().replace("129.00 USD", "cheap"), encoding="utf-8")
    with pytest.raises(CatalogError, match=r"item 1 .*field 'price'[\s\S]*How to fix"):
        load_catalog(bad)


def test_xml_entities_are_not_expanded(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xml"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
                    '<!ENTITY b "&a;&a;&a;&a;">]><rss><channel><item><title>&b;</title>'
                    "</item></channel></rss>", encoding="utf-8")
    with pytest.raises(CatalogError, match="could not read the catalog"):
        load_catalog(bomb)


def test_canonical_optional_columns(tmp_path: Path) -> None:
    header = ["id", "group_id", "sku", "title", "category", "price", "list_price", "stock",
              "color", "size", "material", "attributes", "description", "currency"]
    rows = [{"id": "s", "group_id": "sock", "sku": "sock-s", "title": "Wool Sock",
             "category": "Socks", "price": "12", "list_price": "15", "stock": "3",
             "color": "Gray", "size": "S", "material": "merino wool",
             "attributes": "care: Machine washable | thread_count: 200",
             "description": "<p>Warm &amp; soft</p>", "currency": "£"},
            {"id": "s", "group_id": "sock", "sku": "sock-m", "title": "Wool Sock",
             "category": "Socks", "price": "12", "stock": "0", "color": "Gray", "size": "M",
             "material": "merino wool"}]  # fmt: skip
    cat = load_catalog(write(tmp_path / "c.csv", header, rows))
    p = cat.products[0]
    assert cat.format == "canonical" and (p.id, p.currency, p.description) == (
        "sock", "GBP", "Warm & soft")
    assert (p.price, p.discount, p.stock, p.options()) == (12.0, 3.0, 3, {"Size": ("S", "M")})
    assert p.attribute("thread_count").value == 200.0  # type: ignore[union-attr]
    assert p.attribute("material").value == "merino wool"  # type: ignore[union-attr]
    rows[1]["stock"] = "a few"
    cat = load_catalog(write(tmp_path / "d.csv", header, rows), on_error="skip")
    assert [(s.row, s.field, s.fix) for s in cat.skipped] == [
        (2, "stock", "Write a count such as 12.")]


def test_html_to_text_is_a_parser_not_a_regex() -> None:
    text, items = split_html("<div>A &lt;b&gt; tag<br>next</div><ul><li>one</li><li>two</li>"
                             "</ul><style>p{}</style>")
    assert (text, items) == ("A <b> tag\nnext", ("one", "two"))
    assert html_to_text("<p>x</p><ul><li>y</li></ul>") == "x\ny"


def test_a_shopify_product_category_path_is_kept_above_its_type(tmp_path: Path) -> None:
    """Shopify's "Product Category" is Google's taxonomy path: the parts above the product
    are its departments ("Bangles" filed under "Bracelets" are bracelets)."""
    row = {"Handle": "bangle", "Title": "Gold Bangle", "Vendor": "Acme", "Type": "Bangles",
           "Product Category": "Apparel & Accessories > Jewelry > Bracelets",
           "Variant Price": "99.00"}
    cat = load_catalog(write(tmp_path / "products.csv", [*SHOPIFY, "Product Category"], [row]))
    assert cat.products[0].category == "Bangles"
    assert cat.products[0].departments == ("Apparel & Accessories", "Jewelry", "Bracelets")
