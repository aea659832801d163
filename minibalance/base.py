"""Estimator plumbing shared by every sampler, with no scikit-learn import.

Samplers follow scikit-learn's conventions so that ``sklearn.base.clone``,
``GridSearchCV`` and imbalanced-learn's ``Pipeline`` accept them: ``__init__``
only stores its keyword-only parameters, ``get_params``/``set_params`` read and
write them (``step__param`` for nested estimators), fitted attributes end with an
underscore, and ``repr`` shows the parameters that differ from their defaults.
"""

from __future__ import annotations

import inspect
from typing import Any

import numpy as np

from ._sparse import is_sparse
from ._validation import (
    check_bool_param,
    check_random_state_param,
    check_sampling_strategy,
    check_sampling_strategy_param,
    check_X_y,
    describe_container,
    is_dataframe,
    parameter_error,
    restore_container,
)

__all__ = ["BaseSampler", "FunctionSampler", "ParamsMixin", "fresh_copy"]


def fresh_copy(estimator: Any) -> Any:
    """Return an unfitted copy with the same parameters (``sklearn.base.clone``, shallowly).

    imbalanced-learn clones the estimators it is given (neighbours, samplers); this
    does the same without importing scikit-learn.
    """
    if hasattr(estimator, "get_params"):
        return type(estimator)(**estimator.get_params(deep=False))
    return estimator


def _is_default(value: Any, default: Any) -> bool:
    if value is default:
        return True
    simple = (bool, int, float, str)
    return type(value) is type(default) and isinstance(value, simple) and value == default


class ParamsMixin:
    """``get_params``, ``set_params`` and ``repr`` from the ``__init__`` signature."""

    @classmethod
    def _get_param_names(cls) -> list[str]:
        init = cls.__init__
        if init is object.__init__:
            return []
        params = inspect.signature(init).parameters.values()
        return sorted(p.name for p in params if p.name != "self" and p.kind != p.VAR_KEYWORD)

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """Get the parameters of this estimator.

        Parameters
        ----------
        deep : bool, default=True
            Also return the parameters of nested estimators, as ``name__param``.

        Returns
        -------
        dict
        """
        out = {}
        for name in self._get_param_names():
            value = getattr(self, name)
            if deep and hasattr(value, "get_params") and not isinstance(value, type):
                out.update((f"{name}__{k}", v) for k, v in value.get_params().items())
            out[name] = value
        return out

    def set_params(self, **params: Any):
        """Set the parameters of this estimator (``name__param`` for nested ones).

        Returns
        -------
        self
        """
        valid = self.get_params(deep=True)
        nested: dict[str, dict[str, Any]] = {}
        for key, value in params.items():
            name, sep, sub = key.partition("__")
            if name not in valid:
                raise ValueError(
                    f"Invalid parameter {name!r} for estimator {type(self).__name__}. "
                    f"Valid parameters are: {self._get_param_names()!r}."
                )
            if sep:
                nested.setdefault(name, {})[sub] = value
            else:
                setattr(self, name, value)
                valid[name] = value
        for name, sub_params in nested.items():
            valid[name].set_params(**sub_params)
        return self

    def __repr__(self) -> str:
        init = inspect.signature(type(self).__init__).parameters
        changed = [
            f"{name}={getattr(self, name)!r}"
            for name in self._get_param_names()
            if not _is_default(getattr(self, name), init[name].default)
        ]
        return f"{type(self).__name__}({', '.join(changed)})"

    def __sklearn_tags__(self):
        """Tags for scikit-learn's estimator checks (only called by scikit-learn)."""
        from sklearn.utils import InputTags, Tags, TargetTags

        return Tags(
            estimator_type=None,
            target_tags=TargetTags(required=True),
            input_tags=InputTags(),
        )


class BaseSampler(ParamsMixin):
    """Base class of the samplers: validation, strategy, container round trip.

    Subclasses set ``_sampling_type`` and implement ``_fit_resample(X, y)`` on
    validated ndarrays.
    """

    _sampling_type = "over-sampling"
    # Samplers that only index rows accept any dtype and NaN, as imbalanced-learn's do.
    _numeric_only = True
    # Samplers that take a scipy sparse X (CSR or CSC) and give it back in its format.
    _accept_sparse = False

    def _check_X_y(self, X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
        # The class count is checked by the sampling-strategy resolver.
        X_arr, y_arr = check_X_y(
            X,
            y,
            min_classes=None,
            numeric=self._numeric_only,
            allow_nonfinite=not self._numeric_only,
            accept_sparse=self._accept_sparse,
        )
        if y_arr.dtype.kind == "f" and not np.all(np.isfinite(y_arr) & (y_arr == np.round(y_arr))):
            # imbalanced-learn's check_target_type: non-integral floats are a regression target
            raise ValueError(
                "Unknown label type: continuous. Maybe you are trying to fit a classifier, "
                "which expects discrete classes on a regression target with continuous "
                "values. Samplers need class labels (ints, strings or integral floats)."
            )
        if y_arr.size and isinstance(y_arr[0], bytes):  # as imbalanced-learn (type_of_target)
            raise TypeError(
                "Support for labels represented as bytes is not supported. Convert the labels "
                "to a string or integer format."
            )
        return X_arr, y_arr

    def _check_params(self) -> None:
        """Check the parameters before any data is read (as scikit-learn's estimators do).

        Subclasses extend it; errors use imbalanced-learn's wording.
        """
        owner = type(self).__name__
        check_sampling_strategy_param(owner, self.sampling_strategy, self._sampling_type)
        if hasattr(self, "random_state"):
            check_random_state_param(owner, self.random_state)

    def fit(self, X: Any, y: Any):
        """Check the parameters and inputs and resolve ``sampling_strategy_``; no resampling.

        Returns
        -------
        self
        """
        self._check_params()
        X_arr, y_arr = self._check_X_y(X, y)
        self._set_fitted(X, X_arr, y_arr)
        return self

    def _set_fitted(self, X: Any, X_arr: np.ndarray, y_arr: np.ndarray) -> None:
        self.sampling_strategy_ = check_sampling_strategy(
            self.sampling_strategy, y_arr, self._sampling_type
        )
        self.n_features_in_ = X_arr.shape[1]
        if is_dataframe(X):
            self.feature_names_in_ = np.asarray(X.columns, dtype=object)

    def fit_resample(self, X: Any, y: Any) -> tuple[Any, Any]:
        """Resample the dataset.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            A list of rows, an ndarray or a pandas DataFrame.
        y : array-like of shape (n_samples,)
            A list, ndarray or pandas Series of labels.

        Returns
        -------
        X_resampled : array-like of shape (n_samples_new, n_features)
            In the container and dtype of ``X`` (a DataFrame keeps its columns
            and column dtypes).
        y_resampled : array-like of shape (n_samples_new,)
            In the container of ``y``.
        """
        self._check_params()
        X_info, y_info = describe_container(X), describe_container(y)
        X_arr, y_arr = self._check_X_y(X, y)
        self._set_fitted(X, X_arr, y_arr)
        X_res, y_res = self._fit_resample(X_arr, y_arr)
        index = self._output_index(X) if X_info.kind == "dataframe" else None
        rows = self._copied_rows()
        if rows is not None and X_info.kind == "dataframe":
            # Rows picked whole: take them from the frame itself, so every column keeps
            # its dtype exactly (timedelta, categorical, nullable ...), whatever it is.
            X_out = _take_rows(X, rows, index)
        else:
            X_out = restore_container(X_res, X_info, index=index)
        if rows is not None and y_info.kind == "series":
            return X_out, _take_rows(y, rows, index)
        # As imbalanced-learn: a Series y is aligned with a DataFrame X's index.
        return X_out, restore_container(y_res, y_info, index=index)

    def _copied_rows(self) -> np.ndarray | None:
        """Return the input rows the output copies, when it is made of whole rows only."""
        return None

    def _output_index(self, X: Any) -> Any:
        """Index of a resampled DataFrame: a fresh RangeIndex unless overridden."""
        return None

    def _fit_resample(self, X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        raise NotImplementedError


def _take_rows(frame: Any, rows: np.ndarray, index: Any) -> Any:
    """``frame.iloc[rows]`` with ``index``, or a fresh ``RangeIndex`` when it is None."""
    out = frame.iloc[rows]
    if index is None:
        return out.reset_index(drop=True)
    out.index = index
    return out


def _identity(X: Any, y: Any) -> tuple[Any, Any]:
    return X, y


class FunctionSampler(BaseSampler):
    """A sampler made of any function ``func(X, y, **kw_args) -> (X_res, y_res)``.

    imbalanced-learn's ``FunctionSampler``, for putting custom resampling (an
    outlier filter, a rule of one's own) in a :class:`~minibalance.pipeline.Pipeline`.

    Parameters
    ----------
    func : callable, default=None
        Called as ``func(X, y, **kw_args)``; returns ``(X_res, y_res)`` (or a
        third item, passed through). ``None`` returns the data unchanged.
    accept_sparse : bool, default=True
        Whether a scipy sparse ``X`` is passed on (as it is) when validating.
    kw_args : dict, default=None
        Keyword arguments for ``func``.
    validate : bool, default=True
        Check ``X`` (numeric, finite, 2-D) and ``y`` (class labels, one per row)
        first, pass them to ``func`` as ndarrays, and give the result back in the
        containers of the inputs (a DataFrame keeps its columns and dtypes, a
        Series its name). ``False`` passes ``X`` and ``y`` to ``func`` untouched and
        returns what it returns: any data type goes.

    Attributes
    ----------
    sampling_strategy_ : str
        ``"auto"``: the function decides what to resample.
    n_features_in_ : int
        Number of features of ``X`` (when validating).
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Column names of a DataFrame ``X`` (when validating).

    Examples
    --------
    >>> import numpy as np
    >>> from minibalance.base import FunctionSampler
    >>> X, y = np.arange(20.0).reshape(10, 2), np.array([0] * 8 + [1] * 2)
    >>> X_res, y_res = FunctionSampler(func=lambda X, y: (X[:5], y[:5])).fit_resample(X, y)
    >>> X_res.shape, y_res.tolist()
    ((5, 2), [0, 0, 0, 0, 0])
    """

    _sampling_type = "bypass"
    sampling_strategy = "auto"

    def __init__(self, *, func=None, accept_sparse=True, kw_args=None, validate=True):
        self.func = func
        self.accept_sparse = accept_sparse
        self.kw_args = kw_args
        self.validate = validate

    def _check_params(self) -> None:
        owner = type(self).__name__
        if self.func is not None and not callable(self.func):
            raise parameter_error(owner, "func", "a callable or None", self.func)
        check_bool_param(owner, "accept_sparse", self.accept_sparse)
        if self.kw_args is not None and not isinstance(self.kw_args, dict):
            raise parameter_error(owner, "kw_args", "an instance of 'dict' or None", self.kw_args)
        check_bool_param(owner, "validate", self.validate)

    @property
    def _accept_sparse(self) -> bool:
        return self.accept_sparse

    def fit(self, X: Any, y: Any):
        """Check the parameters (and, when validating, the inputs); no resampling.

        Returns
        -------
        self
        """
        self._check_params()
        if self.validate:
            X_arr, y_arr = self._check_X_y(X, y)
            self._set_fitted(X, X_arr, y_arr)
        else:
            self.sampling_strategy_ = check_sampling_strategy("auto", np.asarray(y), "bypass")
        return self

    def fit_resample(self, X: Any, y: Any) -> tuple[Any, ...]:
        """Call ``func(X, y, **kw_args)``.

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)

        Returns
        -------
        X_resampled, y_resampled
            What ``func`` returns; when validating, in the containers of ``X``
            and ``y`` (a third item ``func`` returns is passed through).
        """
        self._check_params()
        func = _identity if self.func is None else self.func
        kw_args = self.kw_args or {}
        if not self.validate:
            self.sampling_strategy_ = check_sampling_strategy("auto", np.asarray(y), "bypass")
            return func(X, y, **kw_args)
        X_info, y_info = describe_container(X), describe_container(y)
        X_arr, y_arr = self._check_X_y(X, y)
        self._set_fitted(X, X_arr, y_arr)
        output = func(X_arr, y_arr, **kw_args)
        X_res, y_res = output[0], output[1]
        if not is_sparse(X_res):
            X_res = restore_container(np.asarray(X_res), X_info)
        y_res = restore_container(np.asarray(y_res), y_info)
        return (X_res, y_res) if len(output) == 2 else (X_res, y_res, output[2])
