"""The balanced ensembles vs imbalanced-learn's: fit on 100,000 x 20 with 1% minority.

The trees are scikit-learn's on both sides and draw the same rows, so the two
fit the same models (``test_ensembles.py`` checks it); what differs is the
resampling and the bookkeeping around the trees. imbalanced-learn is imported
only by its own benchmarks. Peak memory is measured with ``peakmem_``.
"""

import numpy as np

CASES = {"100k": (100_000, 20)}
MODELS = {
    "BalancedRandomForestClassifier": {"n_estimators": 100, "n_jobs": 1},
    "BalancedBaggingClassifier": {"n_estimators": 10},
    "EasyEnsembleClassifier": {"n_estimators": 10},
    "RUSBoostClassifier": {"n_estimators": 50},
}


def make_case(name):
    n, d = CASES[name]
    rng = np.random.default_rng(0)
    y = (rng.random(n) < 0.01).astype(np.int64)
    X = rng.standard_normal((n, d)) + 0.8 * y[:, None]
    return X, y


def _model(library, name):
    import importlib

    module = importlib.import_module(f"{library}.ensemble")
    return getattr(module, name)(**MODELS[name], random_state=0)


class EnsembleFit:
    params = (list(MODELS), list(CASES), ["minibalance", "imblearn"])
    param_names = ["model", "case", "library"]
    timeout = 900
    number = 1
    repeat = 3

    def setup(self, model, case, library):
        self.X, self.y = make_case(case)
        _model(library, model).fit(self.X[:2000], self.y[:2000])  # imports, first calls

    def time_fit(self, model, case, library):
        _model(library, model).fit(self.X, self.y)

    def peakmem_fit(self, model, case, library):
        _model(library, model).fit(self.X, self.y)


class EnsemblePredictProba:
    params = (["BalancedRandomForestClassifier", "BalancedBaggingClassifier"], list(CASES))
    param_names = ["model", "case"]
    number = 1
    repeat = 3

    def setup(self, model, case):
        X, y = make_case(case)
        self.X = X
        self.fitted = _model("minibalance", model).fit(X, y)
        self.calibrated = _model("minibalance", model).set_params(calibrate="prior").fit(X, y)

    def time_predict_proba(self, model, case):
        self.fitted.predict_proba(self.X)

    def time_predict_proba_calibrated(self, model, case):
        self.calibrated.predict_proba(self.X)
