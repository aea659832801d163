"""SMOTE then Tomek links (Batista, Prati & Monard, 2004).

Over-sample with SMOTE, then remove the Tomek links of every class
(``TomekLinks(sampling_strategy="all")``): the synthetic rows that landed next
to another class's rows go, with those rows. imbalanced-learn's
``SMOTETomek``, the same two steps.
"""

from __future__ import annotations

from ..under_sampling import TomekLinks
from ._base import SMOTEThenClean

__all__ = ["SMOTETomek"]


class SMOTETomek(SMOTEThenClean):
    """Over-sample with SMOTE, then clean with Tomek links.

    A drop-in for ``imblearn.combine.SMOTETomek``: the same rows for the same seed.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        SMOTE's strategy (when ``smote`` is None).
    random_state : None, int, RandomState or Generator, default=None
        SMOTE's seed (when ``smote`` is None).
    smote : sampler, default=None
        The over-sampler; ``None``: ``SMOTE(sampling_strategy, random_state)``.
    tomek : sampler, default=None
        The cleaner; ``None``: ``TomekLinks(sampling_strategy="all")``.
    n_jobs : int, default=None
        Accepted for compatibility.

    Attributes
    ----------
    smote_, tomek_ : sampler
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
    >>> from minibalance.combine import SMOTETomek
    >>> rng = np.random.RandomState(0)
    >>> X = np.r_[rng.normal(0, 1, (90, 2)), rng.normal(1, 1, (20, 2))]
    >>> y = np.r_[np.zeros(90, int), np.ones(20, int)]
    >>> X_res, y_res = SMOTETomek(random_state=0).fit_resample(X, y)
    >>> bool((y_res == 1).sum() <= 90)
    True
    """

    _cleaner = "tomek"

    def __init__(
        self, *, sampling_strategy="auto", random_state=None, smote=None, tomek=None, n_jobs=None
    ):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.smote = smote
        self.tomek = tomek
        self.n_jobs = n_jobs

    def _default_cleaner(self):
        return TomekLinks(sampling_strategy="all", n_jobs=self.n_jobs)
