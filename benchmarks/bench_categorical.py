"""Categorical data: SMOTENC and SMOTEN vs imbalanced-learn.

The categorical issue's SMOTENC case: 1,000,000 rows x (5 continuous + 5
categorical columns of 1,000 categories each), 5% minority, continuous classes
half a standard deviation apart. imbalanced-learn cannot run it: its categorical
vote builds a dense (new rows x k x one-hot columns) array, 19 GiB already at
100,000 rows (measured), so about 190 GiB here. It runs side by side on the
``20k`` and ``100k`` cases of the same data (the largest that fits these machines'
24 GiB); at ``1M`` only minibalance runs. ``peakmem_*`` is the process's peak.

SMOTEN (all columns categorical, the value difference metric) runs on 100,000 x 5
columns of about 20 categories, 10% minority: imbalanced-learn builds the class x
class distance matrix (10,000 x 10,000 here), minibalance blocks of it.
"""

import numpy as np

import minibalance

NC_CASES = {"20k": 20_000, "100k": 100_000, "1M": 1_000_000}
NC_CATEGORICAL = [5, 6, 7, 8, 9]


def make_mixed(n):
    rng = np.random.default_rng(0)
    y = (rng.random(n) < 0.05).astype(np.int64)
    X = np.empty((n, 10))
    X[:, :5] = rng.standard_normal((n, 5)) + 0.5 * y[:, None]
    X[:, 5:] = rng.integers(0, 1000, (n, 5))
    return X, y


def make_categorical(n=100_000):
    rng = np.random.default_rng(0)
    y = (rng.random(n) < 0.1).astype(np.int64)
    X = rng.integers(0, 20, (n, 5)) + (y[:, None] * rng.integers(0, 3, (n, 5)))
    return X, y


def _smotenc(library):
    if library == "imblearn":
        from imblearn.over_sampling import SMOTENC
    else:
        from minibalance.over_sampling import SMOTENC
    return SMOTENC(categorical_features=NC_CATEGORICAL, random_state=0)


class _Backend:
    def enter(self, library):
        if library != "imblearn":
            self.ctx = minibalance.config_context(backend=library)
            self.ctx.__enter__()

    def teardown(self, *args):
        if getattr(self, "ctx", None) is not None:
            self.ctx.__exit__(None, None, None)
            self.ctx = None


class SMOTENCFitResample(_Backend):
    params = (list(NC_CASES), ["numba", "numpy", "imblearn"])
    param_names = ["case", "library"]
    timeout = 1800
    number = 1
    repeat = 1
    rounds = 1

    def setup(self, case, library):
        if library == "imblearn" and case == "1M":
            raise NotImplementedError("imbalanced-learn needs about 190 GiB here")
        self.X, self.y = make_mixed(NC_CASES[case])
        self.enter(library)
        if library != "imblearn":
            _smotenc(library).fit_resample(self.X[:3000], self.y[:3000])  # compile

    def time_fit_resample(self, case, library):
        _smotenc(library).fit_resample(self.X, self.y)

    def peakmem_fit_resample(self, case, library):
        _smotenc(library).fit_resample(self.X, self.y)


class SMOTENFitResample(_Backend):
    params = ["numba", "numpy", "imblearn"]
    param_names = ["library"]
    timeout = 900
    number = 1
    repeat = 1
    rounds = 1

    def setup(self, library):
        self.X, self.y = make_categorical()
        self.enter(library)

    def _sampler(self, library):
        if library == "imblearn":
            from imblearn.over_sampling import SMOTEN
        else:
            from minibalance.over_sampling import SMOTEN
        return SMOTEN(random_state=0)

    def time_fit_resample(self, library):
        self._sampler(library).fit_resample(self.X, self.y)

    def peakmem_fit_resample(self, library):
        self._sampler(library).fit_resample(self.X, self.y)
