"""The exact k-nearest-neighbour engine behind SMOTE and the cleaning samplers.

``kneighbors(X, k)`` returns, for every row of ``X``, its ``k`` nearest other
rows of ``X``, nearest first. As imbalanced-learn does, it finds the ``k + 1``
nearest points (the query itself is normally the first) and drops the first
column. Distances are Euclidean; equal distances are ordered by row index.

Three algorithms, all exact, so the result never depends on which one ran:

- **brute force**, tiled: for a block of queries and a block of references, a
  GEMM gives the approximate squared distances ``|q|^2 - 2 q.x + |x|^2`` (of the
  centred data; in float32 on the Numba backend, twice the GEMM throughput); a
  kernel keeps the best ``m > k + 1`` candidates per query; an exact pass
  (``sum (x - q)^2``) orders them. Each query's result is then *certified*: a
  rigorous bound on the GEMM's rounding error shows that no row left out of the
  candidates can be nearer than the last neighbour kept. A query that cannot be
  certified (large groups of tied distances, as in grid-like data) is searched
  again in float64 with four times the candidates, and as a last resort by an
  exact scan. Scratch memory is a few tiles, never an n x n matrix, however large the
  class.
- **KD-tree** (``minibalance._kdtree``, searched by ``_kernels.kdtree``): exact
  distances decide, ties by row index, so it gives the brute force's answer
  exactly. The Numba backend's choice in low dimensions (up to 10): the search
  measures a leaf of 64 rows at a time in SIMD and skips most of the class.
- **scipy's cKDTree** (``"ckdtree"``): the NumPy backend's choice in low
  dimensions (up to 8) when scipy is installed. Its candidates go through the
  same exact ordering and a certificate (its distances bound every row it did
  not return); a query whose last neighbour might tie with a row left out is
  searched again, wider.

numba and scipy are optional; without them the brute force serves every case
(the KD-tree's NumPy search, one query at a time, is the readable reference).
"""

from __future__ import annotations

import functools
import importlib.util
import math
import os

import numpy as np

from ._config import get_backend
from ._kernels import twin

# Tile sizes (query rows, references) per backend, measured best: a worker holds
# one tile of dot products at a time (1 MiB of float32 for Numba's kernel, which
# wants it in cache, and few enough tiles that the per-tile Python overhead,
# under the GIL, stays small; 8 MiB of float64 for NumPy's, which pays a per-call
# overhead on every tile).
_TILES = {"numba": (512, 512), "numpy": (512, 2048)}
# Spatially ordered brute force (see _locality_order) up to this many features.
_LOCALITY_MAX_FEATURES = 64
# cKDTree queries go in chunks of this many rows (bounds the candidate table).
_CKD_QUERY_CHUNK = 4096
# The KD-tree on the Numba backend up to this many features, for classes of at
# least KDTREE_MIN_SAMPLES rows. Measured on Gaussian data, k=5, against the
# brute force (Numba, float32 GEMM): 100,000 points d=4 0.25 s vs 3.6 s, d=8 1.05
# vs 3.8, d=10 2.6 vs 4.0, d=12 5.0 vs 3.8 (a tree prunes less and less as the
# dimension grows; scikit-learn's cut-off is 15).
KDTREE_MAX_FEATURES = 10
KDTREE_MIN_SAMPLES = 2048
# Rows per leaf: 64 measured best at 4-10 features (32: more nodes to bound;
# 128: more rows measured).
KDTREE_LEAF_SIZE = 64
# KD-tree queries per work item (one thread each).
_KD_QUERY_BLOCK = 1024
# scipy's cKDTree on the NumPy backend up to this many features: d=4 0.11 s vs
# brute 1.1 s; d=8 0.95 vs 1.1; d=10 2.7 vs 0.9 (30,000 Gaussian points).
CKDTREE_MAX_FEATURES = 8


def _n_candidates(n_samples: int, n_query: int) -> tuple[int, int]:
    """Candidates per query for the first look and for the wider second look.

    Two spare candidates beyond k + 1 let the certificate clear almost every
    query of continuous data (the GEMM's rounding is far below the gap between
    neighbours); fewer candidates also mean a lower running worst, so the
    selection dismisses more blocks (a 6-14% faster k-NN at 20 features than
    with k + 1 spares). The second look keeps room for large tie groups.
    """
    return min(n_samples, n_query + 2), min(n_samples, 4 * (n_query + max(4, n_query)))


def _gram_dtype(backend: str, n_features: int, max_norm: float) -> type:
    """Precision of the candidate GEMM: float32 where it pays and stays certifiable.

    Numba's selection kernel widens each float32 dot product to float64 before
    using it; NumPy's would compute in float32, so it keeps float64. float32 is
    also refused where its products could overflow or fall into the subnormal
    range (where the relative error bound does not hold), and where the
    rounding bound grows too loose (thousands of features).
    """
    u32 = np.finfo(np.float32).eps / 2
    safe_range = 2.0**-60 < max_norm < 2.0**60
    if backend == "numba" and n_features * u32 < 1e-3 and safe_range:
        return np.float32
    return np.float64


def _exact_gram_dtype(X: np.ndarray, backend: str) -> type | None:
    """Return a GEMM dtype in which every distance of ``X`` is exact (small integers), or None.

    Integer-valued data (counts, categories, one-hot columns) has exact ties; for
    it, ``|q|^2 - 2 q.x + |x|^2`` is an integer below ``4 K max|x|^2``, exact when
    that is below ``2**24`` (float32) or ``2**53`` (float64).
    """
    if X.size == 0 or not np.array_equal(X, np.round(X)):
        return None
    top = 4.0 * X.shape[1] * float(np.abs(X).max()) ** 2
    if top < 2.0**24 and backend == "numba":
        return np.float32
    return np.float64 if top < 2.0**53 else None


def _gram_error_bound(norms: np.ndarray, dtype: type, n_features: int) -> np.ndarray:
    r"""Per query, a bound on the error of the GEMM-form squared distance to any row.

    With :math:`g = fl(\tilde q \cdot \tilde x)` (``dtype``, :math:`\tilde q`
    the rounded centred data, unit roundoff :math:`u`, :math:`K` features), the
    dot product errs by at most :math:`(\gamma_K + 2u)|q||x|` with
    :math:`\gamma_K = Ku / (1 - Ku)`, whatever the summation order of the BLAS;
    the float64 norms and the two additions add at most
    :math:`(K + 8) 2^{-53} (|q| + |x|)^2`. Taking :math:`|x| \le \rho = \max |x|`:

    .. math:: E_q = 2 (\gamma_K + 2u) |q| \rho + (K + 8) 2^{-53} (|q| + \rho)^2,

    with a little headroom.
    """
    u = np.finfo(dtype).eps / 2
    gamma = n_features * u / (1 - n_features * u)
    q = np.sqrt(norms)
    rho = q.max() if q.size else 0.0
    bound = 2 * (gamma + 2 * u) * q * rho + (n_features + 8) * 2.0**-53 * (q + rho) ** 2
    return 1.01 * bound + 4 * n_features * float(np.finfo(dtype).smallest_subnormal)


def _uncertified(X, rows, block, worst_kept, slack):
    """Rows of a query block whose neighbours might lie outside their candidates.

    A row left out of the candidates has an approximate distance of at least the
    worst kept one, so an exact distance of at least ``worst_kept - slack``. If
    that exceeds the exact distance of the last neighbour returned (with room
    for the exact sum's own rounding), nothing left out can be nearer: the
    result is certified. Otherwise the caller looks again, wider.
    """
    rel = (X.shape[1] + 3) * 2.0**-52
    return np.flatnonzero(~((worst_kept - slack) * (1 - rel) > _last_distance(X, rows, block)))


def _last_distance(X, rows, block):
    """Exact squared distance from each query row to the last neighbour in ``block``.

    Summed feature by feature, as ``rerank`` sums, so it is the very value the
    neighbours were ordered by.
    """
    queries = X[rows]
    last = X[block[:, -1]]
    dist = np.zeros(block.shape[0])
    for f in range(X.shape[1]):
        t = last[:, f] - queries[:, f]
        dist += t * t
    return dist


def _locality_order(X: np.ndarray, r_tile: int) -> np.ndarray | None:
    """Rows in the order of a KD-tree's leaves (nearby rows together), if it pays.

    It pays where selection costs as much as the GEMM: up to a few tens of
    features (measured: k-NN 22% faster at 10-20 features, 9% slower at 200,
    where the GEMM dominates and a tree's leaves say little). The engine's own
    tree (``_kdtree``), so no scipy is needed (nor its 0.2 s import).
    """
    if X.shape[0] < 2 * r_tile or X.shape[1] > _LOCALITY_MAX_FEATURES:
        return None
    from ._kdtree import build_kdtree

    return build_kdtree(X, KDTREE_LEAF_SIZE).order


def choose_algorithm(n_samples: int, n_features: int, backend: str | None = None) -> str:
    """Pick ``"kd_tree"``, ``"ckdtree"`` or ``"brute"`` for a class of this shape."""
    backend = get_backend() if backend is None else backend
    if n_samples < KDTREE_MIN_SAMPLES:
        return "brute"
    if backend == "numba" and n_features <= KDTREE_MAX_FEATURES:
        return "kd_tree"
    if n_features <= CKDTREE_MAX_FEATURES and importlib.util.find_spec("scipy") is not None:
        return "ckdtree"
    return "brute"


def _run_blocks(work, starts, *, uses_blas: bool = True) -> None:
    """Run ``work(start)`` for every query block, on all cores when that is safe.

    Each worker thread runs its own small GEMMs and selection kernels (which
    release the GIL), so the BLAS is held to one thread meanwhile: a
    multi-threaded GEMM next to busy worker threads oversubscribes the cores.
    Without threadpoolctl to hold the BLAS, such blocks run one after another
    and the GEMM uses the cores. Work without BLAS calls (``uses_blas=False``)
    always runs on all cores. Blocks are independent: the result does not
    depend on the schedule.
    """
    starts = list(starts)
    workers = min(len(starts), os.cpu_count() or 1)
    if workers <= 1:
        for start in starts:
            work(start)
        return
    from concurrent.futures import ThreadPoolExecutor

    if not uses_blas:
        with ThreadPoolExecutor(workers) as pool:
            for _ in pool.map(work, starts):
                pass
        return
    controller = _blas_controller()
    if controller is None:
        for start in starts:
            work(start)
        return
    with controller.limit(limits=1, user_api="blas"), ThreadPoolExecutor(workers) as pool:
        for _ in pool.map(work, starts):
            pass


@functools.cache
def _blas_controller():
    """Return threadpoolctl's view of the loaded BLAS, built once (it scans libraries)."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:
        return None
    return ThreadpoolController()


def _kdtree_kneighbors(Xf: np.ndarray, out: np.ndarray) -> None:
    """Fill ``out`` with the nearest rows of every row, by the KD-tree search (exact)."""
    from ._kdtree import build_kdtree
    from ._kernels.kdtree import float32_filter_slack

    query = twin("kdtree", "kdtree_query")
    n_samples, n_features = Xf.shape
    n_query = out.shape[1]
    tree = build_kdtree(Xf, KDTREE_LEAF_SIZE)
    Xo = Xf[tree.order]
    mean = Xo.mean(axis=0)
    centred = Xo - mean
    # The filter runs in float32 unless its squares could overflow there.
    big = float(np.abs(centred).max())
    dtype = np.float32 if big * np.sqrt(n_features) < 2.0**56 else np.float64
    delta, gamma = float32_filter_slack(centred, Xo, mean, dtype)
    Xt = np.ascontiguousarray(centred.T, dtype=dtype)
    del centred
    found = np.empty((n_samples, n_query), dtype=np.intp)  # by tree position
    arrays = (tree.start, tree.end, tree.left, tree.right, tree.lo, tree.hi, tree.order)

    def work(p0: int) -> None:
        p1 = min(p0 + _KD_QUERY_BLOCK, n_samples)
        query(Xo, Xt, delta, gamma, *arrays, p0, p1, found[p0:p1])

    _run_blocks(work, range(0, n_samples, _KD_QUERY_BLOCK), uses_blas=False)
    out[tree.order] = found


def _ckdtree_kneighbors(Xf, out, rerank) -> None:
    """Fill ``out`` with the nearest rows of every row, from scipy's cKDTree.

    cKDTree returns the ``m`` rows nearest by its own float64 distances, ties in
    its own order. One spare candidate and a certificate make the result the
    exact ``(distance, row)`` order: every row it did not return is at least as
    far as its last one, ``r``, by its arithmetic, so at least
    ``r^2 (1 - rel)`` by the exact sum; when the last neighbour kept is nearer
    than that, nothing left out can displace it. Other queries (ties at the
    cut, as in grid-like data) are asked again for four times the candidates,
    then for every row within the last neighbour's distance (a ball query:
    the whole tie group, however large).
    """
    from scipy.spatial import cKDTree

    n_samples, n_features = Xf.shape
    n_query = out.shape[1]
    rel = (2 * n_features + 10) * 2.0**-52

    def look(tree, rows, m):
        """Exact order of the m candidates, and which queries it certifies."""
        dist, cand = tree.query(Xf[rows], k=m, workers=-1)
        cand = np.asarray(cand, dtype=np.intp).reshape(rows.size, m)
        cand[cand >= n_samples] = -1  # cKDTree pads missing neighbours with n
        block = rerank(Xf, rows, cand, n_query)
        if m >= n_samples:
            return block, np.ones(rows.size, dtype=bool)
        reach = np.asarray(dist, dtype=np.float64).reshape(rows.size, m)[:, -1]
        return block, _last_distance(Xf, rows, block) < reach * reach * (1 - rel)

    # Unbalanced (sliding-midpoint splits) with 32-point leaves, and queried in
    # the tree's own order so that consecutive queries walk the same nodes:
    # 1.6x faster queries than the defaults on 60,000 points in 8-D (measured).
    tree = cKDTree(Xf, leafsize=32, balanced_tree=False)
    order = np.asarray(tree.indices, dtype=np.intp)
    m = min(n_samples, n_query + 1)
    for q0 in range(0, n_samples, _CKD_QUERY_CHUNK):
        rows = order[q0 : q0 + _CKD_QUERY_CHUNK]
        block, ok = look(tree, rows, m)
        bad = np.flatnonzero(~ok)
        if bad.size:
            block[bad], ok_wide = look(tree, rows[bad], min(n_samples, 4 * m))
            bad = bad[~ok_wide]
        if bad.size:
            radius = np.sqrt(_last_distance(Xf, rows[bad], block[bad])) * (1 + rel)
            balls = tree.query_ball_point(Xf[rows[bad]], np.nextafter(radius, np.inf))
            for r, ball in zip(bad, balls, strict=True):
                cand = np.asarray(ball, dtype=np.intp)[None, :]
                block[r] = rerank(Xf, rows[r : r + 1], cand, n_query)[0]
        out[rows] = block


def _safe_scale(Xf: np.ndarray) -> np.ndarray:
    """Scale huge or tiny data by a power of two, which changes no neighbour.

    Squared distances of values beyond about 1e154 overflow (and the error
    bounds sooner), and those of values below about 1e-154 underflow. Scaling by
    :math:`2^{-e}` is exact in floating point, and so is every difference,
    square and sum computed from the scaled values (each is the original one
    times a power of two), so the distances keep their order and their ties.
    """
    top = float(np.max(np.abs(Xf))) if Xf.size else 0.0
    if top == 0.0 or 2.0**-100 <= top <= 2.0**100:
        return Xf
    return np.ldexp(Xf, -math.frexp(top)[1])


def _brute_kneighbors(Xf: np.ndarray, out: np.ndarray, backend: str, kernels) -> None:
    """Tiled brute force into ``out`` (n_samples, n_query): GEMM candidates, exact re-rank.

    In certified mode every query's candidates carry a rounding-error bound; a query
    the bound cannot clear gets a wider float64 look, then an exact scan.
    """
    merge_topk, rerank, exact_topk = kernels
    n_samples, n_query = out.shape
    q_tile, r_tile = _TILES[backend]
    m, m_wide = _n_candidates(n_samples, n_query)
    dtype = _exact_gram_dtype(Xf, backend)
    if dtype is not None:
        # Small integers: every GEMM distance is exact, so the selection is
        # already by (distance, index) and needs no certificate.
        Xg = Xf.astype(dtype)
        norms = norms_g = np.einsum("ij,ij->i", Xf, Xf)
        slack = order = None
    else:
        # Centred data: smaller norms, less cancellation in |q|^2 - 2 q.x + |x|^2.
        centred = Xf - Xf.mean(axis=0)
        norms = np.einsum("ij,ij->i", centred, centred)
        dtype = _gram_dtype(backend, Xf.shape[1], float(norms.max()))
        slack = _gram_error_bound(norms, dtype, Xf.shape[1])
        slack64 = _gram_error_bound(norms, np.float64, Xf.shape[1])
        # Certified mode may visit references in any order, so the rows are put
        # in a spatial order (a KD-tree's leaves) and each query block meets its
        # own neighbourhood first: the running worst distance drops at once and
        # most later blocks are dismissed by the selection's vectorised test.
        order = _locality_order(Xf, r_tile)
        if order is None:
            Xg, norms_g = centred.astype(dtype, copy=False), norms
        else:
            Xg, norms_g = centred[order].astype(dtype, copy=False), norms[order]

    def candidates(data, data_norms, queries, q_norms, n_cand, first=0):
        """Keep the n_cand best (approximate distance, row of data) of each query.

        Reference tiles are visited from ``first`` on, wrapping around.
        """
        best_d = np.full((queries.shape[0], n_cand), np.inf)
        best_i = np.full((queries.shape[0], n_cand), -1, dtype=np.intp)
        gram_buffer = np.empty((queries.shape[0], min(r_tile, n_samples)), dtype=data.dtype)
        starts = list(range(0, n_samples, r_tile))
        k = first // r_tile
        for r0 in starts[k:] + starts[:k]:
            r1 = min(r0 + r_tile, n_samples)
            gram = gram_buffer[:, : r1 - r0]
            np.matmul(queries, data[r0:r1].T, out=gram)
            merge_topk(gram, q_norms, data_norms[r0:r1], r0, best_d, best_i)
        return best_d, best_i

    def query_block(q0: int) -> None:
        q1 = min(q0 + q_tile, n_samples)
        rows = order[q0:q1] if order is not None else np.arange(q0, q1)
        # Exact mode relies on references arriving in index order (ties).
        first = q0 if order is not None else 0
        best_d, best_i = candidates(Xg, norms_g, Xg[q0:q1], norms_g[q0:q1], m, first)
        if order is not None:  # back to row numbers of X (-1: an empty slot)
            best_i = np.where(best_i >= 0, order[best_i], -1)
        block = rerank(Xf, rows, best_i, n_query)
        if slack is None or m == n_samples:  # exact, or nothing was left out unseen
            out[rows] = block
            return
        bad = _uncertified(Xf, rows, block, best_d[:, m - 1], slack[rows])
        if bad.size and m_wide > m:
            # Second look, in float64 with four times the candidates: enough
            # for the groups of tied distances of grid-like data, at GEMM speed.
            sub = rows[bad]
            wide_d, wide_i = candidates(centred, norms, centred[sub], norms[sub], m_wide)
            block[bad] = rerank(Xf, sub, wide_i, n_query)
            if m_wide < n_samples:
                bad = bad[_uncertified(Xf, sub, block[bad], wide_d[:, m_wide - 1], slack64[sub])]
            else:
                bad = bad[:0]
        for r in bad:  # last resort: an exact scan of every row
            block[r] = exact_topk(Xf, rows[r], n_query)
        out[rows] = block

    _run_blocks(query_block, range(0, n_samples, q_tile))


def kneighbors(X: np.ndarray, n_neighbors: int, *, algorithm: str = "auto") -> np.ndarray:
    """Find the ``n_neighbors`` nearest other rows of every row of ``X``.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        Finite numeric data; converted to float64 for the distances.
    n_neighbors : int
        Neighbours per row, ``1 <= n_neighbors < n_samples``.
    algorithm : {"auto", "brute", "kd_tree", "ckdtree"}, default="auto"
        ``"auto"`` uses :func:`choose_algorithm`.

    Returns
    -------
    ndarray of intp, shape (n_samples, n_neighbors)
        Row ``i`` lists the neighbours of ``X[i]``, nearest first.
    """
    n_samples = X.shape[0]
    if not 1 <= n_neighbors < n_samples:
        raise ValueError(
            f"n_neighbors={n_neighbors} needs 1 <= n_neighbors < n_samples={n_samples}."
        )
    Xf = _safe_scale(np.ascontiguousarray(X, dtype=np.float64))
    n_query = n_neighbors + 1
    if algorithm == "auto":
        algorithm = choose_algorithm(*Xf.shape)

    backend = get_backend()
    merge_topk, rerank, exact_topk = (
        twin("knn", name) for name in ("merge_topk", "rerank", "exact_topk")
    )

    out = np.empty((n_samples, n_query), dtype=np.intp)
    if algorithm == "kd_tree":
        _kdtree_kneighbors(Xf, out)
    elif algorithm == "ckdtree":
        _ckdtree_kneighbors(Xf, out, rerank)
    elif algorithm == "brute":
        _brute_kneighbors(Xf, out, backend, (merge_topk, rerank, exact_topk))
    else:
        raise ValueError(
            f"algorithm={algorithm!r} must be 'auto', 'brute', 'kd_tree' or 'ckdtree'."
        )
    return out[:, 1:]
