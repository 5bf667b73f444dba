"""Personal data the product has no use for: e-mail addresses (seed 003 lists them) and
phone numbers (imported minutes may print them).

One pattern for all of core: curated data refuses them, shown and exported texts have them
replaced."""

from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
EMAIL_REPLACEMENT = "[e-mail fjernet]"

# Danish phone numbers: +45/0045 followed by eight digits (grouped or not); eight digits after
# a label (tlf., telefon, mobil); or four pairs of digits "12 34 56 78" standing alone. A bare
# run of eight digits without a label is left alone: it may be a case number.
_DIGITS = r"(?:\+45[\s.-]?)?\d{2}(?:[\s.-]?\d{2}){3}(?!\d)"
_LABELLED = re.compile(r"(?P<label>\b(?:tlf|tel|telefon|telefonnr|mobil|mobilnr)\.?:?\s*)" + _DIGITS, re.IGNORECASE)
_PREFIXED = re.compile(r"(?<![\w+])(?:\+|00)45[\s.-]?\d{2}(?:[\s.-]?\d{2}){3}(?!\d)")
_PAIRS = re.compile(r"\d\d \d\d \d\d \d\d\b(?![\d.,]| ?%)")
_LABEL_WORD = re.compile(r"tlf|tel|mobil", re.IGNORECASE)
PHONE_REPLACEMENT = "[telefonnummer fjernet]"


def redact_emails(text: str) -> str:
    return EMAIL.sub(EMAIL_REPLACEMENT, text) if "@" in text else text


def redact_phones(text: str) -> str:
    # each pattern only where its cheap marker occurs: minutes run to hundreds of pages
    if _LABEL_WORD.search(text):
        text = _LABELLED.sub(lambda m: m.group("label") + PHONE_REPLACEMENT, text)
    if "45" in text:
        text = _PREFIXED.sub(PHONE_REPLACEMENT, text)
    return _PAIRS.sub(lambda m: m.group(0) if _glued(text, m.start()) else PHONE_REPLACEMENT, text)


def _glued(text: str, start: int) -> bool:
    """The four pairs continue a longer figure ("1.234 56 78 90"): no phone number."""
    return start > 0 and (text[start - 1].isalnum() or text[start - 1] in ".,")


def redact_personal(text: str) -> str:
    """E-mail addresses and phone numbers replaced (imported minutes, before anything is kept)."""
    return redact_phones(redact_emails(text))
