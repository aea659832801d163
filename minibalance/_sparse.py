"""Sparse matrices (scipy CSR/CSC) without densifying them: the few operations samplers need.

scipy is never imported here unless a sparse matrix was given (then it is
installed by definition); every function takes the matrix's own module from it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["column_std", "column_var", "in_format_of", "is_sparse", "stack_rows"]


def is_sparse(X: Any) -> bool:
    """Tell whether ``X`` is a scipy sparse matrix or array (or quacks like one)."""
    return type(X).__module__.startswith("scipy.sparse") or hasattr(X, "tocsr")


def column_var(X: Any) -> np.ndarray:
    r"""Return the variance of every column of ``X`` (sparse or dense), zeros included.

    In scikit-learn's order of operations for sparse data (``mean_variance_axis``),
    so the values match it bit for bit, for dense ``X`` too (as if it were
    stored sparse, without its zeros): per column the stored (nonzero) values
    are summed in row order, :math:`\mu = s / n`, then
    :math:`\sigma^2 = (\sum_{stored} (x - \mu)^2 + (n - n_{stored}) \mu^2) / n`, all
    in float64. Explicit zeros of a sparse matrix count as stored values, as there.
    """
    n_rows, n_cols = X.shape
    if is_sparse(X):
        csr = X.tocsr()  # row-major: bincount then adds each column's values in row order
        data, cols = np.asarray(csr.data, dtype=np.float64), csr.indices
    else:
        A = np.asarray(X, dtype=np.float64)
        rows, cols = np.nonzero(A)  # the stored values of A as CSR, in row-major order
        data = A[rows, cols]
    means = np.bincount(cols, weights=data, minlength=n_cols).astype(np.float64)
    means /= float(n_rows)
    diff = data - means[cols]
    variances = np.bincount(cols, weights=diff * diff, minlength=n_cols).astype(np.float64)
    stored = np.bincount(cols, minlength=n_cols).astype(np.float64)
    variances += (float(n_rows) - stored) * means**2
    variances /= float(n_rows)
    return variances


def column_std(X: Any) -> np.ndarray:
    """Return the standard deviation of every column: the root of :func:`column_var`."""
    return np.sqrt(column_var(X))


def in_format_of(out: Any, like: Any) -> Any:
    """Return sparse ``out`` in the format (CSR or CSC) and kind (matrix or array) of ``like``."""
    if out.format != like.format:
        out = out.asformat(like.format)
    return out if type(out) is type(like) else type(like)(out)


def stack_rows(blocks: list, like: Any) -> Any:
    """Stack sparse (or dense) row blocks into one sparse matrix in ``like``'s format and kind."""
    import scipy.sparse as sp

    return in_format_of(sp.vstack(blocks, format=like.format), like)
