"""SMOTE against imbalanced-learn: the same rows, bit for bit, on tie-free data."""

import warnings

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from hypothesis import event, given
from hypothesis import strategies as st
from imblearn.over_sampling import SMOTE as ImbSMOTE
from sklearn.neighbors import NearestNeighbors

import minibalance
import minibalance._neighbors as neighbors
from minibalance._config import numba_available
from minibalance._neighbors import choose_algorithm
from minibalance.over_sampling import SMOTE

from .strategies import resampling_problems, sampling_strategies


def _run(sampler, X, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return "ok", sampler.fit_resample(X, y)
        except ValueError as exc:
            return "error", exc


def _seed(kind):
    return 42 if kind == "int" else np.random.RandomState(42)


@given(problem=resampling_problems(), data=st.data())
def test_same_rows_as_imblearn(backend, problem, data):
    X, y = problem
    k = data.draw(st.integers(1, 6), label="k_neighbors")
    strategy = data.draw(sampling_strategies(y, "over-sampling"), label="sampling_strategy")
    seed = data.draw(st.sampled_from(["int", "RandomState"]), label="seed kind")
    ours = _run(SMOTE(sampling_strategy=strategy, k_neighbors=k, random_state=_seed(seed)), X, y)
    theirs = _run(
        ImbSMOTE(sampling_strategy=strategy, k_neighbors=k, random_state=_seed(seed)), X, y
    )
    assert ours[0] == theirs[0], (ours[1], theirs[1])
    event(f"outcome: {ours[0]}")
    if ours[0] == "ok":
        (X_ours, y_ours), (X_theirs, y_theirs) = ours[1], theirs[1]
        assert X_ours.dtype == X_theirs.dtype == X.dtype
        np.testing.assert_array_equal(X_ours, X_theirs, strict=True)
        np.testing.assert_array_equal(y_ours, y_theirs, strict=True)


@given(problem=resampling_problems(min_class_size=7), seed=st.integers(0, 2**32 - 1))
def test_provenance_reproduces_every_synthetic_row(backend, problem, seed):
    X, y = problem
    sampler = SMOTE(random_state=seed)
    X_res, y_res = sampler.fit_resample(X, y)
    n = X.shape[0]
    base, nbr, steps = sampler.base_indices_, sampler.neighbor_indices_, sampler.steps_
    assert base.size == nbr.size == steps.size == X_res.shape[0] - n
    assert np.all((steps >= 0) & (steps < 1))
    np.testing.assert_array_equal(y[base], y_res[n:])  # same class
    np.testing.assert_array_equal(y[nbr], y_res[n:])
    rebuilt = (X[base] + steps[:, None] * (X[nbr] - X[base])).astype(X.dtype)
    np.testing.assert_array_equal(X_res[n:], rebuilt)
    # the neighbour is one of the k nearest of the base, within its class
    for b, m in zip(base[:20], nbr[:20]):
        same = np.flatnonzero(y == y[b])
        d = ((X[same].astype(float) - X[b].astype(float)) ** 2).sum(1)
        assert d[np.searchsorted(same, m)] <= np.sort(d)[5]


@given(seed=st.integers(0, 2**32 - 1), d=st.integers(1, 4), data=st.data())
def test_with_ties_every_row_lies_on_a_neighbour_segment(backend, seed, d, data):
    rng = np.random.default_rng(seed)
    n_min = data.draw(st.integers(6, 40))
    X = rng.integers(0, 3, size=(n_min + 60, d)).astype(np.float64)  # duplicates, ties
    y = np.r_[np.zeros(60, int), np.ones(n_min, int)]
    X_res, _ = (sampler := SMOTE(random_state=seed)).fit_resample(X, y)
    base, nbr, steps = sampler.base_indices_, sampler.neighbor_indices_, sampler.steps_
    np.testing.assert_array_equal(X_res[: n_min + 60], X)
    np.testing.assert_allclose(X_res[n_min + 60 :], X[base] + steps[:, None] * (X[nbr] - X[base]))
    ones = np.flatnonzero(y == 1)
    for b, m in zip(base, nbr):
        dist = ((X[ones] - X[b]) ** 2).sum(1)
        # the chosen neighbour is no farther than the 6th nearest point (self included)
        assert ((X[m] - X[b]) ** 2).sum() <= np.sort(dist)[5]


def test_backends_give_the_same_rows_on_ties():
    rng = np.random.default_rng(5)
    X = rng.integers(0, 2, size=(300, 3)).astype(np.float32)
    y = np.r_[np.zeros(250, int), np.ones(50, int)]
    out = []
    for backend in ["numpy", "numba"]:
        with minibalance.config_context(backend=backend):
            out.append(SMOTE(random_state=0).fit_resample(X, y)[0])
    np.testing.assert_array_equal(out[0], out[1])


@pytest.mark.parametrize("n_features", [3, 8, 10])
def test_same_rows_as_imblearn_on_large_low_dimensional_classes(backend, n_features):
    # Classes large enough for the trees: the KD-tree search on the Numba backend,
    # cKDTree on the NumPy one (up to 8 features), the brute force otherwise.
    rng = np.random.default_rng(n_features)
    X = rng.standard_normal((7000, n_features))
    y = rng.permutation(np.r_[np.zeros(4000, int), np.ones(2500, int), np.full(500, 2)])
    assert choose_algorithm(2500, n_features) == (
        "kd_tree" if backend == "numba" else "ckdtree" if n_features <= 8 else "brute"
    )
    X_res, y_res = SMOTE(random_state=3).fit_resample(X, y)
    X_ref, y_ref = ImbSMOTE(random_state=3).fit_resample(X, y)
    np.testing.assert_array_equal(X_res, X_ref)
    np.testing.assert_array_equal(y_res, y_ref)


def test_every_algorithm_gives_the_same_rows_on_ties_in_large_classes(monkeypatch):
    # A decimal grid (ties binary floating point cannot see as ties) and duplicates,
    # in a class large enough for the trees: the same rows from every algorithm
    # on either backend, because each returns the exact (distance, row) order.
    rng = np.random.default_rng(11)
    X = rng.integers(0, 5, size=(6000, 3)) * 0.1
    y = rng.permutation(np.r_[np.zeros(3500, int), np.ones(2500, int)])
    out = []
    for backend in ["numpy", "numba"] if numba_available() else ["numpy"]:
        with minibalance.config_context(backend=backend):
            for algorithm in ["brute", "kd_tree", "ckdtree"]:
                if algorithm == "kd_tree" and backend == "numpy":
                    continue  # the NumPy twin searches one query at a time: slow here
                monkeypatch.setattr(neighbors, "choose_algorithm", lambda *a, alg=algorithm: alg)
                out.append(SMOTE(random_state=0).fit_resample(X, y)[0])
    for result in out[1:]:
        np.testing.assert_array_equal(result, out[0])


@given(problem=resampling_problems(min_class_size=6), seed=st.integers(0, 2**32 - 1))
def test_counts_follow_the_strategy_and_originals_stay_first(problem, seed):
    X, y = problem
    sampler = SMOTE(random_state=seed)
    X_res, y_res = sampler.fit_resample(X, y)
    np.testing.assert_array_equal(X_res[: len(X)], X)
    np.testing.assert_array_equal(y_res[: len(y)], y)
    classes, counts = np.unique(y_res, return_counts=True)
    assert np.all(counts == counts.max())  # 'auto' brings every class to the majority
    # synthetic rows: one block per class, in sorted label order
    tail = y_res[len(y) :]
    assert list(tail) == sorted(tail, key=lambda v: list(classes).index(v))


def test_deterministic_for_an_int_seed():
    X = np.random.default_rng(0).standard_normal((60, 3))
    y = np.r_[np.zeros(50, int), np.ones(10, int)]
    a = SMOTE(random_state=7).fit_resample(X, y)[0]
    b = SMOTE(random_state=7).fit_resample(X, y)[0]
    np.testing.assert_array_equal(a, b)


def test_generator_random_state_is_accepted_and_reproducible():
    X = np.random.default_rng(0).standard_normal((60, 3))
    y = np.r_[np.zeros(50, int), np.ones(10, int)]
    a = SMOTE(random_state=np.random.default_rng(3)).fit_resample(X, y)[0]
    b = SMOTE(random_state=np.random.default_rng(3)).fit_resample(X, y)[0]
    np.testing.assert_array_equal(a, b)


def test_integer_X_is_truncated_like_imblearn():
    rng = np.random.default_rng(2)
    X = (rng.standard_normal((80, 3)) * 1e6).astype(np.int64)  # no distance ties
    y = np.r_[np.zeros(60, int), np.ones(20, int)]
    ours = SMOTE(random_state=1).fit_resample(X, y)[0]
    theirs = ImbSMOTE(random_state=1).fit_resample(X, y)[0]
    assert ours.dtype == np.int64
    np.testing.assert_array_equal(ours, theirs)


def test_k_neighbors_as_an_estimator():
    X = np.random.default_rng(4).standard_normal((70, 4))
    y = np.r_[np.zeros(50, int), np.ones(20, int)]
    nn = NearestNeighbors(n_neighbors=4)
    ours = SMOTE(k_neighbors=nn, random_state=0).fit_resample(X, y)[0]
    theirs = ImbSMOTE(k_neighbors=nn, random_state=0).fit_resample(X, y)[0]
    np.testing.assert_array_equal(ours, theirs)


def test_pandas_in_pandas_out():
    rng = np.random.default_rng(0)
    X = pd.DataFrame(
        {"amount": rng.standard_normal(40), "age": rng.standard_normal(40).astype(np.float32)}
    )
    y = pd.Series(np.r_[np.zeros(30, int), np.ones(10, int)], name="fraud")
    X_res, y_res = SMOTE(random_state=0).fit_resample(X, y)
    assert isinstance(X_res, pd.DataFrame) and isinstance(y_res, pd.Series)
    assert list(X_res.columns) == ["amount", "age"]
    assert X_res.dtypes.to_dict() == X.dtypes.to_dict()
    assert y_res.name == "fraud" and len(X_res) == len(y_res) == 60
    theirs = ImbSMOTE(random_state=0).fit_resample(X, y)
    pd.testing.assert_frame_equal(X_res, theirs[0])
    pd.testing.assert_series_equal(y_res, theirs[1])


def test_lists_in_lists_out():
    X = np.random.default_rng(0).standard_normal((20, 2)).tolist()
    y = [0] * 14 + [1] * 6
    X_res, y_res = SMOTE(random_state=0).fit_resample(X, y)
    assert isinstance(X_res, list) and isinstance(y_res, list) and len(y_res) == 28


def test_inputs_are_not_mutated():
    X = np.random.default_rng(0).standard_normal((30, 2))
    y = np.r_[np.zeros(20, int), np.ones(10, int)]
    X0, y0 = X.copy(), y.copy()
    SMOTE(random_state=0).fit_resample(X, y)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(y, y0)


def test_fit_sets_the_strategy_without_resampling():
    X = np.zeros((12, 2))
    y = np.r_[np.zeros(8, int), np.ones(4, int)]
    sampler = SMOTE().fit(X, y)
    assert sampler.sampling_strategy_ == {1: 4} and sampler.n_features_in_ == 2


# --- errors -------------------------------------------------------------------------

XY = (np.random.default_rng(0).standard_normal((30, 2)), np.r_[np.zeros(26, int), np.ones(4, int)])


def test_too_few_samples_for_k_names_class_and_fix():
    with pytest.raises(
        ValueError, match=r"k_neighbors=5 needs at least 6 samples of class 1; it has 4"
    ):
        SMOTE().fit_resample(*XY)


@pytest.mark.parametrize("k", [0, -2])
def test_k_below_one(k):
    with pytest.raises(ValueError, match=r"'k_neighbors' parameter of SMOTE must be an int in"):
        SMOTE(k_neighbors=k).fit_resample(*XY)


def test_k_of_the_wrong_type():
    with pytest.raises(TypeError, match="kneighbors"):
        SMOTE(k_neighbors="five").fit_resample(*XY)


def test_nan_in_X():
    X = XY[0].copy()
    X[3, 1] = np.nan
    with pytest.raises(ValueError, match=r"1 NaN value in column \[1\]"):
        SMOTE(k_neighbors=3).fit_resample(X, XY[1])


def test_single_class():
    with pytest.raises(ValueError, match="more than 1 class"):
        SMOTE().fit_resample(np.zeros((10, 2)), np.zeros(10, int))


def test_length_mismatch():
    with pytest.raises(ValueError, match="X has 30 rows but y has 29 labels"):
        SMOTE().fit_resample(XY[0], XY[1][:-1])


def test_bad_strategy():
    with pytest.raises(ValueError, match="The 'sampling_strategy' parameter of SMOTE must be"):
        SMOTE(sampling_strategy="balanced").fit_resample(*XY)


def test_sparse_X_gives_the_dense_rows_in_its_format():
    X_res, y_res = SMOTE(k_neighbors=3, random_state=0).fit_resample(sp.csr_matrix(XY[0]), XY[1])
    dense = SMOTE(k_neighbors=3, random_state=0).fit_resample(XY[0], XY[1])
    assert X_res.format == "csr"
    np.testing.assert_array_equal(X_res.toarray(), dense[0])
    np.testing.assert_array_equal(y_res, dense[1])


def test_same_rows_without_numba_and_scipy():
    import hashlib

    from .test_config import BLOCK, _run

    code = (
        BLOCK
        + """
import hashlib, numpy as np
from minibalance import SMOTE
rng = np.random.default_rng(0)
X = rng.standard_normal((3000, 6)); y = np.r_[np.zeros(2500, int), np.ones(500, int)]
X_res, _ = SMOTE(random_state=0).fit_resample(X, y)
import sys
assert not {"numba", "scipy", "sklearn"} & set(sys.modules)
print(hashlib.sha256(X_res.tobytes()).hexdigest())
"""
    )
    proc = _run(code)  # without MINIBALANCE_BACKEND: the suite may run under "numba"
    assert proc.returncode == 0, proc.stderr
    rng = np.random.default_rng(0)
    X = rng.standard_normal((3000, 6))
    y = np.r_[np.zeros(2500, int), np.ones(500, int)]
    expected = ImbSMOTE(random_state=0).fit_resample(X, y)[0]
    assert proc.stdout.strip() == hashlib.sha256(expected.tobytes()).hexdigest()


@pytest.mark.skipif(not numba_available(), reason="needs numba")
def test_numba_backend_needs_no_scipy():
    # The KD-tree search and the brute force's spatial order are the engine's own.
    import subprocess
    import sys

    from .test_config import BLOCK

    block = BLOCK.replace(
        '{"numba", "scipy", "sklearn", "pandas"}', '{"scipy", "sklearn", "pandas"}'
    )
    code = (
        block
        + """
import numpy as np, minibalance
from minibalance import SMOTE
minibalance.set_config(backend="numba")
rng = np.random.default_rng(0)
for d in (4, 20):
    X = rng.standard_normal((6000, d)); y = np.r_[np.zeros(3000, int), np.ones(3000, int)]
    y[:500] = 2
    X_res, _ = SMOTE(random_state=0).fit_resample(X, y)
    np.save(f"{OUT}/{d}.npy", X_res)
import sys
assert "numba" in sys.modules and not {"scipy", "sklearn"} & set(sys.modules)
"""
    )
    import tempfile

    with tempfile.TemporaryDirectory() as out:
        proc = subprocess.run(
            [sys.executable, "-c", code.replace("{OUT}", out)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
        rng = np.random.default_rng(0)
        for d in (4, 20):
            X = rng.standard_normal((6000, d))
            y = np.r_[np.zeros(3000, int), np.ones(3000, int)]
            y[:500] = 2
            expected = ImbSMOTE(random_state=0).fit_resample(X, y)[0]
            np.testing.assert_array_equal(np.load(f"{out}/{d}.npy"), expected)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_dense_result_written_in_threads_is_the_same(backend, monkeypatch, dtype):
    # Below the threshold in production; forced here on three classes (two blocks of
    # new rows) and chunks smaller than the originals, against imbalanced-learn.
    from minibalance.over_sampling import _base

    rng = np.random.default_rng(3)
    X = rng.standard_normal((700, 5)).astype(dtype)
    y = np.r_[np.zeros(500, int), np.ones(150, int), np.full(50, 2)]
    expected = ImbSMOTE(random_state=0).fit_resample(X, y)
    calls = []
    real = _base._copy_rows
    monkeypatch.setattr(_base, "_copy_rows", lambda *a: (calls.append(a[2]), real(*a)))
    monkeypatch.setattr(_base, "_THREADED_MIN_VALUES", 1)
    X_res, y_res = SMOTE(random_state=0).fit_resample(X, y)
    np.testing.assert_array_equal(X_res, expected[0])
    np.testing.assert_array_equal(y_res, expected[1])
    # Numba: the originals were copied in several chunks (threads); NumPy: in one piece
    assert (len(calls) > 1 if backend == "numba" else calls == [0]) and min(calls) == 0


def test_parallel_and_serial_interpolation_agree(monkeypatch):
    from minibalance._kernels import interpolate

    rng = np.random.default_rng(0)
    X = rng.standard_normal((50, 7)).astype(np.float32)
    rows, nbrs = rng.integers(0, 50, 3000), rng.integers(0, 50, 3000)
    steps = rng.random(3000)
    out = [np.empty((3000, 7), np.float32) for _ in range(3)]
    interpolate.interpolate_numpy(X, rows, nbrs, steps, out[0])
    monkeypatch.setattr(interpolate, "PARALLEL_MIN_VALUES", 1)
    interpolate.interpolate_numba(X, rows, nbrs, steps, out[1])
    monkeypatch.setattr(interpolate, "PARALLEL_MIN_VALUES", 10**9)
    interpolate.interpolate_numba(X, rows, nbrs, steps, out[2])
    np.testing.assert_array_equal(out[0], out[1])
    np.testing.assert_array_equal(out[0], out[2])
