"""FunctionSampler, make_imbalance, check_sampling_strategy and sparse X in the random samplers.

Each against imbalanced-learn's own, on Hypothesis-drawn data.
"""

import warnings

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from hypothesis import given
from hypothesis import strategies as st
from imblearn import FunctionSampler as ImbFunctionSampler
from imblearn.datasets import make_imbalance as imb_make_imbalance
from imblearn.over_sampling import RandomOverSampler as ImbROS
from imblearn.under_sampling import RandomUnderSampler as ImbRUS
from imblearn.utils import check_sampling_strategy as imb_check_sampling_strategy

import minibalance
from minibalance import FunctionSampler, RandomOverSampler, RandomUnderSampler
from minibalance.datasets import make_imbalance
from minibalance.exceptions import InvalidParameterError
from minibalance.utils import check_sampling_strategy

from .strategies import resampling_problems, sampling_strategies


def _outcome(call):
    try:
        return "ok", call()
    except ValueError as exc:
        return "error", str(exc)


# --- check_sampling_strategy ---------------------------------------------------------


@given(problem=resampling_problems(), data=st.data())
def test_check_sampling_strategy_equals_imblearn(problem, data):
    _, y = problem
    kind = data.draw(st.sampled_from(["over-sampling", "under-sampling", "clean-sampling"]))
    strategy = data.draw(
        st.one_of(
            sampling_strategies(y, kind if kind != "clean-sampling" else "under-sampling"),
            st.sampled_from(["auto", "all", "majority", "minority", "not minority"]),
            st.just(sorted(np.unique(y).tolist())[:1]),
        )
    )
    ours, theirs = [], []
    for resolve, out in ((check_sampling_strategy, ours), (imb_check_sampling_strategy, theirs)):
        try:
            out.append(("ok", dict(resolve(strategy, y, kind))))
        except ValueError:
            out.append(("error", None))
    assert ours == theirs
    if ours[0][0] == "ok":
        assert list(ours[0][1]) == sorted(ours[0][1])  # sorted label order, as there


def test_check_sampling_strategy_bypass_returns_the_strategy_unchanged():
    y = np.array([0, 0, 1])
    for kind in ("bypass", "ensemble"):
        assert check_sampling_strategy("anything", y, kind) == "anything"
        with pytest.raises(ValueError, match="needs to have more than 1 class"):
            check_sampling_strategy("auto", np.zeros(3), kind)


def test_check_sampling_strategy_is_the_samplers_resolver():
    # the public name is the very function the samplers use
    from minibalance import _validation

    assert check_sampling_strategy is _validation.check_sampling_strategy


# --- make_imbalance -------------------------------------------------------------------


@given(problem=resampling_problems(), data=st.data())
def test_make_imbalance_equals_imblearn(problem, data):
    X, y = problem
    classes, counts = np.unique(y, return_counts=True)
    picked = data.draw(st.lists(st.integers(0, classes.size - 1), min_size=1, unique=True))
    strategy = {classes[i].item(): data.draw(st.integers(0, int(counts[i]))) for i in picked}
    seed = data.draw(st.integers(0, 2**31 - 1))
    as_callable = data.draw(st.booleans())
    given_strategy = (lambda y: strategy) if as_callable else strategy
    ours = _outcome(
        lambda: make_imbalance(X, y, sampling_strategy=given_strategy, random_state=seed)
    )
    theirs = _outcome(
        lambda: imb_make_imbalance(X, y, sampling_strategy=given_strategy, random_state=seed)
    )
    assert ours[0] == theirs[0], (ours, theirs)
    if ours[0] == "ok":
        np.testing.assert_array_equal(ours[1][0], theirs[1][0], strict=True)
        np.testing.assert_array_equal(ours[1][1], theirs[1][1], strict=True)


def test_make_imbalance_keeps_frames_and_passes_kwargs():
    X = pd.DataFrame({"a": np.arange(30.0), "b": np.arange(30) % 7})
    y = pd.Series(np.repeat(["x", "y", "z"], 10), name="t")

    def strategy(y, keep):
        return {"y": keep, "z": keep // 2}

    ours = make_imbalance(X, y, sampling_strategy=strategy, random_state=1, keep=4)
    theirs = imb_make_imbalance(X, y, sampling_strategy=strategy, random_state=1, keep=4)
    pd.testing.assert_frame_equal(ours[0], theirs[0])
    pd.testing.assert_series_equal(ours[1], theirs[1])


@pytest.mark.parametrize("strategy", [None, "auto", 0.5, [0]])
def test_make_imbalance_needs_a_dict_or_callable(strategy):
    X, y = np.zeros((6, 1)), np.array([0, 0, 0, 1, 1, 1])
    with pytest.raises(
        InvalidParameterError, match="'sampling_strategy' parameter of make_imbalance"
    ):
        make_imbalance(X, y, sampling_strategy=strategy)


def test_make_imbalance_verbose(capsys):
    make_imbalance(
        np.zeros((6, 1)), np.array([0, 0, 0, 1, 1, 1]), sampling_strategy={1: 1}, verbose=True
    )
    printed = capsys.readouterr().out
    assert "original target distribution" in printed and "Counter({0: 3, 1: 1})" in printed


# --- FunctionSampler ------------------------------------------------------------------


def _keep_every_other(X, y):
    return X[::2], y[::2]


@pytest.mark.parametrize("func", [None, _keep_every_other])
@pytest.mark.parametrize("container", ["ndarray", "list", "frame", "csr", "csc"])
def test_function_sampler_equals_imblearn(func, container):
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((40, 3)), np.repeat([0, 1], [30, 10])
    if container == "list":
        X = X.tolist()
    elif container == "frame":
        X, y = pd.DataFrame(X, columns=["a", "b", "c"]), pd.Series(y, name="label")
    elif container in ("csr", "csc"):
        X = sp.random(40, 3, density=0.4, random_state=1, format=container)
    ours = FunctionSampler(func=func).fit_resample(X, y)
    theirs = ImbFunctionSampler(func=func).fit_resample(X, y)
    if container == "frame":
        pd.testing.assert_frame_equal(ours[0], theirs[0])
        pd.testing.assert_series_equal(ours[1], theirs[1])
    elif container in ("csr", "csc"):
        assert ours[0].format == theirs[0].format == container
        assert (ours[0] != theirs[0]).nnz == 0
    else:
        assert type(ours[0]) is type(theirs[0])
        np.testing.assert_array_equal(ours[0], theirs[0])
        np.testing.assert_array_equal(ours[1], theirs[1])


def test_function_sampler_kw_args_and_third_output():
    def func(X, y, n, flag):
        return X[:n], y[:n], {"flag": flag}

    X, y = np.arange(20.0).reshape(10, 2), np.array([0] * 7 + [1] * 3)
    X_res, y_res, extra = FunctionSampler(func=func, kw_args={"n": 4, "flag": 1}).fit_resample(X, y)
    np.testing.assert_array_equal(X_res, X[:4])
    assert y_res.tolist() == [0] * 4 and extra == {"flag": 1}


def test_function_sampler_without_validation_passes_anything():
    X = np.array([["a", None], ["b", np.nan], ["c", "d"]], dtype=object)
    y = np.array([0, 1, 1])
    seen = []
    sampler = FunctionSampler(func=lambda X, y: seen.append((X, y)) or (X, y), validate=False)
    X_res, y_res = sampler.fit_resample(X, y)
    assert X_res is X and y_res is y and seen[0][0] is X
    with pytest.raises(TypeError, match="numeric"):  # validation refuses such data
        FunctionSampler().fit_resample(X, y)


def test_function_sampler_refuses_sparse_when_asked():
    X, y = sp.csr_matrix(np.eye(4)), np.array([0, 0, 1, 1])
    with pytest.raises(TypeError, match="dense data is required"):
        FunctionSampler(accept_sparse=False).fit_resample(X, y)


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"func": 3}, "func"),
        ({"kw_args": [1]}, "kw_args"),
        ({"validate": "yes"}, "validate"),
        ({"accept_sparse": None}, "accept_sparse"),
    ],
)
def test_function_sampler_checks_parameters_at_fit_and_fit_resample(params, name):
    X, y = np.zeros((4, 1)), np.array([0, 0, 1, 1])
    for call in ("fit", "fit_resample"):
        with pytest.raises(InvalidParameterError, match=f"'{name}' parameter of FunctionSampler"):
            getattr(FunctionSampler(**params), call)(X, y)


def test_function_sampler_in_a_pipeline_and_top_level():
    from sklearn.linear_model import LogisticRegression

    from minibalance.pipeline import make_pipeline

    assert minibalance.FunctionSampler is FunctionSampler
    X, y = np.random.default_rng(0).standard_normal((60, 2)), np.repeat([0, 1], [50, 10])
    pipe = make_pipeline(FunctionSampler(func=_keep_every_other), LogisticRegression())
    pipe.fit(X, y)
    assert pipe.predict(X).shape == (60,)
    assert FunctionSampler(func=_keep_every_other).get_params()["func"] is _keep_every_other


# --- sparse X in the random samplers -------------------------------------------------


@st.composite
def sparse_problems(draw):
    """A sparse X (CSR or CSC, with explicit zeros, empty rows and duplicate entries) and y."""
    X_dense, y = draw(resampling_problems())
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    X_dense = np.asarray(X_dense, dtype=np.float64)
    X_dense[rng.random(X_dense.shape) < draw(st.sampled_from([0.0, 0.5, 0.9, 1.0]))] = 0.0
    coo = sp.coo_matrix(X_dense)
    rows, cols, vals = coo.row, coo.col, coo.data
    if draw(st.booleans()) and X_dense.size:  # explicit zeros
        extra = rng.integers(0, X_dense.size, 3)
        r, c = np.unravel_index(extra, X_dense.shape)
        fresh = X_dense[r, c] == 0
        rows, cols = np.r_[rows, r[fresh]], np.r_[cols, c[fresh]]
        vals = np.r_[vals, np.zeros(int(fresh.sum()))]
    duplicates = draw(st.booleans()) and vals.size > 0
    if duplicates:  # the value split into two stored entries
        half = vals[:2] / 2
        rows, cols, vals = (
            np.r_[rows, rows[:2]],
            np.r_[cols, cols[:2]],
            np.r_[vals[:2] - half, vals[2:], half],
        )
        order = np.r_[np.arange(2), np.arange(2, rows.size - 2), np.arange(2)]
        rows, cols = rows[order], cols[order]
    fmt = draw(st.sampled_from(["csr", "csc"]))
    kind = draw(st.sampled_from([sp.coo_matrix, sp.coo_array]))
    X = kind((vals, (rows, cols)), shape=X_dense.shape).asformat(fmt)
    return X, y, duplicates


def _same_matrix(A, B):
    assert A.shape == B.shape and A.format == B.format and A.dtype == B.dtype
    assert abs(A - B).max() == 0 if A.nnz or B.nnz else True


@given(problem=sparse_problems(), data=st.data())
def test_random_samplers_on_sparse_X_equal_imblearn(problem, data):
    X, y, duplicates = problem
    over = data.draw(st.booleans())
    kind = "over-sampling" if over else "under-sampling"
    strategy = data.draw(sampling_strategies(y, kind))
    seed = data.draw(st.integers(0, 2**31 - 1))
    if over:
        shrink = data.draw(st.sampled_from([None, 0.0, 1.0]))
        ours = RandomOverSampler(sampling_strategy=strategy, random_state=seed, shrinkage=shrink)
        theirs = ImbROS(sampling_strategy=strategy, random_state=seed, shrinkage=shrink)
    else:
        shrink = None
        replacement = data.draw(st.booleans())
        ours = RandomUnderSampler(
            sampling_strategy=strategy, random_state=seed, replacement=replacement
        )
        theirs = ImbRUS(sampling_strategy=strategy, random_state=seed, replacement=replacement)
    before = X.copy()
    got, want = [], []
    for sampler, out in ((ours, got), (theirs, want)):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                out.append(("ok", sampler.fit_resample(X, y)))
        except ValueError:
            out.append(("error", None))
    assert got[0][0] == want[0][0]
    assert (X != before).nnz == 0 and X.format == before.format  # input untouched
    if got[0][0] != "ok":
        return
    (X_o, y_o), (X_t, y_t) = got[0][1], want[0][1]
    np.testing.assert_array_equal(y_o, y_t, strict=True)
    np.testing.assert_array_equal(ours.sample_indices_, theirs.sample_indices_)
    assert type(X_o) is type(X) and X_o.format == X.format
    if shrink is None or not duplicates:
        # the same matrix (imbalanced-learn's may keep the duplicate entries unsummed)
        _same_matrix(
            X_o, X_t.asformat(X.format) if not duplicates else sp.csr_matrix(X_t).asformat(X.format)
        )
    else:
        # with duplicate entries imbalanced-learn's class spread counts each entry once;
        # ours sums them first: the originals and the draws still agree
        n = X.shape[0]
        _same_matrix(X_o[:n], X.asformat(X.format))


def test_sparse_shrinkage_scale_equals_scikit_learns():
    from sklearn.utils.sparsefuncs import mean_variance_axis

    from minibalance._sparse import column_std

    rng = np.random.default_rng(5)
    for seed in range(50):
        A = sp.random(
            int(rng.integers(1, 60)),
            int(rng.integers(1, 8)),
            density=rng.random(),
            random_state=seed,
            format="csr",
        )
        A.data = rng.standard_normal(A.data.size) * 10.0 ** rng.integers(-4, 5)
        for M in (A, A.tocsc()):
            np.testing.assert_array_equal(column_std(M), np.sqrt(mean_variance_axis(M, axis=0)[1]))
