"""The kinds of things the search finds, with their Danish names (kept apart so the CLI can
list them without importing the store)."""

KINDS = {
    "theme": "Tema i idékataloget",
    "idea": "Forslag i idékataloget",
    "agenda_item": "Dagsordenspunkt",
    "initiative": "Initiativ",
    "indicator": "Indikator",
    "source": "Kildedokument",
}
