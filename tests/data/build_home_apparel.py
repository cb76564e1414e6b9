"""Write the third test shop (tests/data/home_apparel_items.py) in the formats shops export.

    /work/main/.venv/bin/python tests/data/build_home_apparel.py   # rewrites the 4 files

home_apparel_shopify.csv (Shopify product CSV export), home_apparel_merchant.tsv and
home_apparel_merchant.xml (Google Merchant Center feed, TSV and RSS 2.0), and
home_apparel.csv (ClearCart canonical layout). Same input, byte-identical output.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

sys.path.insert(0, str(Path(__file__).resolve().parent))
from home_apparel_items import ITEMS, P, V  # noqa: E402

HERE = Path(__file__).resolve().parent
G = "http://base.google.com/ns/1.0"
MC_ATTRS = ("gender", "age_group", "size_system", "color", "material")
SHOPIFY_META = {
    "color": "Color (product.metafields.shopify.color-pattern)",
    "material": "Material (product.metafields.custom.material)",
    "size_system": "Size system (product.metafields.custom.size_system)",
    "thread_count": "Thread count (product.metafields.custom.thread_count)",
}
SHOPIFY_HEADER = [
    "Handle", "Title", "Body (HTML)", "Vendor", "Product Category", "Type", "Tags", "Published",
    "Option1 Name", "Option1 Value", "Option2 Name", "Option2 Value", "Option3 Name",
    "Option3 Value", "Variant SKU", "Variant Grams", "Variant Inventory Tracker",
    "Variant Inventory Qty", "Variant Inventory Policy", "Variant Fulfillment Service",
    "Variant Price", "Variant Compare At Price", "Variant Requires Shipping", "Variant Taxable",
    "Image Src", "Gift Card", "Google Shopping / Gender", "Google Shopping / Age Group",
    "Rating (product.metafields.reviews.rating)",
    "Rating count (product.metafields.reviews.rating_count)", *SHOPIFY_META.values(),
    "Variant Weight Unit", "Status",
]  # fmt: skip
CANONICAL_HEADER = [
    "id", "group_id", "sku", "title", "category", "brand", "price", "list_price",
    "discount_text", "rating", "review_count", "features", "description", "currency", "stock",
    "availability", "color", "size", "pattern", "gender", "age_group", "size_system",
    "material", "shipping_weight", "attributes",
]  # fmt: skip


def sku(p: P, v: V) -> str:
    if not v.values:
        return p.handle
    return "-".join([p.handle, *(re.sub(r"[^a-z0-9]+", "", x.lower()) for x in v.values)])


def availability(v: V) -> str:
    return "in_stock" if v.stock > 0 else "backorder" if v.policy == "continue" else "out_of_stock"


def money(x: float) -> str:
    return f"{x:.2f}"


def body_html(p: P) -> str:
    items = "".join(f"<li>{html.escape(f)}</li>" for f in p.features)
    return f"<p>{html.escape(p.description)}</p><ul>{items}</ul>"


def rows_of(p: P) -> Iterator[tuple[V, dict[str, str]]]:
    """Each variant with its option values by lower-case option name."""
    for v in p.variants:
        yield v, {n.lower(): x for n, x in zip(p.options, v.values, strict=True)}


def shopify(path: Path) -> None:
    out = io.StringIO()
    w = csv.DictWriter(out, SHOPIFY_HEADER, lineterminator="\n")
    w.writeheader()
    for p in ITEMS:
        for i, (v, _) in enumerate(rows_of(p)):
            row = {"Handle": p.handle, "Variant SKU": sku(p, v), "Variant Grams": str(p.grams),
                   "Variant Inventory Tracker": "shopify", "Variant Inventory Qty": str(v.stock),
                   "Variant Inventory Policy": v.policy, "Variant Fulfillment Service": "manual",
                   "Variant Price": money(v.price),
                   "Variant Compare At Price": money(v.list_price) if v.list_price else "",
                   "Variant Requires Shipping": "TRUE", "Variant Taxable": "TRUE",
                   "Variant Weight Unit": "lb" if p.grams > 5000 else "g"}  # fmt: skip
            names = list(p.options) or ["Title"]
            values = list(v.values) or ["Default Title"]
            for k, value in enumerate(values, start=1):
                row[f"Option{k} Value"] = value
                if i == 0:
                    row[f"Option{k} Name"] = names[k - 1]
            if i == 0:
                row.update({
                    "Title": p.title, "Body (HTML)": body_html(p), "Vendor": p.brand,
                    "Type": p.type, "Tags": "", "Published": "TRUE", "Gift Card": "FALSE",
                    "Status": "active", "Image Src": f"https://cdn.example.com/{p.handle}.jpg",
                    "Rating (product.metafields.reviews.rating)": json.dumps(
                        {"scale_min": "1.0", "scale_max": "5.0", "value": str(p.rating)}),
                    "Rating count (product.metafields.reviews.rating_count)": str(p.reviews),
                })  # fmt: skip
                if "gender" in p.attrs:
                    row["Google Shopping / Gender"] = p.attrs["gender"].capitalize()
                if "age_group" in p.attrs:
                    row["Google Shopping / Age Group"] = p.attrs["age_group"].capitalize()
                for key, column in SHOPIFY_META.items():
                    if key in p.attrs:
                        row[column] = p.attrs[key]
            w.writerow(row)
    # a draft product: not on sale, left out of the catalog
    w.writerow({"Handle": "draft-wool-beanie", "Title": "Wool Beanie (draft)", "Type": "Hats",
                "Vendor": "Northbound", "Option1 Name": "Title", "Option1 Value": "Default Title",
                "Variant SKU": "draft-wool-beanie", "Variant Price": "25.00", "Status": "draft"})
    path.write_text(out.getvalue(), encoding="utf-8")


def merchant_items(p: P) -> Iterator[dict[str, object]]:
    for v, opts in rows_of(p):
        title = f"{p.title} - {' / '.join(v.values)}" if v.values else p.title
        item: dict[str, object] = {
            "id": sku(p, v), "title": title, "description": p.description,
            "link": f"https://shop.example.com/products/{p.handle}",
            "price": f"{money(v.list_price or v.price)} USD", "availability": availability(v),
            "brand": p.brand, "product_type": p.path,
            "quantity": str(v.stock), "shipping_weight": f"{p.grams} g",
            "product_rating": str(p.rating), "product_review_count": str(p.reviews),
            "product_highlight": list(p.features),
        }  # fmt: skip
        if v.list_price:
            item["sale_price"] = f"{money(v.price)} USD"
        if p.options:
            item["item_group_id"] = p.handle
        for key in MC_ATTRS:
            if key in p.attrs:
                item[key] = p.attrs[key]
        item.update(opts)
        if "thread_count" in p.attrs:
            item["product_detail"] = [("General", "Thread count", p.attrs["thread_count"])]
        yield item


def merchant_tsv(path: Path) -> None:
    n = max(len(p.features) for p in ITEMS)
    header = ["id", "item_group_id", "title", "description", "link", "price", "sale_price",
              "availability", "quantity", "brand", "product_type", "color", "size",
              "pattern", "material", "gender", "age_group", "size_system", "shipping_weight",
              "product_rating", "product_review_count", "product_detail",
              *["product_highlight"] * n]  # fmt: skip
    out = io.StringIO()
    w = csv.writer(out, delimiter="\t", lineterminator="\n")
    w.writerow(header)
    for p in ITEMS:
        for item in merchant_items(p):
            highlights = list(item["product_highlight"])  # type: ignore[call-overload]
            details: Any = item.get("product_detail", [])
            detail = ",".join(":".join(d) for d in details)
            row = [str(item.get(h, "")) for h in header[: -n - 1]]
            w.writerow([*row, detail, *highlights, *[""] * (n - len(highlights))])
    path.write_text(out.getvalue(), encoding="utf-8")


def merchant_xml(path: Path) -> None:
    ET.register_namespace("g", G)
    rss = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(rss, "channel")
    ET.SubElement(channel, "title").text = "Home & Apparel test shop"
    ET.SubElement(channel, "link").text = "https://shop.example.com"
    ET.SubElement(channel, "description").text = "ClearCart test feed, written by hand"
    for p in ITEMS:
        for item in merchant_items(p):
            el = ET.SubElement(channel, "item")
            for key, value in item.items():
                tag = key if key in ("title", "link", "description") else f"{{{G}}}{key}"
                if key == "product_detail":
                    for section, name, val in value:  # type: ignore[attr-defined]
                        d = ET.SubElement(el, tag)
                        ET.SubElement(d, f"{{{G}}}section_name").text = section
                        ET.SubElement(d, f"{{{G}}}attribute_name").text = name
                        ET.SubElement(d, f"{{{G}}}attribute_value").text = val
                elif isinstance(value, list):
                    for v in value:
                        ET.SubElement(el, tag).text = v
                else:
                    ET.SubElement(el, tag).text = str(value)
    ET.indent(rss)
    path.write_bytes(ET.tostring(rss, encoding="utf-8", xml_declaration=True) + b"\n")


def canonical(path: Path) -> None:
    out = io.StringIO()
    w = csv.DictWriter(out, CANONICAL_HEADER, lineterminator="\n")
    w.writeheader()
    for p in ITEMS:
        for v, opts in rows_of(p):
            row = {
                "id": p.handle, "group_id": p.handle if p.options else "", "sku": sku(p, v),
                "title": p.title, "category": p.type, "brand": p.brand, "price": money(v.price),
                "list_price": money(v.list_price) if v.list_price else "", "discount_text": "",
                "rating": str(p.rating), "review_count": str(p.reviews),
                "features": " | ".join(p.features), "description": p.description,
                "currency": "USD", "stock": str(v.stock), "availability": availability(v),
                "shipping_weight": f"{p.grams} g",
            }  # fmt: skip
            for key in ("gender", "age_group", "size_system", "color", "material"):
                if key in p.attrs:
                    row[key] = p.attrs[key]
            row.update(opts)
            if "thread_count" in p.attrs:
                row["attributes"] = f"thread_count: {p.attrs['thread_count']}"
            w.writerow(row)
    path.write_text(out.getvalue(), encoding="utf-8")


def main(out: Path = HERE) -> None:
    shopify(out / "home_apparel_shopify.csv")
    merchant_tsv(out / "home_apparel_merchant.tsv")
    merchant_xml(out / "home_apparel_merchant.xml")
    canonical(out / "home_apparel.csv")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
