"""Label counting: the bincount path and the sorting path agree, in bounded memory."""

import tracemalloc

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from minibalance._labels import count_labels

from .strategies import skewed_labels


@given(y=skewed_labels())
def test_counts_and_inverse_equal_np_unique(y):
    classes, inverse, counts = np.unique(y, return_inverse=True, return_counts=True)
    got = count_labels(y, return_inverse=True)
    np.testing.assert_array_equal(got.classes, classes, strict=True)
    np.testing.assert_array_equal(got.counts, counts)
    np.testing.assert_array_equal(got.inverse, inverse.ravel())


@given(y=skewed_labels(kinds=("int", "negint", "sparse_int", "str")))
def test_weighted_counts_equal_bincount_of_the_inverse(y):
    w = np.random.default_rng(0).random(y.size)
    _, inverse = np.unique(y, return_inverse=True)
    np.testing.assert_array_equal(
        count_labels(y, sample_weight=w).weighted, np.bincount(inverse.ravel(), weights=w)
    )


def test_one_large_label_does_not_allocate_a_huge_bincount():
    # Regression: a single label 10**9 once made bincount allocate 8 GB.
    y = np.array([10**9, 10**9 + 3], dtype=np.int64)
    tracemalloc.start()
    got = count_labels(y, return_inverse=True)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert got.classes.tolist() == [10**9, 10**9 + 3]
    assert peak < 1 << 20


def test_uint64_labels_beyond_intp():
    y = np.array([2**63 + 5, 2**63 + 5, 2**63 + 7], dtype=np.uint64)
    got = count_labels(y)
    assert got.classes.tolist() == [2**63 + 5, 2**63 + 7] and got.counts.tolist() == [2, 1]


@given(
    values=st.lists(st.integers(-3, 3), min_size=1, max_size=40),
    dtype=st.sampled_from([np.int8, np.int64, np.uint8, np.uint64, np.bool_]),
)
def test_distinct_fast_path_equals_counting(values, dtype):
    # Integer labels over at most two consecutive values are read from min and max:
    # the same classes, in the same dtype, as counting them.
    from minibalance._labels import distinct

    y = np.abs(np.asarray(values)) if np.dtype(dtype).kind in "ub" else np.asarray(values)
    y = y.astype(dtype)
    expected = count_labels(y).classes
    got = distinct(y)
    np.testing.assert_array_equal(got, expected)
    assert got.dtype == expected.dtype
