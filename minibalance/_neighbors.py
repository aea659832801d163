"""The exact k-nearest-neighbour engine behind SMOTE and the cleaning samplers.

``kneighbors(X, k)`` returns, for every row of ``X``, its ``k`` nearest other
rows of ``X``, nearest first. As imbalanced-learn does, it finds the ``k + 1``
nearest points (the query itself is normally the first) and drops the first
column. Distances are Euclidean; equal distances are ordered by row index.

Two algorithms, both exact:

- **brute force**, tiled: for a block of queries and a block of references, a
  GEMM gives the approximate squared distances ``|q|^2 - 2 q.x + |x|^2``; a
  kernel keeps the best ``m > k + 1`` candidates per query; an exact pass
  (``sum (x - q)^2``) orders them. Scratch memory is a few tiles, never an
  n x n matrix, however large the class.
- **KD-tree** (scipy's ``cKDTree``) for low dimensions and large classes, where
  a tree query costs O(log n) instead of O(n) per point. Its candidates go
  through the same exact ordering.

scipy is optional; without it the brute force serves every case.
"""

from __future__ import annotations

import importlib.util

import numpy as np

from ._config import get_backend

# Tile sizes: a query block of _Q_TILE rows against _R_TILE references holds
# _Q_TILE * _R_TILE float64 (4 MiB, cache-sized) at a time.
_Q_TILE = 1024
_R_TILE = 512
# KD-tree when scipy is there, the data has few dimensions and the class is large
# enough for the tree to pay off.
KDTREE_MAX_FEATURES = 15
KDTREE_MIN_SAMPLES = 2048


def _n_candidates(n_samples: int, n_query: int) -> int:
    # A few spare candidates beyond k + 1 so that rounding in the GEMM distances
    # cannot push a true neighbour out before the exact pass.
    return min(n_samples, n_query + max(4, n_query))


def choose_algorithm(n_samples: int, n_features: int) -> str:
    """Pick ``"kd_tree"`` or ``"brute"`` for a class of this shape."""
    if (
        n_features <= KDTREE_MAX_FEATURES
        and n_samples >= KDTREE_MIN_SAMPLES
        and importlib.util.find_spec("scipy") is not None
    ):
        return "kd_tree"
    return "brute"


def kneighbors(X: np.ndarray, n_neighbors: int, *, algorithm: str = "auto") -> np.ndarray:
    """Find the ``n_neighbors`` nearest other rows of every row of ``X``.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        Finite numeric data; converted to float64 for the distances.
    n_neighbors : int
        Neighbours per row, ``1 <= n_neighbors < n_samples``.
    algorithm : {"auto", "brute", "kd_tree"}, default="auto"
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
    Xf = np.ascontiguousarray(X, dtype=np.float64)
    n_query = n_neighbors + 1
    if algorithm == "auto":
        algorithm = choose_algorithm(*Xf.shape)

    if get_backend() == "numba":
        from ._kernels.knn import merge_topk_numba as merge_topk
        from ._kernels.knn import rerank_numba as rerank
    else:
        from ._kernels.knn import merge_topk_numpy as merge_topk
        from ._kernels.knn import rerank_numpy as rerank

    out = np.empty((n_samples, n_query), dtype=np.intp)
    if algorithm == "kd_tree":
        from scipy.spatial import cKDTree

        tree = cKDTree(Xf)
        # The tree's distances are exact, so no spare candidates are needed.
        m = n_query
        for q0 in range(0, n_samples, 8 * _R_TILE):
            q1 = min(q0 + 8 * _R_TILE, n_samples)
            _, cand = tree.query(Xf[q0:q1], k=m, workers=-1)
            cand = np.asarray(cand, dtype=np.intp).reshape(q1 - q0, m)
            cand[cand >= n_samples] = -1  # cKDTree pads missing neighbours with n
            out[q0:q1] = rerank(Xf, q0, cand, n_query)
    elif algorithm == "brute":
        m = _n_candidates(n_samples, n_query)
        norms = np.einsum("ij,ij->i", Xf, Xf)
        gram_buffer = np.empty((min(_Q_TILE, n_samples), min(_R_TILE, n_samples)))
        for q0 in range(0, n_samples, _Q_TILE):
            q1 = min(q0 + _Q_TILE, n_samples)
            best_d = np.full((q1 - q0, m), np.inf)
            best_i = np.full((q1 - q0, m), -1, dtype=np.intp)
            for r0 in range(0, n_samples, _R_TILE):
                r1 = min(r0 + _R_TILE, n_samples)
                gram = gram_buffer[: q1 - q0, : r1 - r0]
                np.matmul(Xf[q0:q1], Xf[r0:r1].T, out=gram)
                merge_topk(gram, norms[q0:q1], norms[r0:r1], r0, best_d, best_i)
            out[q0:q1] = rerank(Xf, q0, best_i, n_query)
    else:
        raise ValueError(f"algorithm={algorithm!r} must be 'auto', 'brute' or 'kd_tree'.")
    return out[:, 1:]
