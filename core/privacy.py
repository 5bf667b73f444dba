"""Personal data the product has no use for: e-mail addresses (seed 003 lists them).

One pattern for all of core: curated data refuses them, shown and exported texts have them
replaced."""

from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
EMAIL_REPLACEMENT = "[e-mail fjernet]"


def redact_emails(text: str) -> str:
    return EMAIL.sub(EMAIL_REPLACEMENT, text)
