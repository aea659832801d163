"""Split scores by label and sort each part: ``np.sort`` and a radix-sort twin.

Every unweighted ranking metric starts by sorting the positive and the negative
scores by value (``minibalance._counts``). At a million scores that sort is most of
the time, so the Numba twin replaces the comparison sort (O(n log n)) by a
least-significant-digit radix sort on the bits of the floats (O(n) per digit):

1. each float ``x`` becomes an unsigned integer key of its width that sorts like
   it: the sign bit is flipped for positive numbers, all bits for negative ones
   (so more negative means a smaller key), and ``-0.0`` is mapped to ``+0.0``'s key (the
   two are equal scores and must fall in one tie group);
2. one read pass splits the keys by label and counts, for each byte of a key
   (eight for float64, four for float32), how many keys hold each byte value;
3. one stable scatter pass per byte, from the lowest up, puts the keys in order
   of that byte; a byte position where every key holds the same value (the zero
   low bytes of scores with few significant bits, such as float32 values stored
   as float64) is skipped;
4. the sorted keys become floats again.

Integer and float16 scores use ``np.sort``, and small inputs, where the
tables cost more than the sort, numba's own sort. So do float scores wherever
NumPy's sort is vectorised (x86-simd-sort: with AVX-512 from NumPy 1.25, with
AVX2 from NumPy 2.0): these passes only beat the scalar sort. Measured, at a
million scores unless said:

- AVX2 machine (AMD Zen 3, 2.45 GHz): ``np.sort`` of the two classes 1.6-2.5x
  faster than these passes at 16,000, 100,000 and a million scores, float64 and
  float32 alike (float64 at a million: 14-21 ms vs 29-50 ms; each byte pass
  about 3.8 ns a key there, bound by memory, against 1.2 ns in cache); scalar
  ``np.sort`` 104 ms;
- AVX-512 machine (AMD Zen 5): ``np.sort`` 5.3 ms, these passes 9-11 ms, scalar
  ``np.sort`` 55-100 ms. With its AVX-512 turned off (``NPY_DISABLE_CPU_FEATURES``)
  NumPy's AVX2 sort took 15 ms, slower than these passes; no AVX2-only CPU
  measured so;
- AVX-512 machine (AMD Zen 4, EPYC family 19h): ``np.sort`` 52-54 ms, no faster
  than a scalar sort, these passes 12 ms. Zen 4 runs the memory-destination
  compress-store at the heart of x86-simd-sort's AVX-512 partition in microcode
  (AMD's Zen 4 optimisation guide, section 2.11.2, says to avoid it; OpenJDK turns
  its AVX-512 sort off there for that reason). NumPy still dispatches to it, so
  these passes are taken there (:func:`vector_sort`); NumPy's AVX2 sort, which a
  process cannot select once NumPy is loaded, took 8.8 ms.

Both twins return the same arrays, except that the sign of a zero score may
differ (``-0.0 == 0.0``; which zero scikit-learn reports depends on the input
order).

References
----------
.. [1] D. E. Knuth, *The Art of Computer Programming, Vol. 3: Sorting and
   Searching*, 2nd ed., Section 5.2.5 (radix sorting), Addison-Wesley, 1998.
.. [2] P. M. Herman, "Radix Tricks", 2001 (the float-to-integer key).
"""

import functools
import platform
import re

import numpy as np

from .._numba import njit

__all__ = [
    "RADIX_MIN_SIZE",
    "float_bits",
    "split_sorted_numba",
    "split_sorted_numpy",
    "vector_sort",
]

# Digits of one byte: eight passes over the keys, but each scatters to 256 places,
# which the caches and write buffers follow. 11-bit digits (six passes, 2,048
# places) measured 17-26 ms at a million float64 scores, from run to run; bytes
# 10.5-11 ms (np.sort: 53 ms).
RADIX_BITS = 8
# Below this many scores numba's own sort is as fast as filling the tables: 18 vs
# 17 us at 1,000 float64 scores; above, it falls behind (40 vs 27 us at 3,000, 604
# vs 98 us at 10,000; 98 vs 11 ms at 1,000,000). Measured.
RADIX_MIN_SIZE = 1024


def split_sorted_numpy(is_pos, score):
    """Return the positive and the negative scores, each sorted by value (``np.sort``).

    Each part is sorted in place: boolean indexing has already copied it (``np.sort``
    would copy it again; at a million scores that copy and its fresh pages cost
    more than a millisecond, measured).
    """
    pos, neg = score[is_pos], score[~is_pos]
    pos.sort()
    neg.sort()
    return pos, neg


@functools.cache
def vector_sort():
    """Return whether ``np.sort`` sorts floats fast with SIMD (x86-simd-sort) here.

    NumPy does with AVX-512 from 1.25 (its feature ``X86_V4``, ``AVX512_SKX``
    before 2.4) and with AVX2 from 2.0 (``X86_V3``, ``AVX2`` before 2.4), when
    the CPU has them and ``NPY_DISABLE_CPU_FEATURES`` leaves them on; but its
    AVX-512 sort is as slow as a scalar sort on AMD Zen 4 (:func:`_slow_avx512_sort`).
    """
    version = np.lib.NumpyVersion(np.__version__)
    if version < "1.25.0":
        return False
    try:
        from numpy._core._multiarray_umath import __cpu_features__ as features
    except ImportError:  # NumPy 1.x
        try:
            from numpy.core._multiarray_umath import __cpu_features__ as features
        except ImportError:
            return False
    if features.get("X86_V4", features.get("AVX512_SKX")):  # NumPy takes its AVX-512 sort
        return not _slow_avx512_sort(_cpu_description())
    return version >= "2.0.0" and bool(features.get("X86_V3", features.get("AVX2")))


def _slow_avx512_sort(cpu):
    """Return whether ``cpu`` describes an AMD family 19h CPU, where NumPy's AVX-512 sort is slow.

    Family 19h (25) is Zen 3 and Zen 4; of the two only Zen 4 has AVX-512, and it
    runs the memory-destination ``vpcompress`` x86-simd-sort partitions with in
    microcode (measured at a million float64 scores: 52 ms, against 12 ms for the
    radix passes and 8.8 ms for NumPy's AVX2 sort). Zen 5 (family 1Ah) does not.

    ``cpu`` is the text of ``/proc/cpuinfo`` (``vendor_id : AuthenticAMD``,
    ``cpu family : 25``) or Windows' processor string (``AMD64 Family 25 Model 17
    Stepping 1, AuthenticAMD``); anything else is not such a CPU.
    """
    if "AuthenticAMD" not in cpu:
        return False
    found = re.search(r"cpu family\s*:\s*(\d+)", cpu) or re.search(r"\bFamily (\d+)\b", cpu)
    return found is not None and int(found.group(1)) == 0x19


def _cpu_description():
    """Return the start of ``/proc/cpuinfo`` (the first CPU), else ``platform.processor()``."""
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as info:
            return info.read(4096)
    except OSError:
        return platform.processor()


def split_sorted_numba(is_pos, score):
    """Return what :func:`split_sorted_numpy` returns, by radix sort for float scores.

    ``is_pos`` is a boolean array, ``score`` a 1-D array of the same length. Where
    NumPy's sort is vectorised (:func:`vector_sort`), by ``np.sort``: faster there.
    """
    if score.dtype not in (np.float64, np.float32):  # integers, booleans, float16
        return split_sorted_numpy(is_pos, score)
    if score.shape[0] < RADIX_MIN_SIZE:  # one compiled call: split and numba's sort
        return _split_sorted_small(is_pos, score)
    if vector_sort():
        return split_sorted_numpy(is_pos, score)
    bits, sign, ones = float_bits(score)
    is_pos = np.ascontiguousarray(is_pos, dtype=np.bool_)
    # The buffers come from NumPy, which asks for huge pages on large arrays (numba's
    # allocator does not; first touching 4 KiB pages cost more than a radix pass).
    n_pos = int(np.count_nonzero(is_pos))
    n_neg = bits.shape[0] - n_pos
    pos, neg = np.empty(n_pos, dtype=bits.dtype), np.empty(n_neg, dtype=bits.dtype)
    pos_scratch, neg_scratch = np.empty_like(pos), np.empty_like(neg)
    pos, neg = _split_sorted_keys(is_pos, bits, sign, ones, pos, neg, pos_scratch, neg_scratch)
    return pos.view(score.dtype), neg.view(score.dtype)


def float_bits(score):
    """Return the bits of float64 or float32 scores, and the masks :func:`float_key` takes.

    ``bits`` views the scores as unsigned integers of their width; ``sign`` is that
    width's top bit and ``ones`` all its bits, both of the bits' type (never Python
    ints, which numba would type int64).
    """
    unsigned = np.uint64 if score.dtype == np.float64 else np.uint32
    bits = np.ascontiguousarray(score).view(unsigned)
    sign = unsigned(1) << unsigned(8 * score.dtype.itemsize - 1)
    return bits, sign, unsigned(np.iinfo(unsigned).max)


@njit(cache=True, nogil=True)
def float_key(v, sign, ones):  # pragma: no cover
    """Return the key of a float's bits ``v`` (step 1): unsigned, ordered like the floats.

    ``sign`` is the width's top bit and ``ones`` all its bits: ``v ^ ones`` rather
    than ``~v``, which numba widens to a sign-extended int64 for ``uint32``.
    """
    if v == sign:  # -0.0 sorts as +0.0
        v = sign ^ sign
    return v ^ ones if v & sign else v | sign


@njit(cache=True, nogil=True)
def _split_sorted_small(is_pos, score):  # pragma: no cover
    return np.sort(score[is_pos]), np.sort(score[~is_pos])


@njit(cache=True, nogil=True)
def _split_sorted_keys(  # pragma: no cover
    is_pos, bits, sign, ones, pos, neg, pos_scratch, neg_scratch
):
    """Split float bit patterns by label into ``pos``/``neg`` and radix-sort each.

    ``bits`` are the floats viewed as unsigned integers of their width, ``sign``
    that width's top bit; one byte digit per byte of the key. Each part is sorted
    between its buffer and its scratch; returns the two sorted bit arrays (each in
    one or the other).
    """
    n = bits.shape[0]
    n_digits = bits.itemsize
    radix = 1 << RADIX_BITS
    mask = radix - 1
    pos_hist = np.zeros((n_digits, radix), np.int64)
    neg_hist = np.zeros((n_digits, radix), np.int64)
    a = 0
    b = 0
    for i in range(n):
        key = float_key(bits[i], sign, ones)
        if is_pos[i]:
            pos[a] = key
            a += 1
            for d in range(n_digits):
                pos_hist[d, (key >> (d * RADIX_BITS)) & mask] += 1
        else:
            neg[b] = key
            b += 1
            for d in range(n_digits):
                neg_hist[d, (key >> (d * RADIX_BITS)) & mask] += 1
    pos = _radix_passes(pos, pos_hist, pos_scratch)
    neg = _radix_passes(neg, neg_hist, neg_scratch)
    _keys_to_bits(pos, sign)
    _keys_to_bits(neg, sign)
    return pos, neg


@njit(cache=True, nogil=True)
def _radix_passes(keys, hist, scratch):  # pragma: no cover
    """Stable counting-sort passes, lowest byte first; returns the sorted keys.

    The passes alternate between ``keys`` and ``scratch`` (the result is in one of
    them); a byte position where every key holds the same value is skipped.
    """
    n = keys.shape[0]
    mask = (1 << RADIX_BITS) - 1
    src = keys
    dst = scratch
    for d in range(hist.shape[0]):
        counts = hist[d]
        shift = d * RADIX_BITS
        if n == 0 or counts[(src[0] >> shift) & mask] == n:
            continue  # every key holds this byte value: the order does not change
        total = 0
        for value in range(counts.shape[0]):  # counts become each value's first slot
            c = counts[value]
            counts[value] = total
            total += c
        for i in range(n):
            key = src[i]
            digit = (key >> shift) & mask
            dst[counts[digit]] = key
            counts[digit] += 1
        src, dst = dst, src
    return src


@njit(cache=True, nogil=True)
def _keys_to_bits(keys, sign):  # pragma: no cover
    """Undo the key mapping in place: keys become float bit patterns again."""
    for i in range(keys.shape[0]):
        key = keys[i]
        keys[i] = key ^ sign if key & sign else ~key
