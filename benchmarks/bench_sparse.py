"""Sparse X: SMOTE on text-like data vs imbalanced-learn.

The sparse issue's case: a 100,000 x 50,000 CSR matrix of about 0.1% density
(50 stored values per row in random columns, values in [0, 1)), 5% minority.
Both libraries give the same matrix (same rows, same stored entries). Numba
kernels are compiled in ``setup`` on a slice, so ``time_*`` is the warm call;
``peakmem_*`` is the process's peak.
"""

import numpy as np

import minibalance


def make_text_like(n=100_000, n_features=50_000, per_row=50, minority=0.05):
    import scipy.sparse as sp

    rng = np.random.default_rng(0)
    cols = rng.integers(0, n_features, (n, per_row))
    vals = rng.random((n, per_row))
    rows = np.repeat(np.arange(n), per_row)
    X = sp.csr_matrix((vals.ravel(), (rows, cols.ravel())), shape=(n, n_features))
    X.sum_duplicates()
    y = (rng.random(n) < minority).astype(np.int64)
    return X, y


def _smote(library):
    if library == "imblearn":
        from imblearn.over_sampling import SMOTE
    else:
        from minibalance.over_sampling import SMOTE
    return SMOTE(random_state=0)


class SparseSMOTE:
    params = ["numba", "numpy", "imblearn"]
    param_names = ["library"]
    timeout = 600
    number = 1
    repeat = 3

    def setup(self, library):
        self.X, self.y = make_text_like()
        self.ctx = None
        if library != "imblearn":
            self.ctx = minibalance.config_context(backend=library)
            self.ctx.__enter__()
            _smote(library).fit_resample(self.X[:3000], self.y[:3000])  # compile

    def teardown(self, library):
        if self.ctx is not None:
            self.ctx.__exit__(None, None, None)

    def time_fit_resample(self, library):
        _smote(library).fit_resample(self.X, self.y)

    def peakmem_fit_resample(self, library):
        _smote(library).fit_resample(self.X, self.y)
