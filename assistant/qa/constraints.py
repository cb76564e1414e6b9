"""What the shopper asked for, parsed in code, and how products are checked against it.

`parse_constraints(text, catalog)` reads price limits, categories, brands,
screen size, RAM, storage, yes/no attributes, superlatives and references to
earlier turns. `check_attribute(product, name)` decides an attribute from the
catalog text with explicit rules: True (stated), False (contradicted by a
stated value, e.g. a 55" TV is not 65"), None ("the catalog doesn't say").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.catalog import Catalog, Product

# Words a shopper uses -> regex on lower-cased catalog category names.
CATEGORY_WORDS: dict[str, str] = {
    r"laptops?|notebooks?|chromebooks?|macbooks?": r"laptop|notebook",
    r"tvs?|televisions?|telly": r"\btvs?\b|television",
    r"monitors?|displays?": r"monitor",
    r"headphones?|earbuds?|earphones?|headsets?|airpods": r"headphone|earbud",
    r"tablets?|ipads?": r"tablet|ipad",
    r"security cameras?|doorbells?|security systems?|cctv|nvr": r"security",
    r"cameras?|camcorders?|gopro": r"camera|camcorder",
    r"desktops?|pcs?|imacs?|mac minis?|towers?": r"desktop|\bpcs?\b",
    r"soundbars?|sound bars?|home theat(?:er|re)s?|receivers?": r"soundbar|home theater",
    r"speakers?|voice assistants?|smart speakers?": r"speaker",
    r"routers?|wi-?fi extenders?|extenders?|modems?|mesh": r"router|modem",
    r"smart ?watch(?:es)?|watch(?:es)?|fitness trackers?": r"watch",
    r"batteries|battery|power stations?": r"batter",
    r"consoles?|video games?|gaming consoles?|xbox|playstation|nintendo switch": r"video game|console",
    r"pianos?|guitars?|drums?|instruments?|keyboards?|karaoke": r"instrument",
    r"phones?|radios?|walkie[- ]talkies?": r"phone|radio",
    r"hard drives?|ssds?|external drives?|memory cards?|sd cards?": r"hard drive|ssd|storage",
    r"projectors?": r"projector",
    r"streaming devices?|streaming sticks?|streamers?|chromecast": r"streaming",
    r"smart home|thermostats?|smart locks?|smart lights?|smart plugs?|alarms?": r"smart home",
}
# Yes/no attributes: (how a shopper asks, what the catalog text must contain).
ATTRIBUTES: dict[str, tuple[str, str]] = {
    "touchscreen": (r"touch ?-?screens?|touch screen|touch-enabled|touch display", r"touch"),
    "waterproof": (r"water ?-?proof|water ?-?resistant|weather ?-?proof",
                   r"water ?-?proof|water ?-?resistan|weather ?-?proof|weather ?-?resistan|\bipx?\d"),
    "wireless": (r"wireless|cordless|wire-free", r"wireless|wire-free|cordless"),
    "bluetooth": (r"bluetooth", r"bluetooth"),
    "wifi": (r"wi[- ]?fi", r"wi[- ]?fi"),
    "4k": (r"\b4k\b|\buhd\b", r"\b4k\b|\buhd\b"),
    "8k": (r"\b8k\b", r"\b8k\b"),
    "oled": (r"\boled\b", r"\boled\b"),
    "qled": (r"\bqled\b", r"\bqled\b"),
    "noise cancelling": (r"noise[- ]?cancel+(?:ing|ation)|\banc\b", r"noise[- ]?cancel+"),
    "2-in-1": (r"2[- ]in[- ]1|convertible", r"2[- ]in[- ]1|x360|yoga|flex"),
    "gaming": (r"\bgaming\b|\bgamers?\b", r"gaming|geforce rtx|\brog\b|omen|alienware"),
    "solar": (r"\bsolar\b", r"\bsolar\b"),
    "night vision": (r"night vision", r"night vision"),
}
SUPERLATIVES: tuple[tuple[str, str], ...] = (
    ("cheapest", r"cheapest|least expensive|lowest[- ]priced?|lowest cost|most affordable|cheapest one"),
    ("most_expensive", r"most expensive|priciest|highest[- ]priced?|most premium|top[- ]of[- ]the[- ]line"),
    ("most_reviewed", r"most reviewed|most reviews|most popular|best[- ]selling"),
    ("best_rated", r"best[- ]rated|highest[- ]rated|top[- ]rated|best rating|highest rating|best reviews?|"
                   r"best reviewed|\bbest\b|\btop\b"),
)
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
            "4th": 4, "fifth": 5, "5th": 5, "last": -1}
_NUM = r"\$?\s*(\d[\d,]*(?:\.\d+)?)\s*(k\b|thousand)?"
_SIZE_ASK = re.compile(r"(\d{2,3}(?:\.\d)?)\s*(?:-|\s)?(?:inch(?:es)?\b|in\.|\"|”|''|-in\b)")
_SIZE_PRODUCT = re.compile(r"(\d{1,3}(?:\.\d)?)\s*(?:-|\s)?(?:inch(?:es)?\b|\"|”|''|in\b)", re.I)
_RAM_PRODUCT = re.compile(r"(\d{1,3})\s*GB\s*(?:of\s+)?(?:[\w-]+\s+)?(?:ram|memory|unified)", re.I)
_STORAGE_PRODUCT = re.compile(r"(\d{1,4})\s*(GB|TB)\s*(?:[\w®™-]+\s+){0,2}?(?:ssd|storage|hdd|hard drive|"
                              r"solid[- ]state|nvme|pcie)", re.I)


@dataclass(frozen=True)
class Constraints:
    """Filters and sort order parsed from one message (all optional)."""

    categories: tuple[str, ...] = ()  # catalog category names the shopper's words map to
    min_price: float | None = None
    max_price: float | None = None
    brands: tuple[str, ...] = ()  # catalog brand names mentioned
    screen_size: float | None = None  # inches, e.g. 65.0
    ram_gb: int | None = None
    storage_gb: int | None = None
    attributes: tuple[str, ...] = ()  # names from ATTRIBUTES
    superlative: str | None = None  # cheapest | most_expensive | best_rated | most_reviewed
    reference: str | None = None  # it | cheaper | pricier | ordinal
    ordinal: int | None = None  # 1-based position in the last answer (-1: last)
    category_words: tuple[str, ...] = ()  # the words that named the category
    follow_up: bool = False  # "and ...", "what about ...": inherit the last turn's filters

    @property
    def category(self) -> str | None:
        """The first matching catalog category (what the ranker's features take)."""
        return self.categories[0] if self.categories else None

    @property
    def has_filters(self) -> bool:
        return bool(self.categories or self.brands or self.attributes or self.min_price is not None
                    or self.max_price is not None or self.screen_size or self.ram_gb
                    or self.storage_gb)

    def merged_onto(self, previous: Constraints) -> Constraints:
        """This message's constraints, filling gaps from the previous turn (follow-ups)."""
        return replace(
            self,
            categories=self.categories or previous.categories,
            category_words=self.category_words if self.categories else previous.category_words,
            min_price=self.min_price if self.min_price is not None else previous.min_price,
            max_price=self.max_price if self.max_price is not None else previous.max_price,
            brands=self.brands or previous.brands,
            screen_size=self.screen_size or previous.screen_size,
            ram_gb=self.ram_gb or previous.ram_gb,
            storage_gb=self.storage_gb or previous.storage_gb,
            attributes=tuple(dict.fromkeys(previous.attributes + self.attributes)),
            superlative=self.superlative or previous.superlative,
        )

    def describe(self) -> str:
        """Plain words, e.g. 'laptops under $800, touchscreen'."""
        parts = [" / ".join(self.category_words or self.categories)] if self.categories else []
        if self.brands:
            parts.append("brand " + " or ".join(self.brands))
        if self.min_price is not None and self.max_price is not None:
            parts.append(f"between ${self.min_price:,.2f} and ${self.max_price:,.2f}")
        elif self.max_price is not None:
            parts.append(f"under ${self.max_price:,.2f}")
        elif self.min_price is not None:
            parts.append(f"over ${self.min_price:,.2f}")
        if self.screen_size:
            parts.append(f"{self.screen_size:g}-inch")
        if self.ram_gb:
            parts.append(f"{self.ram_gb}GB RAM")
        if self.storage_gb:
            parts.append(f"{self.storage_gb}GB storage")
        parts.extend(self.attributes)
        return ", ".join(p for p in parts if p)


def _money(number: str, unit: str | None) -> float:
    value = float(number.replace(",", ""))
    return value * 1000 if unit else value


def _prices(text: str) -> tuple[float | None, float | None]:
    low = high = None
    if m := re.search(rf"between\s+{_NUM}\s*(?:and|-|to)\s*{_NUM}", text) or re.search(
        rf"(?:from\s+)?\$\s*(\d[\d,]*(?:\.\d+)?)\s*(k\b|thousand)?\s*(?:-|to)\s*{_NUM}", text
    ):
        low, high = _money(m.group(1), m.group(2)), _money(m.group(3), m.group(4))
        return min(low, high), max(low, high)
    cue_hi = r"under|below|less than|cheaper than|up to|max(?:imum)?|at most|no more than|within|<|budget(?: of| is)?"
    cue_lo = r"over|above|more than|at least|min(?:imum)?|starting at|>"
    if m := re.search(rf"(?:{cue_hi})\s*(?:of\s*)?{_NUM}", text):
        high = _money(m.group(1), m.group(2))
    if m := re.search(rf"(?:{cue_lo})\s*{_NUM}", text):
        number = m.group(1)
        is_size = re.match(rf"(?:{cue_lo})\s*\$?\s*{re.escape(number)}\s*(?:-|\s)?(?:inch|\"|gb|tb|hz|star)",
                           text[m.start():])
        if not is_size:
            low = _money(number, m.group(2))
    if m := re.search(rf"{_NUM}\s*(?:or less|or under|max\b|and under|or cheaper)", text):
        high = _money(m.group(1), m.group(2))
    return low, high


def _gb(number: str, unit: str) -> int:
    return int(float(number) * (1024 if unit.lower() == "tb" else 1))


def category_matches(catalog: Catalog, words: Iterable[str]) -> tuple[str, ...]:
    cats = sorted({p.category for p in catalog.products})
    found: list[str] = []
    for w in words:
        pattern = next((c for asked, c in CATEGORY_WORDS.items() if re.fullmatch(asked, w)), None)
        for cat in cats:
            if cat not in found and (re.search(pattern, cat.lower()) if pattern else w in cat.lower()):
                found.append(cat)
    return tuple(found)


def parse_constraints(text: str, catalog: Catalog) -> Constraints:
    """Constraints from one shopper message, against this catalog's categories and brands."""
    t = " ".join(text.lower().replace("’", "'").split())
    low, high = _prices(t)
    # category words (longest first, so "security camera" wins over "camera")
    words: list[str] = []
    taken = re.sub(r"\d+\s*(?:gb|tb)\s*(?:of\s+)?(?:ssds?|storage|hard drive|hdd|drive|ram|memory)", " ", t)
    for asked in sorted(CATEGORY_WORDS, key=len, reverse=True):
        for m in re.finditer(rf"\b(?:{asked})\b", taken):
            words.append(m.group(0))
            taken = taken.replace(m.group(0), " ")
    categories = category_matches(catalog, words)
    if not categories:  # a shop's own category names ("drones", "Blu-ray players")
        for cat in sorted({p.category for p in catalog.products}):
            head = re.sub(r"s$", "", cat.lower().split(" & ")[0].split(",")[0].strip())
            if len(head) > 3 and re.search(rf"\b{re.escape(head)}s?\b", t):
                categories += (cat,)
    brands = tuple(sorted({p.brand for p in catalog.products if p.brand and len(p.brand) > 1
                           and re.search(rf"(?<![\w-]){re.escape(p.brand.lower())}(?![\w-])", t)}))
    size = _SIZE_ASK.search(t)
    ram = re.search(r"(\d{1,3})\s*gb\s*(?:of\s+)?(?:ram|memory|unified memory)", t)
    storage = re.search(r"(\d{1,4})\s*(gb|tb)\s*(?:of\s+)?(?:ssd|storage|hard drive|hdd|drive)", t)
    bare = re.search(r"\b(\d{1,2})\s*gb\b(?!\s*(?:of\s+)?(?:ssd|storage|hard|hdd|drive|micro|sd))", t)
    if not ram and bare and int(bare.group(1)) <= 64:
        ram = bare  # a bare "16GB" on a computer is RAM
    attributes = tuple(name for name, (ask, _) in ATTRIBUTES.items() if re.search(rf"\b(?:{ask})", t))
    superlative = next((name for name, pat in SUPERLATIVES if re.search(rf"\b(?:{pat})", t)), None)
    reference: str | None = None
    ordinal: int | None = None
    if re.search(r"\b(?:cheaper|less expensive|lower[- ]priced)\b", t):
        reference = "cheaper"
    elif re.search(r"\b(?:pricier|more expensive|higher[- ]end|better one)\b", t):
        reference = "pricier"
    if nth := re.search(r"\b(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last)\b(?: one)?", t):
        reference, ordinal = "ordinal", ORDINALS[nth.group(1)]
    elif reference is None and re.search(
        r"\b(?:it|its|it's|that one|this one|that|this|the one|them|those|these|they)\b", t
    ):
        reference = "it"
    follow_up = bool(re.match(r"(?:and|what about|how about|any|only|also|or|ok|okay|then)\b", t))
    return Constraints(
        categories=categories, min_price=low, max_price=high, brands=brands,
        screen_size=float(size.group(1)) if size else None,
        ram_gb=int(ram.group(1)) if ram else None,
        storage_gb=_gb(storage.group(1), storage.group(2)) if storage else None,
        attributes=attributes, superlative=superlative, reference=reference, ordinal=ordinal,
        category_words=tuple(words), follow_up=follow_up,
    )


# ---------------------------------------------------------------- product side


def product_text(p: Product) -> str:
    return " | ".join((p.title, *p.features)).lower()


def screen_size_of(p: Product) -> float | None:
    m = _SIZE_PRODUCT.search(p.title) or _SIZE_PRODUCT.search(" | ".join(p.features))
    return float(m.group(1)) if m and 5 <= float(m.group(1)) <= 120 else None


def ram_of(p: Product) -> int | None:
    m = _RAM_PRODUCT.search(" | ".join((p.title, *p.features)))
    return int(m.group(1)) if m else None


def storage_of(p: Product) -> int | None:
    m = _STORAGE_PRODUCT.search(" | ".join((p.title, *p.features)))
    return _gb(m.group(1), m.group(2)) if m else None


def check_attribute(p: Product, name: str, wanted: float | None = None) -> bool | None:
    """True: the catalog says so; False: a stated value contradicts it; None: unknown."""
    if name == "screen_size":
        size = screen_size_of(p)
        return None if size is None or wanted is None else int(size) == int(wanted)
    if name == "ram_gb":
        ram = ram_of(p)
        return None if ram is None or wanted is None else ram == int(wanted)
    if name == "storage_gb":
        storage = storage_of(p)
        return None if storage is None or wanted is None else storage == int(wanted)
    _, pattern = ATTRIBUTES[name]
    return True if re.search(pattern, product_text(p)) else None


def checks_for(c: Constraints) -> list[tuple[str, float | None]]:
    """The (attribute, wanted value) pairs a product must pass for these constraints."""
    out: list[tuple[str, float | None]] = [(a, None) for a in c.attributes]
    if c.screen_size:
        out.append(("screen_size", c.screen_size))
    if c.ram_gb:
        out.append(("ram_gb", float(c.ram_gb)))
    if c.storage_gb:
        out.append(("storage_gb", float(c.storage_gb)))
    return out


def satisfies(p: Product, c: Constraints, attributes: bool = True) -> bool:
    """Whether a product passes every filter (unknown attributes fail)."""
    if c.categories and p.category not in c.categories:
        return False
    if c.brands and p.brand not in c.brands:
        return False
    if c.max_price is not None and p.price > c.max_price + 1e-9:
        return False
    if c.min_price is not None and p.price < c.min_price - 1e-9:
        return False
    return not attributes or all(check_attribute(p, a, w) is True for a, w in checks_for(c))


def sort_key(superlative: str | None) -> tuple[str, bool] | None:
    """(field, descending) for a superlative."""
    return {"cheapest": ("price", False), "most_expensive": ("price", True),
            "best_rated": ("rating", True), "most_reviewed": ("review_count", True)}.get(superlative or "")


# "Best rated" weighs the stars by how many reviews back them: a Bayesian
# average that counts PRIOR_REVIEWS imaginary reviews of PRIOR_STARS, so 5.0★
# from 2 reviews does not beat 4.7★ from 900.
PRIOR_STARS = 4.0
PRIOR_REVIEWS = 10


def trusted_rating(p: Product) -> float:
    """The rating shrunk toward PRIOR_STARS by PRIOR_REVIEWS pseudo-reviews."""
    n = max(p.review_count, 0)
    return ((p.rating or 0.0) * n + PRIOR_STARS * PRIOR_REVIEWS) / (n + PRIOR_REVIEWS)


def apply_superlative(products: list[Product], superlative: str | None) -> list[Product]:
    """Sort for a superlative (stable; ties: more reviews, then lower price)."""
    if superlative == "cheapest":
        return sorted(products, key=lambda p: (p.price, -p.review_count))
    if superlative == "most_expensive":
        return sorted(products, key=lambda p: (-p.price, -p.review_count))
    if superlative == "best_rated":
        rated = [p for p in products if p.rating is not None]
        return sorted(rated, key=lambda p: (-trusted_rating(p), -p.review_count, p.price))
    if superlative == "most_reviewed":
        return sorted(products, key=lambda p: (-p.review_count, -(p.rating or 0.0)))
    return list(products)


@dataclass(frozen=True)
class AttributeVerdict:
    """One product's answer to a yes/no question, decided in code."""

    product: Product
    attribute: str  # e.g. "touchscreen", "screen_size"
    value: bool | None  # True yes, False no, None the catalog doesn't say
    evidence: str = ""  # the catalog text that decided it
    stated: str = field(default="")  # the stated value for numeric attributes, e.g. '17"'


__all__ = [
    "trusted_rating",
    "ATTRIBUTES", "CATEGORY_WORDS", "AttributeVerdict", "Constraints", "apply_superlative",
    "category_matches", "check_attribute", "checks_for", "parse_constraints", "product_text",
    "ram_of", "satisfies", "screen_size_of", "sort_key", "storage_of",
]
