"""How the benchmark spreads service points over Tunisia.

Weights follow the 2014 census population (thousands) by ISO 3166-2 code, with the large
coastal cities (Tunis, Sfax, Sousse) boosted for their regional and central offices and the
interior governorates damped: more points where people and administrations are.
"""

from __future__ import annotations

POPULATION = {
    "TN-11": 1056,  # Tunis
    "TN-12": 576,  # Ariana
    "TN-13": 632,  # Ben Arous
    "TN-14": 379,  # Manouba
    "TN-21": 788,  # Nabeul
    "TN-22": 177,  # Zaghouan
    "TN-23": 568,  # Bizerte
    "TN-31": 303,  # Béja
    "TN-32": 401,  # Jendouba
    "TN-33": 243,  # Le Kef
    "TN-34": 223,  # Siliana
    "TN-41": 570,  # Kairouan
    "TN-42": 439,  # Kasserine
    "TN-43": 429,  # Sidi Bouzid
    "TN-51": 674,  # Sousse
    "TN-52": 548,  # Monastir
    "TN-53": 410,  # Mahdia
    "TN-61": 955,  # Sfax
    "TN-71": 337,  # Gafsa
    "TN-72": 107,  # Tozeur
    "TN-73": 156,  # Kébili
    "TN-81": 374,  # Gabès
    "TN-82": 479,  # Médenine
    "TN-83": 149,  # Tataouine
}
BOOST = {"TN-11": 1.8, "TN-61": 1.35, "TN-51": 1.3}
INTERIOR_FACTOR = 0.8
# Service quality drifts a little by governorate (so that maps and rankings show contrasts).
QUALITY_SHIFT = {
    "TN-11": 0.03,
    "TN-52": 0.05,
    "TN-51": 0.04,
    "TN-61": 0.02,
    "TN-42": -0.06,
    "TN-43": -0.05,
    "TN-32": -0.04,
    "TN-83": -0.03,
    "TN-71": -0.04,
}


def point_weights(interior: set[str]) -> dict[str, float]:
    weights = {}
    for iso, population in POPULATION.items():
        weight = population * BOOST.get(iso, 1.0)
        if iso in interior:
            weight *= INTERIOR_FACTOR
        weights[iso] = weight
    return weights


def allocate(total: int, weights: dict[str, float], floor: int) -> dict[str, int]:
    """Split ``total`` by ``weights`` (largest remainder), each key getting at least ``floor``."""
    keys = sorted(weights)
    floor = min(floor, total // max(len(keys), 1))
    rest = total - floor * len(keys)
    whole = sum(weights.values())
    exact = {k: rest * weights[k] / whole for k in keys}
    counts = {k: floor + int(exact[k]) for k in keys}
    left = total - sum(counts.values())
    for k in sorted(keys, key=lambda k: exact[k] - int(exact[k]), reverse=True)[:left]:
        counts[k] += 1
    return counts
