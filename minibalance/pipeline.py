r"""A pipeline whose samplers act only when fitting, and whose sample weights follow them.

``Pipeline(steps)`` chains transformers, samplers (anything with
``fit_resample``) and a final estimator, as ``imblearn.pipeline.Pipeline`` does:

- when **fitting** (``fit``, ``fit_predict``, ``fit_transform``,
  ``fit_resample``), each transformer is fitted and applied, and each sampler
  replaces ``(X, y)`` by its resampled ``(X, y)``;
- when **predicting** (``predict``, ``predict_proba``, ``decision_function``,
  ``transform``, ``score`` ...), samplers are skipped: new data is never
  resampled.

So inside ``cross_validate`` or ``GridSearchCV`` the sampler sees only the
training fold: synthetic rows never leak into a validation fold.

**Sample weights follow the resampling** (beyond imbalanced-learn, its issue
#457). A ``sample_weight`` given for the original rows (as
``step__sample_weight=w``, or as ``sample_weight=w`` for every step whose ``fit``
accepts it) reaches a step after a sampler re-indexed by where each resampled
row came from:

- a kept original row keeps its weight, a removed row takes its weight away;
- a row copied by an over-sampler (``sample_indices_``) carries the weight of
  the row it copies;
- a SMOTE row carries the weight of its base row (``base_indices_``: the row
  it starts from).

In symbols, with :math:`s_i` the original row behind resampled row :math:`i`,
the weight of row :math:`i` is :math:`w_{s_i}`. A sampler that records neither
attribute cannot carry weights, and fitting with weights after it is an error
rather than a silent misalignment.

**Probabilities back on the original prior** (``calibrate="prior"``). A model
fitted after a sampler learns the resampled class frequencies :math:`\pi'_c`,
not the data's :math:`\pi_c`, and its probabilities overstate the rare class.
With ``calibrate="prior"``, ``predict_proba`` (and ``predict_log_proba``) map
them back by Bayes' rule on the odds,
:math:`p_c \propto p'_c\, \pi_c / \pi'_c`
(:func:`minibalance.threshold.correct_probabilities`; Elkan 2001, Dal Pozzolo
et al. 2015), with both priors counted in ``fit``. ``predict`` is unchanged:
it stays the decision of the model trained on the resampled data.

The pipeline itself needs no scikit-learn: it fits the steps it is given (in
place, as scikit-learn's pipeline does without ``memory``); scikit-learn's
``clone``, ``cross_validate``, ``GridSearchCV`` and pickling work with it.
"""

from __future__ import annotations

import inspect
import sys
import time
import types
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

__all__ = ["Pipeline", "make_pipeline"]

_SKIP = (None, "passthrough")


class _Steps(dict):
    """``named_steps``: a dict that also reads its keys as attributes."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def _is_sampler(step: Any) -> bool:
    return hasattr(step, "fit_resample")


def _accepts(method: Any, name: str) -> bool:
    try:
        return name in inspect.signature(method).parameters
    except (TypeError, ValueError):  # a builtin without a signature
        return False


def _take(values: Any, rows: np.ndarray) -> Any:
    """``values[rows]`` for an ndarray, a list or a pandas object (by position)."""
    if hasattr(values, "iloc"):
        return values.iloc[rows]
    return np.asarray(values)[rows]


def resampled_sources(sampler: Any, n_in: int, n_out: int) -> np.ndarray:
    """For each row a fitted sampler returned, the input row it comes from.

    ``sample_indices_`` (random over- and under-samplers, and imbalanced-learn's
    samplers that select rows) names the source of every output row. SMOTE's
    output is the input rows, then synthetic rows whose base rows are
    ``base_indices_``.

    Raises
    ------
    ValueError
        If the sampler records neither, so weights cannot follow its rows.
    """
    sources = getattr(sampler, "sample_indices_", None)
    if sources is None and getattr(sampler, "base_indices_", None) is not None:
        sources = np.concatenate([np.arange(n_in), sampler.base_indices_])
    if sources is None:
        raise ValueError(
            f"{type(sampler).__name__} does not record which input row each resampled row "
            "comes from (sample_indices_ or base_indices_), so sample_weight cannot follow "
            "its resampling. Pass the weights only to steps before it, or use a minibalance "
            "sampler."
        )
    sources = np.asarray(sources, dtype=np.intp)
    if sources.shape != (n_out,):
        raise ValueError(
            f"{type(sampler).__name__} returned {n_out} rows but its row record has "
            f"{sources.size}; cannot carry sample_weight through it."
        )
    return sources


class _available_if:  # a decorator, like scikit-learn's available_if
    """A method that exists only when ``check(pipeline)`` is true.

    So ``hasattr(make_pipeline(StandardScaler()), "predict")`` is False, as with
    imbalanced-learn's and scikit-learn's pipelines.
    """

    def __init__(self, check):
        self.check = check

    def __call__(self, method):
        self.method = method
        self.__doc__ = method.__doc__
        self.name = method.__name__
        return self

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        if not self.check(obj):
            raise AttributeError(
                f"This 'Pipeline' has no attribute {self.name!r}: its final step does not "
                "implement it."
            )
        return types.MethodType(self.method, obj)


def _final_has(name: str):
    return lambda pipe: (
        pipe._final_estimator != "passthrough" and hasattr(pipe._final_estimator, name)
    )


def _elapsed_message(source: str, message: str, seconds: float) -> str:
    """Format scikit-learn's one-line timing message: ``[Pipeline] .... (step 1 of 2) ...``."""
    start = f"[{source}] "
    time_str = f"{seconds / 60:4.1f}min" if seconds > 60 else f" {seconds:5.1f}s"
    end = f" {message}, total={time_str}"
    return start + "." * (70 - len(start) - len(end)) + end


@contextmanager
def _timed_step(pipe: Pipeline, index: int):
    if not pipe.verbose:
        yield
        return
    start = time.perf_counter()
    yield
    name = pipe.steps[index][0]
    message = f"(step {index + 1} of {len(pipe.steps)}) Processing {name}"
    print(_elapsed_message("Pipeline", message, time.perf_counter() - start))


@contextmanager
def _not_fitted_guard(pipe: Pipeline):
    """Name the pipeline in a step's NotFittedError; warn when it is used unfitted.

    imbalanced-learn 0.14 warns (``FutureWarning``) where it will raise in 0.15.
    """
    try:
        from sklearn.exceptions import NotFittedError
    except ImportError:  # pragma: no cover - a pipeline of non-scikit-learn steps
        yield
        return
    try:
        yield
    except NotFittedError as exc:
        raise NotFittedError("Pipeline is not fitted yet.") from exc
    if not pipe.__sklearn_is_fitted__():
        warnings.warn(
            "This Pipeline instance is not fitted yet. Call 'fit' with appropriate arguments "
            "before using other methods such as transform, predict, etc. This will raise an "
            "error in 0.15 instead of the current warning.",
            FutureWarning,
            stacklevel=3,
        )


class Pipeline:
    """Chain transformers, samplers and a final estimator; samplers act only in fit.

    A drop-in for ``imblearn.pipeline.Pipeline`` (same parameters, methods and
    fitted results), whose ``sample_weight`` follows the resampling (see the
    module notes).

    Parameters
    ----------
    steps : list of (name, estimator) tuples
        Intermediate steps are transformers (``fit`` and ``transform``) or
        samplers (``fit_resample``), or ``"passthrough"`` / ``None``; the last is
        any estimator, or ``"passthrough"``.
    transform_input : None, default=None
        scikit-learn's metadata-routing option; only ``None`` is supported
        (minibalance routes ``step__param`` fit parameters, and a bare
        ``sample_weight``, without scikit-learn's metadata routing).
    memory : None, str or joblib.Memory, default=None
        Cache the fitted transformers and samplers (as imbalanced-learn does, the
        steps are then cloned before fitting; read them from ``named_steps``).
    verbose : bool, default=False
        Print the time each step takes to fit.
    calibrate : None or "prior", default=None
        ``"prior"``: ``predict_proba`` and ``predict_log_proba`` are corrected
        from the class prior the final estimator was trained on (after the
        samplers) to the prior of the data given to ``fit`` (see the module
        notes). ``predict`` and ``decision_function`` are unchanged.

    Attributes
    ----------
    named_steps : dict
        Steps by name (also readable as attributes).
    classes_ : ndarray
        The final estimator's classes.
    n_features_in_, feature_names_in_
        Of the first step, once fitted.
    original_prior_, resampled_prior_ : ndarray of shape (n_classes,)
        With a sampler among the steps (or ``calibrate="prior"``): the class
        fractions of the ``y`` given to ``fit`` and of the ``y`` the final
        estimator was fitted on, in sorted label order.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.preprocessing import StandardScaler
    >>> from minibalance.over_sampling import SMOTE
    >>> from minibalance.pipeline import make_pipeline
    >>> rng = np.random.RandomState(0)
    >>> X = rng.normal(size=(200, 3)); y = (X[:, 0] > 1.3).astype(int)
    >>> pipe = make_pipeline(StandardScaler(), SMOTE(random_state=0), LogisticRegression())
    >>> pipe.fit(X, y).predict(X[:3]).shape  # SMOTE ran in fit, not in predict
    (3,)
    >>> list(pipe.named_steps)
    ['standardscaler', 'smote', 'logisticregression']
    """

    def __init__(
        self,
        steps: list,
        *,
        transform_input: Any = None,
        memory: Any = None,
        verbose: bool = False,
        calibrate: Any = None,
    ):
        self.steps = steps
        self.transform_input = transform_input
        self.memory = memory
        self.verbose = verbose
        self.calibrate = calibrate

    # --- parameters (scikit-learn's conventions, nested by step name) -----------------------

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """Parameters, and with ``deep`` every step and its ``step__param`` parameters."""
        out: dict[str, Any] = {
            "steps": self.steps,
            "transform_input": self.transform_input,
            "memory": self.memory,
            "verbose": self.verbose,
            "calibrate": self.calibrate,
        }
        if not deep:
            return out
        for name, step in self.steps:
            out[name] = step
            if hasattr(step, "get_params") and not isinstance(step, type):
                out.update((f"{name}__{k}", v) for k, v in step.get_params(deep=True).items())
        return out

    def set_params(self, **params: Any) -> Pipeline:
        """Set parameters: ``steps``, a whole step by name, or ``step__param``.

        Returns
        -------
        self
        """
        if "steps" in params:
            self.steps = params.pop("steps")
        for key in ("transform_input", "memory", "verbose", "calibrate"):
            if key in params:
                setattr(self, key, params.pop(key))
        names = [name for name, _ in self.steps]
        for name in [k for k in params if "__" not in k]:
            if name not in names:
                raise ValueError(
                    f"Invalid parameter {name!r} for estimator Pipeline. Valid parameters are "
                    f"'steps', 'transform_input', 'memory', 'verbose', 'calibrate' and the step "
                    f"names {names}."
                )
            at = names.index(name)
            self.steps = [*self.steps[:at], (name, params.pop(name)), *self.steps[at + 1 :]]
        nested: dict[str, dict[str, Any]] = {}
        for key, value in params.items():
            name, _, sub = key.partition("__")
            if name not in names:
                raise ValueError(
                    f"Invalid parameter {name!r} for estimator Pipeline: no step is named so; "
                    f"the steps are {names}."
                )
            nested.setdefault(name, {})[sub] = value
        for name, sub_params in nested.items():
            self.named_steps[name].set_params(**sub_params)
        return self

    def __repr__(self) -> str:
        extra = "".join(
            f", {k}={getattr(self, k)!r}"
            for k, d in (
                ("transform_input", None),
                ("memory", None),
                ("verbose", False),
                ("calibrate", None),
            )
            if getattr(self, k) != d
        )
        return f"Pipeline(steps={self.steps!r}{extra})"

    # --- structure ---------------------------------------------------------------------------

    def _validate_steps(self) -> None:
        if not isinstance(self.steps, (list, tuple)) or not self.steps:
            raise TypeError(
                f"steps must be a non-empty list of (name, estimator) tuples; got {self.steps!r}."
            )
        for item in self.steps:
            if not (isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str)):
                raise TypeError(f"Each step must be a (name, estimator) tuple; got {item!r}.")
        names = [name for name, _ in self.steps]
        if len(set(names)) != len(names):
            raise ValueError(f"Names provided are not unique: {names}.")
        for name in names:
            if "__" in name:
                raise ValueError(f"Estimator names must not contain __: got {name!r}.")
            if name in ("steps", "transform_input", "memory", "verbose"):
                raise ValueError(f"Estimator names conflict with constructor arguments: {name!r}.")
        if self.transform_input is not None:
            raise ValueError(
                "The `transform_input` parameter can only be set if metadata routing is "
                "enabled; minibalance's Pipeline does not use scikit-learn's metadata routing. "
                "Pass transform_input=None, and fit parameters as step__param."
            )
        for _, step in self.steps[:-1]:
            if step in _SKIP:
                continue
            fits = hasattr(step, "fit") or hasattr(step, "fit_transform") or _is_sampler(step)
            transforms = hasattr(step, "transform")
            if not (fits and (transforms or _is_sampler(step))):
                raise TypeError(
                    "All intermediate steps of the chain should be estimators that implement "
                    "fit and transform or fit_resample (but not both) or be a string "
                    f"'passthrough' '{step}' (type {type(step)}) doesn't)"
                )
            if transforms and _is_sampler(step):
                raise TypeError(
                    "All intermediate steps of the chain should be estimators that implement "
                    f"fit and transform or fit_resample. '{step}' implements both)"
                )
            if _is_pipeline(step):  # a nested pipeline would hide its samplers' rows
                raise TypeError("All intermediate steps of the chain should not be Pipelines")
        last = self.steps[-1][1]
        if last not in _SKIP and not hasattr(last, "fit"):
            raise TypeError(
                "Last step of Pipeline should implement fit or be the string 'passthrough'. "
                f"'{last}' (type {type(last)}) doesn't"
            )

    @property
    def named_steps(self) -> _Steps:
        """The steps by name."""
        return _Steps(self.steps)

    @property
    def _final_estimator(self) -> Any:
        last = self.steps[-1][1]
        return "passthrough" if last is None else last

    def __len__(self) -> int:
        return len(self.steps)

    def __getitem__(self, ind: Any) -> Any:
        """Return a step by position or name, or a sub-pipeline for a slice."""
        if isinstance(ind, slice):
            if ind.step not in (1, None):
                raise ValueError("Pipeline slicing only supports a step of 1.")
            return type(self)(self.steps[ind], memory=self.memory, verbose=self.verbose)
        if isinstance(ind, str):
            return self.named_steps[ind]
        return self.steps[ind][1]

    def _iter(self, *, with_final: bool = True, skip_samplers: bool = True) -> Iterator:
        stop = len(self.steps) if with_final else len(self.steps) - 1
        for i, (name, step) in enumerate(self.steps[:stop]):
            if step in _SKIP or (skip_samplers and _is_sampler(step)):
                continue
            yield i, name, step

    # --- fitting -----------------------------------------------------------------------------

    def _split_params(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Fit parameters per step: ``step__param``, and a bare ``sample_weight`` for all."""
        names = [name for name, _ in self.steps]
        per_step: list[dict[str, Any]] = [{} for _ in self.steps]
        for key, value in params.items():
            name, sep, sub = key.partition("__")
            if sep and name in names:
                per_step[names.index(name)][sub] = value
            elif key == "sample_weight":
                takers = [
                    i
                    for i, (_, step) in enumerate(self.steps)
                    if step not in _SKIP
                    and not _is_sampler(step)
                    and _accepts(getattr(step, "fit", None), "sample_weight")
                ]
                if not takers:
                    raise ValueError(
                        "sample_weight was given, but no step's fit accepts sample_weight."
                    )
                for i in takers:
                    per_step[i]["sample_weight"] = value
            else:
                raise ValueError(
                    f"Pipeline.fit does not accept the {key} parameter. You can pass "
                    "parameters to specific steps of your pipeline using the "
                    f"stepname__parameter format, e.g. `Pipeline.fit(X, y, "
                    f"{names[-1]}__{key}=value)`; a bare sample_weight goes to every step "
                    "that accepts it."
                )
        return per_step

    def _fit(self, X: Any, y: Any, params: dict[str, Any]) -> tuple[Any, Any, dict[str, Any]]:
        """Fit every step but the last; return the data and parameters for the last."""
        self._validate_steps()
        if self.calibrate not in (None, "prior"):
            raise ValueError(
                f"calibrate={self.calibrate!r} is not supported; use None (the final "
                "estimator's probabilities as they are) or 'prior' (corrected to the class "
                "prior of the data given to fit)."
            )
        y_in = y
        per_step = self._split_params(params)
        memory = _check_memory(self.memory)
        if memory is not None:
            self.steps = list(self.steps)  # the fitted clones replace the steps
        # origin[i]: the original row behind the current row i (weights follow it)
        origin = None
        for i, (name, step) in enumerate(self.steps[:-1]):
            with _timed_step(self, i):
                if step in _SKIP:
                    continue
                step_params = _follow(per_step[i], origin)
                if memory is not None:  # cached: fit a clone, keep the fitted one
                    from sklearn.base import clone

                    step = clone(step)
                follows = _is_sampler(step) and any("sample_weight" in p for p in per_step[i + 1 :])
                n_in = _n_rows(X) if follows else 0
                X, y, fitted = _fit_one(memory, step, X, y, step_params)
                if memory is not None:
                    self.steps[i] = (name, fitted)
                if follows:
                    sources = resampled_sources(fitted, n_in, _n_rows(X))
                    origin = sources if origin is None else origin[sources]
        if self.calibrate == "prior" or any(_is_sampler(step) for _, step in self.steps[:-1]):
            self._count_priors(y_in, y)
        return X, y, _follow(per_step[-1], origin)

    def _count_priors(self, y_in: Any, y_out: Any) -> None:
        """Record the class fractions before the samplers and after them.

        Only for one column of class labels that the samplers keep (a sampler
        may relabel rows, or ``y`` may be continuous): otherwise nothing is
        recorded, and ``calibrate="prior"`` says why.
        """
        from ._labels import count_labels

        for attr in ("_prior_classes", "original_prior_", "resampled_prior_"):
            self.__dict__.pop(attr, None)
        why = None
        if y_in is None or y_out is None:
            why = "needs y in fit: the priors are counted from it"
        else:
            before_labels, after_labels = np.asarray(y_in), np.asarray(y_out)
            if before_labels.ndim != 1 or after_labels.ndim != 1:
                why = "needs one column of class labels"
            elif before_labels.dtype.kind == "f" and not np.all(np.isfinite(before_labels)):
                why = "needs finite labels"
        if why is None:
            try:
                before = count_labels(before_labels)
                at = np.searchsorted(before.classes, after_labels)
                at_ok = np.minimum(at, before.classes.size - 1)
                relabelled = before.classes.size == 0 or np.any(
                    before.classes[at_ok] != after_labels
                )
            except (TypeError, ValueError):  # labels that do not sort (mixed types ...)
                why = "needs labels that can be counted and sorted"
            else:
                if relabelled:
                    why = "needs the samplers to keep the labels of y (one relabelled rows)"
        if why is not None:
            if self.calibrate == "prior":
                raise ValueError(f"calibrate='prior' {why}.")
            return
        after = np.bincount(at, minlength=before.classes.size)
        self._prior_classes = before.classes
        self.original_prior_ = before.counts / before.counts.sum()
        self.resampled_prior_ = after / after.sum()

    def _correct(self, proba: Any) -> Any:
        """Map the final estimator's ``predict_proba`` back to the prior counted in fit."""
        from .threshold import correct_probabilities

        if not hasattr(self, "original_prior_"):
            raise ValueError(
                "calibrate='prior' was set after fit: the priors are counted in fit. "
                "Fit the pipeline again."
            )
        classes = getattr(self._final_estimator, "classes_", self._prior_classes)
        at = np.searchsorted(self._prior_classes, classes)
        original, resampled = self.original_prior_[at], self.resampled_prior_[at]
        if np.any(resampled == 0):
            raise ValueError(
                "calibrate='prior' cannot correct a class the final estimator never saw "
                f"after resampling; the resampled prior is {resampled.tolist()}."
            )
        return correct_probabilities(
            proba, original_prior=original / original.sum(), resampled_prior=resampled
        )

    def fit(self, X: Any, y: Any = None, **params: Any) -> Pipeline:
        """Fit the steps in turn (samplers resample), then the final estimator.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        **params
            ``step__param=value`` for a step's ``fit`` (or ``fit_resample``); a bare
            ``sample_weight`` for every step whose ``fit`` accepts it. Sample weights
            follow the resampling.

        Returns
        -------
        self
        """
        Xt, yt, last_params = self._fit(X, y, params)
        with _timed_step(self, len(self.steps) - 1):
            last = self._final_estimator
            if last != "passthrough":
                last.fit(Xt, yt, **last_params)
        return self

    def _can_fit_transform(self) -> bool:
        last = self._final_estimator
        return last == "passthrough" or hasattr(last, "transform") or hasattr(last, "fit_transform")

    @_available_if(_can_fit_transform)
    def fit_transform(self, X: Any, y: Any = None, **params: Any) -> Any:
        """Fit, then return the final step's transform of the (resampled) training data."""
        Xt, yt, last_params = self._fit(X, y, params)
        with _timed_step(self, len(self.steps) - 1):
            last = self._final_estimator
            if last == "passthrough":
                return Xt
            if hasattr(last, "fit_transform"):
                return last.fit_transform(Xt, yt, **last_params)
            return last.fit(Xt, yt, **last_params).transform(Xt)

    @_available_if(lambda p: p._final_estimator == "passthrough" or _final_has("fit_resample")(p))
    def fit_resample(self, X: Any, y: Any = None, **params: Any) -> tuple[Any, Any]:
        """Fit, then resample with the final step (which must be a sampler)."""
        Xt, yt, last_params = self._fit(X, y, params)
        with _timed_step(self, len(self.steps) - 1):
            last = self._final_estimator
            if last == "passthrough":
                return Xt, yt
            return last.fit_resample(Xt, yt, **last_params)

    @_available_if(_final_has("fit_predict"))
    def fit_predict(self, X: Any, y: Any = None, **params: Any) -> Any:
        """Fit, then return the final estimator's ``fit_predict`` on the training data."""
        Xt, yt, last_params = self._fit(X, y, params)
        with _timed_step(self, len(self.steps) - 1):
            return self._final_estimator.fit_predict(Xt, yt, **last_params)

    def set_output(self, *, transform: Any = None) -> Pipeline:
        """Set the output container of every step's ``transform`` (scikit-learn's API).

        Returns
        -------
        self
        """
        for _, _, step in self._iter(skip_samplers=False):
            if hasattr(step, "set_output"):
                step.set_output(transform=transform)
        return self

    # --- using a fitted pipeline: samplers are skipped ----------------------------------------

    def _transform_all_but_last(self, X: Any) -> Any:
        for _, _, step in self._iter(with_final=False):
            X = step.transform(X)
        return X

    def _apply_last(self, method: str, X: Any, *args: Any, **params: Any) -> Any:
        with _not_fitted_guard(self):
            Xt = self._transform_all_but_last(X)
            return getattr(self._final_estimator, method)(Xt, *args, **params)

    @_available_if(_final_has("predict"))
    def predict(self, X: Any, **params: Any) -> Any:
        """Transform X through the steps (skipping samplers), then the final ``predict``."""
        return self._apply_last("predict", X, **params)

    @_available_if(_final_has("predict_proba"))
    def predict_proba(self, X: Any, **params: Any) -> Any:
        """Transform X (skipping samplers), then the final ``predict_proba``.

        With ``calibrate="prior"``, corrected to the class prior of the training data.
        """
        proba = self._apply_last("predict_proba", X, **params)
        return self._correct(proba) if self.calibrate == "prior" else proba

    @_available_if(_final_has("predict_log_proba"))
    def predict_log_proba(self, X: Any, **params: Any) -> Any:
        """Transform X (skipping samplers), then the final ``predict_log_proba``.

        With ``calibrate="prior"``, the log of the corrected ``predict_proba``.
        """
        if self.calibrate == "prior":
            with np.errstate(divide="ignore"):
                return np.log(self.predict_proba(X, **params))
        return self._apply_last("predict_log_proba", X, **params)

    @_available_if(_final_has("decision_function"))
    def decision_function(self, X: Any, **params: Any) -> Any:
        """Transform X (skipping samplers), then the final ``decision_function``."""
        return self._apply_last("decision_function", X, **params)

    @_available_if(_final_has("score_samples"))
    def score_samples(self, X: Any) -> Any:
        """Transform X (skipping samplers), then the final ``score_samples``."""
        return self._apply_last("score_samples", X)

    @_available_if(_final_has("score"))
    def score(self, X: Any, y: Any = None, sample_weight: Any = None, **params: Any) -> float:
        """Transform X (skipping samplers), then the final ``score``."""
        if sample_weight is not None:
            params["sample_weight"] = sample_weight
        return self._apply_last("score", X, y, **params)

    @_available_if(lambda p: p._final_estimator == "passthrough" or _final_has("transform")(p))
    def transform(self, X: Any, **params: Any) -> Any:
        """Apply every transformer, the final one included; samplers are skipped."""
        with _not_fitted_guard(self):
            for _, _, step in self._iter():
                X = step.transform(X, **params) if params else step.transform(X)
            return X

    @_available_if(lambda p: all(hasattr(step, "inverse_transform") for _, _, step in p._iter()))
    def inverse_transform(self, X: Any) -> Any:
        """Apply every transformer's ``inverse_transform``, last step first."""
        with _not_fitted_guard(self):
            for _, _, step in reversed(list(self._iter())):
                X = step.inverse_transform(X)
            return X

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Output feature names, through every transformer (samplers keep the features)."""
        names = input_features
        for _, name, step in self._iter():
            if not hasattr(step, "get_feature_names_out"):
                raise AttributeError(
                    f"Estimator {name} does not provide get_feature_names_out. Did you mean "
                    "to call pipeline[:-1].get_feature_names_out()?"
                )
            names = step.get_feature_names_out(names)
        return names

    # --- fitted attributes and scikit-learn's protocols ----------------------------------------

    @property
    def classes_(self) -> np.ndarray:
        """The final estimator's classes."""
        return self.steps[-1][1].classes_

    @property
    def n_features_in_(self) -> int:
        """Number of features the first step saw."""
        return self.steps[0][1].n_features_in_

    @property
    def feature_names_in_(self) -> np.ndarray:
        """Feature names the first step saw."""
        return self.steps[0][1].feature_names_in_

    @property
    def _estimator_type(self) -> Any:
        return getattr(self._final_estimator, "_estimator_type", None)

    def __sklearn_is_fitted__(self) -> bool:
        """Fitted when the last step that is not ``"passthrough"`` is (as scikit-learn decides)."""
        from sklearn.utils.validation import check_is_fitted

        steps = [step for _, step in self.steps if step not in _SKIP]
        if not steps:
            return True
        try:
            check_is_fitted(steps[-1])
        except Exception:  # NotFittedError
            return False
        return True

    def __sklearn_tags__(self):
        """Tags of the final estimator, with the first step's input tags."""
        from sklearn.utils import Tags, TargetTags, get_tags

        last = self._final_estimator
        if last == "passthrough":
            tags = Tags(estimator_type=None, target_tags=TargetTags(required=False))
        else:
            tags = get_tags(last)
        first = self.steps[0][1]
        if first not in _SKIP:
            tags.input_tags = get_tags(first).input_tags
        return tags


def _check_memory(memory: Any) -> Any:
    """Return ``None`` (no caching) or a ``joblib.Memory`` (scikit-learn's check_memory)."""
    if memory is None:
        return None
    from sklearn.utils.validation import check_memory

    memory = check_memory(memory)
    return None if getattr(memory, "location", None) is None else memory


def _fit_resample_one(sampler: Any, X: Any, y: Any, params: dict[str, Any]):
    X_res, y_res = sampler.fit_resample(X, y, **params)
    return X_res, y_res, sampler


def _fit_transform_one(transformer: Any, X: Any, y: Any, params: dict[str, Any]):
    if hasattr(transformer, "fit_transform"):
        Xt = transformer.fit_transform(X, y, **params)
    else:
        Xt = transformer.fit(X, y, **params).transform(X)
    return Xt, y, transformer


def _fit_one(memory: Any, step: Any, X: Any, y: Any, params: dict[str, Any]):
    """Fit one intermediate step (through the cache when there is one): ``(X, y, step)``."""
    func = _fit_resample_one if _is_sampler(step) else _fit_transform_one
    if memory is not None:
        func = memory.cache(func)
    return func(step, X, y, params)


def _is_pipeline(step: Any) -> bool:
    if isinstance(step, Pipeline):
        return True
    sk = sys.modules.get("sklearn.pipeline")  # imbalanced-learn's pipeline subclasses it
    return sk is not None and isinstance(step, sk.Pipeline)


def _n_rows(X: Any) -> int:
    return X.shape[0] if hasattr(X, "shape") else len(X)


def _follow(params: dict[str, Any], origin: np.ndarray | None) -> dict[str, Any]:
    """Return a step's parameters with its ``sample_weight`` re-indexed to the resampled rows."""
    if origin is None or "sample_weight" not in params or params["sample_weight"] is None:
        return params
    return {**params, "sample_weight": _take(params["sample_weight"], origin)}


def _name_estimators(estimators: tuple) -> list[tuple[str, Any]]:
    """Lower-case class names, numbered ``-1``, ``-2`` ... where they repeat."""
    names = [step if isinstance(step, str) else type(step).__name__.lower() for step in estimators]
    counts = {name: names.count(name) for name in names}
    seen: dict[str, int] = {}
    out = []
    for name, step in zip(names, estimators):
        if counts[name] > 1:
            seen[name] = seen.get(name, 0) + 1
            name = f"{name}-{seen[name]}"
        out.append((name, step))
    return out


def make_pipeline(
    *steps: Any, memory: Any = None, transform_input: Any = None, verbose: bool = False
) -> Pipeline:
    """Build a :class:`Pipeline` naming each step after its lower-cased class.

    Parameters
    ----------
    *steps : estimators
        Transformers and samplers, then a final estimator.
    memory : None, str or joblib.Memory, default=None
        Cache the fitted steps.
    transform_input : None, default=None
        Only ``None`` (no metadata routing).
    verbose : bool, default=False
        Print the time each step takes to fit.

    Returns
    -------
    Pipeline

    Examples
    --------
    >>> from minibalance.over_sampling import SMOTE
    >>> from minibalance.under_sampling import RandomUnderSampler
    >>> from minibalance.pipeline import make_pipeline
    >>> [name for name, _ in make_pipeline(SMOTE(), RandomUnderSampler()).steps]
    ['smote', 'randomundersampler']
    """
    return Pipeline(
        _name_estimators(steps), transform_input=transform_input, memory=memory, verbose=verbose
    )
