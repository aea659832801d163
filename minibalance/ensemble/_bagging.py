r"""Balanced bagging: every member is fitted on a balanced resample of its bootstrap.

Bagging (Breiman 1996) fits :math:`T` copies of a base estimator, each on a
bootstrap sample of the rows, and averages their probabilities. With a rare
class, most bootstraps hold a handful of its rows and each member learns the
majority. Balanced bagging puts a sampler in front of every member: member
:math:`t` sees its bootstrap :math:`B_t` (``max_samples`` rows drawn with
replacement, or without when ``bootstrap=False``), then ``sampler(B_t)``, by
default random under-sampling of every class to the minority's count (Exactly
Balanced Bagging, Hido & Kashima 2009 [1]_; with a SMOTE sampler,
SMOTE-Bagging, Wang & Yao 2009 [2]_). The ensemble's probability is the mean
over members, :math:`p(c \mid x) = \frac1T \sum_t p_t(c \mid x)`, and its
prediction the most probable class.

Randomness, as imbalanced-learn's ``BalancedBaggingClassifier``: scikit-learn's
bagging draws one seed per member from ``random_state``; the seed picks the
member's bootstrap (scikit-learn's draw) and, through ``set_random_states``,
the sampler's and the estimator's own seeds. The sampler is ours and draws the
same rows as imbalanced-learn's for the same seed, so the same ``random_state``
gives the same members and the same predictions.

References
----------
.. [1] S. Hido, H. Kashima and Y. Takahashi, "Roughly Balanced Bagging for
   Imbalanced Data", Statistical Analysis and Data Mining 2(5-6), 2009.
.. [2] S. Wang and X. Yao, "Diversity analysis on imbalanced data sets by
   using ensemble models", IEEE CIDM 2009.
.. [3] L. Breiman, "Bagging predictors", Machine Learning 24(2), 1996.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from ._common import MeanProbabilityVote, PriorCalibration, encoded_strategy, require_sklearn

require_sklearn("minibalance.ensemble")

from sklearn.base import clone  # noqa: E402
from sklearn.ensemble import BaggingClassifier  # noqa: E402
from sklearn.tree import DecisionTreeClassifier  # noqa: E402
from sklearn.utils._param_validation import HasMethods, StrOptions  # noqa: E402

from ..pipeline import Pipeline  # noqa: E402
from ..under_sampling import RandomUnderSampler  # noqa: E402

__all__ = ["BalancedBaggingClassifier"]

_STRATEGY = [
    float,
    StrOptions({"auto", "majority", "not minority", "not majority", "all"}),
    dict,
    callable,
]


class _MemberPriors:
    """The class fractions each member (a sampler-and-estimator pipeline) was fitted on."""

    def _member_counts(self) -> list:
        # members see the labels encoded 0..K-1; a class a bootstrap missed counts 0
        counts = []
        for member in self.estimators_:
            classes = getattr(member, "_prior_classes", None)
            if classes is None:  # a sampler that relabels rows: no prior to take
                continue
            out = np.zeros(len(self.classes_))
            out[classes.astype(np.intp)] = member.resampled_prior_
            counts.append(out)
        return counts


class BalancedBaggingClassifier(
    PriorCalibration, MeanProbabilityVote, _MemberPriors, BaggingClassifier
):
    """A bagging classifier whose every member trains on a balanced resample.

    A drop-in for ``imblearn.ensemble.BalancedBaggingClassifier`` (needs
    scikit-learn): the same parameters, attributes and, for the same
    ``random_state``, the same members and predictions.

    Parameters
    ----------
    estimator : estimator, default=None
        The base estimator (a ``DecisionTreeClassifier`` when None).
    n_estimators : int, default=10
        Number of members.
    max_samples : int or float, default=1.0
        Rows drawn for each member (a float is a fraction of the rows).
    max_features : int or float, default=1.0
        Features drawn for each member.
    bootstrap : bool, default=True
        Draw the rows with replacement.
    bootstrap_features : bool, default=False
        Draw the features with replacement.
    oob_score : bool, default=False
        Score the ensemble on each row's out-of-bag members.
    warm_start : bool, default=False
        Add members to the fitted ensemble instead of starting over.
    sampling_strategy : float, str, dict or callable, default="auto"
        The default sampler's strategy (ignored when ``sampler`` is given).
    replacement : bool, default=False
        Whether the default under-sampler draws with replacement.
    n_jobs : int, default=None
        Members fitted in parallel (joblib).
    random_state : int, RandomState or None, default=None
        Seeds the bootstraps, the samplers and the members.
    verbose : int, default=0
        joblib's verbosity.
    sampler : sampler, default=None
        Any minibalance (or imbalanced-learn) sampler; a
        :class:`~minibalance.under_sampling.RandomUnderSampler` when None.
    calibrate : None or "prior", default=None
        ``"prior"``: ``predict_proba`` is corrected from the members' resampled
        class prior to the training data's (see :mod:`minibalance.ensemble`).

    Attributes
    ----------
    estimator_ : Pipeline
        The sampler and the base estimator, as each member is built.
    estimators_ : list of Pipeline
        The fitted members.
    estimators_samples_, estimators_features_ : list of arrays
        Each member's bootstrap rows and features.
    sampler_ : sampler
        The sampler as each member is built.
    classes_, n_classes_, n_features_in_
        As scikit-learn's bagging.
    oob_score_, oob_decision_function_
        With ``oob_score=True``.
    original_prior_, resampled_prior_ : ndarray of shape (n_classes,)
        The training data's class fractions and the members' mean resampled
        fractions (recorded with ``calibrate="prior"``).

    Notes
    -----
    See the module docstring for the algorithm and the draws. ``sample_weight``
    is not accepted (nor is it by imbalanced-learn): the under-sampler would
    drop it.

    Examples
    --------
    >>> import numpy as np
    >>> from minibalance.ensemble import BalancedBaggingClassifier
    >>> rng = np.random.RandomState(0)
    >>> X = rng.normal(size=(500, 4)); y = (X[:, 0] > 1.6).astype(int)
    >>> clf = BalancedBaggingClassifier(random_state=0).fit(X, y)
    >>> clf.predict(X[:3]).shape, len(clf.estimators_)
    ((3,), 10)
    """

    _parameter_constraints: ClassVar[dict] = {
        **BaggingClassifier._parameter_constraints,
        "sampling_strategy": _STRATEGY,
        "replacement": ["boolean"],
        "sampler": [HasMethods(["fit_resample"]), None],
        "calibrate": [StrOptions({"prior"}), None],
    }

    def __init__(
        self,
        estimator: Any = None,
        n_estimators: int = 10,
        *,
        max_samples: Any = 1.0,
        max_features: Any = 1.0,
        bootstrap: bool = True,
        bootstrap_features: bool = False,
        oob_score: bool = False,
        warm_start: bool = False,
        sampling_strategy: Any = "auto",
        replacement: bool = False,
        n_jobs: int | None = None,
        random_state: Any = None,
        verbose: int = 0,
        sampler: Any = None,
        calibrate: Any = None,
    ):
        super().__init__(
            estimator=estimator,
            n_estimators=n_estimators,
            max_samples=max_samples,
            max_features=max_features,
            bootstrap=bootstrap,
            bootstrap_features=bootstrap_features,
            oob_score=oob_score,
            warm_start=warm_start,
            n_jobs=n_jobs,
            random_state=random_state,
            verbose=verbose,
        )
        self.sampling_strategy = sampling_strategy
        self.replacement = replacement
        self.sampler = sampler
        self.calibrate = calibrate

    def _make_sampler(self) -> Any:
        if self.sampler is None:
            return RandomUnderSampler(replacement=self.replacement)
        return clone(self.sampler)

    def _validate_y(self, y: Any) -> np.ndarray:
        y_encoded = super()._validate_y(y)
        kind = getattr(self.sampler_, "_sampling_type", "under-sampling")
        strategy = self.sampling_strategy if self.sampler is None else None
        if strategy is not None:
            self._sampling_strategy = encoded_strategy(strategy, y, self.classes_, kind)
        return y_encoded

    def _default_estimator(self) -> Any:
        return DecisionTreeClassifier()

    def _validate_estimator(self, default: Any = None) -> None:
        estimator = (
            clone(self.estimator) if self.estimator is not None else self._default_estimator()
        )
        if self.sampler is None:
            self.sampler_.set_params(sampling_strategy=self._sampling_strategy)
        self.estimator_ = Pipeline([("sampler", self.sampler_), ("classifier", estimator)])

    def fit(self, X: Any, y: Any) -> BalancedBaggingClassifier:
        """Fit the members, each on a balanced resample of its bootstrap.

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)

        Returns
        -------
        self
        """
        self._check_calibrate()
        return super().fit(X, y)

    def _fit(self, X, y, max_samples=None, max_depth=None, sample_weight=None, **params):
        self.sampler_ = self._make_sampler()
        out = super()._fit(X, y, self.max_samples, **params)
        if self.calibrate == "prior":
            counts = np.bincount(np.searchsorted(self.classes_, np.asarray(y).ravel()))
            self._set_priors(counts, self._member_counts())
        return out

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = False
        return tags
