"""Tukey's fences, as Cardinal uses them: a value above Q3 + 1.5 IQR is a high outlier."""

from decimal import Decimal
from statistics import quantiles

MIN_GROUPS = 5  # fewer groups than this: too few to call anything an outlier
IQR_FACTOR = Decimal("1.5")


def upper_fence(values: list[Decimal]) -> Decimal | None:
    """Q3 + 1.5 IQR of `values` (inclusive quartiles), or None when there are too few."""
    if len(values) < MIN_GROUPS:
        return None
    q1, _median, q3 = quantiles(values, n=4, method="inclusive")
    return q3 + IQR_FACTOR * (q3 - q1)
