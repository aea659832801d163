"""Samplers built on a scikit-learn component, against imbalanced-learn's with the same one.

ClusterCentroids (KMeans), InstanceHardnessThreshold (a cross-validated forest),
KMeansSMOTE (MiniBatchKMeans): the same rows for the same seed.
"""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import minibalance.over_sampling as ours_os
import minibalance.under_sampling as ours_us

imblearn_us = pytest.importorskip("imblearn.under_sampling")
imblearn_os = pytest.importorskip("imblearn.over_sampling")


@st.composite
def problems(draw):
    n_maj = draw(st.integers(60, 160))
    n_min = draw(st.integers(15, 50))
    d = draw(st.integers(2, 5))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    sep = draw(st.sampled_from([0.5, 1.5, 4.0]))
    X = np.r_[rng.standard_normal((n_maj, d)), rng.standard_normal((n_min, d)) + sep]
    y = np.r_[np.zeros(n_maj, int), np.ones(n_min, int)]
    perm = rng.permutation(y.size)
    return X[perm], y[perm], draw(st.integers(0, 2**31 - 1))


def _same(mine, theirs, X, y, centroid_ties=False):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # KMeans' memory-leak and convergence chatter
        try:
            X_t, y_t = theirs.fit_resample(X, y)
        except (ValueError, RuntimeError) as error:
            with pytest.raises((ValueError, RuntimeError)):
                mine.fit_resample(X, y)
            return error
        X_m, y_m = mine.fit_resample(X, y)
    np.testing.assert_array_equal(y_m, y_t)
    if centroid_ties and not np.array_equal(X_m, X_t):
        # A cluster of two rows has its centroid at their midpoint: both are nearest,
        # and scikit-learn's brute force picks either. Ours takes the lower row; both
        # must be at the same (least) distance from the centroid.
        centroids = mine.estimator_.cluster_centers_
        for i in np.flatnonzero((X_m != X_t).any(axis=1)):
            c = centroids[i]  # class 0, under-sampled, comes first: row i is centroid i
            d_m, d_t = np.linalg.norm(X_m[i] - c), np.linalg.norm(X_t[i] - c)
            assert d_m == pytest.approx(d_t, rel=1e-12)
        return None
    np.testing.assert_array_equal(X_m, X_t)
    return None


@pytest.mark.parametrize("voting", ["soft", "hard", "auto"])
@given(problem=problems())
@settings(max_examples=8, deadline=None)
def test_cluster_centroids(voting, problem):
    X, y, seed = problem
    from sklearn.cluster import KMeans

    est = KMeans(n_init=2, random_state=seed)
    _same(
        ours_us.ClusterCentroids(estimator=est, voting=voting, random_state=seed),
        imblearn_us.ClusterCentroids(estimator=est, voting=voting, random_state=seed),
        X,
        y,
        centroid_ties=voting == "hard",
    )


@given(problem=problems(), cv=st.sampled_from([2, 3, 5]))
@settings(max_examples=6, deadline=None)
def test_instance_hardness_threshold(problem, cv):
    X, y, seed = problem
    from sklearn.linear_model import LogisticRegression

    for est in (None, LogisticRegression()):
        _same(
            ours_us.InstanceHardnessThreshold(estimator=est, cv=cv, random_state=seed),
            imblearn_us.InstanceHardnessThreshold(estimator=est, cv=cv, random_state=seed),
            X,
            y,
        )


def test_instance_hardness_threshold_string_labels():
    # imbalanced-learn indexes probability columns by the labels themselves.
    rng = np.random.default_rng(0)
    X = np.r_[rng.standard_normal((80, 2)), rng.standard_normal((30, 2)) + 1]
    y = np.r_[np.zeros(80, int), np.ones(30, int)]
    sampler = ours_us.InstanceHardnessThreshold(random_state=0)
    X_int, _ = sampler.fit_resample(X, y)
    X_str, _ = ours_us.InstanceHardnessThreshold(random_state=0).fit_resample(
        X, np.array(["a", "b"])[y]
    )
    np.testing.assert_array_equal(X_int, X_str)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"k_neighbors": 3, "kmeans_estimator": 3},
        {"cluster_balance_threshold": 0.1, "kmeans_estimator": 4},
        {"density_exponent": 2.0, "kmeans_estimator": 5, "cluster_balance_threshold": 0.05},
        {"kmeans_estimator": 1},
    ],
)
@given(problem=problems())
@settings(max_examples=8, deadline=None)
def test_kmeans_smote(params, problem):
    X, y, seed = problem
    _same(
        ours_os.KMeansSMOTE(random_state=seed, **params),
        imblearn_os.KMeansSMOTE(random_state=seed, **params),
        X,
        y,
    )


def test_kmeans_smote_no_cluster_found():
    rng = np.random.default_rng(0)
    X = np.r_[rng.standard_normal((200, 2)), rng.standard_normal((6, 2))]
    y = np.r_[np.zeros(200, int), np.ones(6, int)]
    with pytest.raises(RuntimeError, match="No clusters found with sufficient samples of class 1"):
        ours_os.KMeansSMOTE(random_state=0, kmeans_estimator=2).fit_resample(X, y)


def test_kmeans_smote_duplicate_points():
    # imbalanced-learn #1186: every valid cluster is one repeated point.
    from sklearn.cluster import KMeans

    X = np.array([[1.0, 1.0]] * 4 + [[2.0, 2.0]] * 4 + [[3.0, 3.0]] * 4)
    y = np.array([1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0])
    sampler = ours_os.KMeansSMOTE(
        kmeans_estimator=KMeans(n_clusters=2, random_state=42),
        random_state=42,
        cluster_balance_threshold=0.1,
    )
    with pytest.raises(ValueError, match="single repeated point"):
        sampler.fit_resample(X, y)


@pytest.mark.parametrize("scale, exponent", [(1e160, "auto"), (1e100, 4.0)])
def test_kmeans_smote_density_overflow_is_a_clear_error(scale, exponent):
    # Squared distances of values beyond about 1e154 overflow (NaN distances), and
    # a finite mean distance raised to density_exponent can too (inf weights):
    # imbalanced-learn fails with "cannot convert float NaN to integer" or "inf".
    rng = np.random.default_rng(0)
    X = rng.standard_normal((300, 3)) * scale
    y = (np.arange(300) < 60).astype(int)
    before = X.copy()
    sampler = ours_os.KMeansSMOTE(
        random_state=0, cluster_balance_threshold=0.0, density_exponent=exponent
    )
    with pytest.raises(ValueError, match="density weights of class 1 overflow float64"):
        sampler.fit_resample(X, y)
    np.testing.assert_array_equal(X, before)


def test_mean_pairwise_distance_in_tiles(monkeypatch):
    from sklearn.metrics import pairwise_distances

    from minibalance.over_sampling import _kmeans_smote

    X = np.random.default_rng(1).standard_normal((300, 4))
    monkeypatch.setattr(_kmeans_smote, "_TILE_ROWS", 37)
    full = pairwise_distances(X)
    np.fill_diagonal(full, 0)
    assert _kmeans_smote.mean_pairwise_distance(X) == pytest.approx(
        full.sum() / (300 * 299), rel=1e-13
    )


BAD = [
    (ours_us.ClusterCentroids, {"voting": "mean"}, "voting"),
    (ours_us.ClusterCentroids, {"estimator": "kmeans"}, "estimator"),
    (ours_us.InstanceHardnessThreshold, {"cv": 1}, "cv"),
    (ours_us.InstanceHardnessThreshold, {"estimator": "rf"}, "estimator"),
    (ours_os.KMeansSMOTE, {"kmeans_estimator": 0}, "kmeans_estimator"),
    (ours_os.KMeansSMOTE, {"density_exponent": "high"}, "density_exponent"),
]


@pytest.mark.parametrize(("cls", "params", "param"), BAD)
def test_parameter_errors_at_fit(cls, params, param):
    X, y = np.zeros((10, 2)), np.r_[np.zeros(6, int), np.ones(4, int)]
    for call in ("fit", "fit_resample"):
        with pytest.raises(ValueError, match=param):
            getattr(cls(**params), call)(X, y)
