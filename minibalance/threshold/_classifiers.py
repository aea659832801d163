"""Threshold meta-estimators: a fixed decision threshold, or one tuned by cross-validation.

Both wrap a fitted-or-not scikit-learn binary classifier and turn its
``predict_proba`` (or ``decision_function``) into labels with the rule
``score >= threshold``. They follow scikit-learn's conventions and names
(``sklearn.model_selection.FixedThresholdClassifier`` /
``TunedThresholdClassifierCV``) and need scikit-learn, which is imported only
when they are fitted or used.

:class:`TunedThresholdClassifierCV` differs from scikit-learn's in how the
threshold is searched. scikit-learn scores a grid (100 points by default) by
calling the metric once per point on thresholded predictions, then averages the
folds' curves by linear interpolation. Here, with ``thresholds="exact"``, every
distinct validation score of every fold is a candidate, and each fold's
confusion counts at all candidates come from one sort (binary searches in the
fold's sorted scores); the cross-validated objective at a candidate is the mean
over folds of the objective each fold *actually* gets with that threshold, with
no interpolation. Since the counts of every fold only change at these
candidates, no threshold has a better cross-validated objective.
"""

from __future__ import annotations

import types
from numbers import Integral, Real
from typing import Any

import numpy as np

from .._counts import counts_at
from .._labels import count_labels
from .._validation import parameter_error
from ..base import ParamsMixin
from ._objectives import check_objective, evaluate, precision, recall
from ._search import best_index, check_constraint, feasible_mask

__all__ = ["FixedThresholdClassifier", "TunedThresholdClassifierCV"]

_RESPONSE_METHODS = ("auto", "predict_proba", "decision_function")


def _require_sklearn(owner: str) -> None:
    try:
        import sklearn  # noqa: F401
    except ImportError as exc:  # pragma: no cover - exercised in a bare environment
        raise ImportError(
            f"{owner} wraps scikit-learn estimators and needs scikit-learn: "
            "pip install 'minibalance[sklearn]'."
        ) from exc


def _binary_classes(y: np.ndarray) -> np.ndarray:
    if y.ndim != 1 and not (y.ndim == 2 and y.shape[1] == 1):
        raise ValueError(
            f"y must be one column of binary labels; got shape {y.shape}. "
            "Only binary classification is supported."
        )
    classes = count_labels(y.ravel()).classes
    if classes.size != 2:
        raise ValueError(
            f"Only binary classification is supported; y has {classes.size} classes "
            f"({classes[:5].tolist()}{'...' if classes.size > 5 else ''})."
        )
    return classes


def _check_response_method(response_method: Any) -> None:
    if response_method not in _RESPONSE_METHODS:
        raise ValueError(
            f"response_method must be one of {_RESPONSE_METHODS}; got {response_method!r}."
        )


def _response_values(estimator: Any, X: Any, response_method: str, pos_label: Any):
    """Scores of the positive class: ``(scores, method used, pos_label)``.

    ``predict_proba``'s column of ``pos_label``; or ``decision_function``,
    negated when ``pos_label`` is the first class (as scikit-learn does).
    """
    _check_response_method(response_method)
    methods = (
        ["predict_proba", "decision_function"] if response_method == "auto" else [response_method]
    )
    method = next((m for m in methods if hasattr(estimator, m)), None)
    if method is None:
        raise AttributeError(
            f"{type(estimator).__name__} has none of the response methods {methods}; "
            "pass a classifier with predict_proba or decision_function."
        )
    classes = np.asarray(estimator.classes_)
    if classes.size != 2:
        raise ValueError(f"The estimator must be a binary classifier; it has classes {classes}.")
    if pos_label is None:
        pos_label = classes[1]
    elif pos_label not in classes.tolist():
        raise ValueError(f"pos_label={pos_label!r} is not a class; the classes are {classes}.")
    raw = np.asarray(getattr(estimator, method)(X))
    if method == "predict_proba":
        return raw[:, np.flatnonzero(classes == pos_label)[0]], method, pos_label
    scores = raw.ravel()
    return (-scores if pos_label == classes[0] else scores), method, pos_label


class _if_delegate_has:  # a decorator, like scikit-learn's available_if
    """A method that exists only when the wrapped estimator has it.

    ``hasattr(FixedThresholdClassifier(SVC()), "predict_proba")`` is then False,
    as with scikit-learn's meta-estimators: the fitted ``estimator_`` is asked
    when there is one, else ``estimator``.
    """

    def __init__(self, method):
        self.method = method
        self.name = method.__name__
        self.__doc__ = method.__doc__

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        inner = getattr(obj, "estimator_", None)
        if inner is None:
            inner = obj.estimator
        if not hasattr(inner, self.name):
            raise AttributeError(
                f"This {type(obj).__name__} has no attribute {self.name!r}: its estimator "
                f"{type(inner).__name__} does not implement it."
            )
        return types.MethodType(self.method, obj)


def _labels(scores: np.ndarray, threshold: float, classes: np.ndarray, pos_label: Any):
    pos = int(np.flatnonzero(classes == pos_label)[0])
    return classes[np.where(scores >= threshold, pos, 1 - pos)]


class _ThresholdClassifier(ParamsMixin):
    """Delegation, tags and fitted-state handling shared by both classifiers."""

    def __sklearn_tags__(self):
        """Tags for scikit-learn: a binary classifier."""
        from sklearn.utils import ClassifierTags, InputTags, Tags, TargetTags

        return Tags(
            estimator_type="classifier",
            target_tags=TargetTags(required=True),
            classifier_tags=ClassifierTags(multi_class=False),
            input_tags=InputTags(),
        )

    def _fitted_estimator(self) -> Any:
        estimator = getattr(self, "estimator_", None)
        if estimator is not None:
            return estimator
        if hasattr(self.estimator, "classes_") and not getattr(self, "_needs_fit", False):
            return self.estimator
        from sklearn.exceptions import NotFittedError

        raise NotFittedError(
            f"This {type(self).__name__} instance is not fitted yet. Call 'fit' first."
        )

    @property
    def classes_(self) -> np.ndarray:
        """The class labels of the underlying estimator."""
        try:
            return self._fitted_estimator().classes_
        except Exception as exc:  # NotFittedError -> AttributeError, as scikit-learn
            raise AttributeError("The underlying estimator is not fitted yet.") from exc

    def _set_fitted_attributes(self) -> None:
        for name in ("n_features_in_", "feature_names_in_"):
            if hasattr(self.estimator_, name):
                setattr(self, name, getattr(self.estimator_, name))

    @_if_delegate_has
    def predict_proba(self, X: Any) -> np.ndarray:
        """Class probabilities of the underlying estimator."""
        return self._fitted_estimator().predict_proba(X)

    @_if_delegate_has
    def predict_log_proba(self, X: Any) -> np.ndarray:
        """Log class probabilities of the underlying estimator."""
        return self._fitted_estimator().predict_log_proba(X)

    @_if_delegate_has
    def decision_function(self, X: Any) -> np.ndarray:
        """Decision function of the underlying estimator."""
        return self._fitted_estimator().decision_function(X)

    def score(self, X: Any, y: Any, sample_weight: Any = None) -> float:
        """Accuracy of :meth:`predict` on ``(X, y)``, as scikit-learn classifiers."""
        correct = self.predict(X) == np.asarray(y)
        return float(np.average(correct, weights=sample_weight))


class FixedThresholdClassifier(_ThresholdClassifier):
    """A binary classifier with a decision threshold set by hand.

    Parameters
    ----------
    estimator : classifier
        A scikit-learn binary classifier, fitted or not. If fitted and
        :meth:`fit` is not called, it is used as is.
    threshold : float or "auto", default="auto"
        Predict ``pos_label`` when the score is ``>= threshold``. ``"auto"`` is
        0.5 for ``predict_proba`` and 0 for ``decision_function``.
    pos_label : label, default=None
        The positive class; by default the second of ``classes_``.
    response_method : {"auto", "predict_proba", "decision_function"}, default="auto"
        Which score to threshold; ``"auto"`` tries ``predict_proba`` first.

    Attributes
    ----------
    estimator_ : classifier
        The fitted clone of ``estimator`` (after :meth:`fit`).
    classes_ : ndarray of shape (2,)

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> from minibalance.threshold import FixedThresholdClassifier
    >>> X, y = [[0], [1], [2], [3]], [0, 0, 1, 1]
    >>> clf = FixedThresholdClassifier(LogisticRegression(), threshold=0.9).fit(X, y)
    >>> clf.predict([[2.8], [3.0], [9.0]]).tolist()
    [0, 0, 1]
    """

    def __init__(
        self,
        estimator: Any,
        *,
        threshold: Any = "auto",
        pos_label: Any = None,
        response_method: str = "auto",
    ):
        self.estimator = estimator
        self.threshold = threshold
        self.pos_label = pos_label
        self.response_method = response_method

    def fit(self, X: Any, y: Any, **fit_params: Any):
        """Fit a clone of the estimator on ``(X, y)``; ``fit_params`` go to its ``fit``.

        Returns
        -------
        self
        """
        _require_sklearn(type(self).__name__)
        from sklearn.base import clone

        _check_response_method(self.response_method)
        threshold = self.threshold
        if not (
            (isinstance(threshold, str) and threshold == "auto") or isinstance(threshold, Real)
        ):
            raise parameter_error(
                type(self).__name__,
                "threshold",
                "a str among {'auto'} or an instance of 'float'",
                threshold,
                "Pass a number, or 'auto' (0.5 for probabilities, 0 for decision values).",
            )
        _binary_classes(np.asarray(y))
        self.estimator_ = clone(self.estimator).fit(X, y, **fit_params)
        self._set_fitted_attributes()
        return self

    def predict(self, X: Any) -> np.ndarray:
        """Labels: ``pos_label`` where the score is ``>= threshold``.

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        estimator = self._fitted_estimator()
        scores, method, pos_label = _response_values(
            estimator, X, self.response_method, self.pos_label
        )
        if isinstance(self.threshold, str):
            if self.threshold != "auto":
                raise ValueError(f"threshold must be a number or 'auto'; got {self.threshold!r}.")
            threshold = 0.5 if method == "predict_proba" else 0.0
        else:
            threshold = self.threshold
        return _labels(scores, threshold, np.asarray(estimator.classes_), pos_label)


#: scikit-learn scorer names whose metric is one of our counts objectives (bit for bit).
_SCORER_OBJECTIVES = {
    "balanced_accuracy": "balanced_accuracy",
    "f1": "f1",
    "precision": "precision",
    "recall": "recall",
    "matthews_corrcoef": "mcc",
}


class _ThresholdedScores:
    """Stands in for a model thresholded at ``t``, so a scorer sees its labels.

    A scikit-learn scorer calls ``predict(X)``; this returns the labels of the
    validation scores it was built with, ``score >= t``.
    """

    def __init__(self, scores, threshold, classes, pos_label):
        self.classes_ = classes
        self._labels = _labels(scores, threshold, classes, pos_label)

    def predict(self, X):
        return self._labels

    def __sklearn_tags__(self):
        from sklearn.utils import Tags, TargetTags

        return Tags(estimator_type=None, target_tags=TargetTags(required=True))


def _fit_and_score(estimator, X, y, train, val, params, response_method, pos_label):
    """Fit a clone on one training part; return its validation scores and labels."""
    from sklearn.base import clone
    from sklearn.utils import _safe_indexing

    n = y.shape[0]
    fold_params = {
        k: _safe_indexing(v, train) if hasattr(v, "__len__") and len(v) == n else v
        for k, v in params.items()
    }
    model = clone(estimator).fit(_safe_indexing(X, train), y[train], **fold_params)
    s, _, pos = _response_values(model, _safe_indexing(X, val), response_method, pos_label)
    return model, np.asarray(s, dtype=np.float64), y[val], pos


class TunedThresholdClassifierCV(_ThresholdClassifier):
    r"""A binary classifier whose decision threshold is tuned by cross-validation.

    A drop-in for ``sklearn.model_selection.TunedThresholdClassifierCV``: the
    same parameters and defaults (``scoring="balanced_accuracy"`` over a grid of
    ``thresholds=100``), the same ``best_threshold_``. Each fold fits a clone of
    ``estimator`` on its training part and scores its validation part; the
    threshold with the best fold-averaged score is kept, and the estimator is
    refitted on all the data.

    **Extras** (opt-in): ``objective=`` (F-beta, G-mean, Youden's J, a cost
    ``cost_fp * FP + cost_fn * FN``, or any function of the confusion counts),
    ``min_recall`` / ``min_precision`` constraints, an explicit ``pos_label``, and
    ``thresholds="exact"``: every distinct validation score is a candidate,
    each fold scored exactly there, so no threshold does better.

    Parameters
    ----------
    estimator : classifier
        A scikit-learn binary classifier.
    scoring : str or callable, default="balanced_accuracy"
        scikit-learn's: a scorer name or a scorer ``f(estimator, X, y)``,
        applied to the labels at each threshold. ``"balanced_accuracy"``,
        ``"f1"``, ``"precision"``, ``"recall"`` and ``"matthews_corrcoef"`` are
        computed from the confusion counts (the same numbers, much faster);
        other scorers are called once per threshold and fold, as scikit-learn does.
        Ignored when ``objective`` is given.
    response_method : {"auto", "predict_proba", "decision_function"}, default="auto"
        Which score to threshold; ``"auto"`` tries ``predict_proba`` first.
    thresholds : int, array-like or "exact", default=100
        An int ``k`` or an array: scikit-learn's grid, reproduced exactly —
        each fold is scored on ``linspace(fold min, fold max, k)`` (or on the
        array) and the folds' scores are linearly interpolated onto
        ``linspace(overall min, overall max, k)`` (or the array) and averaged
        (an array is sorted first; scikit-learn interpolates on it unsorted).
        ``"exact"`` (extra): every distinct validation score (and ``inf``) is a
        candidate; needs a counts objective (``objective``, or one of the
        scorers above).
    cv : int, float, cross-validation generator, iterable, "prefit" or None, default=None
        As scikit-learn: ``None`` is 5 stratified folds, an int that many; a
        float in (0, 1) one stratified shuffle split holding out that fraction;
        ``"prefit"`` scores an already fitted ``estimator`` on the data given to
        :meth:`fit`.
    refit : bool, default=True
        Refit the estimator on all the data. ``False`` keeps the estimator fitted
        on the training part of a single split (one split only), or the
        prefitted estimator.
    n_jobs : int, default=None
        Fit the folds in parallel (joblib); ``-1`` uses every core.
    random_state : int, RandomState or None, default=None
        Seeds the split when ``cv`` is a float.
    store_cv_results : bool, default=False
        Keep the cross-validated curve in ``cv_results_``.
    objective : str or callable, default=None
        Extra: optimise this instead of ``scoring``, as in
        :func:`find_best_threshold`: ``"f1"``, ``"fbeta"``, ``"precision"``,
        ``"recall"``, ``"balanced_accuracy"``, ``"mcc"``, ``"gmean"``,
        ``"youden"``, ``"cost"`` (minimised) or ``f(tp, fp, fn, tn) -> scores``.
    beta : float, default=1.0
        For ``objective="fbeta"``.
    min_recall, min_precision : float in [0, 1], default=None
        Extra: constraints on the fold-averaged recall / precision; if no
        threshold meets them, a ``ValueError`` states the best achievable.
    cost_fp, cost_fn : float, default=1.0
        For ``objective="cost"``: the cost of a false positive / negative.
    pos_label : label, default=None
        Extra: the positive class. By default the scorer's ``pos_label`` (a
        scorer made with ``make_scorer(..., pos_label=...)``), else the second
        of the sorted labels, as scikit-learn.

    Attributes
    ----------
    estimator_ : classifier
        The fitted estimator used by :meth:`predict`.
    best_threshold_ : float
        Predict the positive class when the score is ``>= best_threshold_``
        (``inf``: never).
    best_score_ : float
        The fold-averaged score at ``best_threshold_`` (interpolated, as
        scikit-learn, with a grid; exact with ``thresholds="exact"``). A mean
        cost for ``objective="cost"``.
    cv_results_ : dict
        With ``store_cv_results=True``: ``thresholds`` (increasing), ``scores``,
        and the fold-averaged ``precision`` and ``recall`` at each threshold.
    classes_ : ndarray of shape (2,)

    Notes
    -----
    **Combining the folds.** With ``"exact"``, the score of a candidate ``t`` is
    :math:`\frac{1}{F}\sum_f J(TP_f(t), FP_f(t), FN_f(t), TN_f(t))`, each fold
    counted with the rule ``score >= t``; constraints apply to the fold means of
    precision and recall. Ties in the mean objective go to the fewest mean
    errors (FP + FN), then to the highest threshold. With a grid, ties go to
    the lowest threshold, as scikit-learn's ``argmax``.

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> from minibalance.datasets import make_imbalanced
    >>> from minibalance.threshold import TunedThresholdClassifierCV
    >>> X, y = make_imbalanced(n_samples=2000, weights=(0.9, 0.1), random_state=0)
    >>> clf = TunedThresholdClassifierCV(LogisticRegression(), scoring="f1").fit(X, y)
    >>> 0 < clf.best_threshold_ < 1
    True
    >>> exact = TunedThresholdClassifierCV(LogisticRegression(), objective="f1",
    ...                                    thresholds="exact").fit(X, y)
    >>> exact.best_score_ >= clf.best_score_
    True
    """

    def __init__(
        self,
        estimator: Any,
        *,
        scoring: Any = "balanced_accuracy",
        response_method: str = "auto",
        thresholds: Any = 100,
        cv: Any = None,
        refit: bool = True,
        n_jobs: int | None = None,
        random_state: Any = None,
        store_cv_results: bool = False,
        objective: Any = None,
        beta: float = 1.0,
        min_recall: float | None = None,
        min_precision: float | None = None,
        cost_fp: float = 1.0,
        cost_fn: float = 1.0,
        pos_label: Any = None,
    ):
        self.estimator = estimator
        self.scoring = scoring
        self.response_method = response_method
        self.thresholds = thresholds
        self.cv = cv
        self.refit = refit
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.store_cv_results = store_cv_results
        self.objective = objective
        self.beta = beta
        self.min_recall = min_recall
        self.min_precision = min_precision
        self.cost_fp = cost_fp
        self.cost_fn = cost_fn
        self.pos_label = pos_label

    _needs_fit = True  # a prefitted estimator is not enough: the threshold is learnt

    # --- fit --------------------------------------------------------------------

    def _goal(self) -> tuple[Any, Any]:
        """Say what scores the thresholds: ``(counts objective or None, scorer or None)``."""
        if self.objective is not None:
            check_objective(self.objective, self.beta, self.cost_fp, self.cost_fn)
            return self.objective, None
        scoring = self.scoring
        if isinstance(scoring, str) and scoring in _SCORER_OBJECTIVES:
            return _SCORER_OBJECTIVES[scoring], None
        if isinstance(scoring, str):
            from sklearn.metrics import get_scorer

            return None, get_scorer(scoring)
        if callable(scoring):
            return None, scoring
        raise ValueError(
            f"The 'scoring' parameter of {type(self).__name__} must be a str among scikit-learn's "
            f"scorer names or a callable. Got {scoring!r} instead."
        )

    def _scorer_pos_label(self, scorer: Any) -> Any:
        if self.pos_label is not None:
            return self.pos_label
        kwargs = getattr(scorer, "_kwargs", None) or {}
        return kwargs.get("pos_label")

    def _check_params(self) -> Any:
        objective, _ = self._goal()
        check_constraint(self.min_recall, "min_recall")
        check_constraint(self.min_precision, "min_precision")
        _check_response_method(self.response_method)
        grid = self.thresholds
        if isinstance(grid, str):
            if grid != "exact":
                raise ValueError(f"thresholds must be an int, an array or 'exact'; got {grid!r}.")
            if objective is None:
                raise ValueError(
                    "thresholds='exact' scores every distinct validation score, which needs a "
                    "counts objective: pass objective=... or scoring among "
                    f"{sorted(_SCORER_OBJECTIVES)}, or use an int grid for this scorer."
                )
            return grid
        if isinstance(grid, Integral) and not isinstance(grid, bool):
            if grid < 2:
                raise ValueError(f"thresholds={grid} must be at least 2 grid points.")
            return int(grid)
        arr = np.asarray(grid, dtype=np.float64)
        if arr.ndim != 1 or arr.size == 0 or not np.all(np.isfinite(arr)):
            raise ValueError("thresholds as an array must be 1-D, non-empty and finite.")
        return np.sort(arr)  # scikit-learn interpolates on it as given, unsorted

    def _splits(self, X: Any, y: np.ndarray):
        from sklearn.model_selection import StratifiedShuffleSplit, check_cv

        cv = 5 if self.cv is None else self.cv
        if isinstance(cv, str):
            if cv != "prefit":
                raise ValueError(f"cv must be an int, a float, a splitter or 'prefit'; got {cv!r}.")
            if self.refit:
                raise ValueError("When cv='prefit', refit cannot be True.")
            if not hasattr(self.estimator, "classes_"):
                from sklearn.exceptions import NotFittedError

                raise NotFittedError("When cv='prefit', `estimator` must be fitted.")
            return None
        if isinstance(cv, Real) and not isinstance(cv, Integral) and 0 < cv < 1:
            cv = StratifiedShuffleSplit(n_splits=1, test_size=cv, random_state=self.random_state)
        else:
            cv = check_cv(cv, y=y, classifier=True)
        if not self.refit and cv.get_n_splits(X, y) > 1:
            raise ValueError("When cv has several folds, refit cannot be False.")
        return list(cv.split(X, y))

    def _pos_label_for_fit(self) -> Any:
        _, scorer = self._goal()
        return self._scorer_pos_label(scorer) if scorer is not None else self.pos_label

    def fit(self, X: Any, y: Any, **fit_params: Any):
        """Fit the folds, tune the threshold, then fit the final estimator.

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
            Binary labels.
        **fit_params : dict
            Passed to the estimator's ``fit`` (arrays of length ``n_samples`` are
            split with the folds). The threshold search itself is unweighted.

        Returns
        -------
        self
        """
        _require_sklearn(type(self).__name__)
        from sklearn.base import clone
        from sklearn.utils import indexable

        self._check_params()
        X, y = indexable(X, y)
        y_arr = np.asarray(y)
        _binary_classes(y_arr)
        y_arr = y_arr.ravel()
        splits = self._splits(X, y_arr)
        if splits is None:  # prefit: score the given estimator on all of X
            self.estimator_ = self.estimator
            s, _, pos_label = _response_values(
                self.estimator_, X, self.response_method, self._pos_label_for_fit()
            )
            classes = np.asarray(self.estimator_.classes_)
            self._set_threshold([np.asarray(s, dtype=np.float64)], [y_arr], classes, pos_label)
        else:
            model = self.tune(X, y_arr, splits, **fit_params)
            if self.refit:
                self.estimator_ = clone(self.estimator).fit(X, y_arr, **fit_params)
            else:
                self.estimator_ = model  # the single split's training fit
        self._set_fitted_attributes()
        return self

    def tune(self, X: Any, y: np.ndarray, splits: list, **fit_params: Any) -> Any:
        """Tune the threshold on given splits; fit no final estimator.

        Sets ``best_threshold_``, ``best_score_`` (and ``cv_results_``) from clones
        of ``estimator`` fitted on each training part and scored on its
        validation part. Used by :meth:`fit` and by
        :func:`minibalance.workflow.compare`, which tunes inside each training
        fold and reuses a model it has already fitted there.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : ndarray of shape (n_samples,)
            Binary labels.
        splits : list of (train, validation) index arrays
        **fit_params : dict
            Passed to ``fit`` (arrays of length ``n_samples`` split with the folds).

        Returns
        -------
        estimator
            The model fitted on the last split's training part.
        """
        args = (self.response_method, self._pos_label_for_fit())
        if self.n_jobs in (None, 1):
            folds = [
                _fit_and_score(self.estimator, X, y, tr, va, fit_params, *args) for tr, va in splits
            ]
        else:
            from joblib import Parallel, delayed

            from .._config import get_config, run_with_config

            config = get_config()  # the workers run with the caller's backend
            folds = Parallel(n_jobs=self.n_jobs)(
                delayed(run_with_config)(
                    config, _fit_and_score, self.estimator, X, y, tr, va, fit_params, *args
                )
                for tr, va in splits
            )
        model = folds[-1][0]
        classes = np.asarray(model.classes_)
        self._set_threshold([f[1] for f in folds], [f[2] for f in folds], classes, folds[-1][3])
        return model

    def _set_threshold(self, fold_scores: list, fold_y: list, classes, pos_label) -> None:
        """Choose ``best_threshold_`` from the folds' validation scores and labels."""
        grid = self._check_params()
        if any(s.size == 0 or np.isclose(s.min(), s.max()) for s in fold_scores):
            raise ValueError(
                "The provided estimator makes constant predictions. Therefore, it is "
                "impossible to optimize the decision threshold."
            )
        folds = [(s, y_val, y_val == pos_label) for s, y_val in zip(fold_scores, fold_y)]
        context = (classes, pos_label)
        if isinstance(grid, str):  # decreasing candidates: the documented tie rule
            thresholds, scores, precision, recall, errors = self._exact_curve(folds, context)
        else:  # increasing grid: the first best, as scikit-learn's argmax
            thresholds, scores, precision, recall = self._grid_curve(folds, context, grid)
            errors = np.zeros(thresholds.size)
        ok = feasible_mask(precision, recall, thresholds, self.min_recall, self.min_precision)
        i = best_index(scores, errors, ok, minimize=self.objective == "cost")
        self.best_threshold_ = float(thresholds[i])
        self.best_score_ = float(scores[i])
        if self.store_cv_results:
            order = slice(None, None, -1) if isinstance(grid, str) else slice(None)
            self.cv_results_ = {
                "thresholds": thresholds[order],
                "scores": scores[order],
                "precision": precision[order],
                "recall": recall[order],
            }

    def _fold_curves(self, fold, context, thresholds: np.ndarray):
        """One fold's score, precision, recall and errors at the given thresholds."""
        scores, y_val, is_pos = fold
        fp, tp = counts_at(is_pos, scores, thresholds)
        n_pos = float(np.count_nonzero(is_pos))
        fn = n_pos - tp
        tn = (is_pos.size - n_pos) - fp
        objective, scorer = self._goal()
        if scorer is None:
            obj = evaluate(
                objective,
                tp,
                fp,
                fn,
                tn,
                beta=self.beta,
                cost_fp=self.cost_fp,
                cost_fn=self.cost_fn,
            )
        else:  # scikit-learn's scorer, called on the labels at each threshold
            classes, pos_label = context
            obj = np.array(
                [
                    scorer(_ThresholdedScores(scores, t, classes, pos_label), None, y_val)
                    for t in thresholds
                ],
                dtype=np.float64,
            )
        return obj, precision(tp, fp, fn, tn), recall(tp, fp, fn, tn), fp + fn

    def _exact_curve(self, folds, context):
        """Every distinct validation score (decreasing, after ``inf``), each fold exact."""
        candidates = np.unique(np.concatenate([f[0] for f in folds]))[::-1]
        thresholds = np.concatenate(([np.inf], candidates))
        total = None
        for fold in folds:
            curves = self._fold_curves(fold, context, thresholds)
            total = list(curves) if total is None else [a + b for a, b in zip(total, curves)]
        scores, precision, recall, errors = (a / len(folds) for a in total)
        return thresholds, scores, precision, recall, errors

    def _grid_curve(self, folds, context, grid):
        """scikit-learn's semantics: per-fold grids, interpolated onto a common grid."""
        if isinstance(grid, int):
            lo = min(f[0].min() for f in folds)
            hi = max(f[0].max() for f in folds)
            thresholds = np.linspace(lo, hi, num=grid)
        else:
            thresholds = grid
        per_fold = []
        for fold in folds:
            s = fold[0]
            fold_grid = np.linspace(s.min(), s.max(), grid) if isinstance(grid, int) else grid
            curves = self._fold_curves(fold, context, fold_grid)[:3]  # ties: no error count
            per_fold.append([np.interp(thresholds, fold_grid, c) for c in curves])
        scores, precision, recall = (
            np.mean([fold[j] for fold in per_fold], axis=0) for j in range(3)
        )
        return thresholds, scores, precision, recall

    # --- predict ----------------------------------------------------------------

    def predict(self, X: Any) -> np.ndarray:
        """Labels: the positive class where the score is ``>= best_threshold_``.

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        estimator = self._fitted_estimator()
        scores, _, pos_label = _response_values(
            estimator, X, self.response_method, self._pos_label_for_fit()
        )
        return _labels(scores, self.best_threshold_, np.asarray(estimator.classes_), pos_label)
