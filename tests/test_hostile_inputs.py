"""Hostile input over the public API: a clear error or the reference's answer, nothing else.

Hypothesis draws labels, scores, weights and feature matrices of awkward shapes,
dtypes (bool, int8..uint64, float16..float64, object, str, bytes), values (NaN,
inf, huge, tiny), layouts (read-only, non-contiguous) and containers (lists,
pandas with odd indexes). Every call must either return what scikit-learn /
imbalanced-learn return for the same input, or raise ``ValueError`` /
``TypeError`` when the reference raises; never another exception type, never a
silent NaN where the reference gives a number, and never a changed input.
"""

import re
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from imblearn import metrics as imm
from imblearn.over_sampling import SMOTE as ImbSMOTE
from imblearn.over_sampling import RandomOverSampler as ImbROS
from imblearn.under_sampling import RandomUnderSampler as ImbRUS
from sklearn import metrics as skm
from sklearn.utils import class_weight as skcw

import minibalance
from minibalance import metrics as mbm
from minibalance.over_sampling import SMOTE, RandomOverSampler
from minibalance.under_sampling import RandomUnderSampler

CLEAR = (ValueError, TypeError)
HOSTILE = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

DTYPES = [
    "bool",
    "int8",
    "uint8",
    "int16",
    "int64",
    "uint64",
    "float16",
    "float32",
    "float64",
    "object",
    "str",
    "bytes",
]


@st.composite
def label_arrays(draw, min_size=0, max_size=25):
    """1-D labels (sometimes 2-D or 0-D) of a drawn dtype, with odd values and layouts."""
    n = draw(st.integers(min_size, max_size))
    dtype = draw(st.sampled_from(DTYPES))
    n_classes = draw(st.integers(1, 4))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    codes = rng.integers(0, n_classes, size=n)
    if dtype == "bool":
        y = codes.astype(bool)
    elif dtype in ("str", "bytes", "object"):
        words = np.array(["a", "b", "fraud", "ok"][:n_classes], dtype=object)
        y = words[codes]
        if dtype == "str":
            y = y.astype(str)
        elif dtype == "bytes":
            y = y.astype(bytes)
    else:
        info = np.iinfo(dtype) if dtype.startswith(("int", "uint")) else None
        if info is not None and draw(st.booleans()):  # extreme labels of the dtype
            values = np.array([info.min, info.max, info.min + 1, info.max - 1])[:n_classes]
            y = values.astype(dtype)[codes]
        else:
            y = codes.astype(dtype)
        if dtype.startswith("float") and n and draw(st.booleans()):
            y[rng.integers(0, n)] = draw(st.sampled_from([np.nan, np.inf, -np.inf, 0.5]))
    return _layout(draw, y)


@st.composite
def score_arrays(draw, n):
    kind = draw(st.sampled_from(["float", "int", "huge", "tiny", "bad", "float16", "object"]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    s = rng.random(n)
    if kind == "int":
        s = rng.integers(-3, 3, size=n)
    elif kind == "huge":
        s = s * 1e300
    elif kind == "tiny":
        s = s * 1e-300
    elif kind == "bad" and n:
        s[rng.integers(0, n)] = draw(st.sampled_from([np.nan, np.inf]))
    elif kind == "float16":
        s = s.astype(np.float16)
    elif kind == "object":
        s = s.astype(object)
    return _layout(draw, s)


def _layout(draw, a):
    how = draw(st.sampled_from(["plain", "readonly", "strided", "list", "2d", "scalar", "series"]))
    if how == "series" and a.ndim == 1:  # pandas with an odd index: shuffled, repeated labels
        import pandas as pd

        index = draw(st.sampled_from(["reversed", "strings", "repeated"]))
        n = a.shape[0]
        labels = {
            "reversed": np.arange(n)[::-1] + 7,
            "strings": [f"r{i}" for i in range(n)],
            "repeated": np.zeros(n, dtype=int),
        }[index]
        return pd.Series(a, index=labels, dtype=object if a.dtype.kind == "S" else None)
    if how == "readonly":
        a = a.copy()
        a.flags.writeable = False
    elif how == "strided":
        b = np.empty(a.shape[0] * 2, dtype=a.dtype)
        b[::2] = a
        a = b[::2]
    elif how == "list":
        return a.tolist()
    elif how == "2d":
        return a.reshape(-1, 1)
    elif how == "scalar" and a.size:
        return a[0]
    return a


def _copy(x):
    if hasattr(x, "copy"):  # ndarray, Series
        return x.copy()
    return list(x) if isinstance(x, list) else x


def _same_input(before, after):
    if hasattr(before, "iloc"):
        assert before.equals(after) and before.index.equals(after.index)
    elif isinstance(before, np.ndarray):
        np.testing.assert_array_equal(before, after)
        assert before.dtype == after.dtype
    elif isinstance(before, list):
        assert before == after or np.array_equal(np.asarray(before), np.asarray(after), True)


def _call(func, *args, strict=True, **kwargs):
    """``("ok", result)`` or ``("raised", exception)``, warnings silenced.

    ``strict``: a RuntimeWarning (a stray cast, a 0/0) counts as a failure; for our
    own calls, not the references'.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if strict:
            warnings.simplefilter("error", RuntimeWarning)
        try:
            return "ok", func(*args, **kwargs)
        except Exception as exc:  # classified by the caller
            return "raised", exc


# Every error names what is wrong: a parameter, or the labels / samples / features.
NAMES = re.compile(
    r"\b(y_true|y_pred|y_score|sample_weight|y|X|classes|labels?|average|pos_label|"
    r"class_weight|sampling_strategy|k_neighbors|samples?|features?)\b"
)


def _assert_clear(exc, what):
    assert isinstance(exc, CLEAR), f"{what}: {type(exc).__name__}: {exc}"
    assert not isinstance(exc, RuntimeWarning), f"{what}: a RuntimeWarning from our code: {exc}"
    assert NAMES.search(str(exc)), f"{what}: the error names no parameter: {exc}"


def _ref(func, *args, **kwargs):
    return _call(func, *args, strict=False, **kwargs)


def _agree(ours, theirs, what):
    kind, value = ours
    ref_kind, ref_value = theirs
    if kind == "raised":  # a clear error is always allowed (stricter than the reference is fine)
        _assert_clear(value, what)
        return
    assert ref_kind == "ok", f"{what}: we returned {value!r}; the reference raised {ref_value!r}"
    _assert_same_value(value, ref_value, what)


def _assert_same_value(ours, theirs, what):
    if isinstance(ours, tuple):
        assert isinstance(theirs, tuple) and len(ours) == len(theirs), what
        for a, b in zip(ours, theirs):
            _assert_same_value(a, b, what)
        return
    if ours is None or theirs is None:
        assert ours is None and theirs is None, what
        return
    a, b = np.asarray(ours), np.asarray(theirs)
    if a.dtype.kind in "fc" or b.dtype.kind in "fc":
        np.testing.assert_allclose(
            a.astype(float), b.astype(float), rtol=1e-9, atol=1e-12, equal_nan=True, err_msg=what
        )
    else:
        np.testing.assert_array_equal(a, b, err_msg=what)


LABEL_METRICS = [
    ("f1_score", skm.f1_score, {"average": "macro"}),
    ("precision_score", skm.precision_score, {"average": "weighted"}),
    ("recall_score", skm.recall_score, {"average": "micro"}),
    ("balanced_accuracy_score", skm.balanced_accuracy_score, {}),
    ("matthews_corrcoef", skm.matthews_corrcoef, {}),
    ("confusion_matrix", skm.confusion_matrix, {}),
    ("geometric_mean_score", imm.geometric_mean_score, {}),
    ("specificity_score", imm.specificity_score, {"average": "macro"}),
]


@HOSTILE
@given(data=st.data(), which=st.sampled_from(range(len(LABEL_METRICS))))
def test_label_metrics_on_hostile_labels(data, which):
    name, reference, kwargs = LABEL_METRICS[which]
    y_true = data.draw(label_arrays())
    n = np.asarray(y_true).shape[0] if np.ndim(y_true) else 1
    y_pred = data.draw(st.one_of(label_arrays(min_size=n, max_size=n), label_arrays()))
    kinds = {np.asarray(y_true).dtype.kind, np.asarray(y_pred).dtype.kind}
    magnitudes = [
        float(np.abs(np.asarray(y, dtype=float)).max(initial=0))
        for y in (y_true, y_pred)
        if np.asarray(y).dtype.kind in "iu"
    ]
    # The references promote int64 with uint64 (or a float) to float64 and merge labels
    # beyond 2**53; minibalance keeps int64/uint64 ones apart, so answers differ by design.
    assume(not (len(kinds) > 1 and max(magnitudes, default=0.0) >= 2**53))
    before = (_copy(y_true), _copy(y_pred))
    ours = _call(getattr(mbm, name), y_true, y_pred, **kwargs)
    _same_input(before[0], y_true)
    _same_input(before[1], y_pred)
    _agree(ours, _ref(reference, y_true, y_pred, **kwargs), name)


RANKING = [
    ("roc_auc_score", skm.roc_auc_score),
    ("average_precision_score", skm.average_precision_score),
    ("precision_recall_curve", skm.precision_recall_curve),
    ("roc_curve", skm.roc_curve),
]


@HOSTILE
@given(data=st.data(), which=st.sampled_from(range(len(RANKING))))
def test_ranking_metrics_on_hostile_scores(data, which):
    name, reference = RANKING[which]
    y_true = data.draw(label_arrays())
    n = np.asarray(y_true).shape[0] if np.ndim(y_true) else 1
    y_score = data.draw(score_arrays(n))
    before = (_copy(y_true), _copy(y_score))
    ours = _call(getattr(mbm, name), y_true, y_score)
    _same_input(before[0], y_true)
    _same_input(before[1], y_score)
    _agree(ours, _ref(reference, y_true, y_score), name)


@HOSTILE
@given(data=st.data(), balanced=st.booleans())
def test_class_weights_on_hostile_labels(data, balanced):
    y = data.draw(label_arrays())
    classes = np.unique(np.asarray(y)) if np.ndim(y) and np.asarray(y).size else np.array([0, 1])
    cw = "balanced" if balanced else None
    ours = _call(minibalance.compute_class_weight, cw, classes=classes, y=y)
    _agree(ours, _ref(skcw.compute_class_weight, cw, classes=classes, y=y), "class_weight")
    ours = _call(minibalance.compute_sample_weight, cw, y)
    _agree(ours, _ref(skcw.compute_sample_weight, cw, y), "sample_weight")


SAMPLERS = [
    (lambda: SMOTE(random_state=0, k_neighbors=2), lambda: ImbSMOTE(random_state=0, k_neighbors=2)),
    (lambda: RandomOverSampler(random_state=0), lambda: ImbROS(random_state=0)),
    (lambda: RandomUnderSampler(random_state=0), lambda: ImbRUS(random_state=0)),
]
# The k-NN samplers: on tied data (integers, booleans) the references' neighbours
# are in an arbitrary order among ties, so only the errors and the shapes agree.
KNN_SAMPLERS = [
    ("over_sampling", "BorderlineSMOTE", {"random_state": 0, "k_neighbors": 2, "m_neighbors": 3}),
    ("over_sampling", "ADASYN", {"random_state": 0, "n_neighbors": 2}),
    ("under_sampling", "TomekLinks", {}),
    ("under_sampling", "EditedNearestNeighbours", {"n_neighbors": 2}),
    ("under_sampling", "NearMiss", {"n_neighbors": 2}),
    ("under_sampling", "NeighbourhoodCleaningRule", {"n_neighbors": 2}),
    ("combine", "SMOTETomek", {"random_state": 0, "smote": None}),
]


@st.composite
def feature_matrices(draw, n):
    d = draw(st.integers(0, 4))
    kind = draw(
        st.sampled_from(
            [
                "float",
                "int8",
                "uint64",
                "float16",
                "float32",
                "huge",
                "bad",
                "object",
                "str",
                "bool",
                "3d",
                "1d",
            ]
        )
    )
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    X = rng.normal(size=(n, d))
    if kind == "int8":
        X = rng.integers(-128, 127, size=(n, d)).astype(np.int8)
    elif kind == "uint64":
        X = rng.integers(0, 2**63, size=(n, d), dtype=np.uint64)
    elif kind in ("float16", "float32"):
        X = X.astype(kind)
    elif kind == "huge":
        X = X * 1e300
    elif kind == "bad" and X.size:
        X.flat[rng.integers(0, X.size)] = draw(st.sampled_from([np.nan, np.inf]))
    elif kind == "object":
        X = X.astype(object)
    elif kind == "str":
        X = X.astype(str)
    elif kind == "bool":
        X = X > 0
    elif kind == "3d":
        X = X.reshape(n, d, 1)
    elif kind == "1d":
        X = X[:, 0] if d else np.zeros(n)
    if draw(st.booleans()) and X.ndim == 2:
        X = np.asfortranarray(X)
    return X


@settings(HOSTILE, max_examples=100)
@given(data=st.data(), which=st.sampled_from(range(len(SAMPLERS))))
def test_samplers_on_hostile_data(data, which):
    ours_make, theirs_make = SAMPLERS[which]
    y = data.draw(label_arrays(max_size=30))
    n = np.asarray(y).shape[0] if np.ndim(y) else 1
    X = data.draw(st.one_of(feature_matrices(n), feature_matrices(max(n - 1, 0))))
    before = (_copy(X), _copy(y))
    ours = _call(ours_make().fit_resample, X, y)
    _same_input(before[0], X)
    _same_input(before[1], y)
    theirs = _ref(theirs_make().fit_resample, X, y)
    what = type(ours_make()).__name__
    kind, value = ours
    if kind == "raised":
        _assert_clear(value, what)
        return
    assert theirs[0] == "ok", f"{what} resampled; imbalanced-learn raised {theirs[1]!r}"
    X_res, y_res = value
    X_ref, y_ref = theirs[1]
    np.testing.assert_array_equal(np.asarray(y_res), np.asarray(y_ref))
    assert np.asarray(X_res).shape == np.asarray(X_ref).shape


@settings(HOSTILE, max_examples=60)
@given(data=st.data(), which=st.sampled_from(range(len(KNN_SAMPLERS))))
def test_knn_samplers_on_hostile_data(data, which):
    import importlib

    module, name, params = KNN_SAMPLERS[which]
    ours_make = getattr(importlib.import_module(f"minibalance.{module}"), name)
    theirs_make = getattr(importlib.import_module(f"imblearn.{module}"), name)
    y = data.draw(label_arrays(max_size=30))
    n = np.asarray(y).shape[0] if np.ndim(y) else 1
    X = data.draw(st.one_of(feature_matrices(n), feature_matrices(max(n - 1, 0))))
    before = (_copy(X), _copy(y))
    kind, value = _call(ours_make(**params).fit_resample, X, y)
    event(kind)
    _same_input(before[0], X)
    _same_input(before[1], y)
    if kind == "raised":
        _assert_clear(value, name)
        return
    theirs = _ref(theirs_make(**params).fit_resample, X, y)
    X_res, y_res = value
    assert np.asarray(X_res).dtype == np.asarray(X).dtype
    assert np.asarray(X_res).shape[1:] == np.asarray(X).shape[1:]
    if (
        theirs[0] == "ok"
        and np.asarray(X).dtype.kind == "f"
        and np.all(np.abs(np.asarray(X)) < 1e100)
    ):
        # continuous data: no ties, the same classes and sizes
        assert np.asarray(y_res).shape == np.asarray(theirs[1][1]).shape
        np.testing.assert_array_equal(np.sort(np.asarray(y_res)), np.sort(np.asarray(theirs[1][1])))


@HOSTILE
@given(data=st.data())
def test_threshold_search_on_hostile_scores(data):
    from minibalance.threshold import find_best_threshold

    y = data.draw(label_arrays())
    n = np.asarray(y).shape[0] if np.ndim(y) else 1
    s = data.draw(score_arrays(n))
    kind, value = _call(find_best_threshold, y, s)
    if kind == "raised":
        _assert_clear(value, "find_best_threshold")
    else:
        assert np.isfinite(value.score), value  # never a silent NaN


def test_the_suite_can_fail():
    """The agreement check itself catches a disagreement (a guard against a vacuous suite)."""
    with pytest.raises(AssertionError):
        _agree(("ok", 0.5), ("ok", 0.25), "demo")
    with pytest.raises(AssertionError):
        _agree(("ok", 0.5), ("raised", ValueError("x")), "demo")
    with pytest.raises(AssertionError):
        _agree(("raised", KeyError("x")), ("raised", ValueError("x")), "demo")
    with pytest.raises(AssertionError):
        _agree(("raised", ValueError("something is off")), ("raised", ValueError()), "demo")
