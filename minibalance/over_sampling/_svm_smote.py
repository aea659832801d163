r"""SVM-SMOTE (Nguyen, Cooper & Kamei, 2011): SMOTE from the support vectors.

A support vector machine (scikit-learn's ``SVC(gamma="scale")`` unless another
is given) is fitted on all of X; its support vectors of the class to
over-sample approximate the class boundary. Among their ``m`` nearest other rows
of X, those with only other classes around them are dropped as noise; the
rest are *in danger* (at least half other classes) or *safe*. A fraction
:math:`f \sim \mathrm{Beta}(10, 10)` of the new samples,
``int(f * (n + 1))``, interpolates from the rows in danger towards same-class
neighbours (step :math:`s \in [0, 1)`); the others *extrapolate* from the safe
ones, away from their neighbour (step :math:`s \in (-\text{out\_step}, 0]`).

The randomness follows imbalanced-learn: ``beta`` from one stream, then each
block's pairs by SMOTE's draw (``check_random_state`` on each call).
"""

from __future__ import annotations

import numbers

import numpy as np

from .._nearest import check_neighbors_param, neighbors_estimator
from .._validation import check_random_state, parameter_error
from ._base import SyntheticRows, draw_pairs
from ._borderline_smote import danger_and_noise
from ._smote import SMOTE

__all__ = ["SVMSMOTE"]


class SVMSMOTE(SMOTE):
    """Over-sample with SMOTE seeded by the support vectors of an SVM.

    A drop-in for ``imblearn.over_sampling.SVMSMOTE`` (needs scikit-learn,
    imported only when used): the same rows for the same seed and the same SVM.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        Which classes to over-sample and by how many samples.
    random_state : None, int, RandomState or Generator, default=None
        Seed of the draws (and of the default ``SVC``).
    k_neighbors : int or estimator, default=5
        Same-class neighbours to interpolate with.
    m_neighbors : int or estimator, default=10
        Neighbours (among all rows) that decide noise, danger and safety.
    svm_estimator : estimator with ``fit``, ``predict`` and ``support_``, default=None
        ``None``: ``sklearn.svm.SVC(gamma="scale", random_state=random_state)``.
    out_step : float in [0, 1], default=0.5
        Largest extrapolation step from the safe rows.

    Attributes
    ----------
    sampling_strategy_ : dict
        Class -> number of synthetic samples.
    svm_estimator_ : estimator
        The fitted SVM.
    base_indices_, neighbor_indices_ : ndarray of intp
        For each synthetic row, the rows of X it lies between (or beyond).
    steps_ : ndarray of float64
        ``X_res[n + i] == X[base] + steps_[i] * (X[neighbor] - X[base])``.
    n_features_in_ : int
        Number of features.

    Notes
    -----
    The SVM is fitted once per call: imbalanced-learn refits the same SVM on
    the same data for each class, which gives the same support vectors for a
    deterministic SVM such as ``SVC``.

    References
    ----------
    .. [1] H. M. Nguyen, E. W. Cooper and K. Kamei, "Borderline over-sampling
       for imbalanced data classification", International Journal of Knowledge
       Engineering and Soft Data Paradigms 3(1), 4-21, 2011.

    Examples
    --------
    >>> import numpy as np
    >>> from minibalance.over_sampling import SVMSMOTE
    >>> rng = np.random.RandomState(0)
    >>> X = np.r_[rng.normal(0, 1, (90, 2)), rng.normal(1, 1, (20, 2))]
    >>> y = np.r_[np.zeros(90, int), np.ones(20, int)]
    >>> X_res, y_res = SVMSMOTE(random_state=0).fit_resample(X, y)
    >>> np.bincount(y_res).tolist()
    [90, 90]
    """

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        random_state=None,
        k_neighbors=5,
        m_neighbors=10,
        svm_estimator=None,
        out_step=0.5,
    ):
        super().__init__(
            sampling_strategy=sampling_strategy, random_state=random_state, k_neighbors=k_neighbors
        )
        self.m_neighbors = m_neighbors
        self.svm_estimator = svm_estimator
        self.out_step = out_step

    def _check_params(self) -> None:
        super()._check_params()
        owner = type(self).__name__
        check_neighbors_param(owner, "m_neighbors", self.m_neighbors, 10)
        svm = self.svm_estimator
        if svm is not None and not (hasattr(svm, "fit") and hasattr(svm, "predict")):
            raise parameter_error(
                owner, "svm_estimator", "an object implementing 'fit' and 'predict' or None", svm
            )
        step = self.out_step
        if not (isinstance(step, numbers.Real) and not isinstance(step, bool) and 0 <= step <= 1):
            raise parameter_error(owner, "out_step", "a float in the range [0, 1]", step)

    def _fit_resample(self, X: np.ndarray, y: np.ndarray):
        self.nn_k_ = neighbors_estimator(self.k_neighbors)
        self.nn_m_ = neighbors_estimator(self.m_neighbors)
        from sklearn.base import clone

        rng = check_random_state(self.random_state)
        if self.svm_estimator is None:
            from sklearn.svm import SVC

            self.svm_estimator_ = SVC(gamma="scale", random_state=self.random_state)
        else:
            self.svm_estimator_ = clone(self.svm_estimator)
        synthetic = SyntheticRows(X, y)
        fitted = False
        for label, n_new in self.sampling_strategy_.items():
            if n_new == 0:
                continue
            if not fitted:
                self.svm_estimator_.fit(X, y)
                fitted = True
            if not hasattr(self.svm_estimator_, "support_"):
                raise RuntimeError(
                    "`svm_estimator` is required to exposed a `support_` fitted attribute. "
                    "Such estimator belongs to the familly of Support Vector Machine "
                    "(pass an sklearn.svm.SVC, or leave svm_estimator=None)."
                )
            support = np.asarray(self.svm_estimator_.support_)
            support = support[y[support] == label]
            # (imbalanced-learn asks for the same neighbours again for the danger test)
            danger, noise = danger_and_noise(X, y, support, label, self.m_neighbors)
            support, danger = support[~noise], danger[~noise]
            if support.size == 0:
                raise ValueError(
                    "All support vectors are considered as noise. SVM-SMOTE is not adapted to "
                    f"your dataset. Try another SMOTE variant (class {label!r}: every support "
                    f"vector has only other classes among its m_neighbors nearest rows)."
                )
            class_rows = np.flatnonzero(y == label)
            position = np.searchsorted(class_rows, support)  # support vectors within the class
            n_danger = int(rng.beta(10, 10) * (n_new + 1))
            for seeds, n_block, step_size in (
                (danger, n_danger, 1.0),
                (~danger, n_new - n_danger, -self.out_step),
            ):
                if not seeds.any():
                    continue
                nn = self._class_neighbors(X, class_rows, label, queries=position[seeds])
                rows, neighbors, steps = draw_pairs(self.random_state, nn, n_block, step_size)
                synthetic.add(label, support[seeds][rows], neighbors, steps)
        return synthetic.build(self)
