"""The exact k-NN engine: scikit-learn's neighbours, both backends, every algorithm."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.neighbors import NearestNeighbors

import minibalance
import minibalance._neighbors as engine
from minibalance._config import numba_available
from minibalance._kdtree import build_kdtree
from minibalance._kernels import kdtree, knn
from minibalance._neighbors import kneighbors

ALGORITHMS = ["brute", "kd_tree", "ckdtree"]


def naive_kneighbors(X, k):
    """The obvious O(n^2) version: exact distances, ties by index, self dropped."""
    X = X.astype(np.float64)
    d = ((X[:, None, :] - X[None, :, :]) ** 2).sum(-1)
    order = np.lexsort((np.broadcast_to(np.arange(len(X)), d.shape), d), axis=-1)
    return order[:, 1 : k + 1]


@given(
    n=st.integers(2, 120),
    d=st.integers(1, 30),
    seed=st.integers(0, 2**32 - 1),
    data=st.data(),
)
def test_equals_sklearn_on_continuous_data(backend, n, d, seed, data):
    k = data.draw(st.integers(1, n - 1))
    X = np.random.default_rng(seed).standard_normal((n, d))
    expected = NearestNeighbors(n_neighbors=k + 1).fit(X).kneighbors(X, return_distance=False)
    for algorithm in ALGORITHMS:
        got = kneighbors(X, k, algorithm=algorithm)
        np.testing.assert_array_equal(got, expected[:, 1:])


@given(n=st.integers(2, 80), d=st.integers(1, 4), seed=st.integers(0, 2**32 - 1), data=st.data())
def test_ties_are_ordered_by_index(backend, n, d, seed, data):
    # Small integer grids: many exactly equal distances and duplicate points.
    k = data.draw(st.integers(1, n - 1))
    X = np.random.default_rng(seed).integers(0, 3, size=(n, d)).astype(float)
    expected = naive_kneighbors(X, k)
    for algorithm in ALGORITHMS:
        np.testing.assert_array_equal(kneighbors(X, k, algorithm=algorithm), expected)


@pytest.mark.parametrize(("q_tile", "r_tile"), [(1, 1), (7, 13), (13, 7), (100, 30)])
def test_tiles_smaller_than_the_data(backend, monkeypatch, q_tile, r_tile):
    # Many query and reference tiles, with a ragged last tile of each.
    monkeypatch.setitem(engine._TILES, backend, (q_tile, r_tile))
    X = np.random.default_rng(0).standard_normal((101, 5))
    np.testing.assert_array_equal(kneighbors(X, 4, algorithm="brute"), naive_kneighbors(X, 4))
    grid = np.random.default_rng(1).integers(0, 2, size=(60, 3)).astype(float)  # ties
    np.testing.assert_array_equal(kneighbors(grid, 6, algorithm="brute"), naive_kneighbors(grid, 6))


def test_backends_and_algorithms_agree_on_duplicates():
    X = np.repeat(np.random.default_rng(1).standard_normal((20, 3)), 4, axis=0)
    results = []
    for backend in ["numpy", "numba"]:
        with minibalance.config_context(backend=backend):
            results += [kneighbors(X, 6, algorithm=algorithm) for algorithm in ALGORITHMS]
    for result in results[1:]:
        np.testing.assert_array_equal(result, results[0])


@given(
    seed=st.integers(0, 2**32 - 1),
    q=st.integers(1, 20),
    r=st.integers(1, 40),
    base=st.sampled_from([0, 7, 1000]),
)
def test_merge_topk_twins_agree(seed, q, r, base):
    rng = np.random.default_rng(seed)
    m = int(rng.integers(1, 8))
    gram = rng.integers(-2, 3, size=(q, r)).astype(float)  # many exact ties
    qn = rng.integers(0, 3, q).astype(float)
    out = []
    for merge in (knn.merge_topk_numpy, knn.merge_topk_numba):
        best_d, best_i = np.full((q, m), np.inf), np.full((q, m), -1, dtype=np.intp)
        # the first tile need not start at reference 0 (the engine may begin anywhere)
        merge(gram[:, : r // 2].copy(), qn, base, best_d, best_i)
        merge(gram[:, r // 2 :].copy(), qn, base + r // 2, best_d, best_i)
        out.append((best_d, best_i))
    np.testing.assert_array_equal(out[0][0], out[1][0])
    np.testing.assert_array_equal(out[0][1], out[1][1])


def test_choose_algorithm():
    assert engine.choose_algorithm(100_000, 8, "numba") == "kd_tree"
    assert engine.choose_algorithm(100_000, 10, "numba") == "kd_tree"
    assert engine.choose_algorithm(100_000, 11, "numba") == "brute"
    assert engine.choose_algorithm(100_000, 8, "numpy") == "ckdtree"
    assert engine.choose_algorithm(30_000, 10, "numpy") == "brute"
    assert engine.choose_algorithm(100_000, 12, "numpy") == "ckdtree"  # large: the tree
    assert engine.choose_algorithm(100_000, 13, "numpy") == "brute"
    assert engine.choose_algorithm(100_000, 50, "numpy") == "brute"
    assert engine.choose_algorithm(100, 3, "numba") == "brute"
    assert engine.choose_algorithm(100, 3, "numpy") == "brute"


def test_bad_algorithm():
    with pytest.raises(ValueError, match="algorithm='ball_tree' must be"):
        kneighbors(np.zeros((5, 2)), 2, algorithm="ball_tree")


@pytest.mark.parametrize("k", [0, 5])
def test_bad_n_neighbors(k):
    with pytest.raises(ValueError, match="n_neighbors"):
        kneighbors(np.zeros((5, 2)), k)


def _naive_rows(X, k):
    """Exact neighbours row by row (no n x n matrix), by the test's own formula."""
    out = np.empty((len(X), k), dtype=np.intp)
    for q in range(len(X)):
        d = ((X - X[q]) ** 2).sum(axis=1)
        out[q] = np.lexsort((np.arange(len(X)), d))[1 : k + 1]
    return out


HARD_DATA = {
    # far from the origin: the GEMM form cancels badly without centring
    "offset": lambda rng: rng.standard_normal((600, 6)) + 1e6,
    "tiny spread": lambda rng: rng.standard_normal((600, 6)) * 1e-9 + 1.0,
    "mixed scales": lambda rng: rng.standard_normal((600, 6)) * np.logspace(-6, 6, 6),
    # decimal grid: exact ties that binary floating point cannot see as ties
    "decimal grid": lambda rng: rng.integers(0, 4, (600, 3)) * 0.1,
    "large integers": lambda rng: rng.integers(0, 2**20, (600, 4)).astype(float),
    "one-hot and counts": lambda rng: np.column_stack(
        [np.eye(4)[rng.integers(0, 4, 600)], rng.integers(0, 3, 600)]
    ).astype(float),
    "high dimensional": lambda rng: rng.standard_normal((600, 300)),
}


@pytest.mark.parametrize("name", sorted(HARD_DATA))
def test_certified_brute_force_is_exact_on_hard_data(backend, monkeypatch, name):
    monkeypatch.setitem(engine._TILES, backend, (64, 128))  # many tiles
    X = HARD_DATA[name](np.random.default_rng(7))
    np.testing.assert_array_equal(kneighbors(X, 5, algorithm="brute"), _naive_rows(X, 5))


def test_uncertified_queries_fall_back_to_the_exact_scan(backend, monkeypatch):
    calls = []
    name = f"exact_topk_{backend}"
    original = getattr(knn, name)
    monkeypatch.setattr(
        knn, name, lambda X, Q, i, k, far: calls.append(i) or original(X, Q, i, k, far)
    )
    X = HARD_DATA["decimal grid"](np.random.default_rng(3))
    np.testing.assert_array_equal(kneighbors(X, 5, algorithm="brute"), _naive_rows(X, 5))
    assert calls  # the tie shells defeat the certificate: the fallback ran
    calls.clear()
    kneighbors(np.random.default_rng(3).standard_normal((600, 5)), 5, algorithm="brute")
    assert not calls  # continuous data: every query certified


@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 60), k=st.integers(1, 8))
def test_exact_topk_twins_agree(seed, n, k):
    X = np.random.default_rng(seed).integers(0, 3, size=(n, 3)).astype(float)
    k = min(k, n)
    q = int(np.random.default_rng(seed).integers(0, n))
    np.testing.assert_array_equal(
        knn.exact_topk_numpy(X, X, q, k), knn.exact_topk_numba(X, X, q, k)
    )


@given(
    seed=st.integers(0, 2**32 - 1),
    q=st.integers(1, 6),
    widths=st.lists(st.integers(1, 300), min_size=1, max_size=3),
    m=st.integers(1, 10),
    dtype=st.sampled_from([np.float32, np.float64]),
)
def test_merge_topk_keeps_the_m_smallest_over_wide_tiles(seed, q, widths, m, dtype):
    # Tiles as wide as the engine's (256) and wider, in index order, on products
    # with many exact ties: the Numba twin's first-tile cap and 16-wide sub-blocks
    # must leave the m smallest (distance, index) of every row, as the NumPy twin.
    rng = np.random.default_rng(seed)
    r = sum(widths)
    gram = rng.integers(-3, 4, size=(q, r)).astype(dtype)
    qn = rng.integers(0, 3, q).astype(float)
    out = []
    for merge in (knn.merge_topk_numpy, knn.merge_topk_numba):
        best_d, best_i = np.full((q, m), np.inf), np.full((q, m), -1, dtype=np.intp)
        r0 = 0
        for w in widths:
            merge(gram[:, r0 : r0 + w].copy(), qn, r0, best_d, best_i)
            r0 += w
        out.append((best_d, best_i))
    dist = gram.astype(np.float64) + qn[:, None]
    for i in range(q):
        order = np.lexsort((np.arange(r), dist[i]))[:m]
        np.testing.assert_array_equal(out[0][1][i, : order.size], order)
        np.testing.assert_array_equal(out[0][0][i, : order.size], dist[i, order])
    np.testing.assert_array_equal(out[0][0], out[1][0])
    np.testing.assert_array_equal(out[0][1], out[1][1])


@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 300),
    m=st.integers(1, 10),
    dtype=st.sampled_from([np.float32, np.float64]),
)
def test_first_tile_cap_bounds_the_mth_smallest_distance(seed, n, m, dtype):
    rng = np.random.default_rng(seed)
    row = (rng.standard_normal(n) * 10.0 ** rng.integers(-3, 4)).astype(dtype)
    if rng.random() < 0.5:
        row = np.round(row).astype(dtype)  # ties
    qn = float(rng.random() * 5)
    cap = knn._first_tile_cap(row, qn, m)
    if n // m < 2:
        assert cap == np.inf
        return
    dist = np.sort(qn + row.astype(np.float64))
    assert dist[m - 1] < cap  # the strict test keeps the m-th smallest and all below it
    # and it is the largest of the m group minima, one float up
    size = n // m
    top = max(qn + float(row[g * size : (g + 1) * size].min()) for g in range(m))
    assert cap == np.nextafter(top, np.inf)


@given(seed=st.integers(0, 2**32 - 1), q=st.integers(1, 20), r=st.integers(1, 40))
def test_merge_topk_numba_widens_float32_as_numpy_does_in_float64(seed, q, r):
    # The engine feeds Numba float32 dot products; its arithmetic is float64, the
    # same as the NumPy twin given the widened products.
    rng = np.random.default_rng(seed)
    m = int(rng.integers(1, 8))
    gram = rng.standard_normal((q, r)).astype(np.float32)
    qn = rng.random(q) * 3
    out = []
    cases = (
        (knn.merge_topk_numpy, gram.astype(np.float64)),
        (knn.merge_topk_numpy, gram),  # float32 tests first, then float64 ones
        (knn.merge_topk_numba, gram),
    )
    for merge, g in cases:
        best_d, best_i = np.full((q, m), np.inf), np.full((q, m), -1, dtype=np.intp)
        # two tiles: the second goes through the row-minimum pre-filter
        merge(g[:, : r // 2].copy(), qn, 0, best_d, best_i)
        merge(g[:, r // 2 :].copy(), qn, r // 2, best_d, best_i)
        out.append((best_d, best_i))
    for best_d, best_i in out[1:]:
        np.testing.assert_array_equal(best_d, out[0][0])
        np.testing.assert_array_equal(best_i, out[0][1])


@given(
    seed=st.integers(0, 2**32 - 1),
    q=st.integers(1, 12),
    r=st.integers(1, 40),
    scale=st.sampled_from([1e-30, 1e-3, 1.0, 1e8, 1e30]),
    spread=st.sampled_from([1.0, 1e3, 1e7]),
)
def test_merge_topk_numpy_float32_selection_on_any_scale(seed, q, r, scale, spread):
    # The float32 pre-tests use thresholds rounded outwards: on any magnitude of
    # the norms and the products (even norms 1e7 times the products, where a
    # float32 threshold would round past the entries) the selection is the
    # plain one by (q_norm + float64(product), index).
    rng = np.random.default_rng(seed)
    m = int(rng.integers(1, 8))
    gram = (rng.standard_normal((q, r)) * scale).astype(np.float32)
    qn = rng.random(q) * scale * spread
    best_d, best_i = np.full((q, m), np.inf), np.full((q, m), -1, dtype=np.intp)
    knn.merge_topk_numpy(gram[:, : r // 2], qn, 0, best_d, best_i)
    knn.merge_topk_numpy(gram[:, r // 2 :], qn, r // 2, best_d, best_i)
    dist = gram.astype(np.float64) + qn[:, None]
    for i in range(q):
        order = np.lexsort((np.arange(r), dist[i]))[:m]
        np.testing.assert_array_equal(best_i[i, : order.size], order)
        np.testing.assert_array_equal(best_d[i, : order.size], dist[i, order])


@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(0, 300),
    n_rows=st.sampled_from([1, 7, 1000, 2**15 + 3]),
    n_values=st.sampled_from([2, 50, 10**9]),
)
def test_row_distance_index_order_is_lexsort(seed, n, n_rows, n_values):
    # The two stable sorts with the tie check give lexsort's order exactly:
    # with distance ties inside rows (the lexsort fallback), without them, and
    # with rows beyond int16 (the fallback too).
    rng = np.random.default_rng(seed)
    rows = np.sort(rng.integers(0, n_rows, n))
    dist = rng.integers(0, n_values, n) / 7.0
    idx = rng.permutation(n)
    np.testing.assert_array_equal(
        knn._by_row_distance_index(rows, dist, idx), np.lexsort((idx, dist, rows))
    )


@given(
    seed=st.integers(0, 2**32 - 1),
    n_features=st.integers(1, 40),
    offset=st.sampled_from([0.0, 1.0, 1e3]),
    dtype=st.sampled_from([np.float32, np.float64]),
)
def test_gram_error_bound_holds(seed, n_features, offset, dtype):
    # The certificate's premise: the one-GEMM approximate distance
    # |q|^2 + fl(|x|^2 - 2 q.x) errs from the exact sum by at most the bound.
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((200, n_features)) * rng.choice([1e-3, 1.0, 1e3], n_features)
    X = X + offset
    centred = X - X.mean(axis=0)
    norms = np.einsum("ij,ij->i", centred, centred)
    Xa = engine._with_norms(centred, norms, dtype)
    qn = norms[:30]
    Qa = np.empty((30, n_features + 1), dtype=dtype)
    Qa[:, :-1] = Xa[:30, :-1] * -2.0
    Qa[:, -1] = 1.0
    approx = (Qa @ Xa.T).astype(np.float64) + qn[:, None]
    exact = ((X[None, :, :] - X[:30, None, :]) ** 2).sum(axis=2)
    rho = float(np.sqrt(norms.max()))
    bound = engine._gram_error_bound(qn, rho, dtype, n_features)
    assert np.all(np.abs(approx - exact) <= bound[:, None])


@pytest.mark.parametrize("n_features", [3, 10, 40])
def test_spatial_order_changes_nothing_but_speed(backend, monkeypatch, n_features):
    # Rows visited in a KD-tree's leaf order, own neighbourhood first, then the
    # rest: the certified result is the natural-order one.
    monkeypatch.setitem(engine._TILES, backend, (64, 128))
    X = np.random.default_rng(n_features).standard_normal((900, n_features))
    assert engine._locality_order(X, 128) is not None
    ordered = kneighbors(X, 5, algorithm="brute")
    monkeypatch.setattr(engine, "_locality_order", lambda X, r_tile: None)
    np.testing.assert_array_equal(ordered, kneighbors(X, 5, algorithm="brute"))
    np.testing.assert_array_equal(ordered, _naive_rows(X, 5))


HUGE = {
    "large values": lambda rng: rng.standard_normal((600, 4)) * 1e15,  # float32 filter
    "huge values": lambda rng: rng.standard_normal((600, 4)) * 1e30,  # float64 filter
}


@pytest.mark.parametrize("name", sorted(HARD_DATA.keys() | HUGE.keys()))
@pytest.mark.parametrize("leaf_size", [1, 8])
def test_kd_tree_is_exact_on_hard_data(backend, monkeypatch, name, leaf_size):
    # Deep trees (one or eight rows per leaf) and data that strains the float32
    # filter: far offsets, tiny spreads, mixed scales, decimal and integer ties.
    monkeypatch.setattr(engine, "KDTREE_LEAF_SIZE", leaf_size)
    X = {**HARD_DATA, **HUGE}[name](np.random.default_rng(7))
    if X.shape[1] > 10:
        X = X[:60]  # the NumPy twin searches one query at a time
    np.testing.assert_array_equal(kneighbors(X, 5, algorithm="kd_tree"), _naive_rows(X, 5))


@pytest.mark.parametrize("name", sorted(HARD_DATA.keys() | HUGE.keys()))
def test_ckdtree_is_exact_on_hard_data(backend, name):
    X = {**HARD_DATA, **HUGE}[name](np.random.default_rng(7))
    np.testing.assert_array_equal(kneighbors(X, 5, algorithm="ckdtree"), _naive_rows(X, 5))


def test_ckdtree_serves_tie_groups_larger_than_its_candidates(backend):
    # Three distinct points, 200 copies each: neither k + 2 nor 4 (k + 2)
    # candidates reach past a tie group, so the ball query has to serve it.
    X = np.repeat(np.random.default_rng(2).standard_normal((3, 2)), 200, axis=0)
    X = X[np.random.default_rng(3).permutation(len(X))]
    np.testing.assert_array_equal(kneighbors(X, 5, algorithm="ckdtree"), _naive_rows(X, 5))


@given(
    n=st.integers(1, 300),
    d=st.integers(1, 5),
    leaf_size=st.integers(1, 40),
    seed=st.integers(0, 2**32 - 1),
    ties=st.booleans(),
)
def test_kdtree_structure_and_build_twins(n, d, leaf_size, seed, ties):
    rng = np.random.default_rng(seed)
    X = rng.integers(0, 3, (n, d)).astype(float) if ties else rng.standard_normal((n, d))
    n_nodes = 2 * max(1, -(-n // leaf_size)) - 1
    built = [build(X, leaf_size, n_nodes) for build in (kdtree.build_numpy, kdtree.build_numba)]
    for a, b in zip(*built, strict=True):
        np.testing.assert_array_equal(a, b)
    tree = build_kdtree(X, leaf_size)
    np.testing.assert_array_equal(np.sort(tree.order), np.arange(n))
    assert tree.start[0] == 0 and tree.end[0] == n
    leaves = np.flatnonzero(tree.left < 0)
    leaves = leaves[np.argsort(tree.start[leaves])]
    sizes = tree.end[leaves] - tree.start[leaves]  # every leaf full but the last
    assert (sizes[:-1] == leaf_size).all() and 1 <= sizes[-1] <= leaf_size
    np.testing.assert_array_equal(tree.start[leaves[1:]], tree.end[leaves[:-1]])
    assert len(tree.start) == 2 * len(leaves) - 1
    for v in range(len(tree.start)):
        rows = X[tree.order[tree.start[v] : tree.end[v]]]
        np.testing.assert_array_equal(tree.lo[v], rows.min(axis=0))  # tight boxes
        np.testing.assert_array_equal(tree.hi[v], rows.max(axis=0))
        a, b = tree.left[v], tree.right[v]
        assert (a < 0) == (b < 0) == (len(rows) <= leaf_size)
        if a >= 0:  # the children split the run, by (value along the widest dimension, row)
            assert tree.start[a] == tree.start[v] and tree.end[a] == tree.start[b]
            assert tree.end[b] == tree.end[v]
            dim = int(np.argmax(tree.hi[v] - tree.lo[v]))
            rows_a = tree.order[tree.start[a] : tree.end[a]]
            rows_b = tree.order[tree.start[b] : tree.end[b]]
            key_a = max(zip(X[rows_a, dim], rows_a, strict=True))
            key_b = min(zip(X[rows_b, dim], rows_b, strict=True))
            assert key_a < key_b


@given(
    n=st.integers(2, 150),
    d=st.integers(1, 4),
    leaf_size=st.integers(1, 16),
    seed=st.integers(0, 2**32 - 1),
    ties=st.booleans(),
)
def test_kdtree_query_twins_agree(n, d, leaf_size, seed, ties):
    rng = np.random.default_rng(seed)
    X = rng.integers(0, 3, (n, d)) * 0.1 if ties else rng.standard_normal((n, d))
    k = int(rng.integers(1, n))
    out = {}
    for backend in ["numpy", "numba"] if numba_available() else ["numpy"]:
        with minibalance.config_context(backend=backend), pytest.MonkeyPatch.context() as mp:
            mp.setattr(engine, "KDTREE_LEAF_SIZE", leaf_size)
            out[backend] = kneighbors(X, k, algorithm="kd_tree")
        np.testing.assert_array_equal(out[backend], naive_kneighbors(X, k))


def naive_query_neighbors(X, Q, k):
    """Exact neighbours in X of each point of Q: exact distances, ties by row index."""
    X, Q = X.astype(np.float64), Q.astype(np.float64)
    out = np.empty((len(Q), k), dtype=np.intp)
    for i, q in enumerate(Q):
        d = np.zeros(len(X))
        for f in range(X.shape[1]):
            d += (X[:, f] - q[f]) ** 2
        out[i] = np.lexsort((np.arange(len(X)), d))[:k]
    return out


@given(
    n=st.integers(2, 150),
    d=st.integers(1, 12),
    seed=st.integers(0, 2**32 - 1),
    ties=st.booleans(),
    data=st.data(),
)
def test_query_rows_among_all_rows(backend, n, d, seed, ties, data):
    # BorderlineSMOTE/ADASYN: minority rows among all of X, self excluded.
    rng = np.random.default_rng(seed)
    X = rng.integers(0, 3, (n, d)).astype(float) if ties else rng.standard_normal((n, d))
    k = data.draw(st.integers(1, n - 1))
    rows = np.flatnonzero(rng.random(n) < 0.4)
    expected = naive_query_neighbors(X, X[rows], k + 1)[:, 1:]
    for algorithm in ALGORITHMS:
        got = kneighbors(X, k, queries=rows, algorithm=algorithm)
        np.testing.assert_array_equal(got, expected)
    if not ties and rows.size:
        nn = NearestNeighbors(n_neighbors=k + 1).fit(X)
        np.testing.assert_array_equal(got, nn.kneighbors(X[rows], return_distance=False)[:, 1:])


@given(
    n=st.integers(1, 150),
    n_q=st.integers(0, 60),
    d=st.integers(1, 12),
    seed=st.integers(0, 2**32 - 1),
    ties=st.booleans(),
    data=st.data(),
)
def test_query_points_of_another_set(backend, n, n_q, d, seed, ties, data):
    # NearMiss, Tomek links across classes: neighbours of other points, none excluded.
    rng = np.random.default_rng(seed)
    draw = (
        (lambda m: rng.integers(0, 3, (m, d)).astype(float))
        if ties
        else (lambda m: rng.standard_normal((m, d)) * 3 + 1)
    )
    X, Q = draw(n), draw(n_q)
    k = data.draw(st.integers(1, n))
    expected = naive_query_neighbors(X, Q, k)
    for algorithm in ALGORITHMS:
        got = kneighbors(X, k, queries=Q, algorithm=algorithm)
        assert got.shape == (n_q, k)
        np.testing.assert_array_equal(got, expected)
    if not ties and n_q:
        nn = NearestNeighbors(n_neighbors=k).fit(X)
        np.testing.assert_array_equal(got, nn.kneighbors(Q, return_distance=False))


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_queries_on_the_large_paths(backend, monkeypatch, algorithm):
    # Past the size limits (locality order, many blocks and tiles), subsets and points.
    monkeypatch.setitem(engine._TILES, backend, (64, 128))
    monkeypatch.setattr(engine, "_KD_QUERY_BLOCK", 100)
    monkeypatch.setattr(engine, "_CKD_QUERY_CHUNK", 100)
    rng = np.random.default_rng(5)
    X = rng.standard_normal((1500, 4))
    rows = rng.permutation(1500)[:400]
    Q = rng.standard_normal((300, 4)) + 0.5
    np.testing.assert_array_equal(
        kneighbors(X, 5, queries=rows, algorithm=algorithm), _naive_rows(X, 5)[rows]
    )
    np.testing.assert_array_equal(
        kneighbors(X, 5, queries=Q, algorithm=algorithm), naive_query_neighbors(X, Q, 5)
    )
    # a decimal grid: ties that defeat the certificate, for the wide look and the scan
    G = rng.integers(0, 4, (900, 3)) * 0.1
    QG = rng.integers(0, 4, (200, 3)) * 0.1 + 0.05
    np.testing.assert_array_equal(
        kneighbors(G, 6, queries=QG, algorithm=algorithm), naive_query_neighbors(G, QG, 6)
    )


def test_queries_scaled_with_the_references(backend):
    rng = np.random.default_rng(2)
    X, Q = rng.standard_normal((200, 3)) * 1e200, rng.standard_normal((50, 3)) * 1e200
    for algorithm in ALGORITHMS:
        np.testing.assert_array_equal(
            kneighbors(X, 4, queries=Q, algorithm=algorithm),
            naive_query_neighbors(X / 1e200, Q / 1e200, 4),
        )


def test_bad_queries():
    X = np.zeros((5, 2))
    with pytest.raises(ValueError, match="queries must be"):
        kneighbors(X, 2, queries=np.zeros((3, 3)))
    with pytest.raises(ValueError, match="queries: row numbers"):
        kneighbors(X, 2, queries=np.array([0, 5]))
    with pytest.raises(ValueError, match="exclude_self=True needs"):
        kneighbors(X, 2, queries=np.zeros((3, 2)), exclude_self=True)
    with pytest.raises(ValueError, match="n_neighbors"):
        kneighbors(X, 6, queries=np.zeros((3, 2)))
    assert kneighbors(X, 5, queries=np.zeros((3, 2))).shape == (3, 5)
    assert kneighbors(X, 4, exclude_self=False).shape == (5, 4)


def test_a_numba_kernel_calls_another_kernel():
    # The shim compiles a kernel's callees first (insert_sorted, sq_distance).
    pytest.importorskip("numba")
    X = np.random.default_rng(0).standard_normal((30, 3))
    np.testing.assert_array_equal(
        knn.exact_topk_numba(X, X, 4, 6), knn.exact_topk_numpy(X, X, 4, 6)
    )
    import numba

    # the callees' names now refer to their compiled dispatchers, which numba can call
    assert isinstance(knn.sq_distance, numba.core.registry.CPUDispatcher)
    assert isinstance(knn.insert_sorted, numba.core.registry.CPUDispatcher)


def naive_farthest(X, Q, k):
    """The k farthest rows of X from each point of Q: decreasing exact distance, then index."""
    out = np.empty((len(Q), k), dtype=np.intp)
    for i, q in enumerate(Q):
        d = np.zeros(len(X))
        for f in range(X.shape[1]):
            d += (X[:, f] - q[f]) ** 2
        out[i] = np.lexsort((np.arange(len(X)), -d))[:k]
    return out


@given(
    n=st.integers(1, 150),
    n_q=st.integers(0, 40),
    d=st.integers(1, 30),
    seed=st.integers(0, 2**32 - 1),
    kind=st.sampled_from(["gauss", "grid", "decimal", "offset"]),
    data=st.data(),
)
def test_farthest_rows(backend, n, n_q, d, seed, kind, data):
    # NearMiss-2: the k farthest minority rows of every majority row, many tiles.
    rng = np.random.default_rng(seed)
    draw = {
        "gauss": lambda m: rng.standard_normal((m, d)),
        "grid": lambda m: rng.integers(0, 3, (m, d)).astype(float),
        "decimal": lambda m: rng.integers(0, 3, (m, d)) * 0.1,
        "offset": lambda m: rng.standard_normal((m, d)) + 1e5,
    }[kind]
    X, Q = draw(n), draw(n_q)
    k = data.draw(st.integers(1, n))
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(engine._TILES, backend, (16, 32))
        got = kneighbors(X, k, queries=Q, farthest=True)
    np.testing.assert_array_equal(got, naive_farthest(X, Q, k))


def test_farthest_arguments():
    X = np.random.default_rng(0).standard_normal((20, 2))
    with pytest.raises(ValueError, match="exclude_self=False"):
        kneighbors(X, 2, farthest=True, exclude_self=True)
    with pytest.raises(ValueError, match="algorithm='brute'"):
        kneighbors(X, 2, queries=X[:3], farthest=True, algorithm="kd_tree")
    # rows of X as points: the farthest of each, the row itself never among them
    np.testing.assert_array_equal(
        kneighbors(X, 3, queries=np.arange(20), farthest=True), naive_farthest(X, X, 3)
    )


@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 40), k=st.integers(1, 8))
def test_farthest_twins_agree(seed, n, k):
    rng = np.random.default_rng(seed)
    X = rng.integers(0, 3, size=(n, 3)).astype(float)
    k = min(k, n)
    cand = np.stack([rng.permutation(n) for _ in range(4)])
    Q = X[:4] if n >= 4 else np.repeat(X[:1], 4, axis=0)
    for far in (False, True):
        np.testing.assert_array_equal(
            knn.rerank_numpy(X, Q, cand, k, far), knn.rerank_numba(X, Q, cand, k, far)
        )
        np.testing.assert_array_equal(
            knn.exact_topk_numpy(X, Q, 0, k, far), knn.exact_topk_numba(X, Q, 0, k, far)
        )


def test_kdtree_filter_copy_built_in_chunks(backend, monkeypatch):
    # The centred filter copy is written a chunk of rows at a time (bounded scratch).
    monkeypatch.setattr(engine, "_CENTRE_CHUNK", 1000)
    X = np.random.default_rng(9).standard_normal((3500, 3)) * 100 + 7
    Q = np.random.default_rng(10).standard_normal((50, 3)) * 100
    np.testing.assert_array_equal(kneighbors(X, 4, algorithm="kd_tree"), _naive_rows(X, 4))
    np.testing.assert_array_equal(
        kneighbors(X, 4, queries=Q, algorithm="kd_tree"), naive_query_neighbors(X, Q, 4)
    )


def test_exact_nearest_neighbors_interface_matches_sklearn():
    from minibalance._nearest import ExactNearestNeighbors
    from minibalance.under_sampling import EditedNearestNeighbours

    rng = np.random.default_rng(4)
    X, Q = rng.standard_normal((300, 4)), rng.standard_normal((40, 4))
    ours = ExactNearestNeighbors(n_neighbors=4).fit(X)
    theirs = NearestNeighbors(n_neighbors=4).fit(X)
    for args in ((), (Q,)):
        d_o, i_o = ours.kneighbors(*args)
        d_t, i_t = theirs.kneighbors(*args)
        np.testing.assert_array_equal(i_o, i_t)
        np.testing.assert_allclose(d_o, d_t, rtol=1e-12)
    assert ours.kneighbors(Q, n_neighbors=2, return_distance=False).shape == (40, 2)
    # usable wherever a neighbours estimator is: the ENN that RENN exposes runs
    y = (rng.random(300) < 0.3).astype(int)
    a = EditedNearestNeighbours(n_neighbors=ExactNearestNeighbors(n_neighbors=4)).fit_resample(X, y)
    b = EditedNearestNeighbours(n_neighbors=3).fit_resample(X, y)
    np.testing.assert_array_equal(a[0], b[0])


# --- the self-join: every row a query of its own set ---------------------------------


@given(
    seed=st.integers(0, 2**32 - 1),
    q=st.integers(1, 20),
    r=st.integers(1, 40),
    start=st.sampled_from([0, 7, 1000]),
)
def test_merge_columns_twins_agree(seed, q, r, start):
    # Rows arrive in index order (two tiles, the second after the first), on
    # integer products with many exact ties, float64 and float32.
    rng = np.random.default_rng(seed)
    m = int(rng.integers(1, 8))
    gram = rng.integers(-2, 3, size=(q, r)).astype(rng.choice([np.float32, np.float64]))
    qn = rng.integers(0, 3, q).astype(float)
    out = []
    for merge in (knn.merge_columns_numpy, knn.merge_columns_numba):
        best_d, best_i = np.full((r, m), np.inf), np.full((r, m), -1, dtype=np.intp)
        merge(gram[: q // 2].copy(), qn[: q // 2], start, best_d, best_i)
        merge(gram[q // 2 :].copy(), qn[q // 2 :], start + q // 2, best_d, best_i)
        out.append((best_d, best_i))
    # each column keeps the m smallest (q_norm[i] + product, row), by its own formula
    dist = gram.astype(np.float64) + qn[:, None]
    for j in range(r):
        order = np.lexsort((np.arange(q), dist[:, j]))[:m]
        np.testing.assert_array_equal(out[0][1][j, : order.size], start + order)
        np.testing.assert_array_equal(out[0][0][j, : order.size], dist[order, j])
    np.testing.assert_array_equal(out[0][0], out[1][0])
    np.testing.assert_array_equal(out[0][1], out[1][1])


@pytest.fixture
def self_join(backend, monkeypatch):
    """Force the self-join on (it is the Numba backend's default) and count its calls."""
    monkeypatch.setitem(engine._SELF_JOIN, backend, True)
    calls = []
    original = engine._self_join_candidates
    monkeypatch.setattr(
        engine, "_self_join_candidates", lambda *a: calls.append(a[0].shape) or original(*a)
    )
    return calls


@pytest.mark.parametrize("name", sorted(HARD_DATA))
@pytest.mark.parametrize(("q_tile", "r_tile"), [(64, 128), (50, 7), (128, 512)])
def test_self_join_is_exact_on_hard_data(backend, monkeypatch, self_join, name, q_tile, r_tile):
    # Many blocks (ragged), both orders of each pair from one product, and the
    # uniform certificate: the exact neighbours on data that strains them.
    monkeypatch.setitem(engine._TILES, backend, (q_tile, r_tile))
    X = HARD_DATA[name](np.random.default_rng(7))
    np.testing.assert_array_equal(kneighbors(X, 5, algorithm="brute"), _naive_rows(X, 5))
    # the path under test ran, but for integer data (an exact GEMM needs no certificate
    # and keeps the plain search, whose ties rely on references in index order)
    integers = name in ("large integers", "one-hot and counts")
    assert len(self_join) == (0 if integers else 1)


@given(n=st.integers(2, 150), d=st.integers(1, 12), seed=st.integers(0, 2**32 - 1), data=st.data())
def test_self_join_equals_the_query_blocks(backend, n, d, seed, data):
    # Continuous data with duplicated rows (exact ties across blocks): the same
    # neighbours as the plain search and as scikit-learn.
    k = data.draw(st.integers(1, n - 1))
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    X[rng.integers(0, n, n // 3)] = X[rng.integers(0, n, n // 3)]
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(engine._TILES, backend, (16, 8))
        mp.setitem(engine._SELF_JOIN, backend, True)
        joined = kneighbors(X, k, algorithm="brute")
        mp.setitem(engine._SELF_JOIN, backend, False)
        plain = kneighbors(X, k, algorithm="brute")
    np.testing.assert_array_equal(joined, plain)
    np.testing.assert_array_equal(joined, _naive_rows(X, k))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_self_join_distances_are_within_the_uniform_bound(backend, dtype):
    # The self-join's certificate: every pair's one approximate distance, used by
    # both of its rows, errs by at most the GEMM bound at the largest norm.
    rng = np.random.default_rng(5)
    X = rng.standard_normal((300, 7)) * np.logspace(-3, 3, 7) + 1e3
    centred = X - X.mean(axis=0)
    norms = np.einsum("ij,ij->i", centred, centred)
    Xa = engine._with_norms(centred, norms, dtype)
    n = len(X)
    best_d, best_i = engine._self_join_candidates(
        Xa,
        norms,
        n,
        64,
        32,
        lambda a, b: b - a,
        *(getattr(knn, f"{name}_{backend}") for name in ("merge_topk", "merge_columns")),
    )
    assert np.all(np.sort(best_i, axis=1) == np.arange(n))  # every pair, once per row
    exact = ((centred[:, None, :] - centred[best_i]) ** 2).sum(-1)
    rho = float(np.sqrt(norms.max()))
    bound = engine._gram_error_bound(np.array([norms.max()]), rho, dtype, X.shape[1])[0]
    assert np.all(np.abs(best_d - exact) <= bound)


@pytest.mark.parametrize("uses_blas", [True, False])
def test_run_blocks_runs_every_block_once_on_all_cores(monkeypatch, uses_blas):
    import threading
    import time

    monkeypatch.setattr(engine.os, "cpu_count", lambda: 3)
    seen, threads, lock = [], set(), threading.Lock()

    def work(start):
        with lock:
            seen.append(start)
            threads.add(threading.get_ident())
        time.sleep(0.002)

    engine._run_blocks(work, range(0, 100, 4), uses_blas=uses_blas)
    assert sorted(seen) == list(range(0, 100, 4))
    assert len(threads) == 3 and threading.get_ident() in threads  # the caller is one

    def failing(start):
        if start == 40:
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        engine._run_blocks(failing, range(0, 100, 4), uses_blas=uses_blas)
    # without threadpoolctl to hold the BLAS, BLAS work runs in the caller, in order
    monkeypatch.setattr(engine, "_blas_controller", lambda: None)
    seen.clear()
    threads.clear()
    engine._run_blocks(work, range(0, 20, 4), uses_blas=uses_blas)
    if uses_blas:
        assert seen == list(range(0, 20, 4)) and threads == {threading.get_ident()}
    else:
        assert sorted(seen) == list(range(0, 20, 4))


def test_run_pairs_never_holds_a_block_twice_and_runs_every_pair(monkeypatch):
    import threading
    import time

    pairs = [(a, b) for a in range(6) for b in range(a, 6)]
    held, seen, lock = set(), [], threading.Lock()

    def work(a, b):
        with lock:
            assert not ({a, b} & held), (a, b, held)
            held.update((a, b))
            seen.append((a, b))
        time.sleep(0.002)
        with lock:
            held.difference_update((a, b))

    monkeypatch.setattr(engine.os, "cpu_count", lambda: 4)
    engine._run_pairs(pairs, work)
    assert sorted(seen) == pairs

    def failing(a, b):
        if (a, b) == (2, 3):
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        engine._run_pairs(pairs, failing)


@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 40),
    d=st.integers(1, 70),
    m=st.integers(1, 12),
    data=st.data(),
)
def test_rerank_and_last_distance_twins_agree(seed, n, d, m, data):
    # Candidates with empty slots (-1) and repeats; continuous values with an offset,
    # so the float sums' order shows in the last bits. The last neighbour's distance is
    # the very sum the order was decided by, term after term (the test's own loop).
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d)) * rng.choice([1e-3, 1.0, 1e3], d) + 10.0
    Q = rng.standard_normal((5, d)) + 10.0
    k = data.draw(st.integers(1, m))
    cand = rng.integers(-1, n, size=(5, m))
    cand[:, 0] = rng.integers(0, n, 5)  # at least one real candidate each
    k = min(k, int((cand >= 0).sum(axis=1).min()))
    for far in (False, True):
        got = knn.rerank_numba(X, Q, cand, k, far)
        np.testing.assert_array_equal(got, knn.rerank_numpy(X, Q, cand, k, far))
    rows = cand[:, 0].copy()
    expected = np.zeros(5)
    for f in range(d):
        expected += (X[rows, f] - Q[:, f]) ** 2
    np.testing.assert_array_equal(knn.last_distances_numpy(X, Q, rows), expected)
    np.testing.assert_array_equal(knn.last_distances_numba(X, Q, rows), expected)
    # Queries that are rows of X (one of them duplicated), every slot filled: both
    # rerank_rows twins give rerank's rows and the last one's distance as summed above.
    X[rng.integers(0, n, n // 3)] = X[0]
    q_rows = rng.integers(0, n, 6)
    filled = rng.integers(0, n, size=(6, m))
    expected = knn.rerank_numpy(X, X[q_rows], filled, k)
    for rerank_rows in (knn.rerank_rows_numpy, knn.rerank_rows_numba):
        block, last = rerank_rows(X, q_rows, filled, k)
        np.testing.assert_array_equal(block, expected)
        np.testing.assert_array_equal(last, knn.last_distances_numpy(X, X[q_rows], block[:, -1]))


def test_self_join_serves_a_class_on_numba_only(backend, monkeypatch):
    # The Numba backend's default within one class of more than one block; the
    # NumPy backend keeps the query blocks (its transposed merge is slower).
    calls = []
    original = engine._self_join_candidates
    monkeypatch.setattr(engine, "_self_join_candidates", lambda *a: calls.append(1) or original(*a))
    X = np.random.default_rng(0).standard_normal((engine._TILES[backend][0] + 50, 20))
    np.testing.assert_array_equal(kneighbors(X, 5, algorithm="brute"), _naive_rows(X, 5))
    assert len(calls) == (backend == "numba")
    calls.clear()
    kneighbors(X, 5, queries=np.arange(100), algorithm="brute")  # some rows: no self-join
    kneighbors(X, 5, queries=X[:100] + 0.5, algorithm="brute")  # points: no self-join
    assert not calls


@given(
    seed=st.integers(0, 2**31 - 1),
    n=st.integers(2, 30),
    d=st.integers(1, 4),
    power=st.sampled_from([-1000, -900, -600, 600, 900, 1000]),
)
def test_distances_of_huge_and_tiny_data_are_the_scaled_distances(seed, n, d, power):
    """Scaling the data by a power of two scales every distance by it, exactly: the
    squares of values beyond 1e154 no longer overflow (NearMiss summed infinities,
    with a RuntimeWarning), those below 1e-154 no longer underflow to ties at 0."""
    import warnings

    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    nn = engine.kneighbors(X, min(2, n - 1) or 1, exclude_self=n > 1)
    expected = engine.distances(X, X, nn)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = engine.distances(np.ldexp(X, power), np.ldexp(X, power), nn)
    np.testing.assert_array_equal(got, np.ldexp(expected, power), strict=True)


@pytest.mark.parametrize("power", [-900, 900])
@pytest.mark.parametrize("version", [1, 2, 3])
def test_near_miss_on_huge_and_tiny_data_keeps_the_scaled_rows(backend, power, version):
    import warnings

    from minibalance.under_sampling import NearMiss

    rng = np.random.default_rng(version)
    X = rng.standard_normal((60, 3))
    y = (rng.random(60) < 0.3).astype(int)
    expected = NearMiss(version=version).fit_resample(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = NearMiss(version=version).fit_resample(np.ldexp(X, power), y)
    np.testing.assert_array_equal(got[0], np.ldexp(expected[0], power), strict=True)
    np.testing.assert_array_equal(got[1], expected[1])
