r"""K-means SMOTE (Douzas, Bacao & Last, 2018): SMOTE inside the clusters the class dominates.

1. Cluster all of X (scikit-learn's ``MiniBatchKMeans(random_state=random_state)``
   by default, as imbalanced-learn uses it; the ``sklearn`` extra).
2. For the class to over-sample, keep the clusters where its share is at least
   ``cluster_balance_threshold`` (``"auto"``: half its share of the samples to
   generate) and where it has at least ``k_neighbors + 1`` rows.
3. Weight each kept cluster by its *sparsity*
   :math:`\bar d^{\,e} / n_c`, with :math:`\bar d` the mean Euclidean distance
   between the class's rows in the cluster, :math:`n_c` their number and
   :math:`e` = ``density_exponent`` (``"auto"``: :math:`0.16 \log_{1.6}(n_c)^{1.8}`):
   sparse clusters get more samples, ``ceil(n * w)`` each (so the total can
   exceed ``n`` by up to one per cluster, as in imbalanced-learn).
4. In each, SMOTE's draw of pairs among the class's rows of the cluster.

The mean distance is summed tile by tile (bounded memory; imbalanced-learn
builds the cluster's full distance matrix), so its last bits may differ from
imbalanced-learn's; the rows differ only if a ``n * w`` lands within rounding of
an integer. Clusters whose rows are all one point have no spread: if every
kept cluster is such, the density weighting is undefined and a clear error
says so (imbalanced-learn fails with a NaN there, its issue #1186).
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from .._nearest import n_neighbors_of, neighbors_estimator
from .._validation import check_n_jobs_param, parameter_error
from ._base import SyntheticRows, draw_pairs
from ._smote import SMOTE

__all__ = ["KMeansSMOTE"]

_TILE_ROWS = 1024


def mean_pairwise_distance(X: np.ndarray) -> float:
    """Mean Euclidean distance over the ``n (n - 1)`` ordered pairs of distinct rows.

    scikit-learn's ``euclidean_distances`` formula (``|a|^2 - 2 a.b + |b|^2``,
    clipped at 0, diagonal 0), a tile of rows at a time.
    """
    from sklearn.metrics.pairwise import euclidean_distances

    n = X.shape[0]
    total = 0.0
    for r0 in range(0, n, _TILE_ROWS):
        with np.errstate(over="ignore", invalid="ignore"):  # NaN is refused by the caller
            tile = euclidean_distances(X[r0 : r0 + _TILE_ROWS], X)
        rows = np.arange(tile.shape[0])
        tile[rows, r0 + rows] = 0.0
        total += tile.sum()
    return total / (n * n - n)


class KMeansSMOTE(SMOTE):
    """Over-sample with SMOTE inside the k-means clusters where the class is dense enough.

    A drop-in for ``imblearn.over_sampling.KMeansSMOTE`` (needs scikit-learn,
    imported only when used): the same rows for the same seed and the same
    clustering (see the module notes for the one caveat).

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        Which classes to over-sample and by how many samples.
    random_state : None, int, RandomState or Generator, default=None
        Seed of the draws and of the default ``MiniBatchKMeans``.
    k_neighbors : int or estimator, default=2
        Neighbours to interpolate with.
    n_jobs : int, default=None
        Accepted for compatibility.
    kmeans_estimator : None, int or clustering estimator, default=None
        ``None``: ``MiniBatchKMeans(random_state=random_state)``; an int: that many
        clusters; an estimator with ``fit_predict`` and ``n_clusters``.
    cluster_balance_threshold : "auto" or float, default="auto"
        The class's least share in a cluster that may receive samples.
    density_exponent : "auto" or float, default="auto"
        The exponent of the mean distance in the sparsity.

    Attributes
    ----------
    sampling_strategy_ : dict
        Class -> number of synthetic samples asked for.
    kmeans_estimator_ : estimator
        The clustering estimator (fitted on the last class over-sampled).
    cluster_balance_threshold_ : "auto" or float
        The threshold used (``-inf`` with a single cluster).
    base_indices_, neighbor_indices_ : ndarray of intp
        For each synthetic row, the rows of X it lies between.
    steps_ : ndarray of float64
        ``X_res[n + i] == X[base] + steps_[i] * (X[neighbor] - X[base])``.
    n_features_in_ : int
        Number of features.

    Raises
    ------
    RuntimeError
        No cluster has enough rows of the class (imbalanced-learn's message,
        with the counts).
    ValueError
        Every cluster kept holds one repeated point (no density to weight by).

    References
    ----------
    .. [1] G. Douzas, F. Bacao and F. Last, "Improving imbalanced learning
       through a heuristic oversampling method based on k-means and SMOTE",
       Information Sciences 465, 1-20, 2018.

    Examples
    --------
    >>> import numpy as np
    >>> from minibalance.over_sampling import KMeansSMOTE
    >>> rng = np.random.RandomState(0)
    >>> X = np.r_[rng.normal(0, 1, (200, 2)), rng.normal(4, 0.5, (40, 2))]
    >>> y = np.r_[np.zeros(200, int), np.ones(40, int)]
    >>> X_res, y_res = KMeansSMOTE(random_state=0).fit_resample(X, y)
    >>> bool((y_res == 1).sum() >= 200)
    True
    """

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        random_state=None,
        k_neighbors=2,
        n_jobs=None,
        kmeans_estimator=None,
        cluster_balance_threshold="auto",
        density_exponent="auto",
    ):
        super().__init__(
            sampling_strategy=sampling_strategy, random_state=random_state, k_neighbors=k_neighbors
        )
        self.n_jobs = n_jobs
        self.kmeans_estimator = kmeans_estimator
        self.cluster_balance_threshold = cluster_balance_threshold
        self.density_exponent = density_exponent

    def _check_params(self) -> None:
        super()._check_params()
        owner = type(self).__name__
        km = self.kmeans_estimator
        is_int = isinstance(km, numbers.Integral) and not isinstance(km, bool)
        if not (
            km is None or (is_int and km >= 1) or (hasattr(km, "fit") and hasattr(km, "predict"))
        ):
            raise parameter_error(
                owner,
                "kmeans_estimator",
                "an object implementing 'fit' and 'predict', an int in the range [1, inf) or None",
                km,
            )
        for name in ("cluster_balance_threshold", "density_exponent"):
            value = getattr(self, name)
            if not (value == "auto" if isinstance(value, str) else isinstance(value, numbers.Real)):
                raise parameter_error(owner, name, "a str among {'auto'} or a float", value)
        check_n_jobs_param(owner, self.n_jobs)

    def _sparsity(self, X_class: np.ndarray) -> float:
        exponent = (
            math.log(X_class.shape[0], 1.6) ** 1.8 * 0.16
            if self.density_exponent == "auto"
            else self.density_exponent
        )
        with np.errstate(over="ignore", invalid="ignore"):  # an overflow is refused below
            return (np.float64(mean_pairwise_distance(X_class)) ** exponent) / X_class.shape[0]

    def _fit_resample(self, X: np.ndarray, y: np.ndarray):
        from sklearn.base import clone
        from sklearn.cluster import MiniBatchKMeans

        self.nn_k_ = neighbors_estimator(self.k_neighbors)
        km = self.kmeans_estimator
        if km is None:
            self.kmeans_estimator_ = MiniBatchKMeans(random_state=self.random_state)
        elif isinstance(km, numbers.Integral):
            self.kmeans_estimator_ = MiniBatchKMeans(n_clusters=km, random_state=self.random_state)
        else:
            self.kmeans_estimator_ = clone(km)
        n_clusters = self.kmeans_estimator_.n_clusters
        self.cluster_balance_threshold_ = (
            self.cluster_balance_threshold if n_clusters != 1 else -np.inf
        )
        k = n_neighbors_of(self.k_neighbors)
        total = sum(self.sampling_strategy_.values())
        synthetic = SyntheticRows(X, y)
        for label, n_new in self.sampling_strategy_.items():
            if n_new == 0:
                continue
            assignment = self.kmeans_estimator_.fit_predict(X)
            if self.cluster_balance_threshold_ == "auto":
                threshold = n_new / total / 2
            else:
                threshold = self.cluster_balance_threshold_
            valid, sparsity = [], []
            for cluster in range(n_clusters):
                members = np.flatnonzero(assignment == cluster)
                if members.size == 0:
                    continue
                share = (y[members] == label).mean()
                if share < threshold or share * members.size < k + 1:
                    continue
                class_rows = members[y[members] == label]
                valid.append(class_rows)
                sparsity.append(self._sparsity(X[class_rows]))
            if not valid:
                raise RuntimeError(
                    f"No clusters found with sufficient samples of class {label}. Try lowering "
                    "the cluster_balance_threshold or increasing the number of clusters "
                    f"(a cluster needs a share of class {label!r} of at least {threshold:.3g} "
                    f"and at least k_neighbors + 1 = {k + 1} of its rows; {n_clusters} clusters "
                    "were searched)."
                )
            sparsity = np.array(sparsity)
            if not np.isfinite(sparsity.sum()):  # imbalanced-learn: "cannot convert NaN"
                raise ValueError(
                    f"KMeansSMOTE's density weights of class {label!r} overflow float64: "
                    "the squared distances between its rows (values beyond about 1e154), "
                    "or their mean raised to density_exponent, do not fit. Scale X first "
                    "(for example with sklearn.preprocessing.StandardScaler), or pass a "
                    "smaller density_exponent."
                )
            if not sparsity.sum() > 0:
                raise ValueError(
                    f"Every cluster kept for class {label!r} holds a single repeated point, so "
                    "KMeansSMOTE's density weights are undefined (and its new rows would be "
                    "copies). Remove the duplicate rows, or use RandomOverSampler, which copies "
                    "rows on purpose."
                )
            weights = sparsity / sparsity.sum()
            for class_rows, weight in zip(valid, weights, strict=True):
                nn = self._class_neighbors(X, class_rows, label)
                n_cluster = math.ceil(n_new * weight)
                rows, neighbors, steps = draw_pairs(self.random_state, nn, n_cluster)
                synthetic.add(label, class_rows[rows], neighbors, steps)
        return synthetic.build(self)
