"""Exact k-nearest-neighbour kernels: candidate selection and exact re-ranking.

The k-NN engine (``minibalance._neighbors``) feeds these kernels one tile of dot
products at a time, so scratch memory is bounded by the tile size:

1. ``merge_topk``: for each query row keep the ``m`` smallest approximate squared
   distances ``|q|^2 - 2 q.x + |x|^2`` seen so far (a GEMM makes them cheap),
   ties broken by the smaller reference index.
2. ``rerank``: recompute the exact squared distances ``sum_f (x_f - q_f)^2`` of
   those ``m`` candidates (summed feature by feature, in order) and order them by
   ``(distance, index)``. The GEMM form can lose digits to cancellation; the
   exact pass makes the final order that of the true distances.
"""

import numpy as np

from .._numba import njit, prange

# --- merge_topk ---------------------------------------------------------------------


def merge_topk_numpy(gram, q_norms, r_norms, r_start, best_d, best_i):
    """Merge one tile of candidates into the running best (NumPy version).

    Parameters
    ----------
    gram : ndarray of shape (n_queries, n_refs)
        Dot products of the query rows with references ``r_start .. r_start+n_refs``.
    q_norms, r_norms : ndarray of shape (n_queries,), (n_refs,)
        Squared norms of the queries and of this tile's references.
    r_start : int
        Index of the tile's first reference.
    best_d, best_i : ndarray of shape (n_queries, m)
        Running best approximate distances and indices (``inf``/``-1`` when
        empty), sorted by ``(distance, index)``; updated in place.
    """
    m = best_d.shape[1]
    dist = (q_norms[:, None] - 2.0 * gram) + r_norms[None, :]
    cand_d = np.concatenate([best_d, dist], axis=1)
    idx = np.arange(r_start, r_start + gram.shape[1], dtype=best_i.dtype)
    cand_i = np.concatenate([best_i, np.broadcast_to(idx, dist.shape)], axis=1)
    # Within a row, ties must go to the smaller index (empty slots, index -1, last).
    cand_i_key = np.where(cand_i < 0, np.iinfo(cand_i.dtype).max, cand_i)
    part = np.argpartition(cand_d, m - 1, axis=1)[:, :m]
    part_d = np.take_along_axis(cand_d, part, axis=1)
    kth = part_d.max(axis=1)
    ambiguous = np.flatnonzero((cand_d <= kth[:, None]).sum(axis=1) > m)
    for r in ambiguous:  # a tie straddles the cut: settle it by index
        part[r] = np.lexsort((cand_i_key[r], cand_d[r]))[:m]
    sel_d = np.take_along_axis(cand_d, part, axis=1)
    sel_i = np.take_along_axis(cand_i_key, part, axis=1)
    order = np.lexsort((sel_i, sel_d), axis=-1)
    best_d[:] = np.take_along_axis(sel_d, order, axis=1)
    sel = np.take_along_axis(np.take_along_axis(cand_i, part, axis=1), order, axis=1)
    best_i[:] = sel


@njit(parallel=True)
def merge_topk_numba(gram, q_norms, r_norms, r_start, best_d, best_i):  # pragma: no cover
    """Numba twin of :func:`merge_topk_numpy`: one insertion-sorted buffer per row."""
    n_q, n_r = gram.shape
    m = best_d.shape[1]
    for i in prange(n_q):
        qn = q_norms[i]
        worst = best_d[i, m - 1]
        for j in range(n_r):
            d = (qn - 2.0 * gram[i, j]) + r_norms[j]
            if d < worst:
                # References arrive in increasing index order, so an equal distance
                # already kept has the smaller index and stays ahead.
                p = m - 1
                while p > 0 and best_d[i, p - 1] > d:
                    best_d[i, p] = best_d[i, p - 1]
                    best_i[i, p] = best_i[i, p - 1]
                    p -= 1
                best_d[i, p] = d
                best_i[i, p] = r_start + j
                worst = best_d[i, m - 1]


# --- rerank -------------------------------------------------------------------------


def rerank_numpy(X, q_start, cand, n_neighbors):
    """Order candidates by exact squared distance, then index (NumPy version).

    Parameters
    ----------
    X : ndarray of float64, shape (n_samples, n_features)
        The reference points; queries are rows ``q_start .. q_start+len(cand)``.
    cand : ndarray of intp, shape (n_queries, m)
        Candidate neighbour indices (``-1`` marks an unused slot, never chosen).
    n_neighbors : int
        How many to return.

    Returns
    -------
    ndarray of intp, shape (n_queries, n_neighbors)
    """
    queries = X[q_start : q_start + cand.shape[0]]
    valid = cand >= 0
    gathered = X[np.where(valid, cand, 0)]
    dist = np.zeros(cand.shape)
    for f in range(X.shape[1]):  # feature by feature, the order the Numba loop sums in
        t = gathered[:, :, f] - queries[:, None, f]
        dist += t * t
    dist[~valid] = np.inf
    order = np.lexsort((np.where(valid, cand, np.iinfo(cand.dtype).max), dist), axis=-1)
    return np.take_along_axis(cand, order[:, :n_neighbors], axis=1)


@njit(cache=True)
def rerank_numba(X, q_start, cand, n_neighbors):  # pragma: no cover
    """Numba twin of :func:`rerank_numpy`."""
    n_q, m = cand.shape
    n_f = X.shape[1]
    out = np.empty((n_q, n_neighbors), dtype=cand.dtype)
    dist = np.empty(m)
    idx = np.empty(m, dtype=cand.dtype)
    for i in range(n_q):
        q = q_start + i
        for c in range(m):
            j = cand[i, c]
            if j < 0:
                dist[c] = np.inf
                idx[c] = np.iinfo(cand.dtype).max
                continue
            acc = 0.0
            for f in range(n_f):
                t = X[j, f] - X[q, f]
                acc += t * t
            # insertion sort by (distance, index)
            p = c
            while p > 0 and (dist[p - 1] > acc or (dist[p - 1] == acc and idx[p - 1] > j)):
                dist[p] = dist[p - 1]
                idx[p] = idx[p - 1]
                p -= 1
            dist[p] = acc
            idx[p] = j
        for c in range(n_neighbors):
            out[i, c] = idx[c]
    return out
