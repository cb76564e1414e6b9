"""Evidence phrases state the price the shopper pays, and the list price only as such."""

from __future__ import annotations

import numpy as np

from assistant.catalog import load_catalog
from models.evidence import evidence
from models.features import ShopperContext

from ranker_testkit import demo_table


def test_the_price_phrase_is_what_the_shopper_pays() -> None:
    table = demo_table()
    catalog = load_catalog()
    i = int(np.flatnonzero(table.discount > 0)[0])
    product = catalog.get(table.ids[i])
    phrase = evidence(ShopperContext(request_max_price=10_000.0), table, i)
    assert phrase["price"].startswith(f"costs ${product.price:,.2f} after "
                                      f"${product.discount:,.2f} off the list price "
                                      f"of ${product.list_price:,.2f}, ")
    assert phrase["request_price"].startswith(f"costs ${product.price:,.2f}, within")
    j = int(np.flatnonzero(table.discount == 0)[0])
    plain = evidence(ShopperContext(), table, j)["price"]
    assert plain.startswith(f"costs ${catalog.get(table.ids[j]).price:,.2f}, ")
    assert "list price" not in plain


def test_the_request_phrase_quotes_only_the_products_own_words() -> None:
    table = demo_table()
    i = next(k for k, t in enumerate(table.titles) if "Laptop" in t)
    said = "a gift for Thaddeus Okonkwo-Bellweather: laptops, mail jane@example.com"
    phrase = evidence(ShopperContext(request_text=said), table, i)["request_match"]
    assert '"Laptop"' in phrase
    for typed in ("Thaddeus", "Okonkwo", "gift", "jane", "example"):
        assert typed not in phrase
    nothing = evidence(ShopperContext(request_text="Thaddeus zzqx"), table, i)["request_match"]
    assert nothing == "is close in meaning to your request"
