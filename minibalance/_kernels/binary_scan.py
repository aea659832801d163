r"""One pass over a binary problem's labels and scores: the checks the metrics need.

Average precision and the ROC area of ``(y_true, y_score)`` first validate their
inputs as scikit-learn does: the distinct labels (here the least and the greatest,
which settle a target of two consecutive integers), the positives
``y_true == pos_label``, and that no score is NaN or infinite. Done one after
another these are four passes over a million labels and scores (``min``, ``max``,
the comparison, ``isfinite``), each reading from memory when the data is not in
the caches, as in a fresh call. The Numba twin reads each label and each score
once:

.. math:: lo = \min_i y_i, \quad hi = \max_i y_i, \quad p_i = [y_i = \ell], \quad
   bad = \bigvee_i [e(s_i) = e_{max}]

where :math:`e(s)` is a score's exponent field: all ones for exactly the NaNs and
the infinities (IEEE 754). At a million int64 labels and float64 scores, caches
cold, 1% positives: 1.2-1.4 ms for the pass against 2.9 ms for NumPy's four
(2-core Zen 3 VM, measured); average precision 9.4 -> 8.3 ms.
"""

import numpy as np

from .._numba import njit
from .radix_sort import float_bits

__all__ = ["scan_binary_numba", "scan_binary_numpy"]


def scan_binary_numpy(y, pos_label, score):
    """Return ``(lo, hi, is_pos, nonfinite)`` of int64 labels and float scores.

    Parameters
    ----------
    y : ndarray of int64, shape (n,), n >= 1
    pos_label : int
        Compared with each label exactly (an int64).
    score : ndarray of float64 or float32, shape (n,), contiguous

    Returns
    -------
    lo, hi : int
        The least and the greatest label.
    is_pos : ndarray of bool, shape (n,)
        ``y == pos_label``.
    nonfinite : bool
        Whether some score is NaN or infinite.
    """
    return int(y.min()), int(y.max()), y == pos_label, not bool(np.isfinite(score).all())


def scan_binary_numba(y, pos_label, score):
    """Numba twin of :func:`scan_binary_numpy`: one pass over ``y`` and ``score``."""
    bits = float_bits(score)[0]
    exponent = np.array(np.inf, score.dtype).view(bits.dtype)[()]  # +inf: the exponent's bits
    lo, hi, is_pos, nonfinite = _scan(y, np.int64(pos_label), bits, exponent)
    return int(lo), int(hi), is_pos, bool(nonfinite)


@njit(cache=True, nogil=True)
def _scan(y, pos_label, bits, exponent):  # pragma: no cover
    n = y.shape[0]
    is_pos = np.empty(n, np.bool_)
    lo = y[0]
    hi = y[0]
    nonfinite = False
    for i in range(n):
        v = y[i]
        lo = min(lo, v)
        hi = max(hi, v)
        is_pos[i] = v == pos_label
        nonfinite |= (bits[i] & exponent) == exponent
    return lo, hi, is_pos, nonfinite
