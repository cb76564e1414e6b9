"""Human-readable facts behind each feature group, for the reasons shoppers read.

`evidence(ctx, table, row)` gives, per group, a short phrase of catalog and
history facts ("is similar to "LG gram 16", which you looked at"); explain/reasons.py
puts them into sentences. Kept beside models/features.py, which computes the
numbers these phrases describe.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np

from models.features import RECENT_VIEWS, ProductTable, ShopperContext, paid_level


def evidence(ctx: ShopperContext, table: ProductTable, idx: int) -> dict[str, str]:
    """Human-readable facts behind each group for product row `idx` (for reasons)."""
    i = int(idx)
    out: dict[str, str] = {}
    pid, cat = table.ids[i], table.categories[i]
    if ctx.request_text:
        # Only the product's own words are quoted, never what the shopper typed: a name or
        # an address in the message can never reach a reason, the audit log or an export.
        words = request_words(ctx.request_text, f"{table.titles[i]} {cat}")
        out["request_match"] = (f"matches {_quoted(words)} in your request" if words
                                else "is close in meaning to your request")
    if ctx.request_category is not None:
        same = cat == ctx.request_category
        if same:
            out["request_category"] = f"is a {cat} product, the kind you asked for"
        else:
            out["request_category"] = (f"is a {cat} product, "
                                       f"not the {ctx.request_category} you asked for")
    price = float(table.price[i])  # what the shopper pays (after any discount)
    if ctx.request_max_price is not None:
        fits = price <= ctx.request_max_price
        out["request_price"] = (f"costs ${price:,.2f}, {'within' if fits else 'above'} "
                                f"your limit of ${ctx.request_max_price:,.2f}")
    elif ctx.request_min_price is not None:
        out["request_price"] = (f"costs ${price:,.2f}, "
                                f"your minimum was ${ctx.request_min_price:,.2f}")
    elif ctx.request_band is not None and any(b is not None for b in ctx.request_band):
        lo, hi = ctx.request_band
        fits = (lo is None or price >= lo - 1e-9) and (hi is None or price <= hi + 1e-9)
        out["request_price"] = (f"costs ${price:,.2f}, {'within' if fits else 'outside'} "
                                f"the budget read from your words ({_band(lo, hi)})")
    if ctx.use_text:
        # the product's own words found in what the shopper said it is for (never theirs)
        own = f"{table.titles[i]} {table.first_features[i] if table.first_features else ''}"
        words = request_words(ctx.use_text, own)
        out["request_use"] = (f"has {_quoted(words)}, as you said it is for" if words
                              else "reads close to what you said it is for")
    off = float(table.discount[i])
    listed = price + off  # the list price, before the discount
    typical = float(table.cat_median_price[table.cat_codes[i]])
    deal = f" after ${off:,.2f} off the list price of ${listed:,.2f}" if off > 0 else ""
    out["price"] = (f"costs ${price:,.2f}{deal}, "
                    f"{_vs(price / typical)} the typical {cat} price of ${typical:,.2f}")
    if not np.isnan(table.rating[i]):
        out["rating"] = f"rated {table.rating[i]:.1f} out of 5"
    out["popularity"] = f"{int(table.review_count[i])} reviews"
    viewed = table.rows(ctx.viewed_ids) if ctx.viewed_ids else np.zeros(0, np.int64)
    if len(viewed):
        others = viewed[viewed != i]  # a product is not "similar to itself"
        if len(others):
            sims = table.embeddings[others] @ table.embeddings[i]
            best = int(others[int(np.argmax(sims))])
            out["viewed_similarity"] = f'is similar to "{table.titles[best]}", which you looked at'
        else:
            out["viewed_similarity"] = "you looked at this product before"
        recent = viewed[-RECENT_VIEWS:]
        k = int((table.cat_codes[recent] == table.cat_codes[i]).sum())
        out["viewed_categories"] = (f"{k} of the last {len(recent)} products "
                                    f"you looked at were {cat}")
    bought = [(table.index[p], pr) for p, pr in ctx.bought or () if p in table.index]
    if bought:
        cats = Counter(table.categories[r] for r, _ in bought)
        brands = Counter(table.brands[r] for r, _ in bought)
        facts = []
        if cats.get(cat):
            facts.append(f"you bought {cats[cat]} {cat} product(s) before")
        if brands.get(table.brands[i]):
            facts.append(f"you bought {table.brands[i]} before")
        out["bought_affinity"] = " and ".join(facts) or "you have not bought anything like it"
        rows = np.array([r for r, _ in bought], dtype=np.int64)
        level = paid_level(table, rows, np.array([pr for _, pr in bought], dtype=np.float64))
        usual = float(table.cat_median_price[table.cat_codes[i]] * np.exp(level))
        out["price_level"] = (f"costs ${price:,.2f}; at the price level of your purchases "
                              f"({_vs(float(np.exp(level)))} typical) you usually paid about "
                              f"${usual:,.2f} for a {cat} product")
    if pid in ctx.sponsorships:
        payer, boost = ctx.sponsorships[pid]
        out["sponsorship"] = f"promoted by {payer} (paid boost {boost:+.2f})"
    return out


# Short English words that say nothing about a product ("a", "for", "with"...).
_STOPWORD_TEXT = ("a an and are as at be by for from has have i in is it its me my of on or our "
                  "so the this that to under over with without you your")
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_WORD = re.compile(r"[^\W_]+(?:[-'.][^\W_]+)*")


def _fold(word: str) -> str:
    w = word.lower()
    return w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w


def request_words(request: str, product_text: str, limit: int = 3) -> list[str]:
    """The product's own words (title, category) that the request also uses, in the
    product's spelling and order: catalog vocabulary only, so safe to show and store."""
    asked = {_fold(w) for w in _WORD.findall(request)}
    out: list[str] = []
    seen: set[str] = set()
    for w in _WORD.findall(product_text):
        key = _fold(w)
        if key in asked and key not in seen and key not in _STOPWORDS and len(key) > 1:
            seen.add(key)
            out.append(w)
            if len(out) == limit:
                break
    return out


def _quoted(words: list[str]) -> str:
    q = [f'"{w}"' for w in words]
    return q[0] if len(q) == 1 else f"{', '.join(q[:-1])} and {q[-1]}"


def _band(lo: float | None, hi: float | None) -> str:
    if lo is not None and hi is not None:
        return f"${lo:,.2f} to ${hi:,.2f}"
    return f"${hi:,.2f} or less" if hi is not None else f"${lo:,.2f} or more"  # edges are in


def _vs(ratio: float) -> str:
    """'12% below' / '30% above' / 'about' for a price ratio to a typical price."""
    pct = round(100 * (ratio - 1.0))
    return "about" if abs(pct) < 3 else f"{abs(pct)}% {'above' if pct > 0 else 'below'}"


__all__ = ["evidence", "request_words"]
