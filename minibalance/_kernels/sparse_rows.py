r"""Kernels on pairs of CSR rows: SMOTE's interpolation and the exact squared distance.

Both walk the union of two rows' stored features in increasing feature order
(the rows of a canonical CSR matrix are sorted), with a missing value read as 0:

- :func:`interpolate_rows`: :math:`x_b + s\,(x_n - x_b)` for every feature stored
  in either row, as scipy's ``X[b] + steps.multiply(X[n] - X[b])`` computes it
  (imbalanced-learn's sparse SMOTE): one subtraction, a product with the float64
  step, one addition, the result in float64; entries that come out exactly 0 are
  not stored, as scipy drops them.
- :func:`pair_sq_distances`: :math:`\sum_f (x_f - q_f)^2`, summed one term after the
  other in feature order, the value the dense engine sums over all features (the
  features stored in neither row add exact zeros).

The NumPy twins use scipy's elementwise operations (sparse data means scipy is
installed); the Numba twins walk the two rows with two pointers. Same arithmetic,
same order, same bits.
"""

import numpy as np

from .._numba import njit

__all__ = [
    "count_interpolated_numba",
    "interpolate_rows_numba",
    "interpolate_rows_numpy",
    "pair_sq_distances_numba",
    "pair_sq_distances_numpy",
    "write_interpolated_numba",
]


def _csr(indptr, indices, data, n_cols):
    import scipy.sparse as sp

    return sp.csr_matrix((data, indices, indptr), shape=(indptr.size - 1, n_cols))


def interpolate_rows_numpy(indptr, indices, data, base, neighbors, steps):
    """CSR arrays of the rows ``x_base + steps * (x_neighbor - x_base)`` (NumPy version).

    scipy's elementwise operations (sparse input means scipy is installed), as
    imbalanced-learn writes them: ``X[b] + steps.multiply(X[n] - X[b])``.

    Parameters
    ----------
    indptr, indices, data : ndarray
        A canonical CSR matrix (sorted indices, no duplicates).
    base, neighbors : ndarray of intp, shape (n_new,)
    steps : ndarray of float64, shape (n_new,)

    Returns
    -------
    new_indptr, new_indices, new_data (float64) : ndarray
    """
    n_cols = int(indices.max(initial=-1)) + 1
    X = _csr(indptr, indices, data, n_cols)
    new = X[base] + (X[neighbors] - X[base]).multiply(steps[:, None]).tocsr()
    new = new.tocsr().astype(np.float64)
    new.eliminate_zeros()
    new.sort_indices()
    return new.indptr.astype(np.int64), new.indices, new.data


@njit(cache=True, nogil=True)
def interpolate_rows_numba(indptr, indices, data, base, neighbors, steps):  # pragma: no cover
    """Numba twin of :func:`interpolate_rows_numpy`: a two-pointer walk per row, twice.

    The first walk counts each row's values, the second writes them (the walk is
    :func:`_union_walk`, shared with the in-place writer).
    """
    counts = count_interpolated_numba(indptr, indices, data, base, neighbors, steps)
    new_indptr = np.zeros(base.shape[0] + 1, dtype=np.int64)
    new_indptr[1:] = np.cumsum(counts)
    new_indices = np.empty(new_indptr[-1], dtype=indices.dtype)
    new_data = np.empty(new_indptr[-1], dtype=np.float64)
    write_interpolated_numba(
        indptr, indices, data, base, neighbors, steps, new_indptr[:-1], new_indices, new_data
    )
    return new_indptr, new_indices, new_data


def pair_sq_distances_numpy(indptr, indices, data, q_indptr, q_indices, q_data, rows, queries):
    """Exact squared distances of the pairs (row ``rows[p]`` of X, row ``queries[p]`` of Q).

    ``X`` and ``Q`` are canonical CSR float64 matrices given by their arrays. With
    scipy: ``D = X[rows] - Q[queries]`` (one exact subtraction per feature stored
    in either row), then each row's sum of squares by a product with ones, which
    adds a row's terms one after another in feature order.
    """
    n_cols = int(max(indices.max(initial=-1), q_indices.max(initial=-1))) + 1
    D = (
        _csr(indptr, indices, data, n_cols)[rows]
        - _csr(q_indptr, q_indices, q_data, n_cols)[queries]
    )
    D = D.tocsr()
    D.sort_indices()
    D.data = D.data * D.data
    return np.asarray(D @ np.ones(n_cols), dtype=np.float64)


@njit(cache=True, nogil=True)
def pair_sq_distances_numba(
    indptr, indices, data, q_indptr, q_indices, q_data, rows, queries
):  # pragma: no cover
    """Numba twin of :func:`pair_sq_distances_numpy`: a two-pointer walk per pair."""
    out = np.zeros(rows.shape[0])
    for i in range(rows.shape[0]):
        p, p_end = indptr[rows[i]], indptr[rows[i] + 1]
        q, q_end = q_indptr[queries[i]], q_indptr[queries[i] + 1]
        acc = 0.0
        while p < p_end or q < q_end:
            if q >= q_end or (p < p_end and indices[p] < q_indices[q]):
                t = data[p]
                p += 1
            elif p >= p_end or q_indices[q] < indices[p]:
                t = -q_data[q]
                q += 1
            else:
                t = data[p] - q_data[q]
                p += 1
                q += 1
            acc += t * t
        out[i] = acc
    return out


@njit(cache=True, nogil=True)
def _union_walk(
    indptr, indices, data, b, n, s, out_indices, out_data, k, write
):  # pragma: no cover
    """Walk rows ``b`` and ``n``: count the nonzero values (``write``: store them from ``k``)."""
    p, p_end = indptr[b], indptr[b + 1]
    q, q_end = indptr[n], indptr[n + 1]
    count = 0
    while p < p_end or q < q_end:
        if q >= q_end or (p < p_end and indices[p] < indices[q]):
            col, a = indices[p], data[p]
            c = a - a
            p += 1
        elif p >= p_end or indices[q] < indices[p]:
            col, c = indices[q], data[q]
            a = c - c
            q += 1
        else:
            col, a, c = indices[p], data[p], data[q]
            p += 1
            q += 1
        value = np.float64(a) + s * np.float64(c - a)
        if value != 0:
            if write:
                out_indices[k + count] = col
                out_data[k + count] = value
            count += 1
    return count


@njit(cache=True, nogil=True)
def count_interpolated_numba(indptr, indices, data, base, neighbors, steps):  # pragma: no cover
    """Count the values each row of :func:`interpolate_rows_numba` stores (its first pass)."""
    counts = np.empty(base.shape[0], dtype=np.int64)
    dummy_i = np.empty(0, dtype=indices.dtype)
    dummy_d = np.empty(0, dtype=data.dtype)
    for i in range(base.shape[0]):
        counts[i] = _union_walk(
            indptr, indices, data, base[i], neighbors[i], steps[i], dummy_i, dummy_d, 0, False
        )
    return counts


@njit(cache=True, nogil=True)
def write_interpolated_numba(
    indptr, indices, data, base, neighbors, steps, starts, out_indices, out_data
):  # pragma: no cover
    """Write the rows of :func:`interpolate_rows_numba` in place, row ``i`` from ``starts[i]``.

    ``out_data`` has X's dtype: each float64 value is cast to it, as scipy's
    ``astype`` casts imbalanced-learn's result.
    """
    for i in range(base.shape[0]):
        _union_walk(
            indptr,
            indices,
            data,
            base[i],
            neighbors[i],
            steps[i],
            out_indices,
            out_data,
            starts[i],
            True,
        )
