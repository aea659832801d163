r"""Instance hardness threshold (Smith, Martinez & Giraud-Carrier, 2014).

The *hardness* of a row is one minus the probability a classifier gives its
true class when the row is held out: a row that cross-validated predictions
get wrong is hard (noise or overlap). For each class to under-sample to ``n``
of its ``N`` rows, keep the rows whose held-out probability of their class is
at least its :math:`100 (1 - n / N)`-th percentile (``np.percentile``'s linear
rule; ties can keep a few more).

The probabilities come from ``cross_val_predict(method="predict_proba")`` over
``StratifiedKFold(cv, shuffle=True)`` with scikit-learn's
``RandomForestClassifier(n_estimators=100)`` unless another classifier is
given (the ``sklearn`` extra), seeded as imbalanced-learn seeds them.
"""

from __future__ import annotations

import numbers

import numpy as np

from .._labels import count_labels
from .._validation import check_n_jobs_param, check_random_state, parameter_error
from ._base import BaseCleaningSampler

__all__ = ["InstanceHardnessThreshold"]


class InstanceHardnessThreshold(BaseCleaningSampler):
    """Under-sample by removing the rows a cross-validated classifier finds hardest.

    A drop-in for ``imblearn.under_sampling.InstanceHardnessThreshold``: the
    same rows for the same seed and classifier.

    Parameters
    ----------
    estimator : classifier with ``predict_proba``, default=None
        ``None``: ``RandomForestClassifier(n_estimators=100, random_state=random_state)``.
    sampling_strategy : float, str, dict or callable, default="auto"
        Which classes to under-sample and to about how many rows.
    random_state : None, int, RandomState or Generator, default=None
        Seeds the folds and the classifier.
    cv : int or splitter, default=5
        Folds of the cross-validated probabilities.
    n_jobs : int, default=None
        Passed to the forest and to ``cross_val_predict``.

    Attributes
    ----------
    sampling_strategy_ : dict
        Class -> rows asked for.
    estimator_ : classifier
        The (unfitted) classifier cross-validated.
    sample_indices_ : ndarray of intp
        The rows of X kept, grouped by class in sorted label order.
    n_features_in_ : int
        Number of features.

    Notes
    -----
    imbalanced-learn indexes the probability columns by the labels themselves,
    so it needs labels ``0 .. K - 1``; the column of each row's class is used
    here, which is the same for such labels and works for any.

    References
    ----------
    .. [1] M. R. Smith, T. Martinez and C. Giraud-Carrier, "An instance level
       analysis of data complexity", Machine Learning 95(2), 225-256, 2014.

    Examples
    --------
    >>> import numpy as np
    >>> from minibalance.under_sampling import InstanceHardnessThreshold
    >>> rng = np.random.RandomState(0)
    >>> X = np.r_[rng.normal(0, 1, (60, 2)), rng.normal(2, 1, (20, 2))]
    >>> y = np.r_[np.zeros(60, int), np.ones(20, int)]
    >>> X_res, y_res = InstanceHardnessThreshold(random_state=0).fit_resample(X, y)
    >>> bool(20 <= (y_res == 0).sum() < 60)
    True
    """

    _sampling_type = "under-sampling"

    def __init__(
        self, *, estimator=None, sampling_strategy="auto", random_state=None, cv=5, n_jobs=None
    ):
        self.estimator = estimator
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.cv = cv
        self.n_jobs = n_jobs

    def _check_params(self) -> None:
        super()._check_params()
        owner = type(self).__name__
        est = self.estimator
        if est is not None and not (hasattr(est, "fit") and hasattr(est, "predict_proba")):
            raise parameter_error(
                owner, "estimator", "an object implementing 'fit' and 'predict_proba' or None", est
            )
        cv = self.cv
        is_int = isinstance(cv, numbers.Integral) and not isinstance(cv, bool)
        if not ((is_int and cv >= 2) or hasattr(cv, "split")):
            raise parameter_error(
                owner, "cv", "an int in the range [2, inf) or a cross-validation splitter", cv
            )
        check_n_jobs_param(owner, self.n_jobs)

    def _fit_resample(self, X: np.ndarray, y: np.ndarray):
        from sklearn.base import clone, is_classifier
        from sklearn.ensemble import RandomForestClassifier
        from sklearn.ensemble._base import _set_random_states
        from sklearn.model_selection import StratifiedKFold, cross_val_predict

        random_state = check_random_state(self.random_state)
        if self.estimator is None:
            self.estimator_ = RandomForestClassifier(
                n_estimators=100, random_state=self.random_state, n_jobs=self.n_jobs
            )
        elif is_classifier(self.estimator):
            self.estimator_ = clone(self.estimator)
            _set_random_states(self.estimator_, random_state)
        else:
            raise ValueError(
                f"estimator must be a classifier with predict_proba; got {self.estimator!r}."
            )
        if hasattr(self.cv, "split"):
            folds = self.cv
        else:
            folds = StratifiedKFold(n_splits=self.cv, shuffle=True, random_state=random_state)
        proba = cross_val_predict(
            self.estimator_, X, y, cv=folds, n_jobs=self.n_jobs, method="predict_proba"
        )
        counted = count_labels(y, return_inverse=True)
        own = proba[np.arange(y.shape[0]), counted.inverse]
        kept = []
        for label, n_class in zip(counted.classes.tolist(), counted.counts.tolist(), strict=True):
            rows = np.flatnonzero(y == label)
            if label in self.sampling_strategy_:
                n = self.sampling_strategy_[label]
                threshold = np.percentile(own[rows], (1.0 - (n / n_class)) * 100.0)
                rows = rows[own[rows] >= threshold]
            kept.append(rows)
        return self._keep(X, y, np.concatenate(kept))
