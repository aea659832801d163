"""Ranking metrics: minibalance and scikit-learn side by side, plus a bare argsort.

1% positives, continuous scores. ``time_argsort`` is the reference floor for the
"average precision within 1.3x of np.argsort" target.
"""

import numpy as np
import sklearn.metrics as skm

import minibalance.metrics as mbm


def rare_class_scores(n_samples):
    """Labels with 1% positives (both classes present) and scores that lean towards them."""
    rng = np.random.default_rng(0)
    y = (rng.random(n_samples) < 0.01).astype(np.int64)
    y[:2] = [0, 1]
    return y, rng.random(n_samples) + 0.3 * y


class RankingMetrics:
    params = ([1_000, 100_000, 1_000_000, 10_000_000], ["minibalance", "sklearn"])
    param_names = ["n_samples", "library"]
    timeout = 300

    def setup(self, n_samples, library):
        self.y, self.score = rare_class_scores(n_samples)
        self.lib = mbm if library == "minibalance" else skm

    def time_average_precision_score(self, n_samples, library):
        self.lib.average_precision_score(self.y, self.score)

    def time_precision_recall_curve(self, n_samples, library):
        self.lib.precision_recall_curve(self.y, self.score)

    def time_roc_auc_score(self, n_samples, library):
        self.lib.roc_auc_score(self.y, self.score)

    def peakmem_average_precision_score(self, n_samples, library):
        self.lib.average_precision_score(self.y, self.score)


class ArgsortReference:
    params = [1_000, 100_000, 1_000_000, 10_000_000]
    param_names = ["n_samples"]

    def setup(self, n_samples):
        self.score = np.random.default_rng(0).random(n_samples)

    def time_argsort(self, n_samples):
        np.argsort(self.score)
