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
  class. When every row of a set is a query of that set (SMOTE within a class),
  the brute force is a *self-join*: each pair of row blocks is multiplied once
  and the tile serves both blocks, its rows and its columns (half the GEMM).
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
import sys
import threading

import numpy as np

from ._config import get_backend
from ._kernels import twin
from ._sparse import is_sparse

# Tile sizes (query rows, references) per backend, measured best: a worker holds
# one tile of dot products at a time (1 MiB of float32 for Numba's kernel, which
# wants it in cache, and few enough tiles that the per-tile Python overhead,
# under the GIL, stays small; 2 MiB of float32 and its 4 MiB float64 widening for
# NumPy's: k-NN of 40,000 x 20 in 2.25 s, vs 3.2 s with (512, 2048) and 2.6 s with
# (512, 512); 20,000 x 200 in 1.86 s vs 2.11 s). Numba's tiles are tall and narrow:
# SMOTE (a) 100,000 x 20 0.068 s vs 0.073 s with (512, 512), (b) 1,000,000 x 20
# 0.153 vs 0.161, (c) 50,000 x 200 0.295 vs 0.324 (best of 10, 5 and 5, interleaved).
_TILES = {"numba": (1024, 256), "numpy": (1024, 512)}
# Spatially ordered brute force (see _locality_order) up to this many features.
_LOCALITY_MAX_FEATURES = 64
# Rows per leaf of the tree that orders them: a tile's worth, not the search's 64
# (two fewer levels to build; 10,000 x 20: 3.4 ms vs 4.7 ms to build, and the Numba
# k-NN of SMOTE (a) 0.047 vs 0.048-0.052 s best of 15, NumPy's the same).
_LOCALITY_LEAF_SIZE = 256
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
# Rows centred at a time for the KD-tree's filter copy (bounds the float64 scratch).
_CENTRE_CHUNK = 65_536
# scipy's cKDTree on the NumPy backend up to this many features: d=4 0.11 s vs
# brute 1.1 s; d=8 0.95 vs 1.1; d=10 2.7 vs 0.9 (30,000 Gaussian points). The
# brute force grows as n^2, the tree far slower, so large sets use the tree a little
# higher: 100,000 points (k=3) d=10 8.3 s vs brute 21.5 s, d=12 15.6 vs 22.0,
# d=16 58 vs 23 (measured).
CKDTREE_MAX_FEATURES = 8
CKDTREE_LARGE_MAX_FEATURES = 12
CKDTREE_LARGE_MIN_SAMPLES = 65_536
# Importing scipy.spatial takes 0.25-0.3 s, the NumPy brute force 0.04 s on 3,000
# rows (d=3) and 0.08 s on 6,000 (measured): up to this many rows, a process that
# has not imported scipy.spatial yet (a first call) is served faster by the brute force.
CKDTREE_IMPORT_MAX_SAMPLES = 8192
# The self-join (every row a query of its own set) on classes whose shared running
# best, n x m candidates, stays within this many entries (32 MiB); the
# schedule's task list grows as (n / q_tile)^2 / 2. Per backend: NumPy's column
# merge transposes each tile (see _kernels.knn.merge_columns_numpy).
SELF_JOIN_MAX_ENTRIES = 2**21
_SELF_JOIN = {"numba": True, "numpy": False}
# A search of this many (query, row) pairs takes the NumPy kernels seconds: under the
# "auto" backend its first call waits briefly for the Numba kernels (minibalance._warmup).
LARGE_SEARCH_PAIRS = 10**9


def _n_candidates(n_samples: int, n_query: int) -> tuple[int, int]:
    """Candidates per query for the first look and for the wider second look.

    Two spare candidates beyond k + 1 let the certificate clear almost every
    query of continuous data (the GEMM's rounding is far below the gap between
    neighbours); fewer candidates also mean a lower running worst, so the
    selection dismisses more blocks (a 6-14% faster k-NN at 20 features than
    with k + 1 spares). The second look keeps room for large tie groups.
    """
    return min(n_samples, n_query + 2), min(n_samples, 4 * (n_query + max(4, n_query)))


def _gram_dtype(n_features: int, max_norm: float) -> type:
    """Precision of the candidate GEMM: float32 where it pays and stays certifiable.

    Both selection twins widen each float32 dot product to float64 before
    using it, so float32 halves the GEMM's time and the tile's memory. float32 is
    refused where its products could overflow or fall into the subnormal
    range (where the relative error bound does not hold), and where the
    rounding bound grows too loose (thousands of features).
    """
    u32 = np.finfo(np.float32).eps / 2
    safe_range = 2.0**-60 < max_norm < 2.0**60
    if n_features * u32 < 1e-3 and safe_range:
        return np.float32
    return np.float64


def _exact_gram_dtype(X: np.ndarray) -> type | None:
    """Return a GEMM dtype in which every distance of ``X`` is exact (small integers), or None.

    Integer-valued data (counts, categories, one-hot columns) has exact ties; for
    it, ``|q|^2 - 2 q.x + |x|^2`` is an integer below ``4 K max|x|^2``, exact when
    that is below ``2**24`` (float32) or ``2**53`` (float64).
    """
    if X.size == 0 or not np.array_equal(X[:8], np.round(X[:8])):  # continuous: seen at once
        return None
    if not np.array_equal(X, np.round(X)):
        return None
    top = 4.0 * X.shape[1] * _max_abs(X) ** 2
    if top < 2.0**24:
        return np.float32
    return np.float64 if top < 2.0**53 else None


def _gram_error_bound(q_norms: np.ndarray, rho: float, dtype: type, n_features: int) -> np.ndarray:
    r"""Per query, a bound on the error of the GEMM-form squared distance to any row.

    The GEMM computes :math:`g = fl(\tilde n - 2 \tilde q \cdot \tilde x)` in
    ``dtype`` (unit roundoff :math:`u`) as one dot product of :math:`K + 1` terms:
    the rounded centred data and :math:`\tilde n`, the float64 squared norm
    :math:`|x|^2` rounded to ``dtype``. Whatever the summation order of the BLAS,
    it errs by at most :math:`\gamma_{K+1}(2|\tilde q||\tilde x| + \tilde n)`
    (:math:`\gamma_j = ju / (1 - ju)`); rounding the data costs
    :math:`2u|q||x|` more and rounding the norm :math:`u|x|^2`; the float64
    norms and the final float64 addition of :math:`|q|^2` add at most
    :math:`(K + 8) 2^{-53} (|q| + |x|)^2`. Taking :math:`|x| \le \rho` (the
    largest centred norm):

    .. math:: E_q = 2 (\gamma_{K+1} + 2u) |q| \rho + (\gamma_{K+1} + u) \rho^2
              + (K + 8) 2^{-53} (|q| + \rho)^2,

    with a little headroom.
    """
    u = np.finfo(dtype).eps / 2
    terms = n_features + 1
    gamma = terms * u / (1 - terms * u)
    q = np.sqrt(q_norms)
    bound = (
        2 * (gamma + 2 * u) * q * rho
        + (gamma + u) * rho**2
        + (n_features + 8) * 2.0**-53 * (q + rho) ** 2
    )
    return 1.01 * bound + 4 * terms * float(np.finfo(dtype).smallest_subnormal)


def _with_norms(A: np.ndarray, norms: np.ndarray, dtype: type) -> np.ndarray:
    """Return ``A`` with its squared norms appended as a last column, in ``dtype``.

    The references of the candidate GEMM: against a query ``(-2 q, 1)`` a row
    ``(x, |x|^2)`` gives ``|x|^2 - 2 q.x`` in one product.
    """
    out = np.empty((A.shape[0], A.shape[1] + 1), dtype=dtype)
    out[:, :-1] = A
    out[:, -1] = norms
    return out


def _uncertified(X, Q, block, worst_kept, slack, farthest=False, last=None):
    """Return the queries of a block whose neighbours might lie outside their candidates.

    A row left out of the candidates has an approximate distance of at least the
    worst kept one, so an exact distance of at least ``worst_kept - slack``. If
    that exceeds the exact distance of the last neighbour returned (with room
    for the exact sum's own rounding), nothing left out can be nearer: the
    result is certified. Otherwise the caller looks again, wider.

    For the farthest rows ``worst_kept`` is the negated approximate distance
    of the last candidate: a row left out is at most ``slack - worst_kept``
    away, which must fall short of the last neighbour returned.
    """
    rel = (X.shape[1] + 3) * 2.0**-52
    if last is None:
        last = _last_distance(X, Q, block)
    if farthest:
        return np.flatnonzero(~((slack - worst_kept) * (1 + rel) < last * (1 - rel)))
    return np.flatnonzero(~((worst_kept - slack) * (1 - rel) > last))


def _last_distance(X, Q, block):
    """Exact squared distance from each query point to the last neighbour in ``block``.

    Summed feature by feature, as ``rerank`` sums, so it is the very value the
    neighbours were ordered by (:func:`~minibalance._kernels.knn.last_distances_numpy`).
    """
    return twin("knn", "last_distances")(X, Q, np.ascontiguousarray(block[:, -1]))


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

    return build_kdtree(X, _LOCALITY_LEAF_SIZE).order


def choose_algorithm(n_samples: int, n_features: int, backend: str | None = None) -> str:
    """Pick ``"kd_tree"``, ``"ckdtree"`` or ``"brute"`` for a class of this shape."""
    backend = get_backend() if backend is None else backend
    if n_samples < KDTREE_MIN_SAMPLES:
        return "brute"
    if backend == "numba" and n_features <= KDTREE_MAX_FEATURES:
        return "kd_tree"
    if n_samples <= CKDTREE_IMPORT_MAX_SAMPLES and "scipy.spatial" not in sys.modules:
        return "brute"  # faster than importing scipy.spatial first
    limit = CKDTREE_MAX_FEATURES
    if backend == "numpy" and n_samples >= CKDTREE_LARGE_MIN_SAMPLES:
        limit = CKDTREE_LARGE_MAX_FEATURES
    if n_features <= limit and importlib.util.find_spec("scipy") is not None:
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
    controller = _blas_controller() if uses_blas and workers > 1 else None
    if workers <= 1 or (uses_blas and controller is None):
        for start in starts:
            work(start)
        return
    pending = iter(starts)
    lock = threading.Lock()
    failed: list[BaseException] = []

    def worker() -> None:
        while True:
            with lock:
                start = None if failed else next(pending, None)
            if start is None:
                return
            try:
                work(start)
            except BaseException as error:  # re-raised in the caller's thread
                with lock:
                    failed.append(error)
                return

    if controller is None:
        _in_threads(worker, workers)
    else:
        with controller.limit(limits=1, user_api="blas"):
            _in_threads(worker, workers)
    if failed:
        raise failed[0]


def _in_threads(worker, workers: int) -> None:
    """Run ``worker()`` in ``workers`` threads at once, the caller's thread one of them.

    Plain threads, started for the call: a thread pool's set-up and shut-down
    cost about 0.5 ms a call here (measured), as much as a small search.
    """
    threads = [threading.Thread(target=worker) for _ in range(workers - 1)]
    for thread in threads:
        thread.start()
    try:
        worker()
    finally:
        for thread in threads:
            thread.join()


def _run_pairs(pairs, work) -> None:
    """Run ``work(I, J)`` for every pair of blocks, on all cores, never one block twice at once.

    ``pairs`` is in order of priority; each worker takes the first pair whose
    two blocks no other worker holds, so two workers never update the same
    block's running best together (no locks inside the kernels), and the
    earlier pairs (the nearest blocks) still come first. As in
    :func:`_run_blocks`, the BLAS is held to one thread meanwhile, and without
    threadpoolctl the pairs run one after another.
    """
    pairs = list(pairs)
    workers = min(len(pairs), os.cpu_count() or 1)
    controller = _blas_controller() if workers > 1 else None
    if controller is None:
        for pair in pairs:
            work(*pair)
        return
    taken = [False] * len(pairs)
    state = {"head": 0, "left": len(pairs)}  # the first pair not taken; pairs not taken
    busy: set[int] = set()
    failed: list[BaseException] = []
    ready = threading.Condition()

    def next_free() -> int | None:
        # the scan starts at the first pair not taken and rarely goes far: only
        # pairs sharing a block with the (workers - 1) running ones are skipped
        k = state["head"]
        while k < len(pairs) and (taken[k] or not busy.isdisjoint(pairs[k])):
            k += 1
        return k if k < len(pairs) else None

    def worker() -> None:
        while True:
            with ready:
                while True:
                    if failed or not state["left"]:
                        return
                    k = next_free()
                    if k is not None:
                        break
                    ready.wait()
                taken[k] = True
                state["left"] -= 1
                while state["head"] < len(pairs) and taken[state["head"]]:
                    state["head"] += 1
                pair = pairs[k]
                busy.update(pair)
            try:
                work(*pair)
            except BaseException as error:  # re-raised in the caller's thread
                failed.append(error)
            finally:
                with ready:
                    busy.difference_update(pair)
                    ready.notify_all()

    with controller.limit(limits=1, user_api="blas"):
        _in_threads(worker, workers)
    if failed:
        raise failed[0]


def _self_join_candidates(Xa, norms, m, q_tile, r_tile, near, merge_rows, merge_columns):
    """Keep the ``m`` best (approximate distance, row) of every row of ``Xa`` among its rows.

    ``Xa`` holds the references with their squared norms appended (see
    :func:`_with_norms`) and ``norms`` the float64 norms, in the same order.
    The rows are cut into blocks of ``q_tile``; each pair of blocks ``I < J``
    is multiplied once, in tiles of ``r_tile`` columns, and each tile merged
    twice: into the rows' running best (:func:`~minibalance._kernels.knn.merge_topk_numpy`)
    and into the columns' (``merge_columns``). A diagonal block ``I == J`` is
    multiplied as its upper triangle of tiles: the tile of columns
    ``[r0, r1)`` against the rows before ``r1`` only; its square part (rows
    ``[r0, r1)``) holds both orders and goes to the rows' merge alone, the
    rows above it to both merges (measured at 10,000 x 20: 62.5% of the full
    diagonal's products, SMOTE (a) 46.5 -> 43.5 ms). Every pair ``(i, j)``,
    ``i != j``, is so met once from each side and gets one approximate
    distance, ``|x_i|^2 + fl(|x_j|^2 - 2 x_i.x_j)``, for both rows: its error
    is bounded by the GEMM bound with the *larger* of the two norms.

    The diagonal pairs go first (with the spatial order, a block's own rows are
    its nearest), then the others ``near`` first: ``near(a, b)`` gives a key
    per pair of block numbers (arrays), smaller is nearer. Memory: the running
    best (``n x m``) and the rows as queries, one more copy of ``Xa``. Returns
    ``best_d, best_i`` of shape ``(n, m)``, indices into ``Xa``.
    """
    n = Xa.shape[0]
    best_d = np.full((n, m), np.inf)
    best_i = np.full((n, m), -1, dtype=np.intp)
    Qa = np.empty_like(Xa)  # every row as a query: (-2 x, 1)
    np.multiply(Xa[:, :-1], -2.0, out=Qa[:, :-1])
    Qa[:, -1] = 1.0
    starts = list(range(0, n, q_tile))
    first, second = np.triu_indices(len(starts), 1)
    by_nearness = np.argsort(near(first, second), kind="stable")
    others = list(zip(first[by_nearness].tolist(), second[by_nearness].tolist()))
    buffers = threading.local()

    def work(a: int, b: int) -> None:
        a0, a1 = starts[a], min(starts[a] + q_tile, n)
        b0, b1 = starts[b], min(starts[b] + q_tile, n)
        gram_buffer = getattr(buffers, "gram", None)
        if gram_buffer is None:
            gram_buffer = buffers.gram = np.empty((q_tile, r_tile), dtype=Xa.dtype)
        for r0 in range(b0, b1, r_tile):
            r1 = min(r0 + r_tile, b1)
            # On the diagonal only the rows up to the tile's last column: a row
            # below meets these columns in its own tile, where they are rows above
            # its square.
            top = r1 if a == b else a1
            gram = gram_buffer[: top - a0, : r1 - r0]
            np.matmul(Qa[a0:top], Xa[r0:r1].T, out=gram)
            merge_rows(gram, norms[a0:top], r0, best_d[a0:top], best_i[a0:top])
            # the columns take the rows above the diagonal's square (all rows off it),
            # after those rows' own first tile has filled their running best
            above = r0 if a == b else a1
            if above > a0:
                merge_columns(gram[: above - a0], norms[a0:above], a0, best_d[r0:r1], best_i[r0:r1])

    _run_pairs([(a, a) for a in range(len(starts))] + others, work)
    return best_d, best_i


@functools.cache
def _blas_controller():
    """Return threadpoolctl's view of the loaded BLAS, built once (it scans libraries)."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:
        return None
    return ThreadpoolController()


def _max_abs(*arrays: np.ndarray | None) -> float:
    """Return the largest absolute value in the arrays given (0 for none or empty).

    From each array's maximum and minimum: no copy of its absolute values.
    """
    return max(
        (max(float(A.max()), -float(A.min())) for A in arrays if A is not None and A.size),
        default=0.0,
    )


class _Queries:
    """The query points of a search: rows of the reference set ``X``, or other points.

    ``rows`` (query ``i`` is row ``rows[i]`` of ``X``; ``None``: every row, in
    order) or ``points`` (query ``i`` is ``points[i]``), never both.
    """

    def __init__(self, X: np.ndarray, rows: np.ndarray | None, points: np.ndarray | None):
        self.X, self.rows, self.points = X, rows, points
        if points is not None:
            self.n = points.shape[0]
        else:
            self.n = X.shape[0] if rows is None else rows.shape[0]

    def row_ids(self, sel: np.ndarray) -> np.ndarray:
        """Rows of ``X`` of the queries ``sel`` (queries that are rows)."""
        return sel if self.rows is None else self.rows[sel]

    def take(self, sel: np.ndarray) -> np.ndarray:
        """Return the float64 points of the queries ``sel``."""
        return self.X[self.row_ids(sel)] if self.points is None else self.points[sel]

    def tree_sequence(self, order: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Sort the queries (rows of X) by their position in ``order``; return them and it.

        Consecutive queries then lie near each other (``order`` is a tree's), so
        a block of them walks the same nodes or meets the same reference tiles.
        """
        if self.rows is None:  # every row a query: the tree's own order (no sort)
            return order, np.arange(order.shape[0])
        inverse = np.empty_like(order)
        inverse[order] = np.arange(order.shape[0])
        pos = inverse[self.rows]
        seq = np.argsort(pos, kind="stable")
        return seq, pos[seq]


def _kdtree_kneighbors(Xf: np.ndarray, queries: _Queries, out: np.ndarray) -> None:
    """Fill ``out`` with the nearest rows of every query, by the KD-tree search (exact)."""
    from ._kdtree import build_kdtree
    from ._kernels.kdtree import float32_filter_slack

    query = twin("kdtree", "kdtree_query")
    n_features = Xf.shape[1]
    n_query = out.shape[1]
    tree = build_kdtree(Xf, KDTREE_LEAF_SIZE)
    order = tree.order
    mean = Xf.mean(axis=0)
    P = queries.points
    # The centred rows (and query points), a chunk at a time (never a second full
    # float64 copy): their largest value first, then X's transposed filter copy in
    # tree order; the points are centred block by block as they are searched.
    chunks = range(0, Xf.shape[0], _CENTRE_CHUNK)
    big = max([_max_abs(Xf[c : c + _CENTRE_CHUNK] - mean) for c in chunks], default=0.0)
    if P is not None:
        point_chunks = range(0, P.shape[0], _CENTRE_CHUNK)
        big = max([big] + [_max_abs(P[c : c + _CENTRE_CHUNK] - mean) for c in point_chunks])
    top = _max_abs(Xf, P)
    # The filter runs in float32 unless its squares could overflow there.
    dtype = np.float32 if big * np.sqrt(n_features) < 2.0**56 else np.float64
    max_abs = top + _max_abs(mean)
    delta, gamma = float32_filter_slack(n_features, big, max_abs, dtype)
    Xt = np.empty((n_features, Xf.shape[0]), dtype=dtype)
    for c in chunks:
        Xt[:, c : c + _CENTRE_CHUNK] = (Xf[order[c : c + _CENTRE_CHUNK]] - mean).T
    arrays = (tree.start, tree.end, tree.left, tree.right, tree.lo, tree.hi, tree.order)
    if P is None:
        seq, positions = queries.tree_sequence(tree.order)
    else:
        seq = positions = None

    def work(b0: int) -> None:
        b1 = min(b0 + _KD_QUERY_BLOCK, queries.n)
        if P is None:
            sel, pos = seq[b0:b1], positions[b0:b1]
            Q, Qc = Xf[order[pos]], np.ascontiguousarray(Xt[:, pos].T)
        else:
            sel = np.arange(b0, b1)
            Q, Qc = P[b0:b1], (P[b0:b1] - mean).astype(dtype, copy=False)
        found = np.empty((b1 - b0, n_query), dtype=np.intp)
        query(Xf, Xt, Q, Qc, delta, gamma, *arrays, found)
        out[sel] = found

    _run_blocks(work, range(0, queries.n, _KD_QUERY_BLOCK), uses_blas=False)


def _ckdtree_kneighbors(Xf, queries, out, rerank) -> None:
    """Fill ``out`` with the nearest rows of every query, from scipy's cKDTree.

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

    def look(tree, Q, m):
        """Exact order of the m candidates, and which queries it certifies."""
        dist, cand = tree.query(Q, k=m, workers=-1)
        cand = np.asarray(cand, dtype=np.intp).reshape(Q.shape[0], m)
        cand[cand >= n_samples] = -1  # cKDTree pads missing neighbours with n
        block = rerank(Xf, Q, cand, n_query)
        if m >= n_samples:
            return block, np.ones(Q.shape[0], dtype=bool)
        reach = np.asarray(dist, dtype=np.float64).reshape(Q.shape[0], m)[:, -1]
        return block, _last_distance(Xf, Q, block) < reach * reach * (1 - rel)

    # Unbalanced (sliding-midpoint splits) with 32-point leaves, and queried in
    # the tree's own order so that consecutive queries walk the same nodes:
    # 1.6x faster queries than the defaults on 60,000 points in 8-D (measured).
    tree = cKDTree(Xf, leafsize=32, balanced_tree=False)
    if queries.points is None:
        seq = queries.tree_sequence(np.asarray(tree.indices, dtype=np.intp))[0]
    else:
        seq = np.arange(queries.n)
    m = min(n_samples, n_query + 1)
    for q0 in range(0, queries.n, _CKD_QUERY_CHUNK):
        sel = seq[q0 : q0 + _CKD_QUERY_CHUNK]
        Q = queries.take(sel)
        block, ok = look(tree, Q, m)
        bad = np.flatnonzero(~ok)
        if bad.size:
            block[bad], ok_wide = look(tree, Q[bad], min(n_samples, 4 * m))
            bad = bad[~ok_wide]
        if bad.size:
            radius = np.sqrt(_last_distance(Xf, Q[bad], block[bad])) * (1 + rel)
            balls = tree.query_ball_point(Q[bad], np.nextafter(radius, np.inf))
            for r, ball in zip(bad, balls, strict=True):
                cand = np.asarray(ball, dtype=np.intp)[None, :]
                block[r] = rerank(Xf, Q[r : r + 1], cand, n_query)[0]
        out[sel] = block


def _safe_scale(*arrays: np.ndarray) -> tuple[np.ndarray, ...]:
    """Scale huge or tiny data by a power of two, which changes no neighbour.

    Squared distances of values beyond about 1e154 overflow (and the error
    bounds sooner), and those of values below about 1e-154 underflow. Scaling by
    :math:`2^{-e}` is exact in floating point, and so is every difference,
    square and sum computed from the scaled values (each is the original one
    times a power of two), so the distances keep their order and their ties.
    The references and the queries are scaled by the same power.
    """
    e = _scale_exponent(*arrays)
    return tuple(scaled(A, e) for A in arrays)


def _scale_exponent(*arrays: np.ndarray) -> int:
    """Return the power of two ``e`` that :func:`_safe_scale` divides by (0: none needed)."""
    top = _max_abs(*arrays)
    if top == 0.0 or 2.0**-100 <= top <= 2.0**100:
        return 0
    return math.frexp(top)[1]


class _Mixed:
    """The categorical part of a mixed distance: codes, a weight, and exact orderings.

    ``d(x, z)^2 = sum_cont (x_f - z_f)^2 + weight * #(differing codes)`` (see
    :mod:`minibalance._kernels.mismatch`). Immutable, so query blocks may share it
    across threads.
    """

    def __init__(self, codes: np.ndarray, weight: float):
        self.codes = np.ascontiguousarray(codes, dtype=np.intp)
        self.weight = float(weight)
        self.largest = self.weight * self.codes.shape[1]
        self.add_tile = twin("mismatch", "add_mismatches")

    def rerank(self, X, Q, cand, q_codes, n_query):
        """Order candidates by exact mixed distance, then row; keep ``n_query``."""
        from ._kernels.mismatch import mixed_distances

        dist = mixed_distances(X, Q, cand, self.codes, q_codes, self.weight)
        big = np.iinfo(cand.dtype).max
        order = np.lexsort((np.where(cand >= 0, cand, big), dist), axis=-1)
        return np.take_along_axis(cand, order[:, :n_query], axis=1)

    def last_distance(self, X, Q, block, q_codes):
        """Exact mixed distance from each query to the last row of its ``block``."""
        from ._kernels.mismatch import mixed_distances

        return mixed_distances(X, Q, block[:, -1:], self.codes, q_codes, self.weight)[:, 0]

    def scan(self, X, q, q_code, n_query):
        """Return the ``n_query`` nearest rows of one query, by an exact scan of every row."""
        dist = np.zeros(X.shape[0])
        for f in range(X.shape[1]):
            t = X[:, f] - q[f]
            dist += t * t
        dist += self.weight * (self.codes != q_code[None, :]).sum(axis=1)
        return np.lexsort((np.arange(X.shape[0]), dist))[:n_query]


def _brute_kneighbors(
    Xf: np.ndarray,
    queries: _Queries,
    out: np.ndarray,
    backend: str,
    kernels,
    farthest: bool = False,
    mixed: _Mixed | None = None,
) -> None:
    """Tiled brute force into ``out`` (n_queries, n_query): GEMM candidates, exact re-rank.

    ``mixed`` adds the categorical part of a mixed distance (SMOTENC's): each
    tile of the continuous GEMM gets ``w * (number of differing codes)``, and the
    exact passes use :func:`~minibalance._kernels.mismatch.mixed_distances`.

    In certified mode every query's candidates carry a rounding-error bound; a query
    the bound cannot clear gets a wider float64 look, then an exact scan.

    ``farthest`` keeps the farthest rows instead: the selection is fed the
    negated products and norms, so it keeps the smallest ``-d`` (negation is
    exact, so these are the negated approximate distances bit for bit), and
    the exact passes order by ``(-d, row)``.
    """
    merge_topk, rerank, exact_topk = kernels
    rerank_rows = twin("knn", "rerank_rows")
    n_samples = Xf.shape[0]
    n_query = out.shape[1]
    q_tile, r_tile = _TILES[backend]
    m, m_wide = _n_candidates(n_samples, n_query)
    P = queries.points
    dtype = None if mixed is not None else _exact_gram_dtype(Xf)
    if dtype is not None and P is not None:
        other = _exact_gram_dtype(P)
        dtype = None if other is None else np.promote_types(dtype, other).type
    order = centred = Pc = slack = slack64 = None
    if dtype is not None:
        # Small integers: every GEMM distance is exact, so the selection is
        # already by (distance, index) and needs no certificate.
        norms = np.einsum("ij,ij->i", Xf, Xf)
        Xa = _with_norms(Xf, norms, dtype)
        Pg = None if P is None else P.astype(dtype)
        p_norms = None if P is None else np.einsum("ij,ij->i", P, P)
    else:
        # Centred data: smaller norms, less cancellation in |q|^2 - 2 q.x + |x|^2.
        mean = Xf.mean(axis=0)
        centred = Xf - mean
        norms = np.einsum("ij,ij->i", centred, centred)
        Pc = None if P is None else P - mean
        p_norms = None if P is None else np.einsum("ij,ij->i", Pc, Pc)
        rho2 = max(float(norms.max()), float(p_norms.max()) if P is not None and P.size else 0.0)
        # float64 when categories add to each tile: the GEMM is then the cheap part
        dtype = np.float64 if mixed is not None else _gram_dtype(Xf.shape[1], rho2)
        # Certified mode may visit references in any order, so the rows are put
        # in a spatial order (a KD-tree's leaves) and each query block meets its
        # own neighbourhood first: the running worst distance drops at once and
        # most later blocks are dismissed by the selection's vectorised test.
        order = None if farthest else _locality_order(Xf, r_tile)
        if order is None:
            Xa = _with_norms(centred, norms, dtype)
        else:
            Xa = _with_norms(centred[order], norms[order], dtype)
        Pg = None if P is None else Pc.astype(dtype, copy=False)
    if P is not None:
        q_norms = p_norms
    else:
        q_norms = norms if queries.rows is None else norms[queries.rows]
    if centred is not None:
        rho = float(np.sqrt(rho2))
        slack = _gram_error_bound(q_norms, rho, dtype, Xf.shape[1])
        slack64 = _gram_error_bound(q_norms, rho, np.float64, Xf.shape[1])
        if mixed is not None:
            # the categorical term w * count is added once to each distance, exactly
            # the same way on both sides but for the rounding of that addition
            extra = 2.0**-51 * ((np.sqrt(q_norms) + rho) ** 2 + mixed.largest)
            slack, slack64 = slack + extra, slack64 + extra
    # The order queries are searched in, and where each block starts its visit.
    starts = np.arange(0, n_samples, r_tile)
    centres = None
    if P is None and order is not None:
        seq, gpos = queries.tree_sequence(order)
    elif P is not None and order is not None:
        seq, gpos = _locality_order(Pc, q_tile), None  # nearby points in one block
    else:
        seq = None
        gpos = None if P is not None else queries.row_ids(np.arange(queries.n))

    # Every row a query of its own set: the self-join multiplies each pair of
    # blocks once (see _self_join_candidates); a pair's one approximate distance
    # then serves both rows, so each query's bound takes the largest norm.
    joined = None
    self_join = (
        _SELF_JOIN[backend]
        and centred is not None
        and P is None
        and queries.rows is None
        and not farthest
        and mixed is None
        and q_tile < n_samples
        and n_samples * m <= SELF_JOIN_MAX_ENTRIES
    )
    if order is not None and not self_join:
        # Each reference tile's centre: a query block visits the tiles nearest it
        # first, so its running worst distance drops at once.
        centres = np.add.reduceat(Xa[:, :-1], starts, axis=0, dtype=np.float64)
        centres /= np.diff(np.r_[starts, n_samples])[:, None]
    if self_join:
        pos_norms = norms if order is None else norms[order]
        block_starts = np.arange(0, n_samples, q_tile)
        if order is not None:
            block_centres = np.add.reduceat(Xa[:, :-1], block_starts, axis=0, dtype=np.float64)
            block_centres /= np.diff(np.r_[block_starts, n_samples])[:, None]
            sq = np.einsum("ij,ij->i", block_centres, block_centres)
            cross = block_centres @ block_centres.T  # blocks x blocks: (n / q_tile)^2

            def near(a, b):  # squared distance between the blocks' centres
                return sq[a] + sq[b] - 2.0 * cross[a, b]
        else:

            def near(a, b):
                return b - a

        merge_columns = twin("knn", "merge_columns", numba_ok=backend == "numba")
        joined = _self_join_candidates(
            Xa, pos_norms, m, q_tile, r_tile, near, merge_topk, merge_columns
        )
        slack = np.full(n_samples, _gram_error_bound(np.array([rho2]), rho, dtype, Xf.shape[1])[0])

    wide = []  # the float64 references of the second look, built when first needed
    wide_lock = threading.Lock()

    def wide_data():
        with wide_lock:
            if not wide:
                wide.append(_with_norms(centred, norms, np.float64))
        return wide[0]

    ref_codes = None
    if mixed is not None:
        ref_codes = mixed.codes if order is None else mixed.codes[order]

    def candidates(data, Qg, q_norms, n_cand, visit=starts, codes=None, q_codes=None):
        """Keep the n_cand best (approximate distance, row of data) of each query.

        ``data`` holds the references with their squared norms appended (see
        :func:`_with_norms`); the queries get ``(-2 q, 1)`` (a power of two and a
        one: exact), so each GEMM tile is ``|x|^2 - 2 q.x`` and the selection adds
        ``|q|^2``. The farthest rows take the negation ``(2 q, -1)`` and ``-|q|^2``
        (exact too). Reference tiles are visited in the order of their first
        rows ``visit`` (index order unless certified: exact mode relies on
        references arriving in index order for its ties). ``codes``/``q_codes``:
        the categorical codes of ``data``'s rows and of the queries (mixed mode).
        """
        sign = 1.0 if farthest else -1.0
        Qa = np.empty((Qg.shape[0], data.shape[1]), dtype=data.dtype)
        np.multiply(Qg, 2.0 * sign, out=Qa[:, :-1])
        Qa[:, -1] = -sign
        if farthest:
            q_norms = -q_norms
        best_d = np.full((Qg.shape[0], n_cand), np.inf)
        best_i = np.full((Qg.shape[0], n_cand), -1, dtype=np.intp)
        gram_buffer = np.empty((Qg.shape[0], min(r_tile, n_samples)), dtype=data.dtype)
        for r0 in visit.tolist():
            r1 = min(r0 + r_tile, n_samples)
            gram = gram_buffer[:, : r1 - r0]
            np.matmul(Qa, data[r0:r1].T, out=gram)
            if codes is not None:
                mixed.add_tile(gram, q_codes, codes[r0:r1], mixed.weight)
            merge_topk(gram, q_norms, r0, best_d, best_i)
        return best_d, best_i

    def order_candidates(Q, cand, q_codes):
        """Return the first n_query candidates of each query by exact (distance, row)."""
        if mixed is None:
            return rerank(Xf, Q, cand, n_query, farthest)
        return mixed.rerank(Xf, Q, cand, q_codes, n_query)

    def query_block(b0: int) -> None:
        b1 = min(b0 + q_tile, queries.n)
        sel = np.arange(b0, b1) if seq is None else seq[b0:b1]
        q_codes = None if mixed is None else mixed.codes[queries.row_ids(sel)]
        if joined is not None:  # query b0 + i is row b0 + i of Xa
            best_d, best_i = joined[0][b0:b1], joined[1][b0:b1]
            # every slot is filled (each row met all n > m rows): one kernel re-ranks
            # the queries from their rows of Xf and gives the certificate's distance
            cand = best_i if order is None else order[best_i]
            block, last = rerank_rows(Xf, queries.row_ids(sel), cand, n_query)
            bad = _uncertified(Xf, None, block, best_d[:, m - 1], slack[sel], farthest, last)
            if bad.size:
                settle(sel, queries.take(sel), block, bad, q_codes)
            out[sel] = block
            return
        Qg = Pg[sel] if P is not None else Xa[gpos[b0:b1], :-1]
        visit = starts
        if centres is not None:
            gap = centres - Qg.mean(axis=0, dtype=np.float64)
            visit = starts[np.argsort(np.einsum("ij,ij->i", gap, gap), kind="stable")]
        best_d, best_i = candidates(Xa, Qg, q_norms[sel], m, visit, ref_codes, q_codes)
        if order is not None:  # back to row numbers of X (-1: an empty slot)
            best_i = np.where(best_i >= 0, order[best_i], -1)
        Q = queries.take(sel)
        block = order_candidates(Q, best_i, q_codes)
        if centred is None or m == n_samples:  # exact, or nothing was left out unseen
            out[sel] = block
            return
        last = None if mixed is None else mixed.last_distance(Xf, Q, block, q_codes)
        bad = _uncertified(Xf, Q, block, best_d[:, m - 1], slack[sel], farthest, last)
        settle(sel, Q, block, bad, q_codes)
        out[sel] = block

    def settle(sel, Q, block, bad, q_codes):
        """Replace the rows ``bad`` of ``block`` (queries ``sel``) by certified ones."""
        if bad.size and m_wide > m:
            # Second look, in float64 with four times the candidates: enough
            # for the groups of tied distances of grid-like data, at GEMM speed.
            sub = sel[bad]
            Qc = Pc[sub] if P is not None else centred[queries.row_ids(sub)]
            if mixed is None:
                wide_d, wide_i = candidates(wide_data(), Qc, q_norms[sub], m_wide)
            else:
                wide_d, wide_i = candidates(
                    wide_data(), Qc, q_norms[sub], m_wide, starts, mixed.codes, q_codes[bad]
                )
            block[bad] = order_candidates(Q[bad], wide_i, None if mixed is None else q_codes[bad])
            if m_wide < n_samples:
                worst = wide_d[:, m_wide - 1]
                last = (
                    None
                    if mixed is None
                    else mixed.last_distance(Xf, Q[bad], block[bad], q_codes[bad])
                )
                bad = bad[_uncertified(Xf, Q[bad], block[bad], worst, slack64[sub], farthest, last)]
            else:
                bad = bad[:0]
        for r in bad:  # last resort: an exact scan of every row
            if mixed is None:
                block[r] = exact_topk(Xf, Q, r, n_query, farthest)
            else:
                block[r] = mixed.scan(Xf, Q[r], q_codes[r], n_query)

    _run_blocks(query_block, range(0, queries.n, q_tile))


def kneighbors(
    X: np.ndarray,
    n_neighbors: int,
    *,
    queries: np.ndarray | None = None,
    exclude_self: bool | None = None,
    farthest: bool = False,
    algorithm: str = "auto",
    categorical: tuple[np.ndarray, float] | None = None,
) -> np.ndarray:
    """Find the ``n_neighbors`` nearest rows of ``X`` of every query.

    The engine's one entry point, for the three questions the samplers ask:

    - ``kneighbors(X, k)``: the ``k`` nearest *other* rows of every row of ``X``
      (SMOTE within a class, Tomek links, ENN over all rows);
    - ``kneighbors(X, k, queries=rows)``: the same for some rows of ``X`` only
      (BorderlineSMOTE and ADASYN: minority rows among all of ``X``);
    - ``kneighbors(X, k, queries=points)``: the ``k`` nearest rows of ``X`` to
      points of another set (NearMiss: majority rows among the minority).

    A query that is a row of ``X`` is excluded the way imbalanced-learn
    excludes it: the ``k + 1`` nearest rows are found and the first (the query
    itself, or a duplicate of it with a smaller index) is dropped.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        The reference points; finite numeric data, converted to float64 for the
        distances.
    n_neighbors : int
        Neighbours per query, at least 1 and at most ``n_samples`` (``n_samples - 1``
        when the first is dropped).
    queries : None, ndarray of int (n_queries,) or ndarray (n_queries, n_features)
        ``None``: every row of ``X``. A 1-D integer array: those rows of ``X``. A 2-D
        array: query points of their own.
    exclude_self : bool, default=None
        Drop the first of the ``n_neighbors + 1`` nearest. ``None`` means True for
        queries that are rows of ``X`` and False for points.
    farthest : bool, default=False
        Return the ``n_neighbors`` *farthest* rows instead, farthest first
        (NearMiss-2); by the brute force only (a tree prunes by nearness), and
        with ``exclude_self=False``.
    algorithm : {"auto", "brute", "kd_tree", "ckdtree"}, default="auto"
        ``"auto"`` uses :func:`choose_algorithm` (on the reference set's shape).
    categorical : (codes, weight), default=None
        Categorical features too (SMOTENC's distance): ``codes`` (n_samples,
        n_cat) integer category codes of the rows of ``X``, and each differing
        code adds ``weight`` to the squared distance; ``X`` holds the continuous
        features. The brute force only, every row of ``X`` a query (``queries=None``).

    Returns
    -------
    ndarray of intp, shape (n_queries, n_neighbors)
        Row ``i`` lists the neighbours of query ``i`` (rows of ``X``), nearest
        first; equal distances in increasing row order.
    """
    n_samples = X.shape[0]
    if is_sparse(X):
        return _sparse_entry(
            X, n_neighbors, queries, exclude_self, farthest, algorithm, categorical
        )
    Xf = np.ascontiguousarray(X, dtype=np.float64)
    rows = points = None
    if queries is not None:
        q = np.asarray(queries)
        if q.ndim == 1 and (q.dtype.kind in "iu" or q.size == 0):
            rows = _check_rows(q, n_samples)
        elif q.ndim == 2 and q.shape[1] == Xf.shape[1]:
            points = np.ascontiguousarray(q, dtype=np.float64)
        else:
            raise ValueError(
                f"queries must be row numbers of X (1-D integers) or points with "
                f"{Xf.shape[1]} features (2-D); got shape {q.shape}."
            )
    exclude_self, n_query = _query_count(
        n_neighbors, n_samples, exclude_self, points is not None, farthest
    )
    mixed = None
    if categorical is not None:
        codes, weight = _check_categorical(categorical, n_samples, queries, farthest)
        if algorithm not in ("auto", "brute"):
            raise ValueError(f"categorical distances use algorithm='brute', not {algorithm!r}.")
        e = _scale_exponent(Xf)  # scaled by 2**-e: squared distances, and so w, by 2**-2e
        Xf, weight = scaled(Xf, e), math.ldexp(weight, -2 * e)
        mixed = _Mixed(codes, weight)
        algorithm = "brute"
    if mixed is not None:
        pass  # scaled with its weight above
    elif points is None:
        (Xf,) = _safe_scale(Xf)
    else:
        Xf, points = _safe_scale(Xf, points)
    search = _Queries(Xf, rows, points)
    # One backend for the whole search. Under "auto", a search of a billion pairs or
    # more (seconds on NumPy) waits briefly for the Numba kernels (see _warmup).
    backend = get_backend(large=search.n * n_samples >= LARGE_SEARCH_PAIRS)
    if algorithm == "auto":
        algorithm = "brute" if farthest else choose_algorithm(*Xf.shape, backend)
    if farthest and algorithm != "brute":
        raise ValueError(f"farthest=True is served by algorithm='brute', not {algorithm!r}.")
    merge_topk, rerank, exact_topk = (
        twin("knn", name) for name in ("merge_topk", "rerank", "exact_topk")
    )

    if algorithm not in ("brute", "kd_tree", "ckdtree"):
        raise ValueError(
            f"algorithm={algorithm!r} must be 'auto', 'brute', 'kd_tree' or 'ckdtree'."
        )
    out = np.empty((search.n, n_query), dtype=np.intp)
    if search.n == 0:
        pass
    elif algorithm == "kd_tree":
        _kdtree_kneighbors(Xf, search, out)
    elif algorithm == "ckdtree":
        _ckdtree_kneighbors(Xf, search, out, rerank)
    else:
        _brute_kneighbors(
            Xf, search, out, backend, (merge_topk, rerank, exact_topk), farthest, mixed
        )
    return out[:, 1:] if exclude_self else out


def _check_rows(rows: np.ndarray, n_samples: int) -> np.ndarray:
    """Return query row numbers as intp, checked to be rows of X."""
    rows = rows.astype(np.intp)
    if rows.size and not (0 <= rows.min() and rows.max() < n_samples):
        raise ValueError(f"queries: row numbers must lie in [0, {n_samples}).")
    return rows


def _query_count(n_neighbors, n_samples, exclude_self, points, farthest) -> tuple[bool, int]:
    """Resolve ``exclude_self`` and the rows each query asks for (``k``, or ``k + 1``)."""
    if exclude_self is None:
        exclude_self = not points and not farthest
    if farthest and exclude_self:
        raise ValueError("farthest=True returns the farthest rows; pass exclude_self=False.")
    if exclude_self and points:
        raise ValueError("exclude_self=True needs queries that are rows of X, not points.")
    n_query = n_neighbors + int(exclude_self)
    if not 1 <= n_neighbors or n_query > n_samples:
        limit = "n_neighbors < n_samples" if exclude_self else "n_neighbors <= n_samples"
        raise ValueError(f"n_neighbors={n_neighbors} needs 1 <= {limit}={n_samples}.")
    return exclude_self, n_query


def _check_categorical(categorical, n_samples, queries, farthest) -> tuple[np.ndarray, float]:
    """Check ``categorical=(codes, weight)``: integer codes per row, a weight >= 0, every row."""
    codes, weight = categorical
    codes = np.asarray(codes)
    if codes.ndim != 2 or codes.shape[0] != n_samples or codes.dtype.kind not in "iu":
        raise ValueError(
            f"categorical codes must be integers of shape ({n_samples}, n_cat); got "
            f"{codes.dtype} of shape {codes.shape}."
        )
    if not (math.isfinite(weight) and weight >= 0):
        raise ValueError(f"categorical weight must be finite and >= 0; got {weight}.")
    if queries is not None or farthest:
        raise ValueError("categorical distances serve every row of X as a query.")
    return codes, float(weight)


def _sparse_entry(X, n_neighbors, queries, exclude_self, farthest, algorithm, categorical):
    """:func:`kneighbors` for a scipy sparse ``X`` (see :mod:`minibalance._neighbors_sparse`)."""
    from ._neighbors_sparse import sparse_kneighbors

    if algorithm not in ("auto", "brute"):
        raise ValueError(f"sparse X is searched by the brute force; got algorithm={algorithm!r}.")
    Xs = _canonical_csr(X)
    n_samples = Xs.shape[0]
    mixed = None
    if categorical is not None:
        codes, weight = _check_categorical(categorical, n_samples, queries, farthest)
        e = _scale_exponent(Xs.data)  # squared distances, and so the weight, by 2**-2e
        Xs, weight = _scaled_csr(Xs, e=e)[0], math.ldexp(weight, -2 * e)
        mixed = _Mixed(codes, weight)
    if queries is None:
        (Xs,) = _scaled_csr(Xs)
        Q, points = Xs, False
    elif is_sparse(queries):
        Q, points = _canonical_csr(queries), True
        if Q.shape[1] != Xs.shape[1]:
            raise ValueError(f"queries must have {Xs.shape[1]} features, as X; got {Q.shape[1]}.")
        Xs, Q = _scaled_csr(Xs, Q)
    else:
        (Xs,) = _scaled_csr(Xs)
        rows = np.asarray(queries)
        if rows.ndim != 1 or not (rows.dtype.kind in "iu" or rows.size == 0):
            raise ValueError("queries of a sparse X must be row numbers or a sparse matrix.")
        Q, points = Xs[_check_rows(rows, n_samples)], False
    exclude_self, n_query = _query_count(n_neighbors, n_samples, exclude_self, points, farthest)
    out = np.empty((Q.shape[0], n_query), dtype=np.intp)
    if Q.shape[0]:
        q_codes = None if mixed is None else mixed.codes
        sparse_kneighbors(Xs, Q, n_query, out, farthest, twin("knn", "merge_topk"), mixed, q_codes)
    return out[:, 1:] if exclude_self else out


def _scaled_csr(*matrices, e=None):
    """:func:`_safe_scale` for CSR or CSC matrices: new matrices of scaled data.

    The stored values are divided by the same power of two ``2**e`` (by default
    :func:`_scale_exponent` of all of them), which changes no neighbour; the
    indices are shared, the inputs untouched. Unscaled matrices come back as given.
    """
    if e is None:
        e = _scale_exponent(*(A.data for A in matrices))
    if not e:
        return matrices
    return tuple(
        type(A)((np.ldexp(A.data, -e), A.indices, A.indptr), shape=A.shape) for A in matrices
    )


def distance_scale(A) -> int:
    """Return the power of two ``e`` the engine divides huge or tiny data by (0: none).

    ``A`` is a float array or a CSR / CSC matrix. Squared distances of values beyond
    about 1e154 overflow and below about 1e-154 underflow; dividing by ``2**e``
    (:func:`scaled`) is exact and changes no order or tie.
    """
    return _scale_exponent(A.data if is_sparse(A) else A)


def scaled(A, e: int):
    """Return ``A / 2**e``: a new array, or a new CSR / CSC matrix sharing the indices.

    ``A`` itself when ``e`` is 0; the input is never modified.
    """
    if not e:
        return A
    return _scaled_csr(A, e=e)[0] if is_sparse(A) else np.ldexp(A, -e)


def scaled_for_distances(A):
    """Return float data (dense, CSR or CSC) scaled as the engine scales it.

    For code that compares exact squared distances itself (the condensed rule):
    huge or tiny data divided by the power of two of :func:`distance_scale`, so
    that the squares neither overflow nor underflow; no order or tie changes.
    """
    return scaled(A, distance_scale(A))


def canonical_float(A):
    """Return ``A`` as float64 data the engine reads: an ndarray, or canonical CSR if sparse."""
    return _canonical_csr(A) if is_sparse(A) else np.asarray(A, dtype=np.float64)


def _canonical_csr(A):
    """Return ``A`` as CSR float64 with sorted, summed indices (copied when it must change)."""
    csr = A.tocsr()
    if csr.dtype != np.float64:
        csr = csr.astype(np.float64)
    if not csr.has_canonical_format:
        csr = csr.copy()
        csr.sum_duplicates()
    if not np.isfinite(csr.data).all():
        raise ValueError("X holds NaN or infinite stored values; fill or drop them first.")
    return csr


def distances(X: np.ndarray, Q: np.ndarray, neighbors: np.ndarray) -> np.ndarray:
    """Return the Euclidean distances from each point ``Q[i]`` to its rows ``X[neighbors[i]]``.

    The exact sum the engine orders by (feature by feature), then its square
    root, as scikit-learn's trees compute their distances. Sparse ``X`` and
    ``Q`` give the same values (:func:`~minibalance._neighbors_sparse.sparse_distances`).
    """
    if is_sparse(X):
        from ._neighbors_sparse import sparse_distances

        Xs, Qs = _canonical_csr(X), _canonical_csr(Q)
        e = _scale_exponent(Xs.data, Qs.data)  # as the dense data below
        dist = np.sqrt(sparse_distances(*_scaled_csr(Xs, Qs, e=e), neighbors))
        return np.ldexp(dist, e) if e else dist
    X = np.asarray(X, dtype=np.float64)
    Q = np.asarray(Q, dtype=np.float64)
    # Huge or tiny data: the differences scaled by the engine's power of two, and the
    # distances scaled back, which is exact (the squares of values beyond 1e154
    # overflowed, below 1e-154 underflowed); no copy of X.
    e = _scale_exponent(X, Q)
    out = np.zeros(neighbors.shape)
    for f in range(X.shape[1]):
        x, q = X[neighbors, f], Q[:, None, f]
        t = np.ldexp(x, -e) - np.ldexp(q, -e) if e else x - q
        out += t * t
    return np.ldexp(np.sqrt(out), e) if e else np.sqrt(out)
