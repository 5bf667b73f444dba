"""Amounts in kroner: a table of what is an amount and what is not, and properties over
generated figures (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.minutes.amounts import extract
from core.minutes.dates import parse_date
from core.privacy import redact_personal

POSITIVE = [
    ("Der er afsat 1,4 mio. kr. til indsatsen.", [1_400_000]),
    ("Evalueringen koster 0,26 mio. kr.", [260_000]),
    ("Budgettet er 12.581 t.kr. i 2024.", [12_581_000]),
    ("udgifter for kr. 500.000 i projektperioden", [500_000]),
    ("1. Når svære følelser fører til selvskade 244.350kr/år", [244_350]),
    ("ikke må overstige 4,4 mio. kr., som svarer til", [4_400_000]),
    ("svarer til ca. 0,5 mio. kr. pr. kommune", [500_000]),
    ("i alt 1,400 mio. kr. til de otte kommuner", [1_400_000]),
    ("Nationalt 80 mio. kr. årligt", [80_000_000]),
    ("Samlet 8.805.192 kr.", [8_805_192]),
    ("220.000 kr. til projektet (75.000 kr. i 2023 og 145.000 kr. i 2024)", [220_000, 75_000, 145_000]),
    ("en pulje på 250.000 kr., som", [250_000]),
    ("1,5 mia. kr. over fire år", [1_500_000_000]),
    ("150.000 kroner", [150_000]),
    ("DKK 250.000", [250_000]),
    ("12 tkr. til forplejning", [12_000]),
]
NEGATIVE = [
    "sagsnr. 23/12345 og j.nr. 2023-004512",
    "mødet den 10. maj 2023 kl. 13:00",
    "d. 28. maj 2025 kl. 13:00-15:30",
    "28-05-2025",
    "børn og unge i alderen 3-17 år og 80+ årige",
    "i årene 2022 og 2023 og fra 2027 og frem",
    "ring på tlf. 70 11 22 33 eller +45 12 34 56 78",
    "jf. punkt 4 og pkt. 6, bilag 2.1",
    "38Godkendelse af dagsorden",
    "80 mio. borgere og 1.162 henvisninger",
    "steget fra 6,3 % i 2021 til 9,6 % i 2022; 50 pct.",
    "10 timer ugentlig over ca. 1,5 år",
    "Side 18",
]


@pytest.mark.parametrize("text,expected", POSITIVE)
def test_amounts_found(text, expected):
    assert [a.dkk for a in extract(text)] == expected


@pytest.mark.parametrize("text", NEGATIVE)
def test_not_amounts(text):
    assert extract(text) == []


def test_amount_keeps_the_words_it_stood_in():
    text = "Baggrund. Udgifterne svarer til ca. 0,5 mio. kr. pr. kommune. Næste sætning."
    (found,) = extract(text)
    assert found.match == "ca. 0,5 mio. kr."
    assert found.text == "Udgifterne svarer til ca. 0,5 mio. kr. pr. kommune."


def _danish(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@given(st.integers(min_value=1, max_value=10**11))
def test_any_grouped_figure_with_kr_is_read_back(n):
    assert [a.dkk for a in extract(f"i alt {_danish(n)} kr. til indsatsen")] == [n]
    assert [a.dkk for a in extract(f"i alt kr. {_danish(n)} til indsatsen")] == [n]


@given(st.integers(min_value=0, max_value=9999), st.integers(min_value=0, max_value=99))
def test_millions_with_decimal_comma(whole, hundredths):
    text = f"{whole},{hundredths:02d} mio. kr."
    assert [a.dkk for a in extract(text)] == [whole * 1_000_000 + hundredths * 10_000]


@given(st.dates(min_value=__import__("datetime").date(1990, 1, 1), max_value=__import__("datetime").date(2099, 12, 31)),
       st.integers(min_value=0, max_value=23), st.integers(min_value=0, max_value=59))
def test_dates_and_times_are_never_amounts_and_parse(day, hour, minute):
    months = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
              "november", "december"]
    for text in (f"d. {day.day}. {months[day.month - 1]} {day.year} kl. {hour:02d}:{minute:02d}",
                 f"{day.day:02d}-{day.month:02d}-{day.year}", f"den {day.day}. {months[day.month - 1]} {day.year}"):
        assert extract(text) == []
        assert parse_date(text) == day


@given(st.from_regex(r"\d{2} \d{2} \d{2} \d{2}", fullmatch=True))
def test_phone_numbers_are_removed_and_never_amounts(number):
    text = f"kontakt tlf. {number} eller {number}"
    assert number not in redact_personal(text)
    assert extract(redact_personal(text)) == []
