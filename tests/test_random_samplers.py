"""RandomOverSampler and RandomUnderSampler against imbalanced-learn."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from imblearn.over_sampling import RandomOverSampler as ImbROS
from imblearn.under_sampling import RandomUnderSampler as ImbRUS

from minibalance import RandomOverSampler, RandomUnderSampler

from .strategies import resampling_problems, sampling_strategies


def _run(sampler, X, y):
    try:
        out = sampler.fit_resample(X, y)
        return "ok", (out, sampler.sample_indices_)
    except ValueError as exc:
        return "error", exc


def _seed(kind):
    return 3 if kind == "int" else np.random.RandomState(3)


def _assert_same(ours, theirs, dtype=None):
    assert ours[0] == theirs[0], (ours[1], theirs[1])
    if ours[0] == "ok":
        ((X_o, y_o), idx_o), ((X_t, y_t), idx_t) = ours[1], theirs[1]
        if dtype is not None:
            assert X_o.dtype == dtype
            X_t = X_t.astype(dtype)
        np.testing.assert_array_equal(X_o, X_t, strict=True)
        np.testing.assert_array_equal(y_o, y_t, strict=True)
        np.testing.assert_array_equal(idx_o, idx_t)


@given(problem=resampling_problems(), data=st.data())
def test_over_sampler_equals_imblearn(problem, data):
    X, y = problem
    strategy = data.draw(sampling_strategies(y, "over-sampling"))
    seed = data.draw(st.sampled_from(["int", "RandomState"]))
    shrink = data.draw(st.sampled_from([None, 0.0, 0.5, 2.0, "dict"]))
    if shrink == "dict":
        shrink = {c: 1.5 for c in np.unique(y).tolist()}
    ours = _run(
        RandomOverSampler(sampling_strategy=strategy, random_state=_seed(seed), shrinkage=shrink),
        X,
        y,
    )
    theirs = _run(
        ImbROS(sampling_strategy=strategy, random_state=_seed(seed), shrinkage=shrink), X, y
    )
    # imbalanced-learn promotes float32 to float64 when smoothing; minibalance keeps float32.
    _assert_same(ours, theirs, dtype=X.dtype)


@given(problem=resampling_problems(), data=st.data())
def test_under_sampler_equals_imblearn(problem, data):
    X, y = problem
    strategy = data.draw(sampling_strategies(y, "under-sampling"))
    seed = data.draw(st.sampled_from(["int", "RandomState"]))
    replacement = data.draw(st.booleans())
    ours = _run(
        RandomUnderSampler(
            sampling_strategy=strategy, random_state=_seed(seed), replacement=replacement
        ),
        X,
        y,
    )
    theirs = _run(
        ImbRUS(sampling_strategy=strategy, random_state=_seed(seed), replacement=replacement), X, y
    )
    _assert_same(ours, theirs, dtype=X.dtype)


def test_integer_X_with_shrinkage_becomes_float64_like_imblearn():
    X = np.arange(40).reshape(20, 2)
    y = np.r_[np.zeros(15, int), np.ones(5, int)]
    ours = RandomOverSampler(random_state=0, shrinkage=1.0).fit_resample(X, y)[0]
    theirs = ImbROS(random_state=0, shrinkage=1.0).fit_resample(X, y)[0]
    assert ours.dtype == theirs.dtype == np.float64
    np.testing.assert_array_equal(ours, theirs)


def test_random_samplers_take_any_dtype_and_nan():
    X = np.array([["a", 1], ["b", 2], ["c", 3], ["d", np.nan]], dtype=object)
    y = np.array([0, 0, 0, 1])
    ours = RandomOverSampler(random_state=0).fit_resample(X, y)
    theirs = ImbROS(random_state=0).fit_resample(X, y)
    assert ours[0].tolist()[:3] == theirs[0].tolist()[:3] and len(ours[0]) == 6
    X_u, y_u = RandomUnderSampler(random_state=0).fit_resample(X, y)
    assert y_u.tolist() == [0, 1] and X_u.dtype == object


def test_over_sampler_keeps_originals_first_and_copies_rows():
    X = np.arange(10.0).reshape(5, 2)
    y = np.array([0, 0, 0, 1, 1])
    sampler = RandomOverSampler(random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    np.testing.assert_array_equal(X_res[:5], X)
    np.testing.assert_array_equal(X_res, X[sampler.sample_indices_])
    assert y_res.tolist() == [0, 0, 0, 1, 1, 1]


def test_under_sampler_groups_by_class_and_dataframe_round_trip():
    X = pd.DataFrame({"a": np.arange(8), "b": np.arange(8.0)})
    y = pd.Series(["x"] * 6 + ["y"] * 2, name="t")
    X_res, y_res = RandomUnderSampler(random_state=0).fit_resample(X, y)
    theirs = ImbRUS(random_state=0).fit_resample(X, y)
    pd.testing.assert_frame_equal(X_res, theirs[0])
    pd.testing.assert_series_equal(y_res, theirs[1])


@pytest.mark.parametrize("shrinkage", [-1.0, {0: 1.0}, {1: -2.0}, "big"])
def test_bad_shrinkage_is_refused_in_imblearns_words(shrinkage):
    X, y = np.zeros((6, 2)), np.array([0, 0, 0, 0, 1, 1])
    with pytest.raises(ValueError) as theirs:
        ImbROS(shrinkage=shrinkage).fit_resample(X, y)
    with pytest.raises(ValueError) as ours:
        RandomOverSampler(shrinkage=shrinkage).fit_resample(X, y)
    # the same words; a missing class prints as 1 here, np.int64(1) there
    assert str(ours.value).startswith(str(theirs.value).split("{np.")[0])


def test_shrinkage_needs_numeric_X():
    X, y = np.array([["a"], ["b"], ["c"]], dtype=object), np.array([0, 0, 1])
    with pytest.raises(ValueError, match="X needs to contain only numerical data"):
        RandomOverSampler(shrinkage=1.0).fit_resample(X, y)


def test_under_sampler_refuses_majority_strategy_for_over_sampler():
    X, y = np.zeros((6, 2)), np.array([0, 0, 0, 0, 1, 1])
    with pytest.raises(ValueError, match="The 'sampling_strategy' parameter of RandomOverSampler"):
        RandomOverSampler(sampling_strategy="majority").fit_resample(X, y)
