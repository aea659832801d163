r"""SMOTEN: SMOTE for rows whose features are all categorical (Chawla et al., 2002).

Categories cannot be interpolated, so a synthetic row takes, feature by feature,
the *most frequent* category among a sample's neighbours. The neighbours are
measured by the value difference metric (:mod:`minibalance.metrics.pairwise`):
two categories are close when they predict the classes alike. For a class to
over-sample:

1. encode every column as category codes and fit the VDM on all rows and labels;
2. for every row of the class, its ``k + 1`` nearest rows of the class under the
   VDM (itself included, as in imbalanced-learn);
3. draw ``n_new`` rows of the class uniformly with replacement; each synthetic row is
   the per-feature most frequent category among the drawn row's ``k + 1``
   neighbours (the smallest code when tied).

Categorical data is full of exact ties in distance; imbalanced-learn breaks them
the way scikit-learn's brute force on a precomputed matrix does (``argpartition``
then ``argsort`` of each row). The neighbours here are found the same way on
the same values, one block of rows at a time, so they agree bit for bit without
the class x class matrix imbalanced-learn builds.

References
----------
.. [1] N. V. Chawla, K. W. Bowyer, L. O. Hall and W. P. Kegelmeyer, "SMOTE:
   Synthetic Minority Over-sampling Technique", Journal of Artificial
   Intelligence Research 16, 321-357, 2002.
"""

from __future__ import annotations

import warnings

import numpy as np

from .._categorical import OrdinalCodes, most_frequent
from .._nearest import is_int_param
from .._sparse import is_sparse
from .._validation import check_random_state
from ..base import fresh_copy
from ..exceptions import DataConversionWarning, with_sklearn_twin
from ..metrics.pairwise import ValueDifferenceMetric, vdm_rows
from ._smote import SMOTE

__all__ = ["SMOTEN"]

# Distances held at once by the neighbour search (float64): 32 MiB.
_BLOCK_VALUES = 1 << 22


def vdm_kneighbors(tables: list[np.ndarray], codes: np.ndarray, n_neighbors: int) -> np.ndarray:
    """Return the ``n_neighbors`` VDM-nearest rows of ``codes`` of each row (itself included).

    Row by row as scikit-learn's brute force orders a precomputed distance
    matrix: ``argpartition`` of the row, then ``argsort`` of the kept distances;
    the distances of a block of rows at a time, so memory stays bounded.
    """
    n = codes.shape[0]
    out = np.empty((n, n_neighbors), dtype=np.intp)
    block = max(1, _BLOCK_VALUES // max(n, 1))
    for b0 in range(0, n, block):
        dist = vdm_rows(tables, codes[b0 : b0 + block], codes)
        rows = np.arange(dist.shape[0])[:, None]
        ind = np.argpartition(dist, n_neighbors - 1, axis=1)[:, :n_neighbors]
        out[b0 : b0 + block] = ind[rows, np.argsort(dist[rows, ind])]
    return out


class SMOTEN(SMOTE):
    """Over-sample categorical data: the most frequent categories of VDM neighbours.

    A drop-in for ``imblearn.over_sampling.SMOTEN`` (a :class:`SMOTE`, as there):
    the same parameters and, for an integer or ``RandomState`` ``random_state``,
    the same rows.

    Parameters
    ----------
    categorical_encoder : estimator, default=None
        Encodes the columns as category codes (``fit_transform``,
        ``inverse_transform``, ``categories_``), such as scikit-learn's
        ``OrdinalEncoder``; copied before use. ``None``: minibalance's own,
        equal to ``OrdinalEncoder(dtype=np.int32)``.
    sampling_strategy : float, str, dict or callable, default="auto"
        Which classes to over-sample and to how many samples.
    random_state : None, int, RandomState or Generator, default=None
        Seed of the draws (an int seeds a fresh ``RandomState`` per class, as
        imbalanced-learn does).
    k_neighbors : int or object with ``kneighbors``, default=5
        Neighbours per row (``k_neighbors + 1`` with the row itself); an
        estimator's ``n_neighbors`` is used as that total.

    Attributes
    ----------
    categorical_encoder_ : estimator
        The fitted encoder.
    sampling_strategy_ : dict
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Column names, when X was a DataFrame.

    Notes
    -----
    Output rows: the originals first, unchanged and in order, then one block of
    synthetic rows per class in sorted label order, in X's dtype (a DataFrame
    keeps its column dtypes, category columns included). A sparse X is
    densified (with a warning, as imbalanced-learn does) and given back sparse.
    Memory: the codes, the VDM's per-feature tables (``n_categories**2``
    values each) and a block of distances; never a class x class matrix.

    Examples
    --------
    >>> import numpy as np
    >>> from minibalance.over_sampling import SMOTEN
    >>> X = np.array([["a", "x"]] * 6 + [["b", "y"]] * 3 + [["a", "y"]] * 3, dtype=object)
    >>> y = np.array([0] * 8 + [1] * 4)
    >>> X_res, y_res = SMOTEN(k_neighbors=2, random_state=0).fit_resample(X, y)
    >>> np.bincount(y_res).tolist()
    [8, 8]
    """

    _sampling_type = "over-sampling"
    _numeric_only = False
    _accept_sparse = True

    def __init__(
        self,
        categorical_encoder=None,
        *,
        sampling_strategy="auto",
        random_state=None,
        k_neighbors=5,
    ):
        self.categorical_encoder = categorical_encoder
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.k_neighbors = k_neighbors

    def _fit_resample(self, X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        sparse_like = X if is_sparse(X) else None
        if sparse_like is not None:
            warnings.warn(
                "Passing a sparse matrix to SMOTEN is not really efficient since it is "
                "converted to a dense array internally (categories are codes, not sparse).",
                with_sklearn_twin(DataConversionWarning),
                stacklevel=3,
            )
            X = X.toarray()
        if self.categorical_encoder is None:
            self.categorical_encoder_ = OrdinalCodes()
        else:
            self.categorical_encoder_ = fresh_copy(self.categorical_encoder)
        codes = np.asarray(self.categorical_encoder_.fit_transform(X))
        n_categories = [len(c) for c in self.categorical_encoder_.categories_]
        vdm = ValueDifferenceMetric(n_categories=n_categories).fit(codes, y)
        tables = vdm.feature_tables()
        codes = codes.astype(np.intp, copy=False)
        if is_int_param(self.k_neighbors):
            n_neighbors = int(self.k_neighbors) + 1
        else:
            n_neighbors = int(self.k_neighbors.n_neighbors)

        blocks, labels = [X], [y]
        for label, n_new in self.sampling_strategy_.items():
            if n_new == 0:
                continue
            class_rows = np.flatnonzero(y == label)
            if n_neighbors > class_rows.size:
                raise ValueError(
                    f"Expected n_neighbors <= n_samples_fit, but n_neighbors = {n_neighbors}, "
                    f"n_samples_fit = {class_rows.size}: k_neighbors needs at least "
                    f"{n_neighbors} samples of class {label!r}. Lower k_neighbors, or leave "
                    "this class out of sampling_strategy."
                )
            class_codes = codes[class_rows]
            nn = vdm_kneighbors(tables, class_codes, n_neighbors)
            # a fresh RandomState per class for an int seed, as imbalanced-learn does
            rng = check_random_state(self.random_state)
            drawn = rng.choice(np.arange(class_rows.size), size=n_new, replace=True)
            new_codes = np.empty((n_new, codes.shape[1]), dtype=np.intp)
            for s0 in range(0, n_new, 65_536):  # bounded scratch for the counting
                picked = class_codes[nn[drawn[s0 : s0 + 65_536]]]
                new_codes[s0 : s0 + 65_536] = most_frequent(picked)
            blocks.append(self._decode(new_codes, X.dtype))
            labels.append(np.full(n_new, label, dtype=y.dtype))
        X_res, y_res = np.vstack(blocks), np.concatenate(labels)
        if sparse_like is not None:
            X_res = type(sparse_like)(X_res)
        return X_res, y_res

    def _decode(self, new_codes: np.ndarray, dtype) -> np.ndarray:
        encoder = self.categorical_encoder_
        if isinstance(encoder, OrdinalCodes):
            return encoder.inverse_transform(new_codes, dtype)
        return np.asarray(encoder.inverse_transform(new_codes))
