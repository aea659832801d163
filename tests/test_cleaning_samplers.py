"""The cleaning under-samplers against imbalanced-learn's, row for row."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import minibalance.under_sampling as ours

imblearn_us = pytest.importorskip("imblearn.under_sampling")

SAMPLERS = {
    "TomekLinks": [{}, {"sampling_strategy": "all"}, {"sampling_strategy": "majority"}],
    "EditedNearestNeighbours": [
        {},
        {"kind_sel": "mode"},
        {"n_neighbors": 5, "sampling_strategy": "all"},
        {"n_neighbors": 1},
    ],
    "RepeatedEditedNearestNeighbours": [
        {},
        {"kind_sel": "mode", "max_iter": 3},
        {"n_neighbors": 2, "sampling_strategy": "all"},
    ],
    "AllKNN": [{}, {"allow_minority": True}, {"kind_sel": "mode", "n_neighbors": 4}],
    "NearMiss": [
        {},
        {"version": 2},
        {"version": 3},
        {"version": 1, "n_neighbors": 1, "sampling_strategy": "all"},
        {"version": 2, "n_neighbors": 100},
        {"version": 3, "n_neighbors_ver3": 1, "n_neighbors": 5},
    ],
}
SAMPLERS["NeighbourhoodCleaningRule"] = [
    {},
    {"threshold_cleaning": 2.0, "n_neighbors": 5},
    {"sampling_strategy": "all", "n_neighbors": 1},
]
SAMPLERS["OneSidedSelection"] = [
    {"random_state": 0},
    {"random_state": 7, "n_seeds_S": 5},
    {"random_state": 3, "n_neighbors": 3, "sampling_strategy": "all"},
]
SAMPLERS["CondensedNearestNeighbour"] = [
    {"random_state": 0},
    {"random_state": 5, "n_seeds_S": 3},
    {"random_state": 2, "n_neighbors": 3, "sampling_strategy": "all"},
]
CASES = [(name, i) for name, params in SAMPLERS.items() for i in range(len(params))]
CLEANING = [
    "AllKNN",
    "EditedNearestNeighbours",
    "NeighbourhoodCleaningRule",
    "RepeatedEditedNearestNeighbours",
    "TomekLinks",
]
CASES = [(name, i) for name, params in SAMPLERS.items() for i in range(len(params))]


@st.composite
def problems(draw, min_per_class=6):
    """Overlapping Gaussian classes: tie-free distances, real boundary noise."""
    n_classes = draw(st.integers(2, 3))
    counts = [draw(st.integers(min_per_class, 80)) for _ in range(n_classes)]
    d = draw(st.integers(1, 6))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((n_classes, d)) * draw(st.sampled_from([0.5, 1.0, 3.0]))
    X = np.concatenate([rng.standard_normal((c, d)) + centres[i] for i, c in enumerate(counts)])
    y = np.repeat(np.arange(n_classes), counts)
    perm = rng.permutation(y.size)
    return X[perm], y[perm]


def _assert_same(name, params, X, y):
    theirs = getattr(imblearn_us, name)(**params)
    mine = getattr(ours, name)(**params)
    with warnings.catch_warnings(record=True) as their_warnings:
        warnings.simplefilter("always")
        try:
            X_t, y_t = theirs.fit_resample(X, y)
        except (ValueError, RuntimeError) as error:
            with pytest.raises(type(error)):
                mine.fit_resample(X, y)
            return
    with warnings.catch_warnings(record=True) as my_warnings:
        warnings.simplefilter("always")
        X_m, y_m = mine.fit_resample(X, y)
    assert [str(w.message) for w in my_warnings] == [str(w.message) for w in their_warnings]
    np.testing.assert_array_equal(y_m, y_t)
    np.testing.assert_array_equal(X_m, X_t)
    np.testing.assert_array_equal(X[mine.sample_indices_], X_m)
    if np.array_equal(X[theirs.sample_indices_], X_t):
        np.testing.assert_array_equal(mine.sample_indices_, theirs.sample_indices_)
    else:  # imbalanced-learn's RENN composes the last round twice on convergence
        assert name == "RepeatedEditedNearestNeighbours"
    if hasattr(theirs, "n_iter_"):
        assert mine.n_iter_ == theirs.n_iter_


@pytest.mark.parametrize(("name", "case"), CASES)
@given(problem=problems())
@settings(max_examples=25)
def test_same_rows_as_imblearn(backend, name, case, problem):
    X, y = problem
    if name == "NearMiss" and X.shape[1] == 1:
        # In 1-D a sum of distances is flat between the points (exact score ties).
        X = np.c_[X, np.sin(7 * X)]
    _assert_same(name, SAMPLERS[name][case], X, y)


@pytest.mark.parametrize("name", CLEANING)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(8, 120))
@settings(max_examples=25)
def test_tied_data_only_removes_rows(backend, name, seed, n):
    # Integer grids: many tied distances, duplicates across classes. The output
    # must be rows of X, each once, and every class's kept rows in input order.
    rng = np.random.default_rng(seed)
    X = rng.integers(0, 3, (n, 2)).astype(float)
    y = rng.integers(0, 2, n)
    if np.unique(y).size < 2:
        y[0] = 1 - y[0]
    sampler = getattr(ours, name)()
    try:
        X_res, y_res = sampler.fit_resample(X, y)
    except ValueError as error:
        # a round left fewer rows than neighbours (imbalanced-learn fails there too)
        assert "n_neighbors" in str(error) and name in ("AllKNN", "RepeatedEditedNearestNeighbours")
        return
    idx = sampler.sample_indices_
    assert np.unique(idx).size == idx.size
    np.testing.assert_array_equal(X_res, X[idx])
    np.testing.assert_array_equal(y_res, y[idx])
    for label in np.unique(y_res):
        rows = idx[y_res == label]
        assert np.all(np.diff(rows) > 0)
    if name in ("TomekLinks", "EditedNearestNeighbours"):  # one pass: the minority is untouched
        minority = np.argmin(np.bincount(y))
        assert np.count_nonzero(y_res == minority) == np.count_nonzero(y == minority)
    # (the iterative samplers resolve the strategy again each round, as imbalanced-learn)


def test_numba_equals_numpy():
    import minibalance

    rng = np.random.default_rng(0)
    X = np.r_[rng.standard_normal((3000, 4)), rng.standard_normal((600, 4)) + 1]
    y = np.r_[np.zeros(3000, int), np.ones(600, int)]
    for name in SAMPLERS:
        out = []
        for backend in ("numpy", "numba"):
            with minibalance.config_context(backend=backend):
                sampler = getattr(ours, name)(**SAMPLERS[name][0])
                sampler.fit_resample(X, y)
                out.append(sampler.sample_indices_)
        np.testing.assert_array_equal(out[0], out[1])


@pytest.mark.parametrize("name", sorted(SAMPLERS))
def test_pandas_round_trip(name):
    pd = pytest.importorskip("pandas")
    rng = np.random.default_rng(1)
    X = pd.DataFrame(rng.standard_normal((120, 3)), columns=["a", "b", "c"])
    X["c"] = X["c"].astype(np.float32)
    y = pd.Series(np.r_[np.zeros(80, int), np.ones(40, int)], name="target")
    params = SAMPLERS[name][0]
    X_res, y_res = getattr(ours, name)(**params).fit_resample(X, y)
    X_t, y_t = getattr(imblearn_us, name)(**params).fit_resample(X, y)
    pd.testing.assert_frame_equal(X_res, X_t)
    pd.testing.assert_series_equal(y_res, y_t)


BAD = [
    ("EditedNearestNeighbours", {"n_neighbors": 0}, "n_neighbors"),
    ("EditedNearestNeighbours", {"kind_sel": "any"}, "kind_sel"),
    ("RepeatedEditedNearestNeighbours", {"max_iter": 0}, "max_iter"),
    ("AllKNN", {"allow_minority": "yes"}, "allow_minority"),
    ("TomekLinks", {"sampling_strategy": 0.5}, "sampling_strategy"),
    ("TomekLinks", {"n_jobs": "all"}, "n_jobs"),
]


@pytest.mark.parametrize(("name", "params", "param"), BAD)
def test_parameter_errors_at_fit(name, params, param):
    X, y = np.zeros((10, 2)), np.r_[np.zeros(6, int), np.ones(4, int)]
    for call in ("fit", "fit_resample"):
        with pytest.raises(ValueError, match=param):
            getattr(getattr(ours, name)(**params), call)(X, y)


def test_too_few_rows_for_the_neighbours():
    X, y = np.zeros((3, 2)), np.array([0, 0, 1])
    with pytest.raises(ValueError, match="n_neighbors=3 needs at least 4 samples"):
        ours.EditedNearestNeighbours().fit_resample(X, y)


def test_estimator_as_n_neighbors():
    from sklearn.neighbors import NearestNeighbors

    rng = np.random.default_rng(4)
    X = rng.standard_normal((150, 3))
    y = (rng.random(150) < 0.3).astype(int)
    for name in ("EditedNearestNeighbours", "RepeatedEditedNearestNeighbours", "AllKNN"):
        _assert_same(name, {"n_neighbors": NearestNeighbors(n_neighbors=4)}, X, y)
