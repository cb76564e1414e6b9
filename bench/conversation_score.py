"""Scoring for bench/conversation_eval.py: kinds, price bands, style of a shop assistant's reply.

Written independently of `assistant/qa` so it does not share its bugs. It reads a reply only
through `.text` and `.suggestions` (`s.product`), and, when the reply carries them, the
fields issue 23 adds: `.assumptions` (items with `kind`, `words`, `value`) and `.question`
(None or an item with `prompt` and `choices`, each with `label` and `message`); items may be
objects or dicts. So it can be tested on hand-made replies.

A turn's label (bench/conversation/<catalog>.jsonl) may hold:

* `kinds`: acceptable kinds, each a catalog category as the catalog spells it or a type of
  `KINDS` (bench/understanding_gold.py's type table plus the types below); `attrs`:
  {attribute: [min, max]} read by bench/understanding_gold.attribute (unstated -> not ok);
* `band`: {"min", "max", "tol", "how", "q"} -- the acceptable price band on the price paid,
  widened by `tol` (a share: 0.10 for a soft budget, 0 for a stated one); `how` says how it
  was derived; `q` ([lo, hi] quantiles over the kinds' products) lets the eval recompute it;
* `unsupported`: the shop cannot serve the need: the text must say so and suggest nothing
  outside `related` (kinds; none when empty);
* `ask`: "one" (a broad request: exactly one question) or "none" (a specific one);
  absent: at most one, like every turn;
* `min`: fewest suggestions wanted (default: 2, or fewer when fewer products fit);
* `tags`: soft_budget, use, recipient, need, broad, budget, unsupported, followup.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from assistant.catalog import Catalog, Product
from bench.understanding_gold import TYPES, attribute
from bench.understanding_score import fold

# Types the understanding bench's table lacks: name -> (categories, include regex over
# title + features, exclude regex over the title). None: no test.
_Kind = tuple[tuple[str, ...], str | None, str | None]
_LAPTOPS = ("Laptops & Notebook Computers", "Gaming Laptops & Notebook Computers")
_SPEAKERS, _SECURITY = ("Speakers & Voice Assistants",), ("Home Security Systems & Cameras",)
_SMART, _ROUTERS = ("Smart Home & Safety",), ("Routers, Wifi Extenders & Modems",)
EXTRA_KINDS: dict[str, dict[str, _Kind]] = {
    "demo": {
        "gaming laptop": (_LAPTOPS, r"\bgaming\b|GeForce RTX|RTX \d{4}", r"protection"),
        "speaker": (_SPEAKERS, None, r"subwoofer|\bGPS\b"),
        "portable speaker": (_SPEAKERS, r"portable|bluetooth|waterproof|all weather",
                             r"subwoofer|\bGPS\b"),
        "piano or keyboard": (("Musical Instruments",), r"piano|keyboard", None),
        "power station": (("Batteries",), r"power station", None),
        "security camera": (_SECURITY, r"\bcam\b|camera|doorbell|floodlight", None),
        "smart lighting": (_SMART, r"bulb|light|dimmer|switch|plug|sconce",
                           r"water|thermostat|lock|sprinkler"),
        "thermostat": (_SMART, r"thermostat", None),
        "leak detector": (_SMART, r"water monitor|leak", None),
        "garden": (_SMART, r"sprinkler|pathway", None),
        "mesh wifi": (_ROUTERS, r"mesh|\bdeco\b|\borbi\b|\beero\b|nest wifi", None),
        "streaming device": (("Streaming Devices",), None, None),
        "portable storage": (("Hard Drives, SSD & Storage",), None, None),
        "earbuds": (("Headphones & Earbuds",), r"earbud|earphone|true wireless|airpods", None),
    },
    "outdoor": {
        "backpacking stove": (("Camping Stoves",), r"backpacking|pocket rocket|jetboil|solo stove",
                              None),
        "daypack": (("Backpacks",), r"daypack|\b2[02] ?L\b|flash 22", None),
        "backpacking pack": (("Backpacks",), r"\b(?:[4-9]\d) ?L\b", None),
        "chef's knife": (("Knives",), r"chef", None),
        "outdoor knife": (("Knives",), r"outdoor|folding", None),
        "camp cookware": (("Cookware",), r"camper|titanium|\bpot\b", r"\bmug\b"),
        "cookware set": (("Cookware",), r"\bset\b|cookset", r"\bmug\b"),
        "insulated bottle": (("Water Bottles",), r"keeps drinks", None),
        "cast iron": (("Cookware",), r"cast iron", r"\bmug\b"),
    },
}  # fmt: skip


def kind_table(catalog: str) -> dict[str, _Kind]:
    table: dict[str, _Kind] = {
        name: (cats, None, not_words) for name, (cats, not_words) in TYPES[catalog].items()
    }
    table.update(EXTRA_KINDS.get(catalog, {}))
    return table


def unknown_kinds(kinds: Iterable[str], catalog: str, cat: Catalog) -> list[str]:
    """The names in `kinds` that are neither a category of `cat` nor a known type."""
    categories = {p.category for p in cat.products}
    table = kind_table(catalog)
    return [k for k in kinds if k not in categories and k not in table]


def _text(p: Product) -> str:
    return " | ".join((p.title, *p.features))


def of_kind(p: Product, kinds: Iterable[str], catalog: str) -> bool:
    table = kind_table(catalog)
    for k in kinds:
        if p.category == k:
            return True
        if k not in table:
            continue
        cats, include, exclude = table[k]
        if p.category not in cats:
            continue
        if include and not re.search(include, _text(p), re.I):
            continue
        if exclude and re.search(exclude, p.title, re.I):
            continue
        return True
    return False


def attrs_ok(p: Product, attrs: Mapping[str, list[float | None]]) -> bool:
    for name, (lo, hi) in attrs.items():
        v = attribute(p, name)
        if not isinstance(v, float):
            return False
        if (lo is not None and v < lo - 1e-9) or (hi is not None and v > hi + 1e-9):
            return False
    return True


def acceptable(p: Product, label: Mapping[str, Any], catalog: str) -> bool:
    """Is `p` of a kind the label accepts (kinds and attrs; the band is apart)?"""
    return of_kind(p, label.get("kinds", ()), catalog) and attrs_ok(p, label.get("attrs", {}))


def band_limits(band: Mapping[str, Any]) -> tuple[float, float]:
    """The band widened by its tolerance: (lowest, highest) price accepted."""
    tol = float(band.get("tol", 0.0))
    lo = band.get("min")
    hi = band.get("max")
    return (
        0.0 if lo is None else float(lo) * (1 - tol) - 0.005,
        math.inf if hi is None else float(hi) * (1 + tol) + 0.005,
    )


def in_band(price: float, band: Mapping[str, Any] | None) -> bool:
    if not band:
        return True
    lo, hi = band_limits(band)
    return lo <= price <= hi


# The search-engine templates assistant/qa/answering/replies.py writes today.
TEMPLATES: dict[str, re.Pattern[str]] = {
    "N matches": re.compile(r"\b\d[\d,]* match(?:es)?\b"),
    "(kind / kind, under $X.XX)": re.compile(
        r"\([^()]*(?:\w / \w|\b(?:under|over|between) \$[\d,]+\.\d\d|, brand |, not )[^()]*\)"
    ),
    "among the previous results": re.compile(r"among the previous results", re.I),
    "I found N matching products": re.compile(r"\bI found \d[\d,]* matching products\b"),
    "These match best:": re.compile(r"\bThese match best\b"),
    "More matches:": re.compile(r"\bMore matches:"),
    "Next: X at $Y; ...": re.compile(r"\bNext: [^.]*\bat \$"),
    "The nearest alternatives:": re.compile(r"\bThe nearest alternatives:"),
    "Side by side:": re.compile(r"\bSide by side:"),
    "couldn't find <query words>": re.compile(
        r"couldn't find .{0,160}?(?:\w / \w|\b(?:under|over|between) \$[\d,]+\.\d\d|, brand |"
        r", not ).{0,160}? in this shop's catalog"
    ),
}


def templates_in(text: str) -> list[str]:
    return [name for name, rx in TEMPLATES.items() if rx.search(text)]


_COLOURS = frozenset({
    "black", "white", "silver", "gray", "grey", "gold", "blue", "navy", "red", "green", "pink",
    "purple", "yellow", "orange", "midnight", "starlight", "graphite", "platinum", "sage",
    "storm", "abyss", "rose", "champagne", "beige", "teal", "lavender", "charcoal", "space",
    "cream", "mint",
})  # fmt: skip
_OPTION_RES = (
    re.compile(r"\d+(?:\.\d+)?\s*(?:\"|”|''|-inch\b|\s?inch(?:es)?\b|-in\b)", re.I),  # sizes
    re.compile(r"\b\d+(?:\.\d+)?\s*(?:gb|tb|mm|qt|quart|l|liter|litre|oz)\b", re.I),
    re.compile(r"\b\d+\s*-?\s*(?:pack|count|pk)\b", re.I),
)


def model_key(p: Product) -> str:
    """The title without its options (colours, sizes, capacities, pack counts)."""
    title = p.title
    for rx in _OPTION_RES:
        title = rx.sub(" ", title)
    drop = set(_COLOURS)
    for v in p.variants:
        for _name, value in getattr(v, "options", ()):
            drop.update(fold(str(value)).split())
    words = [w for w in fold(title).split() if w not in drop and w not in ("class", "in")]
    return " ".join(words)


def repeats(products: list[Product]) -> list[str]:
    """Products shown twice: the same id, or titles that differ only by an option."""
    bad: list[str] = []
    ids: set[str] = set()
    keys: dict[str, str] = {}
    for p in products:
        if p.id in ids:
            bad.append(f"{p.id} twice")
            continue
        ids.add(p.id)
        key = model_key(p)
        if key and key in keys:
            bad.append(f"{keys[key]!r} and {p.title[:60]!r} are one model")
        keys.setdefault(key, p.title[:60])
    return bad


_AI_LOOSE = re.compile(r"\bI(?:'|’| a)?m an AI\b|\bAI (?:shopping )?assistant\b", re.I)


def notices(text: str, disclosure: str) -> int:
    """How often the AI notice is said in `text` (the exact text, or an 'I'm an AI' phrase)."""
    exact = text.count(disclosure) if disclosure else 0
    rest = text.replace(disclosure, " ") if disclosure else text
    return exact + len(_AI_LOOSE.findall(rest))


def field(obj: Any, name: str) -> Any:
    """obj.name or obj[name], None when missing (the issue 23 fields may not exist yet)."""
    if obj is None:
        return None
    if isinstance(obj, Mapping):
        return obj.get(name)
    return getattr(obj, name, None)


def question_of(reply: Any) -> Any:
    return field(reply, "question")


def assumptions_of(reply: Any) -> list[Any]:
    return list(field(reply, "assumptions") or ())


_QUESTION = re.compile(r"[^.!?\n]*\?(?=[\s\"”')\]]|$)")


def questions(reply: Any) -> int:
    """Questions to the shopper in one turn: '?' sentences of the text plus `.question`.

    A structured question whose prompt the text already says counts once.
    """
    text = field(reply, "text") or ""
    n = len(_QUESTION.findall(text))
    q = question_of(reply)
    prompt = field(q, "prompt") or ""
    if q is not None and not (prompt and prompt.strip() in text):
        n += 1
    return n


def question_well_formed(reply: Any) -> tuple[bool, str]:
    q = question_of(reply)
    if q is None:
        return True, ""
    choices = list(field(q, "choices") or ())
    if not field(q, "prompt"):
        return False, "question without a prompt"
    if len(choices) < 2 or not all(field(c, "label") and field(c, "message") for c in choices):
        return False, f"question with {len(choices)} choices (want >= 2, each label + message)"
    return True, ""


_SAYS_NOT = re.compile(
    r"\b(?:don'?t|do not|doesn'?t|does not|can'?t|cannot|couldn'?t|could not|won'?t)"
    r"\s+(?:\w+\s+){0,2}(?:sell|carry|stock|have|find|offer|supply)\b"
    r"|\b(?:isn'?t|is not|aren'?t|are not|not)\s+(?:sold|carried|stocked|available|something)\b"
    r"|\bno \w+(?: \w+)? (?:in|on|at) (?:our|this|the) (?:shop|store|catalog)"
    r"|\b(?:outside|out of) (?:our|this shop's|the shop's|what we)\b"
    r"|\bnothing (?:like that|for that|that)\b",
    re.I,
)


def says_unsupported(text: str) -> bool:
    return bool(_SAYS_NOT.search(text.replace("’", "'")))


_BOUND = re.compile(
    r"\b(?:under|below|up to|at most|less than|no more than|within|around|about|over|above|"
    r"at least|more than|from|between|kept to|to|and)\s+\$\s?(\d[\d,]*(?:\.\d\d)?)",
    re.I,
)


def budget_stated(reply: Any, band: Mapping[str, Any]) -> tuple[bool, str]:
    """An assumption of kind budget, or a bound in the text, that fits the labelled band."""
    lo, hi = band_limits(band)
    for a in assumptions_of(reply):
        if str(field(a, "kind") or "").lower() != "budget":
            continue
        value = field(a, "value") or {}
        top, bottom = field(value, "max_price"), field(value, "min_price")
        if top is not None and not (float(top) <= hi):
            return False, f"assumed max ${float(top):,.2f}, band up to ${hi:,.2f}"
        if bottom is not None and not (float(bottom) >= lo):
            return False, f"assumed min ${float(bottom):,.2f}, band from ${lo:,.2f}"
        return True, ""
    text = field(reply, "text") or ""
    amounts = [float(m.replace(",", "")) for m in _BOUND.findall(text)]
    if any(lo <= x <= hi for x in amounts):
        return True, ""
    return False, "no budget assumption (Reply.assumptions) and no band stated in the text"


Check = tuple[bool, str]  # (passed, why not)
STYLE_CHECKS = ("no_template", "no_repeat", "one_notice", "one_question")
NEED_CHECKS = ("kind", "band", "unsupported", "assumption", "ask")


def score_turn(
    reply: Any,
    label: Mapping[str, Any],
    *,
    catalog: str,
    cat: Catalog,
    available: int,
    notices_before: int,
    disclosure: str,
) -> dict[str, Check]:
    """check name -> (ok, why) for one reply; only the checks its label calls for, plus style.

    `available`: products of an acceptable kind inside the band (from the label check);
    `notices_before`: AI notices said earlier in this session.
    """
    text = field(reply, "text") or ""
    shown = [s.product for s in field(reply, "suggestions") or ()]
    top = shown[:3]
    out: dict[str, Check] = {}
    band = label.get("band")
    if label.get("kinds"):
        want = int(label.get("min", min(2, available)))
        off = [p for p in top if not acceptable(p, label, catalog)]
        why = (
            f"{len(top)} suggestions, want >= {want}"
            if len(top) < want
            else "not an acceptable kind: "
            + "; ".join(f"{p.title[:50]} ({p.category})" for p in off)
        )
        out["kind"] = (len(top) >= want and not off, why)
    if band:
        lo, hi = band_limits(band)
        off = [p for p in top if not in_band(p.price, band)]
        limits = f"${lo:,.2f}-" + ("" if math.isinf(hi) else f"${hi:,.2f}")
        why = (
            "no suggestions"
            if not top
            else f"outside {limits}: " + "; ".join(f"${p.price:,.2f} {p.title[:40]}" for p in off)
        )
        out["band"] = (bool(top) and not off, why)
    if "unsupported" in label:
        related = label["unsupported"].get("related", ())
        ids = [i for i in field(reply, "answer_ids") or () if i not in {p.id for p in shown}]
        named = shown + [cat.by_id[i] for i in ids if i in cat.by_id]
        unrelated = [p for p in named if not of_kind(p, related, catalog)]
        said = says_unsupported(text)
        why = ("does not say the shop lacks it; " if not said else "") + (
            "suggests " + "; ".join(p.title[:50] for p in unrelated) if unrelated else ""
        )
        out["unsupported"] = (said and not unrelated, why.strip("; "))
    if "soft_budget" in label.get("tags", ()) and band:
        out["assumption"] = budget_stated(reply, band)
    asked = questions(reply)
    if label.get("ask") in ("one", "none"):
        want_n = 1 if label["ask"] == "one" else 0
        formed, why = question_well_formed(reply)
        out["ask"] = (
            asked == want_n and formed,
            why or f"{asked} questions, want {want_n}",
        )
    found = templates_in(text)
    out["no_template"] = (not found, "templates: " + ", ".join(found))
    twice = repeats(shown)
    out["no_repeat"] = (not twice, "; ".join(twice))
    said_now = notices(text, disclosure)
    out["one_notice"] = (
        said_now + notices_before <= 1,
        f"AI notice said {said_now}x here, {notices_before}x before in this session",
    )
    out["one_question"] = (asked <= 1, f"{asked} questions in one turn")
    return out


__all__ = [
    "EXTRA_KINDS", "NEED_CHECKS", "STYLE_CHECKS", "TEMPLATES", "acceptable", "assumptions_of",
    "band_limits", "budget_stated", "field", "in_band", "kind_table", "model_key", "notices",
    "of_kind", "question_of", "question_well_formed", "questions", "repeats",
    "says_unsupported", "score_turn", "templates_in", "unknown_kinds",
]  # fmt: skip
