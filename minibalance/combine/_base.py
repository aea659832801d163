"""What the combinations share: SMOTE, then a cleaning sampler on its output."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validation import check_n_jobs_param, parameter_error
from ..base import BaseSampler, fresh_copy
from ..over_sampling import SMOTE

__all__ = ["SMOTEThenClean"]


class SMOTEThenClean(BaseSampler):
    """Over-sample with ``smote``, then clean with the sampler named ``_cleaner``.

    Subclasses set ``_cleaner`` (the parameter's name: ``"tomek"``, ``"enn"``) and
    ``_default_cleaner()``; ``sampling_strategy_`` stays as given, as in
    imbalanced-learn.
    """

    _sampling_type = "over-sampling"
    _accept_sparse = True
    _cleaner = ""

    def _default_cleaner(self) -> Any:
        raise NotImplementedError

    def _check_params(self) -> None:
        super()._check_params()
        owner = type(self).__name__
        for name in ("smote", self._cleaner):
            value = getattr(self, name)
            if value is not None and not hasattr(value, "fit_resample"):
                raise parameter_error(
                    owner, name, f"an instance of '{name.upper()}' or None (a sampler)", value
                )
        check_n_jobs_param(owner, self.n_jobs)

    def _validate_estimator(self) -> None:
        """Build ``smote_`` and the cleaner's fitted copy (imbalanced-learn's method)."""
        if self.smote is None:
            self.smote_ = SMOTE(
                sampling_strategy=self.sampling_strategy, random_state=self.random_state
            )
        else:
            self.smote_ = fresh_copy(self.smote)
        cleaner = getattr(self, self._cleaner)
        cleaner = self._default_cleaner() if cleaner is None else fresh_copy(cleaner)
        setattr(self, f"{self._cleaner}_", cleaner)

    def _fit_resample(self, X: np.ndarray, y: np.ndarray):
        self._validate_estimator()
        self.sampling_strategy_ = self.sampling_strategy
        X_res, y_res = self.smote_.fit_resample(X, y)
        return getattr(self, f"{self._cleaner}_").fit_resample(X_res, y_res)
