"""SMOTE then edited nearest neighbours (Batista, Prati & Monard, 2004).

Over-sample with SMOTE, then edit every class with ENN
(``EditedNearestNeighbours(sampling_strategy="all")``): rows, synthetic or not,
whose 3 nearest neighbours are not all of their class go. imbalanced-learn's
``SMOTEENN``, the same two steps.
"""

from __future__ import annotations

from ..under_sampling import EditedNearestNeighbours
from ._base import SMOTEThenClean

__all__ = ["SMOTEENN"]


class SMOTEENN(SMOTEThenClean):
    """Over-sample with SMOTE, then clean with edited nearest neighbours.

    A drop-in for ``imblearn.combine.SMOTEENN``: the same rows for the same seed.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        SMOTE's strategy (when ``smote`` is None).
    random_state : None, int, RandomState or Generator, default=None
        SMOTE's seed (when ``smote`` is None).
    smote : sampler, default=None
        The over-sampler; ``None``: ``SMOTE(sampling_strategy, random_state)``.
    enn : sampler, default=None
        The cleaner; ``None``: ``EditedNearestNeighbours(sampling_strategy="all")``.
    n_jobs : int, default=None
        Accepted for compatibility.

    Attributes
    ----------
    smote_, enn_ : sampler
        The fitted copies.
    sampling_strategy_ : float, str, dict or callable
        ``sampling_strategy`` as given (imbalanced-learn keeps it unresolved).
    n_features_in_ : int
        Number of features.

    References
    ----------
    .. [1] G. E. A. P. A. Batista, R. C. Prati and M. C. Monard, "A study of the
       behavior of several methods for balancing machine learning training
       data", ACM SIGKDD Explorations Newsletter 6(1), 20-29, 2004.

    Examples
    --------
    >>> import numpy as np
    >>> from minibalance.combine import SMOTEENN
    >>> rng = np.random.RandomState(0)
    >>> X = np.r_[rng.normal(0, 1, (90, 2)), rng.normal(1, 1, (20, 2))]
    >>> y = np.r_[np.zeros(90, int), np.ones(20, int)]
    >>> X_res, y_res = SMOTEENN(random_state=0).fit_resample(X, y)
    >>> bool((y_res == 1).sum() <= 90)
    True
    """

    _cleaner = "enn"

    def __init__(
        self, *, sampling_strategy="auto", random_state=None, smote=None, enn=None, n_jobs=None
    ):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.smote = smote
        self.enn = enn
        self.n_jobs = n_jobs

    def _default_cleaner(self):
        return EditedNearestNeighbours(sampling_strategy="all", n_jobs=self.n_jobs)
