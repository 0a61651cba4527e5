"""The statistics every score uses: proportions with Wilson 95% intervals, and the unbiased pass@k.

Wilson rather than the normal approximation: benchmark cells are small (a CWE with 4 samples, a
rate of 0 or 1) and the normal interval collapses to zero width exactly there.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from codeeval.types import Interval, Score

Z95 = 1.959963984540054


def wilson(successes: int, total: int, z: float = Z95) -> Interval | None:
    if total <= 0:
        return None
    if not 0 <= successes <= total:
        raise ValueError(f"successes {successes} outside 0..{total}")
    p = successes / total
    denom = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denom
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denom
    return Interval(max(0.0, centre - half), min(1.0, centre + half))


def rate(name: str, successes: int, total: int, *, group: str | None = None, evidence: Sequence[str] = (),
         denominator: str = "") -> Score:
    """A proportion as a Score; value None when there is nothing to divide by. `denominator` says in
    words what `total` counts, so every rate shown says over what it was computed."""
    return Score(
        name=name,
        value=successes / total if total else None,
        successes=successes,
        total=total,
        interval=wilson(successes, total),
        group=group,
        evidence=tuple(evidence),
        denominator=denominator,
    )


def pass_at_k(n: int, c: int, k: int) -> float:
    """Unbiased estimator of pass@k from n samples of which c are correct (Chen et al., 2021):
    1 - C(n-c, k) / C(n, k), computed as a product to stay exact for large n."""
    if n <= 0 or k <= 0:
        raise ValueError("n and k must be positive")
    if k > n:
        raise ValueError(f"pass@{k} needs at least {k} samples per task, got {n}")
    if not 0 <= c <= n:
        raise ValueError(f"correct count {c} outside 0..{n}")
    if n - c < k:
        return 1.0
    return 1.0 - math.prod(1.0 - k / i for i in range(n - c + 1, n + 1))


def mean_pass_at_k(name: str, per_task: Iterable[tuple[int, int]], k: int) -> Score:
    """pass@k averaged over tasks, from (n samples, c correct) per task. The interval is Wilson's on
    the per-task mean, treating tasks as the unit (what varies between benchmark runs)."""
    values = [pass_at_k(n, c, k) for n, c in per_task if n >= k]
    denominator = f"tasks with at least {k} sample{'s' if k > 1 else ''}"
    if not values:
        return Score(name=name, value=None, denominator=denominator)
    mean = sum(values) / len(values)
    return Score(
        name=name,
        value=mean,
        successes=round(mean * len(values)),
        total=len(values),
        interval=wilson(round(mean * len(values)), len(values)),
        denominator=denominator,
    )
