"""Regressions from the drop-in review (issue 11): each case first failed, then was fixed.

Every test here replays a call that broke, or answered differently from the
reference, after switching an import from scikit-learn / imbalanced-learn.
"""

import numpy as np
import pytest
from imblearn.over_sampling import SMOTE as ImbSMOTE
from imblearn.over_sampling import RandomOverSampler as ImbROS
from imblearn.under_sampling import RandomUnderSampler as ImbRUS
from sklearn import metrics as skm
from sklearn.utils.class_weight import compute_class_weight as sk_compute_class_weight

import minibalance
from minibalance import metrics as mbm
from minibalance._labels import count_labels
from minibalance.over_sampling import SMOTE, RandomOverSampler
from minibalance.under_sampling import RandomUnderSampler

# --- 7. signed integer labels whose range overflows their dtype -----------------------------


@pytest.mark.parametrize(
    "dtype, lo, hi",
    [
        (np.int8, -100, 100),
        (np.int16, -20000, 20000),
        (np.int8, -128, 127),
        (np.uint8, 0, 255),
        (np.uint64, 2**64 - 3, 2**64 - 1),
        (np.int64, -(2**63), -(2**63) + 9),
    ],
)
def test_labels_spanning_the_whole_dtype_are_counted(dtype, lo, hi):
    y = np.array([lo] * 7 + [hi] * 3, dtype=dtype)
    counts = count_labels(y, return_inverse=True, sample_weight=np.ones(10))
    assert counts.classes.dtype == y.dtype
    assert counts.classes.tolist() == [lo, hi] and counts.counts.tolist() == [7, 3]
    np.testing.assert_array_equal(counts.classes[counts.inverse], y)
    np.testing.assert_array_equal(
        minibalance.compute_class_weight("balanced", classes=np.array([lo, hi], dtype=dtype), y=y),
        sk_compute_class_weight("balanced", classes=np.array([lo, hi], dtype=dtype), y=y),
    )
    assert minibalance.class_distribution(y).counts.tolist() == [7, 3]


def test_a_dense_int16_range_wider_than_the_dtype_is_counted():
    y = np.tile(np.arange(-20000, 20001, 2, dtype=np.int16), 2)  # bincount path: n > range / 2
    counts = count_labels(y)
    np.testing.assert_array_equal(counts.classes, np.arange(-20000, 20001, 2, dtype=np.int16))
    assert set(counts.counts.tolist()) == {2}


@pytest.mark.parametrize("dtype, lo, hi", [(np.int8, -100, 100), (np.int16, -20000, 20000)])
def test_samplers_and_metrics_on_overflowing_label_ranges(dtype, lo, hi):
    rng = np.random.RandomState(0)
    X = rng.normal(size=(40, 2))
    y = np.array([lo] * 30 + [hi] * 10, dtype=dtype)
    X_res, y_res = SMOTE(random_state=0).fit_resample(X, y)
    X_ref, y_ref = ImbSMOTE(random_state=0).fit_resample(X, y)
    np.testing.assert_array_equal(X_res, X_ref)
    np.testing.assert_array_equal(y_res, y_ref)
    _, y_rus = RandomUnderSampler(random_state=0).fit_resample(X, y)
    np.testing.assert_array_equal(y_rus, ImbRUS(random_state=0).fit_resample(X, y)[1])
    pred = y.copy()
    pred[:5] = hi
    assert mbm.f1_score(y, pred, pos_label=hi) == skm.f1_score(y, pred, pos_label=hi)
    np.testing.assert_array_equal(mbm.confusion_matrix(y, pred), skm.confusion_matrix(y, pred))


# --- 8. empty input raises, never a NaN with a misleading warning ---------------------------


@pytest.mark.parametrize(
    "name",
    [
        "roc_auc_score",
        "average_precision_score",
        "precision_recall_curve",
        "roc_curve",
        "f1_score",
        "precision_score",
        "recall_score",
        "confusion_matrix",
        "balanced_accuracy_score",
        "matthews_corrcoef",
    ],
)
def test_every_metric_refuses_empty_input(name):
    with pytest.raises(ValueError, match=r"empty|0 sample"):
        getattr(mbm, name)([], [])


def test_roc_auc_of_empty_input_has_scikit_learns_message():
    with pytest.raises(ValueError) as ours:
        mbm.roc_auc_score([], [])
    with pytest.raises(ValueError) as theirs:
        skm.roc_auc_score([], [])
    assert str(ours.value) == str(theirs.value)


# --- 4. integer weights are summed as integers ------------------------------------------------


@pytest.mark.parametrize("dtype", [np.int64, np.uint32, np.int8, bool])
def test_integer_weights_in_confusion_matrix_keep_every_count(dtype):
    big = 2**53 + 1 if dtype is np.int64 else 1
    w = np.array([big, 1, 1, 3, 0, 2], dtype=dtype)
    y_true, y_pred = [0, 0, 1, 1, 1, 0], [0, 0, 1, 0, 1, 1]
    ours = mbm.confusion_matrix(y_true, y_pred, sample_weight=w)
    theirs = skm.confusion_matrix(y_true, y_pred, sample_weight=w)
    assert ours.dtype == theirs.dtype == np.int64
    np.testing.assert_array_equal(ours, theirs)
    if dtype is np.int64:
        assert ours[0, 0] == 2**53 + 2


# --- 6. any finite input works: huge and tiny magnitudes ---------------------------------------


@pytest.mark.parametrize("exponent", [515, 600, 900, 1000, -520, -900])
@pytest.mark.parametrize("n_features", [3, 20])
def test_smote_on_huge_and_tiny_values_finds_the_same_neighbours(backend, exponent, n_features):
    rng = np.random.RandomState(1)
    base = rng.normal(size=(300, n_features))
    y = np.r_[np.zeros(250, int), np.ones(50, int)]
    X = np.ldexp(base, exponent)  # |x| up to about 1e300 (or down to 1e-270), exactly scaled
    assert np.all(np.isfinite(X)) and np.all(X[np.nonzero(base)] != 0)
    ref = SMOTE(random_state=0)
    X_ref, _ = ref.fit_resample(base, y)
    sampler = SMOTE(random_state=0)
    X_big, _ = sampler.fit_resample(X, y)
    np.testing.assert_array_equal(sampler.neighbor_indices_, ref.neighbor_indices_)
    np.testing.assert_array_equal(sampler.base_indices_, ref.base_indices_)
    assert X_big.shape == X_ref.shape and np.all(np.isfinite(X_big))


# --- 10. parameters are checked in fit as in fit_resample, in imbalanced-learn's words -------

BAD_PARAMS = [
    (SMOTE, ImbSMOTE, {"k_neighbors": 0}),
    (SMOTE, ImbSMOTE, {"k_neighbors": "a"}),
    (SMOTE, ImbSMOTE, {"k_neighbors": 2.5}),
    (SMOTE, ImbSMOTE, {"random_state": "x"}),
    (SMOTE, ImbSMOTE, {"random_state": -1}),
    (RandomUnderSampler, ImbRUS, {"replacement": "yes"}),
    (RandomOverSampler, ImbROS, {"shrinkage": -1}),
    (RandomOverSampler, ImbROS, {"shrinkage": "x"}),
]


@pytest.mark.parametrize("ours, theirs, params", BAD_PARAMS)
@pytest.mark.parametrize("method", ["fit", "fit_resample"])
def test_bad_parameters_fail_in_fit_with_the_references_message(ours, theirs, params, method):
    X = np.random.RandomState(0).normal(size=(40, 2))
    y = np.r_[np.zeros(30, int), np.ones(10, int)]
    with pytest.raises(ValueError) as ref:
        getattr(theirs(**params), method)(X, y)
    with pytest.raises(ValueError) as got:
        getattr(ours(**params), method)(X, y)
    assert isinstance(got.value, TypeError)  # InvalidParameterError, as scikit-learn's
    assert str(got.value).startswith(str(ref.value))


@pytest.mark.parametrize("strategy", ["bogus", "majority", [0, 1], -0.5, 1.5])
def test_bad_sampling_strategy_type_names_the_parameter_as_imblearn(strategy):
    X = np.random.RandomState(0).normal(size=(40, 2))
    y = np.r_[np.zeros(30, int), np.ones(10, int)]
    with pytest.raises(ValueError) as ref:
        ImbSMOTE(sampling_strategy=strategy).fit(X, y)
    with pytest.raises(ValueError) as got:
        SMOTE(sampling_strategy=strategy).fit(X, y)
    prefix = "a str among {"  # the references print their options from a set: any order
    assert str(got.value).split(prefix)[0] == str(ref.value).split(prefix)[0]
    assert str(got.value).endswith(str(ref.value).rsplit("}", 1)[1])


# --- 5. every column dtype survives the round trip -----------------------------------------


@pytest.mark.parametrize("sampler", ["rus", "ros"])
def test_dataframes_with_odd_column_dtypes_round_trip_exactly(sampler):
    pd = pytest.importorskip("pandas")
    X = pd.DataFrame(
        {
            "s": list("abcdefgh"),
            "t": pd.Series([pd.NaT] * 8, dtype="timedelta64[ns]"),
            "c": pd.Categorical(list("xyxyxyxy")),
            "i": pd.array([1, None, 3, 4, 5, 6, 7, 8], dtype="Int64"),
            "dt": pd.date_range("2020", periods=8, tz="UTC"),
            "b": [True, False] * 4,
        },
        index=np.arange(10, 18),
    )
    y = pd.Series(pd.Categorical(["n"] * 6 + ["p"] * 2), name="target")
    X0, y0 = X.copy(), y.copy()
    ours, theirs = {
        "rus": (RandomUnderSampler(random_state=0), ImbRUS(random_state=0)),
        "ros": (RandomOverSampler(random_state=0), ImbROS(random_state=0)),
    }[sampler]
    X_res, y_res = ours.fit_resample(X, y)
    X_ref, y_ref = theirs.fit_resample(X, y)
    pd.testing.assert_frame_equal(X_res, X_ref)
    pd.testing.assert_series_equal(y_res, y_ref)
    pd.testing.assert_frame_equal(X, X0)  # inputs untouched
    pd.testing.assert_series_equal(y, y0)


# --- 9. messages that name the parameter -------------------------------------------------------


@pytest.mark.parametrize("class_weight", [np.array([1.0, 2.0]), "bogus", 3, [1, 2]])
def test_bad_class_weight_is_named_in_scikit_learns_words(class_weight):
    from sklearn.utils.class_weight import compute_sample_weight as sk_compute_sample_weight

    classes, y = np.array([0, 1]), [0, 1, 1]
    with pytest.raises(ValueError) as theirs:
        sk_compute_class_weight(class_weight, classes=classes, y=y)
    with pytest.raises(ValueError) as ours:
        minibalance.compute_class_weight(class_weight, classes=classes, y=y)
    assert isinstance(ours.value, TypeError)
    assert str(ours.value).startswith(str(theirs.value))
    if not isinstance(class_weight, list):
        with pytest.raises(ValueError) as theirs:
            sk_compute_sample_weight(class_weight, y)
        with pytest.raises(ValueError) as ours:
            minibalance.compute_sample_weight(class_weight, y)
        assert str(ours.value).startswith(str(theirs.value))


def test_negative_weights_in_the_threshold_search_are_named():
    from minibalance.threshold import find_best_threshold

    with pytest.raises(ValueError, match=r"sample_weight has 2 negative values .*index 1"):
        find_best_threshold([0, 1, 1, 0], [0.1, 0.8, 0.7, 0.3], sample_weight=[1, -1, -2, 1])


@pytest.mark.parametrize("prior", [["a", "b"], None, [[0.5], [0.2, 0.8]]])
def test_a_bad_prior_is_named(prior):
    from minibalance.threshold import correct_probabilities

    with pytest.raises(TypeError, match="original_prior must be a number or a 1-D array"):
        correct_probabilities([0.2, 0.7], original_prior=prior, resampled_prior=0.5)


# --- 3. messages in the references' words ---------------------------------------------------

C = np.array([1 + 1j, 1, 1])
MESSAGE_CASES = {
    "inf in y_pred": lambda m: m.f1_score([0, 1], [np.inf, 1]),
    "nan in y_pred": lambda m: m.f1_score([0, 1], [np.nan, 1]),
    "nan in y_true": lambda m: m.recall_score([np.nan, 1], [0, 1]),
    "nan weight": lambda m: m.confusion_matrix([0, 1], [0, 1], sample_weight=[np.nan, 1]),
    "inf weight": lambda m: m.precision_score([0, 1], [0, 1], sample_weight=[np.inf, 1]),
    "inf weight, ranking": lambda m: m.average_precision_score(
        [0, 1], [0.1, 0.9], sample_weight=[np.inf, 1]
    ),
    "2-D weight": lambda m: m.confusion_matrix([0, 1], [0, 1], sample_weight=[[1], [1]]),
    "complex weight, cm": lambda m: m.confusion_matrix([0, 1, 1], [0, 1, 0], sample_weight=C),
    "complex weight, mcc": lambda m: m.matthews_corrcoef([0, 1, 1], [0, 1, 0], sample_weight=C),
    "complex weight, bal": lambda m: m.balanced_accuracy_score(
        [0, 1, 1], [0, 1, 0], sample_weight=C
    ),
    "lengths, multilabel roc": lambda m: m.roc_auc_score(
        [[0, 1], [1, 0]], [[0.1, 0.9], [0.8, 0.2], [0.3, 0.3]]
    ),
    "lengths, multilabel ap": lambda m: m.average_precision_score(
        [[0, 1], [1, 0]], [[0.1, 0.9], [0.8, 0.2], [0.3, 0.3]]
    ),
    "bytes labels, ap": lambda m: m.average_precision_score(
        np.array([b"a", b"b", b"a"]), [0.1, 0.9, 0.3]
    ),
    "bytes labels, f1": lambda m: m.f1_score(np.array([b"a", b"b"]), np.array([b"a", b"b"])),
}


@pytest.mark.parametrize("case", sorted(MESSAGE_CASES))
def test_errors_say_what_scikit_learn_says(case):
    call = MESSAGE_CASES[case]
    with pytest.raises((ValueError, TypeError)) as theirs:
        call(skm)
    with pytest.raises((ValueError, TypeError)) as ours:
        call(mbm)
    assert isinstance(ours.value, type(theirs.value)), (ours.value, theirs.value)
    assert str(ours.value).startswith(str(theirs.value).split("\n")[0])


AVERAGE_CASES = [
    (
        "f1_score",
        "fbeta_score",
        "precision_score",
        "recall_score",
        "precision_recall_fscore_support",
    ),
    ("average_precision_score", "roc_auc_score"),
]


@pytest.mark.parametrize("name", [n for group in AVERAGE_CASES for n in group])
def test_a_bad_average_is_named_with_its_function_and_every_option(name):
    ranking = name in AVERAGE_CASES[1]
    args = ([0, 1], [0.1, 0.9]) if ranking else ([0, 1], [0, 1])
    kwargs = {"beta": 1.0} if name == "fbeta_score" else {}
    with pytest.raises(ValueError) as theirs:
        getattr(skm, name)(*args, average="bogus", **kwargs)
    with pytest.raises(ValueError) as ours:
        getattr(mbm, name)(*args, average="bogus", **kwargs)
    prefix = "a str among {"  # the options in any order (scikit-learn prints a set)
    assert str(ours.value).split(prefix)[0] == str(theirs.value).split(prefix)[0]
    options = lambda e: set(str(e).split(prefix)[1].split("}")[0].split(", "))  # noqa: E731
    assert options(ours.value) == options(theirs.value)
    if not ranking:
        assert "'binary'" in str(ours.value)


@pytest.mark.parametrize(
    "name",
    [
        "sensitivity_score",
        "specificity_score",
        "sensitivity_specificity_support",
        "geometric_mean_score",
    ],
)
def test_a_bad_average_in_imbalanced_learns_metrics(name):
    import imblearn.metrics as imm

    with pytest.raises(ValueError) as theirs:
        getattr(imm, name)([0, 1], [0, 1], average="bogus")
    with pytest.raises(ValueError) as ours:
        getattr(mbm, name)([0, 1], [0, 1], average="bogus")
    prefix = "a str among {"
    assert str(ours.value).split(prefix)[0] == str(theirs.value).split(prefix)[0]


# --- 2. warnings scikit-learn's filters catch; no stray RuntimeWarning -------------------------


def test_undefined_metric_warning_is_caught_as_scikit_learns():
    import warnings

    from sklearn.exceptions import UndefinedMetricWarning as SkWarning

    from minibalance.exceptions import UndefinedMetricWarning

    with pytest.warns(SkWarning):
        mbm.recall_score([0, 0], [0, 0])
    with pytest.warns(UndefinedMetricWarning):
        mbm.precision_score([0, 1], [0, 0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.filterwarnings("ignore", category=SkWarning)
        mbm.recall_score([0, 0], [0, 0])  # ignored by a filter on scikit-learn's class
        mbm.roc_curve([0, 0, 0], [0.1, 0.2, 0.3])


def test_import_minibalance_still_imports_no_scikit_learn():
    import subprocess
    import sys

    code = (
        "import sys, warnings, minibalance.metrics as m\n"
        "with warnings.catch_warnings(record=True) as w:\n"
        "    warnings.simplefilter('always')\n"
        "    m.recall_score([0, 0], [0, 0])\n"
        "assert w and w[0].category.__name__ == 'UndefinedMetricWarning'\n"
        "assert 'sklearn' not in sys.modules, 'sklearn was imported'\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_no_runtime_warning_from_a_nan_label():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        with pytest.raises(ValueError, match="Input y_pred contains NaN"):
            mbm.f1_score([0, 1], [np.nan, 1])


# --- 1. the threshold classifiers: scikit-learn's checks and attributes --------------------


def test_fixed_threshold_refuses_a_bad_threshold_in_fit():
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import FixedThresholdClassifier as SkFixed

    from minibalance.threshold import FixedThresholdClassifier

    X, y = [[0.0], [1.0], [2.0], [3.0]], [0, 0, 1, 1]
    for bad in ("high", None, [0.5]):
        with pytest.raises(ValueError) as theirs:
            SkFixed(LogisticRegression(), threshold=bad).fit(X, y)
        with pytest.raises(ValueError) as ours:
            FixedThresholdClassifier(LogisticRegression(), threshold=bad).fit(X, y)
        assert str(ours.value).startswith(str(theirs.value))


@pytest.mark.parametrize("method", ["predict_proba", "predict_log_proba", "decision_function"])
def test_response_methods_exist_only_when_the_estimator_has_them(method):
    from sklearn import model_selection as skms
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import SVC, LinearSVC

    from minibalance.threshold import FixedThresholdClassifier, TunedThresholdClassifierCV

    X, y = [[0.0], [1.0], [2.0], [3.0]] * 5, [0, 0, 1, 1] * 5
    for inner in (SVC(), LinearSVC(), LogisticRegression()):
        for ours, theirs in (
            (FixedThresholdClassifier, skms.FixedThresholdClassifier),
            (TunedThresholdClassifierCV, skms.TunedThresholdClassifierCV),
        ):
            assert hasattr(ours(inner), method) == hasattr(theirs(inner), method)
    fitted = FixedThresholdClassifier(LinearSVC()).fit(X, y)
    assert hasattr(fitted, method) == hasattr(LinearSVC(), method)


def test_int64_and_uint64_labels_beyond_2_53_stay_apart():
    y_true = np.array([0, 2**63 - 1, 2**63 - 2], dtype=np.int64)
    y_pred = np.array([0, 2**63 - 1, 2**63 - 2], dtype=np.uint64)
    np.testing.assert_array_equal(mbm.confusion_matrix(y_true, y_pred), np.eye(3, dtype=int))


# --- found by the hostile-input suite (tests/test_hostile_inputs.py), pinned here -----------


@pytest.mark.parametrize(
    "call",
    [
        lambda m: m.roc_auc_score([0], 0.5),  # a scalar score
        lambda m: m.roc_auc_score([0], [np.nan]),  # NaN before "one class"
        lambda m: m.f1_score(np.array([[b"a"]]), np.array(["a"])),  # bytes and str
        lambda m: m.f1_score(np.array([[b"a"]]), np.array([False])),  # bytes and bool
    ],
)
def test_hostile_metric_inputs_raise_clearly(call):
    with pytest.raises((ValueError, TypeError)):
        call(skm) if call is not None else None
    with pytest.raises((ValueError, TypeError)):
        call(mbm)


def test_float16_scores_work_like_float32():
    from minibalance.threshold import find_best_threshold

    y = np.array([0, 1, 1, 0, 1])
    s16 = np.array([0.1, 0.8, 0.35, 0.4, 0.9], dtype=np.float16)
    assert mbm.average_precision_score(y, s16) == pytest.approx(skm.average_precision_score(y, s16))
    assert (
        find_best_threshold(y, s16).threshold == find_best_threshold(y, s16.astype(float)).threshold
    )


def test_samplers_refuse_what_imbalanced_learn_refuses():
    X = np.random.RandomState(0).normal(size=(6, 2))
    for bad_X, bad_y in [
        (np.empty((6, 0)), np.array([0, 0, 0, 1, 1, 1])),  # no features
        (X, np.array([0.0, 0.5, 0.0, 0.5, 0.0, 0.5])),  # continuous labels
        (X, np.array([b"a", b"a", b"a", b"b", b"b", b"b"])),  # bytes labels
    ]:
        for ours, theirs in [
            (SMOTE(k_neighbors=2), ImbSMOTE(k_neighbors=2)),
            (RandomUnderSampler(), ImbRUS()),
        ]:
            with pytest.raises((ValueError, TypeError)):
                theirs.fit_resample(bad_X, bad_y)
            with pytest.raises((ValueError, TypeError)):
                ours.fit_resample(bad_X, bad_y)


def test_balanced_sample_weight_of_no_samples_is_an_error():
    from sklearn.utils.class_weight import compute_sample_weight as sk_compute_sample_weight

    with pytest.raises(ValueError) as theirs:
        sk_compute_sample_weight("balanced", np.array([], dtype=bool))
    with pytest.raises(ValueError) as ours:
        minibalance.compute_sample_weight("balanced", np.array([], dtype=bool))
    assert str(ours.value).startswith(str(theirs.value))


@pytest.mark.parametrize("dtype", [np.uint8, np.uint64, np.int8, np.int64])
def test_smote_on_integer_X_puts_every_row_on_its_segment(dtype):
    import warnings

    info = np.iinfo(dtype)
    rng = np.random.RandomState(0)
    X = rng.randint(0, 2**31, size=(60, 3)).astype(np.float64)
    X = (X / 2**31 * (float(info.max) - float(info.min)) * 0.999 + float(info.min)).astype(dtype)
    y = np.r_[np.zeros(45, int), np.ones(15, int)]
    sampler = SMOTE(random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # no out-of-range cast
        X_res, _ = sampler.fit_resample(X, y)
    new = X_res[60:].astype(float)
    a, b = X[sampler.base_indices_].astype(float), X[sampler.neighbor_indices_].astype(float)
    slack = 1e-9 * np.abs(np.r_[a, b]).max() + 1
    assert np.all(new >= np.minimum(a, b) - slack) and np.all(new <= np.maximum(a, b) + slack)


def test_smote_on_small_signed_integers_still_equals_imblearn():
    X = np.random.RandomState(1).randint(-50, 50, size=(60, 3)).astype(np.int16)
    y = np.r_[np.zeros(45, int), np.ones(15, int)]
    np.testing.assert_array_equal(
        SMOTE(random_state=0).fit_resample(X, y)[0], ImbSMOTE(random_state=0).fit_resample(X, y)[0]
    )


def test_smote_on_boolean_X_says_to_convert_it():
    X = np.r_[np.zeros((6, 2), bool), np.ones((4, 2), bool)]
    y = np.r_[np.zeros(6, int), np.ones(4, int)]
    with pytest.raises(TypeError):
        ImbSMOTE(k_neighbors=2).fit_resample(X, y)
    with pytest.raises(TypeError, match=r"X has dtype bool.*X.astype\(float\)"):
        SMOTE(k_neighbors=2).fit_resample(X, y)
