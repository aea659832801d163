r"""SMOTE's interpolation kernel: new points on segments between neighbours.

For each synthetic sample ``i``

.. math:: x^{new}_i = x_{r_i} + s_i \, (x_{n_i} - x_{r_i})

with ``r_i`` the base row, ``n_i`` its chosen neighbour and ``s_i`` in [0, 1).
The arithmetic follows imbalanced-learn exactly: the difference is taken in X's
dtype, multiplied by the float64 step, added to the base row (promoting to
float64), and the result is cast back to X's dtype (integers are truncated).
No fastmath: fused multiply-adds would change the last bit.
"""

import numpy as np

from .._numba import njit, prange

_CHUNK_ELEMENTS = 1 << 19  # values per NumPy chunk (4 MiB of float64): bounds the temporaries


def interpolate_numpy(X, rows, neighbors, steps, out, scale=None):
    """Write ``X[rows] + steps * (X[neighbors] - X[rows])`` into ``out`` (NumPy version).

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    rows, neighbors : ndarray of intp, shape (n_new,)
    steps : ndarray of float64, shape (n_new,)
    out : ndarray of shape (n_new, n_features), dtype of X
    scale : ndarray of float64, shape (n_new,), default=None
        BorderlineSMOTE-2 shrinks the difference towards a neighbour of another
        class first: ``diff *= scale`` in X's dtype, as imbalanced-learn does in
        place (integers: in float64). NumPy only (the Numba twin has no ``scale``).
    """
    chunk = max(1, _CHUNK_ELEMENTS // max(1, X.shape[1]))
    wide, limits = _integer_plan(X)
    for start in range(0, rows.shape[0], chunk):
        stop = start + chunk
        base = X[rows[start:stop]]
        if wide is None:
            diffs = X[neighbors[start:stop]] - base
            if scale is not None:
                diffs *= scale[start:stop, None]
            out[start:stop] = base + steps[start:stop, None] * diffs
            continue
        # Integers: imbalanced-learn subtracts in X's dtype, which wraps when the
        # difference does not fit (uint8 3 - 5 = 254; int8 100 - -100 = -56) and puts
        # the point off the segment. The difference is taken in a type that holds it;
        # where it fits in X's dtype the result is the same, bit for bit.
        base = base.astype(wide)
        diffs = X[neighbors[start:stop]].astype(wide) - base
        if scale is not None:
            diffs = diffs * scale[start:stop, None]
        values = base + steps[start:stop, None] * diffs
        out[start:stop] = np.clip(values, *limits)  # float rounding at the dtype's edge


def _integer_plan(X):
    """For integer X: the type to subtract in, and the float range that casts back safely."""
    if X.dtype.kind not in "iu":
        return None, None
    info = np.iinfo(X.dtype)
    lo, hi = (int(X.min()), int(X.max())) if X.size else (0, 0)
    wide = np.int64 if -(2**62) <= lo and hi < 2**62 else np.float64
    # the largest float64 values inside the dtype's range (2**63 - 1 rounds up to 2**63)
    top = float(info.max)
    if int(top) > info.max:
        top = np.nextafter(top, 0.0)
    return wide, (float(info.min), top)


def _interpolate_loops(X, rows, neighbors, steps, out):  # pragma: no cover
    n_f = X.shape[1]
    for i in prange(rows.shape[0]):
        r = rows[i]
        b = neighbors[i]
        s = steps[i]
        for f in range(n_f):
            out[i, f] = X[r, f] + s * (X[b, f] - X[r, f])


# The same loops compiled twice: serial and cached for the common small jobs (a
# fast first call), parallel and uncached for large ones (a parallel kernel must
# not be cached: it can crash when the thread count changes, as pynndescent
# learned). Rows are independent, so both give the same bits.
_interpolate_serial = njit(cache=True, nogil=True)(_interpolate_loops)
_interpolate_parallel = njit(parallel=True)(_interpolate_loops)
PARALLEL_MIN_VALUES = 1 << 22


def interpolate_numba(X, rows, neighbors, steps, out):
    """Numba twin of :func:`interpolate_numpy` for floating-point X."""
    if out.size >= PARALLEL_MIN_VALUES:
        _interpolate_parallel(X, rows, neighbors, steps, out)
    else:
        _interpolate_serial(X, rows, neighbors, steps, out)
