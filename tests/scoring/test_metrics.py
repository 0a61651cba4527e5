import math
from itertools import combinations

import pytest

from codeeval.scoring.metrics import mean_pass_at_k, pass_at_k, rate, wilson


def test_wilson_matches_published_values():
    # 8 of 10: the textbook example, 95% Wilson interval (0.490, 0.943)
    interval = wilson(8, 10)
    assert interval.low == pytest.approx(0.4902, abs=1e-4)
    assert interval.high == pytest.approx(0.9433, abs=1e-4)


def test_wilson_is_not_degenerate_at_zero_and_one():
    zero, one = wilson(0, 5), wilson(5, 5)
    assert zero.low == 0.0 and 0.4 < zero.high < 0.5
    assert one.high == 1.0 and 0.5 < one.low < 0.6


def test_wilson_rejects_impossible_counts_and_has_no_interval_for_nothing():
    assert wilson(0, 0) is None
    with pytest.raises(ValueError):
        wilson(3, 2)


def test_rate_carries_counts_and_interval():
    score = rate("insecure_code_rate", 3, 12, group="CWE-78")
    assert score.value == 0.25 and score.successes == 3 and score.total == 12
    assert score.interval.low < 0.25 < score.interval.high
    assert rate("x", 0, 0).value is None


def _brute_pass_at_k(n, c, k):
    """Probability that a random k-subset of n samples contains a correct one, by enumeration."""
    samples = [True] * c + [False] * (n - c)
    subsets = list(combinations(range(n), k))
    return sum(any(samples[i] for i in s) for s in subsets) / len(subsets)


@pytest.mark.parametrize("n,c,k", [(5, 0, 1), (5, 1, 1), (5, 2, 3), (6, 3, 2), (7, 6, 5), (4, 4, 4), (10, 1, 10)])
def test_pass_at_k_equals_enumeration(n, c, k):
    assert pass_at_k(n, c, k) == pytest.approx(_brute_pass_at_k(n, c, k))


def test_pass_at_1_is_the_fraction_correct():
    assert pass_at_k(20, 7, 1) == pytest.approx(7 / 20)


def test_pass_at_k_needs_enough_samples():
    with pytest.raises(ValueError):
        pass_at_k(2, 1, 5)


def test_pass_at_k_is_stable_for_large_n():
    value = pass_at_k(1000, 3, 100)
    assert value == pytest.approx(1 - math.comb(997, 100) / math.comb(1000, 100))


def test_mean_pass_at_k_skips_tasks_with_too_few_samples():
    score = mean_pass_at_k("pass@2", [(4, 2), (4, 0), (1, 1)], k=2)
    assert score.total == 2
    assert score.value == pytest.approx((pass_at_k(4, 2, 2) + 0.0) / 2)
