"""SMOTEN and the value difference metric against imbalanced-learn."""

import warnings

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
import scipy.stats
from hypothesis import given
from hypothesis import strategies as st
from imblearn.metrics.pairwise import ValueDifferenceMetric as ImbVDM
from imblearn.over_sampling import SMOTEN as ImbSMOTEN
from sklearn.exceptions import DataConversionWarning
from sklearn.neighbors import NearestNeighbors
from sklearn.preprocessing import OrdinalEncoder

from minibalance._categorical import most_frequent
from minibalance.exceptions import InvalidParameterError, NotFittedError
from minibalance.metrics.pairwise import ValueDifferenceMetric
from minibalance.over_sampling import SMOTEN, _smoten


@st.composite
def categorical_problems(draw, max_rows=120):
    """Category codes (few categories: many exact distance ties) and skewed labels."""
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    n_classes = draw(st.integers(2, 4))
    n = draw(st.integers(n_classes, max_rows))
    n_features = draw(st.integers(1, 4))
    n_categories = draw(st.integers(1, 6))
    codes = rng.integers(0, n_categories, (n, n_features))
    p = 0.4 ** np.arange(n_classes)
    y = rng.choice(n_classes, size=n, p=p / p.sum())
    y[:n_classes] = np.arange(n_classes)  # every class present
    return codes, y


def _as(kind, codes):
    if kind == "int":
        return codes
    if kind == "str":
        return np.array([[f"v{c}" for c in row] for row in codes])
    return np.array([[f"cat{c}" for c in row] for row in codes], dtype=object)


def _run(sampler, X, y):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return "ok", sampler.fit_resample(X, y)
    except ValueError:
        return "error", None


@given(problem=categorical_problems(), data=st.data())
def test_smoten_equals_imblearn(problem, data):
    codes, y = problem
    X = _as(data.draw(st.sampled_from(["int", "str", "object"])), codes)
    k = data.draw(st.integers(1, 6))
    seed = data.draw(st.integers(0, 2**31 - 1))
    shared = data.draw(st.booleans())  # one RandomState for all classes, or an int per class
    state = (lambda: np.random.RandomState(seed)) if shared else (lambda: seed)
    strategy = data.draw(st.sampled_from(["auto", "not majority", "all"]))
    before = X.copy()
    ours = _run(SMOTEN(k_neighbors=k, random_state=state(), sampling_strategy=strategy), X, y)
    theirs = _run(ImbSMOTEN(k_neighbors=k, random_state=state(), sampling_strategy=strategy), X, y)
    np.testing.assert_array_equal(X, before)  # input untouched
    assert ours[0] == theirs[0]
    if ours[0] == "ok":
        assert ours[1][0].dtype == theirs[1][0].dtype
        np.testing.assert_array_equal(ours[1][0], theirs[1][0])
        np.testing.assert_array_equal(ours[1][1], theirs[1][1], strict=True)
        np.testing.assert_array_equal(ours[1][0][: len(X)], X)  # originals first, in order


@given(problem=categorical_problems(), k=st.integers(1, 3), r=st.integers(1, 3))
def test_value_difference_metric_equals_imblearn(problem, k, r):
    codes, y = problem
    ours, theirs = ValueDifferenceMetric(k=k, r=r).fit(codes, y), ImbVDM(k=k, r=r).fit(codes, y)
    np.testing.assert_array_equal(ours.n_categories_, theirs.n_categories_)
    for a, b in zip(ours.proba_per_class_, theirs.proba_per_class_):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(ours.pairwise(codes), theirs.pairwise(codes))
    np.testing.assert_array_equal(
        ours.pairwise(codes, codes[::-1]), theirs.pairwise(codes, codes[::-1])
    )


def test_value_difference_metric_many_classes_and_explicit_categories():
    # more than 8 classes: numpy's pairwise summation over the class axis, as there
    rng = np.random.default_rng(0)
    codes, y = rng.integers(0, 5, (300, 3)), rng.integers(0, 12, 300)
    ours = ValueDifferenceMetric(n_categories=[7, 5, 6]).fit(codes, y)
    theirs = ImbVDM(n_categories=[7, 5, 6]).fit(codes, y)
    np.testing.assert_array_equal(ours.pairwise(codes), theirs.pairwise(codes))


def test_value_difference_metric_errors():
    codes, y = np.array([[0, 1], [1, 0]]), np.array([0, 1])
    with pytest.raises(NotFittedError, match="not fitted yet"):
        ValueDifferenceMetric().pairwise(codes)
    with pytest.raises(ValueError, match="Negative values"):
        ValueDifferenceMetric().fit(-codes - 1, y)
    with pytest.raises(ValueError, match="length of n_categories is not consistent"):
        ValueDifferenceMetric(n_categories=[2]).fit(codes, y)
    with pytest.raises(InvalidParameterError, match="'k' parameter of ValueDifferenceMetric"):
        ValueDifferenceMetric(k=0).fit(codes, y)
    with pytest.raises(TypeError, match="category codes"):
        ValueDifferenceMetric().fit(codes + 0.5, y)


@given(problem=categorical_problems(max_rows=80), k=st.integers(1, 8))
def test_blockwise_neighbours_equal_scikit_learns_on_the_full_matrix(problem, k):
    codes, y = problem
    k = min(k, len(codes))
    vdm = ValueDifferenceMetric().fit(codes, y)
    full = vdm.pairwise(codes)
    expected = (
        NearestNeighbors(n_neighbors=k, metric="precomputed")
        .fit(full)
        .kneighbors(full, return_distance=False)
    )
    original = _smoten._BLOCK_VALUES
    try:
        _smoten._BLOCK_VALUES = 3 * len(codes)  # three rows per block
        blocked = _smoten.vdm_kneighbors(vdm.feature_tables(), codes, k)
    finally:
        _smoten._BLOCK_VALUES = original
    np.testing.assert_array_equal(blocked, expected)


@given(seed=st.integers(0, 2**32 - 1), k=st.integers(1, 9), n_values=st.integers(1, 4))
def test_most_frequent_is_scipys_mode(seed, k, n_values):
    values = np.random.default_rng(seed).integers(0, n_values, (20, k, 3))
    expected = scipy.stats.mode(values, axis=1, keepdims=True).mode[:, 0, :]
    np.testing.assert_array_equal(most_frequent(values), expected)


def test_smoten_frames_keep_their_dtypes():
    rng = np.random.default_rng(1)
    X = pd.DataFrame(
        {
            "colour": pd.Categorical(rng.choice(["red", "green", "blue"], 60)),
            "size": rng.choice(["S", "M", "L"], 60),
            "grade": rng.integers(0, 3, 60),
        }
    )
    y = pd.Series(np.where(rng.random(60) < 0.25, "rare", "common"), name="label")
    ours = SMOTEN(random_state=0).fit_resample(X, y)
    theirs = ImbSMOTEN(random_state=0).fit_resample(X, y)
    pd.testing.assert_frame_equal(ours[0], theirs[0])
    pd.testing.assert_series_equal(ours[1], theirs[1])
    assert isinstance(ours[0]["colour"].dtype, pd.CategoricalDtype)


def test_smoten_uses_a_copy_of_the_encoder_given():
    rng = np.random.default_rng(2)
    X = rng.choice(["a", "b", "c"], (50, 2)).astype(object)
    y = (rng.random(50) < 0.3).astype(int)
    encoder = OrdinalEncoder(dtype=np.int64)
    sampler = SMOTEN(categorical_encoder=encoder, random_state=0)
    ours = sampler.fit_resample(X, y)
    assert sampler.categorical_encoder is encoder
    assert sampler.categorical_encoder_ is not encoder
    assert isinstance(sampler.categorical_encoder_, OrdinalEncoder)
    assert sampler.categorical_encoder_.dtype == np.int64
    assert not hasattr(encoder, "categories_")  # the one given stays unfitted
    theirs = ImbSMOTEN(categorical_encoder=OrdinalEncoder(dtype=np.int64), random_state=0)
    np.testing.assert_array_equal(ours[0], theirs.fit_resample(X, y)[0])
    # the default encoder gives imbalanced-learn's codes (its OrdinalEncoder's)
    default = SMOTEN(random_state=0).fit(X, y)
    assert default.categorical_encoder is None


@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_smoten_sparse_input_warns_and_keeps_the_format(fmt):
    rng = np.random.default_rng(3)
    X = sp.random(60, 4, density=0.5, random_state=3, format=fmt)
    X.data = np.round(X.data * 3)
    y = (rng.random(60) < 0.3).astype(int)
    with pytest.warns(DataConversionWarning, match="is not really efficient"):
        ours = SMOTEN(random_state=0).fit_resample(X, y)
    with pytest.warns(DataConversionWarning):
        theirs = ImbSMOTEN(random_state=0).fit_resample(X, y)
    assert ours[0].format == fmt
    np.testing.assert_array_equal(ours[0].toarray(), theirs[0].toarray())


def test_smoten_bad_inputs_are_explained():
    y = np.array([0] * 6 + [1] * 4)
    X = np.array([["a"]] * 5 + [[None]] + [["b"]] * 4, dtype=object)
    with pytest.raises(ValueError, match="missing values"):
        SMOTEN(k_neighbors=2).fit_resample(X, y)
    X = np.array([["a"]] * 5 + [[3]] + [["b"]] * 4, dtype=object)
    with pytest.raises(TypeError, match="uniformly strings or numbers"):
        SMOTEN(k_neighbors=2).fit_resample(X, y)
    X = np.array([["a"]] * 6 + [["b"]] * 4, dtype=object)
    with pytest.raises(ValueError, match=r"n_neighbors = 6, n_samples_fit = 4.*Lower k_neighbors"):
        SMOTEN().fit_resample(X, y)
    for call in ("fit", "fit_resample"):
        with pytest.raises(InvalidParameterError, match="'k_neighbors' parameter of SMOTEN"):
            getattr(SMOTEN(k_neighbors=0), call)(X, y)


# --- SMOTENC -----------------------------------------------------------------------------


@st.composite
def mixed_problems(draw, max_rows=120):
    """Mixed rows: continuous columns (tie-free, at a drawn scale) and categorical ones."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    n_classes = draw(st.integers(2, 3))
    n = draw(st.integers(2 * n_classes, max_rows))
    n_cont, n_cat = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    scale = draw(st.sampled_from([1.0, 1e-9, 0.0, 1e4]))
    kind = draw(st.sampled_from(["object", "float64", "float32"]))
    cont = rng.standard_normal((n, n_cont)) * scale
    cats = rng.integers(0, draw(st.integers(1, 4)), (n, n_cat))
    if kind == "object":
        X = np.empty((n, n_cont + n_cat), dtype=object)
        X[:, :n_cont] = cont
        X[:, n_cont:] = np.array([f"c{v}" for v in cats.ravel()], dtype=object).reshape(cats.shape)
    else:
        X = np.hstack([cont, cats]).astype(kind)
    order = rng.permutation(n_cont + n_cat)
    X = X[:, order]
    categorical = [int(np.flatnonzero(order == n_cont + j)[0]) for j in range(n_cat)]
    p = 0.5 ** np.arange(n_classes)
    y = rng.choice(n_classes, size=n, p=p / p.sum())
    y[:n_classes] = np.arange(n_classes)
    return X, y, categorical


@given(problem=mixed_problems(), data=st.data())
def test_smotenc_equals_imblearn(problem, data):
    from imblearn.over_sampling import SMOTENC as ImbSMOTENC

    from minibalance.over_sampling import SMOTENC

    X, y, categorical = problem
    form = data.draw(st.sampled_from(["indices", "mask", "negative"]))
    if form == "mask":
        categorical = np.isin(np.arange(X.shape[1]), categorical).tolist()
    elif form == "negative":
        categorical = [c - X.shape[1] for c in categorical]
    k = data.draw(st.integers(1, 5))
    seed = data.draw(st.integers(0, 2**31 - 1))
    shared = data.draw(st.booleans())
    state = (lambda: np.random.RandomState(seed)) if shared else (lambda: seed)
    before = X.copy()
    ours = _run(
        SMOTENC(categorical_features=categorical, k_neighbors=k, random_state=state()), X, y
    )
    theirs = _run(
        ImbSMOTENC(categorical_features=categorical, k_neighbors=k, random_state=state()), X, y
    )
    np.testing.assert_array_equal(X, before)
    assert ours[0] == theirs[0]
    if ours[0] == "ok":
        (X_o, y_o), (X_t, y_t) = ours[1], theirs[1]
        assert X_o.dtype == X.dtype  # imbalanced-learn keeps it too here
        np.testing.assert_array_equal(X_o, X_t.astype(X_o.dtype))
        np.testing.assert_array_equal(y_o, y_t, strict=True)
        np.testing.assert_array_equal(X_o[: len(X)], X)


def test_smotenc_frames_equal_imblearns_and_auto_takes_string_columns():
    from imblearn.over_sampling import SMOTENC as ImbSMOTENC

    from minibalance.over_sampling import SMOTENC

    rng = np.random.default_rng(4)
    X = pd.DataFrame(
        {
            "amount": rng.standard_normal(80),
            "colour": pd.Categorical(rng.choice(["red", "green", "blue"], 80)),
            "age": rng.standard_normal(80).astype(np.float32),
            "shop": rng.choice(["a", "b"], 80),
        }
    )
    y = pd.Series(np.where(rng.random(80) < 0.25, "fraud", "ok"), name="label")
    ours = SMOTENC(categorical_features=["colour", "shop"], random_state=0).fit_resample(X, y)
    theirs = ImbSMOTENC(categorical_features=["colour", "shop"], random_state=0).fit_resample(X, y)
    pd.testing.assert_frame_equal(ours[0], theirs[0])
    pd.testing.assert_series_equal(ours[1], theirs[1])
    auto = SMOTENC(categorical_features="auto", random_state=0)
    pd.testing.assert_frame_equal(auto.fit_resample(X, y)[0], ours[0])
    np.testing.assert_array_equal(auto.categorical_features_, [1, 3])
    np.testing.assert_array_equal(auto.continuous_features_, [0, 2])


def test_smotenc_uses_a_copy_of_the_encoder_given_and_refuses_dropped_columns():
    from imblearn.over_sampling import SMOTENC as ImbSMOTENC
    from sklearn.preprocessing import OneHotEncoder

    from minibalance.over_sampling import SMOTENC

    rng = np.random.default_rng(5)
    X = np.empty((60, 3), dtype=object)
    X[:, 0] = rng.standard_normal(60)
    X[:, 1] = rng.choice(["x", "y", "z"], 60)
    X[:, 2] = rng.integers(0, 3, 60)
    y = (rng.random(60) < 0.3).astype(int)
    encoder = OneHotEncoder(sparse_output=False)
    sampler = SMOTENC(categorical_features=[1, 2], categorical_encoder=encoder, random_state=0)
    ours = sampler.fit_resample(X, y)
    assert sampler.categorical_encoder_ is not encoder and not hasattr(encoder, "categories_")
    assert sampler.categorical_encoder_.sparse_output is False
    theirs = ImbSMOTENC(
        categorical_features=[1, 2], categorical_encoder=OneHotEncoder(), random_state=0
    ).fit_resample(X, y)
    np.testing.assert_array_equal(ours[0], theirs[0])
    dropping = SMOTENC(categorical_features=[1, 2], categorical_encoder=OneHotEncoder(drop="first"))
    with pytest.raises(ValueError, match="one column per category"):
        dropping.fit_resample(X, y)


def test_smotenc_bad_inputs_are_explained():
    from minibalance.over_sampling import SMOTENC

    rng = np.random.default_rng(6)
    X = np.column_stack([rng.standard_normal(30), rng.integers(0, 3, 30)])
    y = np.repeat([0, 1], [22, 8])
    with pytest.raises(ValueError, match=r"all features must be in \[0, 1\]"):
        SMOTENC(categorical_features=[5]).fit_resample(X, y)
    with pytest.raises(ValueError, match=r"only with categorical features.*use SMOTEN"):
        SMOTENC(categorical_features=[0, 1]).fit_resample(X, y)
    with pytest.raises(ValueError, match=r"only with numerical features.*use SMOTE"):
        SMOTENC(categorical_features=[]).fit_resample(X, y)
    with pytest.raises(ValueError, match=r"should be a pandas.DataFrame"):
        SMOTENC(categorical_features="auto").fit_resample(X, y)
    with pytest.raises(ValueError, match="boolean mask needs 2 entries"):
        SMOTENC(categorical_features=[True]).fit_resample(X, y)
    with pytest.raises(ValueError, match="k_neighbors=8 needs at least 9 samples of class 1"):
        SMOTENC(categorical_features=[1], k_neighbors=8).fit_resample(X, y)
    bad = X.astype(object)
    bad[3, 0] = "n/a"
    with pytest.raises(ValueError, match=r"continuous features \[0\] must be numeric"):
        SMOTENC(categorical_features=[1]).fit_resample(bad, y)
    with_nan = X.copy()
    with_nan[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN or infinite"):
        SMOTENC(categorical_features=[1]).fit_resample(with_nan, y)
    for call in ("fit", "fit_resample"):
        with pytest.raises(InvalidParameterError, match="'k_neighbors' parameter of SMOTENC"):
            getattr(SMOTENC(categorical_features=[1], k_neighbors=0), call)(X, y)


# --- the engine's mixed distance ------------------------------------------------------


def _naive_mixed(X, codes, weight, k):
    out = np.empty((len(X), k), dtype=np.intp)
    for i in range(len(X)):
        d = np.zeros(len(X))
        for f in range(X.shape[1]):
            t = X[:, f] - X[i, f]
            d += t * t
        d += weight * (codes != codes[i]).sum(axis=1)
        out[i] = np.lexsort((np.arange(len(X)), d))[1 : k + 1]
    return out


@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(2, 300),
    k=st.integers(1, 6),
    grid=st.booleans(),
    weight=st.sampled_from([0.0, 0.25, 1.0, 7.5]),
    offset=st.sampled_from([0.0, 1e6]),
)
def test_mixed_kneighbors_are_exact_on_both_backends(seed, n, k, grid, weight, offset):
    import minibalance
    from minibalance import _neighbors as engine

    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, int(rng.integers(1, 4))))
    if grid:  # exact ties in the continuous part too
        X = np.round(X * 2) / 2
    X = X + offset
    codes = rng.integers(0, int(rng.integers(1, 4)), (n, int(rng.integers(1, 4))))
    k = min(k, n - 1)
    expected = _naive_mixed(X, codes, weight, k)
    original = dict(engine._TILES)
    try:
        for backend in ("numpy", "numba"):
            engine._TILES[backend] = (16, 32)  # many tiles: the selection's merges
            with minibalance.config_context(backend=backend):
                got = engine.kneighbors(X, k, categorical=(codes, weight))
            np.testing.assert_array_equal(got, expected)
    finally:
        engine._TILES.update(original)


@given(seed=st.integers(0, 2**32 - 1), q=st.integers(1, 20), r=st.integers(1, 30))
def test_add_mismatches_twins_agree(seed, q, r):
    from minibalance._kernels import mismatch

    rng = np.random.default_rng(seed)
    n_cat = int(rng.integers(1, 5))
    qc, rc = rng.integers(0, 3, (q, n_cat)), rng.integers(0, 3, (r, n_cat))
    gram = rng.standard_normal((q, r))
    a, b = gram.copy(), gram.copy()
    mismatch.add_mismatches_numpy(a, qc, rc, 0.7)
    mismatch.add_mismatches_numba(b, qc, rc, 0.7)
    np.testing.assert_array_equal(a, b)
    expected = gram + 0.7 * (qc[:, None, :] != rc[None, :, :]).sum(axis=2)
    np.testing.assert_array_equal(a, expected)


def test_smotenc_refuses_an_encoder_that_misses_categories():
    from sklearn.preprocessing import OneHotEncoder

    from minibalance.over_sampling import SMOTENC

    rng = np.random.default_rng(7)
    X = np.column_stack([rng.standard_normal(40), rng.integers(0, 3, 40)]).astype(object)
    y = np.repeat([0, 1], [30, 10])
    encoder = OneHotEncoder(categories=[[0, 1]], handle_unknown="ignore")
    with pytest.raises(ValueError, match="categories for column 0 miss values of X"):
        SMOTENC(categorical_features=[1], categorical_encoder=encoder).fit_resample(X, y)


def _mixed_rows(seed, n=80):
    """Two categorical columns, then three continuous ones."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, 5))
    X[:, 0], X[:, 1] = rng.integers(0, 3, n), rng.integers(0, 2, n)
    return X, (rng.random(n) < 0.3).astype(int)


@pytest.mark.parametrize("power", [-400, -200, -101, 101, 200, 400])
@pytest.mark.parametrize("seed", [0, 1])
def test_smotenc_on_scaled_continuous_features_equals_imblearn(power, seed):
    """Data the engine scales by a power of two (beyond 2**+-100) whose squares still
    fit: imbalanced-learn's rows and median_std_, bit for bit. (Its vote treats a
    one-hot value below 1e-8 as tied with every category; ours keeps that.)"""
    from imblearn.over_sampling import SMOTENC as ImbSMOTENC

    from minibalance.over_sampling import SMOTENC

    X, y = _mixed_rows(seed)
    X[:, 2:] = np.ldexp(X[:, 2:], power)
    ours = SMOTENC(categorical_features=[0, 1], random_state=seed)
    theirs = ImbSMOTENC(categorical_features=[0, 1], random_state=seed)
    np.testing.assert_array_equal(ours.fit_resample(X, y)[0], theirs.fit_resample(X, y)[0])
    assert ours.median_std_ == theirs.median_std_


@pytest.mark.parametrize("power", [-900, -540, 600, 900])
@pytest.mark.parametrize("fmt", ["dense", "csr", "csc"])
def test_smotenc_on_huge_and_tiny_continuous_features_keeps_the_scaled_rows(power, fmt):
    """Beyond the squares' range: the median std's square overflowed (a NaN weight:
    a ValueError) or underflowed (a zero weight: other neighbours). Now the search
    runs on the data divided by a power of two, and the continuous part of every
    row is the plain data's, scaled, without a warning (imbalanced-learn refuses
    the huge data and gives other rows on the tiny)."""
    from minibalance.over_sampling import SMOTENC

    X, y = _mixed_rows(3)
    reference = SMOTENC(categorical_features=[0, 1], random_state=0)
    plain = reference.fit_resample(X, y)
    scaled = X.copy()
    scaled[:, 2:] = np.ldexp(scaled[:, 2:], power)
    given = scaled if fmt == "dense" else sp.csr_matrix(scaled).asformat(fmt)
    sampler = SMOTENC(categorical_features=[0, 1], random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        X_res, y_res = sampler.fit_resample(given, y)
    X_res = X_res.toarray() if sp.issparse(X_res) else X_res
    np.testing.assert_array_equal(X_res[:, 2:], np.ldexp(plain[0][:, 2:], power))
    np.testing.assert_array_equal(y_res, plain[1])
    if power > 0:  # the one-hot value is far above the vote's 1e-8 tolerance
        np.testing.assert_array_equal(X_res[:, :2], plain[0][:, :2])
    assert sampler.median_std_[1] == np.ldexp(reference.median_std_[1], power)


def test_smotenc_float32_spread_beyond_its_range_is_explained():
    from minibalance.over_sampling import SMOTENC

    X, y = _mixed_rows(4)
    X = X.astype(np.float32)
    X[:, 2:] *= np.float32(1e25)  # the variance, ~1e50, overflows float32
    with pytest.raises(ValueError, match="overflows float32; pass X as float64"):
        SMOTENC(categorical_features=[0, 1], random_state=0).fit_resample(X, y)
