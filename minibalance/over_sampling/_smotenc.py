r"""SMOTE-NC: SMOTE for rows of continuous and categorical features (Chawla et al., 2002).

The distance between two rows adds, to the squared Euclidean distance of their
continuous features, the square of :math:`m`, the median of the class's
continuous standard deviations, for every categorical feature on which they
differ:

.. math:: d(x, z)^2 = \sum_{f \in cont} (x_f - z_f)^2 + m^2 \, \#\{f \in cat : x_f \ne z_f\}.

imbalanced-learn builds this from a one-hot matrix of all categories whose ones
are replaced by :math:`v = m / \sqrt 2` (two columns differ per differing
category: :math:`2 v^2 = m^2`); that matrix, and the dense neighbours x categories
array it builds to vote, is what runs it out of memory on large tables. Here the
categorical term is a count of differing *codes*, computed in the k-NN engine's
tiles (:mod:`minibalance._kernels.mismatch`), with :math:`w = 2 v^2` and
:math:`v` rounded to the data's dtype as there.

For each synthetic row, SMOTE's draws pick a row and one of its ``k`` neighbours and a
step (continuous features: :math:`x + s (x_n - x)`); each categorical feature takes
the category most frequent among the row's ``k`` neighbours. Ties between
categories are broken at random as imbalanced-learn does: for each feature, the
(row, category) pairs that reach the row's maximum vote (``np.isclose`` of the
vote sums) in row-major order are permuted by one ``permutation`` draw, and each
row takes its first pair. That stream comes from ``check_random_state`` again (an
int seed restarts it). So for the same integer seed the rows are imbalanced-learn's
on data whose continuous parts have no distance ties.

References
----------
.. [1] N. V. Chawla, K. W. Bowyer, L. O. Hall and W. P. Kegelmeyer, "SMOTE:
   Synthetic Minority Over-sampling Technique", Journal of Artificial
   Intelligence Research 16, 321-357, 2002.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .._categorical import OrdinalCodes
from .._nearest import is_int_param, neighbors_estimator
from .._neighbors import distance_scale, kneighbors, scaled
from .._sparse import column_var, in_format_of, is_sparse
from .._validation import check_random_state, is_dataframe, parameter_error
from ..base import fresh_copy
from ._base import SyntheticRows, draw_pairs
from ._smote import SMOTE

__all__ = ["SMOTENC"]

# Synthetic rows voted at a time (bounds the scratch of the categorical vote).
_VOTE_CHUNK = 1 << 16


def _is_categorical_dtype(dtype: Any) -> bool:
    """Tell whether a pandas column dtype holds categories: category, object or strings."""
    return getattr(dtype, "name", "") in ("category", "object", "string", "str") or (
        getattr(dtype, "kind", "") in "OSU"
    )


def resolve_columns(X: Any, n_features: int, key: Any) -> np.ndarray:
    """Column indices of ``key``: ints (negative count from the end), names, a mask or a slice."""
    if isinstance(key, slice):
        return np.arange(n_features)[key]
    arr = np.atleast_1d(np.asarray(key))
    if arr.size == 0:
        return np.empty(0, dtype=np.intp)
    if arr.dtype == bool:
        if arr.size != n_features:
            raise ValueError(
                f"categorical_features as a boolean mask needs {n_features} entries (one per "
                f"feature); got {arr.size}."
            )
        return np.flatnonzero(arr)
    if arr.dtype.kind in "iu":
        if arr.size and (arr.max() >= n_features or arr.min() < -n_features):
            raise ValueError(
                f"all features must be in [0, {n_features - 1}]; categorical_features names "
                f"{arr.tolist()}."
            )
        return np.where(arr < 0, arr + n_features, arr).astype(np.intp)
    if arr.dtype.kind in "OU" and is_dataframe(X):
        columns = list(X.columns)
        missing = [name for name in arr.tolist() if name not in columns]
        if missing:
            raise ValueError(
                f"A given column is not a column of the dataframe: {missing}; its columns "
                f"are {columns[:10]}."
            )
        return np.array([columns.index(name) for name in arr.tolist()], dtype=np.intp)
    raise ValueError(
        "categorical_features must be 'auto', column indices, column names (for a DataFrame) "
        f"or a boolean mask; got {key!r}."
    )


class SMOTENC(SMOTE):
    """Over-sample mixed data: SMOTE on continuous features, votes on categorical ones.

    A drop-in for ``imblearn.over_sampling.SMOTENC`` (a :class:`SMOTE`, as there):
    the same parameters and, for an integer or ``RandomState`` ``random_state``,
    the same rows (on data whose continuous parts have no distance ties), in
    bounded memory: no one-hot matrix.

    Parameters
    ----------
    categorical_features : "auto", array-like of int or str, or boolean mask
        The categorical columns: indices, column names (DataFrame X), a mask, or
        ``"auto"``: the DataFrame's category, object and string columns
        (imbalanced-learn's ``"auto"`` takes category columns only).
    categorical_encoder : estimator, default=None
        A one-hot encoder with one column per category (scikit-learn's
        ``OneHotEncoder``; copied, fitted on the categorical columns), whose
        ``categories_`` give the categories. ``None``: minibalance's own (the
        sorted distinct values of each column, the default encoder's categories).
    sampling_strategy : float, str, dict or callable, default="auto"
    random_state : None, int, RandomState or Generator, default=None
        An int seeds a fresh ``RandomState`` for each draw, as imbalanced-learn.
    k_neighbors : int, default=5
        Neighbours within the class, by the exact engine on the mixed distance.

    Attributes
    ----------
    categorical_features_ : ndarray of int
        The categorical columns, in the order given.
    continuous_features_ : ndarray of int
    categorical_encoder_ : estimator
        The fitted encoder (its ``categories_``, one array per categorical column).
    median_std_ : dict
        Class -> :math:`m`, the median of its continuous standard deviations.
    sampling_strategy_ : dict
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Column names, when X was a DataFrame.
    base_indices_, neighbor_indices_, steps_ : ndarray
        Provenance of the continuous part of every synthetic row (as SMOTE's).

    Notes
    -----
    Output rows: the originals first, in order, then one block per class in
    sorted label order; columns in X's order; a DataFrame keeps its column
    dtypes, an ndarray its dtype when that holds the result (object for mixed
    data), float32 continuous data stays float32. Integer continuous columns are
    interpolated in float64 (imbalanced-learn truncates them to integers first).
    Memory: the continuous part (float), the codes, the neighbour table and
    bounded scratch; never a one-hot matrix or an n x n one.

    Examples
    --------
    >>> import numpy as np
    >>> from minibalance.over_sampling import SMOTENC
    >>> rng = np.random.RandomState(0)
    >>> X = np.empty((40, 2), dtype=object)
    >>> X[:, 0] = rng.normal(size=40)
    >>> X[:, 1] = rng.choice(["a", "b"], size=40)
    >>> y = np.r_[np.zeros(30, int), np.ones(10, int)]
    >>> X_res, y_res = SMOTENC(categorical_features=[1], random_state=0).fit_resample(X, y)
    >>> np.bincount(y_res).tolist(), sorted(set(X_res[:, 1]))
    ([30, 30], ['a', 'b'])
    """

    _sampling_type = "over-sampling"
    _numeric_only = False
    _accept_sparse = True

    def __init__(
        self,
        categorical_features,
        *,
        categorical_encoder=None,
        sampling_strategy="auto",
        random_state=None,
        k_neighbors=5,
    ):
        self.categorical_features = categorical_features
        self.categorical_encoder = categorical_encoder
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.k_neighbors = k_neighbors

    def _check_params(self) -> None:
        super()._check_params()
        if not is_int_param(self.k_neighbors):
            raise parameter_error(
                type(self).__name__,
                "k_neighbors",
                "an int in the range [1, inf)",
                self.k_neighbors,
                "SMOTENC searches the exact engine on its mixed distance.",
            )

    def _set_fitted(self, X: Any, X_arr: np.ndarray, y_arr: np.ndarray) -> None:
        super()._set_fitted(X, X_arr, y_arr)
        n_features = X_arr.shape[1]
        key = self.categorical_features
        if isinstance(key, str) and key == "auto":
            if not is_dataframe(X):
                raise ValueError(
                    "When `categorical_features='auto'`, the input data should be a "
                    f"pandas.DataFrame. Got {type(X)} instead. Pass the categorical "
                    "columns' indices for an array."
                )
            mask = np.array([_is_categorical_dtype(d) for d in X.dtypes], dtype=bool)
            self.categorical_features_ = np.flatnonzero(mask)
        else:
            self.categorical_features_ = resolve_columns(X, n_features, key)
        self.continuous_features_ = np.setdiff1d(np.arange(n_features), self.categorical_features_)
        if self.categorical_features_.size == n_features:
            raise ValueError(
                "SMOTE-NC is not designed to work only with categorical features. It "
                "requires some numerical features; use SMOTEN for categorical data."
            )
        if self.categorical_features_.size == 0:
            raise ValueError(
                "SMOTE-NC is not designed to work only with numerical features. It requires "
                "some categorical features; use SMOTE for numerical data."
            )

    def _continuous(self, X: np.ndarray) -> np.ndarray:
        """Return the continuous columns as floats (float32 and float64 kept; sparse as CSR)."""
        part = X[:, self.continuous_features_]
        if is_sparse(part):
            part = part.tocsr()
            return part if part.dtype in (np.float32, np.float64) else part.astype(np.float64)
        if part.dtype not in (np.float32, np.float64):
            try:
                part = part.astype(np.float64)
            except (TypeError, ValueError) as exc:
                raise ValueError(
                    f"The continuous features {self.continuous_features_.tolist()} must be "
                    "numeric; list the other columns in categorical_features."
                ) from exc
        if not np.isfinite(part).all():
            raise ValueError(
                "The continuous features hold NaN or infinite values; fill or drop them first."
            )
        return part

    def _encode(self, X_cat: np.ndarray) -> np.ndarray:
        """Category codes of the categorical columns, and ``categorical_encoder_``."""
        if self.categorical_encoder is None:
            self.categorical_encoder_ = OrdinalCodes()
            return self.categorical_encoder_.fit_transform(X_cat)
        encoder = self.categorical_encoder_ = fresh_copy(self.categorical_encoder)
        width = np.asarray(encoder.fit(X_cat).transform(X_cat[:1]).shape)[1]
        categories = encoder.categories_
        n_categories = sum(len(c) for c in categories)
        if width != n_categories:
            raise ValueError(
                "SMOTENC requires a one-hot encoding with one column per category for the "
                f"categorical features. The provided `categorical_encoder` produced {width} "
                f"columns for {n_categories} categories. This happens when the encoder drops "
                "columns (e.g. `OneHotEncoder(drop=...)`) or merges infrequent categories, "
                "which is not supported. Pass an encoder that keeps all categories, such as "
                "`OneHotEncoder(handle_unknown='ignore')`."
            )
        codes = np.empty(X_cat.shape, dtype=np.intp)
        for f, cats in enumerate(categories):
            cats = np.asarray(cats)
            order = np.argsort(cats, kind="stable")
            pos = np.minimum(np.searchsorted(cats[order], X_cat[:, f]), cats.size - 1)
            unknown = cats[order][pos] != X_cat[:, f]
            if np.any(unknown):  # an encoder given fixed categories that miss some values
                raise ValueError(
                    f"categorical_encoder's categories for column {f} miss values of X "
                    f"(e.g. {X_cat[np.flatnonzero(unknown)[0], f]!r}); SMOTENC needs every "
                    "category of the data. Let the encoder learn them (categories='auto')."
                )
            codes[:, f] = order[pos]
        return codes

    def _fit_resample(self, X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        X_cont = self._continuous(X)
        X_cat = X[:, self.categorical_features_]
        codes = self._encode(X_cat.toarray() if is_sparse(X_cat) else X_cat)
        categories = [np.asarray(c) for c in self.categorical_encoder_.categories_]
        Xf = X_cont.astype(np.float64) if is_sparse(X_cont) else np.asarray(X_cont, np.float64)
        # Huge or tiny data (beyond 2**+-100): the search and the median std on the data
        # divided by 2**e, exactly. The distances and the weight then scale by 2**-2e,
        # which changes no neighbour, and the squares no longer overflow (a NaN weight)
        # or underflow (a zero one); the vote keeps the unscaled one-hot value.
        e = distance_scale(Xf)
        Xf, X_spread = scaled(Xf, e), scaled(X_cont, e)
        k = int(self.k_neighbors)
        self.nn_k_ = neighbors_estimator(k)
        self.median_std_ = {}
        synthetic = SyntheticRows(X_cont, y)
        new_codes = []
        for label, n_new in self.sampling_strategy_.items():
            if n_new == 0:
                continue
            class_rows = np.flatnonzero(y == label)
            if class_rows.size < k + 1:
                raise ValueError(
                    f"k_neighbors={k} needs at least {k + 1} samples of class {label!r}; it "
                    f"has {class_rows.size}. Lower k_neighbors, or leave this class out of "
                    "sampling_strategy."
                )
            with np.errstate(over="ignore"):  # a float32 overflow is refused below
                var = column_var(X_spread[class_rows]).astype(X_cont.dtype)
            spread = np.median(np.sqrt(var))  # the median std of the data / 2**e
            if not np.isfinite(spread):
                raise ValueError(
                    f"The median standard deviation of class {label!r}'s continuous features "
                    f"overflows {X_cont.dtype}; pass X as float64 or scale its features."
                )
            median = np.ldexp(spread, e) if e else spread
            self.median_std_[label] = median
            # imbalanced-learn's one-hot value, in the data's dtype; the weight of a
            # mismatch, 2 v**2, from the scaled one (the search's distances are scaled)
            v = X_cont.dtype.type(median / np.sqrt(2))
            weight = 2.0 * float(X_cont.dtype.type(spread / np.sqrt(2))) ** 2
            class_codes = codes[class_rows]
            nn = kneighbors(Xf[class_rows], k, categorical=(class_codes, weight))
            rows, neighbors, steps = draw_pairs(self.random_state, nn, n_new)
            synthetic.add(label, class_rows[rows], class_rows[neighbors], steps)
            # an exact zero median leaves the ones of the one-hot matrix in place
            vote = X_cont.dtype.type(1.0) if math.isclose(median, 0) else v
            rng = check_random_state(self.random_state)
            new_codes.append(_vote(class_codes, nn[rows], categories, vote, rng))
        X_res_cont, y_res = synthetic.build(self)
        all_codes = np.concatenate([codes, *new_codes]) if new_codes else codes
        decoded = [cats[all_codes[:, f]] for f, cats in enumerate(categories)]
        if is_sparse(X):
            return self._sparse_output(X, X_res_cont, decoded), y_res
        out_dtype = np.result_type(X_res_cont.dtype, *[c.dtype for c in categories])
        if X.dtype == object:  # mixed columns stay Python objects, as the input's
            out_dtype = np.dtype(object)
        X_res = np.empty((X_res_cont.shape[0], X.shape[1]), dtype=out_dtype)
        X_res[:, self.continuous_features_] = X_res_cont
        for f, column in zip(self.categorical_features_, decoded):
            X_res[:, f] = column
        return X_res, y_res

    def _sparse_output(self, X, X_res_cont, decoded):
        """Continuous and decoded categorical columns as one sparse matrix in X's format."""
        import scipy.sparse as sp

        categorical = sp.csr_matrix(np.column_stack(decoded).astype(X.dtype))
        joined = sp.hstack([X_res_cont.tocsr(), categorical], format="csr")
        columns = np.argsort(np.r_[self.continuous_features_, self.categorical_features_])
        out = joined[:, columns].astype(X.dtype)
        out.sort_indices()
        return in_format_of(out, X)


def _vote(class_codes, neighbours, categories, vote, rng) -> np.ndarray:
    """Codes of the synthetic rows: per feature, the category most voted by the neighbours.

    ``neighbours`` (n_new, k) are positions in the class. A neighbour votes
    ``vote`` for its category; the sums ``S[c]`` (``vote`` added ``c`` times, in
    the dtype, as numpy sums the one-hot columns) reach the maximum where
    ``np.isclose`` says so, and ties go to the first of the row's pairs after
    one random permutation of all tied (row, category) pairs of the feature.
    """
    n_new, k = neighbours.shape
    sums = np.zeros(k + 1, dtype=np.asarray(vote).dtype)
    for c in range(1, k + 1):
        sums[c] = sums[c - 1] + vote
    out = np.empty((n_new, len(categories)), dtype=np.intp)
    for f, cats in enumerate(categories):
        pair_rows, pair_cats = [], []
        for s0 in range(0, n_new, _VOTE_CHUNK):
            votes = class_codes[neighbours[s0 : s0 + _VOTE_CHUNK], f]
            rows, cats_tied = _tied_pairs(votes, sums, len(cats))
            pair_rows.append(rows + s0)
            pair_cats.append(cats_tied)
        pair_rows, pair_cats = np.concatenate(pair_rows), np.concatenate(pair_cats)
        # the order of each pair after imbalanced-learn's permutation of the pairs
        position = np.empty(pair_rows.size, dtype=np.intp)
        position[rng.permutation(pair_rows.size)] = np.arange(pair_rows.size)
        first = np.lexsort((position, pair_rows))
        starts = np.flatnonzero(np.r_[True, pair_rows[first][1:] != pair_rows[first][:-1]])
        out[:, f] = pair_cats[first[starts]]
    return out


def _tied_pairs(votes: np.ndarray, sums: np.ndarray, n_categories: int):
    """Return the (row, category) pairs reaching each row's top vote, in row-major order.

    ``votes`` (n, k): the neighbours' codes. A category's vote sum is
    ``sums[count]``; the top is ``np.isclose`` to the largest (so tiny votes can
    tie with absent categories, whose sum is 0, as there).
    """
    n, k = votes.shape
    ordered = np.sort(votes, axis=1)
    counts = (ordered[:, :, None] == ordered[:, None, :]).sum(axis=2)  # count of each slot
    top = sums[counts.max(axis=1)]
    first = np.ones((n, k), dtype=bool)
    first[:, 1:] = ordered[:, 1:] != ordered[:, :-1]  # one slot per distinct category
    tied = first & np.isclose(sums[counts], top[:, None])
    absent_tie = np.isclose(np.zeros_like(top), top)
    if not absent_tie.any():
        rows, slots = np.nonzero(tied)
        return rows, ordered[rows, slots]
    # tiny votes: every category ties, present or not (np.isclose's absolute tolerance)
    rows_out, cats_out = [], []
    for r in range(n):
        if absent_tie[r]:
            count = np.bincount(ordered[r], minlength=n_categories)
            cats = np.flatnonzero(np.isclose(sums[count], top[r]))
        else:
            cats = ordered[r][tied[r]]
        rows_out.append(np.full(cats.size, r, dtype=np.intp))
        cats_out.append(cats)
    return np.concatenate(rows_out), np.concatenate(cats_out)
