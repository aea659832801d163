"""The SMOTE family, the cleaning under-samplers and the combinations vs imbalanced-learn.

The two cases of the family issue, same data in the same run:

- ``100k``: 100,000 x 20, 10% minority;
- ``1M``: 1,000,000 x 10, 10% minority.

Gaussian classes half a standard deviation apart, so the boundary samplers have
work. Numba kernels are compiled in ``setup`` on a slice of the case, so
``time_*`` measures the warm call. imbalanced-learn is imported only by its own
benchmarks. SVMSMOTE (an SVC on every row) runs on the 100k case only; its time
is the SVC's on both sides.
"""

import numpy as np

import minibalance

CASES = {"100k": (100_000, 20), "1M": (1_000_000, 10)}
SAMPLERS = {
    "BorderlineSMOTE": ("over_sampling", {"random_state": 0}),
    "ADASYN": ("over_sampling", {"random_state": 0}),
    "TomekLinks": ("under_sampling", {}),
    "EditedNearestNeighbours": ("under_sampling", {}),
    "RepeatedEditedNearestNeighbours": ("under_sampling", {}),
    "AllKNN": ("under_sampling", {}),
    "NearMiss": ("under_sampling", {}),
    "NeighbourhoodCleaningRule": ("under_sampling", {}),
    "OneSidedSelection": ("under_sampling", {"random_state": 0}),
    "SMOTETomek": ("combine", {"random_state": 0}),
    "SMOTEENN": ("combine", {"random_state": 0}),
}
SLOW = {"SVMSMOTE": ("over_sampling", {"random_state": 0})}


def make_case(name):
    n, d = CASES[name]
    rng = np.random.default_rng(0)
    y = (rng.random(n) < 0.1).astype(np.int64)
    X = rng.standard_normal((n, d)) + 0.5 * y[:, None]
    return X, y


def _sampler(library, name):
    module, params = SAMPLERS.get(name) or SLOW[name]
    if library == "imblearn":
        import importlib

        return getattr(importlib.import_module(f"imblearn.{module}"), name)(**params)
    import importlib

    return getattr(importlib.import_module(f"minibalance.{module}"), name)(**params)


class FamilyFitResample:
    params = (list(SAMPLERS), list(CASES), ["numba", "numpy", "imblearn"])
    param_names = ["sampler", "case", "library"]
    timeout = 1800
    number = 1
    repeat = 1
    rounds = 1

    def setup(self, name, case, library):
        self.X, self.y = make_case(case)
        if library != "imblearn":
            self.ctx = minibalance.config_context(backend=library)
            self.ctx.__enter__()
            _sampler(library, name).fit_resample(self.X[:5000], self.y[:5000])  # compile

    def teardown(self, name, case, library):
        if library != "imblearn":
            self.ctx.__exit__(None, None, None)

    def time_fit_resample(self, name, case, library):
        _sampler(library, name).fit_resample(self.X, self.y)

    def peakmem_fit_resample(self, name, case, library):
        _sampler(library, name).fit_resample(self.X, self.y)


class SVMSMOTEFitResample:
    params = (["numba", "numpy", "imblearn"],)
    param_names = ["library"]
    timeout = 3600
    number = 1
    repeat = 1

    def setup(self, library):
        self.X, self.y = make_case("100k")
        if library != "imblearn":
            self.ctx = minibalance.config_context(backend=library)
            self.ctx.__enter__()

    def teardown(self, library):
        if library != "imblearn":
            self.ctx.__exit__(None, None, None)

    def time_fit_resample(self, library):
        _sampler(library, "SVMSMOTE").fit_resample(self.X, self.y)
