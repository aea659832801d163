r"""Tomek links (Tomek, 1976): remove the pairs of nearest neighbours of different classes.

Two rows :math:`x_i, x_j` of different classes form a *Tomek link* when each is
the other's nearest neighbour: no row :math:`x_l` has
:math:`d(x_i, x_l) < d(x_i, x_j)` or :math:`d(x_j, x_l) < d(x_i, x_j)`. Such pairs
sit on the class boundary or are noise; removing the row of a targeted class
(by default every class but the minority) cleans the boundary.

With ``nn(i)`` the nearest other row of ``i`` (the engine's exact first
neighbour, ties by row index), row ``i`` is removed when its class is targeted,
``y[nn(i)] != y[i]`` and ``nn(nn(i)) == i``, as imbalanced-learn's ``is_tomek``.
"""

from __future__ import annotations

import numpy as np

from .._neighbors import kneighbors
from .._validation import check_n_jobs_param
from ._base import BaseCleaningSampler

__all__ = ["TomekLinks"]


def tomek_links(y: np.ndarray, nearest: np.ndarray, targets) -> np.ndarray:
    """Mark the rows of the targeted classes that are in a Tomek link.

    Parameters
    ----------
    y : ndarray of shape (n_samples,)
    nearest : ndarray of intp, shape (n_samples,)
        The nearest other row of every row.
    targets : collection
        The classes whose rows may be removed.

    Returns
    -------
    ndarray of bool, shape (n_samples,)
    """
    mutual = nearest[nearest] == np.arange(y.shape[0])
    targeted = np.isin(y, np.asarray(list(targets), dtype=y.dtype))
    return targeted & mutual & (y[nearest] != y)


class TomekLinks(BaseCleaningSampler):
    """Under-sample by removing the targeted rows of Tomek links.

    A drop-in for ``imblearn.under_sampling.TomekLinks``: the same rows removed
    (on data whose nearest neighbours have no distance ties).

    Parameters
    ----------
    sampling_strategy : str, list or callable, default="auto"
        The classes that may lose rows: ``"auto"`` (``"not minority"``),
        ``"majority"``, ``"not majority"``, ``"all"``, a list of classes, or a
        callable.
    n_jobs : int, default=None
        Accepted for compatibility; the k-NN engine uses every core.

    Attributes
    ----------
    sampling_strategy_ : dict
        The classes cleaned.
    sample_indices_ : ndarray of intp
        The rows of X kept, in their original order.
    n_features_in_ : int
        Number of features.

    Notes
    -----
    One exact nearest-neighbour search over all rows (a KD-tree or the tiled
    brute force; no n x n matrix).

    References
    ----------
    .. [1] I. Tomek, "Two modifications of CNN", IEEE Transactions on Systems,
       Man, and Cybernetics 6(11), 769-772, 1976.

    Examples
    --------
    >>> import numpy as np
    >>> from minibalance.under_sampling import TomekLinks
    >>> X = np.array([[0.0], [1.0], [1.1], [3.0], [4.0]])
    >>> y = np.array([0, 0, 1, 0, 0])
    >>> X_res, y_res = TomekLinks().fit_resample(X, y)
    >>> X_res.ravel().tolist()
    [0.0, 1.1, 3.0, 4.0]
    """

    def __init__(self, *, sampling_strategy="auto", n_jobs=None):
        self.sampling_strategy = sampling_strategy
        self.n_jobs = n_jobs

    def _check_params(self) -> None:
        super()._check_params()
        check_n_jobs_param(type(self).__name__, self.n_jobs)

    def _fit_resample(self, X: np.ndarray, y: np.ndarray):
        if X.shape[0] < 2:
            raise ValueError(
                f"TomekLinks needs at least 2 samples to find nearest neighbours; X has "
                f"{X.shape[0]}."
            )
        nearest = kneighbors(X, 1)[:, 0]
        links = tomek_links(y, nearest, self.sampling_strategy_)
        return self._keep(X, y, np.flatnonzero(~links))
