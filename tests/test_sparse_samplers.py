"""Sparse X (scipy CSR/CSC): the engine's sparse path and every sampler that takes it.

The sparse path must give the dense engine's answer on ``X.toarray()`` bit for bit
(both are exact, ties by row), and the samplers imbalanced-learn's rows on data
without distance ties, in the input's format, never modifying it.
"""

import importlib
import inspect
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given
from hypothesis import strategies as st

import minibalance
from minibalance import _neighbors as engine
from minibalance import _neighbors_sparse as sparse_engine

SAMPLERS = {
    "SMOTE": "over_sampling",
    "BorderlineSMOTE": "over_sampling",
    "ADASYN": "over_sampling",
    "SVMSMOTE": "over_sampling",
    "TomekLinks": "under_sampling",
    "EditedNearestNeighbours": "under_sampling",
    "RepeatedEditedNearestNeighbours": "under_sampling",
    "AllKNN": "under_sampling",
    "NearMiss": "under_sampling",
    "CondensedNearestNeighbour": "under_sampling",
    "OneSidedSelection": "under_sampling",
    "NeighbourhoodCleaningRule": "under_sampling",
    "InstanceHardnessThreshold": "under_sampling",
    "ClusterCentroids": "under_sampling",
    "SMOTETomek": "combine",
    "SMOTEENN": "combine",
}


@st.composite
def sparse_matrices(draw, max_rows=150, max_features=30, integer=None):
    """A sparse matrix with explicit zeros, empty rows or duplicate entries, and its dense twin."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    n = draw(st.integers(2, max_rows))
    d = draw(st.integers(1, max_features))
    density = draw(st.sampled_from([0.05, 0.3, 0.7, 1.0]))
    integer = draw(st.booleans()) if integer is None else integer
    dense = rng.standard_normal((n, d)) * 10.0 ** draw(st.integers(-3, 3))
    if integer:
        dense = np.round(dense / np.abs(dense).max() * 3)
    dense[rng.random((n, d)) > density] = 0.0
    coo = sp.coo_matrix(dense)
    rows, cols, vals = coo.row, coo.col, coo.data
    extra = draw(st.sampled_from(["none", "explicit zeros", "duplicates"]))
    if extra == "explicit zeros":
        r, c = rng.integers(0, n, 4), rng.integers(0, d, 4)
        fresh = dense[r, c] == 0
        rows, cols, vals = np.r_[rows, r[fresh]], np.r_[cols, c[fresh]], np.r_[vals, 0.0 * r[fresh]]
    elif extra == "duplicates" and vals.size:
        half = vals[:3] / 2 if not integer else vals[:3] * 0
        rows, cols = np.r_[rows, rows[:3]], np.r_[cols, cols[:3]]
        vals = np.r_[vals[:3] - half, vals[3:], half]
    fmt = draw(st.sampled_from(["csr", "csc", "coo"]))
    X = sp.coo_matrix((vals, (rows, cols)), shape=(n, d)).asformat(fmt)
    return X, dense


@given(problem=sparse_matrices(), data=st.data())
def test_sparse_kneighbors_equal_the_dense_engine(problem, data):
    X, dense = problem
    n = dense.shape[0]
    k = data.draw(st.integers(1, min(6, n - 1)))
    small_tiles = data.draw(st.booleans())
    original = sparse_engine._TILES
    try:
        if small_tiles:
            sparse_engine._TILES = (7, 11)  # many tiles: the merges, the block ends
        for backend in ("numpy", "numba"):
            with minibalance.config_context(backend=backend):
                np.testing.assert_array_equal(engine.kneighbors(X, k), engine.kneighbors(dense, k))
                rows = np.arange(n)[:: max(1, n // 5)]
                np.testing.assert_array_equal(
                    engine.kneighbors(X, k, queries=rows), engine.kneighbors(dense, k, queries=rows)
                )
                P = sp.csr_matrix(dense[::-2][:5] + 0.5 * (dense[::-2][:5] != 0))
                for far in (False, True):
                    np.testing.assert_array_equal(
                        engine.kneighbors(X, k, queries=P, farthest=far),
                        engine.kneighbors(dense, k, queries=P.toarray(), farthest=far),
                    )
    finally:
        sparse_engine._TILES = original


@given(problem=sparse_matrices(), seed=st.integers(0, 2**32 - 1))
def test_sparse_distances_are_the_engines_exact_sums(problem, seed):
    X, dense = problem
    rng = np.random.default_rng(seed)
    cand = rng.integers(-1, dense.shape[0], (dense.shape[0], 4))
    got = sparse_engine.sparse_distances(engine.canonical_float(X), engine.canonical_float(X), cand)
    want = np.zeros(cand.shape)
    for f in range(dense.shape[1]):  # feature by feature, as the dense engine sums
        t = dense[np.maximum(cand, 0), f] - dense[:, None, f]
        want += t * t
    want[cand < 0] = np.inf
    np.testing.assert_array_equal(got, want)


def test_sparse_kneighbors_refuses_what_it_does_not_serve():
    X = sp.random(20, 4, density=0.5, random_state=0, format="csr")
    with pytest.raises(ValueError, match="brute force"):
        engine.kneighbors(X, 2, algorithm="kd_tree")
    with pytest.raises(ValueError, match="4 features"):
        engine.kneighbors(X, 2, queries=sp.random(3, 5, density=0.5, format="csr"))
    bad = X.copy()
    bad.data[0] = np.nan
    with pytest.raises(ValueError, match="NaN or infinite"):
        engine.kneighbors(bad, 2)


def _sampler(library, name, **params):
    cls = getattr(importlib.import_module(f"{library}.{SAMPLERS[name]}"), name)
    if "random_state" in inspect.signature(cls.__init__).parameters:
        params.setdefault("random_state", 0)
    if name == "ClusterCentroids":
        from sklearn.cluster import KMeans

        params["estimator"] = KMeans(n_init=1, random_state=0)
    if name == "InstanceHardnessThreshold":  # a small forest: the test's time, not its point
        from sklearn.ensemble import RandomForestClassifier

        params["estimator"] = RandomForestClassifier(n_estimators=5, random_state=0)
    return cls(**params)


def _resample(sampler, X, y):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return "ok", sampler.fit_resample(X, y)
    except (ValueError, RuntimeError) as error:
        return "error", type(error).__name__


def _dense(A):
    return A.toarray() if sp.issparse(A) else np.asarray(A)


@st.composite
def tie_free_problems(draw):
    """Continuous sparse data without distance ties: every row has a stored value."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    n = draw(st.integers(40, 160))
    d = draw(st.integers(2, 25))
    dense = rng.standard_normal((n, d))
    dense[rng.random((n, d)) < draw(st.sampled_from([0.0, 0.4, 0.8]))] = 0.0
    dense[np.arange(n), rng.integers(0, d, n)] = rng.standard_normal(n) + 3.0
    y = (rng.random(n) < draw(st.sampled_from([0.2, 0.35]))).astype(int)
    y[:2] = [0, 1]
    fmt = draw(st.sampled_from(["csr", "csc"]))
    return sp.csr_matrix(dense).asformat(fmt), y


@pytest.mark.parametrize("name", sorted(set(SAMPLERS) - {"ClusterCentroids"}))
@given(problem=tie_free_problems())
def test_sparse_samplers_equal_imblearn_and_their_dense_selves(name, problem):
    X, y = problem
    before = X.copy()
    ours = _resample(_sampler("minibalance", name), X, y)
    assert (X != before).nnz == 0 and X.format == before.format  # input untouched
    dense = _resample(_sampler("minibalance", name), X.toarray(), y)
    assert ours[0] == dense[0]
    if ours[0] == "ok":
        (X_o, y_o), (X_d, y_d) = ours[1], dense[1]
        assert sp.issparse(X_o) and X_o.format == X.format and X_o.dtype == X.dtype
        np.testing.assert_array_equal(X_o.toarray(), X_d)  # the sparse path is the dense one
        np.testing.assert_array_equal(y_o, y_d)
    theirs = _resample(_sampler("imblearn", name), X, y)
    assert ours[0] == theirs[0]
    if ours[0] == "ok":
        np.testing.assert_array_equal(ours[1][0].toarray(), _dense(theirs[1][0]))
        np.testing.assert_array_equal(ours[1][1], theirs[1][1])


@pytest.mark.parametrize("name", sorted(set(SAMPLERS) - {"ClusterCentroids"}))
@given(problem=sparse_matrices(max_rows=80), seed=st.integers(0, 2**32 - 1))
def test_sparse_samplers_on_awkward_matrices_give_their_dense_rows(name, problem, seed):
    # Explicit zeros, empty rows, duplicate entries, COO input, integer data and its
    # ties: whatever the tie-breaks, the sparse path is the dense path, bit for bit.
    X, dense = problem
    y = (np.random.default_rng(seed).random(dense.shape[0]) < 0.35).astype(int)
    y[:2] = [0, 1]
    before = X.copy()
    ours = _resample(_sampler("minibalance", name), X, y)
    assert (X != before).nnz == 0 and X.format == before.format
    again = _resample(_sampler("minibalance", name), dense, y)
    assert ours[0] == again[0]
    if ours[0] == "ok":
        expected_format = X.format if X.format in ("csr", "csc") else "csr"
        assert ours[1][0].format == expected_format
        np.testing.assert_array_equal(ours[1][0].toarray(), again[1][0])
        np.testing.assert_array_equal(ours[1][1], again[1][1])


def test_cluster_centroids_on_sparse_data_vote_hard_for_real_rows():
    # Not in the comparisons above: its k-means centroids differ in the last bits
    # between sparse and dense input (scikit-learn's arithmetic), and the midpoint
    # of a two-row cluster ties between its rows, so "hard" picks may differ.
    rng = np.random.default_rng(0)
    X = sp.random(120, 6, density=0.5, random_state=1, format="csr")
    X.data = rng.standard_normal(X.nnz)
    y = (rng.random(120) < 0.3).astype(int)
    sampler = _sampler("minibalance", "ClusterCentroids")
    X_res, y_res = sampler.fit_resample(X, y)
    assert sampler.voting_ == "hard" and X_res.format == "csr"
    dense, kept = X.toarray(), X_res.toarray()
    for row in kept[y_res == 0]:  # every centroid's vote is a real row of its class
        assert (np.abs(dense[y == 0] - row).sum(axis=1) == 0).any()
    soft = _sampler("minibalance", "ClusterCentroids", voting="soft").fit_resample(X, y)
    theirs = _sampler("imblearn", "ClusterCentroids", voting="soft").fit_resample(X, y)
    np.testing.assert_array_equal(soft[0].toarray(), theirs[0].toarray())


@pytest.mark.parametrize("kind", [sp.csr_array, sp.csc_array, sp.csr_matrix])
def test_smote_keeps_the_sparse_kind_and_float32(kind):
    from minibalance.over_sampling import SMOTE

    rng = np.random.default_rng(2)
    dense = rng.standard_normal((80, 6)).astype(np.float32)
    dense[rng.random((80, 6)) < 0.5] = 0
    X = kind(dense)
    y = (rng.random(80) < 0.3).astype(int)
    X_res, _ = SMOTE(random_state=0).fit_resample(X, y)
    assert type(X_res) is kind and X_res.dtype == np.float32
    np.testing.assert_array_equal(X_res.toarray(), SMOTE(random_state=0).fit_resample(dense, y)[0])


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("name", [*SAMPLERS, "BorderlineSMOTE-2"])
def test_big_endian_sparse_data_gives_the_native_rows_on_both_backends(backend, name, dtype):
    """scipy refuses to build a big-endian sparse matrix but holds one whose ``data``
    was replaced by a file's array. Numba cannot type that array: on the Numba backend
    the SMOTE family raised a TypingError where the NumPy one resampled, and
    scipy's own operations refused it on both. The validation makes the data native
    (on a copy), so every sampler gives the native rows."""
    rng = np.random.default_rng(3)
    dense = rng.standard_normal((120, 8)).astype(dtype)
    dense[rng.random((120, 8)) < 0.6] = 0
    y = (rng.random(120) < 0.3).astype(int)
    X = sp.csr_matrix(dense)
    X_be = X.copy()
    X_be.data = X_be.data.astype(np.dtype(dtype).newbyteorder(">"))
    kept = X_be.data.copy()
    params = {"kind": "borderline-2"} if name == "BorderlineSMOTE-2" else {}
    name = name.split("-")[0]
    ours = _sampler("minibalance", name, **params).fit_resample(X_be, y)
    native = _sampler("minibalance", name, **params).fit_resample(X, y)
    assert ours[0].dtype.kind == "f" and ours[0].dtype.itemsize == np.dtype(dtype).itemsize
    np.testing.assert_array_equal(ours[0].toarray(), native[0].toarray())
    np.testing.assert_array_equal(ours[1], native[1])
    assert X_be.data.dtype == kept.dtype  # the input is not modified
    np.testing.assert_array_equal(X_be.data, kept, strict=True)


@given(problem=tie_free_problems(), k=st.integers(1, 4), seed=st.integers(0, 2**31 - 1))
def test_smotenc_on_sparse_X_equals_imblearn_and_its_dense_self(problem, k, seed):
    from imblearn.over_sampling import SMOTENC as ImbSMOTENC

    from minibalance.over_sampling import SMOTENC

    X, y = problem
    dense = X.toarray()
    rng = np.random.default_rng(seed)
    n_cat = min(2, dense.shape[1] - 1)
    n, d = dense.shape
    dense[:, :n_cat] = rng.integers(0, 3, (n, n_cat))  # categorical columns
    # every row keeps a continuous value of its own: no ties in the continuous part
    dense[np.arange(n), n_cat + rng.integers(0, d - n_cat, n)] = rng.standard_normal(n) + 3.0
    X = sp.csr_matrix(dense).asformat(X.format)
    cat = list(range(n_cat))
    ours = _resample(SMOTENC(categorical_features=cat, k_neighbors=k, random_state=seed), X, y)
    again = _resample(SMOTENC(categorical_features=cat, k_neighbors=k, random_state=seed), dense, y)
    theirs = _resample(ImbSMOTENC(categorical_features=cat, k_neighbors=k, random_state=seed), X, y)
    assert ours[0] == again[0] == theirs[0]
    if ours[0] == "ok":
        assert ours[1][0].format == X.format
        np.testing.assert_array_equal(ours[1][0].toarray(), again[1][0])
        np.testing.assert_array_equal(ours[1][0].toarray(), theirs[1][0].toarray())
        np.testing.assert_array_equal(ours[1][1], theirs[1][1])


@given(problem=sparse_matrices(), seed=st.integers(0, 2**32 - 1), f32=st.booleans())
def test_sparse_row_kernels_twins_agree(problem, seed, f32):
    from minibalance._kernels import sparse_rows

    X, _ = problem
    X = engine.canonical_float(X)
    if f32:
        X = X.astype(np.float32)
    rng = np.random.default_rng(seed)
    n_new = int(rng.integers(0, 40))
    base, neighbors = rng.integers(0, X.shape[0], (2, n_new))
    steps = rng.random(n_new) * rng.choice([0.0, 1.0], n_new, p=[0.2, 0.8])
    args = (X.indptr, X.indices, X.data, base, neighbors, steps)
    ours = [sparse_rows.interpolate_rows_numpy(*args), sparse_rows.interpolate_rows_numba(*args)]
    for a, b in zip(*ours):
        np.testing.assert_array_equal(a, b)
    dense = X.toarray()
    diff = (dense[neighbors] - dense[base]).astype(np.float64)
    want = dense[base].astype(np.float64) + steps[:, None] * diff
    new = sp.csr_matrix((ours[0][2], ours[0][1], ours[0][0]), shape=(n_new, X.shape[1]))
    np.testing.assert_array_equal(new.toarray(), want)
    assert (new.data != 0).all()  # exact zeros are not stored, as scipy drops them
    X64 = X.astype(np.float64)
    pair = (X64.indptr, X64.indices, X64.data, X64.indptr, X64.indices, X64.data, base, neighbors)
    np.testing.assert_array_equal(
        sparse_rows.pair_sq_distances_numpy(*pair), sparse_rows.pair_sq_distances_numba(*pair)
    )


@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_kmeans_smote_on_sparse_X_equals_imblearn(fmt):
    # Its clusters come from scikit-learn's k-means, which rounds differently on
    # sparse and dense input, so only imbalanced-learn's sparse result is the spec.
    from imblearn.over_sampling import KMeansSMOTE as ImbKMeansSMOTE
    from sklearn.cluster import MiniBatchKMeans

    from minibalance.over_sampling import KMeansSMOTE

    rng = np.random.default_rng(1)
    dense = rng.standard_normal((300, 8))
    y = (rng.random(300) < 0.3).astype(int)
    dense[y == 1] += 1.5
    dense[rng.random((300, 8)) < 0.3] = 0
    X = sp.csr_matrix(dense).asformat(fmt)

    def params():
        kmeans = MiniBatchKMeans(n_clusters=4, random_state=0, n_init=1)
        return {"random_state": 0, "cluster_balance_threshold": 0.1, "kmeans_estimator": kmeans}

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = KMeansSMOTE(**params()).fit_resample(X, y)
        theirs = ImbKMeansSMOTE(**params()).fit_resample(X, y)
    assert ours[0].format == fmt
    np.testing.assert_array_equal(ours[0].toarray(), theirs[0].toarray())
    np.testing.assert_array_equal(ours[1], theirs[1])


def test_sparse_smote_rows_are_the_same_in_any_blocks(monkeypatch):
    from minibalance.over_sampling import SMOTE, _base

    rng = np.random.default_rng(3)
    dense = rng.standard_normal((200, 9))
    dense[rng.random((200, 9)) < 0.6] = 0
    y = (rng.random(200) < 0.2).astype(int)
    expected = SMOTE(random_state=0).fit_resample(dense, y)[0]
    for backend in ("numpy", "numba"):
        monkeypatch.setattr(_base, "_SPARSE_BLOCK", 7)  # many blocks, run in threads
        with minibalance.config_context(backend=backend):
            got = SMOTE(random_state=0).fit_resample(sp.csr_matrix(dense), y)[0]
        np.testing.assert_array_equal(got.toarray(), expected)


@pytest.mark.parametrize("power", [-700, 700])
@pytest.mark.parametrize("name", sorted(set(SAMPLERS) - {"ClusterCentroids"}))
def test_sparse_samplers_on_huge_and_tiny_data_give_their_dense_rows(backend, name, power):
    """Stored values near 1e210 overflowed the sparse engine's squared norms (with a
    RuntimeWarning), near 1e-211 they underflowed to ties at 0, and the rows then
    differed from the dense path's, which scales such data by a power of two. The
    sparse engine scales by the same power: the dense rows, and no warning."""
    rng = np.random.default_rng(4)
    dense = rng.standard_normal((90, 6))
    dense[rng.random((90, 6)) < 0.5] = 0.0
    dense[np.arange(90), rng.integers(0, 6, 90)] = rng.standard_normal(90) + 3.0
    y = (rng.random(90) < 0.3).astype(int)
    scaled = np.ldexp(dense, power)
    # SVMSMOTE's SVC and the threshold's forest are scikit-learn's, which refuses the
    # huge data (dense or sparse: "not finite", "too large for float32") and warns on
    # the tiny (its variance underflows); the rest is ours
    ours_alone = name not in ("SVMSMOTE", "InstanceHardnessThreshold")
    if not ours_alone and power > 0:  # refused alike, sparse and dense, with its ValueError
        for X in (sp.csr_matrix(scaled), scaled):
            with warnings.catch_warnings(), pytest.raises(ValueError, match=r"finite|too large"):
                warnings.simplefilter("ignore", RuntimeWarning)
                _sampler("minibalance", name).fit_resample(X, y)
        return
    with warnings.catch_warnings():
        warnings.simplefilter("error" if ours_alone else "ignore", RuntimeWarning)
        ours = _sampler("minibalance", name).fit_resample(sp.csr_matrix(scaled), y)
        want = _sampler("minibalance", name).fit_resample(scaled, y)
    np.testing.assert_array_equal(ours[0].toarray(), want[0])
    np.testing.assert_array_equal(ours[1], want[1])
    if ours_alone:  # neighbours alone decide: the rows of the plain data, scaled, exactly
        plain = _sampler("minibalance", name).fit_resample(sp.csr_matrix(dense), y)
        np.testing.assert_array_equal(ours[0].toarray(), np.ldexp(plain[0].toarray(), power))
        np.testing.assert_array_equal(ours[1], plain[1])


@given(
    problem=sparse_matrices(max_rows=60, max_features=8),
    power=st.sampled_from([-900, -700, 700, 900]),  # 2**-900 * 1e-6 ~ 1e-277: no subnormal
    seed=st.integers(0, 2**32 - 1),
)
def test_sparse_engine_on_huge_and_tiny_data_is_the_engine_on_the_plain_data(problem, power, seed):
    X, dense = problem
    n = dense.shape[0]
    big = X.copy()  # its format, explicit zeros and duplicates kept
    big.data = np.ldexp(big.data, power)
    k = min(3, n - 1)
    rng = np.random.default_rng(seed)
    P = dense[rng.integers(0, n, 4)] + 0.5 * (rng.random((4, dense.shape[1])) < 0.5)
    cand = rng.integers(0, n, (4, 3))
    for backend in ("numpy", "numba"):
        with minibalance.config_context(backend=backend), warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)
            np.testing.assert_array_equal(engine.kneighbors(big, k), engine.kneighbors(dense, k))
            for far in (False, True):
                np.testing.assert_array_equal(
                    engine.kneighbors(
                        big, k, queries=sp.csr_matrix(np.ldexp(P, power)), farthest=far
                    ),
                    engine.kneighbors(dense, k, queries=P, farthest=far),
                )
            got = engine.distances(big, sp.csr_matrix(np.ldexp(P, power)), cand)
        np.testing.assert_array_equal(
            got, np.ldexp(engine.distances(sp.csr_matrix(dense), sp.csr_matrix(P), cand), power)
        )
