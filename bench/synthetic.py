"""A synthetic national-scale scenario: 200 initiatives, 98 municipalities, 5 years.

Deterministic (seeded) so benchmark runs compare like with like."""

from __future__ import annotations

import random

from core.scenario import FORMAT

YEARS = range(2026, 2031)


def national_scenario(seed: int = 7) -> dict:
    rng = random.Random(seed)
    municipalities = [{"name": f"Kommune {i:02d}", "population": rng.randint(1_800, 660_000)} for i in range(1, 99)]
    areas = [{"id": f"fa{i}", "name": f"Fokusområde {i}", "target_share": 0.2} for i in range(1, 6)]
    funds = [{"year": y, "party": p, "amount_dkk": 40_000_000} for y in YEARS for p in ("kommuner", "region")]
    lines = []
    for i in range(1, 201):
        chosen = rng.sample(municipalities, rng.randint(0, 6))
        costs = [{"year": y, "amount_dkk": rng.randint(0, 900) * 1_000} for y in YEARS if rng.random() < 0.6]
        lines.append(
            {
                "id": f"init-{i:03d}",
                "name": f"Initiativ {i}",
                "focus_area": areas[i % 5]["id"],
                "cost_type": "drift" if i % 50 == 0 else "udvikling",
                "costs": costs,
                "scale": 1.0,
                "included": rng.random() < 0.8,
                "recipients": [{"municipality": m["name"], "amount_dkk": rng.randint(1, 200) * 1_000} for m in chosen],
                "status": "forslag",
            }
        )
    return {
        "format": FORMAT,
        "name": "Nationalt testscenarie",
        "cluster_id": "national",
        "funds": funds,
        "settings": {"carry_over": True, "pool_dkk": 250_000, "region_share": 0.5, "balance_tolerance": 0.1},
        "municipalities": municipalities,
        "focus_areas": areas,
        "lines": lines,
    }
