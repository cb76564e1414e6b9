"""PII redaction for anything stored (chat turns): emails, phones, cards, IBANs, addresses, names.

Offline, no model download (Presidio's NLP recognizers need spaCy models fetched
from the network). Candidates are found by patterns and confirmed by maintained
validators before they are called PII: phone numbers by Google's libphonenumber
(`phonenumbers`, numbers valid in the regions of `PHONE_REGIONS` or written
internationally) and by digit count and shape for the rest (fictional 555 numbers
too), emails by `email-validator` (syntax only, no DNS), card numbers by the Luhn
checksum, IBANs by their mod-97 check digits; so prices ("$799"), years, model
numbers ("RTX 4070", "1920x1080") and dates stay readable.

The raw text lives only in the session's memory; the store gets `redact(text).text`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import phonenumbers
from email_validator import EmailNotValidError, validate_email

EMAIL = "[EMAIL]"
PHONE = "[PHONE]"
CARD = "[CARD]"
IBAN = "[IBAN]"
ADDRESS = "[ADDRESS]"
POSTCODE = "[POSTCODE]"
NAME = "[NAME]"

# Regions whose national phone formats are recognised without a +country prefix.
PHONE_REGIONS = ("US", "GB", "DE", "FR", "CA", "IN", "ES", "NL")


@dataclass(frozen=True)
class Redaction:
    text: str  # the text with each PII span replaced by its placeholder
    counts: dict[str, int] = field(default_factory=dict)  # placeholder -> spans replaced

    @property
    def changed(self) -> bool:
        return bool(self.counts)


def luhn_ok(digits: str) -> bool:
    """Luhn checksum of a digit string (payment card numbers)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def iban_ok(candidate: str) -> bool:
    """ISO 13616 check: length 15-34 and the mod-97 remainder of the rearranged number is 1."""
    s = re.sub(r"\s", "", candidate).upper()
    if not 15 <= len(s) <= 34 or not s[:2].isalpha() or not s[2:4].isdigit():
        return False
    moved = s[4:] + s[:4]
    try:
        number = int("".join(str(int(c, 36)) for c in moved))
    except ValueError:
        return False
    return number % 97 == 1


_EMAIL_RE = re.compile(
    r"(?<![\w.+-])[\w.%+-]+"  # local part (Unicode letters too: "josé.garcía@correo.es")
    r"@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b"  # domain
)
_IBAN_RE = re.compile(r"\b[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]{4}){2,7}(?:[ ]?[A-Za-z0-9]{1,4})?\b")
_CARD_RE = re.compile(r"(?<![\w+.])\d(?:[ .-]?\d){12,18}(?![\w])")
# Card networks by leading digits, with the lengths each issues (an order number or a
# barcode that happens to pass Luhn has no network).
_CARD_NETWORKS = (
    (re.compile(r"4"), (13, 16, 19)),  # Visa
    (re.compile(r"5[1-5]|2(?:2[2-9][1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720)"), (16,)),  # Mastercard
    (re.compile(r"3[47]"), (15,)),  # American Express
    (re.compile(r"3(?:0[0-5]|[689])"), (14, 16, 19)),  # Diners Club
    (re.compile(r"6(?:011|4[4-9]|5)"), (16, 19)),  # Discover
    (re.compile(r"35(?:2[89]|[3-8]\d)"), (16, 19)),  # JCB
    (re.compile(r"62"), (16, 17, 18, 19)),  # UnionPay
    (re.compile(r"(?:5[06-9]|6\d)"), (12, 13, 14, 15, 16, 17, 18, 19)),  # Maestro
)
# Digits with the separators phone numbers use; checked further in _phone().
_PHONE_RE = re.compile(r"(?<![\w+$€£.,/])(?:\+|00)?\(?\d[\d ().\-]{5,22}\d(?![\w%/])")
_STREET = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|"
    r"Terrace|Close|Crescent|Square|Sq|Parkway|Pkwy|Highway|Hwy|Row|Gardens|Mews)"
)
_ADDRESS_RES = (
    # "221B Baker Street", "1600 Pennsylvania Ave NW, Apt 4"
    re.compile(
        r"\b\d{1,5}[A-Za-z]?,?\s+(?:[A-Z][\w'’.-]*\s+){1,4}" + _STREET
        + r"\b\.?(?:\s+(?:N|S|E|W|NE|NW|SE|SW)\b)?"  # compass suffix
        r"(?:,?\s+(?:Apt|Apartment|Suite|Unit|Flat|#)\.?\s*\w+)?"  # apartment/unit
    ),
    # "Hauptstraße 5", "Musterstrasse 12a", "Lindenweg 3"
    re.compile(
        r"\b[A-ZÄÖÜ][a-zäöüß]+(?:straße|strasse|str\.|weg|gasse|platz|allee|ring)"
        r"\s+\d{1,4}[a-z]?\b"
    ),
    # "Via Roma 12", "Calle de Alcalá 45", "Rua Augusta 274", "Berliner Str. 45"
    re.compile(
        r"\b(?:Via|Viale|Calle|Avenida|Rua|Rue|Carrer|Piazza|Plaza|Strada)"
        r"(?:\s+(?:de|del|la|le|des|du|di|della|da|do))?(?:\s+[A-ZÀ-Ý][\w'’-]+){1,3},?"
        r"\s+\d{1,4}[a-z]?\b"
    ),
    re.compile(r"\b[A-ZÄÖÜ][a-zäöüß]+(?:er)?\s+(?:Straße|Strasse|Str\.|Weg|Allee|Platz)"
               r"\s+\d{1,4}[a-z]?\b"),
    re.compile(r"\bP\.?\s?O\.?\s+Box\s+\d{1,6}\b", re.IGNORECASE),  # "PO Box 4471"
    # "88 W 21st St": an ordinal street name
    re.compile(r"\b\d{1,5}\s+(?:(?:N|S|E|W)\.?\s+)?\d{1,3}(?:st|nd|rd|th)\s+" + _STREET
               + r"\b\.?"),
    # "10 rue de Rivoli", "5 calle Mayor", "12 via Roma"
    re.compile(
        r"\b\d{1,4}(?:\s?(?:bis|ter))?,?\s+"
        r"(?:rue|avenue|boulevard|chemin|calle|avenida|via|viale|piazza|plaza)"
        r"(?:\s+(?:de|del|la|le|des|du|di|della)\b)?(?:\s+[A-ZÀ-Ý][\w'’-]+){1,3}",
        re.IGNORECASE,
    ),
)
_POSTCODE_RES = (
    re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b"),  # UK: "SW1A 1AA", "M1 1AE"
    re.compile(r",\s*([A-Z]{2}\s+\d{5}(?:-\d{4})?)\b"),  # US after a comma: ", TX 78701"
)
_NAME_WORD = r"[A-Z][a-zà-ÿ'’]+(?:-[A-Z]?[a-zà-ÿ'’]+)*"  # "Okonkwo-Bellweather", "Jean-Luc"
_NAME_RES = (
    re.compile(
        r"(?i:\b(?:my name is|my name's|name\s*:|call me|i am|i'm|im|this is|signed|"
        r"regards,?|thanks,|cheers,|best,|sincerely,?)\s+)"
        rf"({_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})"
    ),
    # a title before a name, not before a possessive brand ("Dr. Martens'", "Mrs. Meyer's")
    re.compile(rf"\b(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+({_NAME_WORD}(?:\s+{_NAME_WORD})?)"
               r"(?!['’]s\b)"),
)
# Capitalised words after "I'm" / "this is" that are not names.
_NOT_NAME_WORDS = (
    "A An The I Not Looking Interested Trying Searching Shopping Going Just Also Very So Happy "
    "Here Back Sure Fine Ok Okay Hoping Wondering Asking Buying Planning Still Really New "
    "Great Good Bad Awesome Amazing Perfect Ready Done Thanks Thank Hello Hi Hey Gen Im Ai "
    "American British English Irish Scottish Welsh German French Spanish Italian Dutch "
    "Canadian Australian Indian Chinese Japanese Korean Mexican Brazilian Polish Swedish "
)
_NOT_NAMES = frozenset(_NOT_NAME_WORDS.split())


def _phone(m: re.Match[str]) -> str | None:
    span = m.group(0)
    digits = re.sub(r"\D", "", span)
    international = span.startswith(("+", "00"))
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}", span):
        return None  # a date
    if span.count("(") != span.count(")"):
        return None
    if digits == span and len(digits) >= 12:
        return None  # an unbroken run of 12+ digits is a barcode (EAN, UPC, GTIN) or a code
    if international:
        return PHONE if 8 <= len(digits) <= 15 else None
    last_group = re.split(r"[ ().-]+", span.strip("()"))[-1]
    if len(last_group) < 4 and not digits.startswith("0"):
        return None  # "100 200 300 400" is a list of numbers, not a phone
    if 10 <= len(digits) <= 15:
        return PHONE
    # National numbers with a trunk prefix and grouping: "030 901820", "0151 496 0000"
    if digits.startswith("0") and len(digits) >= 9 and re.search(r"[ ().-]", span):
        return PHONE
    return None


def _email(m: re.Match[str]) -> str | None:
    try:
        validate_email(m.group(0), check_deliverability=False)
    except EmailNotValidError:
        return None
    return EMAIL


def _valid_phones(text: str, counts: dict[str, int]) -> str:
    """Numbers libphonenumber calls valid in one of PHONE_REGIONS (or international)."""
    spans: set[tuple[int, int]] = set()
    for region in PHONE_REGIONS:
        for m in phonenumbers.PhoneNumberMatcher(text, region,
                                                 leniency=phonenumbers.Leniency.VALID):
            spans.add((m.start, m.end))
    out, last = [], 0
    for start, end in sorted(spans):
        if start < last:  # overlapping reads of one number in two regions
            continue
        out += [text[last:start], PHONE]
        counts[PHONE] = counts.get(PHONE, 0) + 1
        last = end
    return "".join([*out, text[last:]])


def _card(m: re.Match[str]) -> str | None:
    digits = re.sub(r"\D", "", m.group(0))
    if not (13 <= len(digits) <= 19 and luhn_ok(digits)):
        return None
    network = any(p.match(digits) and len(digits) in lengths for p, lengths in _CARD_NETWORKS)
    return CARD if network else None


def _iban(m: re.Match[str]) -> str | None:
    return IBAN if iban_ok(m.group(0)) else None


def _sub(
    pattern: re.Pattern[str], text: str, counts: dict[str, int],
    decide: Callable[[re.Match[str]], str | None], group: int = 0,
) -> str:
    def repl(m: re.Match[str]) -> str:
        placeholder = decide(m)
        if placeholder is None:
            return m.group(0)
        counts[placeholder] = counts.get(placeholder, 0) + 1
        if group == 0:
            return placeholder
        start, end = m.span(group)
        return m.group(0)[: start - m.start()] + placeholder + m.group(0)[end - m.start():]

    return pattern.sub(repl, text)


def _name(m: re.Match[str]) -> str | None:
    first = m.group(1).split()[0]
    if first in _NOT_NAMES or first.title() in _NOT_NAMES:
        return None
    name = m.group(1)
    after = m.string[m.end(1):m.end(1) + 2]
    possessive = name.endswith(("'s", "’s")) or after in ("'s", "’s")
    return None if possessive else NAME  # "this is Apple's": a possessive brand


def redact(text: str) -> Redaction:
    """Replace PII spans with placeholders; `counts` says what was found."""
    counts: dict[str, int] = {}
    out = _sub(_EMAIL_RE, text, counts, _email)
    out = _sub(_IBAN_RE, out, counts, _iban)
    out = _sub(_CARD_RE, out, counts, _card)
    out = _valid_phones(out, counts)
    out = _sub(_PHONE_RE, out, counts, _phone)
    for pattern in _ADDRESS_RES:
        out = _sub(pattern, out, counts, lambda m: ADDRESS)
    for pattern in _POSTCODE_RES:
        out = _sub(pattern, out, counts, lambda m: POSTCODE, group=pattern.groups)
    for pattern in _NAME_RES:
        out = _sub(pattern, out, counts, _name, group=1)
    return Redaction(out, counts)


def redact_text(text: str) -> str:
    """`redact(text).text`."""
    return redact(text).text


__all__ = [
    "ADDRESS", "CARD", "EMAIL", "IBAN", "NAME", "PHONE", "PHONE_REGIONS", "POSTCODE", "Redaction",
    "iban_ok",
    "luhn_ok", "redact", "redact_text",
]
