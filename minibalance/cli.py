"""Command line: ``python -m minibalance {report,compare}`` (also the ``minibalance`` script).

- ``report`` prints the class distribution of a target and the balanced class
  weights that would even it out: the first look at any imbalanced problem.
- ``compare`` is the main job: it cross-validates the baseline model, class
  weights, SMOTE and threshold tuning on the same stratified folds, leak-free,
  prints the table and says in plain words whether the winner beats the
  baseline (see :func:`minibalance.workflow.compare`).

With no ``--csv`` both run on the built-in synthetic fraud data
(:func:`minibalance.datasets.make_imbalanced`). Every user error ends with one
line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from . import __version__
from ._io import UserError, read_csv, split_target
from .class_weight import class_distribution, compute_class_weight
from .datasets import make_imbalanced

MODELS = ("logreg", "forest", "hgb")


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors (exit code 2), as every other user error."""

    def error(self, message: str):
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def _positive_int(minimum: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"{value} is too small; the minimum is {minimum}")
        return value

    return parse


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not np.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"{text} must be a finite number >= 0")
    return value


# --- report ------------------------------------------------------------------------------------


def _report(args: argparse.Namespace) -> int:
    X = None
    if args.csv:
        frame = read_csv(args.csv)
        _, target, name = split_target(frame, args.target, args.csv)
        missing = int(target.isna().sum())
        y = target.dropna().to_numpy()
        source = f"{args.csv} (target column {name!r})"
        if missing:
            source += f"; {missing} rows with no target value left out"
        if y.size == 0:
            raise UserError(f"target column {name!r} of {args.csv} has no values")
    else:
        X, y = make_imbalanced(args.n_samples, weights=[0.97, 0.02, 0.01], random_state=args.seed)
        source = f"built-in demo data ({args.n_samples} samples, seed {args.seed})"
    dist = class_distribution(y)
    print(f"Class distribution of {source}\n")
    print(dist)
    weights = compute_class_weight("balanced", classes=dist.labels, y=y)
    print("\nBalanced class weights (n_samples / (n_classes * count)):")
    for label, weight in zip(dist.labels.tolist(), weights.tolist()):
        print(f"  {label!s:>10}: {weight:.4f}")
    print(
        "\nPass them to an estimator as class_weight=dict(zip(labels, weights)), "
        "or use class_weight='balanced'."
    )
    if X is not None:
        _demo_resampling_and_metrics(X, y, args.seed)
    if args.plot:
        _plot_distribution(dist, args.plot)
        print(f"\nBar chart written to {args.plot}")
    return 0


def _plot_distribution(dist: Any, path: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    names = [str(label) for label in dist.labels.tolist()]
    ax.bar(names, dist.counts)
    for i, (count, share) in enumerate(zip(dist.counts.tolist(), dist.proportions.tolist())):
        ax.annotate(f"{count} ({share:.1f}%)", (i, count), ha="center", va="bottom")
    ax.set(ylabel="samples", title=f"Class distribution (imbalance {dist.imbalance_ratio:.1f}:1)")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def _demo_resampling_and_metrics(X: np.ndarray, y: np.ndarray, seed: int) -> None:
    from .metrics import average_precision_score, roc_auc_score
    from .over_sampling import SMOTE
    from .threshold import find_best_threshold

    k = min(5, int(class_distribution(y).counts.min()) - 1)  # SMOTE needs k + 1 per class
    if k >= 1:
        _, y_res = SMOTE(random_state=seed, k_neighbors=k).fit_resample(X, y)
        counts = class_distribution(y_res).to_dict()["counts"]
        print(
            f"\nAfter SMOTE(k_neighbors={k}, random_state={seed}): {counts} "
            f"({len(y_res) - len(y)} synthetic rows)"
        )
    # A one-line scorer for "rare vs common": distance from the common class's mean.
    rare = y != 0
    score = np.linalg.norm(X - X[~rare].mean(axis=0), axis=1)
    print(
        "Rare-vs-common scorer (distance from the common class's mean): "
        f"PR-AUC {average_precision_score(rare, score):.3f} "
        f"(chance {rare.mean():.3f}), ROC AUC {roc_auc_score(rare, score):.3f}"
    )
    best = find_best_threshold(rare, score, objective="f1")
    print(
        f"Best F1 threshold over all {best.thresholds.size} candidates: {best.threshold:.3f} "
        f"(F1 {best.score:.3f}, precision {best.precision:.3f}, recall {best.recall:.3f})"
    )
    # always feasible: the lowest threshold has recall 1
    kept = find_best_threshold(rare, score, objective="precision", min_recall=0.9)
    print(
        f"Best precision with recall >= 0.9: {kept.precision:.3f} "
        f"at threshold {kept.threshold:.3f} (recall {kept.recall:.3f})"
    )


# --- compare -----------------------------------------------------------------------------------


def _estimator(kind: str, seed: int):
    if kind == "logreg":
        from sklearn.linear_model import LogisticRegression

        return "logisticregression", LogisticRegression(max_iter=1000), True
    if kind == "forest":
        from sklearn.ensemble import RandomForestClassifier

        return "randomforestclassifier", RandomForestClassifier(random_state=seed), False
    from sklearn.ensemble import HistGradientBoostingClassifier

    return (
        "histgradientboostingclassifier",
        HistGradientBoostingClassifier(random_state=seed),
        False,
    )


def _build_model(kind: str, features: Any, impute: bool, seed: int):
    """Build the model pipeline: encoding, imputation, scaling (fitted on training folds only).

    ``features`` is the DataFrame of a CSV (its string columns are one-hot encoded), or
    ``None`` for numeric arrays.
    """
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline as sk_make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    from .pipeline import Pipeline

    name, estimator, scale = _estimator(kind, seed)
    numeric, categorical = ([], []) if features is None else _column_kinds(features)
    if not categorical and not impute:
        steps = [("standardscaler", StandardScaler())] if scale else []
        return Pipeline([*steps, (name, estimator)]), []
    num_steps = ([SimpleImputer(strategy="median")] if impute else []) + (
        [StandardScaler()] if scale else []
    )
    cat_steps = [
        *([SimpleImputer(strategy="most_frequent")] if impute else []),
        OneHotEncoder(handle_unknown="ignore", sparse_output=False),
    ]
    parts = []
    if numeric:
        parts.append(
            ("numeric", sk_make_pipeline(*num_steps) if num_steps else "passthrough", numeric)
        )
    if categorical:
        parts.append(("categorical", sk_make_pipeline(*cat_steps), categorical))
    prepare = ColumnTransformer(parts, sparse_threshold=0.0)
    return Pipeline([("prepare", prepare), (name, estimator)]), categorical


def _column_kinds(features: Any) -> tuple[list[str], list[str]]:
    import pandas as pd

    numeric, categorical = [], []
    for column in features.columns:
        series = features[column]
        is_number = pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series)
        (numeric if is_number else categorical).append(column)
    return numeric, categorical


def _load_compare_data(args: argparse.Namespace):
    """Features, labels and a description of the source, cleaned as the flags say."""
    import pandas as pd

    frame = read_csv(args.csv)
    features, target, name = split_target(frame, args.target, args.csv, args.drop)
    notes = []
    missing_target = int(target.isna().sum())
    if missing_target and not args.dropna:
        raise UserError(
            f"{missing_target} rows have no value in the target column {name!r}; "
            "drop them with --dropna"
        )
    keep = target.notna()
    numeric, categorical = _column_kinds(features)
    if numeric:
        values = features[numeric].to_numpy(dtype=np.float64, na_value=np.nan)
        inf = np.isinf(values)
        if inf.any():
            column = numeric[int(np.flatnonzero(inf.any(axis=0))[0])]
            raise UserError(
                f"{int(inf.sum())} feature values are infinite (first in column {column!r}); "
                "replace them with finite numbers or leave the cells empty"
            )
    missing = features.isna()
    rows_missing = missing.any(axis=1) & keep
    if rows_missing.any() and not (args.dropna or args.impute):
        columns = [c for c in features.columns if missing[c].any()]
        raise UserError(
            f"{int(rows_missing.sum())} rows have missing feature values (in "
            f"{', '.join(map(repr, columns[:5]))}{' ...' if len(columns) > 5 else ''}); drop "
            "them with --dropna or impute them inside the pipeline with --impute"
        )
    if args.dropna and not args.impute:
        keep &= ~missing.any(axis=1)
    dropped = int((~keep).sum())
    if dropped:
        notes.append(f"{dropped} rows with missing values dropped (--dropna)")
    features, target = features[keep].reset_index(drop=True), target[keep].reset_index(drop=True)
    if target.size == 0:
        raise UserError("no rows are left after dropping the rows with missing values")
    for column in categorical:  # one type per column for the encoder
        features[column] = features[column].astype(object).where(features[column].notna())
        features[column] = features[column].map(lambda v: v if pd.isna(v) else str(v))
    labels = target.to_numpy()
    if labels.dtype == object:
        labels = labels.astype(str)
    return features, labels, name, notes


def _binary_target(labels: np.ndarray, pos_label: str | None, name: str):
    classes = np.unique(labels)
    if classes.size < 2:
        raise UserError(
            f"the target {name!r} has one class ({classes[0]!r}): there is nothing to compare"
        )
    if pos_label is None:
        if classes.size > 2:
            shown = ", ".join(map(repr, classes[:6].tolist()))
            raise UserError(
                f"the target {name!r} has {classes.size} classes ({shown}); choose the rare "
                "one with --pos-label LABEL to compare it against the rest"
            )
        return labels, None
    matches = [c for c in classes.tolist() if str(c) == pos_label]
    if not matches:
        shown = ", ".join(map(repr, classes[:10].tolist()))
        raise UserError(f"--pos-label {pos_label!r} is not a class of {name!r}; classes: {shown}")
    positive = matches[0]
    if classes.size > 2:  # one class against the rest
        return np.where(labels == positive, str(positive), "rest"), str(positive)
    return labels, positive


def _compare(args: argparse.Namespace) -> int:
    from .workflow import _parse_objective, compare

    try:
        _parse_objective(args.objective, args.cost_fp, args.cost_fn)
    except ValueError as exc:
        raise UserError(f"--objective {args.objective}: {exc}") from None
    if (args.cost_fp is None) != (args.cost_fn is None):
        raise UserError("give both --cost-fp and --cost-fn, or neither")
    encoded: list[str] = []
    notes: list[str] = []
    if args.csv:
        X, y, name, notes = _load_compare_data(args)
        y, pos_label = _binary_target(y, args.pos_label, name)
        model, encoded = _build_model(args.model, X, args.impute, args.seed)
        source = f"{args.csv}: {X.shape[0]} rows, {X.shape[1]} features, target {name!r}"
    else:
        X, y = make_imbalanced(args.n_samples, random_state=args.seed)
        pos_label = None
        model, _ = _build_model(args.model, None, False, args.seed)
        source = (
            f"built-in fraud-like data (make_imbalanced, {X.shape[0]} rows, "
            f"{X.shape[1]} features, seed {args.seed})"
        )
    dist = class_distribution(y)
    print(f"Class distribution of {source}\n")
    print(dist)
    print(f"\nModel: {model!r}")
    for note in notes:
        print(f"Note: {note}")
    if encoded:
        print(
            "One-hot encoded inside the pipeline (fitted on training folds only): "
            + ", ".join(f"{c!r} ({X[c].nunique()} values)" for c in encoded)
        )
    print()
    result = compare(
        X,
        y,
        model=model,
        techniques=args.techniques,
        cv=args.cv,
        n_repeats=args.repeats,
        objective=args.objective,
        cost_fp=args.cost_fp,
        cost_fn=args.cost_fn,
        pos_label=pos_label,
        random_state=args.seed,
        n_jobs=args.n_jobs,
        progress=not args.quiet,
    )
    print(result)
    if args.json:
        import json

        payload = {"source": source, "model": repr(model), "encoded": encoded, **result.to_dict()}
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(payload, handle, indent=2, default=str)
        print(f"\nResults written to {args.json}")
    if args.plot:
        result.plot(args.plot)
        print(f"Plot written to {args.plot}")
    if args.save_model:
        import pickle

        winner = result.best_estimator(X, y)
        with open(args.save_model, "wb") as handle:
            pickle.dump(winner, handle)
        print(f"The winner ({result.best}) fitted on all {len(y)} rows saved to {args.save_model}")
    return 0


# --- the parser -------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m minibalance",
        description=(
            "Imbalanced classification toolkit. 'compare' is the main job: which of class "
            "weights, SMOTE and threshold tuning helps your rare class, cross-validated."
        ),
    )
    parser.add_argument("--version", action="version", version=f"minibalance {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="{report,compare}")

    report = sub.add_parser(
        "report",
        help="class distribution and balanced class weights of a target",
        description=(
            "Print the class distribution of a target (counts, shares, imbalance ratio, "
            "a text bar chart) and the balanced class weights that even it out."
        ),
    )
    report.add_argument("--csv", help="CSV file with a header row (default: demo data)")
    report.add_argument("--target", help="name of the label column (default: the last)")
    report.add_argument("--plot", metavar="PNG", help="also draw the bar chart to this file")
    report.add_argument(
        "--n-samples", type=_positive_int(3), default=10_000, help="demo data size (default 10000)"
    )
    report.add_argument("--seed", type=int, default=0, help="demo data seed")
    report.set_defaults(func=_report)

    comp = sub.add_parser(
        "compare",
        help="cross-validate baseline, class weights, SMOTE and threshold tuning (main job)",
        description=(
            "Compare the baseline model, balanced class weights, SMOTE and a tuned decision "
            "threshold on the same stratified folds, leak-free (resampling and threshold "
            "tuning see training folds only), and say whether the winner beats the baseline "
            "(corrected resampled t-test). With no --csv: 99,000 legitimate vs 1,000 "
            "fraudulent synthetic transactions."
        ),
    )
    comp.add_argument("--csv", help="CSV file (',' or ';', UTF-8; default: built-in data)")
    comp.add_argument("--target", help="name of the label column (default: the last)")
    comp.add_argument("--pos-label", help="the positive (rare) class (default: the minority)")
    comp.add_argument(
        "--drop", nargs="+", default=[], metavar="COL", help="columns to leave out (ids, leaks)"
    )
    comp.add_argument(
        "--dropna", action="store_true", help="drop rows with a missing target or feature value"
    )
    comp.add_argument(
        "--impute",
        action="store_true",
        help="impute missing features inside the pipeline (median / most frequent)",
    )
    comp.add_argument(
        "--model",
        choices=MODELS,
        default="logreg",
        help="logreg (standardised logistic regression, default), forest, hgb",
    )
    comp.add_argument("--cv", type=_positive_int(2), default=5, help="folds (default 5)")
    comp.add_argument(
        "--repeats",
        type=_positive_int(1),
        default=1,
        help="repeats of the stratified K-fold (default 1)",
    )
    comp.add_argument(
        "--objective",
        default="f1",
        help="f1 (default), f2, f0.5, precision, recall, balanced_accuracy, mcc, "
        "gmean, youden or cost",
    )
    comp.add_argument("--cost-fp", type=_number, help="cost of a false positive (objective cost)")
    comp.add_argument("--cost-fn", type=_number, help="cost of a false negative (objective cost)")
    comp.add_argument(
        "--techniques",
        nargs="+",
        metavar="T",
        default=["baseline", "class_weight", "smote", "threshold"],
        help="baseline, class_weight, smote, threshold, or combinations such as "
        "smote+threshold class_weight+threshold",
    )
    comp.add_argument("--plot", metavar="PNG", help="PR curves and metrics to this file")
    comp.add_argument("--json", metavar="FILE", help="write every number to this JSON file")
    comp.add_argument(
        "--save-model", metavar="PKL", help="fit the winner on all rows and pickle it to this file"
    )
    comp.add_argument("--n-jobs", type=int, default=None, help="folds in parallel (-1: all cores)")
    comp.add_argument(
        "--n-samples",
        type=_positive_int(1),
        default=100_000,
        help="size of the built-in data (default 100000)",
    )
    comp.add_argument("--seed", type=int, default=0, help="seed of the folds, SMOTE and data")
    comp.add_argument("--quiet", action="store_true", help="no progress on stderr")
    comp.set_defaults(func=_compare)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line interface and return its exit code."""
    args = _parser().parse_args(argv)
    warnings.formatwarning = lambda message, category, *a, **k: (
        f"warning: {category.__name__}: {str(message).splitlines()[0]}\n"
    )
    try:
        return args.func(args)
    except (UserError, ValueError, TypeError, OSError) as exc:
        message = " ".join(str(exc).split())
        print(f"error: {message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # pragma: no cover
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
