"""What the CLI needs of the search without loading it (tantivy, the store): the kinds of
things the search finds, with their Danish names, and its error."""


class SearchError(ValueError):
    """A query the search cannot take; the message is one Danish sentence."""


KINDS = {
    "theme": "Tema i idékataloget",
    "idea": "Forslag i idékataloget",
    "agenda_item": "Dagsordenspunkt",
    "initiative": "Initiativ",
    "indicator": "Indikator",
    "source": "Kildedokument",
}
