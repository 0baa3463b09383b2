"""Summarise repeated measurements: percentiles, medians, ranges and ratios."""

import math
import statistics


def percentile(values, q):
    """Return the nearest-rank q-th percentile of `values`, or NaN when there are none."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def present(values):
    """Return the values that were measured: not None, not NaN."""
    return [v for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))]


def median(values):
    """Return the median of the measured values, or None if there are none."""
    values = present(values)
    return statistics.median(values) if values else None


def span(values):
    """Return the lowest and highest measured value, or None if there are none."""
    values = present(values)
    return (min(values), max(values)) if values else None


def ratio(value, limit):
    """Return value / limit, or None when either is missing or the limit is zero."""
    if value is None or limit is None or limit == 0:
        return None
    return value / limit
