"""Split scores by label and sort each part: ``np.sort`` and a radix-sort twin.

Every unweighted ranking metric starts by sorting the positive and the negative
scores by value (``minibalance._counts``). At a million scores that sort is most of
the time, so the Numba twin replaces the comparison sort (O(n log n)) by a
least-significant-digit radix sort on the bits of the floats (O(n) per digit):

1. each float64 ``x`` becomes an unsigned integer key that sorts like it: the
   sign bit is flipped for positive numbers, all bits for negative ones (so more
   negative means a smaller key), and ``-0.0`` is mapped to ``+0.0``'s key (the
   two are equal scores and must fall in one tie group);
2. one read pass splits the keys by label and counts, for each of the eight
   bytes of a key, how many keys hold each byte value;
3. one stable scatter pass per byte, from the lowest up, puts the keys in order
   of that byte; a byte position where every key holds the same value
   (the exponent of scores in [0, 1], the zero low bits of float32 data) is
   skipped;
4. the sorted keys become floats again.

Float32 scores are sorted as float64 (exact, order-preserving) and come back as
float32. Integer and float16 scores use ``np.sort``, and small inputs, where the
tables cost more than the sort, numba's own sort. Both twins return the same
arrays, except that the sign of a zero score may differ (``-0.0 == 0.0``;
which zero scikit-learn reports depends on the input order).

References
----------
.. [1] D. E. Knuth, *The Art of Computer Programming, Vol. 3: Sorting and
   Searching*, 2nd ed., Section 5.2.5 (radix sorting), Addison-Wesley, 1998.
.. [2] P. M. Herman, "Radix Tricks", 2001 (the float-to-integer key).
"""

import numpy as np

from .._numba import njit

__all__ = ["RADIX_MIN_SIZE", "split_sorted_numba", "split_sorted_numpy"]

# Digits of one byte: eight passes over the keys, but each scatters to 256 places,
# which the caches and write buffers follow. 11-bit digits (six passes, 2,048
# places) measured 17-26 ms at a million float64 scores, from run to run; bytes
# 10.5-11 ms (np.sort: 53 ms).
RADIX_BITS = 8
N_DIGITS = 8
# Below this many scores numba's own sort is as fast as filling the tables: 18 vs
# 17 us at 1,000 float64 scores; above, it falls behind (40 vs 27 us at 3,000, 604
# vs 98 us at 10,000; 98 vs 11 ms at 1,000,000). Measured.
RADIX_MIN_SIZE = 1024


def split_sorted_numpy(is_pos, score):
    """Return the positive and the negative scores, each sorted by value (``np.sort``)."""
    return np.sort(score[is_pos]), np.sort(score[~is_pos])


def split_sorted_numba(is_pos, score):
    """Return what :func:`split_sorted_numpy` returns, by radix sort for float scores.

    ``is_pos`` is a boolean array, ``score`` a 1-D array of the same length.
    """
    if score.dtype not in (np.float64, np.float32):  # integers, booleans, float16
        return split_sorted_numpy(is_pos, score)
    if score.shape[0] < RADIX_MIN_SIZE:  # one compiled call: split and numba's sort
        return _split_sorted_small(is_pos, score)
    bits = np.ascontiguousarray(score, dtype=np.float64).view(np.uint64)
    pos, neg = _split_sorted_keys(np.ascontiguousarray(is_pos, dtype=np.bool_), bits)
    pos, neg = pos.view(np.float64), neg.view(np.float64)
    if score.dtype != np.float64:  # float32: exact on the way back
        return pos.astype(score.dtype), neg.astype(score.dtype)
    return pos, neg


@njit(cache=True, nogil=True)
def _split_sorted_small(is_pos, score):  # pragma: no cover
    return np.sort(score[is_pos]), np.sort(score[~is_pos])


@njit(cache=True, nogil=True)
def _split_sorted_keys(is_pos, bits):  # pragma: no cover
    """Split float64 bit patterns by label and radix-sort each part; returns the bits."""
    n = bits.shape[0]
    n_pos = 0
    for i in range(n):
        if is_pos[i]:
            n_pos += 1
    radix = 1 << RADIX_BITS
    mask = np.uint64(radix - 1)
    sign = np.uint64(1) << np.uint64(63)
    pos = np.empty(n_pos, np.uint64)
    neg = np.empty(n - n_pos, np.uint64)
    pos_hist = np.zeros((N_DIGITS, radix), np.int64)
    neg_hist = np.zeros((N_DIGITS, radix), np.int64)
    a = 0
    b = 0
    for i in range(n):
        v = bits[i]
        if v == sign:  # -0.0 sorts as +0.0
            v = np.uint64(0)
        key = ~v if v & sign else v | sign
        if is_pos[i]:
            pos[a] = key
            a += 1
            for d in range(N_DIGITS):
                pos_hist[d, (key >> np.uint64(d * RADIX_BITS)) & mask] += 1
        else:
            neg[b] = key
            b += 1
            for d in range(N_DIGITS):
                neg_hist[d, (key >> np.uint64(d * RADIX_BITS)) & mask] += 1
    pos = _radix_passes(pos, pos_hist)
    neg = _radix_passes(neg, neg_hist)
    _keys_to_bits(pos)
    _keys_to_bits(neg)
    return pos, neg


@njit(cache=True, nogil=True)
def _radix_passes(keys, hist):  # pragma: no cover
    """Stable counting-sort passes, lowest digit first; constant digits are skipped."""
    n = keys.shape[0]
    mask = np.uint64((1 << RADIX_BITS) - 1)
    src = keys
    dst = np.empty_like(keys)
    for d in range(N_DIGITS):
        counts = hist[d]
        if n == 0 or counts[(src[0] >> np.uint64(d * RADIX_BITS)) & mask] == n:
            continue  # every key holds this digit value: the order does not change
        total = 0
        for value in range(counts.shape[0]):  # counts become each value's first slot
            c = counts[value]
            counts[value] = total
            total += c
        shift = np.uint64(d * RADIX_BITS)
        for i in range(n):
            key = src[i]
            digit = (key >> shift) & mask
            dst[counts[digit]] = key
            counts[digit] += 1
        src, dst = dst, src
    return src


@njit(cache=True, nogil=True)
def _keys_to_bits(keys):  # pragma: no cover
    """Undo the key mapping in place: keys become float64 bit patterns again."""
    sign = np.uint64(1) << np.uint64(63)
    for i in range(keys.shape[0]):
        key = keys[i]
        keys[i] = key ^ sign if key & sign else ~key
