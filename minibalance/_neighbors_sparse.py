r"""The k-NN engine's path for scipy sparse matrices: never densified.

The same answer as the dense engine on ``X.toarray()``, bit for bit: the
neighbours by exact squared distance, ties by row index. Candidates come from
sparse products, one tile of references at a time:

.. math:: \tilde d(q, x) = |q|^2 + (|x|^2 - 2\, q \cdot x),

with ``Q_block @ R_tile.T`` (a sparse x sparse-transposed product, densified per
tile only: ``q_tile x r_tile`` values). The exact distance of a candidate is
summed over the union of the two rows' stored features, in feature order, as the
dense engine sums over all features (the other terms are exact zeros), so the
orderings agree. Integer-valued data (counts, binary features: the usual sparse
data) is exact in float64 and needs no certificate; other data is certified as
the dense brute force is (a rounding bound on the products, with ``K`` the
largest number of stored values in a row), with the same wider look and exact
scan for a query the bound cannot clear.
"""

from __future__ import annotations

import numpy as np

__all__ = ["sparse_distances", "sparse_kneighbors"]

# Query rows and reference rows per tile (a tile is densified: 16 MiB of float64).
_TILES = (1024, 2048)


def _row_norms(A) -> np.ndarray:
    """Squared norm of every row, summed over its stored values in order."""
    rows = np.repeat(np.arange(A.shape[0]), np.diff(A.indptr))
    return np.bincount(rows, weights=A.data * A.data, minlength=A.shape[0]).astype(np.float64)


def sparse_distances(X, Q, cand: np.ndarray) -> np.ndarray:
    """Exact squared distances from each row of ``Q`` to its candidate rows of ``X``.

    ``sum_f (x_f - q_f)^2`` over the features stored in either row, in
    increasing feature order, summed one term after another
    (:mod:`minibalance._kernels.sparse_rows`), as the dense engine's
    ``sq_distance`` sums every feature. ``X`` and ``Q`` are canonical CSR float64;
    ``cand`` (n_queries, m), ``-1`` for an empty slot (given ``inf``).
    """
    from ._kernels import twin

    valid = cand >= 0
    rows = np.where(valid, cand, 0).ravel().astype(np.intp)
    queries = np.repeat(np.arange(cand.shape[0], dtype=np.intp), cand.shape[1])
    kernel = twin("sparse_rows", "pair_sq_distances")
    dist = kernel(X.indptr, X.indices, X.data, Q.indptr, Q.indices, Q.data, rows, queries)
    dist = dist.reshape(cand.shape)
    dist[~valid] = np.inf
    return dist


def _is_integral(*matrices) -> bool:
    return all(np.array_equal(A.data, np.round(A.data)) for A in matrices)


def sparse_kneighbors(
    X, Q, n_query: int, out: np.ndarray, farthest: bool, merge_topk, mixed=None, q_codes=None
) -> None:
    """Fill ``out`` (n_queries, n_query) with the nearest (or farthest) rows of ``X``.

    ``X`` and ``Q`` are CSR float64 matrices with canonical indices (``Q`` may be
    rows of ``X``); ``merge_topk`` is the engine's selection kernel. ``mixed``
    (the engine's ``_Mixed``) adds SMOTENC's categorical term, ``q_codes`` the
    queries' codes: each tile gets ``w * (differing codes)``, the exact distances
    ``+ w * count``, and the search is certified.
    """
    from ._neighbors import _gram_error_bound, _n_candidates, _run_blocks, _uncertified

    n_samples = X.shape[0]
    q_tile, r_tile = _TILES
    m, m_wide = _n_candidates(n_samples, n_query)
    norms, q_norms = _row_norms(X), _row_norms(Q)
    top = max(float(np.abs(X.data).max(initial=0.0)), float(np.abs(Q.data).max(initial=0.0)))
    per_row = max(int(np.diff(X.indptr).max(initial=0)), int(np.diff(Q.indptr).max(initial=0)))
    exact = mixed is None and _is_integral(X, Q) and 4.0 * max(per_row, 1) * top**2 < 2.0**53
    rho = float(np.sqrt(max(norms.max(initial=0.0), q_norms.max(initial=0.0))))
    slack = None if exact else _gram_error_bound(q_norms, rho, np.float64, max(per_row, 1))
    if mixed is not None:  # the rounding of the added categorical term, as the dense path
        slack = slack + 2.0**-51 * ((np.sqrt(q_norms) + rho) ** 2 + mixed.largest)
    tiles = [(r0, X[r0 : r0 + r_tile].T.tocsr()) for r0 in range(0, n_samples, r_tile)]
    sign = -1.0 if farthest else 1.0

    def candidates(Qb, qn, n_cand, qc=None):
        best_d = np.full((Qb.shape[0], n_cand), np.inf)
        best_i = np.full((Qb.shape[0], n_cand), -1, dtype=np.intp)
        qn = sign * qn
        for r0, RT in tiles:  # in index order: exact mode relies on it for its ties
            # |x|^2 - 2 q.x in place: the doubling is exact, so this is fl(|x|^2 - 2 q.x)
            tile = (Qb @ RT).toarray()
            tile *= -2.0
            tile += norms[r0 : r0 + RT.shape[1]]
            if mixed is not None:
                mixed.add_tile(tile, qc, mixed.codes[r0 : r0 + RT.shape[1]], mixed.weight)
            if farthest:
                np.negative(tile, out=tile)
            merge_topk(tile, qn, r0, best_d, best_i)
        return best_d, best_i

    def exact_distances(Qb, cand, qc):
        dist = sparse_distances(X, Qb, cand)
        if mixed is not None:
            safe = np.where(cand >= 0, cand, 0)
            dist = dist + mixed.weight * (mixed.codes[safe] != qc[:, None, :]).sum(axis=2)
        return dist

    def order(Qb, cand, qc=None):
        dist = sign * exact_distances(Qb, cand, qc)
        big = np.iinfo(cand.dtype).max
        ranked = np.lexsort((np.where(cand >= 0, cand, big), dist), axis=-1)
        return np.take_along_axis(cand, ranked[:, :n_query], axis=1), dist

    def last_distance(Qb, block, qc=None):
        return exact_distances(Qb, block[:, -1:], None if qc is None else qc)[:, 0]

    def query_block(b0: int) -> None:
        sel = np.arange(b0, min(b0 + q_tile, Q.shape[0]))
        Qb = Q[sel]
        qc = None if mixed is None else q_codes[sel]
        best_d, best_i = candidates(Qb, q_norms[sel], m, qc)
        block, _ = order(Qb, best_i, qc)
        if exact or m == n_samples:
            out[sel] = block
            return
        worst = best_d[:, m - 1]
        last = last_distance(Qb, block, qc)
        bad = _uncertified(X, Qb, block, worst, slack[sel], farthest, last)
        if bad.size and m_wide > m:
            sub = sel[bad]
            sub_qc = None if qc is None else qc[bad]
            wide_d, wide_i = candidates(Q[sub], q_norms[sub], m_wide, sub_qc)
            block[bad] = order(Q[sub], wide_i, sub_qc)[0]
            if m_wide < n_samples:
                last = last_distance(Q[sub], block[bad], sub_qc)
                still = _uncertified(
                    X, Q[sub], block[bad], wide_d[:, m_wide - 1], slack[sub], farthest, last
                )
                bad = bad[still]
            else:
                bad = bad[:0]
        for r in bad:  # last resort: the exact distance to every row
            everyone = np.arange(n_samples)[None, :]
            one_qc = None if qc is None else qc[r : r + 1]
            dist = sign * exact_distances(Q[sel[r] : sel[r] + 1], everyone, one_qc)[0]
            block[r] = np.lexsort((np.arange(n_samples), dist))[:n_query]
        out[sel] = block

    _run_blocks(query_block, range(0, Q.shape[0], q_tile), uses_blas=False)
