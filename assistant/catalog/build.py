"""Drafts (rows read from a file) -> products with variants, stock and attributes.

Rules (also in data/README.md and tests/data/README.md):

* rows sharing a group (Shopify Handle, Merchant Center item_group_id, canonical
  group_id) are the variants of one product whose id is the group;
* rows with no group whose titles are equal once a trailing colour is removed
  ("... 256GB SSD Gold" / "... Space Gray" / "... Silver"), with the same category
  and brand, and whose colours all differ, are one product in several colours: it
  keeps the first row's id and title without the colour, the other rows' ids become
  its variants' SKUs (`Catalog.get` finds it by them); its rating is the
  review-weighted mean (to the rows' precision) and its review count the sum (unless
  every row states the same rating and count, which is then the product's);
* option-like columns (color, size, material, pattern) are options where they vary
  inside a group and plain attributes where they do not;
* the product's price is the cheapest available variant's (any variant's when none
  is available), its discount that variant's;
* attributes: stated in columns first, then one per option value, then those read
  from the product's text (`assistant.catalog.extract`), no (name, value) twice.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from assistant.catalog.draft import Draft
from assistant.catalog.extract import read_attributes
from assistant.catalog.injection import TextFlag, flag_text
from assistant.catalog.model import Product, SkippedRow
from assistant.catalog.parallel import MIN_ITEMS, WORKERS, fork_map, shares
from assistant.catalog.parse import make_id
from assistant.catalog.rules import forget
from assistant.catalog.types import SOURCE_OPTION, Attribute, Variant, canonical_name
from assistant.catalog.vocab import COLOR_PHRASE

_TRAILING_COLOR = re.compile(rf"^(?P<base>.*?\S)[\s,\-\u2013/(]+(?P<value>{COLOR_PHRASE})\)?$",
                             re.I)  # fmt: skip


@dataclass
class Built:
    products: list[Product]
    duplicates: list[SkippedRow]
    flagged: list[TextFlag]


def legacy_content(d: Draft, category: str | None = None) -> str:
    """The row content the old loader hashed into the ids of same-title rows."""
    return json.dumps(dict(
        title=d.title, category=d.category if category is None else category, price=d.price,
        discount=d.discount,
        discount_text=d.discount_text, rating=d.rating, review_count=d.review_count,
        features=list(d.features), brand=d.brand,
    ), sort_keys=True)  # fmt: skip


def _drop_duplicates(drafts: list[Draft]) -> tuple[list[Draft], list[SkippedRow]]:
    """A plain row equal to an earlier one in all but category: the same product twice."""
    kept: list[Draft] = []
    dups: list[SkippedRow] = []
    first_seen: dict[str, int] = {}
    for d in drafts:
        if d.group or d.variant:
            kept.append(d)
            continue
        key = json.dumps([legacy_content(d, category=""), d.description, d.currency,
                          [a.to_dict() for a in d.attributes], sorted(d.option_columns.items())])
        if key in first_seen:
            dups.append(SkippedRow(d.row, "title", d.title, f"same product as row "
                                   f"{first_seen[key]}, listed under {d.category!r}"))
            continue
        first_seen[key] = d.row
        kept.append(d)
    return kept, dups


def _make_ids(drafts: list[Draft]) -> None:
    same = Counter((d.title, d.category) for d in drafts if not d.group and not d.id)
    for d in drafts:
        if not d.group and not d.id:
            content = legacy_content(d) if same[(d.title, d.category)] > 1 else ""
            d.id = make_id(d.title, d.category, content)


def _groups(drafts: list[Draft]) -> list[tuple[str, list[Draft]]]:
    """(kind, drafts) per product in file order: "group", "color" or "single"."""
    colour: dict[tuple[str, str, str], list[Draft]] = {}
    for d in drafts:
        if not d.group and not d.options and (m := _TRAILING_COLOR.match(d.title)):
            colour.setdefault((m.group("base").casefold(), d.category, d.brand), []).append(d)
    merged: dict[int, list[Draft]] = {}
    for rows in colour.values():
        values = [_TRAILING_COLOR.match(d.title).group("value").casefold()  # type: ignore[union-attr]
                  for d in rows]
        if len(rows) > 1 and len(set(values)) == len(values):
            merged[id(rows[0])] = rows
            merged.update({id(d): [] for d in rows[1:]})
    out: list[tuple[str, list[Draft]]] = []
    by_group: dict[str, list[Draft]] = {}
    for d in drafts:
        if d.group:
            if d.group not in by_group:
                by_group[d.group] = []
                out.append(("group", by_group[d.group]))
            by_group[d.group].append(d)
        elif id(d) in merged:
            if merged[id(d)]:
                out.append(("color", merged[id(d)]))
        else:
            out.append(("single", [d]))
    return out


def _options(kind: str, rows: list[Draft]) -> tuple[list[tuple[tuple[str, str], ...]],
                                                     list[Attribute]]:
    """Each row's options, and the option-like columns that did not vary (attributes)."""
    opts: list[tuple[tuple[str, str], ...]]
    if kind == "color":
        opts = [(("Color", str(_TRAILING_COLOR.match(d.title).group("value"))),)  # type: ignore[union-attr]
                for d in rows]
        return opts, []
    names = list(dict.fromkeys(n for d in rows for n in d.option_columns))
    varying = [n for n in names if len({d.option_columns.get(n, ("", ""))[0] for d in rows}) > 1]
    fixed = []
    for n in names:
        if n not in varying:
            value, column = rows[0].option_columns[n]
            fixed.append(Attribute(canonical_name(n), value, "", f"column:{column}", value))
    opts = [d.options or tuple((n, d.option_columns[n][0]) for n in varying
                               if n in d.option_columns) for d in rows]
    if kind == "group" and not any(opts) and (styles := _title_styles(rows)):
        opts = [(("Style", s),) for s in styles]
    return opts, fixed


def _title_styles(rows: list[Draft]) -> list[str] | None:
    """The variants' own words where only their titles tell them apart, as Merchant feeds
    name them ("Chandelier Earrings - Pierced", "... - Clip-on"); None if not so."""
    parts = [d.title.rpartition(" - ") for d in rows]
    if len(rows) < 2 or len({base for base, _, _ in parts}) != 1 \
            or not all(sep for _, sep, _ in parts):  # one variant: no option to pick
        return None
    styles = [s.strip() for _, _, s in parts]
    return styles if len(set(styles)) == len(rows) else None


def _strip_values(title: str, values: Sequence[str]) -> str:
    """'Denali Fleece - Black / M' without its trailing option values."""
    changed = True
    while changed:
        changed = False
        for v in values:
            m = re.match(rf"^(.*?\S)[\s,\-\u2013/(]+{re.escape(v)}\)?$", title, re.I)
            if m:
                title, changed = m.group(1), True
    return title


def _variant(d: Draft, options: tuple[tuple[str, str], ...]) -> Variant:
    availability = d.availability or (
        "unknown" if d.stock is None else "in_stock" if d.stock > 0 else "out_of_stock")
    options = tuple((sys.intern(n), sys.intern(v)) for n, v in options)
    return Variant(d.sku or d.id, options, d.price, d.list_price, d.stock, availability)


def _rating(rows: list[Draft]) -> tuple[float | None, int]:
    stated = [(d.rating, d.review_count) for d in rows if d.rating is not None or d.review_count]
    if not stated:
        return None, 0
    if len(set(stated)) == 1:
        return stated[0]
    total = sum(n for _, n in stated)
    rated = [(r, n) for r, n in stated if r is not None]
    if not rated:
        return None, total
    weight = sum(n for _, n in rated)
    mean = (sum(r * n for r, n in rated) / weight if weight
            else sum(r for r, _ in rated) / len(rated))
    # as precise as the rows state it: 4.7 and 4.8 average to 4.8, not 4.768
    digits = max(len(f"{r:g}".partition(".")[2]) for r, _ in rated)
    return round(mean, max(1, digits)), total


def _product(kind: str, rows: list[Draft]) -> Product:
    first = rows[0]
    opts, fixed = _options(kind, rows)
    title = first.title
    if kind == "color":
        title = _TRAILING_COLOR.match(title).group("base")  # type: ignore[union-attr]
    elif kind == "group" and len({d.title for d in rows}) > 1:
        title = _strip_values(title, [v for _, v in opts[0]])
    elif kind == "group" and " - " in title:  # "Hyaluronic Serum - 30 ml": its one variant
        title = _strip_values(title, [v for v, _ in first.option_columns.values()])
    variants: tuple[Variant, ...] = ()
    if kind != "single" or first.variant:
        variants = tuple(_variant(d, o) for d, o in zip(rows, opts, strict=True))
    price, discount = first.price, first.discount
    if variants:
        pool = [v for v in variants if v.available] or list(variants)
        cheapest = min(pool, key=lambda v: v.price)
        price, discount = cheapest.price, round(cheapest.list_price - cheapest.price, 2)
    rating, reviews = _rating(rows)
    features = tuple(dict.fromkeys(f for d in rows for f in d.features))
    description = next((d.description for d in rows if d.description), "")
    discount_text = next((d.discount_text for d in rows if d.discount_text), "")
    stated: list[Attribute] = []
    seen: set[tuple[str, str | float]] = set()
    option_attrs = [Attribute(canonical_name(n), v, "", SOURCE_OPTION, v)
                    for o in opts for n, v in o]
    for a in [*(a for d in rows for a in d.attributes), *fixed, *option_attrs]:
        if (a.name, a.value) not in seen:
            seen.add((a.name, a.value))
            stated.append(a)
    parts = (*description.splitlines(), *features, discount_text)
    text_attrs = read_attributes(title, parts, stated, first.brand)
    # texts many products repeat are one string each (100,000 products: ~30% less memory)
    return Product(
        id=first.group if kind == "group" else first.id, title=title,
        category=sys.intern(first.category), price=price, discount=discount,
        discount_text=sys.intern(discount_text), rating=rating, review_count=reviews,
        features=tuple(sys.intern(f) for f in features), brand=sys.intern(first.brand),
        variants=variants, attributes=(*stated, *text_attrs), description=sys.intern(description),
        currency=sys.intern(first.currency), availability="" if variants else first.availability,
        stock=None if variants else first.stock,
        departments=tuple(sys.intern(d) for d in first.departments),
    )  # fmt: skip


def build_products(drafts: list[Draft], progress: bool = False) -> Built:
    """Products (in file order of their first row), duplicates dropped, text flagged;
    `progress` shows a bar over the products (their prose is read here). A large file's
    products are built by `assistant.catalog.parallel.WORKERS` processes."""
    kept, duplicates = _drop_duplicates(drafts)
    _make_ids(kept)
    groups = _groups(kept)
    jobs = shares(len(groups), WORKERS if len(groups) >= MIN_ITEMS else 1)
    parts = fork_map(lambda share: _build_share(groups, share, progress and share == jobs[0]),
                     jobs)
    forget()  # the rules' memo of texts: this catalog's are read
    products = [p for made, _ in parts for p in made]
    flagged = [f for _, flags in parts for f in flags]
    return Built(products, duplicates, flagged)


def _build_share(groups: list[tuple[str, list[Draft]]], share: range,
                 progress: bool) -> tuple[list[Product], list[TextFlag]]:
    products, flagged = [], []
    todo: Iterable[int] = share
    if progress:
        from tqdm import tqdm

        todo = tqdm(share, desc="building products", unit="product", leave=False)
    for k in todo:
        kind, rows = groups[k]
        p = _product(kind, rows)
        products.append(p)
        flagged += flag_text(p.id, rows[0].row, {
            "title": p.title, "description": p.description, "features": " | ".join(p.features),
            "discount_text": p.discount_text,
        })  # fmt: skip
    return products, flagged


__all__ = ["Built", "build_products", "legacy_content"]
