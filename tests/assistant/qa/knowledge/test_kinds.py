"""Is this product of the type the shopper asked for? (knowledge/kinds.py), on both catalogs."""

from __future__ import annotations

from assistant.catalog import Catalog, Product
from assistant.qa.knowledge.kinds import TypeMatcher
from assistant.qa.knowledge.vocab import CatalogVocabulary

from qa_kit import chat, knowledge


def kinds(shop: str) -> tuple[TypeMatcher, Catalog]:
    k = knowledge(shop)
    return TypeMatcher(k.vocab, k.catalog.products), k.catalog


def of_type(shop: str, type_: str) -> set[str]:
    matcher, catalog = kinds(shop)
    return {p.title for p in catalog if matcher.is_of_type(p, (type_,))}


def test_tablets_leave_out_keyboards_and_pencils_listed_beside_them() -> None:
    tablets = of_type("demo", "tablet")
    assert "iPad 10.2-inch, 64GB, Wi-Fi (9th Generation)" in tablets  # typed "ipad", a core type
    assert any(t.startswith("Samsung Galaxy Tab A8") for t in tablets)
    assert not {"Apple Magic Keyboard 11-inch", "Apple Magic Keyboard for iPad Pro 12.9-inch",
                "Apple Pencil (2nd Generation)"} & tablets


def test_soundbars_leave_out_the_home_theater_part_of_their_category() -> None:
    soundbars = of_type("demo", "soundbar")
    assert any("Sonos Beam" in t for t in soundbars)
    assert not [t for t in soundbars if "Receiver" in t or "Bookshelf" in t
                or "Surround System" in t]


def test_a_homonym_filed_elsewhere_is_not_the_type() -> None:
    monitors = of_type("demo", "monitor")
    assert len(monitors) == sum(p.category == "Monitors" for p in knowledge("demo").catalog)
    assert not [t for t in monitors if "Water Monitor" in t]


def test_kinds_of_a_category_stay_in_it() -> None:
    desktops = of_type("demo", "desktop")
    assert any("Dell XPS Tower" in t for t in desktops)  # "tower": a kind sold only there
    assert any(t.startswith("iBUYPOWER Y40 Gaming Desktop") for t in desktops)  # names it
    assert not [t for t in desktops if "Protection" in t or "Mouse" in t]
    stoves = of_type("outdoor", "stove")
    assert "Jetboil Flash Cooking System, 1 Liter" in stoves  # the category's only type
    assert "REI Co-op Flash 22 Pack" in of_type("outdoor", "backpack")


def test_a_camera_is_a_camera_not_everything_its_category_sells() -> None:
    cameras = of_type("demo", "camera")
    assert "Ring Stick Up Cam Battery (3rd gen) + Mounts - 3 pack" in cameras  # "Cam", short
    assert not [t for t in cameras if "Security Light" in t or "Motion Detector" in t]
    assert not [t for t in cameras if "TV Mount" in t]


def test_tv_mounts_are_add_ons_not_tvs() -> None:
    assert not [t for t in of_type("demo", "tv") if "Mount" in t]


def test_compatible_with_the_core_type_is_an_accessory() -> None:
    def row(id_: str, title: str, price: float, features: tuple[str, ...] = ()) -> Product:
        return Product(id=id_, title=title, category="Bikes", price=price,
                       discount=0.0, discount_text="", rating=4.5, review_count=10,
                       features=features, brand=title.split()[0])

    catalog = Catalog([row(f"b{i}", f"Trek Marlin {i} Mountain Bike", 600.0 + i)
                       for i in range(6)] + [
        row("lock", "Kryptonite Evolution Lock", 45.0,
            ("Compatible with most bike frames",)),
        row("rack", "Thule EasyFold Carrier", 500.0, ("Compatible with 2 bikes",)),
    ])
    vocab = CatalogVocabulary.build(catalog)
    matcher = TypeMatcher(vocab, catalog.products)
    bikes = {p.id for p in catalog if matcher.is_of_type(p, ("bike",))}
    assert {f"b{i}" for i in range(6)} <= bikes
    assert "rack" not in bikes  # priced like a bike, but says what it goes with: bikes
    assert "lock" not in bikes  # a lock, priced as an add-on


def test_the_cheapest_security_camera_is_a_camera() -> None:
    (plan, _), = chat("demo", "What's the cheapest security camera?")
    first = plan.answer_products[0]
    assert "cam" in first.title.lower(), first.title
    assert plan.query.product_types == ("camera",)


def test_another_kind_sold_beside_the_asked_one_and_priced_far_below_it_is_not_it() -> None:
    """"A game console": the $45 gift cards filed with consoles are no consoles, while
    earbuds filed with headphones, priced like them, stay headphones."""
    consoles = of_type("demo", "console")
    assert any("Xbox Series X" in t for t in consoles)
    assert not [t for t in consoles if "Gift Card" in t or "Digital Download" in t]
    assert any("earbud" in t.lower() for t in of_type("demo", "headphone"))


def test_kinds_a_category_names_apart_are_those_that_read_unlike() -> None:
    from assistant.qa.knowledge.kinds import kinds_apart

    alike = {frozenset(("leash", "collar")): 0.58, frozenset(("crate", "carrier")): 0.35}
    apart = kinds_apart(knowledge("pets").vocab, lambda a, b: alike.get(frozenset((a, b)), 0.9))
    assert {("leash", "collar"), ("collar", "leash"), ("crate", "carrier")} <= apart
    demo = kinds_apart(knowledge("demo").vocab, lambda a, b: 0.62)  # earbuds are headphones
    assert not demo


def test_a_product_titled_as_the_other_kind_of_its_category_is_not_the_asked_one() -> None:
    k = knowledge("pets")
    products = list(k.catalog.products)
    kinds = TypeMatcher(k.vocab, products, {("leash", "collar"), ("collar", "leash")})
    leashes = [p.title for p in products if kinds.is_of_type(p, ("leash",))]
    assert leashes and all("Leash" in t for t in leashes)
    assert [p for p in products if kinds.is_of_type(p, ("collar",)) and "Collar" in p.title]
    together = TypeMatcher(k.vocab, products)  # nothing apart: the category is one kind
    assert any("Collar" in p.title for p in products if together.is_of_type(p, ("leash",)))


def test_a_broad_category_sells_its_titles_kind_and_other_kinds_beside_it() -> None:
    """"Bed Linen" sells sheet sets and a "Linen Duvet Cover": the cover is no sheet (its
    "linen" is the shop's stated material, a modifier, not its kind), while a sweater titled
    "Merino Crew" in "Sweaters", a category named for its kind, is still a sweater."""
    from qa_kit import chat

    ((plan, _),) = chat("home", "sheet sets, but not flannel")
    assert plan.total == 5 and "coyuchi-linen-duvet" not in plan.result_ids
    ((plan, _),) = chat("home", "Is the Coyuchi linen duvet cover made of linen?")
    assert plan.verdict_words == {"coyuchi-linen-duvet": "yes"}
    ((plan, _),) = chat("home", "how many sweaters do you have?")
    assert "everlane-merino-crew-women" in plan.result_ids


def test_a_category_whose_parts_share_one_head_noun_sells_that_kind() -> None:
    """"Field & Chronograph Watches" sells watches whatever their titles call them
    ("Meridian Field Scout 40"); "Chains & Strands" still sells two kinds."""
    from assistant.qa.knowledge.titles import shared_head

    assert shared_head("Field & Chronograph Watches") == "watch"
    assert shared_head("Chain & Tennis Bracelets") == "bracelet"
    assert shared_head("Chains & Strands") is None and shared_head("iPad & Tablets") is None

    def one(i: int, title: str, category: str) -> Product:
        return Product(id=f"p{i}", title=title, category=category, price=100.0 + i,
                       discount=0.0, discount_text="", rating=None, review_count=0,
                       features=(), brand=title.split()[0])

    products = [one(i, t, c) for i, (t, c) in enumerate([
        ("Meridian Field Scout 40", "Field & Chronograph Watches"),
        ("Meridian Field Chronograph 42", "Field & Chronograph Watches"),
        ("Meridian Solar Pilot 44", "Field & Chronograph Watches"),
        ("Halvorsen Nord 38 Dress Watch", "Dress Watches"),
        ("Halvorsen Lys 32 Mesh Watch", "Dress Watches"),
        ("Strapworks Leather Watch Strap", "Watch Straps"),
    ])]
    vocab = CatalogVocabulary.build(Catalog(products))
    watches = {p.title for p in products if TypeMatcher(vocab, products).is_of_type(
        p, ("watch",))}
    assert len(watches) == 5 and "Strapworks Leather Watch Strap" not in watches
