"""Ranking metrics: minibalance (both backends) and scikit-learn side by side, plus bare sorts.

1% positives, continuous scores; ``time_roc_curve`` also times the counts core
(``binary_counts``) the threshold search shares. ``SortReference.time_sort`` is ``np.sort`` on the
same scores: the speed issue's floor (at most 0.6x of it at a million scores on the
Numba backend); ``time_argsort`` the earlier one.
"""

import numpy as np
import sklearn.metrics as skm

import minibalance
import minibalance.metrics as mbm

from . import DEFAULT_BACKEND


def rare_class_scores(n_samples, share=0.01):
    """Labels with ``share`` positives (both classes present) and scores that lean towards them."""
    rng = np.random.default_rng(0)
    y = (rng.random(n_samples) < share).astype(np.int64)
    y[:2] = [0, 1]
    return y, rng.random(n_samples) + 0.3 * y


def use_library(library, y, score, names):
    """The metrics module ``library`` names, its backend set and ``names`` compiled.

    Each metric is called once above and once below the radix sort's cut-over, so
    the timed call compiles nothing on either path.
    """
    lib = skm if library == "sklearn" else mbm
    if library != "sklearn":
        minibalance.set_config(backend=library.split("-")[1])
    for name in names:
        getattr(lib, name)(y[:5000], score[:5000])
        getattr(lib, name)(y[:500], score[:500])
    return lib


class RankingMetrics:
    params = (
        [1_000, 100_000, 1_000_000, 10_000_000],
        ["minibalance-numba", "minibalance-numpy", "sklearn"],
    )
    param_names = ["n_samples", "library"]
    timeout = 300

    def setup(self, n_samples, library):
        self.y, self.score = rare_class_scores(n_samples)
        names = ("average_precision_score", "precision_recall_curve", "roc_auc_score", "roc_curve")
        self.lib = use_library(library, self.y, self.score, names)

    def teardown(self, n_samples, library):
        minibalance.set_config(backend=DEFAULT_BACKEND)

    def time_average_precision_score(self, n_samples, library):
        self.lib.average_precision_score(self.y, self.score)

    def time_precision_recall_curve(self, n_samples, library):
        self.lib.precision_recall_curve(self.y, self.score)

    def time_roc_auc_score(self, n_samples, library):
        self.lib.roc_auc_score(self.y, self.score)

    def time_roc_curve(self, n_samples, library):
        self.lib.roc_curve(self.y, self.score)

    def peakmem_average_precision_score(self, n_samples, library):
        self.lib.average_precision_score(self.y, self.score)

    def peakmem_precision_recall_curve(self, n_samples, library):
        self.lib.precision_recall_curve(self.y, self.score)

    def peakmem_roc_auc_score(self, n_samples, library):
        self.lib.roc_auc_score(self.y, self.score)


class SortReference:
    params = [1_000, 100_000, 1_000_000, 10_000_000]
    param_names = ["n_samples"]

    def setup(self, n_samples):
        self.score = rare_class_scores(n_samples)[1]

    def time_sort(self, n_samples):
        np.sort(self.score)


class ArgsortReference:
    params = [1_000, 100_000, 1_000_000, 10_000_000]
    param_names = ["n_samples"]

    def setup(self, n_samples):
        self.score = np.random.default_rng(0).random(n_samples)

    def time_argsort(self, n_samples):
        np.argsort(self.score)


class PositiveShare:
    """Average precision and ROC AUC at a million scores as the positives grow common.

    1% to 20% positives: the Numba backend places the negatives by the bucket table
    up to ``placement.MAX_POSITIVES`` (2**17, 13% here) and sorts both classes
    beyond; :class:`PositiveShareSort` times ``np.sort`` of the same scores.
    """

    params = ([0.01, 0.05, 0.13, 0.2], ["minibalance-numba", "minibalance-numpy", "sklearn"])
    param_names = ["positive_share", "library"]
    timeout = 300

    def setup(self, share, library):
        self.y, self.score = rare_class_scores(1_000_000, share)
        names = ("average_precision_score", "roc_auc_score")
        self.lib = use_library(library, self.y, self.score, names)

    def teardown(self, share, library):
        minibalance.set_config(backend=DEFAULT_BACKEND)

    def time_average_precision_score(self, share, library):
        self.lib.average_precision_score(self.y, self.score)

    def time_roc_auc_score(self, share, library):
        self.lib.roc_auc_score(self.y, self.score)


class PositiveShareSort:
    """``np.sort`` of :class:`PositiveShare`'s scores: its floor, in the same run."""

    params = [0.01, 0.05, 0.13, 0.2]
    param_names = ["positive_share"]

    def setup(self, share):
        self.score = rare_class_scores(1_000_000, share)[1]

    def time_sort(self, share):
        np.sort(self.score)
