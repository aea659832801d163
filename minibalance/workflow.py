r"""The main job: compare ways of handling a rare class, cross-validated and leak-free.

:func:`compare` answers the practitioner's question "what should I do about my
rare class?" in one call. It looks at the class distribution, then scores the
same model under several *techniques* on the **same stratified folds**:

- ``majority``: always predict the most frequent class. Always shown: its
  accuracy is high and its recall is zero, which is why accuracy lies;
- ``baseline``: the model as it is;
- ``class_weight``: the model with balanced class weights,
  :math:`w_c = n / (C \, n_c)` (King & Zeng 2001), through its
  ``class_weight="balanced"`` or, failing that, as balanced ``sample_weight``;
- ``smote`` (or any sampler): SMOTE (Chawla et al. 2002) inserted before the
  model in a :class:`minibalance.pipeline.Pipeline`, so it resamples only the
  training fold;
- ``threshold``: the decision threshold tuned for ``objective`` by an *inner*
  stratified cross-validation of the training fold (never the validation
  fold), as :class:`minibalance.threshold.TunedThresholdClassifierCV` does;
- combinations such as ``"smote+threshold"`` and ``"class_weight+threshold"``.

**Leak-free.** Every technique's fitting, resampling and threshold decision
sees only the training part of a fold; the validation part is only predicted.
The model a ``+threshold`` technique thresholds is the very model its base
technique fits on that training part (fitted once, used by both).

**Is the winner really better?** Fold scores share most of their training
data, so they are correlated and a plain paired t-test is overconfident. For
each technique, the paired per-fold differences to the baseline in the
objective are tested with the corrected resampled t-test of Nadeau & Bengio
(2003), see :func:`minibalance._stats.corrected_resampled_ttest`: with
:math:`J` folds (``cv * n_repeats``), mean difference :math:`\bar d`, sample
variance :math:`s^2`,
:math:`t = \bar d / \sqrt{(1/J + n_{test}/n_{train}) s^2}` on :math:`J - 1`
degrees of freedom.

References
----------
.. [1] C. Nadeau and Y. Bengio, "Inference for the Generalization Error",
   Machine Learning 52, 239-281, 2003.
.. [2] G. King and L. Zeng, "Logistic Regression in Rare Events Data",
   Political Analysis 9(2), 137-163, 2001.
.. [3] N. V. Chawla et al., "SMOTE: Synthetic Minority Over-sampling
   Technique", JAIR 16, 321-357, 2002.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._stats import corrected_resampled_ttest
from .class_weight import ClassDistribution, class_distribution, compute_sample_weight
from .metrics import average_precision_score, roc_auc_score
from .threshold._objectives import OBJECTIVES, check_objective, evaluate
from .threshold._objectives import balanced_accuracy as _balanced_accuracy
from .threshold._objectives import fbeta as _fbeta
from .threshold._objectives import mcc as _mcc
from .threshold._objectives import precision as _precision
from .threshold._objectives import recall as _recall

__all__ = ["CompareResult", "compare"]

DEFAULT_TECHNIQUES = ("baseline", "class_weight", "smote", "threshold")
_TOKENS = ("baseline", "class_weight", "smote", "threshold")
#: Metrics reported for every technique, in table order after the objective.
METRICS = (
    "pr_auc",
    "roc_auc",
    "precision",
    "recall",
    "f1",
    "accuracy",
    "balanced_accuracy",
    "mcc",
)
_LABELS = {
    "pr_auc": "PR-AUC",
    "roc_auc": "ROC AUC",
    "precision": "precision",
    "recall": "recall",
    "f1": "F1",
    "accuracy": "accuracy",
    "balanced_accuracy": "bal. acc.",
    "mcc": "MCC",
}


# --- the techniques ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Technique:
    """One row of the comparison: a way of fitting the model, and whether to tune a threshold."""

    name: str
    class_weight: bool = False
    sampler: Any = None  # None, "smote", or a sampler object
    threshold: bool = False
    majority: bool = False

    @property
    def base(self) -> tuple:
        """What is fitted (the threshold aside): techniques with equal bases share a fit."""
        sampler = self.sampler if isinstance(self.sampler, (str, type(None))) else id(self.sampler)
        return (self.majority, self.class_weight, sampler)


def _parse_spec(name: str, spec: str) -> _Technique:
    tokens = [t.strip() for t in spec.split("+")]
    unknown = [t for t in tokens if t not in _TOKENS]
    if unknown or not tokens or len(set(tokens)) != len(tokens):
        raise ValueError(
            f"technique {spec!r} is not understood; use 'baseline', 'class_weight', 'smote', "
            "'threshold' or combinations joined by '+' such as 'smote+threshold' (or a sampler "
            "object in a dict: techniques={'enn': EditedNearestNeighbours()})."
        )
    if "baseline" in tokens and len(tokens) > 1 and set(tokens) != {"baseline", "threshold"}:
        raise ValueError(f"technique {spec!r}: 'baseline' combines only with 'threshold'.")
    return _Technique(
        name=name,
        class_weight="class_weight" in tokens,
        sampler="smote" if "smote" in tokens else None,
        threshold="threshold" in tokens,
    )


def _parse_techniques(techniques: Any) -> list[_Technique]:
    """Techniques from names (``"smote+threshold"``) or a dict of names to specs or samplers."""
    if isinstance(techniques, str):
        techniques = [techniques]
    if isinstance(techniques, Mapping):
        items = list(techniques.items())
    else:
        items = [(spec, spec) for spec in techniques]
    if not items:
        raise ValueError("techniques is empty; give at least one, such as ('baseline', 'smote').")
    out = [_Technique("majority", majority=True)]
    for name, spec in items:
        if not isinstance(name, str) or name == "majority":
            raise ValueError(
                f"technique name {name!r} must be a string other than 'majority' "
                "(the majority reference row is always included)."
            )
        if isinstance(spec, str):
            out.append(_parse_spec(name, spec))
        elif isinstance(spec, tuple) and len(spec) == 2 and spec[1] == "threshold":
            out.append(_Technique(name, sampler=_check_sampler(name, spec[0]), threshold=True))
        else:
            out.append(_Technique(name, sampler=_check_sampler(name, spec)))
    names = [t.name for t in out]
    if len(set(names)) != len(names):
        raise ValueError(f"technique names must be unique; got {names[1:]}.")
    return out


def _check_sampler(name: str, sampler: Any) -> Any:
    if not hasattr(sampler, "fit_resample"):
        raise TypeError(
            f"technique {name!r}: {sampler!r} is neither a technique name nor a sampler "
            "(an object with fit_resample); a (sampler, 'threshold') pair tunes a threshold too."
        )
    return sampler


# --- the objective -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Objective:
    """The score techniques are ranked by (and thresholds tuned for)."""

    name: str  # column name in the results
    kind: Any  # an OBJECTIVES name or a callable
    beta: float = 1.0
    cost_fp: float = 1.0
    cost_fn: float = 1.0

    @property
    def minimize(self) -> bool:
        return self.kind == "cost"

    def score(self, tp, fp, fn, tn) -> float:
        value = evaluate(
            self.kind,
            *(np.array([float(v)]) for v in (tp, fp, fn, tn)),
            beta=self.beta,
            cost_fp=self.cost_fp,
            cost_fn=self.cost_fn,
        )
        return float(np.asarray(value).ravel()[0])

    def tuner_params(self) -> dict[str, Any]:
        return {
            "objective": self.kind,
            "beta": self.beta,
            "cost_fp": self.cost_fp,
            "cost_fn": self.cost_fn,
        }


def _parse_objective(objective: Any, cost_fp: Any, cost_fn: Any) -> _Objective:
    if callable(objective):
        return _Objective(getattr(objective, "__name__", "objective"), objective)
    if cost_fp is not None or cost_fn is not None:
        if objective not in ("cost", "f1"):
            raise ValueError(
                f"cost_fp / cost_fn were given with objective={objective!r}; costs go with "
                "objective='cost' (the default objective 'f1' switches to 'cost' when they "
                "are given)."
            )
        objective = "cost"
    if objective == "cost":
        fp = 1.0 if cost_fp is None else cost_fp
        fn = 1.0 if cost_fn is None else cost_fn
        check_objective("cost", 1.0, fp, fn)
        return _Objective("cost", "cost", cost_fp=float(fp), cost_fn=float(fn))
    match = re.fullmatch(r"f(\d+(?:\.\d+)?)", str(objective))
    if match and objective != "f1":
        beta = float(match.group(1))
        return _Objective(str(objective), "fbeta", beta=beta)
    if objective not in OBJECTIVES or objective == "fbeta":
        raise ValueError(
            f"objective={objective!r} is not supported; use one of "
            f"{[o for o in OBJECTIVES if o != 'fbeta']}, 'f<beta>' such as 'f2' or 'f0.5', "
            "or a callable f(tp, fp, fn, tn) -> score."
        )
    return _Objective(objective, objective)


# --- inputs ---------------------------------------------------------------------------------


def _n_rows(X: Any) -> int:
    return X.shape[0] if hasattr(X, "shape") else len(X)


def _check_inputs(X: Any, y: Any, model_given: bool) -> tuple[Any, np.ndarray]:
    if not hasattr(X, "shape") and not hasattr(X, "iloc"):
        X = np.asarray(X)
    if len(X.shape) != 2:
        raise ValueError(
            f"X must be 2-D (n_samples, n_features); got shape {X.shape}. Reshape a single "
            "feature with X.reshape(-1, 1)."
        )
    y_arr = np.asarray(y)
    if y_arr.ndim == 2 and y_arr.shape[1] == 1:
        y_arr = y_arr.ravel()
    if y_arr.ndim != 1:
        raise ValueError(f"y must be 1-D (n_samples,); got shape {y_arr.shape}.")
    if X.shape[0] != y_arr.shape[0]:
        raise ValueError(
            f"X and y have different numbers of rows: {X.shape[0]} and {y_arr.shape[0]}."
        )
    if y_arr.dtype.kind == "f" and np.isnan(y_arr).any():
        raise ValueError(
            f"y has {int(np.isnan(y_arr).sum())} missing labels (NaN); drop those rows first."
        )
    values = X.to_numpy() if hasattr(X, "to_numpy") else X
    if hasattr(values, "dtype") and values.dtype.kind in "biuf":
        bad = ~np.isfinite(values)
        n_bad = int(bad.sum())
        n_inf = int(np.isinf(values).sum())
        if n_inf or (n_bad and not model_given):
            raise ValueError(
                f"X has {n_bad} missing or infinite values ({n_inf} infinite) in "
                f"{int(bad.any(axis=1).sum())} rows. Drop those rows, or impute them inside "
                "a model pipeline (e.g. make_pipeline(SimpleImputer(), ...)) passed as model."
            )
    return X, y_arr


def _default_model():
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    from .pipeline import Pipeline

    return Pipeline(
        [
            ("standardscaler", StandardScaler()),
            ("logisticregression", LogisticRegression(max_iter=1000)),
        ]
    )


def _splitter(cv: Any, n_repeats: int, random_state: Any):
    from sklearn.model_selection import RepeatedStratifiedKFold, StratifiedKFold

    if hasattr(cv, "split"):
        if n_repeats != 1:
            raise ValueError(
                f"n_repeats={n_repeats} applies to an int cv; a splitter ({cv!r}) sets its own "
                "repeats (use RepeatedStratifiedKFold)."
            )
        return cv, getattr(cv, "n_splits", 5)
    if isinstance(cv, bool) or not isinstance(cv, (int, np.integer)) or cv < 2:
        raise ValueError(f"cv={cv!r} must be an int >= 2 (the number of folds) or a splitter.")
    if isinstance(n_repeats, bool) or not isinstance(n_repeats, (int, np.integer)) or n_repeats < 1:
        raise ValueError(f"n_repeats={n_repeats!r} must be an int >= 1.")
    if n_repeats == 1:
        return StratifiedKFold(int(cv), shuffle=True, random_state=random_state), int(cv)
    splitter = RepeatedStratifiedKFold(
        n_splits=int(cv), n_repeats=int(n_repeats), random_state=random_state
    )
    return splitter, int(cv)


def _check_counts(dist: ClassDistribution, k: int, inner: bool) -> None:
    if dist.n_classes != 2:
        raise ValueError(
            f"compare needs a binary target; y has {dist.n_classes} class(es) "
            f"{dist.labels[:5].tolist()}. For a multiclass problem compare one class against "
            "the rest, e.g. y == 'fraud'."
        )
    smallest = int(dist.counts.min())
    if smallest < k:
        raise ValueError(
            f"class {dist.minority!r} has {smallest} members, fewer than the {k} folds: "
            f"lower cv to at most {smallest}, or collect more samples of that class."
        )
    if inner and (smallest * (k - 1)) // k < k:
        raise ValueError(
            f"class {dist.minority!r} has {smallest} members: a training fold holds about "
            f"{(smallest * (k - 1)) // k}, too few for the {k} inner folds that tune the "
            "threshold. Lower cv, or leave out the '+threshold' techniques."
        )


# --- building and fitting one technique -------------------------------------------------------


def _final_step(model: Any) -> tuple[str | None, Any]:
    steps = getattr(model, "steps", None)
    if steps:
        return steps[-1][0], steps[-1][1]
    return None, model


def _has_param(estimator: Any, name: str) -> bool:
    return hasattr(estimator, "get_params") and name in estimator.get_params(deep=False)


def _accepts_sample_weight(estimator: Any) -> bool:
    import inspect

    try:
        return "sample_weight" in inspect.signature(estimator.fit).parameters
    except (TypeError, ValueError, AttributeError):
        return False


def _build(model: Any, technique: _Technique, random_state: Any) -> tuple[Any, bool]:
    """Build the estimator a technique fits; say whether it needs balanced sample weights."""
    from sklearn.base import clone

    from .over_sampling import SMOTE
    from .pipeline import Pipeline

    estimator = clone(model)
    needs_weights = False
    if technique.class_weight:
        final_name, final = _final_step(estimator)
        prefix = f"{final_name}__" if final_name else ""
        if _has_param(final, "class_weight"):
            estimator.set_params(**{f"{prefix}class_weight": "balanced"})
        elif _accepts_sample_weight(final):
            needs_weights = True
        else:
            raise ValueError(
                f"technique {technique.name!r}: {type(final).__name__} takes neither "
                "class_weight nor sample_weight, so it cannot be class-weighted."
            )
    if technique.sampler is not None:
        sampler = (
            SMOTE(random_state=random_state)
            if technique.sampler == "smote"
            else clone(technique.sampler)
        )
        name = "smote" if technique.sampler == "smote" else f"sampler_{technique.name}"
        steps = getattr(estimator, "steps", None)
        if steps:
            steps = [*steps[:-1], (name, sampler), steps[-1]]
        else:
            steps = [(name, sampler), ("model", estimator)]
        estimator = Pipeline(list(steps))
    return estimator, needs_weights


def _fit_params(estimator: Any, y_train: np.ndarray, needs_weights: bool) -> dict[str, Any]:
    if not needs_weights:
        return {}
    weights = compute_sample_weight("balanced", y_train)
    final_name, _ = _final_step(estimator)
    return {f"{final_name}__sample_weight" if final_name else "sample_weight": weights}


class _Majority:
    """Always predicts the training data's most frequent class (its score is constant)."""

    def fit(self, X: Any, y: np.ndarray) -> _Majority:
        dist = class_distribution(y)
        self.classes_ = dist.labels
        self.majority_ = dist.majority
        return self

    def predict(self, X: Any) -> np.ndarray:
        return np.full(_n_rows(X), self.majority_, dtype=self.classes_.dtype)

    def scores(self, X: Any, pos_label: Any) -> np.ndarray:
        return np.full(_n_rows(X), 1.0 if self.majority_ == pos_label else 0.0)


def _take(X: Any, rows: np.ndarray) -> Any:
    if hasattr(X, "iloc"):
        return X.iloc[rows]
    return X[rows]


def _label_metrics(
    is_pos: np.ndarray, pred_pos: np.ndarray, objective: _Objective
) -> dict[str, float]:
    tp = float(np.count_nonzero(is_pos & pred_pos))
    fp = float(np.count_nonzero(~is_pos & pred_pos))
    fn = float(np.count_nonzero(is_pos & ~pred_pos))
    tn = float(is_pos.size) - tp - fp - fn
    counts = tuple(np.array([v]) for v in (tp, fp, fn, tn))
    out = {
        "precision": float(_precision(*counts)[0]),
        "recall": float(_recall(*counts)[0]),
        "f1": float(_fbeta(*counts)[0]),
        "accuracy": (tp + tn) / is_pos.size,
        "balanced_accuracy": float(_balanced_accuracy(*counts)[0]),
        "mcc": float(_mcc(*counts)[0]),
    }
    out[objective.name] = objective.score(tp, fp, fn, tn)
    return out


@dataclass
class _Settings:
    model: Any
    techniques: list[_Technique]
    objective: _Objective
    pos_label: Any
    inner_folds: int
    random_state: Any


def _run_fold(
    fold: int,
    train: np.ndarray,
    test: np.ndarray,
    X: Any,
    y: np.ndarray,
    settings: _Settings,
    report: Any = None,
) -> dict[str, Any]:
    """Fit every technique on one training part and score it on the validation part."""
    from sklearn.model_selection import StratifiedKFold

    from .threshold import TunedThresholdClassifierCV
    from .threshold._classifiers import _response_values

    X_train, y_train, X_test, y_test = _take(X, train), y[train], _take(X, test), y[test]
    is_pos = y_test == settings.pos_label
    fitted: dict[tuple, tuple] = {}  # base -> (estimator, fit time, params)
    out: dict[str, Any] = {}
    for technique in settings.techniques:
        t0 = time.perf_counter()
        if technique.base not in fitted:
            if technique.majority:
                estimator, params = _Majority(), {}
            else:
                estimator, needs_weights = _build(settings.model, technique, settings.random_state)
                params = _fit_params(estimator, y_train, needs_weights)
            estimator.fit(X_train, y_train, **params)
            fitted[technique.base] = (estimator, time.perf_counter() - t0, params)
        # A technique that shares its base with an earlier one reuses that fit (and its time).
        estimator, fit_time, params = fitted[technique.base]
        threshold = None
        if technique.threshold:
            # Nested: the threshold is chosen on inner folds of the training part only.
            t1 = time.perf_counter()
            inner = StratifiedKFold(
                settings.inner_folds, shuffle=True, random_state=settings.random_state
            )
            tuner = TunedThresholdClassifierCV(
                estimator,
                pos_label=settings.pos_label,
                thresholds="exact",
                **settings.objective.tuner_params(),
            )
            tuner.tune(X_train, y_train, list(inner.split(X_train, y_train)), **params)
            threshold = tuner.best_threshold_
            fit_time += time.perf_counter() - t1
        t2 = time.perf_counter()
        if technique.majority:
            scores = estimator.scores(X_test, settings.pos_label)
            pred_pos = estimator.predict(X_test) == settings.pos_label
        else:
            scores = _response_values(estimator, X_test, "auto", settings.pos_label)[0]
            scores = np.asarray(scores, dtype=np.float64)
            if threshold is None:
                pred_pos = np.asarray(estimator.predict(X_test)) == settings.pos_label
            else:
                pred_pos = scores >= threshold
        predict_time = time.perf_counter() - t2
        metrics = _label_metrics(is_pos, pred_pos, settings.objective)
        metrics["pr_auc"] = float(average_precision_score(is_pos, scores))
        metrics["roc_auc"] = float(roc_auc_score(is_pos, scores))
        metrics["fit_time"] = fit_time
        metrics["predict_time"] = predict_time
        out[technique.name] = {
            "metrics": metrics,
            "scores": scores,
            "threshold": threshold,
        }
        if report is not None:
            report(fold, technique.name)
    return out


class _Progress:
    """Technique, fold, elapsed time and an ETA on stderr."""

    def __init__(self, n_folds: int, n_techniques: int, enabled: bool) -> None:
        self.total = n_folds * n_techniques
        self.n_folds = n_folds
        self.n_techniques = n_techniques
        self.done = 0
        self.enabled = enabled
        self.start = time.perf_counter()

    def __call__(self, fold: int, technique: str, units: int = 1) -> None:
        self.done += units
        if not self.enabled:
            return
        elapsed = time.perf_counter() - self.start
        eta = elapsed / self.done * (self.total - self.done)
        print(
            f"[compare] fold {fold + 1}/{self.n_folds} {technique:<24} "
            f"elapsed {elapsed:6.1f} s  ETA {eta:6.1f} s",
            file=sys.stderr,
            flush=True,
        )


# --- the result -------------------------------------------------------------------------------


@dataclass
class CompareResult:
    """What :func:`compare` found: per-fold metrics, their summary, and the verdict.

    Attributes
    ----------
    distribution : ClassDistribution
        The class counts of ``y``.
    pos_label : label
        The positive (rare) class the metrics are about.
    objective : str
        The metric techniques are ranked by (``"cost"`` is minimised).
    techniques : list of str
        Row names, ``"majority"`` first.
    folds : dict
        ``folds[technique][metric]``: ndarray with one value per fold
        (``cv * n_repeats``), the folds in the order of ``splits``.
    thresholds : dict
        ``thresholds[technique]``: the tuned threshold per fold (``+threshold``
        techniques only).
    splits : list of (train, test) index arrays
        The folds, identical for every technique.
    tests : dict
        ``tests[technique]``: :class:`~minibalance._stats.TTestResult` of the
        technique minus the baseline in the objective (no entry for the
        baseline itself, or when there is no baseline).
    best : str
        The technique with the best mean objective (``majority`` aside).
    oof_scores : dict
        ``oof_scores[technique]``: out-of-fold scores of shape
        ``(n_repeats, n_samples)``, for PR curves.
    best_estimator_ : estimator or None
        With ``refit=True``: the winner fitted on all the data.
    """

    distribution: ClassDistribution
    pos_label: Any
    objective: str
    techniques: list[str]
    folds: dict[str, dict[str, np.ndarray]]
    thresholds: dict[str, np.ndarray]
    splits: list[tuple[np.ndarray, np.ndarray]]
    tests: dict[str, Any]
    best: str
    oof_scores: dict[str, np.ndarray]
    y_true: np.ndarray = field(repr=False, default=None)
    best_estimator_: Any = None
    _settings: Any = field(repr=False, default=None)

    # --- numbers ---

    @property
    def metrics(self) -> list[str]:
        """Metric columns: the objective first, then the standard ones, then times."""
        rest = [m for m in METRICS if m != self.objective]
        return [self.objective, *rest, "fit_time", "predict_time"]

    def mean(self, technique: str, metric: str) -> float:
        """Mean over folds."""
        return float(np.mean(self.folds[technique][metric]))

    def std(self, technique: str, metric: str) -> float:
        """Return the standard deviation over folds (``ddof=1``, as the t-test uses)."""
        values = self.folds[technique][metric]
        return float(np.std(values, ddof=1)) if values.size > 1 else 0.0

    @property
    def _minimize(self) -> bool:
        return self.objective == "cost"

    def beats_baseline(self, technique: str, alpha: float = 0.05) -> bool:
        """Whether ``technique`` is better than the baseline beyond fold noise (p < alpha)."""
        test = self.tests.get(technique)
        if test is None or not np.isfinite(test.pvalue):
            return False
        better = test.mean_difference < 0 if self._minimize else test.mean_difference > 0
        return bool(better and test.pvalue < alpha)

    def verdict(self, alpha: float = 0.05) -> str:
        """Say which technique wins, and whether it beats the baseline, in plain words."""
        best, label = self.best, self._objective_label
        mean, std = self.mean(best, self.objective), self.std(best, self.objective)
        head = f"{best}: {label} {mean:.3f} +- {std:.3f}"
        if "baseline" not in self.folds:
            return f"Best: {head} (no baseline to compare with)."
        if best == "baseline":
            return f"Best: {head}; no technique beats the baseline."
        test = self.tests[best]
        diff = abs(test.mean_difference)
        word = "lower" if self._minimize else "higher"
        if self.beats_baseline(best, alpha):
            return (
                f"Best: {head}, better than the baseline by {diff:.3f} (p = {test.pvalue:.3g}, "
                "corrected resampled t-test)."
            )
        return (
            f"Best: {head}, {diff:.3f} {word} than the baseline, but not significantly "
            f"(p = {test.pvalue:.3g} >= {alpha}): the gain may be fold-to-fold noise."
        )

    @property
    def _objective_label(self) -> str:
        return {"f1": "F1", "cost": "cost"}.get(
            self.objective, _LABELS.get(self.objective, self.objective)
        )

    # --- conversions ---

    def to_dict(self) -> dict[str, Any]:
        """Plain Python values (JSON-ready): summary, per-fold values, tests and verdict."""
        out: dict[str, Any] = {
            "distribution": self.distribution.to_dict(),
            "pos_label": _plain(self.pos_label),
            "objective": self.objective,
            "n_folds": len(self.splits),
            "best": self.best,
            "verdict": self.verdict(),
            "techniques": {},
        }
        for name in self.techniques:
            entry: dict[str, Any] = {
                "mean": {m: self.mean(name, m) for m in self.metrics},
                "std": {m: self.std(name, m) for m in self.metrics},
                "folds": {m: self.folds[name][m].tolist() for m in self.metrics},
            }
            if name in self.thresholds:
                entry["thresholds"] = self.thresholds[name].tolist()
            if name in self.tests:
                t = self.tests[name]
                entry["vs_baseline"] = {
                    "mean_difference": t.mean_difference,
                    "t": t.statistic,
                    "pvalue": t.pvalue,
                    "df": t.df,
                    "better": self.beats_baseline(name),
                }
            out["techniques"][name] = entry
        return out

    def to_frame(self):
        """Return a pandas DataFrame: a row per technique, ``metric`` and ``metric_std`` columns."""
        import pandas as pd

        rows = []
        for name in self.techniques:
            row: dict[str, Any] = {"technique": name}
            for m in self.metrics:
                row[m] = self.mean(name, m)
                row[f"{m}_std"] = self.std(name, m)
            test = self.tests.get(name)
            row["diff_vs_baseline"] = test.mean_difference if test else np.nan
            row["p_vs_baseline"] = test.pvalue if test else np.nan
            rows.append(row)
        return pd.DataFrame(rows).set_index("technique")

    def _table_rows(self) -> tuple[list[str], list[list[str]]]:
        columns = [m for m in self.metrics if m != "predict_time"]
        head = ["technique", *[_LABELS.get(m, m) if m != "fit_time" else "fit" for m in columns]]
        head[1] = self._objective_label
        head.append("vs baseline")
        body = []
        for name in self.techniques:
            cells = [name]
            for m in columns:
                if m == "fit_time":  # seconds per fold
                    cells.append(f"{self.mean(name, m):.2f}s")
                else:
                    cells.append(f"{self.mean(name, m):.3f}±{self.std(name, m):.3f}")
            test = self.tests.get(name)
            if test is None:
                cells.append("" if name != "baseline" else "(reference)")
            else:
                mark = ""
                if np.isfinite(test.pvalue) and test.pvalue < 0.05 and test.mean_difference != 0:
                    mark = " better" if self.beats_baseline(name) else " worse"
                cells.append(f"{test.mean_difference:+.3f} p={test.pvalue:.2g}{mark}")
            body.append(cells)
        return head, body

    def __str__(self) -> str:
        head, body = self._table_rows()
        widths = [max(len(r[i]) for r in [head, *body]) for i in range(len(head))]
        fmt = lambda r: "  ".join(  # noqa: E731
            c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))
        )
        lines = [
            f"{len(self.splits)} stratified folds; positive class {self.pos_label!r}; "
            f"objective {self._objective_label}" + (" (lower is better)" if self._minimize else ""),
            fmt(head),
            *map(fmt, body),
            "better / worse: than the baseline beyond fold-to-fold noise (corrected resampled "
            "t-test, p < 0.05); fit: seconds per fold",
            self.verdict(),
        ]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"CompareResult(best={self.best!r}, objective={self.objective!r}, "
            f"techniques={self.techniques!r}, n_folds={len(self.splits)})"
        )

    def _repr_html_(self) -> str:
        import html

        head, body = self._table_rows()
        cells = "".join(f"<th>{html.escape(h)}</th>" for h in head)
        rows = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in body
        )
        return (
            f"<table><thead><tr>{cells}</tr></thead><tbody>{rows}</tbody></table>"
            f"<p>{html.escape(self.verdict())}</p>"
        )

    # --- plot and deploy ---

    def plot(self, path: Any = None):
        """Out-of-fold PR curves per technique, and the metrics side by side (matplotlib).

        Parameters
        ----------
        path : str or path-like, optional
            Save the figure there (PNG by the extension) instead of only returning it.

        Returns
        -------
        matplotlib.figure.Figure
        """
        import matplotlib

        if path is not None:
            matplotlib.use("Agg", force=False)
        import matplotlib.pyplot as plt

        from .metrics import precision_recall_curve

        fig, (ax_pr, ax_bar) = plt.subplots(1, 2, figsize=(13, 5))
        is_pos = self.y_true == self.pos_label
        for name in self.techniques:
            if name == "majority":
                continue
            scores = self.oof_scores[name][0]
            precision, recall, _ = precision_recall_curve(is_pos, scores)
            ap = self.mean(name, "pr_auc")
            ax_pr.step(recall, precision, where="post", label=f"{name} (PR-AUC {ap:.3f})")
        ax_pr.axhline(is_pos.mean(), color="grey", linestyle=":", label="chance")
        ax_pr.set(xlabel="recall", ylabel="precision", title="Out-of-fold precision-recall")
        ax_pr.legend(fontsize="small")
        shown = [m for m in self.metrics if m not in ("fit_time", "predict_time", "cost")]
        width = 0.8 / len(self.techniques)
        x = np.arange(len(shown))
        for i, name in enumerate(self.techniques):
            means = [self.mean(name, m) for m in shown]
            errs = [self.std(name, m) for m in shown]
            ax_bar.bar(x + i * width, means, width, yerr=errs, label=name)
        ax_bar.set_xticks(x + 0.4 - width / 2, [_LABELS.get(m, m) for m in shown], rotation=30)
        ax_bar.set(title=f"Mean over {len(self.splits)} folds")
        ax_bar.legend(fontsize="small")
        fig.tight_layout()
        if path is not None:
            fig.savefig(path, dpi=100)
            plt.close(fig)
        return fig

    def best_estimator(
        self, X: Any, y: Any, technique: str | None = None, *, calibrate: Any = None
    ) -> Any:
        """Fit the winning technique (or ``technique``) on all of ``(X, y)``, ready to predict.

        A ``+threshold`` technique comes back as a fitted
        :class:`~minibalance.threshold.TunedThresholdClassifierCV` (its
        threshold tuned by cross-validation on ``(X, y)``, then the model refitted
        on all of it); the others as the fitted model (a pipeline with the
        sampler when there is one; samplers act only in ``fit``).

        ``calibrate="prior"`` gives a resampling technique's pipeline
        ``calibrate="prior"``: its ``predict_proba`` is mapped back from the
        resampled class prior to that of ``(X, y)`` (see
        :class:`~minibalance.pipeline.Pipeline`); its decisions do not change.
        Without resampling there is no prior shift to undo and nothing changes,
        except for class weights, which shift the prior too and are refused.
        """
        from .threshold import TunedThresholdClassifierCV

        settings = self._settings
        name = self.best if technique is None else technique
        chosen = next((t for t in settings.techniques if t.name == name), None)
        if chosen is None:
            raise ValueError(f"technique={name!r} is not one of {self.techniques}.")
        X, y_arr = _check_inputs(X, y, model_given=True)
        if chosen.majority:
            return _Majority().fit(X, y_arr)
        if calibrate not in (None, "prior"):
            raise ValueError(
                f"calibrate={calibrate!r} is not supported; use None or 'prior' (probabilities "
                "mapped back to the class prior of (X, y) after resampling)."
            )
        if calibrate == "prior" and chosen.class_weight:
            raise ValueError(
                f"calibrate='prior' undoes the prior shift of resampling; technique {name!r} "
                "weights the classes instead. Pick a resampling technique, or pass "
                "calibrate=None."
            )
        estimator, needs_weights = _build(settings.model, chosen, settings.random_state)
        if calibrate == "prior" and chosen.sampler is not None:
            estimator.set_params(calibrate="prior")
        params = _fit_params(estimator, y_arr, needs_weights)
        if not chosen.threshold:
            return estimator.fit(X, y_arr, **params)
        from sklearn.model_selection import StratifiedKFold

        tuner = TunedThresholdClassifierCV(
            estimator,
            pos_label=settings.pos_label,
            thresholds="exact",
            cv=StratifiedKFold(
                settings.inner_folds, shuffle=True, random_state=settings.random_state
            ),
            **settings.objective.tuner_params(),
        )
        return tuner.fit(X, y_arr, **params)


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


# --- the public function -----------------------------------------------------------------------


def compare(
    X: Any,
    y: Any,
    *,
    model: Any = None,
    techniques: Any = DEFAULT_TECHNIQUES,
    cv: Any = 5,
    n_repeats: int = 1,
    objective: Any = "f1",
    cost_fp: float | None = None,
    cost_fn: float | None = None,
    pos_label: Any = None,
    random_state: Any = 0,
    n_jobs: int | None = None,
    progress: bool | None = None,
    refit: bool = False,
) -> CompareResult:
    """Compare baseline, class weights, SMOTE and threshold tuning on the same folds.

    Parameters
    ----------
    X : array-like or DataFrame of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
        Binary labels.
    model : classifier, default=None
        Any scikit-learn classifier (or pipeline). Default: ``LogisticRegression``
        on standardised features.
    techniques : sequence of str, or dict, default=DEFAULT_TECHNIQUES
        ``("baseline", "class_weight", "smote", "threshold")`` by default.
        Names, or combinations joined by ``+`` (``"smote+threshold"``,
        ``"class_weight+threshold"``); or a dict of row names to such strings, to
        sampler objects (inserted before the model), or to ``(sampler,
        "threshold")`` pairs. A ``majority`` reference row is always added.
    cv : int or splitter, default=5
        Number of stratified folds (shuffled with ``random_state``), or a
        scikit-learn splitter.
    n_repeats : int, default=1
        Repeats of the stratified K-fold (``RepeatedStratifiedKFold``).
    objective : str or callable, default="f1"
        What ranks the techniques and what thresholds are tuned for: ``"f1"``,
        ``"f<beta>"`` (``"f2"``, ``"f0.5"``), ``"precision"``, ``"recall"``,
        ``"balanced_accuracy"``, ``"mcc"``, ``"gmean"``, ``"youden"``, ``"cost"``,
        or a callable ``f(tp, fp, fn, tn) -> score`` (higher is better).
    cost_fp, cost_fn : float, default=None
        Costs of a false positive / negative; giving them makes the objective
        ``"cost"`` (total cost on a validation fold, minimised).
    pos_label : label, default=None
        The positive class; default: the minority class.
    random_state : int or None, default=0
        Seeds the folds, the inner threshold folds and SMOTE.
    n_jobs : int, default=None
        Folds run in parallel with joblib (``-1``: every core).
    progress : bool, default=None
        Report technique, fold, elapsed time and ETA on stderr; ``None``: when
        stderr is a terminal.
    refit : bool, default=False
        Also fit the winner on all the data (``result.best_estimator_``).

    Returns
    -------
    CompareResult
        Prints as a table with the verdict; see its attributes.

    Notes
    -----
    Per fold, each technique gets accuracy, precision, recall, F1, the
    objective, PR-AUC (average precision), ROC AUC, balanced accuracy, MCC
    and its fit and predict times. Labels come from ``predict`` (or from the
    tuned threshold, ``score >= t``); PR-AUC and ROC AUC from
    ``predict_proba`` (or ``decision_function``). The t-test is described in
    the module docstring.

    Examples
    --------
    >>> from minibalance.datasets import make_imbalanced
    >>> from minibalance.workflow import compare
    >>> X, y = make_imbalanced(5000, weights=(0.95, 0.05), random_state=0)
    >>> result = compare(X, y, cv=3, progress=False)
    >>> result.techniques
    ['majority', 'baseline', 'class_weight', 'smote', 'threshold']
    >>> result.folds["majority"]["recall"].tolist()  # high accuracy, no recall
    [0.0, 0.0, 0.0]
    """
    parsed = _parse_techniques(techniques)
    goal = _parse_objective(objective, cost_fp, cost_fn)
    X, y_arr = _check_inputs(X, y, model_given=model is not None)
    dist = class_distribution(y_arr)
    splitter, k = _splitter(cv, n_repeats, random_state)
    _check_counts(dist, k, inner=any(t.threshold for t in parsed))
    if pos_label is None:
        pos_label = dist.minority
    elif pos_label not in dist.labels.tolist():
        raise ValueError(f"pos_label={pos_label!r} is not a class; the classes are {dist.labels}.")
    settings = _Settings(
        model=_default_model() if model is None else model,
        techniques=parsed,
        objective=goal,
        pos_label=pos_label,
        inner_folds=k,
        random_state=random_state,
    )
    splits = [(np.asarray(tr), np.asarray(te)) for tr, te in splitter.split(X, y_arr)]
    if progress is None:
        progress = sys.stderr.isatty()
    tracker = _Progress(len(splits), len(parsed), bool(progress))
    if n_jobs in (None, 1):
        per_fold = [
            _run_fold(i, tr, te, X, y_arr, settings, report=tracker)
            for i, (tr, te) in enumerate(splits)
        ]
    else:
        from joblib import Parallel, delayed

        from ._config import get_config, run_with_config

        config = get_config()  # the workers run with the caller's backend
        jobs = Parallel(n_jobs=n_jobs, return_as="generator")(
            delayed(run_with_config)(config, _run_fold, i, tr, te, X, y_arr, settings)
            for i, (tr, te) in enumerate(splits)
        )
        per_fold = []
        for i, fold in enumerate(jobs):
            per_fold.append(fold)
            tracker(i, "(all techniques)", units=len(parsed))
    return _collect(per_fold, splits, y_arr, dist, settings, X if refit else None)


def _collect(per_fold, splits, y, dist, settings, X_refit) -> CompareResult:
    names = [t.name for t in settings.techniques]
    folds = {
        name: {
            m: np.array([f[name]["metrics"][m] for f in per_fold])
            for m in per_fold[0][name]["metrics"]
        }
        for name in names
    }
    thresholds = {
        t.name: np.array([f[t.name]["threshold"] for f in per_fold])
        for t in settings.techniques
        if t.threshold
    }
    n = y.shape[0]
    # Each repeat predicts every row once: out-of-fold scores per repeat.
    n_repeats = max(1, round(sum(len(te) for _, te in splits) / n))
    oof = {name: np.full((n_repeats, n), np.nan) for name in names}
    per_repeat = len(splits) // n_repeats
    for j, ((_, test), fold) in enumerate(zip(splits, per_fold)):
        for name in names:
            oof[name][min(j // per_repeat, n_repeats - 1), test] = fold[name]["scores"]
    objective = settings.objective
    tests = {}
    if "baseline" in folds:
        n_train = float(np.mean([len(tr) for tr, _ in splits]))
        n_test = float(np.mean([len(te) for _, te in splits]))
        reference = folds["baseline"][objective.name]
        for name in names:
            if name in ("baseline", "majority"):
                continue
            diff = folds[name][objective.name] - reference
            tests[name] = corrected_resampled_ttest(diff, n_train, n_test)
    ranked = [name for name in names if name != "majority"]
    sign = 1.0 if objective.minimize else -1.0
    best = min(ranked, key=lambda name: sign * float(np.mean(folds[name][objective.name])))
    result = CompareResult(
        distribution=dist,
        pos_label=settings.pos_label,
        objective=objective.name,
        techniques=names,
        folds=folds,
        thresholds=thresholds,
        splits=splits,
        tests=tests,
        best=best,
        oof_scores=oof,
        y_true=y,
        _settings=settings,
    )
    if X_refit is not None:
        result.best_estimator_ = result.best_estimator(X_refit, y)
    return result
