"""Threshold tuning: minibalance and scikit-learn side by side on the same data.

- ``FindBestThreshold``: the exact best-F1 threshold over every distinct score,
  against the scikit-learn way (``precision_recall_curve`` + NumPy), 1% positives.
- ``ThresholdScoring``: the scoring step of threshold tuning on fixed validation
  scores: ours evaluates every distinct threshold; scikit-learn's
  ``TunedThresholdClassifierCV`` calls ``f1_score`` on 100 thresholded
  predictions (``time_grid_loop`` replays those calls; ``time_prefit`` runs the
  estimators themselves with ``cv="prefit"``).
- ``TunedThresholdCV``: the whole ``fit`` on ``make_classification(100_000, 20,
  weights=[0.99])`` with ``LogisticRegression`` and 5 folds (``*-defaults``: both
  with scikit-learn's defaults, balanced accuracy over 100 thresholds); ``track_cv_f1`` is
  the F1 each chosen threshold really achieves, averaged over the same 5 folds.
"""

import warnings

import numpy as np
import sklearn.metrics as skm
from sklearn import model_selection as skms
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression

from minibalance.threshold import TunedThresholdClassifierCV, find_best_threshold

from .bench_metrics import rare_class_scores


def sklearn_best_f1_threshold(y, score):
    """The usual scikit-learn recipe: the PR curve, then F1 and argmax in NumPy."""
    precision, recall, thresholds = skm.precision_recall_curve(y, score)
    with np.errstate(invalid="ignore", divide="ignore"):
        f1 = 2 * precision * recall / (precision + recall)
    f1 = np.nan_to_num(f1[:-1])
    return thresholds[np.argmax(f1)]


class FindBestThreshold:
    params = ([1_000, 100_000, 1_000_000, 10_000_000], ["minibalance", "sklearn"])
    param_names = ["n_samples", "library"]
    timeout = 300

    def setup(self, n_samples, library):
        self.y, self.score = rare_class_scores(n_samples)
        find_best_threshold(self.y[:100], self.score[:100])  # warm any JIT

    def time_best_f1_threshold(self, n_samples, library):
        if library == "minibalance":
            find_best_threshold(self.y, self.score)
        else:
            sklearn_best_f1_threshold(self.y, self.score)

    def peakmem_best_f1_threshold(self, n_samples, library):
        self.time_best_f1_threshold(n_samples, library)


def _problem():
    return make_classification(100_000, 20, weights=[0.99], random_state=0)


class ThresholdScoring:
    params = ["minibalance", "sklearn"]
    param_names = ["library"]
    timeout = 300

    def setup(self, library):
        self.X, self.y = _problem()
        self.model = LogisticRegression().fit(self.X, self.y)
        self.score = self.model.predict_proba(self.X)[:, 1]

    def time_grid_loop(self, library):
        """Score the thresholds: all distinct ones (ours) or scikit-learn's 100-point loop."""
        if library == "minibalance":
            find_best_threshold(self.y, self.score)
            return
        grid = np.linspace(self.score.min(), self.score.max(), 100)
        scores = [skm.f1_score(self.y, (self.score >= t).astype(int)) for t in grid]
        grid[int(np.argmax(scores))]

    def time_prefit(self, library):
        if library == "minibalance":
            TunedThresholdClassifierCV(
                self.model, objective="f1", thresholds="exact", cv="prefit", refit=False
            ).fit(self.X, self.y)
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                skms.TunedThresholdClassifierCV(
                    self.model, scoring="f1", cv="prefit", refit=False
                ).fit(self.X, self.y)


def _tuner(library):
    if library == "minibalance-defaults":  # scikit-learn's defaults: balanced accuracy, 100
        return TunedThresholdClassifierCV(LogisticRegression())
    if library == "sklearn-defaults":
        return skms.TunedThresholdClassifierCV(LogisticRegression())
    if library == "minibalance":
        return TunedThresholdClassifierCV(
            LogisticRegression(), objective="f1", thresholds="exact", cv=5
        )
    if library == "minibalance-grid100":
        return TunedThresholdClassifierCV(
            LogisticRegression(), objective="f1", thresholds=100, cv=5
        )
    return skms.TunedThresholdClassifierCV(LogisticRegression(), scoring="f1", cv=5)


class TunedThresholdCV:
    params = [
        "minibalance",
        "minibalance-grid100",
        "sklearn",
        "minibalance-defaults",
        "sklearn-defaults",
    ]
    param_names = ["library"]
    timeout = 600
    number = 1
    repeat = (1, 5, 60.0)

    def setup(self, library):
        self.X, self.y = _problem()

    def time_fit(self, library):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _tuner(library).fit(self.X, self.y)


class TunedThresholdQuality:
    params = ["minibalance", "minibalance-grid100", "sklearn"]
    param_names = ["library"]
    timeout = 600

    def setup_cache(self):
        X, y = _problem()
        folds = []
        for train, val in skms.StratifiedKFold(5).split(X, y):
            model = clone(LogisticRegression()).fit(X[train], y[train])
            folds.append((y[val], model.predict_proba(X[val])[:, 1]))
        chosen = {}
        for library in TunedThresholdQuality.params:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                chosen[library] = _tuner(library).fit(X, y).best_threshold_
        return folds, chosen

    def track_cv_f1(self, cache, library):
        """The F1 the chosen threshold achieves on the 5 validation folds, averaged."""
        folds, chosen = cache
        t = chosen[library]
        return float(np.mean([skm.f1_score(y, (s >= t).astype(int)) for y, s in folds]))
