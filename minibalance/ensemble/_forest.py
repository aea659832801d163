r"""Balanced random forest (Chen, Liaw & Breiman 2004): every tree on a balanced sample.

A random forest grows each tree on a bootstrap of the rows with a random subset
of ``max_features`` candidate features at each split; with a rare class, most
bootstraps barely hold it. The balanced random forest draws, for each tree
:math:`t`, a balanced sample :math:`S_t` by random under-sampling (imbalanced-learn
0.14's defaults: ``sampling_strategy="all"``, every class down to the minority's
count, drawn *with* replacement, which is the balanced bootstrap of the paper),
and grows the tree on :math:`S_t`, itself bootstrapped again only when
``bootstrap=True``. The forest's probability is the mean over trees,
:math:`p(c \mid x) = \frac1T \sum_t p_t(c \mid x)`.

Randomness, as imbalanced-learn's ``BalancedRandomForestClassifier``: from
``check_random_state(random_state)``, each tree takes one ``randint(MAX_INT)``
seed for itself, then one for its sampler (``set_random_states``, tree first);
the sampler draws :math:`S_t` (our :class:`RandomUnderSampler`, the same rows as
imbalanced-learn's); with ``bootstrap=True`` the tree's seed then draws its
bootstrap of :math:`S_t` as scikit-learn's forests do (``randint``, or
``choice`` with probabilities proportional to ``sample_weight``, as scikit-learn
1.9 draws, the tree then weighting each row by how often it was drawn). The
trees are scikit-learn's, so the same ``random_state`` gives the same forest.

References
----------
.. [1] C. Chen, A. Liaw and L. Breiman, "Using Random Forest to Learn
   Imbalanced Data", Technical report 666, University of California,
   Berkeley, 2004.
.. [2] L. Breiman, "Random Forests", Machine Learning 45(1), 2001.
"""

from __future__ import annotations

import inspect
from copy import deepcopy
from numbers import Integral
from typing import Any, ClassVar
from warnings import warn

import numpy as np
from joblib import Parallel, delayed
from sklearn.base import clone
from sklearn.ensemble import RandomForestClassifier
from sklearn.tree import DecisionTreeClassifier
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import StrOptions

from ..pipeline import make_pipeline
from ..under_sampling import RandomUnderSampler
from ._bagging import _STRATEGY
from ._common import (
    MAX_INT,
    MeanProbabilityVote,
    PriorCalibration,
    encoded_strategy,
    set_random_states,
)

__all__ = ["BalancedRandomForestClassifier"]

_DTYPE = np.float32  # scikit-learn's trees split float32 features


def _validate_data(estimator: Any, X: Any, y: Any) -> tuple[Any, Any]:
    try:
        from sklearn.utils.validation import validate_data
    except ImportError:  # scikit-learn < 1.6
        return estimator._validate_data(
            X, y, multi_output=True, accept_sparse="csc", dtype=_DTYPE, force_all_finite=False
        )
    return validate_data(
        estimator,
        X=X,
        y=y,
        multi_output=True,
        accept_sparse="csc",
        dtype=_DTYPE,
        ensure_all_finite=False,
    )


def n_bootstrap(n_samples: int, max_samples: Any, sample_weight: np.ndarray | None) -> int:
    """Rows in a tree's bootstrap: all, ``max_samples``, or that fraction of the (weighted) rows."""
    if max_samples is None:
        return n_samples
    if isinstance(max_samples, Integral):
        return int(max_samples)
    total = n_samples if sample_weight is None else float(np.sum(sample_weight))
    return max(int(max_samples * total), 1)


def bootstrap_rows(seed: Any, n_samples: int, n_draw: int, sample_weight: np.ndarray | None):
    """Draw a tree's bootstrap from its own seed as scikit-learn's forests draw it."""
    rng = check_random_state(seed)
    if sample_weight is None:
        rows = rng.randint(0, n_samples, n_draw)
    else:
        rows = rng.choice(n_samples, n_draw, replace=True, p=sample_weight / np.sum(sample_weight))
    return rows.astype(np.int32)


def _grow_tree(sampler, tree, bootstrap, X, y, sample_weight, n_draw, class_weight, verbose, i, n):
    """Resample, then grow one tree (on a bootstrap of the resample when asked)."""
    if verbose > 1:
        print(f"building tree {i + 1} of {n}")
    X_res, y_res = sampler.fit_resample(X, y)
    weight = None if sample_weight is None else sample_weight[sampler.sample_indices_]
    if bootstrap:
        n_res = X_res.shape[0]
        rows = bootstrap_rows(tree.random_state, n_res, min(n_draw, n_res), weight)
        weight = np.bincount(rows, minlength=n_res).astype(np.float64)
        if class_weight == "balanced_subsample":
            from sklearn.utils.class_weight import compute_sample_weight

            weight = weight * compute_sample_weight("balanced", y_res, indices=rows)
    tree.fit(X_res, y_res, sample_weight=weight)
    return sampler, tree


class BalancedRandomForestClassifier(PriorCalibration, MeanProbabilityVote, RandomForestClassifier):
    """A random forest whose every tree grows on a balanced random under-sample.

    A drop-in for ``imblearn.ensemble.BalancedRandomForestClassifier`` (needs
    scikit-learn), with imbalanced-learn 0.14's defaults
    (``sampling_strategy="all"``, ``replacement=True``, ``bootstrap=False``) and,
    for the same ``random_state``, the same trees and predictions.

    Parameters
    ----------
    n_estimators : int, default=100
        Number of trees.
    criterion, max_depth, min_samples_split, min_samples_leaf, \
min_weight_fraction_leaf, max_features, max_leaf_nodes, min_impurity_decrease, \
ccp_alpha, monotonic_cst
        The trees' parameters, as scikit-learn's ``RandomForestClassifier``.
    bootstrap : bool, default=False
        Bootstrap each tree's balanced sample again.
    oob_score : bool, default=False
        Score each row with the trees whose (bootstrapped) sample left it out;
        needs ``bootstrap=True``.
    sampling_strategy : float, str, dict or callable, default="all"
        The under-sampler's strategy.
    replacement : bool, default=True
        Whether the under-sampler draws with replacement.
    n_jobs : int, default=None
        Trees grown in parallel (joblib threads).
    random_state : int, RandomState or None, default=None
        Seeds the samplers, the trees and their bootstraps.
    verbose : int, default=0
        Verbosity.
    warm_start : bool, default=False
        Add trees to the fitted forest instead of starting over.
    class_weight : dict, list, "balanced", "balanced_subsample" or None, default=None
        As scikit-learn's forests.
    max_samples : int, float or None, default=None
        With ``bootstrap=True``, rows drawn for each tree (at most its sample's size).
    calibrate : None or "prior", default=None
        ``"prior"``: ``predict_proba`` is corrected from the trees' resampled class
        prior to the training data's (see :mod:`minibalance.ensemble`).

    Attributes
    ----------
    estimator_ : DecisionTreeClassifier
        The tree each member is cloned from.
    estimators_ : list of DecisionTreeClassifier
        The fitted trees.
    base_sampler_ : RandomUnderSampler
        The sampler each tree's sampler is cloned from.
    samplers_ : list of RandomUnderSampler
        The fitted samplers (``sample_indices_``: each tree's rows).
    pipelines_ : list of Pipeline
        Each sampler with its tree.
    classes_, n_classes_, n_features_in_, n_outputs_, feature_importances_
        As scikit-learn's forests.
    oob_score_, oob_decision_function_
        With ``oob_score=True``.
    original_prior_, resampled_prior_ : ndarray of shape (n_classes,)
        With ``calibrate="prior"``.

    Examples
    --------
    >>> import numpy as np
    >>> from minibalance.ensemble import BalancedRandomForestClassifier
    >>> rng = np.random.RandomState(0)
    >>> X = rng.normal(size=(500, 4)); y = (X[:, 0] > 1.6).astype(int)
    >>> clf = BalancedRandomForestClassifier(n_estimators=20, random_state=0).fit(X, y)
    >>> clf.predict(X[:3]).shape
    (3,)
    """

    _parameter_constraints: ClassVar[dict] = {
        **RandomForestClassifier._parameter_constraints,
        "bootstrap": ["boolean"],
        "sampling_strategy": _STRATEGY,
        "replacement": ["boolean"],
        "calibrate": [StrOptions({"prior"}), None],
    }

    def __init__(
        self,
        n_estimators: int = 100,
        *,
        criterion: str = "gini",
        max_depth: Any = None,
        min_samples_split: Any = 2,
        min_samples_leaf: Any = 1,
        min_weight_fraction_leaf: float = 0.0,
        max_features: Any = "sqrt",
        max_leaf_nodes: Any = None,
        min_impurity_decrease: float = 0.0,
        bootstrap: bool = False,
        oob_score: bool = False,
        sampling_strategy: Any = "all",
        replacement: bool = True,
        n_jobs: int | None = None,
        random_state: Any = None,
        verbose: int = 0,
        warm_start: bool = False,
        class_weight: Any = None,
        ccp_alpha: float = 0.0,
        max_samples: Any = None,
        monotonic_cst: Any = None,
        calibrate: Any = None,
    ):
        super().__init__(
            n_estimators=n_estimators,
            criterion=criterion,
            max_depth=max_depth,
            min_samples_split=min_samples_split,
            min_samples_leaf=min_samples_leaf,
            min_weight_fraction_leaf=min_weight_fraction_leaf,
            max_features=max_features,
            max_leaf_nodes=max_leaf_nodes,
            min_impurity_decrease=min_impurity_decrease,
            bootstrap=bootstrap,
            oob_score=oob_score,
            n_jobs=n_jobs,
            random_state=random_state,
            verbose=verbose,
            warm_start=warm_start,
            class_weight=class_weight,
            ccp_alpha=ccp_alpha,
            max_samples=max_samples,
            monotonic_cst=monotonic_cst,
        )
        self.sampling_strategy = sampling_strategy
        self.replacement = replacement
        self.calibrate = calibrate

    def _validate_estimator(self, default: Any = None) -> None:
        self.estimator_ = (
            clone(self.estimator) if self.estimator is not None else clone(DecisionTreeClassifier())
        )
        self.base_sampler_ = RandomUnderSampler(
            sampling_strategy=self._sampling_strategy, replacement=self.replacement
        )

    def _make_sampler_estimator(self, random_state: Any) -> tuple[Any, Any]:
        """Make a fresh tree and sampler, seeded tree first (imbalanced-learn's order)."""
        tree = clone(self.estimator_)
        tree.set_params(**{p: getattr(self, p) for p in self.estimator_params})
        sampler = clone(self.base_sampler_)
        set_random_states(tree, random_state)
        set_random_states(sampler, random_state)
        return tree, sampler

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> BalancedRandomForestClassifier:
        """Grow the forest, each tree on a balanced random under-sample of (X, y).

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_samples, n_features)
            Converted to float32 (and a sparse one to CSC) as for scikit-learn's forests.
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None
            Follows each tree's sample.

        Returns
        -------
        self
        """
        self._validate_params()
        self._check_calibrate()
        from scipy.sparse import issparse
        from sklearn.utils.validation import _check_sample_weight

        if issparse(y):
            raise ValueError("sparse multilabel-indicator for y is not supported.")
        X, y = _validate_data(self, X, y)
        # raises for missing values the trees cannot split on
        probe = type(self.estimator)(criterion=self.criterion)
        probe._compute_missing_values_in_feature_mask(X, estimator_name=type(self).__name__)
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, X)
        if issparse(X):
            X.sort_indices()  # once, not in every tree
        y = np.atleast_1d(y)
        if y.ndim == 2 and y.shape[1] == 1:
            from ..exceptions import DataConversionWarning

            warn(
                "A column-vector y was passed when a 1d array was expected. Please change "
                "the shape of y to (n_samples,), for example using ravel().",
                DataConversionWarning,
                stacklevel=2,
            )
        if y.ndim == 1:
            y = np.reshape(y, (-1, 1))
        self.n_outputs_ = y.shape[1]
        if self.n_outputs_ != 1:
            raise ValueError(
                f"y has {self.n_outputs_} columns; the balanced random forest resamples one "
                "column of class labels. Fit one forest per output."
            )
        if "sample_weight" in inspect.signature(self._validate_y_class_weight).parameters:
            y_encoded, class_weight = self._validate_y_class_weight(y, sample_weight)
        else:  # scikit-learn < 1.9
            y_encoded, class_weight = self._validate_y_class_weight(y)
        y_encoded = np.ascontiguousarray(y_encoded, dtype=np.float64)
        self._sampling_strategy = encoded_strategy(
            self.sampling_strategy, y, self.classes_[0], "under-sampling"
        )
        if class_weight is not None:
            sample_weight = class_weight if sample_weight is None else sample_weight * class_weight
        n_draw = n_bootstrap(X.shape[0], self.max_samples, sample_weight)
        self._validate_estimator()
        if not self.bootstrap and self.oob_score:
            raise ValueError("Out of bag estimation only available if bootstrap=True")

        rng = check_random_state(self.random_state)
        if not self.warm_start or not hasattr(self, "estimators_"):
            self.estimators_, self.samplers_, self.pipelines_ = [], [], []
        n_more = self.n_estimators - len(self.estimators_)
        if n_more < 0:
            raise ValueError(
                f"n_estimators={self.n_estimators} must be larger or equal to "
                f"len(estimators_)={len(self.estimators_)} when warm_start==True"
            )
        if n_more == 0:
            warn(
                "Warm-start fitting without increasing n_estimators does not fit new trees.",
                stacklevel=2,
            )
        else:
            if self.warm_start and self.estimators_:
                # The draws a fit from scratch would have spent on the existing trees:
                # two each (tree, then sampler), so that growing 4 trees then 4 more is
                # the forest of 8. (imbalanced-learn skips one per tree, as scikit-learn's
                # forests do for their one seed per tree, and its warm-started trees
                # differ from a fit from scratch.)
                rng.randint(MAX_INT, size=2 * len(self.estimators_))
            members = [self._make_sampler_estimator(rng) for _ in range(n_more)]
            y_1d = y_encoded[:, 0]
            grown = Parallel(n_jobs=self.n_jobs, verbose=self.verbose, prefer="threads")(
                delayed(_grow_tree)(
                    sampler,
                    tree,
                    self.bootstrap,
                    X,
                    y_1d,
                    sample_weight,
                    n_draw,
                    self.class_weight,
                    self.verbose,
                    i,
                    n_more,
                )
                for i, (tree, sampler) in enumerate(members)
            )
            samplers, trees = zip(*grown, strict=True)
            self.estimators_.extend(trees)
            self.samplers_.extend(samplers)
            self.pipelines_.extend(
                make_pipeline(deepcopy(s), deepcopy(t))
                for s, t in zip(samplers, trees, strict=True)
            )
        if self.oob_score:
            self._set_oob(X, y_encoded, sample_weight, n_draw)
        if self.n_outputs_ == 1:
            self.n_classes_ = self.n_classes_[0]
            self.classes_ = self.classes_[0]
        if self.calibrate == "prior":
            n_classes = np.atleast_1d(self.n_classes_)[0]
            member_counts = [
                np.bincount(y_encoded[s.sample_indices_, 0].astype(np.intp), minlength=n_classes)
                for s in self.samplers_
            ]
            self._set_priors(np.bincount(y_encoded[:, 0].astype(np.intp)), member_counts)
        return self

    def _set_oob(self, X: Any, y: np.ndarray, sample_weight: Any, n_draw: int) -> None:
        """Out-of-bag probabilities: each row scored by the trees whose bootstrap left it out.

        The bootstrap is redrawn from each tree's seed exactly as in ``fit``
        (imbalanced-learn redraws it without the weights and with ``max_samples``
        taken of the tree's sample, so with ``sample_weight`` or a fractional
        ``max_samples`` its out-of-bag rows are not the ones its trees left out).
        """
        from scipy.sparse import issparse
        from sklearn.metrics import accuracy_score

        if issparse(X):
            X = X.tocsr()
        n_samples = y.shape[0]
        n_classes = self.n_classes_[0]
        oob = np.zeros((n_samples, n_classes, self.n_outputs_))
        seen = np.zeros((n_samples, self.n_outputs_), dtype=np.int64)
        for sampler, tree in zip(self.samplers_, self.estimators_, strict=True):
            rows = sampler.sample_indices_
            n_res = rows.size
            weight = None if sample_weight is None else sample_weight[rows]
            drawn = bootstrap_rows(tree.random_state, n_res, min(n_draw, n_res), weight)
            left_out = np.flatnonzero(np.bincount(drawn, minlength=n_res) == 0)
            proba = tree.predict_proba(X[rows[left_out]], check_input=False)
            proba = np.asarray(proba)
            if proba.ndim == 2:
                proba = proba[..., None]
            else:
                proba = np.rollaxis(proba, 0, proba.ndim)
            oob[rows[left_out], ...] += proba
            seen[rows[left_out], :] += 1
        if (seen == 0).any():
            warn(
                "Some inputs do not have OOB scores. This probably means too few trees were "
                "used to compute any reliable OOB estimates.",
                UserWarning,
                stacklevel=3,
            )
            seen[seen == 0] = 1
        oob /= seen[:, None, :]
        self.oob_decision_function_ = oob.squeeze(axis=-1) if oob.shape[-1] == 1 else oob
        self.oob_score_ = accuracy_score(y, np.argmax(self.oob_decision_function_, axis=1))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = False
        tags.classifier_tags.multi_label = False
        return tags
