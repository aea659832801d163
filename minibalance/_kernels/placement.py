r"""Place the negatives among the sorted positives by a bucket table on the float keys.

Average precision and the ROC area need, for every distinct positive score
:math:`u_j` (increasing), only how many negatives score at least it, and for the
ROC area how many tie with it: not the order of the negatives. When the positives
are the rarer class (the usual case here) that is cheaper than sorting everything:

1. the positive scores become the radix sort's unsigned keys (a float's bits, the
   sign bit flipped for positives and all bits for negatives, ``-0.0`` as ``+0.0``;
   :mod:`minibalance._kernels.radix_sort`), which order like the floats, sorted
   as that module sorts (``np.sort`` of the floats where NumPy's sort is
   vectorised, else radix passes); equal keys are one group :math:`u_j` of
   :math:`c_j` positives;
2. the key range of the groups is cut into :math:`2^b \ge 8 g` equal buckets
   (:math:`g` groups, :math:`b \le 20`; one empty bucket is added below and above,
   where the keys beyond the groups are clamped), and a table of one ``uint32`` a
   bucket holds its first group, at or above its start, in the low bits (so the
   groups of bucket :math:`t` are ``start[t]:start[t + 1]``) and a code above
   them: for a bucket with one group, the leading bits of that group's offset in
   the bucket; else a value above every such prefix, one for no group and one
   for several;
3. each negative's key :math:`x` gives its bucket by a subtraction and a shift;
   every group of an earlier bucket is below :math:`x` and every group of a later
   one above, so :math:`j = \#\{u \le x\}` is ``start[t]`` plus the groups of
   its own bucket at most :math:`x`. Most buckets hold no group or one, and then
   the code answers alone: ``start[t]`` plus one if :math:`x`'s offset prefix is
   above the code. Only where the prefixes are equal, or the bucket holds
   several groups, are the groups compared (a few scanned, more bisected).

``bins[j]`` counts the negatives with exactly ``j`` groups at or below them, and
``tied[j]`` those of them equal to :math:`u_{j-1}` (a group of their own bucket,
found only when the groups are compared: two keys with different prefixes differ).
One pass over the scores, a block at a time (the ``j`` found, then counted), and a
table of at most :math:`2^{20}` ``uint32``: linear where a binary search per
negative is :math:`n \log g`, and with no sort of the majority class at all. At a
million scores, 1% positives, on a 2-core Zen 3 VM: 3.5-3.8 ms in two threads
(5.6-6.5 in one) against 11.5-12.1 ms for ``np.sort`` of the scores (AVX2); on an
AVX-512 machine an earlier version of this kernel (one table of first groups,
counting as it went) took 3.3 ms against 5.2 for ``np.sort``. The NumPy twin gets
the same integers from ``np.unique`` and ``np.searchsorted``.

References
----------
.. [1] D. E. Knuth, *The Art of Computer Programming, Vol. 3: Sorting and
   Searching*, 2nd ed., Section 6.4 (hashing by the leading bits: an
   order-preserving address calculation), Addison-Wesley, 1998.
"""

import numpy as np

from .._numba import njit
from . import radix_sort
from .radix_sort import RADIX_BITS, _radix_passes, float_bits, float_key

__all__ = [
    "BLOCK",
    "MAX_GROUPS",
    "MAX_POSITIVES",
    "SPREAD",
    "TABLE_BITS",
    "THREADS_MIN_SIZE",
    "place_negatives_numba",
    "place_negatives_numpy",
]

# Buckets per distinct positive: the share of negatives whose bucket holds
# several groups (and so costs a look at them, and a mispredicted branch) falls
# with it; the table grows out of the caches. At a million scores, one thread,
# the kernel alone, 4 / 8 / 16: 5.4 / 5.4 / 6.4 ms at 1% positives, 7.8 / 7.6 /
# 7.8 at 5%, 8.4 / 7.9 / 8.1 at 10% (Zen 3 VM, 1 MiB of L2 a core). With a table
# of first groups alone (every lone group looked at): 7.7 / 6.2 / 6.4 at 1%.
SPREAD = 8
# At most 2**20 buckets (4 MiB of uint32), however many positives.
TABLE_BITS = 20
# Beyond this many positives the metrics sort both classes instead: the table and
# the per-group arrays (about 70 bytes a group: its uint64 key, int64 count, bins
# and ties, and SPREAD uint32 buckets) outgrow the caches, and each negative's
# lookups wait on memory. On a 2-core Zen 3 VM whose L3 barely helps (a random load
# 104 ns at 4 MiB), at a million scores, caches cold (as in asv), two runs, average
# precision by the table vs np.sort of both classes: 5% positives 15.0-16.6 vs
# 21.8-30.2 ms, 10% 20.9-24.3 vs 25.2-31.3, 13% 22.5-23.6 vs 26.6-32.4, 20%
# 26.6-27.1 vs 26.6-28.4, 30% 34.2-35.9 vs 28.9-38.5: the cross-over is near 20%,
# and 2**17 is 13% of a million. An AVX-512 machine with a large L3 was not
# measured at these shares.
MAX_POSITIVES = 1 << 17
# A bucket holding more groups than this is searched by bisection.
SCAN = 8
# The negatives are placed this many scores at a time: the groups found first,
# into a buffer of 4 KiB, then counted (_place_range). At a million scores, one
# thread, the kernel with the count in the same loop vs after each block: 9.0-9.4
# vs 6.2-6.3 ms at 1% positives, 11.5-11.8 vs 7.5-7.7 at 5%, 12.5-15.0 vs 9.0-9.1
# at 10%; 6.2, 6.3 and 6.6 ms at 1% with blocks of 512, 1,024 and 4,096 (Zen 3 VM).
BLOCK = 1024
# A bucket's first group and its code share one uint32: the groups' index takes
# at most 30 bits, leaving two for the codes (the metrics send at most MAX_POSITIVES).
MAX_GROUPS = (1 << 30) - 1
# From this many scores the negatives are placed in two halves, on two threads
# (the engine's _run_blocks: a thread started and joined per call, about 100 us).
# Average precision, 1% positives, one thread vs two: 474-484 vs 442-590 us at
# 100,000 scores, 1,008-1,051 vs 773-809 at 200,000 (measured).
THREADS_MIN_SIZE = 1 << 17


def place_negatives_numpy(is_pos, score):
    """Count the positives per distinct score and place the negatives among them.

    Parameters
    ----------
    is_pos : ndarray of bool, shape (n,)
    score : ndarray of float64 or float32, shape (n,)
        Finite scores (infinities sort like any other key).

    Returns
    -------
    counts : ndarray of int64, shape (g,)
        The positives at each distinct positive score, increasing.
    bins : ndarray of int64, shape (g + 1,)
        ``bins[j]``: the negatives with exactly ``j`` distinct positive scores at
        most their own.
    tied : ndarray of int64, shape (g + 1,)
        ``tied[j]``: those of ``bins[j]`` equal to the ``j``-th distinct positive
        score (``tied[0] == 0``).
    """
    groups, counts = np.unique(score[is_pos], return_counts=True)
    neg = score[~is_pos]
    j = np.searchsorted(groups, neg, side="right")
    tie = j > 0
    tie[tie] = groups[j[tie] - 1] == neg[tie]
    size = groups.shape[0] + 1
    bins = np.bincount(j, minlength=size).astype(np.int64, copy=False)
    tied = np.bincount(j[tie], minlength=size).astype(np.int64, copy=False)
    return counts.astype(np.int64, copy=False), bins, tied


def place_negatives_numba(is_pos, score):
    """Numba twin of :func:`place_negatives_numpy`: the bucket table, one pass.

    From :data:`THREADS_MIN_SIZE` scores up the pass over the negatives runs in two
    halves, on two threads where there are two cores (``_neighbors._run_blocks``),
    and their counts are added: integers, so the same whatever the split. At most
    :data:`MAX_GROUPS` positives (``ValueError`` beyond).
    """
    is_pos = np.ascontiguousarray(is_pos, dtype=np.bool_)
    n_pos = int(np.count_nonzero(is_pos))
    if n_pos > MAX_GROUPS:  # before any work
        raise ValueError(
            f"The bucket table takes at most {MAX_GROUPS} positives; got {n_pos}. "
            "Sort both classes instead (minibalance._kernels.radix_sort.split_sorted_numba)."
        )
    bits, sign, ones = float_bits(score)
    n = bits.shape[0]
    if radix_sort.vector_sort():  # NumPy's SIMD sort of the positives, then their keys
        keys = _positive_bits(is_pos, bits, n_pos).view(score.dtype)
        keys.sort()
        keys = keys.view(bits.dtype)
        _keys_in_place(keys, sign, ones)  # float_key is monotone: still sorted
    else:
        keys = np.empty(n_pos, dtype=bits.dtype)
        keys = _sorted_positive_keys(is_pos, bits, sign, ones, keys, np.empty_like(keys))
    counts, (groups, codes, *scalars) = _group_table(keys)
    # numba returns the scalars as Python ints, which it would type int64 (and mix
    # with the keys' uint64 as float64) when below 2**63
    table = (groups, codes, *(np.uint64(v) for v in scalars), BLOCK)
    if counts.shape[0] == 0:
        bins = np.zeros(1, np.int64)
        bins[0] = n
        return counts, bins, np.zeros(1, np.int64)
    if n < THREADS_MIN_SIZE:
        return (counts, *_place_range(is_pos, bits, sign, ones, *table, 0, n))
    from .._neighbors import _run_blocks  # the engine's worker threads (errors re-raised)

    half = n // 2
    parts = {}

    def place(first):
        parts[first] = _place_range(
            is_pos, bits, sign, ones, *table, first, half if first == 0 else n
        )

    _run_blocks(place, [0, half], uses_blas=False)
    bins, tied = parts[0]
    bins += parts[half][0]
    tied += parts[half][1]
    return counts, bins, tied


@njit(cache=True, nogil=True)
def _bisect_right(a, x, lo, hi):  # pragma: no cover
    """Return the first index of ``a[lo:hi]`` (sorted) whose value is above ``x``."""
    while lo < hi:
        mid = (lo + hi) >> 1
        if a[mid] <= x:
            lo = mid + 1
        else:
            hi = mid
    return lo


@njit(cache=True, nogil=True)
def _positive_bits(is_pos, bits, n_pos):  # pragma: no cover
    """Return the bits of the ``n_pos`` positives, in their order (``bits[is_pos]``).

    Without a branch: every score is written at the next free place, which only a
    positive advances, so the scores stream in order and no positive costs a
    mispredicted branch (``score[is_pos]`` pays one a positive, and a cache miss
    behind it). At a million scores, in front of the table (the scores just read
    by the metrics' checks), ``score[is_pos]`` vs this: 0.9-1.6 vs 0.9-1.3 ms at
    1% positives, 2.2-2.8 vs 0.9-1.2 at 5%, 2.9-3.1 vs 1.0 at 13% (Zen 3 VM).
    """
    out = np.empty(n_pos + 1, bits.dtype)  # the last score lands past the positives
    a = 0
    for i in range(bits.shape[0]):
        out[a] = bits[i]
        a += is_pos[i]
    return out[:n_pos]


@njit(cache=True, nogil=True)
def _keys_in_place(bits, sign, ones):  # pragma: no cover
    """Turn sorted float bits into their keys in place (:func:`float_key`; order kept)."""
    for i in range(bits.shape[0]):
        bits[i] = float_key(bits[i], sign, ones)


@njit(cache=True, nogil=True)
def _sorted_positive_keys(is_pos, bits, sign, ones, keys, scratch):  # pragma: no cover
    """Return the positives' keys radix-sorted (step 1, where NumPy's sort is scalar).

    The keys are gathered into ``keys`` with the radix sort's byte counts in one
    pass; the sorted keys end in ``keys`` or ``scratch``.
    """
    n = bits.shape[0]
    n_digits = bits.itemsize
    mask = (1 << RADIX_BITS) - 1
    hist = np.zeros((n_digits, 1 << RADIX_BITS), np.int64)
    a = 0
    for i in range(n):  # the positives' keys, and the radix sort's byte counts
        if is_pos[i]:
            key = float_key(bits[i], sign, ones)
            keys[a] = key
            a += 1
            for d in range(n_digits):
                hist[d, (key >> (d * RADIX_BITS)) & mask] += 1
    return _radix_passes(keys, hist, scratch)


@njit(cache=True, nogil=True)
def _group_table(keys):  # pragma: no cover
    """Count the positives per distinct key and build the bucket table (step 2).

    ``keys`` are the positives' keys, sorted; they are deduplicated in place.
    Returns ``counts`` (empty when there is no positive) and the table as
    ``(groups, table, lo, hi, shift, start_bits, prefix_shift)``: the distinct
    keys; per bucket a ``uint32``, its first group in the low ``start_bits`` bits
    and its code above them; the clamping range; the bucket width's bits; and the
    shift that leaves an offset in its bucket with ``31 - start_bits`` bits.
    """
    m = keys.shape[0]
    # the distinct keys (in place) and the positives at each
    counts = np.zeros(m, np.int64)
    g = 0
    for i in range(m):
        if g == 0 or keys[i] != keys[g - 1]:
            keys[g] = keys[i]
            g += 1
        counts[g - 1] += 1
    groups = np.empty(g, np.uint64)
    for i in range(g):
        groups[i] = np.uint64(keys[i])
    zero = np.uint64(0)
    if g == 0:
        return counts[:0], (groups, np.zeros(1, np.uint32), zero, zero, zero, zero, zero)
    # the bucket width 2**shift: at least SPREAD * g buckets over the groups' range
    first, last = groups[0], groups[g - 1]
    span = last - first
    width = 0
    while width < 64 and (span >> np.uint64(width)) > 0:
        width += 1
    table_bits = 1
    while (1 << table_bits) < SPREAD * g and table_bits < TABLE_BITS:
        table_bits += 1
    shift = np.uint64(width - table_bits if width > table_bits else 0)
    delta = np.uint64(1) << shift
    # an empty bucket below and above the groups (where they fit in 64 bits)
    lo = first - delta if first >= delta else zero
    hi = last + delta if last <= ~delta else ~zero
    n_buckets = int((hi - lo) >> shift) + 1
    # the first group of each bucket (and g after the last)
    start = np.empty(n_buckets + 1, np.int64)
    t = 0
    for i in range(g):
        bucket = int((groups[i] - lo) >> shift)
        while t <= bucket:
            start[t] = i
            t += 1
    while t <= n_buckets:
        start[t] = g
        t += 1
    # the codes: a lone group's offset in its bucket, cut to its leading bits
    start_bits = 1
    while (1 << start_bits) <= g:
        start_bits += 1
    prefix_bits = np.uint64(31 - start_bits)
    prefix_shift = shift - prefix_bits if shift > prefix_bits else zero
    in_bucket = delta - np.uint64(1)
    empty, many = _codes(np.uint64(start_bits))
    table = np.empty(n_buckets + 1, np.uint32)
    for t in range(n_buckets + 1):
        size = start[t + 1] - start[t] if t < n_buckets else 0
        if size == 0:
            code = empty
        elif size == 1:
            code = ((groups[start[t]] - lo) & in_bucket) >> prefix_shift
        else:
            code = many
        table[t] = np.uint32(np.uint64(start[t]) | (code << np.uint64(start_bits)))
    return counts[:g], (groups, table, lo, hi, shift, np.uint64(start_bits), prefix_shift)


@njit(cache=True, nogil=True)
def _codes(start_bits):  # pragma: no cover
    """Return the codes of a bucket with no group and of one with several (above any prefix)."""
    empty = np.uint64(1) << (np.uint64(31) - start_bits)
    return empty, empty + np.uint64(1)


@njit(cache=True, nogil=True)
def _place_range(  # pragma: no cover
    is_pos,
    bits,
    sign,
    ones,
    groups,
    table,
    lo,
    hi,
    shift,
    start_bits,
    prefix_shift,
    block,
    first,
    stop,
):
    """Place the negatives of ``first:stop`` (step 3); return their ``(bins, tied)``.

    ``block`` scores at a time, in two passes: the first finds each negative's
    ``j`` into a small buffer, the second counts them. Counting as they are found
    (``bins[j] += 1`` in the first loop) ties every table lookup to the store
    before it, and the lookups, which miss the caches, wait one after another.
    """
    g = groups.shape[0]
    bins = np.zeros(g + 1, np.int64)
    tied = np.zeros(g + 1, np.int64)
    found = np.empty(block, np.int32)
    first_group = (np.uint64(1) << start_bits) - np.uint64(1)
    in_bucket = (np.uint64(1) << shift) - np.uint64(1)
    _, many = _codes(start_bits)
    for at in range(first, stop, block):
        m = 0
        for i in range(at, min(at + block, stop)):
            if is_pos[i]:
                continue
            x = min(max(np.uint64(float_key(bits[i], sign, ones)), lo), hi)
            offset = x - lo
            bucket = offset >> shift
            entry = np.uint64(table[bucket])
            j = np.intp(entry & first_group)
            code = entry >> start_bits
            prefix = (offset & in_bucket) >> prefix_shift
            if (prefix == code) | (code == many):  # rare: look at the groups themselves
                end = np.intp(np.uint64(table[bucket + np.uint64(1)]) & first_group)
                own = j
                if end - j > SCAN:  # bisect: the first group above x
                    j = _bisect_right(groups, x, j, end)
                else:
                    while j < end and groups[j] <= x:
                        j += 1
                if j > own and groups[j - 1] == x:  # only a group of its bucket can tie
                    tied[j] += 1
            else:  # no group, or one whose leading bits differ from x's: no tie
                j += np.intp(prefix > code)
            found[m] = j
            m += 1
        for k in range(m):
            bins[found[k]] += 1
    return bins, tied


@njit(cache=True, nogil=True)
def _average_precision(counts, bins):  # pragma: no cover
    n_pos = 0
    for c in counts:
        n_pos += c
    tp = 0
    fp = 0
    previous_recall = 0.0
    total = 0.0
    for j in range(counts.shape[0] - 1, -1, -1):  # the groups from the top
        tp += counts[j]
        fp += bins[j + 1]
        recall = tp / n_pos
        total += (recall - previous_recall) * (tp / (tp + fp))
        previous_recall = recall
    return total


def average_precision_numba(counts, bins):
    """Average precision from :func:`place_negatives_numba`'s counts.

    Per group from the top: ``tp`` the positives and ``fp`` the negatives scoring
    at least it, the term ``(tp / P - previous recall) * tp / (tp + fp)`` added in
    that order: the integers and the operations of
    :func:`minibalance._kernels.counts.average_precision_numba`, so the same float.
    """
    return _average_precision(counts, bins)


def average_precision_numpy(counts, bins):
    """NumPy twin of :func:`average_precision_numba`."""
    tp = np.cumsum(counts[::-1]).astype(np.float64)
    fp = np.cumsum(bins[:0:-1]).astype(np.float64)
    recall = tp / tp[-1]
    terms = (recall - np.concatenate(([0.0], recall[:-1]))) * (tp / (tp + fp))
    return float(np.cumsum(terms)[-1])


@njit(cache=True, nogil=True)
def _twice_roc_area(counts, bins, tied):  # pragma: no cover
    n_pos = 0
    for c in counts:
        n_pos += c
    total = 0
    below = 0  # the positives of the groups under j
    for j in range(bins.shape[0]):
        total += bins[j] * 2 * (n_pos - below)
        if j > 0:
            total += tied[j] * counts[j - 1]
        if j < counts.shape[0]:
            below += counts[j]
    return total


def twice_roc_area_numba(counts, bins, tied):
    r"""Twice the Mann-Whitney count from :func:`place_negatives_numba`'s counts.

    :math:`\sum_x (2 \#\{p > x\} + \#\{p = x\})` over the negatives :math:`x`: a
    negative of ``bins[j]`` has the positives of the groups from ``j`` up above
    it, and one tied with ``u[j-1]`` counts that group's positives once, not twice.
    """
    return int(_twice_roc_area(counts, bins, tied))


def twice_roc_area_numpy(counts, bins, tied):
    """NumPy twin of :func:`twice_roc_area_numba`."""
    above = counts.sum() - np.concatenate(([0], np.cumsum(counts)))  # per j
    return int((bins * 2 * above).sum()) + int((tied[1:] * counts).sum())
