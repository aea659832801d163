"""Class weights: minibalance and scikit-learn side by side on the same labels.

Labels are skewed (class k has a share proportional to 0.5**k) and every class
occurs. ``time_*`` and ``peakmem_*`` for both libraries in the same run, so the
ratios are taken on the same machine state.
"""

import numpy as np
from sklearn.utils import class_weight as sk

import minibalance


def skewed_labels(n_samples, n_classes, dtype=np.int64, seed=0):
    rng = np.random.default_rng(seed)
    p = 0.5 ** np.arange(n_classes)
    y = rng.choice(n_classes, size=n_samples, p=p / p.sum())
    y[:n_classes] = np.arange(n_classes)  # every class present
    return y.astype(dtype)


class BalancedClassWeight:
    """compute_class_weight('balanced') on integer labels."""

    params = ([1_000, 10_000, 100_000, 1_000_000, 10_000_000], [2, 10, 50])
    param_names = ["n_samples", "n_classes"]

    def setup(self, n_samples, n_classes):
        self.y = skewed_labels(n_samples, n_classes)
        self.classes = np.unique(self.y)

    def time_minibalance(self, n_samples, n_classes):
        minibalance.compute_class_weight("balanced", classes=self.classes, y=self.y)

    def time_sklearn(self, n_samples, n_classes):
        sk.compute_class_weight("balanced", classes=self.classes, y=self.y)

    def peakmem_minibalance(self, n_samples, n_classes):
        minibalance.compute_class_weight("balanced", classes=self.classes, y=self.y)

    def peakmem_sklearn(self, n_samples, n_classes):
        sk.compute_class_weight("balanced", classes=self.classes, y=self.y)


class BalancedClassWeightStrings:
    """compute_class_weight('balanced') on string labels (the sorting path)."""

    params = ([1_000, 100_000, 1_000_000], [2, 10])
    param_names = ["n_samples", "n_classes"]

    def setup(self, n_samples, n_classes):
        self.y = np.char.add("class_", skewed_labels(n_samples, n_classes).astype(str))
        self.classes = np.unique(self.y)

    def time_minibalance(self, n_samples, n_classes):
        minibalance.compute_class_weight("balanced", classes=self.classes, y=self.y)

    def time_sklearn(self, n_samples, n_classes):
        sk.compute_class_weight("balanced", classes=self.classes, y=self.y)


class BalancedSampleWeight:
    """compute_sample_weight('balanced') on integer labels."""

    params = ([1_000, 100_000, 1_000_000], [2, 10])
    param_names = ["n_samples", "n_classes"]

    def setup(self, n_samples, n_classes):
        self.y = skewed_labels(n_samples, n_classes)

    def time_minibalance(self, n_samples, n_classes):
        minibalance.compute_sample_weight("balanced", self.y)

    def time_sklearn(self, n_samples, n_classes):
        sk.compute_sample_weight("balanced", self.y)


class ImportTime:
    """Cost of `import minibalance` in a fresh interpreter."""

    def timeraw_import_minibalance(self):
        return "import minibalance"
