"""The corrected resampled t-test and its Student t tail, against scipy and the formula."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from minibalance._stats import corrected_resampled_ttest, student_t_two_sided_p


@settings(deadline=None, max_examples=300)
@given(
    t=st.floats(-1e4, 1e4, allow_nan=False),
    df=st.one_of(st.integers(1, 2000), st.floats(0.5, 500)),
)
def test_two_sided_p_equals_scipy(t, df):
    expected = 2 * stats.t.sf(abs(t), df)
    assert student_t_two_sided_p(t, df) == pytest.approx(expected, rel=1e-8, abs=1e-300)


def test_p_value_edges():
    assert student_t_two_sided_p(0.0, 4) == 1.0
    assert student_t_two_sided_p(math.inf, 4) == 0.0
    assert math.isnan(student_t_two_sided_p(math.nan, 4))
    with pytest.raises(ValueError, match="df"):
        student_t_two_sided_p(1.0, 0)


@settings(deadline=None, max_examples=200)
@given(
    d=st.lists(st.floats(-1, 1, allow_nan=False), min_size=2, max_size=30),
    k=st.integers(2, 10),
)
def test_corrected_ttest_equals_its_formula(d, k):
    n = 1000
    n_test = n / k
    n_train = n - n_test
    result = corrected_resampled_ttest(d, n_train, n_test)
    arr = np.asarray(d)
    J = arr.size
    var = arr.var(ddof=1)
    assert result.df == J - 1
    if var == 0:
        return
    # Nadeau & Bengio (2003), written out independently
    t = arr.mean() / math.sqrt((1 / J + n_test / n_train) * var)
    assert result.statistic == pytest.approx(t, rel=1e-12)
    assert result.pvalue == pytest.approx(2 * stats.t.sf(abs(t), J - 1), rel=1e-8, abs=1e-300)


def test_corrected_test_is_more_cautious_than_the_plain_paired_test():
    d = np.array([0.02, 0.03, 0.01, 0.04, 0.02])
    plain = stats.ttest_1samp(d, 0.0)
    corrected = corrected_resampled_ttest(d, 800, 200)
    assert abs(corrected.statistic) < abs(plain.statistic)
    assert corrected.pvalue > plain.pvalue


def test_zero_variance():
    assert corrected_resampled_ttest([0.0, 0.0, 0.0], 8, 2).pvalue == 1.0
    r = corrected_resampled_ttest([0.5, 0.5, 0.5], 8, 2)
    assert r.statistic == math.inf and r.pvalue == 0.0
    with pytest.raises(ValueError, match="at least 2"):
        corrected_resampled_ttest([0.1], 8, 2)
