r"""One-sided selection (Kubat & Matwin, 1997).

For each class to under-sample: start a set :math:`C` with all the minority
rows and ``n_seeds_S`` rows of the class drawn at random
(``randint(0, n_class, n_seeds_S)``, as imbalanced-learn); keep the rows of
the class that a ``k``-NN vote on :math:`C` misclassifies (``k = 1`` by
default), and the seeds. The class's other rows, redundant far from the
boundary, go. Then Tomek links between the targeted classes are removed
(``TomekLinks(sampling_strategy=<the targeted classes>)``).
"""

from __future__ import annotations

import numpy as np

from .._labels import count_labels
from .._nearest import check_neighbors_param, is_int_param
from .._neighbors import kneighbors
from .._validation import check_int_param, check_n_jobs_param, check_random_state
from ._base import BaseCleaningSampler, NearestNeighbourRule, first_seen_minority, vote
from ._tomek_links import TomekLinks

__all__ = ["OneSidedSelection", "SeededRuleSampler", "vote_k"]


def vote_k(value) -> int:
    """Return the voters of a k-NN rule parameter (None: 1; an estimator: its n_neighbors)."""
    if value is None:
        return 1
    return int(value) if is_int_param(value) else int(value.n_neighbors)


class SeededRuleSampler(BaseCleaningSampler):
    """The parameters OSS and CNN share: seeds of the store and the k-NN rule's voters."""

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        random_state=None,
        n_neighbors=None,
        n_seeds_S=1,
        n_jobs=None,
    ):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.n_neighbors = n_neighbors
        self.n_seeds_S = n_seeds_S
        self.n_jobs = n_jobs

    def _check_params(self) -> None:
        super()._check_params()
        owner = type(self).__name__
        if self.n_neighbors is not None:
            check_neighbors_param(owner, "n_neighbors", self.n_neighbors, 1)
        check_int_param(owner, "n_seeds_S", self.n_seeds_S, 1)
        check_n_jobs_param(owner, self.n_jobs)


class OneSidedSelection(SeededRuleSampler):
    """Under-sample by keeping the rows a k-NN rule on a few seeds misclassifies, then Tomek.

    A drop-in for ``imblearn.under_sampling.OneSidedSelection``: the same rows
    for the same seed (on data whose distances have no ties).

    Parameters
    ----------
    sampling_strategy : str, list or callable, default="auto"
        The classes that may lose rows (``"auto"``: all but the minority).
    random_state : None, int, RandomState or Generator, default=None
        Seed of the draw of the seeds.
    n_neighbors : int or estimator, default=None
        Voters of the k-NN rule (``None``: 1; a ``KNeighborsClassifier``: its
        ``n_neighbors``, uniform weights).
    n_seeds_S : int, default=1
        Rows of each class that start the set :math:`C`.
    n_jobs : int, default=None
        Accepted for compatibility.

    Attributes
    ----------
    sampling_strategy_ : dict
        The classes targeted.
    estimators_ : list of NearestNeighbourRule
        The k-NN rule on the store of each class under-sampled.
    sample_indices_ : ndarray of intp
        The rows of X kept, in output order.
    n_features_in_ : int
        Number of features.

    References
    ----------
    .. [1] M. Kubat and S. Matwin, "Addressing the curse of imbalanced training
       sets: one-sided selection", ICML, 179-186, 1997.

    Examples
    --------
    >>> import numpy as np
    >>> from minibalance.under_sampling import OneSidedSelection
    >>> rng = np.random.RandomState(0)
    >>> X = np.r_[rng.normal(0, 1, (60, 2)), rng.normal(1.5, 1, (20, 2))]
    >>> y = np.r_[np.zeros(60, int), np.ones(20, int)]
    >>> X_res, y_res = OneSidedSelection(random_state=0).fit_resample(X, y)
    >>> bool((y_res == 0).sum() < 60)
    True
    """

    def _fit_resample(self, X: np.ndarray, y: np.ndarray):
        rng = check_random_state(self.random_state)
        k = vote_k(self.n_neighbors)
        counted = count_labels(y, return_inverse=True)
        code = counted.inverse
        minority_rows = np.flatnonzero(y == first_seen_minority(y))
        kept = []
        self.estimators_ = []
        for label in counted.classes.tolist():
            rows = np.flatnonzero(y == label)
            if label not in self.sampling_strategy_:
                kept.append(rows)
                continue
            pick = rng.randint(low=0, high=rows.size, size=self.n_seeds_S)
            seeds = rows[pick]
            C = np.append(minority_rows, seeds)
            S = np.delete(rows, pick)
            if C.size < k:
                raise ValueError(
                    f"n_neighbors={k} voters need at least {k} rows in the minority class plus "
                    f"the seeds; there are {C.size}. Lower n_neighbors or raise n_seeds_S."
                )
            nn = kneighbors(X[C], k, queries=X[S])
            wrong = vote(code[C][nn], counted.classes.size) != code[S]
            self.estimators_.append(NearestNeighbourRule(X[C], y[C], k))
            kept.append(np.concatenate([seeds, S[wrong]]))
        under = np.concatenate(kept).astype(np.intp)
        tomek = TomekLinks(sampling_strategy=list(self.sampling_strategy_))
        tomek.fit_resample(X[under], y[under])
        return self._keep(X, y, under[tomek.sample_indices_])
