"""minibalance.workflow.compare: the same folds, no leakage, the references' numbers."""

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from imblearn.over_sampling import SMOTE as ImbSMOTE
from imblearn.pipeline import make_pipeline as imb_make_pipeline
from scipy import stats
from sklearn import metrics as skm
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import RepeatedStratifiedKFold, StratifiedKFold, cross_validate
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline as sk_make_pipeline
from sklearn.preprocessing import StandardScaler

from minibalance.class_weight import compute_sample_weight
from minibalance.datasets import make_imbalanced
from minibalance.over_sampling import RandomOverSampler
from minibalance.threshold import TunedThresholdClassifierCV
from minibalance.under_sampling import RandomUnderSampler
from minibalance.workflow import compare


@pytest.fixture(scope="module")
def data():
    return make_imbalanced(3000, weights=(0.9, 0.1), class_sep=1.5, random_state=0)


@pytest.fixture(scope="module")
def result(data):
    X, y = data
    return compare(X, y, cv=4, progress=False)


def _lr():
    return sk_make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))


def _sk_fold_metrics(y_true, y_pred, scores, pos_label=1):
    kw = {"pos_label": pos_label, "zero_division": 0}
    is_pos = y_true == pos_label
    return {
        "accuracy": skm.accuracy_score(y_true, y_pred),
        "precision": skm.precision_score(y_true, y_pred, **kw),
        "recall": skm.recall_score(y_true, y_pred, **kw),
        "f1": skm.f1_score(y_true, y_pred, **kw),
        "balanced_accuracy": skm.balanced_accuracy_score(y_true, y_pred),
        "mcc": skm.matthews_corrcoef(y_true, y_pred),
        "pr_auc": skm.average_precision_score(is_pos, scores),
        "roc_auc": skm.roc_auc_score(is_pos, scores),
    }


def _assert_fold_metrics(result, name, expected_per_fold):
    for metric in expected_per_fold[0]:
        ours = result.folds[name][metric]
        theirs = np.array([fold[metric] for fold in expected_per_fold])
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-15, err_msg=metric)


# --- the folds and the reference numbers -----------------------------------------------------


def test_folds_are_stratified_shuffled_and_shared(result, data):
    X, y = data
    expected = list(StratifiedKFold(4, shuffle=True, random_state=0).split(X, y))
    assert len(result.splits) == 4
    for (tr, te), (etr, ete) in zip(result.splits, expected):
        np.testing.assert_array_equal(tr, etr)
        np.testing.assert_array_equal(te, ete)
    for name in result.techniques:
        assert all(v.shape == (4,) for v in result.folds[name].values())


def test_baseline_and_class_weight_equal_sklearn_on_the_same_folds(result, data):
    X, y = data
    cv = StratifiedKFold(4, shuffle=True, random_state=0)
    for name, model in [
        ("baseline", _lr()),
        (
            "class_weight",
            sk_make_pipeline(
                StandardScaler(), LogisticRegression(max_iter=1000, class_weight="balanced")
            ),
        ),
    ]:
        expected = []
        for tr, te in cv.split(X, y):
            m = clone(model).fit(X[tr], y[tr])
            expected.append(_sk_fold_metrics(y[te], m.predict(X[te]), m.predict_proba(X[te])[:, 1]))
        _assert_fold_metrics(result, name, expected)


def test_smote_equals_imblearn_pipeline_in_cross_validate(data, backend):
    X, y = data
    res = compare(X, y, cv=4, techniques=["smote"], progress=False)
    ref = cross_validate(
        imb_make_pipeline(
            StandardScaler(), ImbSMOTE(random_state=0), LogisticRegression(max_iter=1000)
        ),
        X,
        y,
        cv=StratifiedKFold(4, shuffle=True, random_state=0),
        scoring=["f1", "precision", "recall", "average_precision", "roc_auc", "accuracy"],
    )
    for ours, theirs in [
        ("f1", "f1"),
        ("precision", "precision"),
        ("recall", "recall"),
        ("pr_auc", "average_precision"),
        ("roc_auc", "roc_auc"),
        ("accuracy", "accuracy"),
    ]:
        np.testing.assert_allclose(res.folds["smote"][ours], ref[f"test_{theirs}"], rtol=1e-12)


def test_threshold_is_tuned_inside_each_training_fold(result, data):
    X, y = data
    cv = StratifiedKFold(4, shuffle=True, random_state=0)
    expected, thresholds = [], []
    for tr, te in cv.split(X, y):
        inner = StratifiedKFold(4, shuffle=True, random_state=0)
        tuned = TunedThresholdClassifierCV(_lr(), objective="f1", thresholds="exact", cv=inner).fit(
            X[tr], y[tr]
        )
        thresholds.append(tuned.best_threshold_)
        scores = tuned.predict_proba(X[te])[:, 1]
        expected.append(_sk_fold_metrics(y[te], tuned.predict(X[te]), scores))
    np.testing.assert_array_equal(result.thresholds["threshold"], thresholds)
    _assert_fold_metrics(result, "threshold", expected)


def test_majority_row_has_high_accuracy_and_zero_recall(result):
    assert np.all(result.folds["majority"]["recall"] == 0)
    assert np.all(result.folds["majority"]["f1"] == 0)
    np.testing.assert_allclose(result.folds["majority"]["accuracy"], 0.9, atol=1e-3)
    np.testing.assert_allclose(result.folds["majority"]["roc_auc"], 0.5)


def test_ttest_equals_its_formula(result):
    k = 4
    J = k
    for name in ("class_weight", "smote", "threshold"):
        d = result.folds[name]["f1"] - result.folds["baseline"]["f1"]
        t = d.mean() / math.sqrt((1 / J + 1 / (k - 1)) * d.var(ddof=1))
        test = result.tests[name]
        assert test.statistic == pytest.approx(t, rel=1e-9)
        assert test.pvalue == pytest.approx(2 * stats.t.sf(abs(t), J - 1), rel=1e-7)
        assert test.df == J - 1
    assert "baseline" not in result.tests and "majority" not in result.tests


def test_best_is_the_highest_mean_objective_and_the_verdict_says_so(result):
    means = {n: result.folds[n]["f1"].mean() for n in result.techniques if n != "majority"}
    assert result.best == max(means, key=means.get)
    text = result.verdict()
    assert text.startswith(f"Best: {result.best}: F1 {means[result.best]:.3f}")
    if result.best != "baseline":
        assert "baseline" in text and "p = " in text


def test_verdict_when_nothing_beats_the_baseline(data):
    X, y = data
    res = compare(X, y, cv=3, techniques=["baseline", "class_weight"], progress=False)
    if res.best == "baseline":
        assert "no technique beats the baseline" in res.verdict()
    assert res.beats_baseline("class_weight") == (
        res.tests["class_weight"].mean_difference > 0 and res.tests["class_weight"].pvalue < 0.05
    )


def test_repeated_folds(data):
    X, y = data
    res = compare(X, y, cv=3, n_repeats=2, techniques=["baseline"], progress=False)
    expected = list(RepeatedStratifiedKFold(n_splits=3, n_repeats=2, random_state=0).split(X, y))
    assert len(res.splits) == 6
    for (tr, _), (etr, _) in zip(res.splits, expected):
        np.testing.assert_array_equal(tr, etr)
    assert res.oof_scores["baseline"].shape == (2, y.size)
    assert not np.isnan(res.oof_scores["baseline"]).any()


def test_parallel_folds_give_the_same_numbers(data):
    X, y = data
    kw = {"cv": 3, "techniques": ["baseline", "smote+threshold"], "progress": False}
    serial = compare(X, y, **kw)
    parallel = compare(X, y, n_jobs=2, **kw)
    for name in serial.techniques:
        for metric in ("f1", "pr_auc", "recall"):
            np.testing.assert_array_equal(serial.folds[name][metric], parallel.folds[name][metric])


# --- leakage ------------------------------------------------------------------------------------

CALLS = []


class RecordingSampler(RandomOverSampler):
    """Random over-sampling that records the row ids (column 0) it is given."""

    def fit_resample(self, X, y):
        CALLS.append(("sample", np.asarray(X)[:, 0].astype(int)))
        return super().fit_resample(X, y)


class RecordingModel(LogisticRegression):
    """LogisticRegression that records the row ids it is fitted on and asked to score."""

    def fit(self, X, y, sample_weight=None):
        CALLS.append(("fit", np.unique(np.asarray(X)[:, 0].astype(int))))
        return super().fit(X, y, sample_weight=sample_weight)

    def predict_proba(self, X):
        CALLS.append(("score", np.asarray(X)[:, 0].astype(int)))
        return super().predict_proba(X)


def test_no_sampler_fit_or_threshold_decision_sees_a_validation_fold(data):
    X, y = data
    X = np.c_[np.arange(y.size), X]  # column 0: the row id
    CALLS.clear()
    sizes = []

    def recording_f1(tp, fp, fn, tn):
        sizes.append(np.unique(tp + fp + fn + tn))
        return 2 * tp / np.maximum(2 * tp + fp + fn, 1)

    res = compare(
        X,
        y,
        model=RecordingModel(max_iter=2000),
        cv=3,
        techniques={
            "ros": RecordingSampler(random_state=0),
            "ros_t": (RecordingSampler(random_state=0), "threshold"),
            "threshold": "threshold",
        },
        objective=recording_f1,
        progress=False,
    )
    fold = 0
    outer_scored = {f: 0 for f in range(3)}
    for kind, rows in CALLS:
        train, test = res.splits[fold]
        if kind in ("sample", "fit") and not np.isin(rows, train).all():
            fold += 1
            train, test = res.splits[fold]
        if kind in ("sample", "fit"):
            assert np.isin(rows, train).all() and not np.isin(rows, test).any()
        elif np.array_equal(np.sort(rows), np.sort(test)):
            outer_scored[fold] += 1
        else:  # inner validation part of the threshold search
            assert np.isin(rows, train).all() and not np.isin(rows, test).any()
    assert fold == 2
    # every technique scored every validation fold once (majority scores without the model)
    assert outer_scored == {0: 3, 1: 3, 2: 3}
    # the threshold searches saw inner folds only: about n_train / 3 rows, never n_test
    n_test = {len(te) for _, te in res.splits}
    searched = {int(s[0]) for s in sizes if s.size == 1 and s[0] < 0.9 * min(n_test)}
    assert searched and all(abs(s - y.size * 2 / 9) <= 2 for s in searched)


# --- techniques, models and objectives -------------------------------------------------------


def test_class_weight_without_the_parameter_uses_balanced_sample_weight(data):
    X, y = data
    res = compare(X, y, model=GaussianNB(), cv=3, techniques=["class_weight"], progress=False)
    expected = []
    for tr, te in StratifiedKFold(3, shuffle=True, random_state=0).split(X, y):
        m = GaussianNB().fit(X[tr], y[tr], sample_weight=compute_sample_weight("balanced", y[tr]))
        expected.append(_sk_fold_metrics(y[te], m.predict(X[te]), m.predict_proba(X[te])[:, 1]))
    _assert_fold_metrics(res, "class_weight", expected)


def test_a_model_without_any_weighting_is_refused(data):
    X, y = data
    with pytest.raises(ValueError, match="neither class_weight nor sample_weight"):
        compare(
            X, y, model=KNeighborsClassifier(), cv=3, techniques=["class_weight"], progress=False
        )


def test_sampler_objects_and_combinations(data):
    X, y = data
    res = compare(
        X,
        y,
        cv=3,
        techniques={"rus": RandomUnderSampler(random_state=0), "cw+t": "class_weight+threshold"},
        progress=False,
    )
    assert res.techniques == ["majority", "rus", "cw+t"]
    assert res.tests == {}  # no baseline to test against
    assert "no baseline" in res.verdict()
    assert res.thresholds["cw+t"].shape == (3,)


def test_cost_objective_is_minimised(data):
    X, y = data
    res = compare(
        X, y, cv=3, techniques=["baseline", "threshold"], cost_fp=1, cost_fn=20, progress=False
    )
    assert res.objective == "cost"
    costs = {n: res.folds[n]["cost"].mean() for n in ("baseline", "threshold")}
    assert res.best == min(costs, key=costs.get)
    for f, (_, te) in enumerate(res.splits):
        # cost = FP + 20 FN, from the fold's precision and recall counts
        pos = np.count_nonzero(y[te] == 1)
        recall = res.folds["baseline"]["recall"][f]
        precision = res.folds["baseline"]["precision"][f]
        tp = recall * pos
        fp = tp / precision - tp if precision > 0 else 0
        assert res.folds["baseline"]["cost"][f] == pytest.approx(fp + 20 * (pos - tp))


def test_fbeta_objective_and_string_labels_with_a_dataframe(data):
    pd = pytest.importorskip("pandas")
    X, y = data
    df = pd.DataFrame(X, columns=[f"c{i}" for i in range(X.shape[1])])
    labels = pd.Series(np.where(y == 1, "fraud", "ok"))
    res = compare(df, labels, cv=3, techniques=["baseline"], objective="f2", progress=False)
    assert res.pos_label == "fraud"  # the minority by default
    ref = compare(X, y, cv=3, techniques=["baseline"], objective="f2", progress=False)
    np.testing.assert_array_equal(res.folds["baseline"]["f2"], ref.folds["baseline"]["f2"])
    tr, te = res.splits[0]
    m = _lr().fit(X[tr], y[tr])
    assert res.folds["baseline"]["f2"][0] == pytest.approx(
        skm.fbeta_score(y[te], m.predict(X[te]), beta=2)
    )


# --- the result object --------------------------------------------------------------------------


def test_result_converts_prints_and_plots(result, tmp_path):
    d = result.to_dict()
    json.dumps(d)
    assert d["best"] == result.best and d["n_folds"] == 4
    assert d["techniques"]["baseline"]["mean"]["f1"] == pytest.approx(
        result.folds["baseline"]["f1"].mean()
    )
    frame = result.to_frame()
    assert list(frame.index) == result.techniques and "f1_std" in frame.columns
    text = str(result)
    assert "majority" in text and "PR-AUC" in text and result.verdict() in text
    assert "<table>" in result._repr_html_()
    path = tmp_path / "compare.png"
    result.plot(path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_best_estimator_deploys_the_winner(data):
    X, y = data
    res = compare(X, y, cv=3, techniques=["baseline", "threshold"], progress=False, refit=True)
    model = res.best_estimator_
    assert model is not None and model.predict(X[:10]).shape == (10,)
    if res.best == "threshold":
        assert isinstance(model, TunedThresholdClassifierCV)
        same = res.best_estimator(X, y)
        assert same.best_threshold_ == model.best_threshold_
    smote = res.best_estimator(X, y, technique="baseline")
    np.testing.assert_array_equal(smote.predict(X), _lr().fit(X, y).predict(X))
    with pytest.raises(ValueError, match="is not one of"):
        res.best_estimator(X, y, technique="nope")


def test_best_estimator_calibrated_to_the_prior(data):
    # A resampling technique's pipeline gives probabilities back on the prior of
    # (X, y): correct_probabilities of the uncalibrated ones, the same decisions.
    from minibalance.threshold import correct_probabilities

    X, y = data
    res = compare(X, y, cv=3, techniques=["baseline", "smote", "class_weight"], progress=False)
    raw = res.best_estimator(X, y, technique="smote")
    cal = res.best_estimator(X, y, technique="smote", calibrate="prior")
    prior = np.bincount(y) / y.size
    expected = correct_probabilities(
        raw.predict_proba(X), original_prior=prior, resampled_prior=[0.5, 0.5]
    )
    np.testing.assert_allclose(cal.predict_proba(X), expected, rtol=1e-12)
    np.testing.assert_array_equal(cal.predict(X), raw.predict(X))
    base = res.best_estimator(X, y, technique="baseline", calibrate="prior")
    np.testing.assert_array_equal(base.predict_proba(X), _lr().fit(X, y).predict_proba(X))
    with pytest.raises(ValueError, match="weights the classes instead"):
        res.best_estimator(X, y, technique="class_weight", calibrate="prior")
    with pytest.raises(ValueError, match="calibrate='yes' is not supported"):
        res.best_estimator(X, y, calibrate="yes")


# --- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"techniques": ["smote+magic"]}, "not understood"),
        ({"techniques": []}, "empty"),
        ({"techniques": {"majority": "baseline"}}, "other than 'majority'"),
        ({"techniques": {"x": 42}}, "neither a technique name nor a sampler"),
        ({"objective": "accuracy"}, "objective='accuracy' is not supported"),
        ({"objective": "mcc", "cost_fp": 2.0}, "costs go with"),
        ({"cv": 1}, "cv=1"),
        ({"n_repeats": 0}, "n_repeats"),
        ({"cv": StratifiedKFold(3), "n_repeats": 2}, "applies to an int cv"),
        ({"pos_label": 7}, "pos_label=7"),
    ],
)
def test_bad_parameters_are_refused(data, kwargs, match):
    X, y = data
    with pytest.raises((ValueError, TypeError), match=match):
        compare(X, y, progress=False, **kwargs)


def test_bad_data_is_refused(data):
    X, y = data
    with pytest.raises(ValueError, match="binary target"):
        compare(X, np.zeros(y.size), progress=False)
    with pytest.raises(ValueError, match="binary target"):
        compare(X, np.arange(y.size) % 3, progress=False)
    with pytest.raises(ValueError, match="different numbers of rows"):
        compare(X[:-1], y, progress=False)
    with pytest.raises(ValueError, match="2-D"):
        compare(X[:, 0], y, progress=False)
    X_nan = X.copy()
    X_nan[3, 1] = np.nan
    with pytest.raises(ValueError, match="1 missing or infinite"):
        compare(X_nan, y, progress=False)
    X_inf = X.copy()
    X_inf[5, 2] = np.inf
    with pytest.raises(ValueError, match="1 infinite"):
        compare(X_inf, y, model=LogisticRegression(), progress=False)
    y_few = np.zeros(y.size, int)
    y_few[:3] = 1
    with pytest.raises(ValueError, match="has 3 members, fewer than the 5 folds"):
        compare(X, y_few, progress=False)
    y_inner = np.zeros(y.size, int)
    y_inner[:6] = 1
    with pytest.raises(ValueError, match="too few for the 5 inner folds"):
        compare(X, y_inner, progress=False)


def test_inputs_are_not_mutated(data):
    X, y = data
    X0, y0 = X.copy(), y.copy()
    compare(X, y, cv=3, techniques=["smote"], progress=False)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(y, y0)


def test_progress_goes_to_stderr(data, capsys):
    X, y = data
    compare(X, y, cv=2, techniques=["baseline"], progress=True)
    err = capsys.readouterr().err
    assert "fold 2/2" in err and "ETA" in err and "baseline" in err
    compare(X, y, cv=2, techniques=["baseline"], progress=False)
    assert capsys.readouterr().err == ""


# --- property: compare's fold metrics are scikit-learn's, on drawn problems ----------------------


@settings(max_examples=8, deadline=None)
@given(
    seed=st.integers(0, 2**31 - 1),
    n=st.integers(300, 900),
    minority=st.sampled_from([0.08, 0.15, 0.3]),
    cv=st.integers(2, 4),
)
def test_fold_metrics_equal_sklearn_on_drawn_problems(seed, n, minority, cv):
    X, y = make_imbalanced(
        n, n_features=5, weights=(1 - minority, minority), class_sep=1.5, random_state=seed
    )
    res = compare(
        X, y, cv=cv, techniques=["baseline", "smote"], random_state=seed % 1000, progress=False
    )
    folds = StratifiedKFold(cv, shuffle=True, random_state=seed % 1000)
    for name, model in [
        ("baseline", _lr()),
        (
            "smote",
            imb_make_pipeline(
                StandardScaler(),
                ImbSMOTE(random_state=seed % 1000),
                LogisticRegression(max_iter=1000),
            ),
        ),
    ]:
        expected = []
        for tr, te in folds.split(X, y):
            m = clone(model).fit(X[tr], y[tr])
            expected.append(_sk_fold_metrics(y[te], m.predict(X[te]), m.predict_proba(X[te])[:, 1]))
        _assert_fold_metrics(res, name, expected)
