r"""RUSBoost (Seiffert et al. 2010): AdaBoost with random under-sampling in every round.

AdaBoost (SAMME, Zhu et al. 2009) keeps a weight :math:`w_i` per row. In round
:math:`m` RUSBoost first under-samples the rows at random (every class down to
the minority's count with ``sampling_strategy="auto"``), fits the weak learner
:math:`h_m` on that balanced sample with the sample's weights, and then, on
*all* rows, computes the weighted error and the learner's weight

.. math::

    \varepsilon_m = \frac{\sum_i w_i [h_m(x_i) \ne y_i]}{\sum_i w_i}, \qquad
    \alpha_m = \eta \left(\log\frac{1 - \varepsilon_m}{\varepsilon_m} + \log(K - 1)\right),

and raises the weight of every misclassified row,
:math:`w_i \leftarrow w_i \exp(\alpha_m [h_m(x_i) \ne y_i])`. Boosting stops when
a learner is perfect, and a learner no better than chance
(:math:`\varepsilon_m \ge 1 - 1/K`) is discarded. The prediction is
scikit-learn's AdaBoost vote, :math:`\arg\max_c \sum_m \alpha_m [h_m(x) = c]`.

Randomness, as imbalanced-learn's ``RUSBoostClassifier``: scikit-learn's
AdaBoost passes one ``RandomState`` to every round, from which the round's
learner and then its sampler take one seed each (``set_random_states``). The
sampler is ours (imbalanced-learn's rows for the same seed), so the same
``random_state`` gives the same learners and predictions.

References
----------
.. [1] C. Seiffert, T. M. Khoshgoftaar, J. Van Hulse and A. Napolitano,
   "RUSBoost: A Hybrid Approach to Alleviating Class Imbalance", IEEE
   Transactions on Systems, Man, and Cybernetics, Part A 40(1), 185-197, 2010.
.. [2] J. Zhu, H. Zou, S. Rosset and T. Hastie, "Multi-class AdaBoost",
   Statistics and Its Interface 2, 349-360, 2009.
"""

from __future__ import annotations

import warnings
from copy import deepcopy
from typing import Any, ClassVar

import numpy as np
from sklearn.base import clone
from sklearn.ensemble import AdaBoostClassifier
from sklearn.tree import DecisionTreeClassifier
from sklearn.utils._param_validation import StrOptions
from sklearn.utils.validation import has_fit_parameter

from ..pipeline import make_pipeline
from ..under_sampling import RandomUnderSampler
from ._bagging import _STRATEGY
from ._common import PriorCalibration, set_random_states

__all__ = ["RUSBoostClassifier"]


class RUSBoostClassifier(PriorCalibration, AdaBoostClassifier):
    r"""AdaBoost whose every round trains on a random under-sample.

    A drop-in for ``imblearn.ensemble.RUSBoostClassifier`` (needs scikit-learn):
    the same parameters and, for the same ``random_state``, the same learners
    and predictions.

    Parameters
    ----------
    estimator : estimator, default=None
        The weak learner (``DecisionTreeClassifier(max_depth=1)`` when None); it
        must accept ``sample_weight``.
    n_estimators : int, default=50
        Most boosting rounds.
    learning_rate : float, default=1.0
        The shrinkage :math:`\eta` of each learner's weight.
    algorithm : {"SAMME", "SAMME.R"}, default="deprecated"
        Deprecated in imbalanced-learn (setting it warns); ``"SAMME.R"`` boosts
        on the learners' probabilities as imbalanced-learn still does.
    sampling_strategy : float, str, dict or callable, default="auto"
        The under-sampler's strategy.
    replacement : bool, default=False
        Whether the under-sampler draws with replacement.
    random_state : int, RandomState or None, default=None
        Seeds the learners and the samplers.
    calibrate : None or "prior", default=None
        ``"prior"``: ``predict_proba`` is corrected from the rounds' resampled
        prior (each round's weighted class fractions, averaged) to the training
        data's (see :mod:`minibalance.ensemble`); boosting's probabilities are
        a softmax of the vote, so this is a rough correction.

    Attributes
    ----------
    estimator_ : estimator
        The learner each round's learner is cloned from.
    estimators_ : list of estimators
        The fitted learners.
    base_sampler_ : RandomUnderSampler
        The sampler each round's sampler is cloned from.
    samplers_ : list of RandomUnderSampler
        The fitted samplers.
    pipelines_ : list of Pipeline
        Each round's sampler with its learner.
    classes_, n_classes_, estimator_weights_, estimator_errors_, feature_importances_
        As scikit-learn's AdaBoost.

    Examples
    --------
    >>> import numpy as np
    >>> from minibalance.ensemble import RUSBoostClassifier
    >>> rng = np.random.RandomState(0)
    >>> X = rng.normal(size=(500, 4)); y = (X[:, 0] > 1.6).astype(int)
    >>> clf = RUSBoostClassifier(n_estimators=10, random_state=0).fit(X, y)
    >>> clf.predict(X[:3]).shape
    (3,)
    """

    _parameter_constraints: ClassVar[dict] = {
        **AdaBoostClassifier._parameter_constraints,
        "algorithm": [StrOptions({"SAMME", "SAMME.R", "deprecated"})],
        "sampling_strategy": _STRATEGY,
        "replacement": ["boolean"],
        "calibrate": [StrOptions({"prior"}), None],
    }

    def __init__(
        self,
        estimator: Any = None,
        *,
        n_estimators: int = 50,
        learning_rate: float = 1.0,
        algorithm: str = "deprecated",
        sampling_strategy: Any = "auto",
        replacement: bool = False,
        random_state: Any = None,
        calibrate: Any = None,
    ):
        super().__init__(
            estimator=estimator,
            n_estimators=n_estimators,
            learning_rate=learning_rate,
            random_state=random_state,
        )
        self.algorithm = algorithm
        self.sampling_strategy = sampling_strategy
        self.replacement = replacement
        self.calibrate = calibrate

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> RUSBoostClassifier:
        """Boost, under-sampling before every round.

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None
            Initial row weights (uniform when None).

        Returns
        -------
        self
        """
        self._validate_params()
        self._check_calibrate()
        self.samplers_ = []
        self.pipelines_ = []
        self._round_priors = []
        super().fit(X, y, sample_weight)
        if self.calibrate == "prior":
            at = np.searchsorted(self.classes_, np.asarray(y).ravel())
            original = np.bincount(at, weights=None, minlength=self.n_classes_)
            self._set_priors(original, self._round_priors)
        return self

    def _validate_estimator(self) -> None:
        default = DecisionTreeClassifier(max_depth=1)
        self.estimator_ = clone(self.estimator) if self.estimator is not None else clone(default)
        if self.algorithm == "SAMME.R" and not hasattr(self.estimator_, "predict_proba"):
            raise TypeError(
                "AdaBoostClassifier with algorithm='SAMME.R' requires that the weak learner "
                "supports the calculation of class probabilities with a predict_proba method.\n"
                "Please change the base estimator or set algorithm='SAMME' instead."
            )
        if not has_fit_parameter(self.estimator_, "sample_weight"):
            raise ValueError(f"{self.estimator_.__class__.__name__} doesn't support sample_weight.")
        self.base_sampler_ = RandomUnderSampler(
            sampling_strategy=self.sampling_strategy, replacement=self.replacement
        )

    def _make_sampler_estimator(self, random_state: Any) -> tuple[Any, Any]:
        """Make this round's learner and sampler, seeded learner first (as imbalanced-learn)."""
        estimator = clone(self.estimator_)
        estimator.set_params(**{p: getattr(self, p) for p in self.estimator_params})
        sampler = clone(self.base_sampler_)
        set_random_states(estimator, random_state)
        set_random_states(sampler, random_state)
        self.estimators_.append(estimator)
        self.samplers_.append(sampler)
        self.pipelines_.append(make_pipeline(deepcopy(sampler), deepcopy(estimator)))
        return estimator, sampler

    def _fit_round(self, X, y, sample_weight, random_state):
        """Resample and fit this round's learner; return it."""
        estimator, sampler = self._make_sampler_estimator(random_state)
        X_res, y_res = sampler.fit_resample(X, y)
        weight_res = sample_weight[sampler.sample_indices_]
        estimator.fit(X_res, y_res, sample_weight=weight_res)
        if self.calibrate == "prior":
            classes = getattr(self, "classes_", None)
            classes = estimator.classes_ if classes is None else classes
            at = np.searchsorted(classes, y_res)
            self._round_priors.append(np.bincount(at, weights=weight_res, minlength=classes.size))
        return estimator

    def _drop_last(self) -> None:
        self.estimators_.pop(-1)
        self.samplers_.pop(-1)
        self.pipelines_.pop(-1)
        if self.calibrate == "prior":
            self._round_priors.pop(-1)

    def _boost_discrete(self, iboost, X, y, sample_weight, random_state):
        """One SAMME round: fit on the under-sample, weigh the learner on all rows."""
        estimator = self._fit_round(X, y, sample_weight, random_state)
        y_predict = estimator.predict(X)
        if iboost == 0:
            self.classes_ = getattr(estimator, "classes_", None)
            self.n_classes_ = len(self.classes_)
        incorrect = y_predict != y
        error = np.mean(np.average(incorrect, weights=sample_weight, axis=0))
        if error <= 0:  # a perfect learner ends the boosting
            return sample_weight, 1.0, 0.0
        n_classes = self.n_classes_
        if error >= 1.0 - (1.0 / n_classes):
            self._drop_last()
            if len(self.estimators_) == 0:
                raise ValueError(
                    "BaseClassifier in AdaBoostClassifier ensemble is worse than random, "
                    "ensemble can not be fit."
                )
            return None, None, None
        alpha = self.learning_rate * (np.log((1.0 - error) / error) + np.log(n_classes - 1.0))
        if iboost != self.n_estimators - 1:  # only boost when another round follows
            sample_weight *= np.exp(alpha * incorrect * (sample_weight > 0))
        return sample_weight, alpha, error

    def _boost_real(self, iboost, X, y, sample_weight, random_state):
        """One SAMME.R round (Zhu et al.'s real version, on the learner's probabilities)."""
        estimator = self._fit_round(X, y, sample_weight, random_state)
        proba = estimator.predict_proba(X)
        if iboost == 0:
            self.classes_ = getattr(estimator, "classes_", None)
            self.n_classes_ = len(self.classes_)
        y_predict = self.classes_.take(np.argmax(proba, axis=1), axis=0)
        incorrect = y_predict != y
        error = np.mean(np.average(incorrect, weights=sample_weight, axis=0))
        if error <= 0:
            return sample_weight, 1.0, 0.0
        n_classes = self.n_classes_
        # y coded 1 for the true class and -1/(K-1) for the others
        y_coding = np.array([-1.0 / (n_classes - 1), 1.0]).take(self.classes_ == y[:, None])
        np.clip(proba, np.finfo(proba.dtype).eps, None, out=proba)
        weight = (
            -1.0
            * self.learning_rate
            * ((n_classes - 1.0) / n_classes)
            * (y_coding * np.log(proba)).sum(axis=1)
        )
        if iboost != self.n_estimators - 1:
            sample_weight *= np.exp(weight * ((sample_weight > 0) | (weight < 0)))
        return sample_weight, 1.0, error

    def _boost(self, iboost, X, y, sample_weight, random_state):
        if self.algorithm != "deprecated":
            warnings.warn(
                "`algorithm` parameter is deprecated in 0.12 and will be removed in 0.14. "
                "In the future, the SAMME algorithm will always be used.",
                FutureWarning,
                stacklevel=2,
            )
        if self.algorithm == "SAMME.R":
            return self._boost_real(iboost, X, y, sample_weight, random_state)
        return self._boost_discrete(iboost, X, y, sample_weight, random_state)
