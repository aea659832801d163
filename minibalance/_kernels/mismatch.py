r"""The categorical part of a mixed distance: a weight per differing category.

SMOTENC measures rows of continuous and categorical features by

.. math:: d(x, z)^2 = \sum_{f \in cont} (x_f - z_f)^2 + w \, \#\{f \in cat : x_f \ne z_f\},

imbalanced-learn's distance (its one-hot columns scaled so that each differing
category adds :math:`w`). The count of differing categories comes from the
integer codes directly, never from a one-hot matrix: for a tile of query and
reference rows, one comparison per categorical feature.

:func:`add_mismatches` adds the term to a tile of approximate distances (the
engine's candidate GEMM covers the continuous part); :func:`mixed_distances`
gives the exact distances the engine orders candidates by: the continuous sum
feature by feature (as the engine's ``sq_distance``), then ``+ w * count``.
"""

import numpy as np

from .._numba import njit

__all__ = ["add_mismatches_numba", "add_mismatches_numpy", "mixed_distances"]


def add_mismatches_numpy(gram, q_codes, r_codes, weight):
    """Add ``weight * (number of differing codes)`` to every entry of ``gram`` (NumPy).

    Parameters
    ----------
    gram : ndarray of float64, shape (n_queries, n_refs)
        Updated in place.
    q_codes, r_codes : ndarray of intp, shape (n_queries, n_cat), (n_refs, n_cat)
    weight : float
    """
    count = np.zeros(gram.shape, dtype=np.uint32)
    differ = np.empty(gram.shape, dtype=bool)
    for f in range(q_codes.shape[1]):
        np.not_equal(q_codes[:, f, None], r_codes[None, :, f], out=differ)
        count += differ
    gram += weight * count


@njit(cache=True, nogil=True)
def add_mismatches_numba(gram, q_codes, r_codes, weight):  # pragma: no cover
    """Numba twin of :func:`add_mismatches_numpy` (the same product, one per entry)."""
    n_q, n_r = gram.shape
    n_cat = q_codes.shape[1]
    for i in range(n_q):
        for j in range(n_r):
            count = 0
            for f in range(n_cat):
                if q_codes[i, f] != r_codes[j, f]:
                    count += 1
            gram[i, j] += weight * count


def mixed_distances(X, Q, cand, codes, q_codes, weight):
    """Exact mixed squared distances from each query to its candidate rows.

    Parameters
    ----------
    X : ndarray of float64, shape (n_samples, n_cont)
        Continuous part of the references.
    Q : ndarray of float64, shape (n_queries, n_cont)
        Continuous part of the queries.
    cand : ndarray of intp, shape (n_queries, m)
        Candidate rows of ``X`` (``-1``: an empty slot, given ``inf``).
    codes, q_codes : ndarray of intp, shape (n_samples, n_cat), (n_queries, n_cat)
    weight : float

    Returns
    -------
    ndarray of float64, shape (n_queries, m)
    """
    valid = cand >= 0
    safe = np.where(valid, cand, 0)
    gathered = X[safe]
    dist = np.zeros(cand.shape)
    for f in range(X.shape[1]):  # feature by feature, as sq_distance sums
        t = gathered[:, :, f] - Q[:, None, f]
        dist += t * t
    count = (codes[safe] != q_codes[:, None, :]).sum(axis=2)
    dist += weight * count
    dist[~valid] = np.inf
    return dist
