"""minibalance.datasets.make_imbalanced: a realistic, deterministic generator."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minibalance.datasets import make_imbalanced


def test_default_is_the_classic_fraud_problem():
    X, y = make_imbalanced(random_state=0)
    assert X.shape == (100_000, 20) and X.dtype == np.float64
    assert np.bincount(y).tolist() == [99_000, 1_000]
    assert np.all(np.isfinite(X))


def test_same_seed_same_data_other_seed_other_data():
    a = make_imbalanced(2000, random_state=3)
    b = make_imbalanced(2000, random_state=3)
    c = make_imbalanced(2000, random_state=4)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])


def test_redundant_features_are_linear_combinations_of_the_informative_ones():
    X, _ = make_imbalanced(5000, n_features=10, n_informative=3, n_redundant=2, random_state=0)
    informative, redundant, noise = X[:, :3], X[:, 3:5], X[:, 5:]
    coef, *_ = np.linalg.lstsq(informative, redundant, rcond=None)
    np.testing.assert_allclose(informative @ coef, redundant, atol=1e-8)
    # noise columns are independent standard normals
    assert np.all(np.abs(noise.mean(axis=0)) < 0.1)
    assert np.all(np.abs(noise.std(axis=0) - 1) < 0.1)
    assert np.all(np.abs(np.corrcoef(np.c_[informative, noise].T)[:3, 3:]) < 0.1)


def test_class_sep_makes_the_problem_easier():
    from minibalance.metrics import roc_auc_score

    aucs = []
    for sep in (0.3, 3.0):
        X, y = make_imbalanced(20_000, n_clusters_per_class=1, class_sep=sep, random_state=1)
        # a linear score along the direction between the class means
        direction = X[y == 1].mean(axis=0) - X[y == 0].mean(axis=0)
        aucs.append(roc_auc_score(y, X @ direction))
    assert aucs[0] < 0.8 < 0.95 < aucs[1]


def test_flip_y_keeps_counts_and_adds_label_noise():
    X0, y0 = make_imbalanced(10_000, flip_y=0.0, random_state=2)
    X1, y1 = make_imbalanced(10_000, flip_y=0.2, random_state=2)
    assert np.bincount(y0).tolist() == np.bincount(y1).tolist() == [9900, 100]
    np.testing.assert_array_equal(X0, X1)  # same features; only labels move
    assert 0 < np.count_nonzero(y0 != y1) <= 2 * 100


@settings(deadline=None, max_examples=30)
@given(
    n=st.integers(20, 3000),
    n_features=st.integers(1, 12),
    weights=st.lists(st.floats(0.05, 1.0), min_size=2, max_size=3),
    seed=st.integers(0, 2**31 - 1),
)
def test_counts_follow_the_weights(n, n_features, weights, seed):
    w = np.asarray(weights)
    try:
        X, y = make_imbalanced(n, n_features=n_features, weights=weights, random_state=seed)
    except ValueError as exc:  # only when the hypercube is too small for the clusters
        assert "hypercube" in str(exc) and 2 ** min(n_features, 2) < len(weights)
        return
    expected = np.maximum(1, np.round(w / w.sum() * n)).astype(int)
    assert np.bincount(y, minlength=len(w)).tolist() == expected.tolist()
    assert X.shape == (expected.sum(), n_features)


def test_fast_enough_for_the_default():
    # not a timing assert: the default must at least build without large temporaries
    X, _ = make_imbalanced(random_state=0)
    assert X.flags.c_contiguous and X.nbytes == 100_000 * 20 * 8


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"weights": [1.0]}, "weights="),
        ({"weights": [0.5, -0.5]}, "weights="),
        ({"flip_y": 1.0}, "flip_y"),
        ({"n_informative": 30}, "n_informative"),
        ({"n_features": 2, "n_informative": 1, "n_clusters_per_class": 2}, "hypercube"),
        ({"n_features": 0}, "n_features"),
    ],
)
def test_bad_parameters_are_refused(kwargs, match):
    with pytest.raises(ValueError, match=match):
        make_imbalanced(100, **kwargs)
