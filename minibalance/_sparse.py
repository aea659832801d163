"""Sparse matrices (scipy CSR/CSC) without densifying them: the few operations samplers need.

scipy is never imported here unless a sparse matrix was given (then it is
installed by definition); every function takes the matrix's own module from it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["column_std", "is_sparse", "stack_rows"]


def is_sparse(X: Any) -> bool:
    """Tell whether ``X`` is a scipy sparse matrix or array (or quacks like one)."""
    return type(X).__module__.startswith("scipy.sparse") or hasattr(X, "tocsr")


def column_std(X: Any) -> np.ndarray:
    r"""Return the standard deviation of every column of a sparse ``X``, zeros included.

    In scikit-learn's order of operations (``mean_variance_axis``), so the values
    match it bit for bit: per column the stored values are summed in row order,
    :math:`\mu = s / n`, then :math:`\sigma^2 = (\sum_{stored} (x - \mu)^2 +
    (n - n_{stored}) \mu^2) / n`, all in float64. Explicit zeros count as stored
    values, as there.
    """
    csr = X.tocsr()  # row-major: bincount then adds each column's values in row order
    n_rows, n_cols = csr.shape
    data = np.asarray(csr.data, dtype=np.float64)
    cols = csr.indices
    means = np.bincount(cols, weights=data, minlength=n_cols).astype(np.float64) / float(n_rows)
    diff = data - means[cols]
    variances = np.bincount(cols, weights=diff * diff, minlength=n_cols).astype(np.float64)
    stored = np.bincount(cols, minlength=n_cols).astype(np.float64)
    variances += (float(n_rows) - stored) * means**2
    variances /= float(n_rows)
    return np.sqrt(variances)


def stack_rows(blocks: list, like: Any) -> Any:
    """Stack sparse (or dense) row blocks into one sparse matrix in ``like``'s format and kind."""
    import scipy.sparse as sp

    out = sp.vstack(blocks, format=like.format)
    if isinstance(like, sp.sparray) and not isinstance(out, sp.sparray):
        out = type(like)(out)
    return out
