"""A budget said in words, priced from the shop's own prices for that kind of product.

    band = price_band(prices_of_laptops, "modest")   # "not too pricey"
    band.high == 849.99; band.share == (0.0, 0.4); band.of == 130

"Not too pricey" means something different for laptops and for mouse pads, so each level is
a share of the kind's price distribution: "low" ("on a budget", "cheap") the cheapest third,
"modest" ("not too pricey", "affordable") the cheapest 40%, "mid" ("mid-range") the middle
30% to 70%, "high" ("premium", "money is no object") the dearest 40%. The lower x share of n
products is the ceil(x * n) cheapest, so a band edge is always a price the shop charges.
"around $50" is the stated amount give or take `AROUND_SHARE` (reading/needs.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.qa.need import Band
from assistant.qa.reading.needs import around_band
from models.price_bands import quantile_limits

# Level -> (lower quantile, upper quantile) of the kind's prices; 0 or 1 leaves that side open.
LEVEL_SHARES: dict[str, tuple[float, float]] = {
    "low": (0.0, 1 / 3),
    "modest": (0.0, 0.4),
    "mid": (0.3, 0.7),
    "high": (0.6, 1.0),
}
# Fewer products of a kind than this: no band from its prices (one product is no range).
MIN_PRODUCTS = 2


def price_band(prices: Sequence[float], level: str, amount: float | None = None) -> Band | None:
    """The band for `level` over these prices; None when there is none to assume."""
    if level == "around" and amount is not None:
        low, high = around_band(amount)
        return Band("around", low, high, None, 0, amount)
    share = LEVEL_SHARES.get(level)
    if share is None or len(prices) < MIN_PRODUCTS:
        return None
    lo, hi = quantile_limits(prices, share)
    return Band(level, lo, hi, share, len(prices))


__all__ = ["LEVEL_SHARES", "MIN_PRODUCTS", "Band", "price_band", "quantile_limits"]
