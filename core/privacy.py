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
PHONE = re.compile(
    r"(?P<label>\b(?:tlf|tel|telefon|telefonnr|mobil|mobilnr)\.?:?\s*)" + _DIGITS
    + r"|(?<![\w+])(?:\+|00)45[\s.-]?\d{2}(?:[\s.-]?\d{2}){3}(?!\d)"
    + r"|(?<![\d.,])\b\d{2} \d{2} \d{2} \d{2}\b(?![\d.,]| ?%)",
    re.IGNORECASE,
)
PHONE_REPLACEMENT = "[telefonnummer fjernet]"


def redact_emails(text: str) -> str:
    return EMAIL.sub(EMAIL_REPLACEMENT, text)


def redact_phones(text: str) -> str:
    return PHONE.sub(lambda m: (m.group("label") or "") + PHONE_REPLACEMENT, text)


def redact_personal(text: str) -> str:
    """E-mail addresses and phone numbers replaced (imported minutes, before anything is kept)."""
    return redact_phones(redact_emails(text))
