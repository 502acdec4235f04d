"""Agreement between a clustering and known labels: purity and adjusted mutual information.

Purity alone rewards one cluster per item, so adjusted mutual information (Vinh, Epps and
Bailey 2010: MI corrected by its expectation under random labelling with the same cluster
sizes, normalised by the mean entropy) is reported beside it: 0 for chance, 1 for a perfect
match, whatever the number of clusters.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence


def purity(predicted: Sequence[str], truth: Sequence[str]) -> float:
    """Share of items whose cluster's most common true label is their own."""
    if not predicted:
        return 0.0
    clusters: dict[str, Counter[str]] = {}
    for p, t in zip(predicted, truth, strict=True):
        clusters.setdefault(p, Counter())[t] += 1
    return sum(c.most_common(1)[0][1] for c in clusters.values()) / len(predicted)


def _entropy(counts: Sequence[int], n: int) -> float:
    return -sum(c / n * math.log(c / n) for c in counts if c)


def _expected_mi(a: Sequence[int], b: Sequence[int], n: int) -> float:
    """E[MI] under the hypergeometric model of random labellings with these marginals."""
    lg = math.lgamma
    total = 0.0
    for ai in a:
        for bj in b:
            for nij in range(max(1, ai + bj - n), min(ai, bj) + 1):
                term = nij / n * math.log(n * nij / (ai * bj))
                log_p = (
                    lg(ai + 1) + lg(bj + 1) + lg(n - ai + 1) + lg(n - bj + 1)
                    - lg(n + 1) - lg(nij + 1) - lg(ai - nij + 1) - lg(bj - nij + 1)
                    - lg(n - ai - bj + nij + 1)
                )  # fmt: skip
                total += term * math.exp(log_p)
    return total


def adjusted_mutual_information(predicted: Sequence[str], truth: Sequence[str]) -> float:
    n = len(predicted)
    if n == 0:
        return 0.0
    joint = Counter(zip(predicted, truth, strict=True))
    a = Counter(predicted)
    b = Counter(truth)
    mi = sum(c / n * math.log(n * c / (a[p] * b[t])) for (p, t), c in joint.items())
    ha, hb = _entropy(list(a.values()), n), _entropy(list(b.values()), n)
    if len(a) == len(b) == 1 or (ha == 0 and hb == 0):
        return 1.0
    emi = _expected_mi(list(a.values()), list(b.values()), n)
    denominator = (ha + hb) / 2 - emi
    return 0.0 if abs(denominator) < 1e-12 else (mi - emi) / denominator
