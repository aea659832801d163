r"""Cluster centroids: replace each larger class by the centroids of its k-means clusters.

Each class to under-sample to ``n`` rows is clustered into ``n`` clusters
(scikit-learn's ``KMeans(random_state=random_state)`` unless another
estimator is given; the ``sklearn`` extra). With ``voting="soft"`` (the
default for dense X) the class becomes the ``n`` centroids; with
``voting="hard"`` the row of the class nearest to each centroid (the exact
engine's nearest neighbour). Classes come out in sorted label order, as in
imbalanced-learn's ``ClusterCentroids``.
"""

from __future__ import annotations

import numpy as np

from .._labels import count_labels
from .._neighbors import kneighbors
from .._sparse import is_sparse, stack_rows
from .._validation import check_options_param, parameter_error
from ..base import BaseSampler

__all__ = ["ClusterCentroids"]


class ClusterCentroids(BaseSampler):
    """Under-sample by replacing each larger class with the centroids of its clusters.

    A drop-in for ``imblearn.under_sampling.ClusterCentroids``: the same rows for
    the same seed and the same clustering estimator.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        Which classes to under-sample and to how many rows (clusters).
    random_state : None, int, RandomState or Generator, default=None
        Seed of the default ``KMeans``.
    estimator : clustering estimator, default=None
        Any estimator with an ``n_clusters`` parameter and ``cluster_centers_``;
        ``None``: ``sklearn.cluster.KMeans(random_state=random_state)``.
    voting : {"auto", "hard", "soft"}, default="auto"
        ``"soft"``: the centroids; ``"hard"``: the nearest row of the class to
        each centroid; ``"auto"``: soft, hard for sparse X (as imbalanced-learn).

    Attributes
    ----------
    sampling_strategy_ : dict
        Class -> rows kept (clusters).
    estimator_ : estimator
        The clustering estimator (fitted on the last class).
    voting_ : str
        The voting used.
    n_features_in_ : int
        Number of features.

    Examples
    --------
    >>> import numpy as np
    >>> from minibalance.under_sampling import ClusterCentroids
    >>> rng = np.random.RandomState(0)
    >>> X = np.r_[rng.normal(0, 1, (60, 2)), rng.normal(3, 1, (10, 2))]
    >>> y = np.r_[np.zeros(60, int), np.ones(10, int)]
    >>> X_res, y_res = ClusterCentroids(random_state=0).fit_resample(X, y)
    >>> np.bincount(y_res).tolist()
    [10, 10]
    """

    _sampling_type = "under-sampling"
    _accept_sparse = True

    def __init__(
        self, *, sampling_strategy="auto", random_state=None, estimator=None, voting="auto"
    ):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.estimator = estimator
        self.voting = voting

    def _check_params(self) -> None:
        super()._check_params()
        owner = type(self).__name__
        est = self.estimator
        if est is not None and not (hasattr(est, "fit") and hasattr(est, "predict")):
            raise parameter_error(
                owner, "estimator", "an object implementing 'fit' and 'predict' or None", est
            )
        check_options_param(owner, "voting", self.voting, ("auto", "hard", "soft"))

    def _fit_resample(self, X: np.ndarray, y: np.ndarray):
        from sklearn.base import clone

        if self.estimator is None:
            from sklearn.cluster import KMeans

            self.estimator_ = KMeans(random_state=self.random_state)
        else:
            self.estimator_ = clone(self.estimator)
            if "n_clusters" not in self.estimator_.get_params():
                raise ValueError(
                    "`estimator` should be a clustering estimator exposing a parameter "
                    "`n_clusters` and a fitted parameter `cluster_centers_` "
                    f"(got {type(self.estimator).__name__}; sklearn.cluster.KMeans is one)."
                )
        sparse = is_sparse(X)
        if self.voting == "auto":  # as imbalanced-learn: real rows for sparse data
            self.voting_ = "hard" if sparse else "soft"
        else:
            self.voting_ = self.voting
        X_parts, y_parts = [], []
        for label in count_labels(y).classes.tolist():
            X_class = X[y == label]
            if label not in self.sampling_strategy_:
                X_parts.append(X_class)
                y_parts.append(np.full(X_class.shape[0], label, dtype=y.dtype))
                continue
            n = self.sampling_strategy_[label]
            self.estimator_.set_params(n_clusters=n)
            self.estimator_.fit(X_class)
            if not hasattr(self.estimator_, "cluster_centers_"):
                raise RuntimeError(
                    "`estimator` should be a clustering estimator exposing a fitted parameter "
                    "`cluster_centers_`."
                )
            centroids = np.asarray(self.estimator_.cluster_centers_)
            if self.voting_ == "hard":
                queries = _as_sparse(centroids, X_class) if sparse else centroids
                X_parts.append(X_class[kneighbors(X_class, 1, queries=queries)[:, 0]])
            else:
                X_parts.append(_as_sparse(centroids, X_class) if sparse else centroids)
            y_parts.append(np.full(centroids.shape[0], label, dtype=y.dtype))
        X_res = stack_rows(X_parts, X) if sparse else np.vstack(X_parts)
        return X_res, np.concatenate(y_parts)


def _as_sparse(centroids: np.ndarray, like):
    """Return the centroids as a sparse matrix of the kind and dtype of ``like``."""
    return type(like)(np.asarray(centroids, dtype=like.dtype))
