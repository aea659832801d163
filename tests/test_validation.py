"""The shared input checks: what they accept, what they refuse, and what they say."""

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from minibalance._validation import (
    check_n_classes,
    check_random_state,
    check_sample_weight,
    check_X,
    check_X_y,
    check_y,
    describe_container,
    is_dataframe,
    is_series,
    restore_container,
)

# --- X ------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int32, np.int64, np.uint8, bool])
def test_numeric_X_keeps_its_dtype_without_a_copy(dtype):
    X = np.ones((4, 3), dtype=dtype)
    out = check_X(X)
    assert out.dtype == X.dtype
    assert np.shares_memory(out, X)


def test_X_from_a_list_of_rows():
    out = check_X([[1, 2.5], [3, 4]])
    assert out.shape == (2, 2) and out.dtype == np.float64


def test_X_from_a_dataframe():
    df = pd.DataFrame({"a": [1.0, 2.0], "b": [3, 4]})
    out = check_X(df)
    np.testing.assert_array_equal(out, [[1.0, 3.0], [2.0, 4.0]])


def test_nan_in_X_names_count_and_columns():
    X = np.zeros((5, 4))
    X[1, 2] = np.nan
    X[3, 2] = np.nan
    X[0, 0] = np.inf
    with pytest.raises(ValueError, match=r"2 NaN and 1 infinite values in columns \[0, 2\]"):
        check_X(X)


def test_nan_in_dataframe_names_the_column():
    df = pd.DataFrame({"age": [1.0, np.nan], "income": [1.0, 2.0]})
    with pytest.raises(ValueError, match=r"1 NaN value in column \[0\] \('age'\)"):
        check_X(df)


def test_huge_finite_values_are_not_mistaken_for_inf():
    X = np.full((3, 2), np.finfo(np.float64).max)  # the sum overflows, the data is fine
    assert check_X(X) is X


def test_nonfinite_allowed_on_request():
    X = np.array([[np.nan, 1.0]])
    assert check_X(X, allow_nonfinite=True) is X


def test_sparse_X_is_refused_with_the_fix():
    message = r"Sparse data was passed for X \(csr_matrix\), but dense data is required.*toarray"
    with pytest.raises(TypeError, match=message):
        check_X(sp.csr_matrix(np.eye(3)))


def test_non_numeric_X_is_refused():
    with pytest.raises(TypeError, match="must be numeric"):
        check_X(np.array([["a", "b"]]))


def test_non_numeric_dataframe_columns_are_named():
    df = pd.DataFrame({"x": [1.0, 2.0], "city": ["a", "b"]})
    with pytest.raises(TypeError, match=r"columns \['city'\]"):
        check_X(df)


def test_1d_X_suggests_reshape():
    with pytest.raises(ValueError, match=r"2-D.*reshape\(-1, 1\)"):
        check_X(np.arange(3.0))


# --- y ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "y",
    [[0, 1, 1], np.array(["a", "b", "b"]), np.array([0.5, 1.5, 1.5]), [True, False, False]],
)
def test_labels_of_any_dtype(y):
    out = check_y(y)
    assert out.ndim == 1 and out.shape == (3,)


def test_series_labels():
    s = pd.Series(["x", "y", "x"], name="target")
    np.testing.assert_array_equal(check_y(s), ["x", "y", "x"])


def test_single_column_y_is_flattened():
    assert check_y(np.array([[0], [1]])).shape == (2,)


def test_2d_y_is_refused():
    with pytest.raises(ValueError, match=r"1-D.*\(2, 2\)"):
        check_y([[0, 1], [1, 0]])


def test_nan_label_is_refused():
    with pytest.raises(ValueError, match="y contains 1 NaN value"):
        check_y([0.0, np.nan])


def test_length_mismatch_names_both_lengths():
    with pytest.raises(ValueError, match="X has 3 rows but y has 2 labels"):
        check_X_y(np.zeros((3, 2)), [0, 1])


def test_one_class_is_refused_when_two_are_needed():
    with pytest.raises(ValueError, match=r"single class \('a'\)"):
        check_X_y(np.zeros((2, 1)), ["a", "a"])


def test_one_class_is_fine_when_the_caller_allows_it():
    _, y = check_X_y(np.zeros((2, 1)), ["a", "a"], min_classes=None)
    assert y.tolist() == ["a", "a"]


def test_check_n_classes_returns_sorted_classes():
    np.testing.assert_array_equal(check_n_classes(np.array([3, 1, 3])), [1, 3])


# --- sample_weight ------------------------------------------------------------------


def test_sample_weight_none_and_scalar():
    np.testing.assert_array_equal(check_sample_weight(None, 3), [1.0, 1.0, 1.0])
    np.testing.assert_array_equal(check_sample_weight(2, 2), [2.0, 2.0])


def test_sample_weight_float32_becomes_float64():
    assert check_sample_weight(np.ones(2, dtype=np.float32), 2).dtype == np.float64


def test_sample_weight_inf_is_refused():
    with pytest.raises(ValueError, match=r"Input sample_weight contains infinity or a value too"):
        check_sample_weight([1.0, np.inf], 2)


# --- random_state -------------------------------------------------------------------


def test_random_state_int_gives_a_fresh_legacy_generator():
    a, b = check_random_state(7), check_random_state(7)
    assert a is not b
    assert a.randint(1000) == np.random.RandomState(7).randint(1000) == b.randint(1000)


def test_random_state_instances_pass_through():
    rs, gen = np.random.RandomState(0), np.random.default_rng(0)
    assert check_random_state(rs) is rs
    assert check_random_state(gen) is gen


def test_random_state_none_is_the_global_generator():
    assert check_random_state(None) is np.random.mtrand._rand


@pytest.mark.parametrize("bad", ["seed", 1.5, -1, 2**32])
def test_bad_random_state(bad):
    with pytest.raises(ValueError, match="random_state"):
        check_random_state(bad)


# --- containers ---------------------------------------------------------------------


def test_dataframe_round_trip_keeps_columns_and_dtypes():
    df = pd.DataFrame({"a": np.array([1, 2], dtype=np.int32), "b": [0.5, 1.5]})
    info = describe_container(df)
    out = restore_container(np.asarray(df, dtype=np.float64), info)
    assert isinstance(out, pd.DataFrame)
    assert list(out.columns) == ["a", "b"]
    assert out.dtypes.to_dict() == df.dtypes.to_dict()


def test_series_round_trip_keeps_name_and_dtype():
    s = pd.Series(["x", "y"], name="target")
    out = restore_container(np.asarray(s), describe_container(s))
    assert isinstance(out, pd.Series) and out.name == "target" and out.dtype == s.dtype


def test_list_and_ndarray_round_trip():
    assert restore_container(np.array([1, 2]), describe_container([1, 2])) == [1, 2]
    arr = np.array([1, 2])
    assert restore_container(arr, describe_container(arr)) is arr


def test_duck_typing_does_not_mistake_arrays_for_pandas():
    assert not is_dataframe(np.zeros((2, 2)))
    assert not is_series(np.zeros(2))
    assert is_dataframe(pd.DataFrame({"a": [1]}))
    assert is_series(pd.Series([1]))
