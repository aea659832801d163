"""The main job: ``compare`` against the same comparison written by hand, in one run.

- ``Compare.time_compare``: :func:`minibalance.workflow.compare` on the default
  data (``make_imbalanced()``: 100,000 x 20, 1% positive, standardised
  ``LogisticRegression``, 5 stratified folds; majority, baseline, class_weight,
  smote, threshold) against ``handwritten``: scikit-learn + imbalanced-learn as
  a user writes it, the same model and folds: ``cross_validate`` with
  imbalanced-learn's ``Pipeline`` per technique, ``DummyClassifier`` for the
  majority row, and scikit-learn's ``TunedThresholdClassifierCV(scoring="f1")``
  (5 inner folds) inside ``cross_validate`` for the threshold.
- ``CompareOverhead.track_overhead_percent``: the share of ``compare``'s wall
  time that is not the model's own fit / transform / predict (the scaler and the
  logistic regression are timed from inside).
- ``CompareAgreement``: the largest difference between ``compare``'s fold metrics
  and the hand-written ones (baseline, class_weight, smote: the same numbers).
- ``MakeImbalanced``: the default data against scikit-learn's ``make_classification``.
- ``CommandLine``: ``python -m minibalance compare`` on the default data in a
  fresh process, with an empty numba cache (a fresh install's first run) and warm.
"""

import os
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import StandardScaler

from minibalance.datasets import make_imbalanced
from minibalance.pipeline import Pipeline
from minibalance.workflow import compare

SCORING = {
    "f1": "f1",
    "precision": "precision",
    "recall": "recall",
    "accuracy": "accuracy",
    "balanced_accuracy": "balanced_accuracy",
    "mcc": "matthews_corrcoef",
    "pr_auc": "average_precision",
    "roc_auc": "roc_auc",
}


def handwritten(X, y):
    """The comparison as written with scikit-learn and imbalanced-learn directly."""
    from imblearn.over_sampling import SMOTE
    from imblearn.pipeline import make_pipeline
    from sklearn.dummy import DummyClassifier
    from sklearn.model_selection import TunedThresholdClassifierCV, cross_validate

    folds = StratifiedKFold(5, shuffle=True, random_state=0)
    lr = LogisticRegression(max_iter=1000)
    models = {
        "majority": DummyClassifier(strategy="most_frequent"),
        "baseline": make_pipeline(StandardScaler(), lr),
        "class_weight": make_pipeline(
            StandardScaler(), LogisticRegression(max_iter=1000, class_weight="balanced")
        ),
        "smote": make_pipeline(StandardScaler(), SMOTE(random_state=0), lr),
        "threshold": TunedThresholdClassifierCV(
            make_pipeline(StandardScaler(), lr),
            scoring="f1",
            cv=StratifiedKFold(5, shuffle=True, random_state=0),
        ),
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the majority row's undefined precision
        return {
            name: cross_validate(model, X, y, cv=folds, scoring=SCORING)
            for name, model in models.items()
        }


class Compare:
    params = ["minibalance", "minibalance-n_jobs2", "handwritten"]
    param_names = ["library"]
    timeout = 900
    number = 1
    repeat = (1, 3, 120.0)

    def setup(self, library):
        self.X, self.y = make_imbalanced(random_state=0)
        if library.startswith("minibalance"):  # warm SMOTE's kernels on a slice
            compare(self.X[:20_000], self.y[:20_000], cv=2, techniques=["smote"], progress=False)

    def time_compare(self, library):
        if library == "minibalance":
            compare(self.X, self.y, progress=False)
        elif library == "minibalance-n_jobs2":
            compare(self.X, self.y, progress=False, n_jobs=2)
        else:
            handwritten(self.X, self.y)


class MakeImbalanced:
    """The default data (100,000 x 20, 1% positive) against scikit-learn's generator."""

    params = ["minibalance", "sklearn"]
    param_names = ["library"]

    def time_default_data(self, library):
        if library == "minibalance":
            make_imbalanced(random_state=0)
        else:
            from sklearn.datasets import make_classification

            make_classification(100_000, 20, weights=[0.99], random_state=0)


# --- the overhead: compare's wall time minus the model's own time ------------------------------

_MODEL_SECONDS = [0.0]
_DEPTH = [0]


def _timed(method):
    def wrapper(self, *args, **kwargs):
        _DEPTH[0] += 1
        start = time.perf_counter()
        try:
            return method(self, *args, **kwargs)
        finally:
            _DEPTH[0] -= 1
            if _DEPTH[0] == 0:  # nested calls (predict -> decision_function) count once
                _MODEL_SECONDS[0] += time.perf_counter() - start

    return wrapper


class TimedScaler(StandardScaler):
    fit = _timed(StandardScaler.fit)
    transform = _timed(StandardScaler.transform)
    fit_transform = _timed(StandardScaler.fit_transform)


class TimedLogisticRegression(LogisticRegression):
    fit = _timed(LogisticRegression.fit)
    predict = _timed(LogisticRegression.predict)
    predict_proba = _timed(LogisticRegression.predict_proba)
    decision_function = _timed(LogisticRegression.decision_function)


class CompareOverhead:
    timeout = 900
    unit = "%"

    def setup(self):
        self.X, self.y = make_imbalanced(random_state=0)
        compare(self.X[:20_000], self.y[:20_000], cv=2, techniques=["smote"], progress=False)

    def track_overhead_percent(self):
        """100 * (wall time - the scaler's and the model's own time) / wall time."""
        model = Pipeline(
            [("standardscaler", TimedScaler()), ("lr", TimedLogisticRegression(max_iter=1000))]
        )
        _MODEL_SECONDS[0] = 0.0
        start = time.perf_counter()
        compare(self.X, self.y, model=model, progress=False)
        wall = time.perf_counter() - start
        return 100.0 * (wall - _MODEL_SECONDS[0]) / wall


# --- the command line in a fresh process ---------------------------------------------------------


class CommandLine:
    params = ["cold-numba-cache", "warm"]
    param_names = ["cache"]
    timeout = 900
    number = 1
    repeat = (1, 2, 120.0)

    def setup(self, cache):
        self.env = dict(os.environ)
        self.tmp = tempfile.TemporaryDirectory()
        if cache == "warm":
            self._run()  # fills the default cache

    def teardown(self, cache):
        self.tmp.cleanup()

    def _run(self, env=None):
        subprocess.run(
            [sys.executable, "-m", "minibalance", "compare", "--quiet"],
            check=True,
            stdout=subprocess.DEVNULL,
            env=env or self.env,
        )

    def time_compare_command(self, cache):
        if cache == "cold-numba-cache":
            # A new, empty cache directory each time: every kernel compiles.
            fresh = tempfile.mkdtemp(dir=self.tmp.name)
            self._run({**self.env, "NUMBA_CACHE_DIR": fresh})
        else:
            self._run()


class CompareAgreement:
    """Same data, same folds: how far compare's fold metrics are from the hand-written ones."""

    timeout = 900

    def setup_cache(self):
        X, y = make_imbalanced(random_state=0)
        names = ["baseline", "class_weight", "smote"]
        ours = compare(X, y, techniques=names, progress=False)
        theirs = handwritten(X, y)
        return max(
            float(np.max(np.abs(ours.folds[n][m] - theirs[n][f"test_{m}"])))
            for n in names
            for m in SCORING
        )

    def track_max_fold_metric_difference(self, difference):
        """Largest |ours - scikit-learn's| over 5 folds x 8 metrics x 3 techniques (0 = equal)."""
        return difference
