"""Shop English the rules parser knows: prices, sorts, counts, references. No catalog words.

Patterns are applied to the lower-cased message. Anything naming what a shop
sells (categories, types, brands, attributes) comes from the catalog instead.
"""

from __future__ import annotations

import re

_NUM = r"\$?\s*(\d[\d,]*(?:\.\d+)?)\s*(k\b|thousand)?"
_CUE_HI = (r"under|below|less than|cheaper than|up to|max(?:imum)?|at most|no more than|within|"
           r"<|budget(?: of| is)?|not more than|not over|(?:nothing|none|not|no)(?: priced)? "
           r"(?:over|above|more than|higher than|pricier than|costing more than)")
_CUE_LO = r"over|above|more than|at least|min(?:imum)?|starting at|from|>"

# (pattern, sort key, descending). First match wins; attribute superlatives
# ("lightest", "longest battery life") come from the catalog's attribute table.
SORT_WORDS: tuple[tuple[str, str, bool], ...] = (
    (r"\b(?:cheapest|least expensive|lowest[- ]priced?|lowest cost|most affordable|"
     r"cheapest one|lowest price|costs? the least|least money)\b", "price", False),
    (r"\b(?:most expensive|priciest|highest[- ]priced?|most premium|top[- ]of[- ]the[- ]line|"
     r"highest price|costs? the most|most money)\b", "price", True),
    (r"\b(?:most reviewed|most reviews|most popular|best[- ]selling|bestselling)\b",
     "review_count", True),
    (r"\b(?:best[- ]rated|highest[- ]rated|top[- ]rated|best rating|highest rating|"
     r"best reviews?|best reviewed|best(?![- ]+(?:before|by|used)\b)|top)\b", "rating", True),
)
COUNT = r"\bhow many\b|\bnumber of\b|\bcount (?:the|your)\b"
MORE = (r"^\s*(?:show (?:me )?|any |got |see )?(?:some )?(?:more|others|other ones|other options|"
        r"next(?: page| ones)?)\b|\b(?:show|see|give) (?:me )?(?:\w+ )?more\b|\bmore options\b|"
        r"\bwhat else\b|\banything else\b")
PRONOUN = (r"\b(?:it|its|it's|that one|this one|the one|that model|this model|that product|"
           r"this product)\b|\b(?:that|this)\s*[?.!]*$|\b(?:is|does|has|about|of) (?:that|this)\b"
           r"|^\s*(?:is|are)\s+(?:an?|the)\s+[\w -]{2,30}?\s+included\s*[?.!]*$")  # "is the
# power supply included?": with it
PREVIOUS = (r"\b(?:of|among|from|between) (?:those|these|them|the results|the two|the three|"
            r"the ones? you (?:showed|listed|mentioned))\b|\b(?:those|these|them|the two)\b|"
            r"^\s*(?:and |so |ok,? )?which ones?\b")  # "which ones are frost resistant?"
REFINE_START = (r"\s*(?:and|what about|how about|any|only|just|also|or|ok|okay|then|same but|"
                r"but|now|instead)\b")
EXCLUDE_CUE = re.compile(
    r"(?:\bnot|\bno|\bexcept|\bexcluding|\bwithout|\bother than|\bbesides|\banything but|"
    r"\bbut not|\bapart from|\bnon|\baren'?t|\bisn'?t|\bnever|\bnothing from|\bavoid|"
    r"\b(?:do|does)(?:n'?t|\s+not)\s+come\s+(?:with|on|in))"  # "doesn't come with earplugs"
    r"(?:[\s-]+(?:made|built|sold|from|by|an?|the|any|brand|brands|of))*[\s-]+$")
# Between two brands of one exclusion: "not Samsung or LG", "no HP, Dell and Acer".
EXCLUDE_LIST = re.compile(r"^\s*(?:,|or|and|nor|,\s*or|,\s*and)\s*(?:an?\s+|the\s+)?$")
PICK_CHEAPER = r"cheaper|less expensive|lower[- ]priced|more affordable"
PICK_PRICIER = r"pricier|more expensive|higher[- ]priced|costlier"
RELATIVE_CHEAPER = (r"\b(?:something|anything|any|a|one|ones|options?|models?|ones)\s+"
                    r"(?:a bit |bit |little |slightly )?(?:cheaper|less expensive|lower[- ]priced)")
RELATIVE_PRICIER = (r"\b(?:something|anything|any|a|one|ones|options?|models?)\s+"
                    r"(?:a bit |bit |little |slightly )?(?:pricier|more expensive|higher[- ]end|"
                    r"better)\b")
ORDINALS = (r"\b(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|sixth|6th|seventh|7th|"
            r"eighth|8th|ninth|9th|tenth|10th|last)\b"
            r"(?=\s+(?:one|option|result|product|item|model)|\s*\??$|\s+(?:on|in|of) )")
YES_NO_START = (r"\s*(?:and\s+|so\s+|but\s+|ok\s+)?(?:does|do|is|are|has|have|can|will|would|"
                r"did|was|could)\b")
SMALLTALK = re.compile(
    r"\s*(?:hi+|hello|hey|hiya|howdy|yo|good (?:morning|afternoon|evening|day)|thanks|thank you|"
    r"thx|ty|cheers|ok|okay|cool|great|nice|bye|goodbye|see you|who are you|what are you|"
    r"how are you|what can you do|help)\b[\s!.,?]*(?:there|again|so much|a lot|you|doing)?"
    r"[\s!.,?]*$", re.I)

# Words the speller must never "correct" into catalog words.
KEYWORDS: tuple[str, ...] = tuple(str.split("""
cheapest cheaper cheap expensive priciest pricier price prices cost costs budget under below over
above between less more most least best top rated rating ratings review reviews reviewed popular
compare versus which what whats how many much show find need want looking sell have has does do is
are those these them that this it one ones first second third fourth fifth last next other others
else not except without only just and or but also about than any some something anything
lightest heaviest longest shortest biggest smallest largest warmest newest fastest highest lowest
hello thanks thank please dollars bucks pricey affordable budget inexpensive cheaper
"""))


# Words that ask for something rather than name it ("do you sell", "I'm looking for").
FILLER = frozenset(str.split("""
sell sells selling have got carry stock need want looking look find buy get show shop store offer
any some something anything thing things one ones please would like me you your i i'm im my we our
can could do does is are there much many good nice new kind type sort help recommend suggest
whats what's what which who hi hey hello thanks u ur pls plz while when where during into onto
around about maybe really very too also just so use used using you've you're we've i've
you'd you'll let's moment currently actually right now today
"""))
# A need described in words ("something to sit on", "how can I make water safe") rather
# than a thing named ("do you sell tents?"): searched, never answered with "not sold".
# A question whether something comes with the product ("does it come with a battery?").
INCLUDED = re.compile(r"\b(?:comes?\s+with|includes?|contains?)\b", re.I)
NEED_CUE = re.compile(
    r"\b(?:something|anything)\b|"
    r"\b(?:need|want|how|help me|able|way|use) to\b(?! (?:buy|get|find|order|purchase|have)\b)|"
    r"\b(?:can|could|do|should) (?:i|we|you)\b(?! (?:sell|have|carry|stock|get|buy)\b)|"
    r"\bto (?:\w+) (?:in|on|with|while|for|at)\b|\bwhile\b|\bwithout\b|\bso (?:i|we) can\b",
    re.I)
# Questions about the world, not the shop ("who won the game last night?").
WORLD = re.compile(r"^\s*(?:who|when|where|why)\b|\b(?:the weather|weather forecast|the news|"
                   r"a joke|football|election)\b", re.I)
# Questions about the shop, not its products: answered with a pointer, never with products.
POLICY = re.compile(
    r"\b(?:pay(?:ment)?s?|paying|paypal|credit card|debit card|shipping|ship to|deliver(?:y|ies)?|"
    r"return policy|returns?|refunds?|exchange policy|store hours|opening hours|track(?:ing)? my "
    r"order|order status|my order|coupon codes?|promo codes?|gift wrap(?:ping)?|in stock near|"
    r"pick ?up|customer service|contact (?:you|the shop))\b", re.I)


def money(number: str, unit: str | None) -> float:
    value = float(number.replace(",", ""))
    return value * 1000 if unit else value


_NUMBER_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7, "eight": 8, "nine": 9, "ten": 10}


def _spelled(low: str) -> str:
    """'a thousand dollars' -> '$1000', '2 grand' -> '$2000', 'five hundred' -> '500'
    (same length is not kept: spans are only used to blank the numbers out)."""
    def thousands(m: re.Match[str]) -> str:
        n = _NUMBER_WORDS.get(m.group(1))
        value = n if n is not None else float(m.group(1).replace(",", ""))
        return f"${value * 1000:g}".ljust(len(m.group(0)))

    def hundreds(m: re.Match[str]) -> str:
        return f"${_NUMBER_WORDS[m.group(1)] * 100}".ljust(len(m.group(0)))

    low = re.sub(r"\b(a|one|two|three|four|five|six|seven|eight|nine|ten|\d+(?:\.\d+)?)\s+"
                 r"(?:thousand|grand)(?:\s+dollars|\s+bucks)?\b", thousands, low)
    return re.sub(r"\b(one|two|three|four|five|six|seven|eight|nine)\s+hundred"
                  r"(?:\s+dollars|\s+bucks)?\b", hundreds, low)


# Words that may follow a bare number that is still an amount of money.
_AMOUNT_NEXT = frozenset(str.split("""dollars dollar bucks usd k thousand grand or and for with
please pls budget range total max tops each maximum minimum"""))


def _plain_amount(low: str, m: re.Match[str]) -> bool:
    """A number without '$' is money unless a unit word follows ('400 lumens', '60 L', '3 lb')."""
    after = low[m.end():]
    if re.match(r"\s*(?:-|\s)?(?:inch|in\b|\"|”|''|-in\b|°|%)", after):
        return False
    word = re.match(r"\s*-?\s*([a-z]+)", after)
    return word is None or word.group(1) in _AMOUNT_NEXT


def prices(low: str) -> tuple[float | None, float | None, list[tuple[int, int]]]:
    """(min, max, spans) of the price limits in a lower-cased message."""
    spans: list[tuple[int, int]] = []
    low = _spelled(low)
    if m := re.search(rf"between\s+{_NUM}\s*(?:and|-|to)\s*{_NUM}", low) or re.search(
        rf"(?:from\s+)?\$\s*(\d[\d,]*(?:\.\d+)?)\s*(k\b|thousand)?\s*(?:-|to)\s*{_NUM}", low
    ):
        a, b = money(m.group(1), m.group(2)), money(m.group(3), m.group(4))
        return min(a, b), max(a, b), [m.span()]
    low_price = high_price = None
    for m in re.finditer(rf"(?:{_CUE_HI})\s*(?:of\s*)?{_NUM}", low):
        if "$" in m.group(0) or _plain_amount(low, m):
            high_price = money(m.group(1), m.group(2))
            spans.append(m.span())
    for m in re.finditer(rf"(?:{_CUE_LO})\s*{_NUM}", low):
        if "$" in m.group(0) or _plain_amount(low, m):
            if m.group(0).startswith("from") and "$" not in m.group(0):
                continue
            if re.search(r"\b(?:nothing|none|not|no)(?: priced)?\s*$", low[: m.start()]):
                continue  # "nothing over 120" is at most 120
            low_price = money(m.group(1), m.group(2))
            spans.append(m.span())
    if m := re.search(rf"{_NUM}\s*(?:or less|or under|max\b|and under|or cheaper|tops)", low):
        high_price = money(m.group(1), m.group(2))
        spans.append(m.span())
    return low_price, high_price, spans


__all__ = [
    "COUNT",
    "EXCLUDE_CUE",
    "EXCLUDE_LIST",
    "FILLER",
    "INCLUDED",
    "KEYWORDS",
    "MORE",
    "NEED_CUE",
    "ORDINALS",
    "PICK_CHEAPER",
    "PICK_PRICIER",
    "POLICY",
    "PREVIOUS",
    "PRONOUN",
    "REFINE_START",
    "RELATIVE_CHEAPER",
    "RELATIVE_PRICIER",
    "SMALLTALK",
    "SORT_WORDS",
    "WORLD",
    "YES_NO_START",
    "money",
    "prices",
]
