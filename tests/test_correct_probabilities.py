"""correct_probabilities: Bayes' rule on the odds, checked by hand and by its properties."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.linear_model import LogisticRegression

from minibalance import RandomUnderSampler
from minibalance.threshold import correct_probabilities

priors = st.floats(0.001, 0.999)


def test_hand_computed_cases():
    # 1% positives, trained on a 50/50 resample: odds scale by (1/99) / 1.
    # p' = 0.2 -> odds 0.25 -> 0.25/99 -> p = 0.25 / 99.25 = 1/397
    out = correct_probabilities([0.2, 0.5, 0.0, 1.0], original_prior=0.01, resampled_prior=0.5)
    np.testing.assert_allclose(out, [1 / 397, 0.01, 0.0, 1.0], rtol=1e-15)
    # three classes: w = pi / pi' = (0.5/0.25, 0.3/0.25, 0.2/0.5) = (2, 1.2, 0.4)
    # row (0.2, 0.3, 0.5) -> (0.4, 0.36, 0.2) / 0.96
    out = correct_probabilities(
        [[0.2, 0.3, 0.5]], original_prior=[0.5, 0.3, 0.2], resampled_prior=[0.25, 0.25, 0.5]
    )
    np.testing.assert_allclose(out, [[0.4 / 0.96, 0.36 / 0.96, 0.2 / 0.96]], rtol=1e-15)


@given(seed=st.integers(0, 2**32 - 1), prior=priors)
def test_identity_when_the_priors_match(seed, prior):
    p = np.random.default_rng(seed).random(50)
    out = correct_probabilities(p, original_prior=prior, resampled_prior=prior)
    np.testing.assert_array_equal(out, p)
    assert out is not p


@given(seed=st.integers(0, 2**32 - 1), original=priors, resampled=priors)
def test_monotone_and_invertible_and_2d_agrees_with_1d(seed, original, resampled):
    p = np.sort(np.random.default_rng(seed).random(60))
    out = correct_probabilities(p, original_prior=original, resampled_prior=resampled)
    assert np.all(np.diff(out) >= 0) and np.all((out >= 0) & (out <= 1))
    back = correct_probabilities(out, original_prior=resampled, resampled_prior=original)
    np.testing.assert_allclose(back, p, rtol=1e-9, atol=1e-12)
    two = correct_probabilities(
        np.column_stack([1 - p, p]), original_prior=original, resampled_prior=resampled
    )
    np.testing.assert_allclose(two[:, 1], out, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(two.sum(axis=1), 1.0, rtol=1e-12)
    # lowering the prior lowers every probability strictly inside (0, 1)
    if original < resampled:
        inside = (p > 0) & (p < 1)
        assert np.all(out[inside] <= p[inside])


def test_undoes_the_prior_shift_of_undersampling():
    # A model fitted on balanced data overstates the rare class; the corrected
    # probabilities average to the true prevalence again (within sampling noise).
    rng = np.random.default_rng(0)
    n = 40_000
    y = (rng.random(n) < 0.05).astype(int)
    X = rng.standard_normal((n, 2)) + y[:, None] * 1.5
    X_bal, y_bal = RandomUnderSampler(random_state=0).fit_resample(X, y)
    proba = LogisticRegression().fit(X_bal, y_bal).predict_proba(X)[:, 1]
    fixed = correct_probabilities(proba, original_prior=y.mean(), resampled_prior=0.5)
    assert proba.mean() > 0.2
    assert abs(fixed.mean() - y.mean()) < 0.005


def test_dtype_and_container_are_kept_and_input_untouched():
    p32 = np.array([0.1, 0.7], dtype=np.float32)
    out = correct_probabilities(p32, original_prior=0.1, resampled_prior=0.5)
    assert out.dtype == np.float32
    np.testing.assert_array_equal(p32, np.array([0.1, 0.7], dtype=np.float32))
    frame = pd.DataFrame({"no": [0.9, 0.4], "yes": [0.1, 0.6]}, index=[10, 20])
    out = correct_probabilities(frame, original_prior=0.1, resampled_prior=0.5)
    assert isinstance(out, pd.DataFrame) and list(out.columns) == ["no", "yes"]
    assert list(out.index) == [10, 20]
    series = pd.Series([0.1, 0.6], name="p", index=[3, 4])
    out = correct_probabilities(series, original_prior=0.1, resampled_prior=0.5)
    assert isinstance(out, pd.Series) and out.name == "p" and list(out.index) == [3, 4]


@pytest.mark.parametrize(
    "proba, original, resampled, error, match",
    [
        ([0.1, 0.5], 0.0, 0.5, ValueError, "original_prior must be strictly between"),
        ([0.1, 0.5], 0.1, 1.2, ValueError, "resampled_prior must be strictly between"),
        ([0.1, 1.5], 0.1, 0.5, ValueError, r"probabilities in \[0, 1\]"),
        ([0.1, np.nan], 0.1, 0.5, ValueError, "finite"),
        ([[0.2, 0.3, 0.5]], 0.1, 0.5, ValueError, "one prior per column"),
        ([[0.2, 0.8]], [0.1, 0.2, 0.7], [0.5, 0.5], ValueError, "has 3 priors"),
        ([[0.2, 0.8]], [0.3, 0.3], [0.5, 0.5], ValueError, "sum to 1"),
        (["a", "b"], 0.1, 0.5, TypeError, "proba must be"),
        ([0.1, 0.5], "low", 0.5, TypeError, "original_prior must be a number"),
    ],
)
def test_bad_input_gets_a_clear_error(proba, original, resampled, error, match):
    with pytest.raises(error, match=match):
        correct_probabilities(proba, original_prior=original, resampled_prior=resampled)
