r"""EasyEnsemble (Liu, Wu & Zhou 2009): AdaBoost members on balanced subsets.

Each of the :math:`T` members sees every row of the minority class and an
equal-sized random subset of each larger class (random under-sampling, no
bootstrap), and is itself an AdaBoost ensemble, so EasyEnsemble explores the
majority class in :math:`T` independent balanced subsets while each member
boosts on its own. The ensemble averages the members' probabilities,
:math:`p(c \mid x) = \frac1T \sum_t p_t(c \mid x)`.

It is :class:`~minibalance.ensemble.BalancedBaggingClassifier` with
``bootstrap=False``, ``max_samples=1.0`` and an ``AdaBoostClassifier`` base, and
draws as it does: the same ``random_state`` gives imbalanced-learn's members.

References
----------
.. [1] X.-Y. Liu, J. Wu and Z.-H. Zhou, "Exploratory Undersampling for
   Class-Imbalance Learning", IEEE Transactions on Systems, Man, and
   Cybernetics, Part B 39(2), 539-550, 2009.
"""

from __future__ import annotations

from typing import Any, ClassVar

from sklearn.ensemble import AdaBoostClassifier
from sklearn.utils._param_validation import HasMethods, StrOptions

from ._bagging import _STRATEGY, BalancedBaggingClassifier

__all__ = ["EasyEnsembleClassifier"]


class EasyEnsembleClassifier(BalancedBaggingClassifier):
    """Bag of AdaBoost learners, each trained on a balanced random subset.

    A drop-in for ``imblearn.ensemble.EasyEnsembleClassifier`` (needs
    scikit-learn): the same parameters and, for the same ``random_state``, the
    same members and predictions.

    Parameters
    ----------
    n_estimators : int, default=10
        Number of AdaBoost members.
    estimator : estimator, default=None
        The member (``AdaBoostClassifier()`` when None).
    warm_start : bool, default=False
        Add members to the fitted ensemble instead of starting over.
    sampling_strategy : float, str, dict or callable, default="auto"
        The under-sampler's strategy.
    replacement : bool, default=False
        Whether the under-sampler draws with replacement.
    n_jobs : int, default=None
        Members fitted in parallel (joblib).
    random_state : int, RandomState or None, default=None
        Seeds the subsets and the members.
    verbose : int, default=0
        joblib's verbosity.
    calibrate : None or "prior", default=None
        ``"prior"``: ``predict_proba`` is corrected from the members' balanced
        prior to the training data's (see :mod:`minibalance.ensemble`).

    Attributes
    ----------
    estimator_ : Pipeline
        The under-sampler and the member, as each member is built.
    estimators_ : list of Pipeline
        The fitted members.
    estimators_samples_, estimators_features_ : list of arrays
        Rows and features of each member (all of them: no bootstrap).
    classes_, n_classes_, n_features_in_
        As scikit-learn's bagging.

    Examples
    --------
    >>> import numpy as np
    >>> from minibalance.ensemble import EasyEnsembleClassifier
    >>> rng = np.random.RandomState(0)
    >>> X = rng.normal(size=(500, 4)); y = (X[:, 0] > 1.6).astype(int)
    >>> clf = EasyEnsembleClassifier(n_estimators=3, random_state=0).fit(X, y)
    >>> clf.predict_proba(X[:2]).shape
    (2, 2)
    """

    _parameter_constraints: ClassVar[dict] = {
        key: BalancedBaggingClassifier._parameter_constraints[key]
        for key in ("n_estimators", "warm_start", "n_jobs", "random_state", "verbose")
    }
    _parameter_constraints.update(
        estimator=[HasMethods(["fit", "predict"]), None],
        sampling_strategy=_STRATEGY,
        replacement=["boolean"],
        calibrate=[StrOptions({"prior"}), None],
    )

    def __init__(
        self,
        n_estimators: int = 10,
        estimator: Any = None,
        *,
        warm_start: bool = False,
        sampling_strategy: Any = "auto",
        replacement: bool = False,
        n_jobs: int | None = None,
        random_state: Any = None,
        verbose: int = 0,
        calibrate: Any = None,
    ):
        super().__init__(
            estimator=estimator,
            n_estimators=n_estimators,
            max_samples=1.0,
            max_features=1.0,
            bootstrap=False,
            bootstrap_features=False,
            oob_score=False,
            warm_start=warm_start,
            sampling_strategy=sampling_strategy,
            replacement=replacement,
            n_jobs=n_jobs,
            random_state=random_state,
            verbose=verbose,
            calibrate=calibrate,
        )

    def _default_estimator(self) -> Any:
        return AdaBoostClassifier()
