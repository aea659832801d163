"""FixedThresholdClassifier and TunedThresholdClassifierCV against scikit-learn 1.9."""

import warnings

import numpy as np
import pandas as pd
import pytest
import sklearn.metrics as skm
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn import model_selection as skms
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC

from minibalance.threshold import FixedThresholdClassifier, TunedThresholdClassifierCV

# our objective -> scikit-learn's scorer name, and the metric on labels
SCORERS = {
    "f1": ("f1", skm.f1_score),
    "balanced_accuracy": ("balanced_accuracy", skm.balanced_accuracy_score),
    "precision": ("precision", skm.precision_score),
    "recall": ("recall", skm.recall_score),
    "mcc": ("matthews_corrcoef", skm.matthews_corrcoef),
}


@st.composite
def cv_problems(draw):
    """(X, y, folds): a small imbalanced problem and stratified folds."""
    seed = draw(st.integers(0, 2**16))
    n = draw(st.integers(80, 400))
    minority = draw(st.sampled_from([0.1, 0.2, 0.35]))
    X, y = make_classification(
        n, 5, n_informative=3, weights=[1 - minority], flip_y=0.05, random_state=seed
    )
    return X, y, skms.StratifiedKFold(draw(st.integers(2, 5)))


def _quiet(fit):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fit()


@settings(max_examples=15)
@given(
    problem=cv_problems(),
    objective=st.sampled_from(sorted(SCORERS)),
    grid=st.one_of(st.integers(2, 150), st.just("array")),
    seed=st.integers(0, 1000),
)
def test_a_grid_reproduces_sklearn_best_threshold(problem, objective, grid, seed):
    X, y, folds = problem
    thresholds = grid
    if grid == "array":  # unsorted: we sort it; scikit-learn is given it sorted
        thresholds = np.random.default_rng(seed).random(40)
    scoring = SCORERS[objective][0]
    sk_grid = np.sort(thresholds) if grid == "array" else thresholds
    theirs = _quiet(
        lambda: skms.TunedThresholdClassifierCV(
            LogisticRegression(),
            scoring=scoring,
            thresholds=sk_grid,
            cv=folds,
            store_cv_results=True,
        ).fit(X, y)
    )
    ours = TunedThresholdClassifierCV(
        LogisticRegression(),
        objective=objective,
        thresholds=thresholds,
        cv=folds,
        store_cv_results=True,
    ).fit(X, y)
    assert ours.best_threshold_ == theirs.best_threshold_
    assert ours.best_score_ == theirs.best_score_
    np.testing.assert_array_equal(ours.cv_results_["thresholds"], theirs.cv_results_["thresholds"])
    np.testing.assert_array_equal(ours.cv_results_["scores"], theirs.cv_results_["scores"])
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))


def _fold_scores(estimator, X, y, folds):
    """Validation (y, positive-class probability) of each fold, fitted independently."""
    out = []
    for train, val in folds.split(X, y):
        model = clone(estimator).fit(X[train], y[train])
        out.append((y[val], model.predict_proba(X[val])[:, 1]))
    return out


def _cv_objective(metric, fold_scores, threshold):
    """The objective each fold actually gets with ``score >= threshold``, averaged."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return np.mean([metric(y, (s >= threshold).astype(int)) for y, s in fold_scores])


@settings(max_examples=15)
@given(problem=cv_problems(), objective=st.sampled_from(sorted(SCORERS)))
def test_exact_is_at_least_as_good_as_sklearn_on_the_same_folds(problem, objective):
    X, y, folds = problem
    scoring, metric = SCORERS[objective]
    theirs = _quiet(
        lambda: skms.TunedThresholdClassifierCV(
            LogisticRegression(), scoring=scoring, cv=folds
        ).fit(X, y)
    )
    ours = TunedThresholdClassifierCV(
        LogisticRegression(), objective=objective, thresholds="exact", cv=folds
    ).fit(X, y)
    fold_scores = _fold_scores(LogisticRegression(), X, y, folds)
    achieved = _cv_objective(metric, fold_scores, ours.best_threshold_)
    # best_score_ is what the threshold really achieves on the folds (no interpolation) ...
    assert ours.best_score_ == pytest.approx(achieved, rel=1e-12, abs=1e-12)
    # ... and no threshold, scikit-learn's included, achieves more
    assert achieved >= _cv_objective(metric, fold_scores, theirs.best_threshold_) - 1e-12
    for t in np.linspace(0, 1, 41):
        assert achieved >= _cv_objective(metric, fold_scores, t) - 1e-12


def _data(n=3000, minority=0.05, seed=0):
    return make_classification(n, 8, n_informative=4, weights=[1 - minority], random_state=seed)


def test_constraints_and_costs_hold_on_the_cross_validated_curve():
    X, y = _data()
    ours = TunedThresholdClassifierCV(
        LogisticRegression(), objective="precision", min_recall=0.8, store_cv_results=True
    ).fit(X, y)
    res = ours.cv_results_
    best = np.flatnonzero(res["thresholds"] == ours.best_threshold_)[0]
    assert res["recall"][best] >= 0.8
    assert res["scores"][best] == res["precision"][best]
    assert res["scores"][best] == res["scores"][res["recall"] >= 0.8].max()
    # an expensive miss pushes the threshold down, an expensive false alarm up
    low = TunedThresholdClassifierCV(LogisticRegression(), objective="cost", cost_fn=50).fit(X, y)
    high = TunedThresholdClassifierCV(LogisticRegression(), objective="cost", cost_fp=50).fit(X, y)
    assert low.best_threshold_ < high.best_threshold_
    with pytest.raises(ValueError, match="best precision with recall >= 1"):
        TunedThresholdClassifierCV(
            LogisticRegression(), objective="f1", min_recall=1.0, min_precision=0.99
        ).fit(X, y)


def test_predict_applies_the_tuned_threshold_to_the_refitted_estimator():
    X, y = _data(seed=1)
    ours = TunedThresholdClassifierCV(LogisticRegression(), objective="fbeta", beta=2).fit(X, y)
    refit = LogisticRegression().fit(X, y)
    expected = (refit.predict_proba(X)[:, 1] >= ours.best_threshold_).astype(int)
    np.testing.assert_array_equal(ours.predict(X), expected)
    np.testing.assert_array_equal(ours.predict_proba(X), refit.predict_proba(X))
    np.testing.assert_array_equal(ours.decision_function(X), refit.decision_function(X))
    assert ours.n_features_in_ == 8
    np.testing.assert_array_equal(ours.classes_, [0, 1])
    assert ours.score(X, y) == skm.accuracy_score(y, expected)


def test_string_labels_pandas_and_decision_function():
    X, y = _data(seed=2)
    frame = pd.DataFrame(X, columns=[f"f{i}" for i in range(8)])
    labels = pd.Series(np.where(y == 1, "fraud", "ok"))
    # "fraud" sorts first: pos_label says which class is positive
    ours = TunedThresholdClassifierCV(
        LinearSVC(), pos_label="fraud", objective="f1", store_cv_results=True
    ).fit(frame, labels)
    assert list(ours.feature_names_in_) == list(frame.columns)
    pred = ours.predict(frame)
    assert set(pred) <= {"fraud", "ok"}
    # LinearSVC's decision function is for classes_[1] = "ok": negated for "fraud"
    scores = -ours.estimator_.decision_function(frame)
    np.testing.assert_array_equal(pred == "fraud", scores >= ours.best_threshold_)
    assert ours.best_score_ > 0.3


def test_prefit_float_cv_and_refit_false():
    X, y = _data(seed=3)
    fitted = LogisticRegression().fit(X[:2000], y[:2000])
    prefit = TunedThresholdClassifierCV(
        fitted, objective="f1", thresholds="exact", cv="prefit", refit=False
    ).fit(X[2000:], y[2000:])
    assert prefit.estimator_ is fitted
    direct = _quiet(lambda: skm.f1_score(y[2000:], prefit.predict(X[2000:])))
    assert prefit.best_score_ == pytest.approx(direct)
    split = TunedThresholdClassifierCV(
        LogisticRegression(), cv=0.3, refit=False, random_state=0
    ).fit(X, y)
    train, _ = next(skms.StratifiedShuffleSplit(1, test_size=0.3, random_state=0).split(X, y))
    np.testing.assert_array_equal(
        split.estimator_.coef_, LogisticRegression().fit(X[train], y[train]).coef_
    )


def test_sklearn_tools_accept_it():
    X, y = _data(seed=4)
    model = TunedThresholdClassifierCV(LogisticRegression(C=0.5), objective="mcc", cv=3)
    copy = clone(model)
    assert copy.get_params()["estimator__C"] == 0.5 and copy.objective == "mcc"
    scores = skms.cross_val_score(model, X, y, cv=3, scoring="f1")
    assert scores.shape == (3,) and np.all(scores > 0)
    search = skms.GridSearchCV(model, {"objective": ["f1", "mcc"]}, cv=2, scoring="f1")
    search.fit(X, y)
    assert search.best_params_["objective"] in ("f1", "mcc")


@pytest.mark.parametrize(
    "kwargs, y_kind, error, match",
    [
        (dict(), "multiclass", ValueError, "Only binary classification"),
        (dict(), "two columns", ValueError, "one column of binary labels"),
        (dict(estimator=DummyClassifier()), "binary", ValueError, "constant predictions"),
        (dict(thresholds="grid"), "binary", ValueError, "thresholds must be"),
        (dict(thresholds=1), "binary", ValueError, "at least 2"),
        (dict(thresholds=[0.1, np.nan]), "binary", ValueError, "finite"),
        (dict(cv="prefit"), "binary", ValueError, "refit cannot be True"),
        (dict(refit=False), "binary", ValueError, "refit cannot be False"),
        (dict(objective="auc"), "binary", ValueError, "objective='auc'"),
        (dict(min_recall=2), "binary", ValueError, "min_recall"),
        (dict(response_method="predict"), "binary", ValueError, "response_method"),
        (dict(pos_label=7), "binary", ValueError, "pos_label=7"),
    ],
)
def test_bad_parameters_get_clear_errors(kwargs, y_kind, error, match):
    X, y = _data(n=300)
    if y_kind == "multiclass":
        y = y + (np.arange(y.size) % 7 == 0)
    elif y_kind == "two columns":
        y = np.column_stack([y, y])
    params = {"estimator": LogisticRegression(), **kwargs}
    with pytest.raises(error, match=match):
        TunedThresholdClassifierCV(**params).fit(X, y)


@given(
    threshold=st.one_of(st.just("auto"), st.floats(-3, 3), st.floats(0, 1)),
    response_method=st.sampled_from(["auto", "predict_proba", "decision_function"]),
    pos_label=st.sampled_from([None, 0, 1]),
)
@settings(max_examples=30)
def test_fixed_threshold_predictions_equal_sklearn(threshold, response_method, pos_label):
    X, y = _data(n=400, seed=5)
    args = dict(threshold=threshold, response_method=response_method, pos_label=pos_label)
    theirs = skms.FixedThresholdClassifier(LogisticRegression(), **args).fit(X, y)
    ours = FixedThresholdClassifier(LogisticRegression(), **args).fit(X, y)
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))


def test_fixed_threshold_uses_a_prefitted_estimator_without_fit():
    X, y = _data(n=400, seed=6)
    fitted = LogisticRegression().fit(X, y)
    ours = FixedThresholdClassifier(fitted, threshold=0.2)
    np.testing.assert_array_equal(
        ours.predict(X), (fitted.predict_proba(X)[:, 1] >= 0.2).astype(int)
    )
    np.testing.assert_array_equal(ours.classes_, [0, 1])
    with pytest.raises(AttributeError, match="not fitted"):
        _ = FixedThresholdClassifier(LogisticRegression()).classes_
    with pytest.raises(ValueError, match="threshold must be"):
        FixedThresholdClassifier(fitted, threshold="high").predict(X)


# --- scikit-learn's own arguments and defaults ---------------------------------------------------

SK_SCORINGS = {
    "default": None,
    "f1": "f1",
    "accuracy": "accuracy",
    "jaccard": "jaccard",
    "f2 scorer": skm.make_scorer(skm.fbeta_score, beta=2),
    "recall scorer": skm.make_scorer(skm.recall_score),
}


@settings(max_examples=12, deadline=None)
@given(
    problem=cv_problems(),
    scoring=st.sampled_from(sorted(SK_SCORINGS)),
    response=st.sampled_from(["auto", "decision_function"]),
)
def test_scikit_learns_arguments_and_defaults_give_its_threshold(problem, scoring, response):
    X, y, folds = problem
    kwargs = {"cv": folds, "response_method": response, "store_cv_results": True}
    if SK_SCORINGS[scoring] is not None:
        kwargs["scoring"] = SK_SCORINGS[scoring]
    theirs = _quiet(
        lambda: skms.TunedThresholdClassifierCV(LogisticRegression(), **kwargs).fit(X, y)
    )
    ours = _quiet(lambda: TunedThresholdClassifierCV(LogisticRegression(), **kwargs).fit(X, y))
    assert ours.best_threshold_ == theirs.best_threshold_
    assert ours.best_score_ == theirs.best_score_
    np.testing.assert_array_equal(ours.cv_results_["scores"], theirs.cv_results_["scores"])
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))


def test_the_defaults_are_scikit_learns():
    ours = TunedThresholdClassifierCV(LogisticRegression()).get_params(deep=False)
    theirs = skms.TunedThresholdClassifierCV(LogisticRegression()).get_params(deep=False)
    for name, value in theirs.items():
        if name != "estimator":
            assert ours[name] == value, name


def test_a_scorer_with_a_pos_label_string_labels_and_n_jobs():
    X, y = _data(seed=5)
    labels = np.where(y == 1, "fraud", "ok")
    scorer = skm.make_scorer(skm.f1_score, pos_label="fraud")
    theirs = _quiet(
        lambda: skms.TunedThresholdClassifierCV(LogisticRegression(), scoring=scorer).fit(X, labels)
    )
    ours = TunedThresholdClassifierCV(LogisticRegression(), scoring=scorer, n_jobs=2).fit(X, labels)
    assert ours.best_threshold_ == theirs.best_threshold_
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))


def test_exact_needs_a_counts_objective():
    X, y = _data()
    with pytest.raises(ValueError, match=r"thresholds=.exact. .* needs a counts objective"):
        TunedThresholdClassifierCV(LogisticRegression(), scoring="jaccard", thresholds="exact").fit(
            X, y
        )
