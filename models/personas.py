"""The documented shopper personas the simulator draws from, with their known truth.

A `Persona` is a set of preference weights over product attributes (the utility
components, see models/simulator.py) plus how the persona browses and buys, and
its known strongest personal driver ("browsing_history", "purchase_history" or
"none"), which explanations are checked against.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.categories import BROWSING_HISTORY, PURCHASE_HISTORY

# Utility components, in order (see the models/simulator.py docstring).
COMPONENTS = ("price", "rating", "reviews", "discount", "taste", "brand", "tier", "use", "band")
# How much every persona follows what a request says in words (issue 23), unless it says
# otherwise: "use" weighs how close a product reads to what the request says it is for;
# "band" is the penalty for a price outside the budget the request said in words.
REQUEST_WEIGHTS = {"use": 1.5, "band": 3.0}


@dataclass(frozen=True)
class Persona:
    name: str  # short id, e.g. "budget_gamer"
    description: str  # one plain sentence
    category_weights: dict[str, float]  # catalog category keyword (substring) -> interest
    weights: dict[str, float]  # component (see COMPONENTS) -> weight in the utility
    driver: str  # strongest personal driver: "browsing_history", "purchase_history" or "none"
    browse_focus: float = 1.0  # share of page views that follow the taste; the rest are random
    buy_rate: float = 1.0  # multiplies the initial purchases and the purchase chance per session
    session_interest: bool = False  # True: the taste is a new interest each session, browsed first
    view_rate: float = 1.0  # multiplies the page views per session


# (browse_focus, buy_rate, session_interest, view_rate) per driver: purchase-driven
# personas are repeat buyers with stable brand/price-tier preferences who browse
# broadly (many random page views); browsing-driven personas browse with focus
# around this session's interest.
_STYLE = {
    BROWSING_HISTORY: (1.0, 1.0, True, 1.0),
    PURCHASE_HISTORY: (0.0, 2.0, False, 2.0),
    "none": (0.6, 1.0, False, 1.0),
}


def _persona(
    name: str, description: str, categories: dict[str, float], driver: str, **weights: float
) -> Persona:
    """A persona with the browsing/buying style of its driver; unnamed weights are 0."""
    full = {k: float(weights.get(k, REQUEST_WEIGHTS.get(k, 0.0))) for k in COMPONENTS}
    return Persona(name, description, categories, full, driver, *_STYLE[driver])


_PERSONAS: tuple[Persona, ...] = (
    _persona(
        "budget_gamer",
        "Plays a lot, watches every dollar, follows what caught the eye while browsing.",
        {"Video Games": 3, "Gaming Laptops": 2, "Gaming Desktop": 2, "Monitors": 1,
         "Headphones": 1},
        BROWSING_HISTORY,
        price=1.5, rating=0.5, reviews=0.3, discount=0.8, taste=2.0,
    ),
    _persona(
        "home_office_pro",
        "Equips a home office, trusts well-rated gear from brands already owned.",
        {"Laptops & Notebook": 3, "Monitors": 2, "Desktop Computers": 2, "Routers": 1,
         "Hard Drives": 1, "Mini PC": 1},
        PURCHASE_HISTORY,
        price=0.3, rating=1.0, reviews=0.4, discount=0.2, taste=0.2, brand=2.5, tier=0.6,
    ),
    _persona(
        "smart_home_tinkerer",
        "Automates the house, browses widely and buys what resembles past finds.",
        {"Smart Home": 3, "Home Security": 3, "Speakers": 2, "Routers": 1, "Batteries": 1},
        BROWSING_HISTORY,
        price=0.6, rating=0.5, reviews=0.4, discount=0.3, taste=2.2,
    ),
    _persona(
        "cinephile",
        "Builds a home cinema and sticks to the price class of earlier purchases.",
        {"TVs": 3, "Soundbars": 2, "Speakers": 1},
        PURCHASE_HISTORY,
        price=0.2, rating=0.6, reviews=0.8, discount=0.3, taste=0.3, brand=0.6, tier=2.5,
    ),
    _persona(
        "bargain_hunter",
        "Shops every aisle for the deepest discount and the lowest price.",
        {"Laptops & Notebook": 1, "TVs": 1, "Headphones": 1, "Smart Watches": 1, "iPad": 1,
         "Speakers": 1},
        "none",
        price=1.8, rating=0.4, reviews=0.4, discount=1.8, band=4.0,
    ),
    _persona(
        "student",
        "Needs study gear on a budget and goes by ratings and reviews.",
        {"Laptops & Notebook": 2, "iPad": 2, "Headphones": 2, "Smart Watches": 1},
        "none",
        price=1.2, rating=1.0, reviews=0.8, discount=0.4, taste=0.3, brand=0.2, tier=0.2,
    ),
    _persona(
        "creative_musician",
        "Makes music and video; gravitates to gear like what was browsed before.",
        {"Musical Instruments": 3, "Headphones": 1, "Speakers": 1, "Cameras": 1, "iPad": 1},
        BROWSING_HISTORY,
        price=0.4, rating=0.5, reviews=0.2, discount=0.2, taste=2.2, brand=0.4, tier=0.2,
    ),
    _persona(
        "brand_loyalist",
        "Buys again from the brands already owned, price matters little.",
        {"Laptops & Notebook": 1, "iPad": 2, "Smart Watches": 2, "Headphones": 1, "Phones": 1},
        PURCHASE_HISTORY,
        price=0.1, rating=0.4, reviews=0.3, discount=0.1, taste=0.3, brand=3.0, tier=0.5,
        use=0.8, band=1.5,
    ),
)  # fmt: skip


def personas() -> tuple[Persona, ...]:
    """The documented personas, with their known weights and strongest driver."""
    return _PERSONAS


def persona_named(name: str) -> Persona:
    """The persona called `name` (see personas())."""
    from models.errors import InputError

    for persona in _PERSONAS:
        if persona.name == name:
            return persona
    known = ", ".join(p.name for p in _PERSONAS)
    raise InputError(f"no persona named {name!r}", fix=f"Use one of: {known}.")


__all__ = ["COMPONENTS", "REQUEST_WEIGHTS", "Persona", "persona_named", "personas"]
